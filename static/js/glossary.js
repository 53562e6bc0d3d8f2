// Glossary words in the text. Everything works without this file: the word is a link to
// its entry in the glossary, and its definition shows on hover and keyboard focus.
//
// With it:
// - Escape hides a definition shown on hover or focus (WCAG 1.4.13);
// - on a touch screen, where there is no hover, a tap on the word opens a small popover
//   under it with the definition and a "More in the glossary" link, instead of leaving
//   the page. It closes with its button, Escape, a tap elsewhere, or another tap on the
//   word; focus goes into it when it opens and back to the word when it closes.
(function () {
  "use strict";

  var touchScreen = window.matchMedia ? window.matchMedia("(hover: none)") : null;
  var open = null; // { term, wrapper, popover }

  // On a touch screen the popover takes the tooltip's place: a tooltip shown by the tap
  // itself would push the text down under the finger before the tap lands.
  function usePopovers() {
    document.documentElement.classList.toggle("glossary-popovers", !!(touchScreen && touchScreen.matches));
  }
  usePopovers();
  if (touchScreen && touchScreen.addEventListener) touchScreen.addEventListener("change", usePopovers);

  // --- Tooltips: Escape hides the one under the pointer or focus ---------------------

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (open) {
      close(true);
      return;
    }
    document.querySelectorAll(".glossary:hover, .glossary:focus-within").forEach(function (el) {
      el.classList.add("is-dismissed");
    });
  });
  document.addEventListener("focusout", function (event) {
    var wrapper = event.target.closest && event.target.closest(".glossary");
    if (wrapper && !(open && open.wrapper === wrapper)) wrapper.classList.remove("is-dismissed");
  });
  document.addEventListener("mouseout", function (event) {
    var wrapper = event.target.closest && event.target.closest(".glossary");
    if (wrapper && !wrapper.contains(event.relatedTarget)) wrapper.classList.remove("is-dismissed");
  });

  // --- Popovers on touch screens -----------------------------------------------------

  function isTouch(event) {
    return (touchScreen && touchScreen.matches) || event.pointerType === "touch" || event.pointerType === "pen";
  }

  function build(term, wrapper) {
    var tip = wrapper.querySelector(".glossary__tip");
    var id = (tip ? tip.id : "glossary-term") + "-popover";
    var popover = document.createElement("span");
    popover.className = "glossary-popover";
    popover.id = id;
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-labelledby", id + "-title");
    popover.tabIndex = -1;

    var title = document.createElement("span");
    title.className = "glossary-popover__title";
    title.id = id + "-title";
    title.textContent = term.textContent;

    var definition = document.createElement("span");
    definition.className = "glossary-popover__definition";
    definition.textContent = tip ? tip.textContent : "";

    var more = document.createElement("a");
    more.className = "glossary-popover__more";
    more.href = term.getAttribute("href");
    more.textContent = "More in the glossary";

    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "glossary-popover__close";
    shut.setAttribute("aria-label", "Close the definition of " + term.textContent);
    shut.textContent = "Close";
    shut.addEventListener("click", function () { close(true); });

    popover.append(title, definition, more, shut);
    return popover;
  }

  function close(returnFocus) {
    if (!open) return;
    var closing = open;
    open = null;
    closing.popover.remove();
    closing.term.setAttribute("aria-expanded", "false");
    closing.wrapper.classList.remove("is-open");
    if (returnFocus) {
      closing.wrapper.classList.add("is-dismissed");
      closing.term.focus();
    }
  }

  function show(term) {
    var wrapper = term.closest(".glossary");
    var popover = build(term, wrapper);
    wrapper.after(popover);
    term.setAttribute("aria-expanded", "true");
    term.setAttribute("aria-controls", popover.id);
    wrapper.classList.add("is-open", "is-dismissed");
    open = { term: term, wrapper: wrapper, popover: popover };
    popover.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var term = event.target.closest && event.target.closest(".glossary__term");
    if (term && isTouch(event)) {
      event.preventDefault();
      var same = open && open.term === term;
      close(false);
      if (!same) show(term);
      return;
    }
    if (open && !open.popover.contains(event.target)) close(false);
  });
})();
