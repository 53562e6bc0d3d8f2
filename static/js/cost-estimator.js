// The cost estimator, live: when an answer changes, ask the server for the same page with
// the new answers and swap in its result, so the sums are worked out in one place. The
// address bar follows, so the result can still be shared. Without this file the form's
// "Work it out" button does the same with a page load.
(function () {
  "use strict";

  var form = document.querySelector("[data-live-estimate]");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var status = document.getElementById("estimate-status");
  var timer = null;
  var latest = 0;

  function address() {
    var query = new URLSearchParams(new FormData(form)).toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    fresh.querySelectorAll("[data-live-region]").forEach(function (region) {
      var current = document.getElementById(region.id);
      if (current) current.replaceWith(document.importNode(region, true));
    });
    var freshSessions = fresh.getElementById("sessions");
    var sessions = document.getElementById("sessions");
    if (freshSessions && sessions) {
      if (freshSessions.hasAttribute("aria-invalid")) sessions.setAttribute("aria-invalid", "true");
      else sessions.removeAttribute("aria-invalid");
    }
    var estimate = document.getElementById("estimate-summary");
    if (status && estimate && estimate.dataset.summary) status.textContent = estimate.dataset.summary;
  }

  function update() {
    var url = address();
    var ticket = ++latest;
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (ticket !== latest) return; // a newer answer is on its way
        swap(html);
        window.history.replaceState(null, "", url);
      })
      .catch(function () {
        // Offline or a server error: the button still sends the form the ordinary way.
      });
  }

  function soon(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, delay);
  }

  form.addEventListener("change", function () { soon(0); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "number") soon(400);
  });
})();
