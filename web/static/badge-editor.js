/*
 * badge-editor.js - progressive enhancement of the badge editor: while "Generate an image" is
 * chosen, the preview image follows the name and the colour as they are typed. Without this
 * script the "Preview" button does the same through the server.
 */
(function () {
  "use strict";
  var form = document.getElementById("badge-form");
  var img = document.getElementById("preview-image");
  if (!form || !img) return;
  var name = form.elements.namedItem("name");
  var colour = form.elements.namedItem("colour");
  var generate = document.getElementById("image-generate");
  var timer = null;
  function update() {
    if (!generate || !generate.checked || !name || !colour) return;
    var url = img.getAttribute("data-preview") + "?name=" + encodeURIComponent(name.value) +
      "&colour=" + encodeURIComponent(colour.value);
    img.setAttribute("src", url);
  }
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 250);
  }
  [name, colour, generate].forEach(function (el) {
    if (el) {
      el.addEventListener("input", later);
      el.addEventListener("change", later);
    }
  });
})();
