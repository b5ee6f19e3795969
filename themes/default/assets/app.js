/* etalase: offline, search, the WhatsApp cart and sharing. Every page works without
   this script, and opened from disk (file://) it does what it can there; it only
   adds. It sends nothing anywhere: the cart stays in this browser until the buyer
   sends it on WhatsApp. Written for the browsers of cheap Android phones: ES2017, in
   one classic script (from file:// a module script is refused), nothing from another
   host.

   In order: shared helpers, pages opened from disk, offline (manifest, service
   worker), the cart's storage, the product page (adding to the cart, sharing), the
   cart page, the search page; start() at the end runs what the page has. */
(() => {
  'use strict';

  /* ---- Shared helpers ---- */

  const me = document.currentScript;
  const root = (me && me.getAttribute('data-root')) || '';
  const fromDisk = location.protocol === 'file:';

  const $ = (sel, el) => (el || document).querySelector(sel);
  const $$ = (sel, el) => Array.from((el || document).querySelectorAll(sel));
  /* A theme's words with `{name}` filled in. */
  const fill = (text, values) => String(text).replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const rupiah = (n) => 'Rp' + String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  /* A text's characters as a reader counts them: grapheme clusters (an emoji with its
     skin tone, a flag, a letter and its accent stay whole), else code points where
     Intl.Segmenter is missing; never half of a UTF-16 pair. */
  const segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  const chars = (s) => (segmenter ? Array.from(segmenter.segment(s), (x) => x.segment) : Array.from(s));
  /* At most `max` UTF-16 units of s, cut between two characters. */
  function cut(s, max) {
    if (s.length <= max) return s;
    let out = '';
    for (const c of chars(s)) {
      if (out.length + c.length > max) break;
      out += c;
    }
    return out;
  }
  /* encodeURIComponent throws on half of a UTF-16 pair ("URI malformed"): one left
     alone anywhere becomes U+FFFD, so a link is always made. */
  const uri = (s) => encodeURIComponent(String(s).replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (c) => (c.length > 1 ? c : '\uFFFD')));
  const quantity = (v) => {
    const n = parseInt(v, 10);
    return n > 0 ? Math.min(n, 99) : 1;
  };

  /* From disk, a folder link shows a file listing: point links at the folder's
     index.html instead (the links the script writes go through here too). */
  function link(href) {
    if (!fromDisk || !href || /^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) return href;
    const m = /^([^?#]*)(.*)$/.exec(href);
    return m[1] + (/\/$/.test(m[1]) ? 'index.html' : '') + m[2];
  }

  /* − and + beside a quantity field. */
  function steppers(box) {
    box.addEventListener('click', (e) => {
      const b = e.target.closest('.step');
      if (!b) return;
      const input = $('input', b.parentNode);
      input.value = Math.max(1, quantity(input.value) + Number(b.getAttribute('data-step')));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  /* ---- Pages opened from disk ---- */

  function diskLinks() {
    $$('a[href]').forEach((a) => a.setAttribute('href', link(a.getAttribute('href'))));
    $$('form[action]').forEach((f) => f.setAttribute('action', link(f.getAttribute('action'))));
  }

  /* ---- Offline: the manifest and the service worker (not from disk, where browsers
     allow neither), and the offline page's retry button. ---- */

  function offline() {
    const manifest = me && me.getAttribute('data-manifest');
    if (manifest && !fromDisk) {
      const l = document.createElement('link');
      l.rel = 'manifest';
      l.href = manifest;
      document.head.appendChild(l);
    }
    const sw = navigator.serviceWorker;
    const kind = (/\bk-(\S+)/.exec(document.body.className) || [])[1] || '';
    if (sw && !fromDisk && kind !== '404' && window.isSecureContext) {
      // After the page and its photos: on a slow line the worker's downloads wait.
      const register = () => registerWorker(sw);
      if (document.readyState === 'complete') register(); else window.addEventListener('load', register);
    }
    const retry = $('.retry');
    if (retry) {
      retry.hidden = false;
      retry.addEventListener('click', () => location.reload());
    }
  }

  /* An address of this site as the worker lists it: no query, no fragment, a folder's
     index.html as the folder. */
  const pageUrl = (href) => {
    const u = new URL(href, location.href);
    return u.origin === location.origin ? (u.origin + u.pathname).replace(/\/index\.html$/, '/') : null;
  };
  /* The warm-up's wish list: this page, then the pages its content links to, in order
     (a village page: its products; a product page: its village and category). */
  const warmMessage = (everything) => ({
    type: 'warm',
    here: pageUrl(location.href),
    links: Array.from(new Set($$('main a[href]').map((a) => pageUrl(a.href)).filter(Boolean))),
    everything,
  });
  const megabytes = (n) => (n / 1e6).toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: n < 1e7 ? 1 : 0 }) + ' MB';

  function askWorker(worker) {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => resolve(e.data || {});
      worker.postMessage({ type: 'status' }, [ch.port2]);
    });
  }

  /* The footer says what is kept: the whole catalog, or the pages opened with a button
     to keep the whole catalog (its size said), then how far that has come. */
  async function showKept(worker) {
    const saved = $('.saved');
    const keep = $('.keep');
    if (!saved || !keep) return;
    const button = $('button', keep);
    let s = await askWorker(worker);
    const whole = () => s.shell === s.shellTotal && s.warm === s.warmTotal;
    if (whole()) {
      saved.hidden = false;
      return;
    }
    if (s.whole) return; // a small catalog, still being kept whole
    button.textContent = fill(keep.getAttribute('data-t-all'), { size: megabytes(s.allBytes) });
    keep.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      worker.postMessage(warmMessage(true));
      while (!whole()) {
        await new Promise((r) => setTimeout(r, 1000));
        s = await askWorker(worker);
        button.textContent = fill(keep.getAttribute('data-t-saving'), { done: s.warm, total: s.warmTotal });
        if (!s.warming && !whole()) break; // offline, or the host failed: the button again
      }
      if (whole()) {
        keep.hidden = true;
        saved.hidden = false;
      } else {
        button.disabled = false;
      }
    });
  }

  async function registerWorker(sw) {
    const conn = navigator.connection;
    const saveData = () => !!(conn && conn.saveData);
    // A new deploy's worker takes over while the page is open: it warms up anew.
    sw.addEventListener('controllerchange', () => {
      if (sw.controller && !saveData()) sw.controller.postMessage(warmMessage(false));
    });
    try {
      await sw.register(root + 'sw.js', { scope: root || './', updateViaCache: 'none' });
      const worker = (await sw.ready).active;
      if (!worker) return;
      // Keep what this page leads to, in the background, unless the buyer saves data.
      if (!saveData()) worker.postMessage(warmMessage(false));
      await showKept(worker);
    } catch (e) {
      /* no worker: the site works online as a plain site */
    }
  }

  /* ---- The cart's storage: this browser's, under the site's path (several catalogs
     on one host keep apart); null where storage is refused. ---- */

  function cartStore() {
    let store;
    try {
      store = window.localStorage;
      store.setItem('etalase-probe', '1');
      store.removeItem('etalase-probe');
    } catch (e) {
      return null;
    }
    const key = 'etalase-cart:' + new URL(root || './', location.href).pathname;
    const showCount = (c) => {
      const n = c.items.reduce((sum, i) => sum + i.qty, 0);
      $$('.cartlink').forEach((a) => {
        a.hidden = false;
        $('.cart-n', a).textContent = n;
      });
    };
    const cart = {
      key,
      load() {
        try {
          const c = JSON.parse(store.getItem(key));
          if (c && Array.isArray(c.items)) {
            c.buyer = c.buyer || {};
            return c;
          }
        } catch (e) { /* a broken or missing cart is an empty one */ }
        return { items: [], buyer: {} };
      },
      save(c) {
        try {
          store.setItem(key, JSON.stringify(c));
        } catch (e) { /* storage full: the cart lives on in the page */ }
        showCount(c);
      },
    };
    showCount(cart.load());
    window.addEventListener('storage', (e) => {
      if (e.key === key) showCount(cart.load());
    });
    return cart;
  }

  /* ---- The product page: adding to the cart, sharing. ---- */

  function addToCart(form, cart) {
    const item = JSON.parse(form.getAttribute('data-item'));
    form.hidden = false;
    steppers(form);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = form.elements.variant ? Number(form.elements.variant.value) : -1;
      const variant = v >= 0 ? item.variants[v] : null;
      const qty = quantity(form.elements.qty.value);
      const line = {
        // A variant is its position and its name: two variants named alike stay two
        // lines at their own prices, and a list reordered by a new deploy never adds
        // to a line of another variant.
        id: item.id + (variant ? '#' + v + ':' + variant[0] : ''),
        href: item.id,
        name: item.name,
        variant: variant ? variant[0] : '',
        price: variant ? variant[1] : item.price,
        qty,
        seller: item.seller,
        sellerName: item.sellerName,
      };
      const c = cart.load();
      const same = c.items.find((i) => i.id === line.id);
      if (same) {
        same.qty = Math.min(99, same.qty + qty);
        same.price = line.price;
      } else {
        c.items.push(line);
      }
      cart.save(c);
      // "Added." and a link to the cart.
      const msg = $('.cart-msg', form);
      msg.textContent = form.getAttribute('data-added') + ' ';
      const a = msg.appendChild(document.createElement('a'));
      a.setAttribute('href', link(root + 'keranjang/'));
      a.textContent = form.getAttribute('data-view');
    });
  }

  /* The phone's share sheet, else copy the link. */
  function share(button) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const url = location.href.split('#')[0];
      if (navigator.share) {
        navigator.share({ title: document.title, url }).catch(() => { /* closed by the buyer */ });
      } else {
        navigator.clipboard.writeText(url).then(() => {
          button.classList.add('copied');
          $('.sr-only', button).textContent = button.getAttribute('data-copied');
        }, () => { /* no permission: nothing to do */ });
      }
    });
  }

  /* ---- The cart page: one group per seller, one WhatsApp message each. The words
     of the message are the data-t-* attributes of .cart (`t`). ---- */

  /* The markup of a seller's group, an item and a WhatsApp button: the <template> of
     cart.html. A catalog's own cart.html written before it had one gets the same
     markup from here, with the words of its data-t-* attributes. */
  function cartParts(box) {
    const own = $('template.cart-parts', box);
    if (own) return own.content;
    const t = box.dataset;
    const made = document.createElement('template');
    made.innerHTML = '<section class="seller"><h2></h2><ul class="items"></ul><p class="sub"><strong></strong></p></section>' +
      '<li class="item"><a class="item-name" href=""><small></small></a><span class="each"></span><span class="qty">' +
      '<button type="button" class="step" data-step="-1" aria-label="">−</button>' +
      '<input type="number" inputmode="numeric" min="1" max="99" value="1" aria-label="">' +
      '<button type="button" class="step" data-step="1" aria-label="">+</button></span>' +
      '<strong class="line"></strong><button type="button" class="rm"><span class="sr-only"></span></button></li>' +
      '<a class="btn wa" href="" target="_blank" rel="noopener noreferrer" data-seller=""><span><small></small></span>' +
      '<span class="sr-only"></span></a>';
    const parts = made.content;
    $('.sub', parts).prepend(t.tSubtotal + ': ');
    $('.step[data-step="-1"]', parts).setAttribute('aria-label', t.tLess);
    $('.step[data-step="1"]', parts).setAttribute('aria-label', t.tMore);
    $('.qty input', parts).setAttribute('aria-label', t.tQty);
    $('.rm', parts).prepend(t.tRemove);
    $('.wa > span', parts).prepend(t.tSend);
    $('.wa > .sr-only', parts).textContent = ' ' + t.tNewWindow;
    return parts;
  }

  const copyOf = (parts, sel) => $(sel, parts).cloneNode(true);

  /* The cart's items by seller, in the order first added. */
  function sellerGroups(items) {
    const list = [];
    const by = {};
    items.forEach((it, index) => {
      let g = by[it.seller];
      if (!g) {
        g = by[it.seller] = { seller: it.seller, names: [], items: [], total: 0, ask: false };
        list.push(g);
      }
      if (g.names.indexOf(it.sellerName) < 0) g.names.push(it.sellerName);
      g.items.push({ it, index });
      if (it.price == null) g.ask = true; else g.total += it.price * it.qty;
    });
    return list;
  }

  /* A sum, and "price on request" when an item has no price. */
  const amount = (t, total, ask) => (ask ? (total ? rupiah(total) + ' + ' : '') + t.tAsk : rupiah(total));

  /* One order message for one seller, under 1,000 characters: when the full form is
     longer, one line per item; when still longer, the items that fit and a count. */
  function orderMessage(t, buyer, g) {
    const head = [fill(t.tHello, { seller: g.names.join(', '), catalog: t.catalog }), ''];
    const tail = ['', t.tTotal + ': ' + amount(t, g.total, g.ask), ''];
    // What the cart holds is whatever storage gave back: text made of it, never a
    // method of it (an edited cart must not stop the message).
    const field = (v) => (v == null ? '' : String(v)).trim();
    const address = field(buyer.address);
    const note = field(buyer.note);
    tail.push(t.tName + ': ' + field(buyer.name));
    if (address) tail.push(t.tAddress + ': ' + address);
    if (note) tail.push(t.tNote + ': ' + note);
    const each = ({ it }, i, compact) => {
      const full = it.name == null ? '' : String(it.name);
      const letters = compact && full.length > 40 ? chars(full) : [];
      const name = letters.length > 40 ? letters.slice(0, 39).join('') + '…' : full;
      const what = name + (it.variant ? ' (' + it.variant + ')' : '');
      const cost = it.price == null ? t.tAsk : (compact ? '' : rupiah(it.price) + ' = ') + rupiah(it.price * it.qty);
      return compact
        ? (i + 1) + '. ' + it.qty + '× ' + what + ' — ' + cost
        : (i + 1) + '. ' + what + '\n   ' + it.qty + ' × ' + cost;
    };
    let text = head.concat(g.items.map((x, i) => each(x, i, false)), tail).join('\n');
    if (text.length <= 1000) return text;
    const lines = g.items.map((x, i) => each(x, i, true));
    for (let rest = 0; ; rest++) {
      const body = rest ? lines.slice(0, lines.length - rest).concat(fill(t.tRest, { n: rest })) : lines;
      text = head.concat(body, tail).join('\n');
      if (text.length <= 1000 || rest >= lines.length - 1) return cut(text, 1000);
    }
  }

  /* A seller's group, from the template. */
  function sellerPart(parts, t, g) {
    const section = copyOf(parts, '.seller');
    $('h2', section).textContent = g.names.join(', ');
    const list = $('.items', section);
    list.textContent = ''; // a template may show an item inside: the items go there
    g.items.forEach((x) => list.appendChild(itemPart(parts, t, x)));
    $('.sub strong', section).textContent = amount(t, g.total, g.ask);
    return section;
  }

  /* An item: its link, quantity field and buttons. */
  function itemPart(parts, t, { it, index }) {
    const li = copyOf(parts, '.item');
    li.setAttribute('data-i', index);
    const name = $('.item-name', li);
    const variant = $('small', name);
    name.setAttribute('href', link(root + it.href));
    name.insertBefore(document.createTextNode(it.name + (it.variant ? ' ' : '')), variant);
    if (it.variant) variant.textContent = it.variant; else variant.remove();
    $('.each', li).textContent = it.price == null ? t.tAsk : rupiah(it.price);
    const input = $('.qty input', li);
    input.setAttribute('value', it.qty);
    input.setAttribute('aria-label', input.getAttribute('aria-label') + ' ' + it.name);
    $('.line', li).textContent = it.price == null ? '' : rupiah(it.price * it.qty);
    $('.rm .sr-only', li).textContent = ' ' + it.name;
    return li;
  }

  /* A seller's WhatsApp button, its link holding the order message. */
  function sendPart(parts, t, g, message) {
    const a = copyOf(parts, '.wa');
    a.setAttribute('href', 'https://wa.me/' + g.seller + '?text=' + uri(message));
    a.setAttribute('data-seller', g.seller);
    $('small', a).textContent = g.names.join(', ') + ' · ' + amount(t, g.total, g.ask);
    return a;
  }

  function cartPage(box, store) {
    const t = box.dataset;
    const parts = cartParts(box);
    const groupsEl = $('.cart-groups', box);
    const form = $('form.buyer', box);
    const send = $('.send', box);
    const need = $('.need', box);
    const fields = ['name', 'address', 'note'];
    let cart = store.load();
    fields.forEach((k) => { form.elements[k].value = cart.buyer[k] || ''; });

    function render() {
      const gs = sellerGroups(cart.items);
      const empty = !cart.items.length;
      $('.cart-empty', box).hidden = !empty;
      form.hidden = send.hidden = empty;
      groupsEl.textContent = '';
      gs.forEach((g) => groupsEl.appendChild(sellerPart(parts, t, g)));
      const total = $('.cart-total', box);
      total.hidden = gs.length < 2;
      // A cart.html written before the template has an empty .cart-total.
      if (!$('strong', total)) {
        total.textContent = t.tTotal + ': ';
        total.appendChild(document.createElement('strong'));
      }
      const grand = gs.reduce((sum, g) => sum + g.total, 0);
      $('strong', total).textContent = amount(t, grand, gs.some((g) => g.ask));
      links(gs);
    }
    function links(gs) {
      const list = $('.send-list', send);
      list.textContent = '';
      (gs || sellerGroups(cart.items)).forEach((g) => list.appendChild(sendPart(parts, t, g, orderMessage(t, cart.buyer, g))));
    }

    steppers(groupsEl);
    groupsEl.addEventListener('input', (e) => {
      const li = e.target.closest('.item');
      if (!li || e.target.tagName !== 'INPUT') return;
      cart.items[Number(li.getAttribute('data-i'))].qty = quantity(e.target.value);
      store.save(cart);
      // Redraw only once the field is left or changed by a button, keeping focus.
      if (document.activeElement !== e.target) render(); else links();
    });
    groupsEl.addEventListener('change', render);
    groupsEl.addEventListener('click', (e) => {
      const rm = e.target.closest('.rm');
      if (!rm) return;
      cart.items.splice(Number(rm.closest('.item').getAttribute('data-i')), 1);
      store.save(cart);
      render();
    });
    form.addEventListener('input', () => {
      fields.forEach((k) => { cart.buyer[k] = form.elements[k].value; });
      store.save(cart);
      need.hidden = true;
      links();
    });
    send.addEventListener('click', (e) => {
      if (e.target.closest('.cart-clear')) {
        cart.items = [];
        store.save(cart);
        render();
        return;
      }
      if (e.target.closest('a.wa') && !(cart.buyer.name || '').trim()) {
        e.preventDefault();
        need.hidden = false;
        form.elements.name.focus();
      }
    });
    window.addEventListener('storage', (e) => {
      if (e.key === store.key) {
        cart = store.load();
        render();
      }
    });
    render();
  }

  /* No storage (a private window that allows none): the cart page says what it says
     without the script. A <noscript>'s content is text while scripts run. */
  function cartRefused(box) {
    const ns = $('noscript', box);
    if (ns) box.insertAdjacentHTML('afterbegin', ns.textContent);
  }

  /* ---- The search page: the index is loaded here only, in pieces and as scripts
     (which work from disk): a small entry, then the word shards a query needs and the
     rows of the results shown. src/site/search.rs describes the files. ---- */

  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

  /* Loads a search file once: a script that sets etalaseSearch[name]. */
  function searchLoader() {
    const loading = {};
    const box = () => window.etalaseSearch || (window.etalaseSearch = {});
    return (name, src) => {
      if (!loading[name]) {
        loading[name] = new Promise((resolve, reject) => {
          const s = document.createElement('script');
          s.src = src;
          s.onload = () => (name in box() ? resolve(box()[name]) : reject(new Error(name)));
          s.onerror = () => {
            delete loading[name];
            s.remove();
            reject(new Error(name));
          };
          document.head.appendChild(s);
        });
      }
      return loading[name];
    };
  }

  /* The index from its entry: named fields (rows are arrays, to save bytes, and "f"
     names their fields), and the other files, each loaded when first asked for. */
  function searchIndex(raw, load, dir) {
    const named = (row, fields) => {
      const o = {};
      fields.forEach((f, i) => { o[f] = row[i]; });
      return o;
    };
    const chunks = {};
    const chunk = (i) => chunks[i] || (chunks[i] = load('r/' + i, dir + 'r-' + i + '.' + raw.r[i] + '.js')
      .then((rows) => rows.map((r) => named(r, raw.f.p)), (e) => { delete chunks[i]; throw e; }));
    return {
      availability: raw.a,
      categories: raw.c.map((r) => named(r, raw.f.c)),
      villages: raw.v.map((r) => named(r, raw.f.v)),
      starts: raw.o,
      count: raw.o[raw.o.length - 1],
      keyLength: raw.w,
      keys: Object.keys(raw.s),
      /* The shard file that holds a key's words (a file holds a few keys). */
      group: (key) => raw.s[key],
      shard: (n) => load('s/' + n, dir + 's-' + n + '.' + raw.g[n] + '.js'),
      facets: () => load('x', dir + 'x.' + raw.x + '.js'),
      /* The rows of products numbered ps, in their order. */
      rows: (ps) => {
        const need = {};
        ps.forEach((p) => { need[Math.floor(p / raw.k)] = true; });
        const ids = Object.keys(need);
        return Promise.all(ids.map(chunk)).then((got) => {
          const by = {};
          ids.forEach((id, n) => { by[id] = got[n]; });
          return ps.map((p) => by[Math.floor(p / raw.k)][p % raw.k]);
        });
      },
    };
  }

  function searchPage(form) {
    const t = form.dataset;
    const found = $('.found');
    const results = $('.results');
    const more = $('.more');
    const fields = ['q', 'c', 'v', 'a', 'p'];
    const params = new URLSearchParams(location.search);
    fields.forEach((k) => {
      if (form.elements[k] && params.get(k)) form.elements[k].value = params.get(k);
    });
    /* Asked for in the address (the header's search box): a screen's height is kept for
       the results before the index arrives, so nothing below jumps when they do. */
    results.classList.toggle('asked', fields.some((k) => params.get(k)));
    let index = null;
    let shown = [];
    let page = 0;
    let runs = 0;

    const entry = new URL(form.getAttribute('data-index'), location.href).href;
    const load = searchLoader();
    load('i', entry).then((raw) => {
      index = searchIndex(raw, load, entry.slice(0, entry.lastIndexOf('/') + 1));
      allVillages(form.elements.v, index, params.get('v'));
      run();
    }, () => { found.textContent = t.tFailed; });

    let timer = 0;
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener('change', run);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      run();
      form.elements.q.blur();
    });
    more.addEventListener('click', () => {
      page++;
      draw(runs, true);
    });

    /* A search: its files are loaded, then the page drawn at once, unless another
       search began meanwhile (the newest one draws). */
    function run() {
      if (!index) return;
      const me = ++runs;
      const f = {};
      fields.forEach((k) => { f[k] = form.elements[k] ? form.elements[k].value : ''; });
      try {
        const q = new URLSearchParams();
        fields.forEach((k) => { if (f[k]) q.set(k, f[k]); });
        history.replaceState(null, '', q.toString() ? '?' + q : location.pathname);
      } catch (e) { /* file:// may refuse: the results are shown all the same */ }
      /* Nothing asked, nothing shown: the page's categories and villages are there to
         browse, and a list drawn in on arrival would push them down (layout shift). */
      const asked = fields.some((k) => f[k]);
      (asked ? find(index, f) : Promise.resolve([])).then((hits) => {
        if (me !== runs) return;
        shown = hits;
        page = 0;
        draw(me, asked);
      }, () => { if (me === runs) found.textContent = t.tFailed; });
    }
    function draw(me, asked) {
      const per = 24;
      const upto = shown.slice(0, (page + 1) * per);
      index.rows(upto).then((rows) => {
        if (me !== runs) return;
        found.textContent = !asked ? '' : shown.length ? fill(t.tFound, { n: shown.length }) : t.tNone;
        results.classList.toggle('asked', asked);
        results.innerHTML = rows.map(card).join('');
        more.hidden = shown.length <= (page + 1) * per;
      }, () => { if (me === runs) found.textContent = t.tFailed; });
    }
    /* A product card, as the templates' cards look. */
    function card(p) {
      const v = index.villages[p.village] || { slug: '', name: '' };
      const av = index.availability[p.availability];
      const href = root + v.slug + '/' + p.slug + '/';
      const photo = p.photo
        ? '<picture><source type="image/webp" srcset="' + esc(href + p.photo) + '.webp"><img src="' + esc(href + p.photo) +
          '.jpg" width="320" height="320" alt="' + esc(p.name) + '" loading="lazy" decoding="async"></picture>'
        : '<span class="ph" role="img" aria-label="' + esc(t.tNophoto) + '"></span>';
      const price = p.price
        ? '<span class="price">' + (p.from ? '<small>' + esc(t.tFrom) + '</small> ' : '') + rupiah(p.price) + '</span>' +
          (p.unit ? ' <span class="unit">/ ' + esc(p.unit) + '</span>' : '')
        : '<span class="price ask">' + esc(t.tAsk) + '</span>';
      return '<li class="card" data-av="' + esc(av) + '"><a href="' + esc(link(href)) + '">' + photo +
        '<div class="card-body"><h2 class="card-name">' + esc(p.name) + '</h2><span class="card-price">' + price +
        '</span><span class="card-meta"><span class="badge ' + esc(av) + '">' + esc(t['tAv' + p.availability]) + '</span> ' +
        '<span class="card-village">' + esc(v.name) + '</span></span></div></a></li>';
    }
  }

  /* A catalog of more villages than its pages name: the filter's list holds the first
     ones only (every page would carry hundreds of names), and the others come from the
     index, the one asked for in the address (a village page's link) chosen. */
  function allVillages(select, index, asked) {
    if (!select) return;
    const have = new Set(Array.from(select.options, (o) => o.value));
    index.villages.forEach((v) => {
      if (!have.has(v.slug)) select.add(new Option(v.name, v.slug));
    });
    if (asked) select.value = asked;
  }

  /* Words as a buyer may type them: case, accents and old spellings folded
     ("Djamoe Paré" is "jamu pare"), doubled letters made single. */
  function words(text) {
    const s = String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/oe/g, 'u').replace(/dj/g, 'j').replace(/tj/g, 'c').replace(/([a-z])\1+/g, '$1');
    return s.split(/[^a-z0-9]+/).filter(Boolean);
  }

  /* Whether a and b are at most `max` edits apart (insert, delete, change, swap). */
  function near(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return false;
    let prev2 = [];
    let prev = [];
    for (let j = 0; j <= b.length; j++) prev[j] = j;
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      let low = i;
      for (let j = 1; j <= b.length; j++) {
        let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
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
    const max = q.length >= 7 ? 2 : q.length >= 4 ? 1 : 0;
    if (!max) return 0;
    if (near(q, w, max)) return 2;
    const last = q.charAt(q.length - 1);
    for (let n = Math.max(3, q.length - max); n <= q.length + max && n < w.length; n++) {
      if (w.charAt(n - 1) === last && near(q, w.slice(0, n), max)) return 1;
    }
    return 0;
  }

  /* The shards that hold every word a typed word q may match: the key is the first
     consonants of the word's skeleton (its letters less a, e, i, o, u), which prefixes
     and vowel slips keep (src/site/search.rs says why). A typed word of fewer
     consonants than a key may go on with any: every key beginning with them. */
  function shardsFor(index, q) {
    const skeleton = q.replace(/[aeiou]/g, '');
    if (skeleton.length >= index.keyLength) {
      const key = skeleton.slice(0, index.keyLength);
      return index.keys.filter((k) => k === key);
    }
    return index.keys.filter((k) => k.lastIndexOf(skeleton, 0) === 0);
  }

  /* The numbers of the products the filters keep and every typed word matches, best
     first: the shards (and the filters' file) are loaded first. */
  function find(index, f) {
    const qs = words(f.q);
    const byQ = qs.map((q) => shardsFor(index, q));
    const keys = {};
    byQ.forEach((ks, i) => {
      const gs = {};
      ks.forEach((k) => { gs[index.group(k)] = keys[index.group(k)] = true; });
      byQ[i] = Object.keys(gs);
    });
    const band = f.p ? f.p.split('-') : null;
    const avail = !(f.a === '' || f.a == null);
    const facets = f.c || avail || band ? index.facets() : Promise.resolve(null);
    const names = Object.keys(keys);
    return Promise.all([facets, Promise.all(names.map(index.shard))]).then(([x, got]) => {
      const shard = {};
      names.forEach((k, n) => { shard[k] = got[n]; });
      const cat = index.categories.findIndex((c) => c.key === f.c);
      const vil = index.villages.findIndex((v) => v.slug === f.v);
      const lo = band ? Number(band[0]) || 0 : 0;
      const hi = band && band[1] ? Number(band[1]) : Infinity;
      const ok = (p) =>
        (!f.v || (vil >= 0 && p >= index.starts[vil] && p < index.starts[vil + 1])) &&
        (!f.c || x.c[p] === cat) &&
        (!avail || x.a[p] === Number(f.a)) &&
        (!band || (x.p[p] > 0 && x.p[p] >= lo && x.p[p] < hi));
      let score = null;
      qs.forEach((q, i) => {
        const best = {};
        byQ[i].forEach((k) => {
          const ws = shard[k];
          for (const w in ws) {
            const m = match(q, w);
            if (!m) continue;
            /* Product numbers by weight 3, 2, 1, each list gap-coded. */
            ws[w].forEach((gaps, n) => {
              const s = m * (3 - n);
              let p = 0;
              gaps.forEach((g) => {
                p += g;
                if (!(best[p] >= s)) best[p] = s;
              });
            });
          }
        });
        if (!score) {
          score = best;
        } else {
          const both = {};
          for (const p in score) if (p in best) both[p] = score[p] + best[p];
          score = both;
        }
      });
      const hits = [];
      if (score) {
        for (const p in score) if (ok(Number(p))) hits.push({ s: score[p], p: Number(p) });
      } else {
        for (let p = 0; p < index.count; p++) if (ok(p)) hits.push({ s: 0, p });
      }
      hits.sort((a, b) => b.s - a.s || a.p - b.p);
      return hits.map((h) => h.p);
    });
  }

  /* ---- What this page has ---- */

  function start() {
    if (fromDisk) diskLinks();
    offline();
    const store = cartStore();
    const add = $('form.cart-add');
    if (add && store) addToCart(add, store);
    const cartBox = $('.cart[data-t-hello]');
    if (cartBox && store) cartPage(cartBox, store);
    else if (cartBox) cartRefused(cartBox);
    const button = $('.share');
    if (button && !fromDisk && (navigator.share || navigator.clipboard)) share(button);
    const finder = $('form.finder');
    if (finder) searchPage(finder);
  }

  start();
})();
