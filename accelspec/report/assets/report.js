// accelspec report: sorting and filtering of tables marked data-sortable; no libraries, no network.
"use strict";

// The key a cell sorts by: its data-sort number when it has one, else its text.
// Empty cells (no data-sort) always go last, whichever way the column is sorted.
function sortKey(cell) {
  var v = cell.getAttribute("data-sort");
  if (v === null || v === "") { return null; }
  var n = Number(v);
  return isNaN(n) ? v.toLowerCase() : n;
}

function sortTable(table, col, th) {
  var body = table.tBodies[0];
  var dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
  if (!th.getAttribute("aria-sort") && th.getAttribute("data-type") === "text") { dir = "ascending"; }
  var heads = table.tHead.rows[0].cells;
  for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
  th.setAttribute("aria-sort", dir);
  var rows = Array.prototype.slice.call(body.rows);
  var sign = dir === "ascending" ? 1 : -1;
  rows.sort(function (a, b) {
    var ka = sortKey(a.cells[col]), kb = sortKey(b.cells[col]);
    if (ka === null && kb === null) { return 0; }
    if (ka === null) { return 1; }
    if (kb === null) { return -1; }
    if (ka < kb) { return -sign; }
    if (ka > kb) { return sign; }
    return 0;
  });
  rows.forEach(function (r) { body.appendChild(r); });
}

// Hide the rows a filter rejects: each <select data-filter="vendor"> matches the row's
// data-vendor attribute (a space-separated list for precision).
function applyFilters(table, selects, counter) {
  var shown = 0;
  Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
    var ok = true;
    selects.forEach(function (s) {
      var want = s.value;
      if (want && (" " + (row.getAttribute("data-" + s.getAttribute("data-filter")) || "") + " ").indexOf(" " + want + " ") < 0) {
        ok = false;
      }
    });
    row.hidden = !ok;
    if (ok) { shown++; }
  });
  if (counter) { counter.textContent = shown + " of " + table.tBodies[0].rows.length + " entries shown"; }
}

document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.classList.add("sortable");
      th.addEventListener("click", function () { sortTable(table, col, th); });
    });
    var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
    var counter = document.getElementById("count");
    selects.forEach(function (s) {
      s.addEventListener("change", function () { applyFilters(table, selects, counter); });
    });
    applyFilters(table, selects, counter);
  });
});
