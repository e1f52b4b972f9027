// Small behaviours of the portal, kept out of the pages so that the Content Security Policy
// can forbid inline scripts.
(function () {
  "use strict";

  // Typing in a form makes no request, and an SKP typed for half an hour would meet
  // "Sesi berakhir" when saved: while someone types, the page tells the portal now and then
  // (at most every five minutes) that the session is in use (accounts.middleware).
  var alive = document.body.getAttribute("data-session-alive");
  if (alive) {
    var told = Date.now();
    document.addEventListener("input", function () {
      if (Date.now() - told < 5 * 60 * 1000) { return; }
      told = Date.now();
      fetch(alive, { credentials: "same-origin", cache: "no-store" });
    });
  }

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
    var any = false;
    list.querySelectorAll("[data-search]").forEach(function (item) {
      var haystack = item.getAttribute("data-search").toLowerCase();
      var shown = words.every(function (word) { return haystack.indexOf(word) !== -1; }) &&
        (!wanted || item.getAttribute("data-group") === wanted);
      item.hidden = !shown;
      any = any || shown;
    });
    var empty = list.querySelector("[data-filter-empty]");
    if (empty) {
      empty.hidden = any;
    }
  }
  document.querySelectorAll("[data-filter-list]").forEach(function (list) {
    document.querySelectorAll(
      '[data-filter-for="' + list.id + '"], [data-group-for="' + list.id + '"]'
    ).forEach(function (input) {
      input.addEventListener("input", function () { narrow(list); });
    });
  });

  // A link that picks a date for a form on the same page (the team calendar's "Pakai tanggal
  // ini"): with scripts it fills the date in place and keeps what was typed; without, the
  // link reloads the page with the date chosen.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-fill-date]");
    var input = link && document.getElementById(link.getAttribute("data-fill-target"));
    if (!input) {
      return;
    }
    event.preventDefault();
    input.value = link.getAttribute("data-fill-date");
    input.scrollIntoView({ block: "center" });
    input.focus();
  });

  // Buttons and links that ask first: data-confirm="Hapus data ini?".
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A print button: <button data-print>.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // Copy buttons: <button data-copy="element-id" data-copied="Tersalin">. The clipboard API
  // where the page is secure; else the selected text and the older copy command.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    var source = button && document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    var text = source.innerText.trim();
    var done = function () {
      var label = button.querySelector("span");
      if (label) {
        var before = label.textContent;
        label.textContent = button.getAttribute("data-copied") || before;
        setTimeout(function () { label.textContent = before; }, 2000);
      }
      button.classList.add("btn-success", "text-white");
      setTimeout(function () { button.classList.remove("btn-success", "text-white"); }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (document.execCommand("copy")) {
      done();
    }
  });
})();
