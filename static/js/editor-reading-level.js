// The reading grades (Flesch-Kincaid and SMOG) and word count of the text being edited, in a status line under each
// Markdown editor in the admin. The preview endpoint ends every preview with a hidden
// .editor-stats element (worded by the server); this moves its words into the status line,
// which screen readers announce politely, and removes it from the preview.
(function () {
  function setUp(editor, index) {
    if (editor.hasAttribute("data-reading-level")) return;
    editor.setAttribute("data-reading-level", "");
    var status = document.createElement("p");
    status.className = "editor-status";
    status.id = "editor-status-" + index;
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.textContent = "Reading grades and word count appear with the preview.";
    editor.insertAdjacentElement("afterend", status);

    var textarea = editor.querySelector("textarea");
    if (textarea) {
      var described = textarea.getAttribute("aria-describedby");
      textarea.setAttribute("aria-describedby", (described ? described + " " : "") + status.id);
    }

    function update() {
      var stats = editor.querySelector(".markdownx-preview .editor-stats");
      if (!stats) return;
      status.textContent = stats.textContent;
      status.classList.toggle("editor-status--above-target", stats.getAttribute("data-above-target") === "true");
      status.setAttribute("data-reading-grade", stats.getAttribute("data-reading-grade"));
      status.setAttribute("data-smog", stats.getAttribute("data-smog"));
      stats.remove();
    }
    // markdownx announces each new preview on the editor's own element (it does not bubble).
    editor.addEventListener("markdownx.update", update);
    update();
  }

  function setUpAll() {
    document.querySelectorAll(".markdownx").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
