// Small behaviours of the portal, kept out of the pages so that the Content Security Policy
// can forbid inline scripts.
(function () {
  "use strict";

  // A select that submits its form as soon as it changes (the language switch).
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  // A list of checkboxes narrowed by a search box and a select (the participant picker):
  // <div data-filter-list> holds items with data-search="name nip" and data-group="jenjang";
  // the inputs name it with data-filter-for / data-group-for. Hidden items stay ticked.
  function narrow(list) {
    var id = list.id;
    var text = document.querySelector('[data-filter-for="' + id + '"]');
    var group = document.querySelector('[data-group-for="' + id + '"]');
    var words = text ? text.value.trim().toLowerCase().split(/\s+/) : [];
    var wanted = group ? group.value : "";
    list.querySelectorAll("[data-search]").forEach(function (item) {
      var haystack = item.getAttribute("data-search").toLowerCase();
      var shown = words.every(function (word) { return haystack.indexOf(word) !== -1; }) &&
        (!wanted || item.getAttribute("data-group") === wanted);
      item.hidden = !shown;
    });
  }
  document.querySelectorAll("[data-filter-list]").forEach(function (list) {
    document.querySelectorAll(
      '[data-filter-for="' + list.id + '"], [data-group-for="' + list.id + '"]'
    ).forEach(function (input) {
      input.addEventListener("input", function () { narrow(list); });
    });
  });

  // Buttons and links that ask first: data-confirm="Hapus data ini?".
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
