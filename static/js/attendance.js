// Attendance sheet: with a row selected, P / A / E (or 1 / 2 / 3) marks present / absent / excused and selects
// the next row. The buttons keep working with the mouse and without JavaScript. The marks of one sheet are sent
// one after the other, in the order given (hx-sync on the rows' forms), however fast they are typed.
(function () {
  "use strict";
  var keys = { p: "present", "1": "present", a: "absent", "2": "absent", e: "excused", "3": "excused" };

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-attendance-row]"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var row = document.activeElement && document.activeElement.closest("[data-attendance-row]");
    if (!row) return;
    var all = rows();
    var index = all.indexOf(row);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var target = all[index + (event.key === "ArrowDown" ? 1 : -1)];
      if (target) { target.focus(); event.preventDefault(); }
      return;
    }
    var status = keys[event.key.toLowerCase()];
    if (!status) return;
    var button = row.querySelector('button[data-status="' + status + '"]');
    if (!button) return;
    event.preventDefault();
    var next = all[index + 1];
    button.click();
    if (next) next.focus();
  });

  // After HTMX replaces a row that still had the focus (a mouse click), keep the focus on the new row.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.detail.target;
    if (swapped && swapped.id && document.activeElement === document.body) {
      var row = document.getElementById(swapped.id);
      if (row) row.focus();
    }
  });
})();
