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
 *
 * Files (images, PDF): each one picked is uploaded at once (POST /api/widget/v1/uploads, a
 * chip while it goes up), and the message names the uploads (`attachments: [{upload_id}]`).
 * The visitor's own files come back at session-authenticated URLs, fetched into blob: URLs.
 * An agent typing a reply shows as "<name> is typing…" until told to stop, or for 6 s after
 * the last word from the server (a lost "stopped" never sticks).
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
      attach: 'Attach a file', uploading: 'Uploading…', remove: 'Remove', file: 'File',
      tooBig: 'Too big: files can be up to {max} MB.', badType: 'Only images and PDF files can be sent.',
      uploadFailed: 'The file could not be uploaded.',
    },
    es: {
      open: 'Abrir chat', close: 'Cerrar chat', title: 'Chatea con nosotros', greeting: '¡Hola! ¿En qué podemos ayudarte?',
      placeholder: 'Escribe un mensaje…', send: 'Enviar', label: 'Tu mensaje', connecting: 'Conectando…',
      offline: 'Sin conexión: tus mensajes se enviarán cuando vuelva la conexión.', sending: 'Enviando…',
      failed: 'No enviado', sent: 'Enviado', read: 'Leído', typing: 'está escribiendo…', agent: 'Soporte', you: 'Tú',
      unread: 'mensajes sin leer', conversation: 'Conversación',
      attach: 'Adjuntar un archivo', uploading: 'Subiendo…', remove: 'Quitar', file: 'Archivo',
      tooBig: 'Demasiado grande: los archivos pueden ocupar hasta {max} MB.', badType: 'Solo se pueden enviar imágenes y archivos PDF.',
      uploadFailed: 'No se ha podido subir el archivo.',
    },
    pl: {
      open: 'Otwórz czat', close: 'Zamknij czat', title: 'Porozmawiaj z nami', greeting: 'Cześć! W czym możemy pomóc?',
      placeholder: 'Napisz wiadomość…', send: 'Wyślij', label: 'Twoja wiadomość', connecting: 'Łączenie…',
      offline: 'Brak połączenia: wiadomości zostaną wysłane po jego przywróceniu.', sending: 'Wysyłanie…',
      failed: 'Nie wysłano', sent: 'Wysłano', read: 'Przeczytano', typing: 'pisze…', agent: 'Obsługa', you: 'Ty',
      unread: 'nieprzeczytane wiadomości', conversation: 'Rozmowa',
      attach: 'Dołącz plik', uploading: 'Wysyłanie pliku…', remove: 'Usuń', file: 'Plik',
      tooBig: 'Za duży: pliki mogą mieć do {max} MB.', badType: 'Można wysyłać tylko obrazy i pliki PDF.',
      uploadFailed: 'Nie udało się wysłać pliku.',
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

  var TYPING_EXPIRES_MS = 6000;

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
    agentTypingName: '',
    typingTimer: null,
    uploads: [], // files picked for the next message: {key, name, kind, status: uploading|ready|error, upload_id?, error?}
    previews: {}, // upload_id -> blob: URL of a picked image, while this page lives
    files: {}, // authenticated attachment URL -> blob: URL (or 'loading' / 'error')
    uploadMaxBytes: 25 * 1024 * 1024, // the session answer says the real limits
    uploadTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'],
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
    '.file.chip-file { display: inline-flex; align-items: center; gap: 6px; padding: 6px 10px; border-radius: 8px; background: rgba(255,255,255,.18); text-decoration: none; }',
    '.msg.out .file.chip-file { background: #fff; }',
    '.file svg { width: 16px; height: 16px; flex: none; }',
    '.chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 10px 0; border-top: 1px solid #e5e7eb; }',
    '.chips:empty { display: none; }',
    '.chip { display: inline-flex; align-items: center; gap: 6px; max-width: 100%; padding: 4px 4px 4px 8px; border-radius: 8px;',
    '  background: #eef2ff; color: #1e3a8a; font-size: 12px; }',
    '.chip img { width: 24px; height: 24px; object-fit: cover; border-radius: 4px; }',
    '.chip .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 180px; }',
    '.chip .state { opacity: .75; }',
    '.chip.error { background: #fee2e2; color: #991b1b; }',
    '.chip button { border: 0; background: transparent; color: inherit; cursor: pointer; font-size: 16px; line-height: 1; padding: 0 4px; }',
    '.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; }',
    '.chips:not(:empty) + .composer { border-top: 0; }',
    '.composer textarea { flex: 1; resize: none; border: 1px solid #d1d5db; border-radius: 8px; padding: 8px; font-size: 14px; height: 44px; }',
    '.composer button { border: 0; border-radius: 8px; background: #2563eb; color: #fff; padding: 0 14px; font-size: 14px; cursor: pointer; }',
    '.composer button:disabled { opacity: .5; cursor: default; }',
    '.composer .attach { background: transparent; color: #4b5563; padding: 0 6px; }',
    '.composer .attach svg { width: 22px; height: 22px; vertical-align: middle; }',
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

  var PAPERCLIP = 'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z';
  var DOCUMENT = 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z';

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
  var chips = el('div', { className: 'chips', 'aria-live': 'polite' });
  var form = el('form', { className: 'composer' });
  var inputId = 'dialogo-input';
  var label = el('label', { className: 'sr-only', for: inputId }, t.label);
  var input = el('textarea', { id: inputId, rows: '1', placeholder: t.placeholder, maxlength: '5000' });
  var fileInput = el('input', {
    type: 'file', multiple: '', hidden: '', tabindex: '-1', 'aria-hidden': 'true', accept: state.uploadTypes.join(','),
  });
  var attachButton = el('button', { className: 'attach', type: 'button', 'aria-label': t.attach, title: t.attach });
  attachButton.appendChild(svg(PAPERCLIP));
  var sendButton = el('button', { type: 'submit' }, t.send);
  form.appendChild(label);
  form.appendChild(fileInput);
  form.appendChild(attachButton);
  form.appendChild(input);
  form.appendChild(sendButton);
  panel.appendChild(header);
  panel.appendChild(statusBar);
  panel.appendChild(log);
  panel.appendChild(typingLine);
  panel.appendChild(chips);
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

  // A file of a message: images inline, anything else as a link with its name. An agent's
  // file has the server's signed https URL; the visitor's own needs the session token, so it is
  // fetched into a blob: URL (a file just sent from this page shows from the picked file).
  // Anything else is shown as text, never followed.
  function attachmentLink(file) {
    var url = String(file.url || '');
    var name = file.name || url.split('/').pop() || t.file;
    var href = null;
    if (file.upload_id && state.previews[file.upload_id]) href = state.previews[file.upload_id];
    else if (file.authenticated && /^\/api\/widget\/v1\/attachments\/\d+$/.test(url)) href = privateFile(url);
    else if (/^https?:\/\//.test(url)) href = url;
    if (!href) return fileLabel(el('span', { className: 'file chip-file' }), name);
    var link = el('a', { className: 'file', href: href, target: '_blank', rel: 'noopener noreferrer' });
    if (href.indexOf('blob:') === 0) link.setAttribute('download', name);
    if (file.kind === 'image') link.appendChild(el('img', { src: href, alt: name, loading: 'lazy' }));
    else fileLabel(link, name).className = 'file chip-file';
    return link;
  }

  function fileLabel(node, name) {
    node.appendChild(svg(DOCUMENT));
    node.appendChild(el('span', null, name));
    return node;
  }

  function privateFile(url) {
    var known = state.files[url];
    if (known) return known === 'loading' || known === 'error' ? null : known;
    state.files[url] = 'loading';
    fetch(httpBase + url, { headers: { Authorization: 'Bearer ' + state.token }, credentials: 'omit', mode: 'cors' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.blob();
      })
      .then(function (blob) {
        state.files[url] = URL.createObjectURL(blob);
        render();
      })
      .catch(function () { state.files[url] = 'error'; });
    return null;
  }

  function renderChips() {
    while (chips.firstChild) chips.removeChild(chips.firstChild);
    state.uploads.forEach(function (item) {
      var chip = el('div', { className: 'chip' + (item.status === 'error' ? ' error' : ''), 'data-upload-status': item.status });
      if (item.kind === 'image' && item.preview && item.status !== 'error') chip.appendChild(el('img', { src: item.preview, alt: '' }));
      chip.appendChild(el('span', { className: 'name' }, item.name));
      if (item.status === 'uploading') chip.appendChild(el('span', { className: 'state' }, t.uploading));
      if (item.status === 'error') chip.appendChild(el('span', { className: 'state', role: 'alert' }, item.error));
      var remove = el('button', { type: 'button', 'aria-label': t.remove + ' ' + item.name }, '×');
      remove.addEventListener('click', function () {
        state.uploads = state.uploads.filter(function (other) { return other !== item; });
        renderChips();
        input.focus();
      });
      chip.appendChild(remove);
      chips.appendChild(chip);
    });
    sendButton.disabled = state.uploads.some(function (item) { return item.status === 'uploading'; });
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
      log.appendChild(bubble({
        direction: 'in', text: pending.text, client_message_id: pending.client_message_id, attachments: pending.attachments,
      }, 'pending', t.sending));
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
    typingLine.textContent = state.agentTypingUntil > Date.now() ? (state.agentTypingName || t.agent) + ' ' + t.typing : '';
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
            attachments: pending.attachments || [],
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
        // An agent writing a reply: until they stop, or TYPING_EXPIRES_MS after the last frame.
        state.agentTypingUntil = frame.is_typing === false ? 0 : Date.now() + TYPING_EXPIRES_MS;
        state.agentTypingName = typeof frame.name === 'string' ? frame.name : '';
        clearTimeout(state.typingTimer);
        if (state.agentTypingUntil) state.typingTimer = setTimeout(render, TYPING_EXPIRES_MS + 50);
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
      if (session.upload_max_bytes) state.uploadMaxBytes = session.upload_max_bytes;
      if (session.upload_types && session.upload_types.length) {
        state.uploadTypes = session.upload_types;
        fileInput.setAttribute('accept', state.uploadTypes.join(','));
      }
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
    var frames = state.queue.map(createFrame);
    if (state.connected) {
      send(frames.length === 1 ? frames[0] : { type: 'batch', frames: frames });
    } else if (state.token) {
      flushOverRest();
    }
  }

  // A queued message as the server takes it (its files by upload id only).
  function createFrame(pending) {
    var frame = { type: 'message.create', client_message_id: pending.client_message_id, text: pending.text, sent_at: pending.sent_at };
    if (pending.attachments && pending.attachments.length) {
      frame.attachments = pending.attachments.map(function (file) { return { upload_id: file.upload_id }; });
    }
    return frame;
  }

  function flushOverRest() {
    // The websocket is down (a proxy that refuses upgrades, say): send over plain HTTP.
    state.queue.slice().forEach(function (pending) {
      var body = createFrame(pending);
      delete body.type;
      api('POST', '/api/widget/v1/messages', body).then(function (ack) {
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
    if (state.uploads.some(function (item) { return item.status === 'uploading'; })) return; // the button says so too
    var ready = state.uploads.filter(function (item) { return item.status === 'ready'; });
    if (!text && !ready.length) return;
    var pending = {
      client_message_id: uuid(), text: text, sent_at: new Date().toISOString(),
      attachments: ready.map(function (item) {
        if (item.preview) state.previews[item.upload_id] = item.preview;
        return { upload_id: item.upload_id, name: item.name, kind: item.kind, mime_type: item.mime_type, size_bytes: item.size_bytes };
      }),
    };
    state.queue.push(pending);
    store('queue', state.queue);
    input.value = '';
    state.uploads = [];
    renderChips();
    typing(false);
    if (!send(createFrame(pending))) {
      setStatus(t.offline);
      if (state.pollTimer) flushOverRest();
    }
    render();
  }

  function tooBig() {
    return t.tooBig.replace('{max}', String(Math.floor(state.uploadMaxBytes / (1024 * 1024))));
  }

  // Upload at once, so the message is sent as soon as the visitor presses Send.
  function attach(file) {
    var item = { key: uuid(), name: file.name || t.file, kind: /^image\//.test(file.type) ? 'image' : 'file', status: 'uploading' };
    if (item.kind === 'image' && window.URL && URL.createObjectURL) item.preview = URL.createObjectURL(file);
    state.uploads.push(item);
    // Said before the bytes travel; the server checks again (by content, not by name).
    if (file.size > state.uploadMaxBytes) fail(item, tooBig());
    else if (file.type && state.uploadTypes.indexOf(file.type) < 0) fail(item, t.badType);
    renderChips();
    if (item.status === 'error') return;
    ensureSession().then(function () {
      var body = new FormData();
      body.append('file', file, file.name || 'file');
      return fetch(httpBase + '/api/widget/v1/uploads', {
        method: 'POST', headers: { Authorization: 'Bearer ' + state.token }, body: body, credentials: 'omit', mode: 'cors',
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (payload) {
        if (!response.ok) {
          var error = new Error(payload.message || 'HTTP ' + response.status);
          error.status = response.status;
          throw error;
        }
        return payload;
      });
    }).then(function (upload) {
      item.status = 'ready';
      item.upload_id = upload.id;
      item.name = upload.name;
      item.mime_type = upload.mime_type;
      item.size_bytes = upload.size_bytes;
      item.kind = /^image\//.test(upload.mime_type) ? 'image' : 'file';
    }, function (error) {
      fail(item, error.status === 413 ? tooBig() : error.status === 415 ? t.badType : t.uploadFailed);
    }).then(renderChips);
  }

  function fail(item, message) {
    item.status = 'error';
    item.error = message;
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
  input.addEventListener('paste', function (event) {
    var pasted = event.clipboardData && event.clipboardData.files;
    if (!pasted || !pasted.length) return;
    event.preventDefault();
    Array.prototype.forEach.call(pasted, attach);
  });
  attachButton.addEventListener('click', function () { fileInput.click(); });
  fileInput.addEventListener('change', function () {
    Array.prototype.forEach.call(fileInput.files || [], attach);
    fileInput.value = '';
    input.focus();
  });
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
      clearTimeout(state.typingTimer);
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
