/*!
 * Dialogo web-chat widget. No dependencies, no build step.
 *
 * Embed:
 *   <script src="https://<dialogo host>/widget.js" data-widget="<widget id>" async></script>
 * Optional attributes (or window.DialogoWidgetSettings = {userIdentifier, userHash, name, email, lang}):
 *   data-user-identifier + data-user-hash  identify a logged-in customer; the hash is
 *                                          hex HMAC-SHA256(identity secret, identifier),
 *                                          computed on the host site's server
 *   data-name, data-email                  trusted only with a verified identity
 *   data-lang                              en | es | pl (default: the browser's language)
 * API: window.DialogoWidget.open() / .close() / .shutdown() (forget this visitor: on logout).
 *
 * Protocol (CHANNELS.md §8): a session from POST /api/widget/v1/sessions (token kept in
 * localStorage), then a websocket /ws/widget/?token=…&after=<last id>. Messages typed while
 * offline wait in a queue (localStorage) and are flushed as one `batch` frame on reconnect;
 * each carries a client_message_id (UUID), so a resend is acknowledged, never stored twice.
 * Messages render in server order (their id) and are deduplicated by id. All text goes
 * through textContent: nothing a person typed is ever parsed as HTML.
 */
(function () {
  'use strict';

  var script = document.currentScript || document.querySelector('script[data-widget]');
  if (!script || window.__dialogoWidgetLoaded) return;
  window.__dialogoWidgetLoaded = true;

  var settings = window.DialogoWidgetSettings || {};
  var data = script.dataset || {};
  var widgetId = parseInt(data.widget || settings.widget, 10);
  if (!widgetId) {
    if (window.console) console.warn('Dialogo widget: data-widget="<id>" is missing.');
    return;
  }
  var base = new URL(script.src, window.location.href);
  var httpBase = base.origin;
  var wsBase = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host;
  var identity = {
    user_identifier: data.userIdentifier || settings.userIdentifier || '',
    user_hash: data.userHash || settings.userHash || '',
    name: data.name || settings.name || '',
    email: data.email || settings.email || '',
  };

  // --- i18n -------------------------------------------------------------------------------
  var DICTIONARIES = {
    en: {
      open: 'Open chat', close: 'Close chat', title: 'Chat with us', greeting: 'Hi! How can we help you?',
      placeholder: 'Write a message…', send: 'Send', label: 'Your message', connecting: 'Connecting…',
      offline: 'Offline: your messages will be sent when the connection is back.', sending: 'Sending…',
      failed: 'Not sent', sent: 'Sent', read: 'Read', typing: 'is typing…', agent: 'Support', you: 'You',
      unread: 'unread messages', conversation: 'Conversation',
    },
    es: {
      open: 'Abrir chat', close: 'Cerrar chat', title: 'Chatea con nosotros', greeting: '¡Hola! ¿En qué podemos ayudarte?',
      placeholder: 'Escribe un mensaje…', send: 'Enviar', label: 'Tu mensaje', connecting: 'Conectando…',
      offline: 'Sin conexión: tus mensajes se enviarán cuando vuelva la conexión.', sending: 'Enviando…',
      failed: 'No enviado', sent: 'Enviado', read: 'Leído', typing: 'está escribiendo…', agent: 'Soporte', you: 'Tú',
      unread: 'mensajes sin leer', conversation: 'Conversación',
    },
    pl: {
      open: 'Otwórz czat', close: 'Zamknij czat', title: 'Porozmawiaj z nami', greeting: 'Cześć! W czym możemy pomóc?',
      placeholder: 'Napisz wiadomość…', send: 'Wyślij', label: 'Twoja wiadomość', connecting: 'Łączenie…',
      offline: 'Brak połączenia: wiadomości zostaną wysłane po jego przywróceniu.', sending: 'Wysyłanie…',
      failed: 'Nie wysłano', sent: 'Wysłano', read: 'Przeczytano', typing: 'pisze…', agent: 'Obsługa', you: 'Ty',
      unread: 'nieprzeczytane wiadomości', conversation: 'Rozmowa',
    },
  };
  var lang = (data.lang || settings.lang || navigator.language || 'en').slice(0, 2).toLowerCase();
  if (!DICTIONARIES[lang]) lang = 'en';
  var t = DICTIONARIES[lang];

  // --- Storage ----------------------------------------------------------------------------
  var KEY = 'dialogo-widget:' + widgetId + ':';
  function load(name, fallback) {
    try {
      var raw = window.localStorage.getItem(KEY + name);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }
  function store(name, value) {
    try {
      if (value === null) window.localStorage.removeItem(KEY + name);
      else window.localStorage.setItem(KEY + name, JSON.stringify(value));
    } catch (e) { /* private mode: memory only */ }
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // --- State ------------------------------------------------------------------------------
  var state = {
    token: load('token', null),
    messages: {}, // id -> message, as the server sent it
    queue: load('queue', []), // [{client_message_id, text, sent_at}] not acknowledged yet
    failed: {}, // client_message_id -> error detail (refused by the server: not retried)
    socket: null,
    connected: false,
    attempts: 0,
    reconnectTimer: null,
    pollTimer: null,
    open: false,
    unread: 0,
    lastReadSent: 0,
    typingSentAt: 0,
    agentTypingUntil: 0,
    widgetName: '',
    askedAfter: 0,
    stopped: false,
  };

  function lastId() {
    var ids = Object.keys(state.messages).map(Number);
    return ids.length ? Math.max.apply(null, ids) : 0;
  }

  // --- DOM (in a shadow root: the host page's CSS cannot break it, ours cannot leak) -------
  var CSS = [
    ':host { all: initial; }',
    '* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }',
    '.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0;',
    '  background: #2563eb; color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000; }',
    '.launcher:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }',
    '.launcher svg { width: 26px; height: 26px; vertical-align: middle; }',
    '.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 5px; border-radius: 10px;',
    '  background: #dc2626; color: #fff; font-size: 12px; line-height: 20px; }',
    '.panel { position: fixed; right: 20px; bottom: 88px; width: 360px; max-width: calc(100vw - 40px); height: 520px;',
    '  max-height: calc(100vh - 120px); display: flex; flex-direction: column; background: #fff; color: #111827;',
    '  border-radius: 12px; box-shadow: 0 10px 40px rgba(0,0,0,.25); overflow: hidden; z-index: 2147483000; }',
    '.panel[hidden] { display: none; }',
    '.header { display: flex; align-items: center; justify-content: space-between; padding: 12px 16px; background: #2563eb; color: #fff; }',
    '.header h2 { margin: 0; font-size: 16px; font-weight: 600; }',
    '.close { background: transparent; border: 0; color: #fff; font-size: 22px; cursor: pointer; line-height: 1; }',
    '.status { font-size: 12px; padding: 6px 16px; background: #fef3c7; color: #92400e; }',
    '.status[hidden] { display: none; }',
    '.log { flex: 1; overflow-y: auto; padding: 12px 16px; display: flex; flex-direction: column; gap: 8px; background: #f9fafb; margin: 0; list-style: none; }',
    '.msg { max-width: 80%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; font-size: 14px; line-height: 1.4; }',
    '.msg.in { align-self: flex-end; background: #2563eb; color: #fff; border-bottom-right-radius: 4px; }',
    '.msg.out { align-self: flex-start; background: #e5e7eb; color: #111827; border-bottom-left-radius: 4px; }',
    '.msg.pending { opacity: .7; }',
    '.msg.failed { background: #fee2e2; color: #991b1b; }',
    '.meta { display: block; font-size: 11px; opacity: .8; margin-top: 4px; }',
    '.author { display: block; font-size: 12px; font-weight: 600; margin-bottom: 2px; }',
    '.file { display: block; margin-top: 6px; color: inherit; font-size: 13px; text-decoration: underline; }',
    '.file img { display: block; max-width: 100%; max-height: 200px; border-radius: 8px; }',
    '.greeting { align-self: flex-start; color: #4b5563; font-size: 14px; }',
    '.typing { font-size: 12px; color: #6b7280; padding: 0 16px 6px; min-height: 18px; background: #f9fafb; }',
    '.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; }',
    '.composer textarea { flex: 1; resize: none; border: 1px solid #d1d5db; border-radius: 8px; padding: 8px; font-size: 14px; height: 44px; }',
    '.composer button { border: 0; border-radius: 8px; background: #2563eb; color: #fff; padding: 0 14px; font-size: 14px; cursor: pointer; }',
    '.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); border: 0; }',
  ].join('\n');

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (name === 'className') node.className = attrs[name];
        else node.setAttribute(name, attrs[name]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(pathData) {
    var ns = 'http://www.w3.org/2000/svg';
    var icon = document.createElementNS(ns, 'svg');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    icon.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', pathData);
    icon.appendChild(path);
    return icon;
  }

  var host = el('div', { id: 'dialogo-widget', 'data-dialogo-widget': String(widgetId) });
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  root.appendChild(el('style', null, CSS));

  var panelId = 'dialogo-panel';
  var launcher = el('button', {
    className: 'launcher', type: 'button', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': panelId,
  });
  launcher.appendChild(svg('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'));
  var badge = el('span', { className: 'badge', hidden: '' });
  launcher.appendChild(badge);

  var panel = el('section', { className: 'panel', id: panelId, role: 'dialog', 'aria-label': t.title, hidden: '' });
  var header = el('div', { className: 'header' });
  var title = el('h2', null, t.title);
  var closeButton = el('button', { className: 'close', type: 'button', 'aria-label': t.close }, '×');
  header.appendChild(title);
  header.appendChild(closeButton);
  var statusBar = el('div', { className: 'status', role: 'status', hidden: '' });
  var log = el('ol', { className: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.conversation });
  var typingLine = el('div', { className: 'typing', 'aria-live': 'polite' });
  var form = el('form', { className: 'composer' });
  var inputId = 'dialogo-input';
  var label = el('label', { className: 'sr-only', for: inputId }, t.label);
  var input = el('textarea', { id: inputId, rows: '1', placeholder: t.placeholder, maxlength: '5000' });
  var sendButton = el('button', { type: 'submit' }, t.send);
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);
  panel.appendChild(header);
  panel.appendChild(statusBar);
  panel.appendChild(log);
  panel.appendChild(typingLine);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);

  function mount() {
    (document.body || document.documentElement).appendChild(host);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  // --- Rendering --------------------------------------------------------------------------
  function timeOf(iso) {
    try {
      return new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
    } catch (e) {
      return '';
    }
  }

  function bubble(message, extraClass, metaText) {
    var item = el('li', { className: 'msg ' + message.direction + (extraClass ? ' ' + extraClass : '') });
    if (message.id) item.setAttribute('data-message-id', String(message.id));
    if (message.client_message_id) item.setAttribute('data-client-message-id', message.client_message_id);
    if (message.direction === 'out') {
      item.appendChild(el('span', { className: 'author' }, (message.author && message.author.name) || t.agent));
    } else {
      item.appendChild(el('span', { className: 'sr-only' }, t.you + ': '));
    }
    item.appendChild(document.createTextNode(message.text || ''));
    (message.attachments || []).forEach(function (file) {
      item.appendChild(attachmentLink(file));
    });
    if (metaText) item.appendChild(el('span', { className: 'meta' }, metaText));
    return item;
  }

  // An agent's file: images inline, anything else as a link with its name. Links are the
  // server's signed https URLs; anything else is shown as text, never followed.
  function attachmentLink(file) {
    var url = String(file.url || '');
    var name = file.name || url.split('/').pop() || 'file';
    if (!/^https?:\/\//.test(url)) return el('span', { className: 'file' }, name);
    var link = el('a', { className: 'file', href: url, target: '_blank', rel: 'noopener noreferrer' });
    if (file.kind === 'image') link.appendChild(el('img', { src: url, alt: name, loading: 'lazy' }));
    else link.textContent = name;
    return link;
  }

  function render() {
    var stick = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    while (log.firstChild) log.removeChild(log.firstChild);
    log.appendChild(el('li', { className: 'greeting' }, t.greeting));
    var ordered = Object.keys(state.messages)
      .map(function (id) { return state.messages[id]; })
      .sort(function (a, b) { return (a.seq || a.id) - (b.seq || b.id); });
    var known = {};
    ordered.forEach(function (message) {
      if (message.deleted) return;
      if (message.client_message_id) known[message.client_message_id] = true;
      var meta = timeOf(message.created_at);
      if (message.direction === 'in' && message.status === 'read') meta += ' · ' + t.read;
      log.appendChild(bubble(message, '', meta));
    });
    // Not acknowledged yet: after everything the server ordered, in the order typed.
    state.queue.forEach(function (pending) {
      if (known[pending.client_message_id]) return;
      log.appendChild(bubble({ direction: 'in', text: pending.text, client_message_id: pending.client_message_id }, 'pending', t.sending));
    });
    Object.keys(state.failed).forEach(function (clientId) {
      var failed = state.failed[clientId];
      log.appendChild(bubble({ direction: 'in', text: failed.text, client_message_id: clientId }, 'failed', t.failed + ': ' + failed.detail));
    });
    if (stick || state.open) log.scrollTop = log.scrollHeight;
    badge.textContent = state.unread ? String(state.unread) : '';
    if (state.unread) {
      badge.removeAttribute('hidden');
      launcher.setAttribute('aria-label', t.open + ' (' + state.unread + ' ' + t.unread + ')');
    } else {
      badge.setAttribute('hidden', '');
      launcher.setAttribute('aria-label', t.open);
    }
    typingLine.textContent = state.agentTypingUntil > Date.now() ? t.agent + ' ' + t.typing : '';
  }

  function setStatus(text) {
    statusBar.textContent = text || '';
    if (text) statusBar.removeAttribute('hidden');
    else statusBar.setAttribute('hidden', '');
  }

  // --- Messages from the server -----------------------------------------------------------
  function merge(message, live) {
    var isNew = !state.messages[message.id];
    var previous = state.messages[message.id] || {};
    state.messages[message.id] = Object.assign({}, previous, message);
    if (message.client_message_id) dropFromQueue(message.client_message_id);
    if (isNew && live && message.direction === 'out' && !isVisible()) state.unread += 1;
    return isNew;
  }

  function dropFromQueue(clientId) {
    var before = state.queue.length;
    state.queue = state.queue.filter(function (pending) { return pending.client_message_id !== clientId; });
    if (state.queue.length !== before) store('queue', state.queue);
  }

  function isVisible() {
    return state.open && document.visibilityState !== 'hidden';
  }

  function sendReadReceipt() {
    if (!isVisible()) return;
    var upTo = 0;
    Object.keys(state.messages).forEach(function (id) {
      var message = state.messages[id];
      if (message.direction === 'out' && message.id > upTo) upTo = message.id;
    });
    if (upTo && upTo > state.lastReadSent && send({ type: 'receipt.read', up_to_message_id: upTo })) state.lastReadSent = upTo;
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'hello':
        state.attempts = 0;
        setStatus('');
        break;
      case 'history':
        frame.messages.forEach(function (message) { merge(message, false); });
        // After a reconnect (`after` sent), more missed than one frame holds: page through them.
        if (frame.has_more && state.askedAfter) fillGap();
        flushQueue();
        sendReadReceipt();
        break;
      case 'message.ack':
        delete state.failed[frame.client_message_id];
        var pending = state.queue.filter(function (p) { return p.client_message_id === frame.client_message_id; })[0];
        if (pending && !state.messages[frame.message_id]) {
          merge({
            id: frame.message_id, seq: frame.seq || frame.message_id, direction: 'in', client_message_id: frame.client_message_id,
            text: pending.text, status: 'received', author: null, created_at: frame.created_at, deleted: false,
          }, false);
        }
        dropFromQueue(frame.client_message_id);
        break;
      case 'message.created':
        merge(frame.message, true);
        if (frame.message.direction === 'out') state.agentTypingUntil = 0;
        // Even a duplicate (history already had it): it may have been queued then, read now.
        state.lastReadSent = Math.min(state.lastReadSent, frame.message.id - 1);
        sendReadReceipt();
        break;
      case 'message.updated':
        if (state.messages[frame.message.id]) merge(frame.message, false);
        break;
      case 'receipt.read':
        // An agent read the visitor's messages up to this one.
        Object.keys(state.messages).forEach(function (id) {
          var message = state.messages[id];
          if (message.direction === 'in' && message.id <= frame.up_to_message_id) message.status = 'read';
        });
        break;
      case 'typing':
        state.agentTypingUntil = frame.is_typing === false ? 0 : Date.now() + 6000;
        setTimeout(render, 6100);
        break;
      case 'error':
        if (frame.code === 'invalid_session') {
          forgetSession();
        } else if (frame.ref) {
          // Refused for what it is (too long, blank…): resending would be refused again.
          var refused = state.queue.filter(function (p) { return p.client_message_id === frame.ref; })[0];
          if (refused) {
            state.failed[frame.ref] = { text: refused.text, detail: frame.detail };
            dropFromQueue(frame.ref);
          }
        }
        break;
      default:
        break;
    }
    render();
  }

  // --- Transport --------------------------------------------------------------------------
  function api(method, path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    return fetch(httpBase + path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: 'omit', mode: 'cors',
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (payload) {
        if (!response.ok) {
          var error = new Error(payload.message || 'HTTP ' + response.status);
          error.status = response.status;
          error.code = payload.code;
          throw error;
        }
        return payload;
      });
    });
  }

  function startSession() {
    var body = { widget: widgetId, language: navigator.language || '' };
    if (state.token) body.session_token = state.token;
    Object.keys(identity).forEach(function (name) { if (identity[name]) body[name] = identity[name]; });
    return api('POST', '/api/widget/v1/sessions', body).then(function (session) {
      if (session.session_token !== state.token) {
        state.messages = {};
        state.lastReadSent = 0;
      }
      state.token = session.session_token;
      state.widgetName = session.widget_name;
      store('token', state.token);
      if (session.widget_name) title.textContent = session.widget_name;
      return session;
    });
  }

  function send(frame) {
    if (!state.socket || state.socket.readyState !== 1 || !state.connected) return false;
    state.socket.send(JSON.stringify(frame));
    return true;
  }

  function flushQueue() {
    if (!state.queue.length) return;
    var frames = state.queue.map(function (p) {
      return { type: 'message.create', client_message_id: p.client_message_id, text: p.text, sent_at: p.sent_at };
    });
    if (state.connected) {
      send(frames.length === 1 ? frames[0] : { type: 'batch', frames: frames });
    } else if (state.token) {
      flushOverRest();
    }
  }

  function flushOverRest() {
    // The websocket is down (a proxy that refuses upgrades, say): send over plain HTTP.
    state.queue.slice().forEach(function (pending) {
      api('POST', '/api/widget/v1/messages', pending).then(function (ack) {
        onFrame(Object.assign({ type: 'message.ack' }, ack));
      }).catch(function (error) {
        if (error.status === 400) onFrame({ type: 'error', ref: pending.client_message_id, detail: error.message });
      });
    });
  }

  function fillGap() {
    // More missed than one history frame holds: page through the REST history.
    api('GET', '/api/widget/v1/messages?after=' + lastId()).then(function (page) {
      page.messages.forEach(function (message) { merge(message, true); });
      render();
      if (page.has_more && page.messages.length) fillGap();
    }).catch(function () { /* the next reconnect tries again */ });
  }

  function connect() {
    if (state.stopped) return;
    clearTimeout(state.reconnectTimer);
    if (state.socket && state.socket.readyState <= 1) return; // connecting or open already
    var after = lastId();
    state.askedAfter = after;
    var url = wsBase + '/ws/widget/?token=' + encodeURIComponent(state.token) + (after ? '&after=' + after : '');
    var socket;
    try {
      socket = new WebSocket(url);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    state.socket = socket;
    socket.onopen = function () {
      state.connected = true;
      stopPolling();
    };
    socket.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      onFrame(frame);
    };
    socket.onclose = function (event) {
      state.connected = false;
      if (state.socket !== socket) return;
      state.socket = null;
      if (event.code === 4401) {
        forgetSession();
        return;
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (state.stopped) return;
    state.attempts += 1;
    // Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 30 s.
    var delay = Math.min(30000, 1000 * Math.pow(2, state.attempts - 1)) * (0.75 + Math.random() * 0.5);
    setStatus(state.attempts > 1 ? t.offline : t.connecting);
    if (state.attempts >= 3) startPolling();
    state.reconnectTimer = setTimeout(function () { ensureSession().then(connect, scheduleReconnect); }, delay);
  }

  function startPolling() {
    if (state.pollTimer || !state.token) return;
    flushOverRest();
    state.pollTimer = setInterval(function () {
      if (state.connected) return stopPolling();
      api('GET', '/api/widget/v1/messages' + (lastId() ? '?after=' + lastId() : '')).then(function (page) {
        page.messages.forEach(function (message) { merge(message, true); });
        render();
      }).catch(function () {});
    }, 10000);
  }

  function stopPolling() {
    clearInterval(state.pollTimer);
    state.pollTimer = null;
  }

  var sessionReady = null;
  function ensureSession() {
    if (!sessionReady) {
      sessionReady = startSession().catch(function (error) {
        sessionReady = null;
        throw error;
      });
    }
    return sessionReady;
  }

  function forgetSession() {
    state.token = null;
    store('token', null);
    sessionReady = null;
    if (state.socket) {
      var socket = state.socket;
      state.socket = null;
      socket.close();
    }
    state.connected = false;
    ensureSession().then(connect, scheduleReconnect);
  }

  // --- The visitor's actions --------------------------------------------------------------
  function submit() {
    var text = input.value.trim();
    if (!text) return;
    var pending = { client_message_id: uuid(), text: text, sent_at: new Date().toISOString() };
    state.queue.push(pending);
    store('queue', state.queue);
    input.value = '';
    typing(false);
    if (!send({ type: 'message.create', client_message_id: pending.client_message_id, text: pending.text, sent_at: pending.sent_at })) {
      setStatus(t.offline);
      if (state.pollTimer) flushOverRest();
    }
    render();
  }

  function typing(isTyping) {
    var now = Date.now();
    if (isTyping && now - state.typingSentAt < 3000) return;
    if (!isTyping && !state.typingSentAt) return;
    state.typingSentAt = isTyping ? now : 0;
    send({ type: 'typing', state: isTyping ? 'on' : 'off' });
  }

  function openPanel() {
    state.open = true;
    state.unread = 0;
    panel.removeAttribute('hidden');
    launcher.setAttribute('aria-expanded', 'true');
    render();
    input.focus();
    sendReadReceipt();
  }

  function closePanel() {
    state.open = false;
    panel.setAttribute('hidden', '');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', function () { (state.open ? closePanel : openPanel)(); });
  closeButton.addEventListener('click', closePanel);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closePanel();
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', function () { typing(input.value.length > 0); });
  input.addEventListener('blur', function () { typing(false); });
  document.addEventListener('visibilitychange', sendReadReceipt);
  window.addEventListener('online', function () {
    if (!state.connected) {
      state.attempts = 0;
      ensureSession().then(connect, scheduleReconnect);
    }
  });

  window.DialogoWidget = {
    open: openPanel,
    close: closePanel,
    shutdown: function () {
      // The host site's user logged out: forget this visitor in this browser.
      state.stopped = true;
      store('token', null);
      store('queue', null);
      if (state.socket) state.socket.close();
      stopPolling();
      clearTimeout(state.reconnectTimer);
      if (host.parentNode) host.parentNode.removeChild(host);
      window.__dialogoWidgetLoaded = false;
    },
  };

  render();
  setStatus(t.connecting);
  ensureSession().then(connect, function (error) {
    if (error.status === 403 || error.status === 404) {
      // Not enabled on this site, or no such widget: say so once, do not hammer the server.
      if (window.console) console.warn('Dialogo widget: ' + error.message);
      host.style.display = 'none';
      return;
    }
    scheduleReconnect();
  });
})();
