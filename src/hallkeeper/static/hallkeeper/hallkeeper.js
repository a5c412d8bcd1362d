// Behaviour shared by every page, bound by data attributes (the Content-Security-Policy allows no inline
// event handlers): print buttons, confirmations before a destructive form is sent, "Add a row" under formsets.
(function () {
  "use strict";

  // <button data-print>: print the page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) window.print();
  });

  // <form data-confirm="Question?">: ask before sending.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // <button data-formset-add data-prefix="p">: copy the empty form kept in <template id="p-empty"> into
  // #p-body, numbering it through TOTAL_FORMS. The copy is a DOM clone; only attribute values are rewritten.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    var prefix = button.dataset.prefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var body = document.getElementById(prefix + "-body");
    if (!total || !template || !body) return;
    var number = String(parseInt(total.value, 10));
    var rows = template.content.cloneNode(true);
    rows.querySelectorAll("*").forEach(function (el) {
      Array.prototype.forEach.call(el.attributes, function (attribute) {
        if (attribute.value.indexOf("__prefix__") >= 0) attribute.value = attribute.value.split("__prefix__").join(number);
      });
    });
    body.appendChild(rows);
    total.value = String(parseInt(number, 10) + 1);
  });
})();
