// "Is it for me?", worked out in the browser: the page already holds every item of the
// list, hidden; ticking boxes and pressing the button shows the matching ones. Nothing is
// sent, stored or put in the address. Without this file the form is POSTed once instead.
(function () {
  "use strict";

  var form = document.getElementById("self-check");
  var result = document.getElementById("self-check-result");
  if (!form || !result) return;

  function show() {
    var ticked = 0;
    result.querySelectorAll("[data-concern]").forEach(function (item) {
      var box = form.elements[item.getAttribute("data-concern")];
      if (!box) return; // the item shown whatever the answers
      item.hidden = !box.checked;
      if (box.checked) ticked += 1;
    });
    result.querySelector("[data-when-none]").hidden = ticked > 0;
    result.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
    result.focus();
    result.scrollIntoView({ block: "start" });
  });

  // Once the list shows, it follows the boxes as they change.
  form.addEventListener("change", function () {
    if (!result.hidden) show();
  });

  var print = result.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
