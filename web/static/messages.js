// What the page does to the message list after each swap: local times and day separators,
// mentions of the reader's nick, scroll anchoring with a "new messages" button and an unread
// marker, the unread count in the tab title, and keyboard focus kept across re-rendered lists.
// Everything here works on the DOM htmx already built from escaped text; it only adds elements
// and classes, and sets text through textContent, never markup.
(function () {
  'use strict';

  var TITLE = document.title;
  var CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  var FULL = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
  var unread = 0;

  function log() {
    return document.getElementById('messages');
  }

  function myNick() {
    var me = document.getElementById('me');
    return me ? me.dataset.nick : '';
  }

  function atBottom(el) {
    return el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  }

  function dayKey(date) {
    return date.getFullYear() + '-' + (date.getMonth() + 1) + '-' + date.getDate();
  }

  function dayLabel(date) {
    var today = new Date();
    var yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    if (dayKey(date) === dayKey(today)) {
      return 'Today';
    }
    if (dayKey(date) === dayKey(yesterday)) {
      return 'Yesterday';
    }
    return date.toLocaleDateString(undefined, {
      weekday: 'long', month: 'long', day: 'numeric',
      year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric'
    });
  }

  // Times arrive in UTC; each reader sees its own time zone, with the full date on hover.
  function localTimes(list) {
    list.querySelectorAll('article > time[datetime]:not([data-local])').forEach(function (time) {
      var at = new Date(time.getAttribute('datetime'));
      if (!isNaN(at)) {
        time.textContent = CLOCK.format(at);
        time.title = FULL.format(at);
        time.dataset.local = dayKey(at);
      }
    });
  }

  // A separator before the first message of each local day; stale ones (after scroll-back
  // prepended older days, or at midnight) are moved or relabelled rather than piled up.
  function daySeparators(list) {
    var keep = [];
    var previous = null;
    Array.prototype.forEach.call(list.querySelectorAll(':scope > article'), function (article) {
      var time = article.querySelector('time[data-local]');
      if (!time || time.dataset.local === previous) {
        return;
      }
      previous = time.dataset.local;
      var before = article.previousElementSibling;
      var separator = before && before.classList.contains('day') && before.dataset.day === previous ? before : null;
      if (!separator) {
        separator = document.createElement('p');
        separator.className = 'day';
        separator.setAttribute('role', 'separator');
        separator.dataset.day = previous;
        list.insertBefore(separator, article);
      }
      separator.textContent = dayLabel(new Date(time.getAttribute('datetime')));
      keep.push(separator);
    });
    list.querySelectorAll(':scope > .day').forEach(function (separator) {
      if (keep.indexOf(separator) < 0) {
        separator.remove();
      }
    });
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  // The reader's nick in someone else's message: the message is marked and the nick highlighted.
  function mentions(list) {
    var nick = myNick();
    if (!nick) {
      return;
    }
    var word = new RegExp('(^|[^\\p{L}\\p{N}_-])(' + escapeRegExp(nick) + ')(?=$|[^\\p{L}\\p{N}_-])', 'iu');
    list.querySelectorAll('article.msg:not([data-checked])').forEach(function (article) {
      article.dataset.checked = '';
      var author = article.querySelector('.nick');
      var text = article.querySelector('.text');
      if (!text || (author && author.textContent === nick && !article.classList.contains('private'))) {
        return;
      }
      var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) {
        nodes.push(walker.currentNode);
      }
      nodes.forEach(function (node) {
        var match = word.exec(node.data);
        if (!match || node.parentNode.closest('a')) {
          return;
        }
        var start = match.index + match[1].length;
        var rest = node.splitText(start);
        rest.splitText(match[2].length);
        var mark = document.createElement('mark');
        mark.textContent = rest.data;
        rest.parentNode.replaceChild(mark, rest);
        article.classList.add('mention');
      });
    });
  }

  function title() {
    document.title = unread > 0 ? '(' + unread + ') ' + TITLE : TITLE;
  }

  function jump() {
    return document.getElementById('jump');
  }

  function showJump() {
    var button = jump();
    if (button) {
      button.hidden = unread === 0;
      button.textContent = unread === 1 ? '1 new message ↓' : unread + ' new messages ↓';
    }
  }

  // The reader has caught up: the count goes, the marker stays where the new messages began.
  function caughtUp() {
    if (!document.hidden && atBottom(log())) {
      unread = 0;
      showJump();
      title();
    }
  }

  function placeMarker(list, first) {
    var old = list.querySelector(':scope > .unread');
    if (old) {
      old.remove();
    }
    var marker = document.createElement('p');
    marker.className = 'unread';
    marker.setAttribute('role', 'separator');
    marker.textContent = 'new';
    list.insertBefore(marker, first);
  }

  function decorate() {
    var list = log();
    if (!list) {
      return;
    }
    localTimes(list);
    daySeparators(list);
    mentions(list);
  }

  /** Called before a frame from the server is swapped in: what must survive it. */
  function before(frame) {
    var list = log();
    var active = document.activeElement;
    var replay = frame.indexOf('<div id="messages" hx-swap-oob="innerHTML">') >= 0;
    if (replay) {
      // A room's replay is not news: a screen reader should not read twenty old messages out on
      // every join, only what arrives afterwards. (User text is escaped, so the marker is ours.)
      list.setAttribute('aria-live', 'off');
    }
    return {
      stick: atBottom(list) && !document.hidden,
      last: list.lastElementChild,
      replay: replay,
      room: active && active.closest('#rooms') ? active.dataset.room || null : null,
      focusId: active && active.id ? active.id : null
    };
  }

  /** Called after the swap: decorations, scroll position, unread count and focus. */
  function after(state) {
    var list = log();
    // A replay replaced the list: nothing in it is new, and it starts at the bottom.
    var fresh = [];
    if (!state.replay) {
      var node = state.last && state.last.parentNode === list ? state.last.nextElementSibling : null;
      for (; node; node = node.nextElementSibling) {
        if (node.matches('article.msg')) {
          var author = node.querySelector('.nick');
          if (!author || author.textContent !== myNick() || node.classList.contains('private')) {
            fresh.push(node);
          }
        }
      }
    }
    decorate();
    if (state.replay) {
      unread = 0; // another room, or the list started afresh: nothing in it is unread
      showJump();
      title();
      // Live again once the accessibility tree has taken the replay in silence.
      window.setTimeout(function () { list.setAttribute('aria-live', 'polite'); }, 50);
    }
    if (state.replay || state.stick) {
      list.scrollTop = list.scrollHeight;
    } else if (fresh.length > 0) {
      if (unread === 0) {
        placeMarker(list, fresh[0]);
      }
      unread += fresh.length;
      showJump();
      title();
    }
    restoreFocus(state);
  }

  // Re-rendered lists (the rooms) replace the focused element: focus goes to its successor.
  function restoreFocus(state) {
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) {
      return;
    }
    var target = null;
    if (state.room) {
      target = Array.prototype.find.call(document.querySelectorAll('#rooms button[data-room]'), function (b) {
        return b.dataset.room === state.room;
      });
    } else if (state.focusId) {
      target = document.getElementById(state.focusId);
    }
    if (target) {
      target.focus({ preventScroll: true });
    }
  }

  /** The reader sent something: they are looking at the bottom of the list. */
  function sent() {
    var list = log();
    var marker = list.querySelector(':scope > .unread');
    if (marker) {
      marker.remove();
    }
    list.scrollTop = list.scrollHeight;
    caughtUp();
  }

  /** The id of the newest room message shown: a reconnecting page asks for what came after it. */
  function lastId() {
    var ids = document.querySelectorAll('#messages article[data-id]');
    var max = -1;
    ids.forEach(function (article) {
      max = Math.max(max, Number(article.dataset.id));
    });
    return max;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var list = log();
    list.addEventListener('scroll', caughtUp, { passive: true });
    jump().addEventListener('click', function () {
      list.scrollTop = list.scrollHeight;
      caughtUp();
      document.getElementById('composer-text').focus();
    });
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) {
        var marker = list.querySelector(':scope > .unread');
        if (unread > 0 && marker) {
          list.scrollTop = Math.max(0, marker.offsetTop - 8); // #messages is the offset parent
        }
        caughtUp();
      }
    });
    // Older messages paged in by htmx (scroll-back) get the same treatment.
    document.body.addEventListener('htmx:afterSettle', decorate);
    window.setInterval(decorate, 60000); // "Today" becomes "Yesterday" at midnight
  });

  window.SwitchboardMessages = { before: before, after: after, sent: sent, lastId: lastId, decorate: decorate };
})();
