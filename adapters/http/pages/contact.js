/* The feedback form's suggestions (GET /contact): as the visitor types the
 * subject and message, it asks GET /v1/suggest for the FAQ answers that
 * would settle them and shows them in the form's polite live region, so a
 * screen reader announces them without moving the focus. Text is only ever
 * set with textContent; no eval, no inline style: the page's CSP
 * (script-src, connect-src 'self') suffices. The form works without it. */
(function () {
  'use strict';
  var box = document.getElementById('fd-suggestions');
  var subject = document.getElementById('fd-subject');
  var text = document.getElementById('fd-text');
  if (!box || !text || !window.fetch) return;
  // Characters sent: the first words say what a message is about, and the
  // URL stays far below the server's limits.
  var MAX = 500;
  var WAIT_MS = 350;  // typing pauses this long before we ask
  var timer = 0, asked = null, seq = 0, inflight = null;

  function query() {
    var q = ((subject ? subject.value : '') + '\n' + text.value).trim();
    return q.length > MAX ? q.slice(0, MAX) : q;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(ask, WAIT_MS);
  }

  function ask() {
    var q = query();
    if (q === asked) return;
    asked = q;
    var mine = ++seq;
    if (inflight) inflight.abort();
    inflight = window.AbortController ? new AbortController() : null;
    if (q.length < 3) return show([]);
    var url = '/v1/suggest?lang=' + encodeURIComponent(box.getAttribute('data-lang') || '') +
      '&q=' + encodeURIComponent(q);
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit',
                 signal: inflight ? inflight.signal : undefined })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (j) { if (mine === seq) show(j.suggestions || []); })
      .catch(function () { /* offline, or a newer question replaced this one */ });
  }

  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt) e.textContent = txt;
    return e;
  }

  function show(list) {
    // The same answers again are not announced again.
    var key = list.map(function (s) { return s.id; }).join(' ');
    if (key === (box.getAttribute('data-shown') || '')) return;
    box.setAttribute('data-shown', key);
    box.textContent = '';
    if (!list.length) return;
    box.appendChild(el('h2', '', box.getAttribute('data-title')));
    box.appendChild(el('p', '', box.getAttribute('data-note')));
    var ul = el('ul');
    list.forEach(function (s) {
      var li = el('li', 'fd-suggestion');
      li.appendChild(el('strong', 'fd-suggestion-question', s.question));
      li.appendChild(el('p', 'fd-suggestion-answer', s.answer));
      if (typeof s.url === 'string' && /^\/faq\?/.test(s.url)) {
        var a = el('a', '', box.getAttribute('data-more'));
        a.href = s.url;
        li.appendChild(a);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  text.addEventListener('input', schedule);
  if (subject) subject.addEventListener('input', schedule);
  if (query()) schedule();  // a form shown again with what was typed
})();
