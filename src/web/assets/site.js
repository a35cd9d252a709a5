// Progressive enhancement only: every page works without this file.
// Filters apply as soon as a box is ticked; the page says so, and the Apply button stays for keyboards.
(function () {
  var form = document.querySelector('form[data-autosubmit]');
  if (!form) return;
  var note = form.querySelector('[data-autosubmit-note]');
  if (note) note.hidden = false;
  form.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.type === 'checkbox') form.submit();
  });
})();

// Document upload with a progress bar: the same multipart post as without JavaScript, sent by XHR so
// the bar can follow it; afterwards the page the server answered with is shown (its redirect, or the
// page with the problem). Without XHR upload events the form posts as usual.
(function () {
  var form = document.querySelector('form[data-upload]');
  if (!form || !window.FormData || !('upload' in new XMLHttpRequest())) return;
  var box = form.querySelector('[data-upload-progress]');
  var bar = box && box.querySelector('progress');
  var percent = box && box.querySelector('[data-upload-percent]');
  form.addEventListener('submit', function (event) {
    if (!bar) return;
    event.preventDefault();
    var button = form.querySelector('button[type=submit]');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      var value = Math.round((e.loaded / e.total) * 100);
      bar.value = value;
      percent.textContent = value + '%';
    });
    xhr.addEventListener('load', function () {
      var main = document.querySelector('main');
      // Redirected (303) to the record page: show it as a normal navigation would.
      if (xhr.status === 200 && xhr.responseURL && xhr.responseURL !== form.action) return window.location.assign(xhr.responseURL);
      var page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var next = page.querySelector('main');
      if (main && next) {
        main.replaceWith(next);
        var alert = next.querySelector('[role=alert]');
        if (alert) alert.focus();
      } else {
        window.location.reload();
      }
    });
    xhr.addEventListener('error', function () {
      box.hidden = true;
      if (button) button.disabled = false;
      var note = form.querySelector('[data-upload-failed]');
      if (note) note.hidden = false;
    });
    box.hidden = false;
    bar.value = 0;
    percent.textContent = '0%';
    if (button) button.disabled = true;
    xhr.send(new FormData(form));
  });
})();

// Live document status: while a document is waiting or being read, ask the server every few seconds
// and update its status (announced politely to screen readers) until every document has finished.
(function () {
  var list = document.querySelector('[data-status-url]');
  if (!list || !window.fetch) return;
  var announcer = document.querySelector('[data-status-announcer]');
  var busy = function (state) {
    return state === 'PENDING' || state === 'PROCESSING';
  };
  var delay = 2000;
  function pending() {
    return Array.prototype.filter.call(list.querySelectorAll('[data-document-status]'), function (el) {
      return busy(el.getAttribute('data-state'));
    });
  }
  function poll() {
    var waiting = pending();
    if (!waiting.length) return;
    var query = waiting
      .map(function (el) {
        return 'id=' + encodeURIComponent(el.getAttribute('data-document-status'));
      })
      .join('&');
    fetch(list.getAttribute('data-status-url') + '?' + query, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : { documents: [] };
      })
      .then(function (body) {
        (body.documents || []).forEach(function (doc) {
          var el = list.querySelector('[data-document-status="' + doc.id + '"]');
          if (!el || el.getAttribute('data-state') === doc.status) return;
          el.setAttribute('data-state', doc.status);
          el.className = 'status-' + doc.status;
          el.textContent = doc.label;
          var reason = list.querySelector('[data-document-reason="' + doc.id + '"]');
          if (reason && doc.failureReason) {
            reason.textContent = doc.failureReason;
            reason.hidden = false;
          }
          // The forms of this document carry its version: keep them current so they are not refused as stale.
          var item = list.querySelector('[data-document="' + doc.id + '"]');
          if (item)
            Array.prototype.forEach.call(item.querySelectorAll('input[name=expectedVersion]'), function (input) {
              input.value = String(doc.version);
            });
          if (item && !busy(doc.status))
            Array.prototype.forEach.call(item.querySelectorAll('[data-when-read]'), function (el) {
              el.hidden = false;
            });
          var name = item && item.querySelector('strong');
          if (announcer) announcer.textContent = (name ? name.textContent + ': ' : '') + doc.label;
        });
        setTimeout(poll, delay);
      })
      .catch(function () {
        setTimeout(poll, delay * 3);
      });
  }
  setTimeout(poll, delay);
})();

// A page that answers a form with its problems: the error summary takes the focus, so a screen reader
// reads it first and the keyboard starts from its links.
(function () {
  var summary = document.querySelector('.error-summary[tabindex]');
  if (summary) summary.focus();
})();

// "Copy" buttons beside a citation: shown only where the clipboard can be written; the text stays
// selectable without them. The status line says it worked (to screen readers too).
(function () {
  if (!navigator.clipboard) return;
  var status = document.querySelector('[data-copy-status]');
  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) status.textContent = status.getAttribute('data-copied');
      });
    });
  });
})();
