// The SKP editor: add, remove and reorder RHK and indicators inside the page, so that
// nothing typed is lost to a reload. The server reads the rows' positions from their ORDER
// fields and removed rows from their DELETE boxes (Django formsets).
(function () {
  "use strict";

  var editor = document.getElementById("skp-editor");
  if (!editor) {
    return;
  }
  var list = document.getElementById("rhk-list");
  var rhkTemplate = document.getElementById("rhk-template");
  var indicatorTemplate = document.getElementById("indicator-template");
  var rhkTotal = editor.querySelector('input[name="rhk-TOTAL_FORMS"]');
  var unsaved = editor.querySelector(".js-unsaved");
  var changed = false;

  function visible(elements) {
    return Array.prototype.filter.call(elements, function (element) {
      return !element.classList.contains("d-none");
    });
  }

  function renumber(container, selector) {
    visible(container.querySelectorAll(selector)).forEach(function (row, position) {
      var order = row.querySelector(".js-order");
      if (order) {
        order.value = position;
      }
    });
  }

  function renumberAll() {
    renumber(list, ":scope > .rhk-card");
    list.querySelectorAll(".rhk-card").forEach(function (card) {
      renumber(card.querySelector(".js-indicator-list"), ":scope > .indicator-row");
    });
    var empty = editor.querySelector(".js-empty-rhk");
    if (empty) {
      empty.classList.toggle("d-none", visible(list.children).length > 0);
    }
  }

  function markChanged() {
    changed = true;
    if (unsaved) {
      unsaved.classList.remove("d-none");
    }
  }

  function fromTemplate(template, replacements) {
    var html = template.innerHTML;
    Object.keys(replacements).forEach(function (token) {
      html = html.split(token).join(replacements[token]);
    });
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function addIndicator(card) {
    var total = card.querySelector('input[name$="-ind-TOTAL_FORMS"]');
    var row = fromTemplate(indicatorTemplate, {
      __rhk__: card.getAttribute("data-rhk-index"),
      __ind__: total.value,
    });
    total.value = parseInt(total.value, 10) + 1;
    card.querySelector(".js-indicator-list").appendChild(row);
    return row;
  }

  function addRhk(kind) {
    var index = rhkTotal.value;
    var card = fromTemplate(rhkTemplate, { __rhk__: index });
    rhkTotal.value = parseInt(index, 10) + 1;
    var select = card.querySelector('select[name$="-kind"]');
    if (select && kind) {
      select.value = kind;
    }
    list.appendChild(card);
    return card;
  }

  function remove(row, question) {
    var typed = Array.prototype.some.call(
      row.querySelectorAll("textarea, input[type=text]"),
      function (field) {
        return field.value.trim() !== "";
      }
    );
    if (typed && !window.confirm(question)) {
      return;
    }
    row.querySelectorAll(".js-delete").forEach(function (box) {
      box.checked = true;
    });
    row.classList.add("d-none");
  }

  function move(card, direction) {
    var sibling = direction < 0 ? card.previousElementSibling : card.nextElementSibling;
    while (sibling && sibling.classList.contains("d-none")) {
      sibling = direction < 0 ? sibling.previousElementSibling : sibling.nextElementSibling;
    }
    if (!sibling) {
      return;
    }
    if (direction < 0) {
      list.insertBefore(card, sibling);
    } else {
      list.insertBefore(sibling, card);
    }
    card.querySelector(direction < 0 ? ".js-move-up" : ".js-move-down").focus();
  }

  editor.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) {
      return;
    }
    var card = button.closest(".rhk-card");
    if (button.classList.contains("js-add-rhk")) {
      var added = addRhk(button.getAttribute("data-kind"));
      added.querySelector("textarea").focus();
    } else if (button.classList.contains("js-add-indicator")) {
      addIndicator(card).querySelector("textarea").focus();
    } else if (button.classList.contains("js-remove-rhk")) {
      remove(card, button.getAttribute("data-ask"));
    } else if (button.classList.contains("js-remove-indicator")) {
      remove(button.closest(".indicator-row"), button.getAttribute("data-ask"));
    } else if (button.classList.contains("js-move-up")) {
      move(card, -1);
    } else if (button.classList.contains("js-move-down")) {
      move(card, 1);
    } else {
      return;
    }
    renumberAll();
    markChanged();
  });

  editor.addEventListener("input", markChanged);
  editor.addEventListener("submit", function () {
    renumberAll();
    changed = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  renumberAll();
})();
