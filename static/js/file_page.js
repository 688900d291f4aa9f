// The file page opens at its top. N (outside a text field) or the header's "Log an interview" button brings the
// interview form into view and puts the focus on its first field. Without JavaScript the button is a plain link.
(function () {
  "use strict";

  function headerHeight() {
    var header = document.getElementById("file-header");
    return header ? header.getBoundingClientRect().height : 0;
  }

  // Anchored sections land below the sticky header rather than under it.
  function keepAnchorsClear() {
    document.documentElement.style.setProperty("--ml-file-header-height", Math.ceil(headerHeight()) + "px");
  }

  function openInterviewForm() {
    var field = document.querySelector("#interview-form-region [name=occurred_on]");
    if (!field) return false;
    var region = document.getElementById("interview-form-region");
    var top = region.getBoundingClientRect().top + window.scrollY - headerHeight() - 8;
    window.scrollTo({ top: top, behavior: "instant" });
    field.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "n" && event.key !== "N") return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]")) return;
    if (openInterviewForm()) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-interview-shortcut]");
    if (link && openInterviewForm()) event.preventDefault();
  });

  keepAnchorsClear();
  window.addEventListener("resize", keepAnchorsClear);
})();
