// Escape hides a glossary tooltip (WCAG 1.4.13); everything else works without this file.
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".glossary:hover, .glossary:focus-within").forEach(function (el) {
      el.classList.add("is-dismissed");
    });
  });
  document.addEventListener("focusout", function (event) {
    var wrapper = event.target.closest && event.target.closest(".glossary");
    if (wrapper) wrapper.classList.remove("is-dismissed");
  });
  document.addEventListener("mouseout", function (event) {
    var wrapper = event.target.closest && event.target.closest(".glossary");
    if (wrapper && !wrapper.contains(event.relatedTarget)) wrapper.classList.remove("is-dismissed");
  });
})();
