/* etalase: offline, search, the WhatsApp cart and sharing. Every page works without
   this script, and opened from disk (file://) it does what it can there; it only
   adds. It sends nothing anywhere: the cart stays in this browser until the buyer
   sends it on WhatsApp. Written for the browsers of cheap Android phones (ES2017). */
(function () {
  'use strict';
  var me = document.currentScript;
  var root = (me && me.getAttribute('data-root')) || '';
  var kind = (/\bk-(\S+)/.exec(document.body.className) || [])[1] || '';
  var fromDisk = location.protocol === 'file:';

  function $(sel, el) { return (el || document).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }
  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function rupiah(n) { return 'Rp' + String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); }
  function quantity(v) { var n = parseInt(v, 10); return n > 0 ? Math.min(n, 99) : 1; }

  /* From disk, a folder link shows a file listing: point links at the folder's
     index.html instead (the links the script writes go through here too). */
  function link(href) {
    if (!fromDisk || !href || /^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) return href;
    var m = /^([^?#]*)(.*)$/.exec(href);
    return m[1] + (/\/$/.test(m[1]) ? 'index.html' : '') + m[2];
  }
  if (fromDisk) {
    $$('a[href]').forEach(function (a) { a.setAttribute('href', link(a.getAttribute('href'))); });
    $$('form[action]').forEach(function (f) { f.setAttribute('action', link(f.getAttribute('action'))); });
  }

  /* ---- Offline: the manifest and the service worker (not from disk, where browsers
     allow neither). ---- */
  var manifest = me && me.getAttribute('data-manifest');
  if (manifest && !fromDisk) {
    var l = document.createElement('link');
    l.rel = 'manifest';
    l.href = manifest;
    document.head.appendChild(l);
  }
  var sw = navigator.serviceWorker;
  var conn = navigator.connection;
  if (sw && !fromDisk && kind !== '404' && window.isSecureContext) {
    // After the page and its photos: on a slow line the worker's downloads wait.
    if (document.readyState === 'complete') register(); else window.addEventListener('load', register);
  }
  function register() {
    // A new deploy's worker takes over while the page is open: it warms up anew.
    sw.addEventListener('controllerchange', function () {
      if (sw.controller && !(conn && conn.saveData)) sw.controller.postMessage({ type: 'warm' });
    });
    sw.register(root + 'sw.js', { scope: root || './', updateViaCache: 'none' })
      .then(function () { return sw.ready; })
      .then(function (reg) {
        var worker = reg.active;
        if (!worker) return;
        // Fetch every product page in the background, unless the buyer saves data.
        if (!(conn && conn.saveData)) worker.postMessage({ type: 'warm' });
        var ch = new MessageChannel();
        ch.port1.onmessage = function (e) {
          var s = e.data || {};
          var saved = $('.saved');
          if (saved && s.shell === s.shellTotal && s.warm === s.warmTotal) saved.hidden = false;
        };
        worker.postMessage({ type: 'status' }, [ch.port2]);
      })
      .catch(function () { /* no worker: the site works online as a plain site */ });
  }
  var retry = $('.retry');
  if (retry) {
    retry.hidden = false;
    retry.addEventListener('click', function () { location.reload(); });
  }

  /* ---- The cart, kept in this browser. Several catalogs on one host keep apart. ---- */
  var store = null;
  try {
    store = window.localStorage;
    store.setItem('etalase-probe', '1');
    store.removeItem('etalase-probe');
  } catch (e) { store = null; }
  var cartKey = 'etalase-cart:' + new URL(root || './', location.href).pathname;

  function loadCart() {
    try {
      var c = JSON.parse(store.getItem(cartKey));
      if (c && Array.isArray(c.items)) { c.buyer = c.buyer || {}; return c; }
    } catch (e) { /* a broken or missing cart is an empty one */ }
    return { items: [], buyer: {} };
  }
  function saveCart(c) {
    try { store.setItem(cartKey, JSON.stringify(c)); } catch (e) { /* storage full: the cart lives on in the page */ }
    showCount(c);
  }
  function showCount(c) {
    var n = 0;
    c.items.forEach(function (i) { n += i.qty; });
    $$('.cartlink').forEach(function (a) {
      a.hidden = false;
      $('.cart-n', a).textContent = n;
    });
  }
  if (store) {
    showCount(loadCart());
    window.addEventListener('storage', function (e) { if (e.key === cartKey) showCount(loadCart()); });
  }

  /* − and + beside a quantity field. */
  function steppers(box) {
    box.addEventListener('click', function (e) {
      var b = e.target.closest('.step');
      if (!b) return;
      var input = $('input', b.parentNode);
      input.value = Math.max(1, quantity(input.value) + Number(b.getAttribute('data-step')));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  var add = $('form.cart-add');
  if (add && store) {
    var item = JSON.parse(add.getAttribute('data-item'));
    var msg = $('.cart-msg', add);
    add.hidden = false;
    steppers(add);
    add.addEventListener('submit', function (e) {
      e.preventDefault();
      var variant = add.elements.variant ? item.variants[Number(add.elements.variant.value)] : null;
      var qty = quantity(add.elements.qty.value);
      var line = {
        id: item.id + (variant ? '#' + variant[0] : ''),
        href: item.id,
        name: item.name,
        variant: variant ? variant[0] : '',
        price: variant ? variant[1] : item.price,
        qty: qty,
        seller: item.seller,
        sellerName: item.sellerName
      };
      var c = loadCart();
      var same = c.items.filter(function (i) { return i.id === line.id; })[0];
      if (same) {
        same.qty = Math.min(99, same.qty + qty);
        same.price = line.price;
      } else {
        c.items.push(line);
      }
      saveCart(c);
      msg.innerHTML = esc(add.getAttribute('data-added')) + ' <a href="' + esc(link(root + 'keranjang/')) + '">' +
        esc(add.getAttribute('data-view')) + '</a>';
    });
  }

  var cartBox = $('.cart[data-t-hello]');
  if (cartBox && store) cartPage(cartBox);
  else if (cartBox) {
    // No storage (a private window that allows none): say what the page says without
    // the script. A <noscript>'s content is text while scripts run.
    var ns = $('noscript', cartBox);
    if (ns) cartBox.insertAdjacentHTML('afterbegin', ns.textContent);
  }

  function cartPage(box) {
    var t = box.dataset;
    var groupsEl = $('.cart-groups', box);
    var form = $('form.buyer', box);
    var send = $('.send', box);
    var need = $('.need', box);
    var cart = loadCart();
    ['name', 'address', 'note'].forEach(function (k) { form.elements[k].value = cart.buyer[k] || ''; });

    function groups() {
      var list = [];
      var by = {};
      cart.items.forEach(function (it, i) {
        var g = by[it.seller];
        if (!g) {
          g = by[it.seller] = { seller: it.seller, names: [], items: [], total: 0, ask: false };
          list.push(g);
        }
        if (g.names.indexOf(it.sellerName) < 0) g.names.push(it.sellerName);
        g.items.push({ it: it, index: i });
        if (it.price == null) g.ask = true; else g.total += it.price * it.qty;
      });
      return list;
    }
    function amount(total, ask) {
      return ask ? (total ? rupiah(total) + ' + ' : '') + t.tAsk : rupiah(total);
    }

    /* One order message for one seller, under 1,000 characters: when the full form is
       longer, one line per item; when still longer, the items that fit and a count. */
    function message(g) {
      var b = cart.buyer;
      var head = [fill(t.tHello, { seller: g.names.join(', '), catalog: t.catalog }), ''];
      var tail = ['', t.tTotal + ': ' + amount(g.total, g.ask), ''];
      tail.push(t.tName + ': ' + (b.name || '').trim());
      if ((b.address || '').trim()) tail.push(t.tAddress + ': ' + b.address.trim());
      if ((b.note || '').trim()) tail.push(t.tNote + ': ' + b.note.trim());
      function each(x, i, compact) {
        var it = x.it;
        var name = compact && it.name.length > 40 ? it.name.slice(0, 39) + '…' : it.name;
        var what = name + (it.variant ? ' (' + it.variant + ')' : '');
        var cost = it.price == null ? t.tAsk : (compact ? '' : rupiah(it.price) + ' = ') + rupiah(it.price * it.qty);
        return compact
          ? (i + 1) + '. ' + it.qty + '× ' + what + ' — ' + cost
          : (i + 1) + '. ' + what + '\n   ' + it.qty + ' × ' + cost;
      }
      var text = head.concat(g.items.map(function (x, i) { return each(x, i, false); }), tail).join('\n');
      if (text.length <= 1000) return text;
      var lines = g.items.map(function (x, i) { return each(x, i, true); });
      var rest = 0;
      for (;;) {
        var body = rest ? lines.slice(0, lines.length - rest).concat(fill(t.tRest, { n: rest })) : lines;
        text = head.concat(body, tail).join('\n');
        if (text.length <= 1000 || rest >= lines.length - 1) return text.slice(0, 1000);
        rest++;
      }
    }

    function render() {
      var gs = groups();
      var empty = !cart.items.length;
      $('.cart-empty', box).hidden = !empty;
      form.hidden = send.hidden = empty;
      var grand = 0;
      var ask = false;
      groupsEl.innerHTML = gs.map(function (g) {
        grand += g.total;
        ask = ask || g.ask;
        return '<section class="seller"><h2>' + esc(g.names.join(', ')) + '</h2><ul class="items">' +
          g.items.map(function (x) {
            var it = x.it;
            return '<li class="item" data-i="' + x.index + '"><a class="item-name" href="' + esc(link(root + it.href)) + '">' +
              esc(it.name) + (it.variant ? ' <small>' + esc(it.variant) + '</small>' : '') + '</a>' +
              '<span class="each">' + (it.price == null ? esc(t.tAsk) : rupiah(it.price)) + '</span>' +
              '<span class="qty"><button type="button" class="step" data-step="-1" aria-label="' + esc(t.tLess) + '">−</button>' +
              '<input type="number" inputmode="numeric" min="1" max="99" value="' + it.qty + '" aria-label="' +
              esc(t.tQty + ' ' + it.name) + '"><button type="button" class="step" data-step="1" aria-label="' +
              esc(t.tMore) + '">+</button></span>' +
              '<strong class="line">' + (it.price == null ? '' : rupiah(it.price * it.qty)) + '</strong>' +
              '<button type="button" class="rm">' + esc(t.tRemove) + '<span class="sr-only"> ' + esc(it.name) + '</span></button></li>';
          }).join('') +
          '</ul><p class="sub">' + esc(t.tSubtotal) + ': <strong>' + esc(amount(g.total, g.ask)) + '</strong></p></section>';
      }).join('');
      var total = $('.cart-total', box);
      total.hidden = gs.length < 2;
      total.innerHTML = esc(t.tTotal) + ': <strong>' + esc(amount(grand, ask)) + '</strong>';
      links(gs);
    }
    function links(gs) {
      $('.send-list', send).innerHTML = (gs || groups()).map(function (g) {
        return '<a class="btn wa" href="https://wa.me/' + esc(g.seller) + '?text=' + esc(encodeURIComponent(message(g))) +
          '" target="_blank" rel="noopener noreferrer" data-seller="' + esc(g.seller) + '"><span>' + esc(t.tSend) +
          '<small>' + esc(g.names.join(', ')) + ' · ' + esc(amount(g.total, g.ask)) + '</small></span><span class="sr-only"> ' +
          esc(t.tNewWindow) + '</span></a>';
      }).join('');
    }

    steppers(groupsEl);
    groupsEl.addEventListener('input', function (e) {
      var li = e.target.closest('.item');
      if (!li || e.target.tagName !== 'INPUT') return;
      cart.items[Number(li.getAttribute('data-i'))].qty = quantity(e.target.value);
      saveCart(cart);
      // Redraw only once the field is left or changed by a button, keeping focus.
      if (document.activeElement !== e.target) render(); else links();
    });
    groupsEl.addEventListener('change', render);
    groupsEl.addEventListener('click', function (e) {
      var rm = e.target.closest('.rm');
      if (!rm) return;
      cart.items.splice(Number(rm.closest('.item').getAttribute('data-i')), 1);
      saveCart(cart);
      render();
    });
    form.addEventListener('input', function () {
      ['name', 'address', 'note'].forEach(function (k) { cart.buyer[k] = form.elements[k].value; });
      saveCart(cart);
      need.hidden = true;
      links();
    });
    send.addEventListener('click', function (e) {
      if (e.target.closest('.cart-clear')) {
        cart.items = [];
        saveCart(cart);
        render();
        return;
      }
      if (e.target.closest('a.wa') && !(cart.buyer.name || '').trim()) {
        e.preventDefault();
        need.hidden = false;
        form.elements.name.focus();
      }
    });
    window.addEventListener('storage', function (e) {
      if (e.key === cartKey) { cart = loadCart(); render(); }
    });
    render();
  }

  /* ---- Sharing: the phone's share sheet, else copy the link. ---- */
  var share = $('.share');
  if (share && !fromDisk && (navigator.share || navigator.clipboard)) {
    share.hidden = false;
    share.addEventListener('click', function () {
      var url = location.href.split('#')[0];
      if (navigator.share) {
        navigator.share({ title: document.title, url: url }).catch(function () { /* closed by the buyer */ });
      } else {
        navigator.clipboard.writeText(url).then(function () {
          share.classList.add('copied');
          $('.sr-only', share).textContent = share.getAttribute('data-copied');
        }, function () { /* no permission: nothing to do */ });
      }
    });
  }

  /* ---- Search: the index is loaded here only, as a script (which works from disk). ---- */
  var finder = $('form.finder');
  if (finder) searchPage(finder);

  function searchPage(form) {
    var t = form.dataset;
    var found = $('.found');
    var results = $('.results');
    var more = $('.more');
    var fields = ['q', 'c', 'v', 'a', 'p'];
    var params = new URLSearchParams(location.search);
    fields.forEach(function (k) { if (form.elements[k] && params.get(k)) form.elements[k].value = params.get(k); });
    var index = null;
    var shown = [];
    var page = 0;
    var AV = ['tersedia', 'pre-order', 'habis'];

    var s = document.createElement('script');
    s.src = form.getAttribute('data-index');
    s.onload = function () {
      index = window.etalaseSearch;
      run();
    };
    s.onerror = function () { found.textContent = t.tFailed; };
    document.head.appendChild(s);

    var timer = 0;
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener('change', run);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      run();
      form.elements.q.blur();
    });
    more.addEventListener('click', function () { page++; draw(); });

    function run() {
      if (!index) return;
      var f = {};
      fields.forEach(function (k) { f[k] = form.elements[k] ? form.elements[k].value : ''; });
      try {
        var q = new URLSearchParams();
        fields.forEach(function (k) { if (f[k]) q.set(k, f[k]); });
        history.replaceState(null, '', q.toString() ? '?' + q : location.pathname);
      } catch (e) { /* file:// may refuse: the results are shown all the same */ }
      shown = search(f);
      page = 0;
      found.textContent = shown.length ? fill(t.tFound, { n: shown.length }) : t.tNone;
      draw();
    }
    function draw() {
      var per = 24;
      var html = shown.slice(0, (page + 1) * per).map(card).join('');
      results.innerHTML = html;
      more.hidden = shown.length <= (page + 1) * per;
    }
    function card(p) {
      var v = index.v[p[2]] || ['', ''];
      var href = root + v[0] + '/' + p[1] + '/';
      var photo = p[7]
        ? '<picture><source type="image/webp" srcset="' + esc(href + p[7]) + '.webp"><img src="' + esc(href + p[7]) +
          '.jpg" width="320" height="320" alt="' + esc(p[0]) + '" loading="lazy" decoding="async"></picture>'
        : '<span class="ph" role="img" aria-label="' + esc(t.tNophoto) + '"></span>';
      var price = p[4]
        ? '<span class="price">' + (p[5] ? '<small>' + esc(t.tFrom) + '</small> ' : '') + rupiah(p[4]) + '</span>' +
          (p[8] ? ' <span class="unit">/ ' + esc(p[8]) + '</span>' : '')
        : '<span class="price ask">' + esc(t.tAsk) + '</span>';
      return '<li class="card" data-av="' + AV[p[6]] + '"><a href="' + esc(link(href)) + '">' + photo +
        '<div class="card-body"><h2 class="card-name">' + esc(p[0]) + '</h2><span class="card-price">' + price +
        '</span><span class="card-meta"><span class="badge ' + AV[p[6]] + '">' + esc(t['tAv' + p[6]]) + '</span> ' +
        '<span class="card-village">' + esc(v[1]) + '</span></span></div></a></li>';
    }
  }

  /* Words as a buyer may type them: case, accents and old spellings folded
     ("Djamoe Paré" is "jamu pare"), doubled letters made single. */
  function words(text) {
    var s = String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/oe/g, 'u').replace(/dj/g, 'j').replace(/tj/g, 'c').replace(/([a-z])\1+/g, '$1');
    return s.split(/[^a-z0-9]+/).filter(Boolean);
  }

  /* word → { product number: weight }: the name counts most, then the category. */
  function prepare(index) {
    var vocab = {};
    function add(text, p, weight) {
      words(text).forEach(function (w) {
        var m = vocab[w] || (vocab[w] = {});
        if (!(m[p] >= weight)) m[p] = weight;
      });
    }
    index.p.forEach(function (row, p) {
      add(row[0], p, 3);
      add((index.c[row[3]] || [])[1], p, 2);
      add((index.v[row[2]] || [])[1], p, 1);
      add(row[8], p, 1);
      add(row[9], p, 1);
    });
    return { map: vocab, list: Object.keys(vocab) };
  }

  /* Whether a and b are at most `max` edits apart (insert, delete, change, swap). */
  function near(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return false;
    var prev2 = [];
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < low) low = v;
      }
      if (low > max) return false;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length] <= max;
  }

  /* How well a typed word q matches a word w of the index: whole, its beginning
     ("kerip" for "keripik"), or with a slip of one letter in four, two in seven
     ("kripik" for "keripik"), whole or at the beginning. A beginning with a slip must
     end on the letter typed last ("krip" is "kerip…", but "kerip" is not "kerin…"
     of "kering": the buyer may be typing on). */
  function match(q, w) {
    if (w === q) return 4;
    if (w.lastIndexOf(q, 0) === 0) return 3;
    var max = q.length >= 7 ? 2 : q.length >= 4 ? 1 : 0;
    if (!max) return 0;
    if (near(q, w, max)) return 2;
    var last = q.charAt(q.length - 1);
    for (var n = Math.max(3, q.length - max); n <= q.length + max && n < w.length; n++) {
      if (w.charAt(n - 1) === last && near(q, w.slice(0, n), max)) return 1;
    }
    return 0;
  }

  function search(f) {
    var index = window.etalaseSearch;
    var vocab = search.vocab || (search.vocab = prepare(index));
    var cat = -1;
    index.c.forEach(function (c, i) { if (c[0] === f.c) cat = i; });
    var vil = -1;
    index.v.forEach(function (v, i) { if (v[0] === f.v) vil = i; });
    var band = f.p ? f.p.split('-') : null;
    var lo = band ? Number(band[0]) || 0 : 0;
    var hi = band && band[1] ? Number(band[1]) : Infinity;
    var ok = index.p.map(function (row) {
      return (!f.c || row[3] === cat) && (!f.v || row[2] === vil) && (f.a === '' || f.a == null || row[6] === Number(f.a)) &&
        (!band || (row[4] > 0 && row[4] >= lo && row[4] < hi));
    });
    var qs = words(f.q);
    var score = null;
    qs.forEach(function (q) {
      var best = {};
      vocab.list.forEach(function (w) {
        var m = match(q, w);
        if (!m) return;
        var ps = vocab.map[w];
        for (var p in ps) if (!(best[p] >= m * ps[p])) best[p] = m * ps[p];
      });
      if (!score) {
        score = best;
      } else {
        var both = {};
        for (var p in score) if (p in best) both[p] = score[p] + best[p];
        score = both;
      }
    });
    var hits = [];
    index.p.forEach(function (row, p) {
      if (ok[p] && (!score || p in score)) hits.push({ row: row, s: score ? score[p] : 0, p: p });
    });
    hits.sort(function (a, b) { return b.s - a.s || a.p - b.p; });
    return hits.map(function (h) { return h.row; });
  }
})();
