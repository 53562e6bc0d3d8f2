// Progressive enhancements for every page. The site works fully without this file:
// it only makes a few things nicer where JavaScript runs.
(function () {
  "use strict";

  // Tables: label each cell with its column name, so that on a phone the CSS can
  // show each row as a small card instead of a table that scrolls sideways.
  function stackTables() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var headers = Array.prototype.map.call(box.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!headers.length) return;
      box.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (headers[index]) cell.setAttribute("data-label", headers[index]);
        });
      });
      box.classList.add("table-scroll--stacked");
    });
  }

  // The "Guide sections" menu: close it with Escape, or by clicking elsewhere.
  function menus() {
    var menu = document.querySelector(".site-nav__menu");
    if (!menu) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  // Print: write out the full address of links to this site (print.css shows it).
  function printAddresses() {
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll('main a[href^="/"]').forEach(function (link) {
        link.setAttribute("data-print-url", link.href);
      });
    });
  }

  function start() {
    stackTables();
    menus();
    printAddresses();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
