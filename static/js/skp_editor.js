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

  // Room for one more row? Otherwise the list's limit message shows and nothing is added.
  function hasRoom(container, selector) {
    var max = parseInt(container.getAttribute("data-max"), 10);
    var full = visible(container.querySelectorAll(selector)).length >= max;
    var limit = container.parentElement.querySelector(":scope > .js-limit");
    if (limit) {
      limit.classList.toggle("d-none", !full);
    }
    return !full;
  }

  // "RHK Utama 2", "RHK Tambahan 1": the titles follow the cards' kinds and order.
  function retitle() {
    var counts = { utama: 0, tambahan: 0 };
    visible(list.querySelectorAll(":scope > .rhk-card")).forEach(function (card) {
      var kind = card.querySelector('select[name$="-kind"]').value;
      counts[kind] = (counts[kind] || 0) + 1;
      var title = card.querySelector(".js-rhk-title");
      var label = list.getAttribute("data-label-" + kind);
      if (title && label) {
        title.textContent = label + " " + counts[kind];
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
    retitle();
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
    // The focus goes to the list's "add" button instead of being lost with the row.
    var add = row.classList.contains("rhk-card")
      ? editor.querySelector(".js-add-rhk")
      : row.closest("fieldset").querySelector(".js-add-indicator");
    if (add) {
      add.focus();
    }
  }

  // Move an RHK card or an indicator row past its visible neighbour; the button keeps the
  // focus, so that it can be pressed again.
  function move(row, direction, button) {
    var sibling = direction < 0 ? row.previousElementSibling : row.nextElementSibling;
    while (sibling && sibling.classList.contains("d-none")) {
      sibling = direction < 0 ? sibling.previousElementSibling : sibling.nextElementSibling;
    }
    if (!sibling) {
      return;
    }
    if (direction < 0) {
      row.parentElement.insertBefore(row, sibling);
    } else {
      row.parentElement.insertBefore(sibling, row);
    }
    button.focus();
  }

  editor.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) {
      return;
    }
    var card = button.closest(".rhk-card");
    if (button.classList.contains("js-add-rhk")) {
      if (!hasRoom(list, ":scope > .rhk-card")) {
        return;
      }
      var added = addRhk(button.getAttribute("data-kind"));
      added.querySelector("textarea").focus();
    } else if (button.classList.contains("js-add-indicator")) {
      var indicators = card.querySelector(".js-indicator-list");
      if (!hasRoom(indicators, ":scope > .indicator-row")) {
        return;
      }
      addIndicator(card).querySelector("textarea").focus();
    } else if (button.classList.contains("js-remove-rhk")) {
      remove(card, button.getAttribute("data-ask"));
    } else if (button.classList.contains("js-remove-indicator")) {
      remove(button.closest(".indicator-row"), button.getAttribute("data-ask"));
    } else if (button.classList.contains("js-move-up")) {
      move(card, -1, button);
    } else if (button.classList.contains("js-move-down")) {
      move(card, 1, button);
    } else if (button.classList.contains("js-ind-up")) {
      move(button.closest(".indicator-row"), -1, button);
    } else if (button.classList.contains("js-ind-down")) {
      move(button.closest(".indicator-row"), 1, button);
    } else {
      return;
    }
    renumberAll();
    markChanged();
  });

  editor.addEventListener("input", markChanged);
  editor.addEventListener("change", function (event) {
    if (event.target.matches('select[name$="-kind"]')) {
      retitle();
    }
  });
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
