// etalase serve: reloads the page after each good build and shows the problems of a
// failed one over the page. Injected only by the preview server, never published.
(function () {
  if (navigator.serviceWorker) {
    // A service worker from the published site must not serve stale preview pages.
    navigator.serviceWorker.getRegistrations().then(function (rs) {
      rs.forEach(function (r) { r.unregister(); });
    });
  }
  var box = null;
  function show(problems) {
    if (box) { box.remove(); box = null; }
    if (!problems.length) return;
    box = document.createElement('div');
    box.id = 'etalase-overlay';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,10,5,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:1.2em;white-space:pre-wrap';
    var h = document.createElement('p');
    h.style.cssText = 'font:bold 18px system-ui,sans-serif;margin:0 0 .8em';
    h.textContent = window.__etalaseTitle;
    box.appendChild(h);
    var pre = document.createElement('div');
    pre.textContent = problems.join('\n');
    box.appendChild(pre);
    document.body.appendChild(box);
  }
  show(window.__etalaseProblems || []);
  var es = new EventSource(window.__etalaseEvents);
  es.addEventListener('reload', function () { location.reload(); });
  es.addEventListener('problems', function (e) { show(JSON.parse(e.data)); });
})();
