// Autosaving forms (data-autosave, posted by htmx): when the network fails, say so in the form's
// status area instead of failing silently. The typed text stays in the form and goes out with the
// next change, so nothing is lost.
document.addEventListener("htmx:sendError", function (event) {
  var form = event.target.closest ? event.target.closest("form[data-autosave]") : null;
  if (!form) { return; }
  var status = form.querySelector("#save-status");
  if (status) {
    status.textContent = form.getAttribute("data-offline-message");
    status.className = "mt-2 text-danger";
  }
});
