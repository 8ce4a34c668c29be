// Forms marked data-warn-unsaved ask before the page is left with changes that were not saved:
// the consensus form holds a group's wording typed during a meeting, and nothing saves it as one
// types. Submitting the form is saving, so it switches the warning off.
(function () {
  "use strict";

  var changed = false;

  function warn(event) {
    if (!changed) { return; }
    event.preventDefault();
    event.returnValue = "";  // older browsers show their own text only when this is set
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-warn-unsaved]");
    if (!forms.length) { return; }
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("input", function () { changed = true; });
      form.addEventListener("change", function () { changed = true; });
      form.addEventListener("submit", function () { changed = false; });
    });
    window.addEventListener("beforeunload", warn);
  });
})();
