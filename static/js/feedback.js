// "Was this page helpful?", sent without leaving the page: the answer goes by fetch and the
// thanks (or what went wrong) shows in place. Without this file the form is sent the
// ordinary way and the reader comes back to the page's #feedback-thanks.
(function () {
  "use strict";

  var form = document.querySelector("[data-feedback]");
  if (!form || !window.fetch || !window.FormData) return;
  var thanks = document.getElementById("feedback-thanks");
  var error = form.querySelector("[data-feedback-error]");

  function say(message) {
    error.textContent = message;
    error.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.value) return; // not one of the answer buttons: send it normally
    event.preventDefault();
    var data = new FormData(form);
    data.set("helpful", button.value);
    form.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        form.removeAttribute("aria-busy");
        if (!result.ok) return say(result.body.error);
        form.hidden = true;
        thanks.textContent = result.body.message;
        thanks.hidden = false;
        thanks.focus();
      })
      .catch(function () {
        form.removeAttribute("aria-busy");
        say("Your answer could not be sent just now. Please try again.");
      });
  });
})();
