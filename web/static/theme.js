// The page's colour theme: the system's (prefers-color-scheme) until the user picks one with the
// toggle, then that one, remembered. Loaded in <head>, before the first paint, so the page never
// flashes in the wrong theme.
(function () {
  'use strict';

  var KEY = 'switchboard-theme';
  var root = document.documentElement;
  var system = window.matchMedia('(prefers-color-scheme: dark)');

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === 'dark' || value === 'light' ? value : null;
    } catch (e) {
      return null; // storage refused (private mode, policy): follow the system
    }
  }

  function current() {
    return stored() || (system.matches ? 'dark' : 'light');
  }

  function apply() {
    var theme = current();
    root.dataset.theme = theme;
    var toggle = document.getElementById('theme');
    if (toggle) {
      toggle.setAttribute('aria-pressed', theme === 'dark' ? 'true' : 'false');
    }
  }

  apply();
  system.addEventListener('change', apply);
  document.addEventListener('DOMContentLoaded', function () {
    apply();
    var toggle = document.getElementById('theme');
    if (toggle) {
      toggle.addEventListener('click', function () {
        try {
          window.localStorage.setItem(KEY, current() === 'dark' ? 'light' : 'dark');
        } catch (e) {
          root.dataset.theme = current() === 'dark' ? 'light' : 'dark'; // not remembered, still switched
          toggle.setAttribute('aria-pressed', root.dataset.theme === 'dark' ? 'true' : 'false');
          return;
        }
        apply();
      });
    }
  });
})();
