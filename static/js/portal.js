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

  // Buttons and links that ask first: data-confirm="Hapus data ini?".
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
