// Sharing files from the page: the attach input, drag and drop onto the chat, and pasting a file
// into the composer all upload the same way, a multipart POST to the room's files endpoint with a
// progress bar each. The server posts the file to the room as this page's member (the page's resume
// token, which never leaves the page, says which member); the card arrives like any message.
(function () {
  'use strict';

  function room() {
    return document.getElementById('me').dataset.room || 'lobby';
  }

  function humanSize(bytes) {
    var units = ['B', 'KiB', 'MiB', 'GiB'];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit === 0 ? value + ' B' : value.toFixed(1) + ' ' + units[unit];
  }

  function upload(file) {
    var item = document.createElement('li');
    var label = document.createElement('span');
    var bar = document.createElement('progress');
    label.textContent = file.name + ' (' + humanSize(file.size) + ')';
    bar.max = file.size || 1;
    bar.value = 0;
    item.append(label, ' ', bar);
    document.getElementById('uploads').append(item);

    var form = new FormData();
    form.append('file', file, file.name || 'pasted');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', 'api/rooms/' + encodeURIComponent(room()) + '/files');
    xhr.setRequestHeader('X-Switchboard-Page', window.SwitchboardPage.resumeToken);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        bar.max = event.total;
        bar.value = event.loaded;
      }
    };
    xhr.onload = function () {
      if (xhr.status === 201) {
        item.remove(); // the room's file card says the rest
        return;
      }
      var why = 'HTTP ' + xhr.status;
      try {
        why = JSON.parse(xhr.responseText).error || why;
      } catch (e) {
        // not JSON: the status says enough
      }
      fail(item, file.name + ': ' + why);
    };
    xhr.onerror = function () {
      fail(item, file.name + ': the upload did not reach the server');
    };
    xhr.send(form);
  }

  function fail(item, text) {
    item.textContent = text;
    item.className = 'error';
    window.setTimeout(function () { item.remove(); }, 15000);
  }

  function uploadAll(files) {
    Array.prototype.forEach.call(files, upload);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var input = document.getElementById('attach');
    var chat = document.querySelector('.chat');
    if (!input || !chat) {
      return;
    }
    // The native input is hidden: its look cannot be styled; the button opens its chooser.
    document.getElementById('attach-button').addEventListener('click', function () { input.click(); });
    input.addEventListener('change', function () {
      uploadAll(input.files);
      input.value = '';
    });
    chat.addEventListener('dragover', function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') >= 0) {
        event.preventDefault();
        chat.classList.add('dropping');
      }
    });
    chat.addEventListener('dragleave', function () { chat.classList.remove('dropping'); });
    chat.addEventListener('drop', function (event) {
      chat.classList.remove('dropping');
      if (event.dataTransfer && event.dataTransfer.files.length > 0) {
        event.preventDefault();
        uploadAll(event.dataTransfer.files);
      }
    });
    document.getElementById('composer-text').addEventListener('paste', function (event) {
      var files = event.clipboardData ? event.clipboardData.files : [];
      if (files.length > 0) {
        event.preventDefault(); // a pasted screenshot is a file, not text
        uploadAll(files);
      }
    });
  });
})();
