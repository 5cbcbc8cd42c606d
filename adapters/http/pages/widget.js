/* frontdesk chat widget: <script src="https://SHOP/widget.js" defer></script>
 * Talks to the server it came from (/v1/chat/sessions...), keeps the session
 * in sessionStorage. Text is only ever set with textContent; no eval, no
 * inline style: CSP script-src, style-src and connect-src for SHOP suffice. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || window.frontdeskWidget) return;
  window.frontdeskWidget = 1;
  var base = new URL('./', me.src);
  var T = {
    en: {
      title: 'Chat with us', open: 'Open chat', unread: 'new messages', close: 'Close chat',
      log: 'Conversation', label: 'Your message', ph: 'Ask a question…', send: 'Send', you: 'You: ',
      bot: 'Assistant: ', hello: 'Hello! How can we help?',
      human: 'Talk to a person', humanText: 'I want to talk to a person', waiting: 'A person will answer here.',
      closed: "Outside our hours: leave your e-mail and we'll answer there.", email: 'Your e-mail',
      thanks: "Thank you: our answer will also be sent to {}.", badEmail: 'Please check the e-mail address.', joined: '{} joined the chat.',
      left: '{} left the chat.', fast: 'You are writing too fast: please wait {} seconds, then try again.',
      long: 'Your message is too long.', failed: 'Your message was not sent: check your connection.',
      retry: 'Try again', lost: 'Your previous chat had ended: this is a new one.',
      rate: 'How did we do? Rate our help from 1 to 5.', star: '{} out of 5', comment: 'Comment (optional)',
      rateSend: 'Send rating', rated: 'Thank you for your rating!', rateFailed: 'Your rating was not sent.'
    },
    vi: {
      title: 'Trò chuyện với chúng tôi', open: 'Mở khung trò chuyện', unread: 'có tin nhắn mới',
      close: 'Đóng khung trò chuyện', log: 'Cuộc trò chuyện', label: 'Tin nhắn của bạn', ph: 'Đặt câu hỏi…',
      send: 'Gửi', you: 'Bạn: ', bot: 'Trợ lý: ',
      hello: 'Xin chào! Chúng tôi có thể giúp gì cho bạn?',
      human: 'Nói chuyện với nhân viên', humanText: 'Tôi muốn nói chuyện với nhân viên',
      waiting: 'Nhân viên sẽ trả lời bạn tại đây.',
      closed: 'Ngoài giờ làm việc: hãy để lại email, chúng tôi sẽ trả lời qua email.', email: 'Email của bạn',
      thanks: 'Cảm ơn bạn: câu trả lời cũng sẽ được gửi tới {}.', badEmail: 'Vui lòng kiểm tra lại địa chỉ email.', joined: '{} đã tham gia cuộc trò chuyện.',
      left: '{} đã rời cuộc trò chuyện.', fast: 'Bạn gửi quá nhanh: vui lòng đợi {} giây rồi thử lại.',
      long: 'Tin nhắn quá dài.', failed: 'Chưa gửi được tin nhắn: vui lòng kiểm tra kết nối.', retry: 'Thử lại',
      lost: 'Cuộc trò chuyện trước đã kết thúc: đây là cuộc trò chuyện mới.',
      rate: 'Bạn hài lòng không? Hãy chấm điểm từ 1 đến 5.', star: '{} trên 5', comment: 'Góp ý (không bắt buộc)',
      rateSend: 'Gửi đánh giá', rated: 'Cảm ơn bạn đã đánh giá!', rateFailed: 'Chưa gửi được đánh giá.'
    },
    es: {
      title: 'Chatea con nosotros', open: 'Abrir el chat', unread: 'mensajes nuevos',
      close: 'Cerrar el chat', log: 'Conversación', label: 'Tu mensaje', ph: 'Escribe tu pregunta…', send: 'Enviar',
      you: 'Tú: ', bot: 'Asistente: ',
      hello: '¡Hola! ¿En qué podemos ayudarte?',
      human: 'Hablar con una persona', humanText: 'Quiero hablar con una persona',
      waiting: 'Una persona te responderá aquí.',
      closed: 'Fuera de nuestro horario: déjanos tu correo y te responderemos allí.', email: 'Tu correo electrónico',
      thanks: 'Gracias: también enviaremos la respuesta a {}.', badEmail: 'Revisa la dirección de correo.', joined: '{} se ha unido al chat.',
      left: '{} ha salido del chat.', fast: 'Escribes demasiado rápido: espera {} segundos y vuelve a intentarlo.',
      long: 'Tu mensaje es demasiado largo.', failed: 'Tu mensaje no se ha enviado: comprueba tu conexión.',
      retry: 'Reintentar', lost: 'Tu chat anterior había terminado: este es uno nuevo.',
      rate: '¿Qué tal lo hicimos? Valora nuestra ayuda de 1 a 5.', star: '{} de 5', comment: 'Comentario (opcional)',
      rateSend: 'Enviar valoración', rated: '¡Gracias por tu valoración!', rateFailed: 'Tu valoración no se ha enviado.'
    }
  };
  var lang = (document.documentElement.lang || '').toLowerCase().slice(0, 2);
  if (!T[lang]) lang = 'en';
  var t = T[lang];
  var KEY = 'frontdesk-chat ' + base.href;
  // s, k: session id, token; last: last event id seen; log: the messages;
  // pend: replies shown from a POST, their event not yet seen; esc:
  // escalated; mail: 1 e-mail asked, 2 given; open: panel open.
  var st = load();
  var es = null, creating = null, busy = 0, wait = 1000, early = [];

  function load() {
    try {
      var s = JSON.parse(sessionStorage.getItem(KEY));
      if (s && s.log) return s;
    } catch (e) { /* no storage, or garbage */ }
    return { log: [], pend: [] };
  }
  function save() {
    try { sessionStorage.setItem(KEY, JSON.stringify(st)); } catch (e) { /* refused */ }
  }
  function fmt(s, v) { return s.replace('{}', v); }
  function el(tag, props, kids) {
    var n = document.createElement(tag);
    for (var p in props) {
      if (p === 'text') n.textContent = props[p];
      else if (p === 'cls') n.className = props[p];
      else n.setAttribute(p, props[p]);
    }
    (kids || []).forEach(function (k) { n.appendChild(k); });
    return n;
  }

  var launcher = el('button', { type: 'button', cls: 'fdw-launcher', 'aria-label': t.open, 'aria-expanded': 'false',
    'aria-controls': 'fdw-panel' }, [el('span', { cls: 'fdw-icon', 'aria-hidden': 'true' })]);
  var closeBtn = el('button', { type: 'button', cls: 'fdw-close', 'aria-label': t.close, text: '×' });
  var log = el('div', { cls: 'fdw-log', role: 'log', 'aria-live': 'polite', 'aria-label': t.log, tabindex: '0' });
  var humanBtn = el('button', { type: 'button', cls: 'fdw-human', text: t.human });
  var email = el('input', { id: 'fdw-email', type: 'email', required: '', autocomplete: 'email' });
  var emailForm = el('form', { cls: 'fdw-row fdw-mail' }, [
    el('label', { 'for': 'fdw-email', text: t.email }), email, el('button', { type: 'submit', text: t.send })]);
  var input = el('input', { id: 'fdw-input', type: 'text', autocomplete: 'off', maxlength: '4000', placeholder: t.ph });
  var form = el('form', { cls: 'fdw-row' }, [
    el('label', { 'for': 'fdw-input', cls: 'fdw-sr', text: t.label }), input,
    el('button', { type: 'submit', text: t.send })]);
  var panel = el('section', { id: 'fdw-panel', cls: 'fdw-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': 'fdw-title' }, [
    el('div', { cls: 'fdw-head' }, [el('h2', { id: 'fdw-title', text: t.title }), closeBtn]),
    log, el('div', { cls: 'fdw-actions' }, [humanBtn]), emailForm, form]);
  var root = el('div', { cls: 'fdw', lang: lang }, [launcher, panel]);
  root.hidden = panel.hidden = true;

  // One entry of the conversation: k is me, bot, agent or note.
  function show(k, text, who, keep) {
    var p = el('p', { cls: 'fdw-msg fdw-' + k });
    var name = k === 'me' ? t.you : k === 'bot' ? t.bot : who ? who + ': ' : '';
    if (name) p.appendChild(el('span', { cls: k === 'agent' ? 'fdw-who' : 'fdw-sr', text: name }));
    p.appendChild(document.createTextNode(text));
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    if (keep !== false) {
      st.log.push({ k: k, t: text, a: who || '' });
      if (st.log.length > 100) st.log.shift();
    }
    if (panel.hidden && (k === 'bot' || k === 'agent')) {
      launcher.classList.add('fdw-unread');
      launcher.setAttribute('aria-label', t.open + ' (' + t.unread + ')');
    }
    return p;
  }
  function note(text) { show('note', text); save(); }

  function open(on, focus) {
    panel.hidden = !on;
    launcher.setAttribute('aria-expanded', String(on));
    st.open = on;
    save();
    if (!on) return focus && launcher.focus();
    launcher.classList.remove('fdw-unread');
    launcher.setAttribute('aria-label', t.open);
    if (!log.firstChild) show('bot', t.hello, '', false);
    log.scrollTop = log.scrollHeight;
    if (focus) input.focus();
  }

  function api(path, body, auth) {
    var h = { 'Content-Type': 'application/json' };
    if (auth) h.Authorization = 'Bearer ' + st.k;
    return fetch(new URL(path, base).href, { method: 'POST', headers: h, body: JSON.stringify(body), credentials: 'omit' })
      .then(function (r) {
        if (!r.ok) throw { status: r.status, after: parseInt(r.headers.get('Retry-After'), 10) || 10 };
        return r.json();
      });
  }
  function session() {
    if (st.s) return Promise.resolve();
    if (!creating) {
      creating = api('v1/chat/sessions', { lang: lang }).then(function (j) {
        st.s = j.id; st.k = j.token; st.last = ''; st.pend = [];
        save();
        listen();
      }).finally(function () { creating = null; });
    }
    return creating;
  }
  function drop() {
    if (es) es.close();
    es = null;
    st.s = st.k = st.last = ''; st.esc = st.mail = 0; st.pend = [];
    sync();
  }

  // Sends text (shown in bubble), once more in a new session if it was lost.
  function post(text, bubble, lost) {
    busy++;
    session().then(function () {
      return api('v1/chat/sessions/' + encodeURIComponent(st.s) + '/messages', { text: text }, true);
    }).then(function (j) {
      busy--;
      onReply(j);
    }, function (e) {
      busy--;
      if ((e.status === 401 || e.status === 404) && !lost) {
        drop();
        note(t.lost);
        return post(text, bubble, true);
      }
      bubble.classList.add('fdw-failed');
      var n = show('note fdw-error', e.status === 413 ? t.long : e.status === 429 ? fmt(t.fast, e.after) : t.failed,
        '', false);
      if (e.status === 413) return;
      n.appendChild(el('button', { type: 'button', cls: 'fdw-retry', text: t.retry })).onclick = function () {
        n.remove();
        bubble.classList.remove('fdw-failed');
        post(text, bubble);
        input.focus();
      };
    });
  }
  function send(text) {
    text = text.trim();
    if (text) post(text, show('me', text));
    save();
  }

  function onReply(j) {
    var i = early.indexOf(j.reply);
    if (i >= 0) early.splice(i, 1);  // the stream was faster than the response
    else if (j.reply) {
      show('bot', j.reply);
      st.pend.push(j.reply);
      if (st.pend.length > 20) st.pend.shift();
    }
    if (j.route === 'escalate' || j.ticket) {
      if (!st.esc) note(j.agent_available === false ? t.closed : t.waiting);
      st.esc = 1;
      if (j.agent_available === false && !st.mail) st.mail = 1;
    }
    sync();
  }
  function sync() {
    humanBtn.hidden = !!st.esc;
    emailForm.hidden = st.mail !== 1;
    save();
  }

  // Event ids increase: one at or below the last seen is a replay.
  function seen(id) {
    if (!id || !st.last) return false;
    return /^\d+$/.test(id) && /^\d+$/.test(st.last) ? +id <= +st.last : id === st.last;
  }
  function onEvent(e) {
    if (seen(e.lastEventId)) return;
    if (e.lastEventId) st.last = e.lastEventId;
    var d;
    try { d = JSON.parse(e.data) || {}; } catch (x) { return; }
    if (e.type === 'reply') {
      var i = st.pend.indexOf(d.text);
      if (i >= 0) st.pend.splice(i, 1);  // already shown from our own POST
      else if (d.text) {
        show('bot', d.text);
        if (busy) early.push(d.text);
      }
    } else if (e.type === 'agent_message') {
      if (d.text) show('agent', String(d.text), String(d.agent || ''));
    } else if (e.type === 'rating_request') {
      rating();
    } else if (e.type === 'agent_joined') {
      show('note', fmt(t.joined, d.agent || ''));
      st.esc = 1;
    } else {
      show('note', fmt(t.left, d.agent || ''));
      st.esc = 0;
    }
    sync();
  }
  // After an agent resolved the conversation: five buttons (1-5, pressed
  // state announced), an optional comment and a send button, in the log.
  function rating() {
    var score = 0;
    var box = el('form', { cls: 'fdw-rate', 'aria-label': t.rate });
    box.appendChild(el('p', { cls: 'fdw-rate-q', text: t.rate }));
    var row = el('div', { cls: 'fdw-stars', role: 'group', 'aria-label': t.rate });
    var sendBtn = el('button', { type: 'submit', cls: 'fdw-rate-send', text: t.rateSend, disabled: '' });
    [1, 2, 3, 4, 5].forEach(function (n) {
      var b = el('button', { type: 'button', cls: 'fdw-star', 'aria-pressed': 'false', 'aria-label': fmt(t.star, n),
        text: String(n) });
      b.onclick = function () {
        score = n;
        Array.prototype.forEach.call(row.children, function (c) { c.setAttribute('aria-pressed', String(c === b)); });
        sendBtn.removeAttribute('disabled');
      };
      row.appendChild(b);
    });
    var comment = el('textarea', { id: 'fdw-rate-comment', rows: '2', maxlength: '2000' });
    box.appendChild(row);
    box.appendChild(el('label', { 'for': 'fdw-rate-comment', text: t.comment }));
    box.appendChild(comment);
    box.appendChild(sendBtn);
    box.onsubmit = function (ev) {
      ev.preventDefault();
      if (!score) return;
      sendBtn.setAttribute('disabled', '');
      api('v1/chat/sessions/' + encodeURIComponent(st.s) + '/rating', { score: score, comment: comment.value }, true)
        .then(function () { box.remove(); note(t.rated); },
          function () { sendBtn.removeAttribute('disabled'); show('note fdw-error', t.rateFailed, '', false); });
    };
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }
  function listen() {
    if (es || !st.s || !window.EventSource) return;
    // After a reload, resume after the last event (the browser sends
    // Last-Event-ID only when it reconnects by itself).
    es = new EventSource(new URL('v1/chat/sessions/' + encodeURIComponent(st.s) + '/events?token=' +
      encodeURIComponent(st.k) + (st.last ? '&last_event_id=' + encodeURIComponent(st.last) : ''), base).href);
    ['reply', 'agent_joined', 'agent_message', 'agent_left', 'rating_request'].forEach(function (k) {
      es.addEventListener(k, onEvent);
    });
    es.onopen = function () { wait = 1000; };
    es.onerror = function () {
      // CLOSED (refused: lost session, restart): retry later ourselves.
      if (!es || es.readyState !== 2) return;
      es = null;
      setTimeout(listen, wait);
      wait = Math.min(wait * 2, 60000);
    };
  }

  launcher.onclick = function () { open(panel.hidden, true); };
  closeBtn.onclick = function () { open(false, true); };
  root.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !panel.hidden) { e.preventDefault(); open(false, true); }
  });
  humanBtn.onclick = function () { send(t.humanText); input.focus(); };
  form.onsubmit = function (e) {
    e.preventDefault();
    send(input.value);
    input.value = '';
  };
  // Continue by e-mail: the agent's answer is also mailed to this address.
  emailForm.onsubmit = function (e) {
    e.preventDefault();
    var v = email.value.trim();
    if (!email.checkValidity() || !v) return email.reportValidity();
    api('v1/chat/sessions/' + encodeURIComponent(st.s) + '/contact', { email: v }, true).then(function () {
      st.mail = 2;
      note(fmt(t.thanks, v));
      sync();
      input.focus();
    }, function (x) {
      show('note fdw-error', x.status === 400 ? t.badEmail : x.status === 429 ? fmt(t.fast, x.after) : t.failed, '', false);
    });
  };

  function start() {
    st.log.forEach(function (m) { show(m.k, m.t, m.a, false); });
    launcher.classList.remove('fdw-unread');
    sync();
    document.body.appendChild(root);
    if (st.open) open(true, false);
    listen();
  }
  var css = el('link', { rel: 'stylesheet', href: new URL('widget.css', base).href });
  css.onload = css.onerror = function () { root.hidden = false; };
  document.head.appendChild(css);
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
