// Tables marked .table-cards become cards on a phone (hallkeeper.css); each cell shows its column's
// heading, copied here from the table head into data-label.
(function () {
  "use strict";
  document.querySelectorAll("table.table-cards").forEach(function (table) {
    var labels = [];
    table.querySelectorAll("thead tr:first-child > th").forEach(function (th) {
      var span = th.colSpan || 1;
      for (var i = 0; i < span; i++) labels.push(th.textContent.trim());
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[column] || "");
        column += cell.colSpan || 1;
      });
    });
  });
})();
