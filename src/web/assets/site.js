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
