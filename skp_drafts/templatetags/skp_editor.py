"""The SKP editor's rows written in Python: an RHK card with its indicator rows, and the two
templates the script copies for a new RHK and a new indicator (static/js/skp_editor.js),
drawn once for every editor that shows the same.
Through the template engine, the includes, tags and variables of each row took most of the
page's time; here a row is a few strings, its fields drawn by the light field
(core.widgets.render_field) and its texts translated once per language. The HTML is what the
row templates wrote: texts from the catalogue as they come (as {% translate %} writes
them), values typed or stored escaped."""

import functools
from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.languages import per_language
from core.widgets import render_field, render_management, select_options
from skp_drafts.forms import new_row_forms

register = template.Library()


@register.simple_tag
def rhk_cards(formset, max_indicators: int):
    """Every RHK of the editor's formset, each with its indicators."""
    rows = EditorRows(max_indicators)
    return mark_safe("".join(rows.rhk_card(form, index) for index, form in enumerate(formset)))


@register.simple_tag
def new_rhk_row(editor, max_indicators: int):
    """The card the script copies for a new RHK (``editor``: the page's SkpEditor)."""
    return _new_rows(get_language(), editor.row_kind, max_indicators)[0]


@register.simple_tag
def new_indicator_row(editor, max_indicators: int):
    """The row the script copies for a new indicator."""
    return _new_rows(get_language(), editor.row_kind, max_indicators)[1]


@functools.lru_cache(maxsize=64)
def _new_rows(language: str | None, row_kind: tuple, max_indicators: int) -> tuple[str, str]:
    """The new RHK's card and the new indicator's row: the same for every editor whose
    rows are made from the same ``row_kind`` (the kind of SKP, the superior's RHK offered),
    in the same language (the active one, named to key them), so drawn once for all of
    them. A change of the superior's RHK, a text or a label, is a new key."""
    rhk, indicator = new_row_forms(*row_kind)
    rows = EditorRows(max_indicators)
    return mark_safe(rows.rhk_card(rhk, "__rhk__")), mark_safe(rows.indicator_row(indicator))


def _order_and_delete(form) -> str:
    """The row's position and removal box, which the script keeps up to date."""
    order, delete = form["ORDER"], form["DELETE"]
    position = order.value()
    checked = " checked" if delete.value() else ""
    return (
        f'<input type="hidden" name="{escape(order.html_name)}"'
        f' value="{"" if position is None else escape(str(position))}" class="js-order">'
        f'<input type="checkbox" name="{escape(delete.html_name)}" class="d-none js-delete"'
        f'{checked} aria-hidden="true" tabindex="-1">'
    )


def _errors(errors) -> str:
    """As the template's ``{{ errors|join:" " }}`` wrote them: escaped unless marked safe."""
    if not errors:
        return ""
    joined = " ".join(conditional_escape(error) for error in errors)
    return f'<div class="alert alert-danger py-2">{joined}</div>'


@per_language
def _texts() -> dict[str, str]:
    """The rows' texts in the active language, translated once per language."""
    return {
        "new": _("RHK baru"),
        "kind": _("Jenis RHK"),
        "arrange": _("Atur RHK"),
        "up": _("Naikkan RHK"),
        "down": _("Turunkan RHK"),
        "ask_remove": _("Hapus RHK ini beserta indikatornya?"),
        "remove": _("Hapus"),
        "parent_text": _("RHK atasan belum ada di portal? Tuliskan di sini."),
        "indicators": _("Indikator kinerja individu dan target"),
        "limit": _("Satu RHK memuat paling banyak %(max_indicators)s indikator."),
        "add_indicator": _("Tambah indikator"),
        "arrange_indicator": _("Atur indikator"),
        "indicator_up": _("Naikkan indikator"),
        "indicator_down": _("Turunkan indikator"),
        "ask_remove_indicator": _("Hapus indikator ini?"),
        "remove_indicator": _("Hapus indikator"),
    }


class EditorRows:
    """Draws the rows of a page; an RHK card needs the most indicators an RHK may have."""

    def __init__(self, max_indicators: int | None = None):
        self.text = _texts()
        if max_indicators is not None:
            self.max_indicators = escape(str(max_indicators))
            self.limit = self.text["limit"] % {"max_indicators": self.max_indicators}

    def rhk_card(self, form, index) -> str:
        text = self.text
        rhk = getattr(form, "rhk", None)
        kind = form["kind"]
        fields = form.fields
        hidden = " d-none" if form["DELETE"].value() else ""
        anchor = f' id="{escape(rhk.anchor)}"' if rhk else ""
        title = escape(rhk.label) if rhk else text["new"]
        kind_id = escape(kind.id_for_label)
        parts = [
            f'<article class="card shadow-sm mb-3 rhk-card{hidden}"'
            f' data-rhk-index="{escape(str(index))}"{anchor}><div class="card-body">',
            render_field(form["id"]),
            _order_and_delete(form),
            '<div class="d-flex flex-wrap justify-content-between align-items-start gap-2 mb-2">'
            '<div class="d-flex align-items-center gap-2">'
            f'<h3 class="h6 mb-0 js-rhk-title">{title}</h3>'
            f'<label class="visually-hidden" for="{kind_id}">{text["kind"]}</label>'
            f'<select name="{escape(kind.html_name)}" id="{kind_id}"'
            ' class="form-select form-select-sm w-auto">',
            # The kind's options, the current one selected (a small select of its own: no
            # label or classes of the light field's).
            select_options(kind.field.widget, kind.field.widget.format_value(kind.value())),
            "</select></div>"
            f'<div class="btn-group btn-group-sm" role="group" aria-label="{text["arrange"]}">'
            f'<button type="button" class="btn btn-outline-secondary js-move-up"'
            f' title="{text["up"]}"><i class="bi bi-arrow-up" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{text["up"]}</span></button>'
            f'<button type="button" class="btn btn-outline-secondary js-move-down"'
            f' title="{text["down"]}"><i class="bi bi-arrow-down" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{text["down"]}</span></button>'
            f'<button type="button" class="btn btn-outline-danger js-remove-rhk"'
            f' data-ask="{text["ask_remove"]}"><i class="bi bi-trash" aria-hidden="true"></i>'
            f" {text['remove']}</button></div></div>",
            _errors(form.non_field_errors()),
            render_field(form["text"]),
        ]
        if "parent" in fields:
            parts.append(render_field(form["parent"]))
        if "parent_text" in fields:
            parent_text = form["parent_text"]
            if "parent" in fields:
                opened = " open" if parent_text.value() else ""
                parts.append(
                    f'<details class="mb-3"{opened}>'
                    f'<summary class="small">{text["parent_text"]}</summary>'
                    f'<div class="mt-2">{render_field(parent_text)}</div></details>'
                )
            else:
                parts.append(render_field(parent_text))
        if "perspective" in fields:
            parts.append(render_field(form["perspective"]))
        indicators = form.indicators
        parts += [
            '<fieldset class="indicators">'
            '<legend class="h6 small text-uppercase text-body-secondary">'
            f"{text['indicators']}</legend>",
            render_management(indicators),
            _errors(indicators.non_form_errors()),
            f'<div class="js-indicator-list" data-max="{self.max_indicators}">',
            *(self.indicator_row(indicator) for indicator in indicators),
            "</div>"
            f'<p class="small text-danger d-none js-limit" role="status">{self.limit}</p>'
            '<button type="button" class="btn btn-sm btn-outline-primary js-add-indicator">'
            f'<i class="bi bi-plus-lg" aria-hidden="true"></i> {text["add_indicator"]}</button>'
            "</fieldset></div></article>",
        ]
        return "".join(parts)

    def indicator_row(self, form) -> str:
        text = self.text
        hidden = " d-none" if form["DELETE"].value() else ""
        pk = form.initial.get("id")
        anchor = f' id="indicator-{escape(str(pk))}"' if pk else ""
        parts = [
            f'<div class="indicator-row row g-2 align-items-start mb-2{hidden}"{anchor}>',
            render_field(form["id"]),
            _order_and_delete(form),
        ]
        if "aspect" in form.fields:
            parts.append(f'<div class="col-md-3">{render_field(form["aspect"])}</div>')
            text_class = "col-md-5"
        else:
            text_class = "col-md-8"
        parts += [
            f'<div class="{text_class}">{render_field(form["text"])}</div>',
            f'<div class="col-md-3">{render_field(form["target"])}</div>',
            '<div class="col-md-1 pt-md-4"><div class="btn-group-vertical btn-group-sm"'
            f' role="group" aria-label="{text["arrange_indicator"]}">'
            '<button type="button" class="btn btn-outline-secondary js-ind-up"'
            f' title="{text["indicator_up"]}"><i class="bi bi-arrow-up" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{text["indicator_up"]}</span></button>'
            '<button type="button" class="btn btn-outline-secondary js-ind-down"'
            f' title="{text["indicator_down"]}">'
            '<i class="bi bi-arrow-down" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{text["indicator_down"]}</span></button>'
            '<button type="button" class="btn btn-outline-danger js-remove-indicator"'
            f' data-ask="{text["ask_remove_indicator"]}" title="{text["remove_indicator"]}">'
            '<i class="bi bi-x-lg" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{text["remove_indicator"]}</span></button>'
            "</div></div></div>",
        ]
        return "".join(parts)
