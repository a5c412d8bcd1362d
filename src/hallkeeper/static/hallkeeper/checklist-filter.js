// A search box that hides the check boxes of a list whose label does not contain the words typed.
// <input data-checklist-filter="LIST-ID"> filters the [data-checklist-item] rows inside #LIST-ID;
// ticked boxes stay ticked (and visible) whatever is typed.
(function () {
  "use strict";
  function apply(input) {
    var list = document.getElementById(input.getAttribute("data-checklist-filter"));
    if (!list) return;
    var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    list.querySelectorAll("[data-checklist-item]").forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var box = row.querySelector("input[type=checkbox]");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !(match || (box && box.checked));
    });
  }
  document.querySelectorAll("[data-checklist-filter]").forEach(function (input) {
    input.addEventListener("input", function () { apply(input); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // searching never submits the form
    });
  });
})();
