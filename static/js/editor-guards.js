/* Guard rails in the admin's change forms.
 *
 * - Unsaved edits: leaving the form (a link, the History button, closing the tab) after
 *   changing anything asks first, through the browser's own "Leave site?" prompt. A form
 *   shown again after a refused save (errors, an edit conflict) holds unsaved text from
 *   the start. Saving never asks.
 * - After an edit conflict, "Use their text" copies a colleague's saved text into the
 *   form's field, so merging needs no copy and paste.
 */
(function () {
  "use strict";
  var form = document.querySelector("#content-main form[id$='_form']");
  if (!form) { return; }

  function state() {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      parts.push(name + "=" + (typeof value === "string" ? value : value.name));
    });
    return parts.join("&");
  }

  var opened = state();
  var refused = Boolean(document.querySelector(".errornote, .revision-conflict"));
  var submitting = false;

  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("pageshow", function () { submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (submitting || (!refused && state() === opened)) { return; }
    event.preventDefault();
    event.returnValue = "";
  });

  document.querySelectorAll("[data-use-theirs]").forEach(function (button) {
    var name = button.getAttribute("data-use-theirs");
    var field = form.elements.namedItem(name);
    var source = document.getElementById("conflict-theirs-" + name);
    if (!field || !source || typeof field.value !== "string") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.value = source.textContent;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      button.textContent = "Their text is now in the form";
      field.focus();
    });
  });
}());
