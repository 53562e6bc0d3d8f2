/* Images in the Markdown editor: upload with a clear message, insert on its own line,
 * and reuse images from the library with their alt text.
 *
 * markdownx's own upload types "Invalid response" into the text when the server refuses
 * a file, and inserts the image wherever the caret is, even inside a heading. This script
 * takes over dropped and pasted files (in the capture phase, before markdownx sees them)
 * and adds, under each editor:
 *   - "Add an image…": choose a file to upload;
 *   - "Choose from the image library": the latest uploads, each inserted with its alt text;
 *   - a message line that says what happened: uploading, the server's own reason for
 *     refusing a file (nothing is then inserted), or where the image went and that its
 *     alt text must be written.
 */
(function () {
  "use strict";

  function csrfToken(editor) {
    var field = editor.form && editor.form.elements.namedItem("csrfmiddlewaretoken");
    if (field && field.value) { return field.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* Put `code` at the caret on a line of its own, with a blank line before and after,
   * moving first to the end of the line the caret is in (never splitting a line). */
  function insertOnOwnLine(editor, code, select) {
    var text = editor.value;
    var at = editor.selectionEnd;
    var lineEnd = text.indexOf("\n", at);
    if (at > 0 && text.charAt(at - 1) !== "\n") { at = lineEnd === -1 ? text.length : lineEnd; }
    var before = text.slice(0, at);
    var after = text.slice(at);
    var prefix = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var suffix = /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n");
    editor.value = before + prefix + code + suffix + after;
    var start = before.length + prefix.length;
    var line = editor.value.slice(0, start).split("\n").length;
    editor.focus();
    if (select) {
      var alt = start + code.indexOf(select);
      editor.setSelectionRange(alt, alt + select.length);
    } else {
      editor.setSelectionRange(start + code.length, start + code.length);
    }
    editor.dispatchEvent(new Event("input", { bubbles: true }));
    return line;
  }

  function setup(container) {
    var editor = container.querySelector("textarea.markdownx-editor");
    if (!editor || container.querySelector(".image-tools")) { return; }
    var uploadUrl = editor.getAttribute("data-markdownx-upload-urls-path") || "/markdownx/upload/";
    var libraryUrl = uploadUrl.replace(/upload\/$/, "images/");
    var id = editor.id || "markdown";

    var tools = document.createElement("div");
    tools.className = "image-tools";
    tools.innerHTML =
      '<label class="button image-tools__upload">Add an image…' +
      '<input type="file" accept="image/png,image/jpeg,image/webp,image/gif" class="image-tools__file"></label> ' +
      '<button type="button" class="button image-tools__open" aria-expanded="false" aria-controls="' + id + '-library">Choose from the image library</button>' +
      '<p class="image-tools__message" role="status" aria-live="polite" id="' + id + '-image-message"></p>' +
      '<div class="image-library" id="' + id + '-library" hidden></div>';
    container.insertAdjacentElement("afterend", tools);
    var message = tools.querySelector(".image-tools__message");
    var fileInput = tools.querySelector(".image-tools__file");
    var openButton = tools.querySelector(".image-tools__open");
    var library = tools.querySelector(".image-library");

    function say(text, kind) {
      message.textContent = text;
      message.className = "image-tools__message" + (kind ? " image-tools__message--" + kind : "");
      message.setAttribute("role", kind === "error" ? "alert" : "status");
    }

    function upload(file) {
      say("Uploading " + file.name + "…");
      editor.setAttribute("aria-busy", "true");
      var data = new FormData();
      data.append("image", file);
      fetch(uploadUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(editor), "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
      }).then(function (result) {
        if (!result.ok || !result.body.image_code) {
          say("Not uploaded: " + (result.body.error ||
            "the server could not take this file (error " + result.status + "). Try again, or try a smaller PNG or JPEG image.") +
            " Nothing was added to the text.", "error");
          return;
        }
        var line = insertOnOwnLine(editor, result.body.image_code, result.body.alt_placeholder);
        say("Image added on line " + line + ". Now replace the selected placeholder with what the image shows, for people who cannot see it: the page cannot be saved until you do.", "success");
      }).catch(function () {
        say("Not uploaded: the connection failed. Nothing was added to the text; try again.", "error");
      }).then(function () { editor.removeAttribute("aria-busy"); });
    }

    function takeFiles(event, files) {
      if (!files || !files.length) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      Array.prototype.forEach.call(files, upload);
    }

    editor.addEventListener("drop", function (event) {
      takeFiles(event, event.dataTransfer && event.dataTransfer.files);
    }, true);
    editor.addEventListener("paste", function (event) {
      takeFiles(event, event.clipboardData && event.clipboardData.files);
    }, true);
    fileInput.addEventListener("change", function () {
      Array.prototype.forEach.call(fileInput.files, upload);
      fileInput.value = "";
    });

    function showLibrary(images, placeholder) {
      library.textContent = "";
      if (!images.length) {
        library.innerHTML = "<p>No images uploaded yet. Use “Add an image…” to upload one.</p>";
        return;
      }
      var list = document.createElement("ul");
      list.className = "image-library__list";
      images.forEach(function (image) {
        var item = document.createElement("li");
        item.className = "image-library__item";
        var thumb = document.createElement("img");
        thumb.src = image.url;
        thumb.alt = "";
        thumb.loading = "lazy";
        var caption = document.createElement("p");
        caption.textContent = image.alt || "No alt text yet";
        var insert = document.createElement("button");
        insert.type = "button";
        insert.className = "button";
        insert.textContent = "Insert";
        insert.setAttribute("aria-label", "Insert “" + (image.alt || image.url) + "”");
        insert.addEventListener("click", function () {
          var alt = image.alt || placeholder;
          var line = insertOnOwnLine(editor, "![" + alt + "](" + image.url + ")", image.alt ? "" : placeholder);
          say(image.alt
            ? "Image added on line " + line + " with its alt text from the library; change it if this page needs different words."
            : "Image added on line " + line + ". Replace the selected placeholder with what the image shows.", "success");
        });
        item.append(thumb, caption, insert);
        list.append(item);
      });
      library.append(list);
    }

    openButton.addEventListener("click", function () {
      var open = library.hidden;
      library.hidden = !open;
      openButton.setAttribute("aria-expanded", String(open));
      if (!open) { return; }
      library.textContent = "Loading the image library…";
      fetch(libraryUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (body) { showLibrary(body.images || [], body.alt_placeholder); })
        .catch(function () { library.textContent = "The image library could not be loaded. Try again."; });
    });
  }

  function init() { document.querySelectorAll(".markdownx").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
