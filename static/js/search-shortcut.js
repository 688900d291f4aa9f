// "/" anywhere on a page puts the focus in the header's search box (templates/includes/header_search.html),
// unless one is typing in a field: there "/" is just a character.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target instanceof Element && (target.isContentEditable || target.closest("input, textarea, select"))) return;
    var box = document.querySelector("[data-search-shortcut]");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
