// Autosaving forms (form[data-autosave], posted by htmx as the person types).
//
// Nothing typed may be lost to a dropped connection or a closed tab: every change is also kept as a
// draft in this browser's localStorage until the server confirms the save. When the page is opened
// again with a draft still there, the draft is put back into the form and saved.
(function () {
  "use strict";

  function draftKey(form) { return "opencaf-draft:" + window.location.pathname; }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.name !== "csrfmiddlewaretoken" && element.type !== "hidden" && element.type !== "submit";
    });
  }

  function snapshot(form) {
    var data = {};
    fields(form).forEach(function (element) {
      data[element.name] = element.type === "checkbox" ? element.checked : element.value;
    });
    return data;
  }

  function setStatus(form, message, className) {
    var status = form.querySelector("#save-status");
    if (status) {
      status.textContent = message;
      status.className = "mt-2 " + className;
    }
  }

  function keepDraft(form) {
    try { window.localStorage.setItem(draftKey(form), JSON.stringify(snapshot(form))); } catch (error) { /* storage full or disabled */ }
  }

  function restoreDraft(form) {
    var raw = null;
    try { raw = window.localStorage.getItem(draftKey(form)); } catch (error) { return; }
    if (!raw) { return; }
    var draft = JSON.parse(raw);
    fields(form).forEach(function (element) {
      if (!(element.name in draft)) { return; }
      if (element.type === "checkbox") { element.checked = draft[element.name]; } else { element.value = draft[element.name]; }
    });
    setStatus(form, form.getAttribute("data-restored-message"), "text-warning-emphasis");
    if (window.htmx) { window.htmx.trigger(form, "change"); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    if (!form || form.querySelector("fieldset[disabled]")) { return; }
    form.addEventListener("input", function () { keepDraft(form); });
    form.addEventListener("change", function () { keepDraft(form); });
    restoreDraft(form);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-autosave]") : null;
    if (!form) { return; }
    if (event.detail.successful && !form.querySelector("#save-status .alert-danger")) {
      // Saved on the server: the draft is no longer needed (unless typing went on meanwhile).
      var current = JSON.stringify(snapshot(form));
      try {
        if (window.localStorage.getItem(draftKey(form)) === current) { window.localStorage.removeItem(draftKey(form)); }
      } catch (error) { /* storage disabled */ }
    }
  });

  // Back online: send what was kept while the connection was down.
  window.addEventListener("online", function () {
    var form = document.querySelector("form[data-autosave]");
    var pending = null;
    try { pending = form && window.localStorage.getItem(draftKey(form)); } catch (error) { return; }
    if (pending && window.htmx) { window.htmx.trigger(form, "change"); }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-autosave]") : null;
    if (form) { setStatus(form, form.getAttribute("data-offline-message"), "text-danger"); }
  });
})();
