// A form sent back with errors: move the focus to its error summary (core/_form_fields.html), so
// that keyboard and screen-reader users start at the list of problems instead of at the top of the
// page. Only on page load: a fragment swapped in by htmx (autosave) must never take the focus.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
