// Switchboard's page glue, written on htmx 2's public API (htmx.swap, htmx.values): one
// WebSocket per page (the element marked data-ws-connect names it); every frame from the server
// is a set of hx-swap-oob fragments; every form marked data-ws-send goes to the server in the
// JSON shape of htmx's ws-send, {"message": "...", "HEADERS": {...}}. The names are the page's
// own data-* attributes, not the htmx ws extension's, which the page does not load.
(function () {
  'use strict';

  var HEARTBEAT = /^<!--heartbeat (\d+)-->$/;
  var silentMs = 60000; // four of the server's heartbeat periods (it says which); 15 s until it does
  var messages = window.SwitchboardMessages;
  var root = null;
  var socket = null;
  var failures = 0;
  var retryTimer = null;
  var heard = 0;
  var stopped = false; // the server put us out on purpose: reconnecting would repeat it
  var connectedOnce = false;
  var composing = false;
  // Proves to the server that a new connection is this page coming back, so it keeps its nick.
  var resumeToken = (function () {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  })();

  // files.js proves with it that an upload comes from this page's member.
  window.SwitchboardPage = { resumeToken: resumeToken };

  function socketUrl() {
    var url = new URL(root.dataset.wsConnect, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('resume', resumeToken);
    var me = document.getElementById('me');
    // Coming back: the same nick in the same room, and only the messages missed since the last one.
    if (connectedOnce && me.dataset.nick) {
      url.searchParams.set('nick', me.dataset.nick);
      url.searchParams.set('room', me.dataset.room);
      url.searchParams.set('since', String(Math.max(0, messages.lastId())));
    }
    return url;
  }

  function setState(text, kind) {
    var state = document.getElementById('state');
    if (state.textContent !== text) {
      state.textContent = text;
    }
    state.dataset.kind = kind;
  }

  function open() {
    return socket && socket.readyState === WebSocket.OPEN;
  }

  function connect() {
    window.clearTimeout(retryTimer);
    retryTimer = null;
    delete document.getElementById('state').dataset.retryAt;
    if (socket || stopped) {
      return;
    }
    setState('connecting…', 'connecting');
    heard = Date.now(); // silence is counted from here, not from the connection before
    var ws = new WebSocket(socketUrl());
    socket = ws;
    ws.onopen = function () {
      watch();
      heard = Date.now();
      connectedOnce = true;
      setState('connected', 'up');
    };
    ws.onmessage = function (event) {
      heard = Date.now();
      watch();
      var beat = HEARTBEAT.exec(event.data);
      if (beat) {
        silentMs = 4 * Number(beat[1]);
        ws.send('{"heartbeat":true}');
        return;
      }
      failures = 0; // admitted, not just upgraded (a refusal opens and closes at once): backoff starts over
      var state = messages.before(event.data);
      htmx.swap(document.body, event.data, { swapStyle: 'none' });
      refresh();
      messages.after(state);
    };
    ws.onclose = function (event) {
      if (socket !== ws) {
        return;
      }
      socket = null;
      window.clearTimeout(silenceTimer);
      var reason = event.reason ? ': ' + event.reason : '';
      if (event.code === 1008) {
        stopped = true;
        setState('disconnected' + reason, 'down');
        return;
      }
      retry('disconnected' + reason);
    };
  }

  // Backoff doubles to 15 s, each wait drawn between half and all of it, so pages dropped together
  // (a gateway restart) do not all come back in the same instant.
  function retry(why) {
    failures++;
    var ceiling = Math.min(500 * Math.pow(2, failures - 1), 15000);
    var wait = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    setState(why + '; retrying in ' + Math.ceil(wait / 1000) + ' s', 'down');
    document.getElementById('state').dataset.retryAt = String(Date.now() + wait);
    retryTimer = window.setTimeout(connect, wait);
  }

  // The network is back, or the reader is: do not sit out the rest of a long backoff.
  function reconnectNow() {
    if (socket && Date.now() - heard > silentMs) {
      drop();
    }
    if (!socket && !stopped) {
      connect();
    }
  }

  // A connection that goes silent (no heartbeat) is dead even if the browser has not noticed: a
  // timer re-armed by every frame finds out. (In a background tab it may fire late, never early.)
  var silenceTimer = null;
  function watch() {
    window.clearTimeout(silenceTimer);
    silenceTimer = window.setTimeout(function () {
      if (socket && Date.now() - heard >= silentMs) {
        drop();
      }
    }, silentMs);
  }

  function drop() {
    var ws = socket;
    socket = null;
    ws.onclose = null;
    ws.close();
    retry('connection lost');
  }

  function send(form) {
    if (!open()) {
      setState('not connected: message not sent', 'down');
      return false;
    }
    var values = htmx.values(form);
    if (form.dataset.prefix) {
      values.message = form.dataset.prefix + (values.message || '');
    }
    values.HEADERS = {
      'HX-Request': 'true',
      'HX-Trigger': form.id || null,
      'HX-Current-URL': window.location.href
    };
    socket.send(JSON.stringify(values));
    return true;
  }

  // Roster counts and "connected for" times are derived from the DOM after each swap.
  function refresh() {
    document.querySelectorAll('[data-count-of]').forEach(function (badge) {
      var list = document.getElementById(badge.dataset.countOf);
      badge.textContent = list ? String(list.children.length) : '';
    });
    var now = Date.now();
    document.querySelectorAll('time.since').forEach(function (time) {
      var minutes = Math.max(0, Math.floor((now - Date.parse(time.getAttribute('datetime'))) / 60000));
      time.textContent = minutes < 1 ? 'just now'
        : minutes < 60 ? 'for ' + minutes + 'm'
        : 'for ' + Math.floor(minutes / 60) + 'h ' + (minutes % 60) + 'm';
      time.title = 'connected at ' + new Date(time.getAttribute('datetime')).toLocaleString();
    });
    var me = document.getElementById('me');
    document.querySelectorAll('#rooms button[data-room]').forEach(function (button) {
      button.setAttribute('aria-current', button.dataset.room === me.dataset.room ? 'true' : 'false');
    });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-ws-send]');
    if (!form) {
      return;
    }
    event.preventDefault();
    if (send(form) && !form.closest('#rooms')) {
      form.reset();
      if (form.id === 'composer') {
        messages.sent();
      }
    }
  });

  // Enter sends, Shift+Enter starts a new line (a multi-line message reaches terminals as several
  // lines). Not while an input method is composing: there Enter confirms the characters.
  document.addEventListener('compositionstart', function () { composing = true; });
  document.addEventListener('compositionend', function () {
    // Some browsers send the confirming Enter's keydown just after compositionend.
    window.setTimeout(function () { composing = false; }, 0);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.shiftKey || !event.target.matches('#composer textarea')) {
      return;
    }
    if (event.isComposing || event.keyCode === 229 || composing) {
      return;
    }
    event.preventDefault();
    event.target.form.requestSubmit();
  });

  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) {
      reconnectNow();
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    root = document.querySelector('[data-ws-connect]');
    if (root) {
      connect();
    }
    window.setInterval(refresh, 15000);
  });
})();
