// Switchboard's relay consoles: each <article data-relay> talks to one allow-listed target over
// its own WebSocket (/relay/NAME?mode=lines): a line typed is a line sent upstream, every text
// frame back is a line shown. It connects on demand, so opening the page opens no upstream socket.
(function () {
  'use strict';

  var MAX_LOG = 300; // entries kept per console: the log must not grow for ever
  var MAX_PENDING = 20; // lines typed while connecting, sent once open

  function console_(article) {
    var log = article.querySelector('.relay-log');
    var state = article.querySelector('.relay-state');
    var toggle = article.querySelector('.relay-toggle');
    var form = article.querySelector('.relay-form');
    var input = form.querySelector('input[name="line"]');
    var socket = null;
    var pending = [];

    function entry(kind, text) {
      var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 30;
      var line = document.createElement('div');
      line.className = 'relay-line ' + kind;
      line.textContent = text; // text, never markup: the bytes come from an arbitrary server
      log.appendChild(line);
      while (log.children.length > MAX_LOG) {
        log.removeChild(log.firstChild);
      }
      if (atBottom) {
        log.scrollTop = log.scrollHeight;
      }
    }

    function setState(kind, text) {
      state.dataset.kind = kind;
      state.textContent = text;
      toggle.textContent = kind === 'open' || kind === 'connecting' ? 'Disconnect' : 'Connect';
    }

    function connect() {
      var url = new URL(article.dataset.url, window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      setState('connecting', 'connecting…');
      var ws = new WebSocket(url);
      socket = ws;
      ws.onopen = function () {
        setState('open', 'open');
        // Open means the WebSocket is up; the gateway reaches upstream on its own and says so by
        // closing with 1014 if it cannot.
        entry('sys', 'websocket open; the gateway connects to ' + article.querySelector('.relay-target').textContent);
        pending.splice(0).forEach(send);
      };
      ws.onmessage = function (event) {
        entry('in', typeof event.data === 'string' ? event.data : '[binary data]');
      };
      ws.onclose = function (event) {
        if (socket === ws) {
          socket = null;
        }
        var normal = event.code === 1000 || event.code === 1005;
        var text = 'closed ' + event.code + (event.reason ? ': ' + event.reason : '');
        setState(normal ? 'closed' : 'error', text);
        entry(normal ? 'sys' : 'sys error', text);
        pending = [];
      };
    }

    function send(line) {
      socket.send(line);
      entry('out', line);
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var line = input.value;
      input.value = '';
      if (socket && socket.readyState === WebSocket.OPEN) {
        send(line);
        return;
      }
      if (pending.length < MAX_PENDING) {
        pending.push(line);
      }
      if (!socket) {
        connect();
      }
    });

    toggle.addEventListener('click', function () {
      if (socket) {
        socket.close(1000, 'closed from the page');
      } else {
        connect();
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('article[data-relay]').forEach(console_);
  });
})();
