"""The light field (core.widgets.render_field, ``|light_field``) draws what crispy-forms'
``|as_crispy_field`` draws, in Python; rows share their select's choices; choice labels
come from one dict per language."""

import copy

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from accounts.models import Jenjang, Pegawai, Skpd
from core.choices import choice_labels
from core.widgets import (
    DATE_INPUT,
    Select,
    SharedChoices,
    render_field,
    render_hidden,
    render_management,
)
from reports.forms import DashboardFilterForm
from skp_drafts.forms import IndicatorForm
from skp_drafts.models import Aspect, RhkKind
from surveys.forms import ResultFilterForm
from tests.accounts.factories import SkpdFactory

PARENTS = [(7, "RHK Utama 1 · Data <surveilans> & laporan"), (9, "RHK Utama 2 · Imunisasi")]


class GroupedInput(forms.TextInput):
    """A text input that Django would label as a fieldset (no aria-describedby)."""

    use_fieldset = True


class SampleForm(forms.Form):
    """One field of each kind the editor draws, and a few it leaves to crispy-forms."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="Rencana hasil kerja", max_length=20, widget=forms.Textarea)
    target = forms.CharField(
        label="Target", max_length=10, required=False, help_text="Misalnya: 12 dokumen."
    )
    start = forms.DateField(label="Awal periode", widget=DATE_INPUT)
    aspect = forms.ChoiceField(
        label="Aspek", choices=SharedChoices([("", "—"), *Aspect.choices]), required=False
    )
    parent = forms.TypedChoiceField(label="RHK atasan", coerce=int, required=False)
    kind = forms.ChoiceField(label="Jenis", choices=RhkKind.choices)
    agree = forms.BooleanField(label="Setuju", required=False)
    special = forms.ChoiceField(
        label="Khusus", choices=[("a&b", "A & B"), ('"q"', "<Q>")], required=False
    )
    grouped = forms.ChoiceField(
        label="Berkelompok", choices=[("Kelompok", [("1", "Satu")]), ("2", "Dua")], required=False
    )
    known = forms.NullBooleanField(label="Diketahui")
    pick = forms.ChoiceField(
        label="Pilih", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    upload = forms.FileField(label="Berkas", required=False)
    locked = forms.CharField(label="Terkunci", disabled=True, initial="tetap")
    described = forms.CharField(
        label="Berketerangan",
        required=False,
        help_text="Dijelaskan di tempat lain.",
        widget=forms.TextInput(attrs={"aria-describedby": "penjelasan"}),
    )
    in_a_group = forms.CharField(
        label="Berkelompok", required=False, help_text="Satu isian.", widget=GroupedInput
    )

    def __init__(self, *args, parents: SharedChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = parents


class MarkedForm(SampleForm):
    """A form that names classes for its fields in error and its required fields."""

    error_css_class = "ada-galat"
    required_css_class = "wajib"


def both(make_form, name: str) -> tuple[str, str]:
    """The field drawn by the light field and by crispy-forms, each from a fresh form
    (crispy-forms writes its classes into the widget)."""
    return str(render_field(make_form()[name])), str(as_crispy_field(make_form()[name]))


def parents() -> SharedChoices:
    return SharedChoices([("", "— pilih RHK atasan —"), *PARENTS])


FILLED = {
    "f-id": "12",
    "f-text": 'Teks "lama" <b>tebal</b>',
    "f-target": "12 dokumen",
    "f-start": "16/12/2026",
    "f-aspect": "kualitas",
    "f-parent": "9",
    "f-kind": "tambahan",
    "f-agree": "on",
    "f-pick": "b",
    "f-special": "a&b",
    "f-grouped": "1",
    "f-known": "true",
}
REFUSED = {
    **FILLED,
    "f-text": "x" * 25,
    "f-target": "lebih dari sepuluh huruf",
    "f-start": "45/13/2026",
    "f-parent": "8",
    "f-pick": "c",
}


@pytest.mark.parametrize(
    "make_form",
    [
        pytest.param(lambda: SampleForm(prefix="f", parents=parents()), id="empty"),
        pytest.param(
            lambda: SampleForm(
                prefix="f",
                parents=parents(),
                initial={"text": "Awal", "aspect": "waktu", "parent": 7, "start": "2026-01-02"},
            ),
            id="initial",
        ),
        pytest.param(lambda: SampleForm(FILLED, prefix="f", parents=parents()), id="posted"),
        pytest.param(lambda: SampleForm(REFUSED, prefix="f", parents=parents()), id="refused"),
        pytest.param(
            lambda: SampleForm(
                REFUSED, prefix="f", parents=parents(), use_required_attribute=False
            ),
            id="in-a-formset",
        ),
        pytest.param(lambda: MarkedForm(REFUSED, prefix="f", parents=parents()), id="marked"),
    ],
)
@pytest.mark.parametrize("name", list(SampleForm.base_fields))
def test_the_light_field_draws_what_crispy_forms_draws(make_form, name):
    light, crispy = both(make_form, name)
    assert parse_html(light) == parse_html(crispy), (light, crispy)


def test_an_error_is_shown_next_to_its_field_and_named_by_the_control():
    form = SampleForm(REFUSED, prefix="f", parents=parents())
    html = str(render_field(form["target"]))
    control = html[html.index("<input") : html.index(">", html.index("<input")) + 1]
    assert 'aria-invalid="true"' in control
    assert 'aria-describedby="id_f-target_helptext id_f-target_error"' in control
    assert 'class="textinput form-control is-invalid"' in control
    error = html.index('<div id="id_f-target_error" class="invalid-feedback">')
    assert html.index(control) < error < html.index('id="id_f-target_helptext"')
    assert "Pastikan nilai ini mengandung paling banyak 10 karakter" in html[error:]
    assert html.startswith('<div id="div_id_f-target" class="mb-3">')


def test_a_field_is_drawn_reading_its_errors_once(monkeypatch):
    """Django's BoundField works out its errors anew each time it is asked; the light field
    asks once for the field, its widget's attributes and its box."""
    asked = []
    errors = forms.BoundField.errors

    def counted(bound):
        asked.append(bound.name)
        return errors.fget(bound)

    monkeypatch.setattr(forms.BoundField, "errors", property(counted))
    form = SampleForm(REFUSED, prefix="f", parents=parents())
    for name in ("id", "text", "target", "aspect", "parent"):
        asked.clear()
        render_field(form[name])
        assert asked == [name]
    # A form that names classes for its fields' errors has Django's css_classes() ask again.
    asked.clear()
    render_field(MarkedForm(REFUSED, prefix="f", parents=parents())["target"])
    assert asked == ["target", "target"]


def test_a_required_field_is_labelled_and_marked():
    html = str(render_field(SampleForm(prefix="f", parents=parents())["text"]))
    assert (
        '<label for="id_f-text" class="form-label requiredField">'
        'Rencana hasil kerja<span class="asteriskField">*</span></label>'
    ) in html
    assert " required " in html  # outside a formset, as Django marks it


def test_what_was_typed_stays_after_a_refusal_escaped():
    form = SampleForm(
        {**REFUSED, "f-text": 'Teks "lama" <b>tebal</b>'}, prefix="f", parents=parents()
    )
    assert not form.is_valid()
    assert ">\nTeks &quot;lama&quot; &lt;b&gt;tebal&lt;/b&gt;</textarea>" in str(
        render_field(form["text"])
    )
    assert 'value="lebih dari sepuluh huruf"' in str(render_field(form["target"]))
    # The date as the field reads it back (normalised to ISO, as Django shows it).
    assert f'value="{form["start"].value()}"' in str(render_field(form["start"]))
    assert '<option value="kualitas" selected>Kualitas</option>' in str(
        render_field(form["aspect"])
    )


def test_each_row_selects_its_own_choice_from_the_shared_options():
    shared = parents()
    rows = [SampleForm({"f-parent": value}, prefix="f", parents=shared) for value in ("7", "9", "")]
    drawn = [str(render_field(row["parent"])) for row in rows]
    assert '<option value="7" selected>' in drawn[0] and 'value="9" selected' not in drawn[0]
    assert '<option value="9" selected>' in drawn[1] and 'value="7" selected' not in drawn[1]
    assert '<option value="" selected>— pilih RHK atasan —</option>' in drawn[2]
    assert all("Data &lt;surveilans&gt; &amp; laporan" in html for html in drawn)
    # One list for every row, not a copy per form, and its tags escaped once.
    assert all(row.fields["parent"].choices is shared for row in rows)
    assert all(
        row.fields["aspect"].choices is SampleForm.base_fields["aspect"].choices for row in rows
    )
    assert copy.deepcopy(shared) is shared
    assert shared.options() is shared.options()


def test_only_the_first_option_of_a_repeated_value_is_selected():
    class Twice(forms.Form):
        pick = forms.ChoiceField(choices=SharedChoices([("a", "A"), ("b", "B"), ("a", "A lagi")]))

    html = str(render_field(Twice({"pick": "a"})["pick"]))
    assert html.count(" selected") == 1 and '<option value="a" selected>A</option>' in html


def test_shared_options_follow_the_active_language():
    form = SampleForm({"f-aspect": "kuantitas"}, prefix="f", parents=parents())
    with translation.override("id"):
        assert '<option value="kuantitas" selected>Kuantitas</option>' in str(
            render_field(form["aspect"])
        )
    with translation.override("en"):
        assert '<option value="kuantitas" selected>Quantity</option>' in str(
            render_field(form["aspect"])
        )


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("name", ["text", "target"])
def test_translated_labels_and_help_texts_are_drawn_as_crispy_forms_draws_them(language, name):
    # The editor's own fields: lazy labels and help texts, read once by the light field.
    with translation.override(language):
        light = str(render_field(IndicatorForm(prefix="i", is_jpt=False)[name]))
        crispy = str(as_crispy_field(IndicatorForm(prefix="i", is_jpt=False)[name]))
        label = str(IndicatorForm.base_fields[name].label)
    assert parse_html(light) == parse_html(crispy), (light, crispy)
    assert f">{label}<" in light


def test_a_formsets_management_form_is_drawn_as_django_draws_it():
    formset = forms.formset_factory(SampleForm)(prefix="rhk", form_kwargs={"parents": parents()})
    assert parse_html(str(render_hidden(formset.management_form))) == parse_html(
        str(formset.management_form)
    )


@pytest.mark.parametrize("auto_id", ["id_%s", "%s", 'x"_%s', "yes", ""])
def test_a_formsets_management_form_is_drawn_from_its_numbers_as_django_draws_it(auto_id):
    # Two rows with their initial values and one extra (three), at least two, at most five.
    formset = forms.formset_factory(SampleForm, extra=1, min_num=2, max_num=5)(
        prefix='rhk-0-"ind',
        auto_id=auto_id,
        initial=[{"text": "a"}, {"text": "b"}],
        form_kwargs={"parents": parents()},
    )
    drawn = str(render_management(formset))
    assert parse_html(drawn) == parse_html(str(formset.management_form)), drawn
    assert 'name="rhk-0-&quot;ind-TOTAL_FORMS" value="3"' in drawn
    assert 'name="rhk-0-&quot;ind-INITIAL_FORMS" value="2"' in drawn
    # Posted, what was posted: the management form itself is drawn.
    posted = forms.formset_factory(SampleForm)(
        {"f-TOTAL_FORMS": "3", "f-INITIAL_FORMS": "1"},
        prefix="f",
        form_kwargs={"parents": parents()},
    )
    assert parse_html(str(render_management(posted))) == parse_html(str(posted.management_form))
    assert 'name="f-TOTAL_FORMS" value="3"' in str(render_management(posted))


def test_the_template_filters_draw_the_light_field():
    form = SampleForm(REFUSED, prefix="f", parents=parents())
    html = Template("{% load fields %}{{ form.target|light_field }}").render(
        Context({"form": form})
    )
    assert html == str(render_field(form["target"]))


class TestChoiceLabels:
    def test_labels_follow_the_active_language(self):
        with translation.override("id"):
            indonesian = choice_labels(Aspect)
            assert indonesian["kuantitas"] == "Kuantitas"
            assert choice_labels(RhkKind)["utama"] == "Utama"
        with translation.override("en"):
            english = choice_labels(Aspect)
            assert english["kuantitas"] == "Quantity"
            assert choice_labels(RhkKind)["utama"] == "Main"
        assert indonesian is not english

    @pytest.mark.parametrize("language", ["id", "en"])
    def test_labels_are_what_get_foo_display_gives(self, language):
        with translation.override(language):
            labels = choice_labels(Jenjang)
            for jenjang in Jenjang:
                assert labels[jenjang] == Pegawai(jenjang=jenjang).get_jenjang_display()
            assert choice_labels(Jenjang) is labels  # computed once per language


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "2", None])
def test_the_python_select_draws_what_djangos_draws(value):
    # The SKM results' SKPD filter: hundreds of model choices on a crispy form.
    SkpdFactory(name="Dinas <Kesehatan> & KB")
    SkpdFactory(name="Kecamatan Paringin")

    def field(widget):
        return forms.ModelChoiceField(
            queryset=Skpd.objects.order_by("name"), empty_label="Semua SKPD", widget=widget
        )

    chosen = str(Skpd.objects.order_by("name").last().pk) if value == "2" else value
    attrs = {"id": "id_skpd", "class": "select form-select"}
    fast = field(Select).widget.render("skpd", chosen, attrs)
    django = field(forms.Select).widget.render("skpd", chosen, attrs)
    assert parse_html(fast) == parse_html(django)
    assert "Dinas &lt;Kesehatan&gt; &amp; KB" in fast


@pytest.mark.django_db
def test_the_python_select_reads_model_choices_with_one_plain_query(django_assert_num_queries):
    SkpdFactory.create_batch(3)
    field = forms.ModelChoiceField(queryset=Skpd.objects.order_by("name"), widget=Select)
    with django_assert_num_queries(1) as captured:
        drawn = field.widget.render("skpd", "")
    # Not through a server-side cursor (DECLARE, then FETCH and CLOSE unrecorded).
    assert "DECLARE" not in captured.captured_queries[0]["sql"]
    assert drawn.count("<option") == 4  # the empty choice and the three SKPD


def test_the_python_select_leaves_groups_to_django():
    choices = [("Kelompok", [("1", "Satu")]), ("2", "Dua")]
    fast = Select(choices=choices).render("grouped", "1")
    assert parse_html(fast) == parse_html(forms.Select(choices=choices).render("grouped", "1"))
    assert "<optgroup" in fast


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [None, {"kind": "skpd", "year": "2026", "month": "3"}, {"month": "3", "year": "tahun"}],
    ids=["empty", "filtered", "refused"],
)
@pytest.mark.parametrize("name", list(ResultFilterForm.base_fields))
def test_the_skm_results_filter_draws_as_crispy_forms_drew_it(data, name):
    SkpdFactory(name="Dinas <Kesehatan> & KB")
    light, crispy = both(lambda: ResultFilterForm(data), name)
    assert parse_html(light) == parse_html(crispy), (light, crispy)


@pytest.mark.parametrize(
    "data",
    [None, {"year": "2026", "kind": "dinas", "sort": "gap"}, {"year": "1990", "sort": "x"}],
    ids=["empty", "filtered", "refused"],
)
@pytest.mark.parametrize("name", list(DashboardFilterForm.base_fields))
def test_the_dashboard_filter_draws_as_crispy_forms_drew_it(data, name):
    def form():
        return DashboardFilterForm(data, years=[2027, 2026, 2025], initial={"year": 2026})

    light, crispy = both(form, name)
    assert parse_html(light) == parse_html(crispy), (light, crispy)
