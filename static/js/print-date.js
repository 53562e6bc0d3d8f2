// On paper, say when the page was printed (the page's own date is printed anyway).
(function () {
  "use strict";
  var note = document.querySelector(".print-footer__printed");
  if (!note) return;
  var target = note.querySelector("[data-print-date]");
  function stamp() {
    target.textContent = new Date().toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric"
    });
    note.hidden = false;
  }
  window.addEventListener("beforeprint", stamp);
  stamp();
})();
