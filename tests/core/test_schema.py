"""The database schema as the migrations leave it."""

from collections import defaultdict

import pytest
from django.apps import apps
from django.db import connection, models

pytestmark = pytest.mark.django_db

# django-otp's Device declares its user foreign key with an index of its own; the recovery
# codes' one-per-user constraint makes another on the same column.
INHERITED = {"accounts_recoverycodedevice"}


def test_no_table_keeps_two_identical_indexes():
    """Every write to a table updates each of its indexes: a copy costs on each write and
    serves no read."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT indrelid::regclass::text,
                   array_agg(indexrelid::regclass::text ORDER BY indexrelid::regclass::text)
            FROM pg_index
            JOIN pg_class ON pg_class.oid = indrelid
            WHERE relnamespace = current_schema()::regnamespace
            GROUP BY indrelid, indkey::text, indclass::text, indoption::text,
                     indcollation::text, pg_get_expr(indexprs, indrelid),
                     pg_get_expr(indpred, indrelid)
            HAVING count(*) > 1
            """
        )
        doubled = dict(cursor.fetchall())
    assert set(doubled) == INHERITED, doubled


# The apps whose tables the portal declares; Django's and the packages' are left as they come.
OWN_APPS = {"accounts", "bookings", "core", "ekinerja", "reports", "skp_drafts", "surveys"}


def own_tables(*, link_tables: bool) -> list[str]:
    """The tables of the portal's models; with ``link_tables``, also those Django makes for
    their many-to-many fields."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=link_tables)
        if model._meta.app_label in OWN_APPS and model._meta.managed
    )


def test_no_index_repeats_the_first_columns_of_another():
    """An index on (a) beside one on (a, b) of the same kind serves no read that the longer
    one does not (PostgreSQL reads (a) from it about as fast), and costs on every write:
    the foreign key of a row that is unique per (key, something) needs no index of its own
    (``db_index=False``, the constraint's index serves its lookups and cascades).

    Django's link tables of many-to-many fields are left out: it gives each of their foreign
    keys an index beside the pair's unique one, and only a declared ``through`` model could
    leave it out."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH plain AS (
                SELECT indrelid, indexrelid, indnatts, indisunique,
                       indkey::text || ' ' AS keys, indclass::text || ' ' AS classes,
                       indcollation::text || ' ' AS collations,
                       indoption::text || ' ' AS options
                FROM pg_index
                WHERE indexprs IS NULL AND indpred IS NULL
            )
            SELECT shorter.indrelid::regclass::text, shorter.indexrelid::regclass::text,
                   longer.indexrelid::regclass::text
            FROM plain AS shorter
            JOIN plain AS longer
                ON longer.indrelid = shorter.indrelid
                AND longer.indnatts > shorter.indnatts
                AND starts_with(longer.keys, shorter.keys)
                AND starts_with(longer.classes, shorter.classes)
                AND starts_with(longer.collations, shorter.collations)
                AND starts_with(longer.options, shorter.options)
            WHERE NOT shorter.indisunique
                AND shorter.indrelid::regclass::text = ANY(%s)
            ORDER BY 1, 2, 3
            """,
            [own_tables(link_tables=False)],
        )
        repeated = cursor.fetchall()
    assert repeated == [], repeated


def test_every_foreign_key_leads_an_index():
    """What ``db_index=False`` leaves to a longer index must stay there: deleting a row
    looks up the rows that point to it, and a foreign key without a whole index (no
    condition, no expression) led by its column reads the whole table for it."""
    tables = own_tables(link_tables=True)
    leading = leading_columns(tables, whole=True)
    unindexed = [
        f"{model._meta.db_table}.{field.column}"
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
        for field in model._meta.concrete_fields
        if field.is_relation
        and not deleted_through_nothing(field)
        and field.column not in leading[model._meta.db_table]
    ]
    assert unindexed == [], unindexed


def deleted_through_nothing(field) -> bool:
    """A history's copy of a record's foreign key: no constraint, and nothing is deleted
    through it (``DO_NOTHING``), so no delete looks anything up by it."""
    return field.remote_field.on_delete is models.DO_NOTHING and not field.db_constraint


def leading_columns(tables: list[str], *, whole: bool = False) -> dict[str, set[str]]:
    """Each table's columns that lead an index; with ``whole``, an index without a
    condition or an expression."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT indrelid::regclass::text, attname
            FROM pg_index
            JOIN pg_attribute ON attrelid = indrelid AND attnum = indkey[0]
            WHERE indrelid::regclass::text = ANY(%s)
                AND (NOT %s OR (indexprs IS NULL AND indpred IS NULL))
            """,
            [tables, whole],
        )
        found = defaultdict(set)
        for table, column in cursor.fetchall():
            found[table].add(column)
    return found


# What an SKP's versions read its parts' history by, besides the record: the filters of
# skp_drafts.versions.snapshot(), said again here so that losing an index fails.
READ_BY = {
    "skp_drafts_historicalrhk": {"skp_id"},
    "skp_drafts_historicalindicator": {"rhk_id"},
    "skp_drafts_historicalbehaviour": {"skp_id"},
}


def test_history_tables_are_indexed_by_what_reads_them():
    """A history row goes into every index of its table on every save of its record:
    only what the history is read by is indexed (core.history.HistoricalRecords), the
    record (``id``), the date and who changed it, and where a model names more
    (``indexed``), those."""
    tables = [
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in OWN_APPS and hasattr(model, "instance_type")
    ]
    assert len(tables) > 20 and set(READ_BY) <= set(tables)
    found = leading_columns(tables)
    record = {"history_id", "id", "history_date", "history_user_id"}
    # A many-to-many field's history (a session's drafts): by the record's history row.
    links = {"m2m_history_id", "history_id", "id"}
    wrong = {
        table: found[table]
        for table in tables
        if found[table]
        != (links if "m2m_history_id" in found[table] else record) | READ_BY.get(table, set())
    }
    assert wrong == {}
