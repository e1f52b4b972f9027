"""A participant's presence and the daftar hadir's rows as its documents print them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from accounts.models import Pegawai, Skpd
from bookings.models import Attendance
from bookings.templatetags.attendance import daftar_hadir_rows, presence

CHECKED_IN = datetime.datetime(2026, 12, 4, 0, 15, tzinfo=datetime.UTC)  # 08.15 WITA


@pytest.mark.parametrize(
    ("present", "checked_in_at", "printed"),
    [
        (True, CHECKED_IN, "Hadir 08.15"),
        (True, None, "Hadir (dicatat coach)"),
        (False, None, "Tidak hadir"),
        (None, None, "Belum dicatat"),
    ],
    ids=["checked-in", "recorded-by-coach", "absent", "not-yet"],
)
def test_the_presence_printed_for_each_outcome(present, checked_in_at, printed):
    attendance = Attendance(present=present, checked_in_at=checked_in_at)
    assert presence(attendance) == printed


def test_the_presence_follows_the_language():
    with translation.override("en"):
        assert presence(Attendance(present=True, checked_in_at=CHECKED_IN)) == "Attended 08.15"


# The daftar hadir's rows as the templates drew them before the rows were written in Python
# (bookings.templatetags.attendance): the documents' fingerprints depend on every byte.
REPORT_ROWS_BEFORE = """{% load i18n portal attendance %}
        {% for a in attendance %}
          <tr><td class="no">{{ forloop.counter }}</td><td>{{ a.pegawai.name }}{% if a.walk_in %} <span class="muted">({% translate "tambahan" %})</span>{% endif %}</td><td class="nowrap">{{ a.pegawai.nip|nip }}</td><td>{{ a.pegawai.jabatan }}</td><td>{{ a.pegawai.skpd.name }}</td><td>{{ a|presence }}
</td><td class="sign">{% if a.present %}{{ forloop.counter }}.{% endif %}</td></tr>
        {% empty %}none{% endfor %}"""  # noqa: E501
REPORT_ROWS = """{% load i18n portal attendance %}
        {% for row in attendance|daftar_hadir_rows %}
          {{ row }}
        {% empty %}none{% endfor %}"""
SHEET_ROWS_BEFORE = """{% load i18n portal attendance %}
      {% for a in attendance %}
        <tr><td class="no">{{ forloop.counter }}</td><td>{{ a.pegawai.name }}{% if a.walk_in %} <span class="muted">({% translate "tambahan" %})</span>{% endif %}</td><td class="nowrap">{{ a.pegawai.nip|nip }}</td><td>{{ a.pegawai.jabatan }}</td><td>{{ a.pegawai.skpd.name }}</td>{% if final %}<td>{{ a|presence }}
</td>{% endif %}<td class="sign">{% if not final or a.present %}{{ forloop.counter }}.{% endif %}</td></tr>
      {% endfor %}"""  # noqa: E501
SHEET_ROWS = """{% load i18n portal attendance %}
      {% for row in attendance|daftar_hadir_rows:final %}
        {{ row }}
      {% endfor %}"""


def participants() -> list[Attendance]:
    skpd = Skpd(name="Dinas Pekerjaan Umum & Penataan Ruang", short_name="PUPR")
    people = [
        ("Ahmad <Syahrani>, S.T.", "198609262015051001", 'Kepala Seksi "Jalan" & Jembatan'),
        ("Noor Hasanah", "199001012019032002", "Bidan Mahir"),
        ("Rahmadi O'Neil", "198501012010011003", ""),
        ("Siti Aminah", "199203152020122004", "Analis SDM Aparatur"),
    ]
    outcomes = [
        {"present": True, "checked_in_at": CHECKED_IN},
        {"present": True, "walk_in": True, "checked_in_at": CHECKED_IN},
        {"present": False},
        {"present": None},
    ]
    return [
        Attendance(pegawai=Pegawai(name=name, nip=nip, jabatan=jabatan, skpd=skpd), **outcome)
        for (name, nip, jabatan), outcome in zip(people, outcomes, strict=True)
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_written_in_python_are_the_templates_rows_byte_for_byte(language):
    attendance = participants()
    with translation.override(language):
        before = Template(REPORT_ROWS_BEFORE).render(Context({"attendance": attendance}))
        after = Template(REPORT_ROWS).render(Context({"attendance": attendance}))
        assert after == before
        for final in (True, False):
            context = {"attendance": attendance, "final": final}
            before = Template(SHEET_ROWS_BEFORE).render(Context(context))
            assert Template(SHEET_ROWS).render(Context(context)) == before
    # What the comparison covers: escaping, a walk-in, each presence, the NIP grouped.
    assert "Ahmad &lt;Syahrani&gt;" in after and "Rahmadi O&#x27;Neil" in after
    assert "&quot;Jalan&quot; &amp; Jembatan" in after and "PUPR" not in after
    assert after.count('<span class="muted">') == 1  # the walk-in
    assert "19860926 201505 1 001" in after


def test_the_rows_of_an_empty_daftar_hadir():
    assert daftar_hadir_rows([]) == []
    rendered = Template(REPORT_ROWS).render(Context({"attendance": []}))
    assert rendered.strip() == "none"
