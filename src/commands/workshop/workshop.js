// The workshop's one script (issue 16, point 4): a form with photos chosen is sent
// with XMLHttpRequest, so a slow Wi-Fi shows how far the upload is ("Mengunggah 2
// foto… 45%") in a <progress> inside the form; the answer then replaces the page, as
// the form's own post would have. Without this script every form still posts as it is.
// ES2017, no library; words in the page's language (`<html lang>`: id or en).
(function () {
  "use strict";
  var en = (document.documentElement.lang || "id").slice(0, 2) === "en";
  var words = en
    ? {
        sending: function (n, pct) {
          return "Uploading " + n + (n === 1 ? " photo… " : " photos… ") + pct + "%";
        },
        saving: "Saving…",
        failed: "The upload failed: check the Wi-Fi and press the button again.",
      }
    : {
        sending: function (n, pct) {
          return "Mengunggah " + n + " foto… " + pct + "%";
        },
        saving: "Menyimpan…",
        failed: "Gagal mengunggah: periksa Wi-Fi lalu tekan tombolnya lagi.",
      };

  function photosChosen(form) {
    var n = 0;
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      n += input.files ? input.files.length : 0;
    });
    return n;
  }

  // The form's <progress> and status line, made the first time.
  function indicator(form) {
    var bar = form.querySelector("progress");
    if (!bar) {
      bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      form.appendChild(bar);
    }
    var status = form.querySelector(".upload-status");
    if (!status) {
      status = document.createElement("p");
      status.className = "upload-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      form.appendChild(status);
    }
    return { bar: bar, status: status };
  }

  function buttons(form, disabled) {
    form.querySelectorAll('button, input[type="submit"]').forEach(function (b) {
      b.disabled = disabled;
    });
  }

  // The answer shown as the page: the address it came from when the post was
  // redirected (read again, as a browser would after a redirect), else its HTML.
  function show(xhr, action) {
    if (xhr.responseURL && xhr.responseURL !== action) {
      window.location.assign(xhr.responseURL);
      return;
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute("enctype") || "").toLowerCase() !== "multipart/form-data") return;
    var count = photosChosen(form);
    if (count === 0 || typeof FormData === "undefined") return;
    event.preventDefault();
    var data = new FormData(form);
    // The button pressed, as the browser's own post would send it.
    var pressed = event.submitter;
    if (pressed && pressed.name) data.append(pressed.name, pressed.value);
    var action = form.action || window.location.href;
    var ui = indicator(form);
    var xhr = new XMLHttpRequest();
    xhr.open((form.method || "post").toUpperCase(), action);
    var token = form.querySelector('input[name="csrf"]');
    if (token) xhr.setRequestHeader("X-CSRF-Token", token.value);
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.floor((e.loaded * 100) / e.total);
      ui.bar.value = pct;
      ui.status.textContent = pct < 100 ? words.sending(count, pct) : words.saving;
    });
    xhr.addEventListener("load", function () {
      show(xhr, action);
    });
    xhr.addEventListener("error", function () {
      buttons(form, false);
      ui.status.textContent = words.failed;
    });
    buttons(form, true);
    ui.bar.value = 0;
    ui.status.textContent = words.sending(count, 0);
    xhr.send(data);
  });
})();
