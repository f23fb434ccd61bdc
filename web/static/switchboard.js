// Switchboard's page glue, written on htmx 2's public API (htmx.swap, htmx.values):
// one WebSocket per page; every frame from the server is a set of hx-swap-oob fragments;
// every form marked ws-send goes to the server as htmx's ws-send JSON.
(function () {
  'use strict';

  var socket = null;
  var retryMs = 500;

  function socketUrl(path) {
    var url = new URL(path, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    var me = document.getElementById('me');
    // After a reconnect, come back as the same nick in the same room when possible.
    if (me && me.dataset.nick) {
      url.searchParams.set('nick', me.dataset.nick);
      url.searchParams.set('room', me.dataset.room);
    }
    return url;
  }

  function setState(text, kind) {
    var state = document.getElementById('state');
    state.textContent = text;
    state.dataset.kind = kind;
  }

  function connect(root) {
    setState('connecting…', 'connecting');
    socket = new WebSocket(socketUrl(root.getAttribute('ws-connect')));
    socket.onopen = function () {
      retryMs = 500;
      setState('connected', 'up');
    };
    socket.onmessage = function (event) {
      var log = document.getElementById('messages');
      var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      htmx.swap(document.body, event.data, { swapStyle: 'none' });
      refresh();
      if (atBottom) {
        log.scrollTop = log.scrollHeight;
      }
    };
    socket.onclose = function (event) {
      setState('disconnected' + (event.reason ? ': ' + event.reason : ''), 'down');
      if (event.code === 1008) {
        return; // the server put us out on purpose: reconnecting would repeat it
      }
      window.setTimeout(function () { connect(root); }, retryMs);
      retryMs = Math.min(retryMs * 2, 10000);
    };
  }

  function send(form) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
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
      time.title = 'connected at ' + new Date(time.getAttribute('datetime')).toLocaleTimeString();
    });
    var me = document.getElementById('me');
    document.querySelectorAll('#rooms button[data-room]').forEach(function (button) {
      button.setAttribute('aria-current', button.dataset.room === me.dataset.room ? 'true' : 'false');
    });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target.closest('form[ws-send]');
    if (!form) {
      return;
    }
    event.preventDefault();
    if (send(form) && !form.closest('#rooms')) {
      form.reset();
    }
  });

  // Enter sends, Shift+Enter starts a new line (a multi-line message reaches terminals as several lines).
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && event.target.matches('#composer textarea')) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.querySelector('[ws-connect]');
    if (root) {
      connect(root);
    }
    window.setInterval(refresh, 15000);
  });
})();
