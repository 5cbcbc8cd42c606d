/* frontdesk agents' console, served at /agent.
 * Signs in with an agent's token (from `frontdesk agent add`): kept in this
 * tab's sessionStorage, sent as `Authorization: Bearer`, and in a URL only to
 * GET /v1/agent/events (?token=), because EventSource cannot send a header.
 * Every text -- customers', agents', the pack's -- is set with textContent
 * and never parsed as HTML; no eval, no inline script or style (the page's
 * CSP allows neither). */
(function () {
  'use strict';
  var KEY = 'frontdesk-agent-token';
  var SHORTCUTS = 'frontdesk-agent-shortcuts';
  var POLL_MS = 30000;  // claims and notes by others make no event: look now and then
  function $(id) { return document.getElementById(id); }

  var token = '';
  var me = null;          // {name, role}
  var es = null;          // the event stream
  var tickets = [];       // the queue as shown
  var currentId = 0;      // the open ticket
  var canned = {};        // language -> [{id, title, text}]
  var packInfo = null;    // GET /v1/agent/intents
  var poll = 0;

  function el(tag, props, kids) {
    var n = document.createElement(tag);
    for (var p in props) {
      if (props[p] === undefined || props[p] === null) continue;
      if (p === 'text') n.textContent = String(props[p]);
      else if (p === 'cls') n.className = props[p];
      else n.setAttribute(p, props[p]);
    }
    (kids || []).forEach(function (k) { if (k) n.appendChild(k); });
    return n;
  }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); }
  function setText(n, s) { n.textContent = s === undefined || s === null ? '' : String(s); }
  function when(unix) {
    if (!unix) return '';
    return new Date(unix * 1000).toLocaleString([], {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
    });
  }
  // Screen readers hear it (a polite live region); sighted agents see the
  // queue and the ticket change.
  function say(s) { setText($('live'), ''); setTimeout(function () { setText($('live'), s); }, 50); }

  // Runs fn at most once at a time; a call while it runs runs it once more after.
  function coalesce(fn) {
    var running = null, again = false;
    return function run() {
      if (running) { again = true; return running; }
      running = Promise.resolve(fn()).catch(function () {}).then(function () {
        running = null;
        if (again) { again = false; run(); }
      });
      return running;
    };
  }
  // Re-renders without losing the focus: the element with the same id gets it back.
  function keepFocus(render) {
    var id = document.activeElement && document.activeElement.id;
    render();
    if (id && document.activeElement !== $(id) && $(id)) $(id).focus({ preventScroll: true });
  }

  function api(method, path, body) {
    var headers = { Authorization: 'Bearer ' + token };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method: method, headers: headers, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (r.ok) return j;
        var e = new Error((j.error && j.error.message) || 'HTTP ' + r.status);
        e.status = r.status;
        if (r.status === 401 && me) signOut('The server refused your token (removed?): sign in again.');
        throw e;
      });
    });
  }

  // Signing in and out.
  function signIn(t) {
    token = t;
    setText($('signin-error'), '');
    return api('GET', '/v1/agent/me').then(function (j) {
      me = j;
      try { sessionStorage.setItem(KEY, t); } catch (x) { /* storage refused: this page only */ }
      $('token').value = '';
      setText($('agent-name'), j.name);
      setText($('agent-role'), j.role);
      $('whoami').hidden = false;
      $('signin').hidden = true;
      $('console').hidden = false;
      listen();
      poll = setInterval(function () { if (!document.hidden) refresh(); }, POLL_MS);
      loadPack();
      var m = /^#ticket-(\d+)$/.exec(location.hash);
      return loadQueue().then(function () {
        if (m) openTicket(+m[1], true);
        else focusQueue();
      });
    }, function (e) {
      token = '';
      try { sessionStorage.removeItem(KEY); } catch (x) { /* nothing kept */ }
      setText($('signin-error'), e.status === 401 ? 'That is not an agent token (or the agent was removed).'
        : 'Could not sign in: ' + e.message);
      $('token').focus();
    });
  }
  function signOut(why) {
    token = '';
    me = null;
    try { sessionStorage.removeItem(KEY); } catch (x) { /* nothing kept */ }
    if (es) es.close();
    es = null;
    clearInterval(poll);
    tickets = []; currentId = 0; canned = {};
    $('canned').removeAttribute('data-lang');
    clear($('tickets'));
    showTicket(false);
    history.replaceState(null, '', location.pathname);
    document.title = "Agents' console · frontdesk";
    $('whoami').hidden = true;
    $('console').hidden = true;
    $('signin').hidden = false;
    setText($('signin-error'), why || '');
    $('token').focus();
  }

  // Live: new tickets and customers writing, as the store sees them.
  function listen() {
    if (es || !token || !window.EventSource) return;
    es = new EventSource('/v1/agent/events?token=' + encodeURIComponent(token));
    ['ticket_opened', 'ticket_reopened', 'customer_message'].forEach(function (k) {
      es.addEventListener(k, onEvent);
    });
    es.onopen = function () { loadQueue(); };  // whatever came while (re)connecting
    es.onerror = function () {
      // CLOSED: refused (a removed token) or the server went away. Check the
      // token, then listen again; EventSource retries the rest by itself.
      if (!es || es.readyState !== 2) return;
      es = null;
      setTimeout(function () {
        if (token) api('GET', '/v1/agent/me').then(listen, function () {});
      }, 5000);
    };
  }
  function onEvent(e) {
    var d;
    try { d = JSON.parse(e.data) || {}; } catch (x) { return; }
    say(e.type === 'ticket_opened' ? 'New ticket #' + d.ticket + ' (' + (d.channel || '') + ')'
      : e.type === 'ticket_reopened' ? 'Ticket #' + d.ticket + ' is open again: the customer wrote'
        : 'The customer wrote on ticket #' + d.ticket);
    loadQueue();
    if (d.ticket === currentId) loadTicket();
  }
  function refresh() {
    loadQueue();
    if (currentId) loadTicket();
  }

  // The queue.
  var loadQueue = coalesce(function () {
    var status = $('status').value;
    return api('GET', '/v1/tickets' + (status ? '?status=' + encodeURIComponent(status) : ''))
      .then(function (j) {
        tickets = j.tickets || [];
        keepFocus(renderQueue);
      }, function (e) { setText($('queue-count'), 'The queue did not load: ' + e.message); });
  });
  function renderQueue() {
    var list = $('tickets');
    clear(list);
    var now = Date.now() / 1000;
    tickets.forEach(function (t) {
      var late = t.due_unix && t.due_unix < now && (t.status === 'open' || t.status === 'pending');
      var b = el('button', { type: 'button', id: 'tk-' + t.id, cls: 'tk' + (late ? ' late' : ''),
        'aria-current': t.id === currentId ? 'true' : null }, [
        el('span', { cls: 'tk-head', text: '#' + t.id + ' · ' + t.queue + ' · ' + t.priority }),
        el('span', { cls: 'tk-who', text: t.status + ' · ' + (t.assignee ? 'owned by ' + t.assignee : 'unclaimed') }),
        el('span', { cls: 'tk-due', text: t.due_unix ? (late ? 'overdue since ' : 'due ') + when(t.due_unix) : 'no due time' }),
        el('span', { cls: 'tk-reason', text: t.reason ? 'why: ' + t.reason : '' })
      ]);
      b.onclick = function () { openTicket(t.id, true); };
      list.appendChild(el('li', {}, [b]));
    });
    var open = tickets.filter(function (t) { return t.status === 'open' && !t.assignee; }).length;
    setText($('queue-count'), tickets.length ? tickets.length + ' ticket' + (tickets.length > 1 ? 's' : '') +
      ', oldest due first' : 'No tickets with this status.');
    document.title = (open ? '(' + open + ') ' : '') + "Agents' console · frontdesk";
  }
  function focusQueue() {
    var b = (currentId && $('tk-' + currentId)) || document.querySelector('#tickets button');
    (b || $('queue')).focus();
  }
  function step(by) {
    if (!tickets.length) return;
    var i = -1;
    tickets.forEach(function (t, k) { if (t.id === currentId) i = k; });
    i = i < 0 ? 0 : Math.max(0, Math.min(tickets.length - 1, i + by));
    openTicket(tickets[i].id, true);
  }

  // One ticket.
  function showTicket(on) {
    $('ticket-body').hidden = !on;
    $('ticket-empty').hidden = on;
    if (!on) setText($('ticket-title'), 'No ticket open');
  }
  function openTicket(id, focus) {
    if (id !== currentId) {
      setText($('ticket-error'), '');
      setText($('ticket-done'), '');
      $('reply').value = '';
      $('note').value = '';
      $('example-form').hidden = true;
    }
    currentId = id;
    history.replaceState(null, '', '#ticket-' + id);
    Array.prototype.forEach.call(document.querySelectorAll('#tickets .tk'), function (b) {
      if (b.id === 'tk-' + id) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    });
    return loadTicket().then(function () { if (focus) $('ticket').focus(); });
  }
  var loadTicket = coalesce(function () {
    var id = currentId;
    return api('GET', '/v1/tickets/' + id).then(function (v) {
      if (id !== currentId) return;
      keepFocus(function () { renderTicket(v); });
      loadCanned(ticketLanguage(v));
    }, function (e) {
      if (id !== currentId) return;
      showTicket(false);
      setText($('ticket-title'), 'Ticket #' + id);
      setText($('ticket-empty'), e.status === 404 ? 'There is no ticket #' + id + '.' : 'The ticket did not load: ' + e.message);
    });
  });
  function ticketLanguage(v) {
    for (var i = v.transcript.length - 1; i >= 0; --i)
      if (v.transcript[i].direction === 'in' && v.transcript[i].language) return v.transcript[i].language;
    return packInfo && packInfo.languages.length ? packInfo.languages[0] : 'en';
  }
  function renderTicket(v) {
    showTicket(true);
    setText($('ticket-title'), 'Ticket #' + v.id + (v.customer ? ' · ' + v.customer : ''));
    var meta = $('ticket-meta');
    clear(meta);
    [['Status', v.status], ['Owner', v.assignee || 'nobody'], ['Queue', v.queue], ['Priority', v.priority],
     ['Why', v.reason], ['Channel', v.channel], ['Due', when(v.due_unix) || 'no due time'],
     ['Opened', when(v.created_unix)]].forEach(function (p) {
      meta.appendChild(el('span', { cls: 'kv' }, [el('span', { cls: 'k', text: p[0] + ': ' }), el('span', { text: p[1] || '—' })]));
    });
    var mine = me && v.assignee === me.name;
    $('claim').disabled = !!mine;
    setText($('claim'), mine ? 'Claimed by you' : v.assignee ? 'Claim (owned by ' + v.assignee + ')' : 'Claim');
    var list = $('transcript');
    clear(list);
    v.transcript.forEach(function (m) { list.appendChild(renderMessage(m)); });
    var notes = $('notes');
    clear(notes);
    v.notes.forEach(function (n) {
      notes.appendChild(el('li', { cls: 'note' }, [
        el('p', { cls: 'who', text: n.author + ' · ' + when(n.created_unix) }), el('p', { cls: 'text', text: n.text })]));
    });
    if (!v.notes.length) notes.appendChild(el('li', { cls: 'muted', text: 'No notes yet.' }));
  }
  function renderMessage(m) {
    var incoming = m.direction === 'in';
    var who = incoming ? 'Customer' + (m.sender ? ' ' + m.sender : '') : m.sender ? 'Agent ' + m.sender : 'Bot';
    var kind = incoming ? 'msg-in' : m.sender ? 'msg-agent' : 'msg-bot';
    var bubble = el('div', { cls: 'bubble' }, [
      el('p', { cls: 'who', text: who + ' · ' + m.channel + ' · ' + when(m.created_unix) }),
      m.subject ? el('p', { cls: 'subject', text: 'Subject: ' + m.subject }) : null,
      el('p', { cls: 'text', text: m.text })
    ]);
    var li = el('li', { cls: 'msg ' + kind, id: 'msg-' + m.id }, [bubble]);
    if (incoming && m.decision) li.appendChild(renderReasons(m));
    return li;
  }
  // The bot's reasons for one customer message: its decision and trace.
  function renderReasons(m) {
    var d = m.decision;
    var slots = Object.keys(d.slots || {}).map(function (k) { return k + ' = ' + d.slots[k]; }).join(', ');
    var facts = el('dl', { cls: 'facts' });
    [['Intent', d.intent || '(none)'], ['Route', d.route], ['Language', d.language || m.language],
     ['Slots', slots || '(none)']].forEach(function (p) {
      facts.appendChild(el('dt', { text: p[0] }));
      facts.appendChild(el('dd', { text: p[1] }));
    });
    var rows = (d.trace || []).map(function (s) {
      return el('tr', {}, [el('td', { text: s.step }), el('td', { text: s.id }),
        el('td', {}, [el('code', { text: s.source || 'built in' })]), el('td', { text: s.detail || '' })]);
    });
    var table = el('table', { cls: 'trace' }, [
      el('caption', { text: 'Trace' }),
      el('thead', {}, [el('tr', {}, ['Step', 'Id', 'Source', 'Detail'].map(function (h) {
        return el('th', { scope: 'col', text: h });
      }))]),
      el('tbody', {}, rows)]);
    var fix = el('button', { type: 'button', cls: 'fix', id: 'ex-' + m.id, text: 'Routed wrongly? Make an example' });
    fix.onclick = function () { openExample(m); };
    return el('aside', { cls: 'reasons', 'aria-label': "The bot's reasons for message " + m.id }, [
      el('p', { cls: 'reasons-title', text: "The bot's reasons" }), facts, table, fix]);
  }

  // Actions.
  function act(verb, body, done) {
    if (!currentId) return Promise.resolve(null);
    var id = currentId;
    setText($('ticket-error'), '');
    setText($('ticket-done'), '');
    return api('POST', '/v1/tickets/' + id + '/' + verb, body).then(function (j) {
      setText($('ticket-done'), done(j));
      loadQueue();
      if (id === currentId) loadTicket();
      return j;
    }, function (e) {
      // 409: another agent owns the ticket, and the message says who.
      var msg = e.message.charAt(0).toUpperCase() + e.message.slice(1);
      setText($('ticket-error'), e.status === 409 ? msg + '.' : 'Not done: ' + msg);
      if (e.status === 409) loadTicket();
      return null;
    });
  }
  function claim() {
    if (!$('claim').disabled) act('claim', undefined, function () { return 'You own ticket #' + currentId + ' now.'; });
  }
  function resolve() {
    act('resolve', undefined, function () { return 'Ticket #' + currentId + ' is resolved.'; });
  }
  function handback() {
    act('handback', undefined, function () {
      return 'Handed back: the bot answers the customer\'s next message.';
    });
  }
  var DELIVERED = { chat: 'Sent to the chat.', outbox: 'Queued as an e-mail to the customer.',
    stored: 'Stored: this customer cannot be reached (no address).' };
  function sendText(verb, box, done) {
    var text = box.value.trim();
    if (!text) {
      setText($('ticket-error'), 'Write something first.');
      box.focus();
      return;
    }
    act(verb, { text: text }, done).then(function (j) { if (j) box.value = ''; });
  }

  // Canned replies in the ticket's language.
  function loadCanned(lang) {
    if (canned[lang]) return fillCanned(lang);
    api('GET', '/v1/canned?lang=' + encodeURIComponent(lang)).then(function (j) {
      canned[lang] = j.replies || [];
      fillCanned(lang);
    }, function () { canned[lang] = []; fillCanned(lang); });
  }
  function fillCanned(lang) {
    var select = $('canned');
    if (select.getAttribute('data-lang') === lang) return;
    select.setAttribute('data-lang', lang);
    clear(select);
    var list = canned[lang];
    select.appendChild(el('option', { value: '', text: list.length ? 'Pick one (' + lang + ')' : 'None in ' + lang }));
    list.forEach(function (c, i) { select.appendChild(el('option', { value: String(i), text: c.title })); });
    select.disabled = $('canned-insert').disabled = !list.length;
  }
  function insertCanned() {
    var select = $('canned');
    var list = canned[select.getAttribute('data-lang')] || [];
    var c = list[+select.value];
    if (select.value === '' || !c) return select.focus();
    var box = $('reply');
    box.setRangeText(c.text, box.selectionStart, box.selectionEnd, 'end');
    box.focus();
  }

  // "Routed wrongly": the YAML that adds a message as an example of an intent.
  function loadPack() {
    return api('GET', '/v1/agent/intents').then(function (j) {
      packInfo = j;
      var intents = $('example-intent'), langs = $('example-lang');
      clear(intents);
      clear(langs);
      intents.appendChild(el('option', { value: '', text: 'Pick the intent the customer meant' }));
      j.intents.forEach(function (i) {
        intents.appendChild(el('option', { value: i.id, text: i.id + (i.description ? ' — ' + i.description : '') }));
      });
      j.languages.forEach(function (l) { langs.appendChild(el('option', { value: l, text: l })); });
    }, function () { /* the example form says so when used */ });
  }
  function openExample(m) {
    var form = $('example-form');
    form.hidden = false;
    form.setAttribute('data-message', m.id);
    $('example-text').value = m.text;
    $('example-lang').value = (m.decision && m.decision.language) || m.language || '';
    $('example-intent').value = '';
    $('example-yaml').hidden = $('example-copy').hidden = true;
    setText($('example-note'), 'Message ' + m.id + ', routed to ' + ((m.decision && m.decision.intent) || 'no intent') +
      ' (' + ((m.decision && m.decision.route) || '?') + ').');
    $('example-title').focus();
  }
  function makeExample() {
    var intent = $('example-intent').value;
    if (!intent) {
      setText($('example-note'), 'Pick the intent the customer meant.');
      return $('example-intent').focus();
    }
    api('POST', '/v1/agent/example-snippet', {
      intent: intent, language: $('example-lang').value, text: $('example-text').value
    }).then(function (j) {
      setText($('example-note'), j.note);
      setText($('example-yaml'), j.yaml);
      $('example-yaml').hidden = $('example-copy').hidden = false;
      $('example-yaml').focus();
    }, function (e) { setText($('example-note'), 'No snippet: ' + e.message); });
  }
  function copyExample() {
    var yaml = $('example-yaml').textContent;
    var done = function () { say('The YAML is copied.'); setText($('example-note'), 'Copied.'); };
    var fail = function () {
      var r = document.createRange();
      r.selectNodeContents($('example-yaml'));
      getSelection().removeAllRanges();
      getSelection().addRange(r);
      setText($('example-note'), 'Selected: press Ctrl+C to copy.');
    };
    if (navigator.clipboard) navigator.clipboard.writeText(yaml).then(done, fail);
    else fail();
  }

  // The keyboard.
  function typing(t) {
    return t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' ||
      (t.tagName === 'INPUT' && t.type !== 'checkbox' && t.type !== 'button' && t.type !== 'submit');
  }
  var KEYS = {
    j: function () { step(1); }, k: function () { step(-1); }, q: focusQueue,
    f: function () { $('status').focus(); }, c: claim, s: resolve, h: handback,
    r: function () { $('reply').focus(); }, n: function () { $('note').focus(); },
    '?': function () { $('help').focus(); }
  };
  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape' && typing(e.target)) {
      e.preventDefault();
      if (e.target.closest('#ticket')) $('ticket').focus();
      else e.target.blur();
      return;
    }
    if (!me || !$('shortcuts').checked || typing(e.target)) return;
    var f = Object.prototype.hasOwnProperty.call(KEYS, e.key) && KEYS[e.key];
    if (!f || (!currentId && 'cshrn'.indexOf(e.key) >= 0)) return;
    e.preventDefault();
    f();
  });
  function submitOnCtrlEnter(box, form) {
    box.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
  }

  function start() {
    $('signin-form').onsubmit = function (e) {
      e.preventDefault();
      var t = $('token').value.trim();
      if (!t) {
        setText($('signin-error'), 'Paste your agent token.');
        return $('token').focus();
      }
      signIn(t);
    };
    $('sign-out').onclick = function () { signOut('Signed out.'); };
    $('queue-filter').onsubmit = function (e) { e.preventDefault(); loadQueue(); };
    $('status').onchange = function () { loadQueue(); };
    $('claim').onclick = claim;
    $('resolve').onclick = resolve;
    $('handback').onclick = handback;
    $('reply-form').onsubmit = function (e) {
      e.preventDefault();
      sendText('replies', $('reply'), function (j) { return DELIVERED[j.delivered] || 'Sent.'; });
    };
    $('note-form').onsubmit = function (e) {
      e.preventDefault();
      sendText('notes', $('note'), function () { return 'Note added.'; });
    };
    submitOnCtrlEnter($('reply'), $('reply-form'));
    submitOnCtrlEnter($('note'), $('note-form'));
    $('canned-insert').onclick = insertCanned;
    $('example-form').onsubmit = function (e) { e.preventDefault(); makeExample(); };
    $('example-copy').onclick = copyExample;
    $('example-close').onclick = function () {
      var id = $('example-form').getAttribute('data-message');
      $('example-form').hidden = true;
      ($('ex-' + id) || $('ticket')).focus();
    };
    var box = $('shortcuts');
    try { box.checked = localStorage.getItem(SHORTCUTS) !== '0'; } catch (x) { /* default: on */ }
    box.onchange = function () {
      try { localStorage.setItem(SHORTCUTS, box.checked ? '1' : '0'); } catch (x) { /* this page only */ }
    };
    window.addEventListener('hashchange', function () {
      var m = /^#ticket-(\d+)$/.exec(location.hash);
      if (m && me && +m[1] !== currentId) openTicket(+m[1], true);
    });
    var kept = '';
    try { kept = sessionStorage.getItem(KEY) || ''; } catch (x) { /* no storage */ }
    if (kept) signIn(kept);
    else $('token').focus();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
