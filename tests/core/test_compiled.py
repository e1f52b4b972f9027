"""A read compiled once gives what its queryset gives, with one query per call, and refuses
what it cannot run as compiled (core/compiled.py)."""

import datetime
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import ProgrammingError, connection, connections, transaction
from django.db.models import Count, F, Value
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Pegawai
from bookings.models import Slot
from core.compiled import CompiledQuery
from skp_drafts.models import Skp
from tests.accounts.factories import PegawaiFactory
from tests.bookings.factories import SlotFactory, wita
from tests.locks import NO_KEY, row_locks
from tests.shared import statement_text
from tests.skp_drafts.factories import RhkFactory, SkpFactory

pytestmark = pytest.mark.django_db


def _team(atasan_id, pegawai_id):
    return (
        Pegawai.objects.filter(atasan_id=atasan_id, is_active=True)
        .exclude(pk=pegawai_id)
        .order_by("name")
    )


TEAM = CompiledQuery(
    lambda atasan_id, pegawai_id: _team(atasan_id, pegawai_id).values("pk", "name"),
    atasan_id=int,
    pegawai_id=int,
)


@pytest.fixture
def team():
    atasan = PegawaiFactory(name="Kepala")
    members = [PegawaiFactory(atasan=atasan, name=name) for name in ("Citra", "Adi", "Budi")]
    PegawaiFactory(atasan=atasan, name="Dewi", is_active=False)
    PegawaiFactory(name="Eko")  # another superior's
    return atasan, members


def test_a_compiled_read_gives_what_its_queryset_gives_for_each_value(team):
    atasan, (citra, adi, budi) = team
    for member in (citra, adi, budi):
        expected = list(_team(atasan.pk, member.pk).values("pk", "name"))
        assert TEAM.rows(atasan_id=atasan.pk, pegawai_id=member.pk) == expected
    assert [row["name"] for row in TEAM.rows(atasan_id=atasan.pk, pegawai_id=adi.pk)] == [
        "Budi",
        "Citra",
    ]
    assert TEAM.rows(atasan_id=citra.pk, pegawai_id=adi.pk) == []


def test_it_runs_one_query_per_call_and_builds_its_queryset_only_when_first_run(
    team, django_assert_num_queries
):
    atasan, (citra, adi, _budi) = team
    built = []

    def build(atasan_id, pegawai_id):
        built.append((atasan_id, pegawai_id))
        return _team(atasan_id, pegawai_id).values_list("name", flat=True)

    names = CompiledQuery(build, atasan_id=int, pegawai_id=int)
    with django_assert_num_queries(1):
        assert names.rows(atasan_id=atasan.pk, pegawai_id=citra.pk) == ["Adi", "Budi"]
    assert len(built) == 2  # compiled twice, with two sets of stand-ins
    assert atasan.pk not in {value for pair in built for value in pair}
    with django_assert_num_queries(1):
        assert names.rows(atasan_id=atasan.pk, pegawai_id=adi.pk) == ["Budi", "Citra"]
    assert len(built) == 2


def test_tuples_datetimes_and_a_small_integer_column_come_back_as_the_orm_gives_them():
    skp = SkpFactory(year=2026)
    RhkFactory.create_batch(2, skp=skp)
    SkpFactory(pegawai=skp.pegawai, year=2025)
    counts = CompiledQuery(
        # The year is a small integer column: psycopg is given an Int2.
        lambda pegawai_id, year: (
            Skp.objects.filter(pegawai_id=pegawai_id, year=year)
            .annotate(rhk_count=Count("rhks"))
            .values_list("pk", "year", "rhk_count")
        ),
        pegawai_id=int,
        year=int,
    )
    assert counts.rows(pegawai_id=skp.pegawai_id, year=2026) == [(skp.pk, 2026, 2)]
    assert counts.first(pegawai_id=skp.pegawai_id, year=2024) is None

    early, late = SlotFactory(start=wita(2026, 12, 7, 8)), SlotFactory(start=wita(2026, 12, 7, 10))
    starts = CompiledQuery(
        lambda after: (
            Slot.objects.filter(start__gt=after).order_by("start").values_list("pk", "start")
        ),
        after=datetime.datetime,
    )
    assert starts.rows(after=wita(2026, 12, 7, 9)) == [(late.pk, late.start)]
    assert starts.rows(after=wita(2026, 12, 7, 7)) == [
        (early.pk, early.start),
        (late.pk, late.start),
    ]


def test_a_lookup_by_date_is_compiled_for_each_time_zone():
    # 23.30 WITA on 7 December is 7 December in Makassar and in UTC, 8 December in Tokyo.
    slot = SlotFactory(start=wita(2026, 12, 7, 23, 30))
    on_day = CompiledQuery(
        lambda day: Slot.objects.filter(start__date=day).values_list("pk", flat=True),
        day=datetime.date,
    )
    assert on_day.rows(day=datetime.date(2026, 12, 7)) == [slot.pk]
    with timezone.override("Asia/Tokyo"):
        assert on_day.rows(day=datetime.date(2026, 12, 7)) == []
        assert on_day.rows(day=datetime.date(2026, 12, 8)) == [slot.pk]
    assert on_day.rows(day=datetime.date(2026, 12, 8)) == []


def test_values_of_another_type_or_missing_are_refused():
    with pytest.raises(TypeError):
        TEAM.rows(atasan_id=1)
    with pytest.raises(TypeError):
        TEAM.rows(atasan_id="1", pegawai_id=2)
    with pytest.raises(TypeError):
        TEAM.rows(atasan_id=True, pegawai_id=2)
    after = CompiledQuery(
        lambda after: Slot.objects.filter(start__gt=after).values_list("pk"),
        after=datetime.datetime,
    )
    with pytest.raises(TypeError):
        after.rows(after=datetime.datetime(2026, 12, 7, 8))  # without its time zone


MEMBERS = CompiledQuery(
    lambda atasan_id: (
        Pegawai.objects.filter(atasan_id=atasan_id)
        .select_related("skpd", "atasan__atasan")
        .only("name", "skpd__name", "atasan__name", "atasan__atasan__name")
        .annotate(juniors=Count("bawahan"))
        .order_by("name")
    ),
    atasan_id=int,
)


def test_model_instances_come_with_what_they_select_related_and_annotate(
    team, django_assert_num_queries
):
    atasan, (citra, adi, budi) = team
    PegawaiFactory(atasan=adi)
    expected = list(MEMBERS.build(atasan.pk))
    for _run_number in range(2):  # compiled, then prepared
        with django_assert_num_queries(1):
            members = MEMBERS.rows(atasan_id=atasan.pk)
        assert members == expected == [adi, budi, citra, Pegawai.objects.get(name="Dewi")]
        with django_assert_num_queries(0):
            assert [(m.name, m.skpd.name, m.atasan.name, m.juniors) for m in members] == [
                (m.name, m.skpd.name, m.atasan.name, m.juniors) for m in expected
            ]
            assert members[0].juniors == 1
            assert members[0].atasan.atasan is None  # a LEFT JOIN that found nobody
        assert members[0].get_deferred_fields() == expected[0].get_deferred_fields()
        assert not members[0]._state.adding and members[0]._state.db == "default"
    with django_assert_num_queries(1):
        assert members[0].jabatan == adi.jabatan  # deferred, read when asked for


def test_what_cannot_run_as_compiled_is_refused_when_first_run(team):
    atasan, _members = team
    named = CompiledQuery(
        lambda pegawai_id: Pegawai.objects.filter(pk=pegawai_id).values_list("pk", named=True),
        pegawai_id=int,
    )
    with pytest.raises(ImproperlyConfigured, match="model instances"):
        named.rows(pegawai_id=1)
    # What another query would read: prefetched rows, or the owner a related manager knows.
    prefetching = CompiledQuery(
        lambda pegawai_id: Pegawai.objects.filter(pk=pegawai_id).prefetch_related("bawahan"),
        pegawai_id=int,
    )
    with pytest.raises(ImproperlyConfigured, match="prefetch_related"):
        prefetching.rows(pegawai_id=1)
    managed = CompiledQuery(lambda pegawai_id: atasan.bawahan.filter(pk=pegawai_id), pegawai_id=int)
    with pytest.raises(ImproperlyConfigured, match="related manager"):
        managed.rows(pegawai_id=1)
    # icontains sends "%text%", not the value given.
    searched = CompiledQuery(
        lambda text: Pegawai.objects.filter(name__icontains=text).values_list("pk"), text=str
    )
    with pytest.raises(ImproperlyConfigured, match="text"):
        searched.rows(text="adi")
    # A value that changes the SQL itself (here: whether a filter is there at all).
    shaped = CompiledQuery(
        lambda pegawai_id: (
            Pegawai.objects.filter(pk=pegawai_id)
            .filter(atasan_id=pegawai_id if pegawai_id % 2 else None)
            .values_list("pk")
        ),
        pegawai_id=int,
    )
    with pytest.raises(ImproperlyConfigured, match="SQL"):
        shaped.rows(pegawai_id=1)


def _run(read, **values):
    with CaptureQueriesContext(connection) as queries:
        rows = read.rows(**values)
    (query,) = queries.captured_queries
    return rows, query["sql"]


def test_from_its_second_run_on_a_session_it_runs_its_prepared_statement(team):
    atasan, (citra, adi, budi) = team
    names = CompiledQuery(
        lambda atasan_id, pegawai_id: _team(atasan_id, pegawai_id).values_list("name", flat=True),
        atasan_id=int,
        pegawai_id=int,
    )
    rows, first = _run(names, atasan_id=atasan.pk, pegawai_id=citra.pk)
    assert rows == ["Adi", "Budi"] and first.startswith("SELECT")
    for member, expected in ((adi, ["Budi", "Citra"]), (budi, ["Adi", "Citra"])):
        rows, sql = _run(names, atasan_id=atasan.pk, pegawai_id=member.pk)
        assert rows == expected
        assert sql.startswith("EXECUTE compiled_")
        # The statement prepared is the query the first run ran, with numbered parameters.
        prepared = statement_text(sql).split(" AS ", 1)[1]
        assert _numbers_out(prepared) == _numbers_out(first)


def _numbers_out(sql: str) -> str:
    return re.sub(r"\$\d+|\b\d+\b", "N", sql)


@pytest.mark.django_db(transaction=True)
def test_a_new_session_prepares_its_statements_anew():
    atasan = PegawaiFactory(name="Kepala")
    member = PegawaiFactory(atasan=atasan, name="Adi")
    other = PegawaiFactory(atasan=atasan, name="Budi")
    for _run_number in range(2):
        assert TEAM.rows(atasan_id=atasan.pk, pegawai_id=member.pk) == [
            {"pk": other.pk, "name": "Budi"}
        ]
    connection.close()  # as the health check does with a connection that died
    rows, sql = _run(TEAM, atasan_id=atasan.pk, pegawai_id=other.pk)
    assert rows == [{"pk": member.pk, "name": "Adi"}] and sql.startswith("SELECT")
    rows, sql = _run(TEAM, atasan_id=atasan.pk, pegawai_id=member.pk)
    assert rows == [{"pk": other.pk, "name": "Budi"}] and sql.startswith("EXECUTE")


def test_a_constant_it_selects_keeps_its_type_in_the_prepared_statement(team):
    _atasan, (citra, _adi, _budi) = team
    flagged = CompiledQuery(
        lambda pegawai_id: (
            Pegawai.objects.filter(pk=pegawai_id)
            .annotate(coaching=Value(False), year=Value(2026))
            .values_list("name", "coaching", "year")
        ),
        pegawai_id=int,
    )
    for _run_number in range(3):  # as it is, then prepared
        assert flagged.rows(pegawai_id=citra.pk) == [("Citra", False, 2026)]


def test_a_read_that_locks_runs_only_in_a_transaction(team):
    atasan, _members = team
    lock = CompiledQuery(
        lambda pegawai_id: (
            Pegawai.objects.select_for_update(no_key=True).filter(pk=pegawai_id).values_list("pk")
        ),
        pegawai_id=int,
    )
    with transaction.atomic():
        assert lock.rows(pegawai_id=atasan.pk) == [(atasan.pk,)]
        assert row_locks(lambda: lock.rows(pegawai_id=atasan.pk)) == {("accounts_pegawai", NO_KEY)}


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_read_that_locks_is_refused():
    lock = CompiledQuery(
        lambda pegawai_id: (
            Pegawai.objects.select_for_update(no_key=True).filter(pk=pegawai_id).values_list("pk")
        ),
        pegawai_id=int,
    )
    pegawai = PegawaiFactory()
    with transaction.atomic():
        lock.rows(pegawai_id=pegawai.pk)
    with pytest.raises(TransactionManagementError):
        lock.rows(pegawai_id=pegawai.pk)


def test_a_percent_sign_in_its_sql_survives_the_prepared_statement(team):
    _atasan, (citra, adi, _budi) = team
    # The modulo operator is written %% in the SQL Django compiles, beside its %s.
    parity = CompiledQuery(
        lambda pegawai_id: (
            Pegawai.objects.filter(pk=pegawai_id)
            .annotate(parity=F("pk") % 2)
            .values_list("pk", "parity")
        ),
        pegawai_id=int,
    )
    for _run_number in range(3):  # as it is, then prepared
        for member in (citra, adi):
            assert parity.rows(pegawai_id=member.pk) == [(member.pk, member.pk % 2)]


def test_distinct_rows_ordered_by_a_column_not_selected_keep_only_what_is_selected(team):
    atasan, (citra, adi, budi) = team
    names = CompiledQuery(
        lambda atasan_id: (
            Pegawai.objects.filter(atasan_id=atasan_id)
            .order_by("-nip")
            .distinct()
            .values_list("name", flat=False)
        ),
        atasan_id=int,
    )
    expected = [
        (member.name,) for member in sorted((citra, adi, budi), key=lambda p: p.nip, reverse=True)
    ]
    inactive = Pegawai.objects.get(atasan=atasan, is_active=False)
    expected.insert(
        sorted([citra.nip, adi.nip, budi.nip, inactive.nip], reverse=True).index(inactive.nip),
        (inactive.name,),
    )
    for _run_number in range(2):
        assert names.rows(atasan_id=atasan.pk) == expected


class _Instant(datetime.datetime):
    """A datetime of a type of its own, as a library's clock may give."""


def test_a_value_of_a_subclass_reaches_the_sql_as_it_is():
    slot = SlotFactory(start=wita(2026, 12, 7, 10))
    after = CompiledQuery(
        lambda after: Slot.objects.filter(start__gt=after).values_list("pk", flat=True),
        after=datetime.datetime,
    )
    for _run_number in range(3):  # as it is, then prepared
        assert after.rows(after=_Instant(2026, 12, 7, 1, tzinfo=datetime.UTC)) == [slot.pk]
        assert after.rows(after=_Instant(2026, 12, 7, 3, tzinfo=datetime.UTC)) == []


def test_a_statement_that_cannot_be_prepared_fails_as_a_database_error(team):
    _atasan, (citra, _adi, _budi) = team
    read = CompiledQuery(
        lambda pegawai_id: Pegawai.objects.filter(pk=pegawai_id).values_list("name", flat=True),
        pegawai_id=int,
    )
    assert read.rows(pegawai_id=citra.pk) == ["Citra"]  # as it is: not prepared yet
    with connection.cursor() as cursor:  # its name taken on this session
        cursor.execute(f"PREPARE {read._for(connections['default']).name} AS SELECT 1")
    with pytest.raises(ProgrammingError), transaction.atomic():
        read.rows(pegawai_id=citra.pk)


def test_a_read_by_id_finds_nothing_for_an_id_no_row_can_have(team, django_assert_num_queries):
    _atasan, (citra, _adi, _budi) = team
    by_id = CompiledQuery(
        lambda pk: Pegawai.objects.filter(pk=pk).values_list("name", flat=True),
        by_id=True,
        pk=int,
    )
    with django_assert_num_queries(1):
        assert by_id.rows(pk=citra.pk) == ["Citra"]
    with django_assert_num_queries(0):
        for nobody in (0, -1, 2**63, 10**30):
            assert by_id.rows(pk=nobody) == []
            assert by_id.first(pk=nobody) is None
