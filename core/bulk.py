"""Fast inserts: PostgreSQL's COPY instead of one INSERT per row. The scaled demo data
(``seed_demo --scale 50000``) is written this way, with the ids reserved from each table's
own sequence and the audit-history rows that django-simple-history would have written; so
are the rows of an import of tens of thousands, which no signal watches.

The rows skip ``save()``, signals and model validation, as ``bulk_create`` does. The
database still checks every constraint.
"""

import contextlib
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

CHANGE_REASON = "seed_demo"


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` fresh primary keys from the model's sequence, so that rows can refer to
    each other before they are written."""
    if count == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        # The sequence looked up once: in the SELECT below, pg_get_serial_sequence would
        # run for every row (a catalogue lookup each, 5× the cost of nextval itself).
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)::regclass::oid", [table, column])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            "SELECT nextval(%s::oid::regclass) FROM generate_series(1, %s)", [sequence, count]
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, field attnames) into the model's
    table; returns how many were written."""
    meta = model._meta
    names = ", ".join(connection.ops.quote_name(meta.get_field(c).column) for c in columns)
    written = 0
    # Through Django's error wrapper: a refused row raises IntegrityError, as an INSERT would.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({names}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
    return written


def copy_with_history(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence],
    *,
    history_date=None,
    reason: str = CHANGE_REASON,
) -> int:
    """COPY the rows, and one "created" history row for each (``columns`` must include the
    primary key, an integer: the rows are found again by runs of consecutive keys): written
    by PostgreSQL from the rows just copied, the same columns, rather than formatted again
    in Python and sent a second time (for the benchmark's million RHK and indicators, some
    5 s of the seed's Python)."""
    written = copy_rows(model, columns, rows)
    history = model.history.model
    tracked = {f.attname for f in history._meta.concrete_fields}
    names = [name for name in columns if name in tracked]
    key = columns.index(model._meta.pk.attname)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    source = ", ".join(f"{table}.{quote(model._meta.get_field(name).column)}" for name in names)
    target = ", ".join(quote(history._meta.get_field(name).column) for name in names)
    meta = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type")
    )
    # The rows are found by runs of consecutive keys (reserve_ids hands out one run, or a
    # few), one range scan of the primary key each, rather than by a probe of the key for
    # each of hundreds of thousands of ids in an array and a sort (for a year's 380,000
    # indicators of the benchmark's seed, 1.6 s against 2.0). A run holds nothing but the
    # rows' own keys.
    lows, highs = key_runs(row[key] for row in rows)
    pk = f"{table}.{quote(model._meta.pk.column)}"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({target}, {meta}) "
            f"SELECT {source}, %s, %s, '+' "
            f"FROM unnest(%s::bigint[], %s::bigint[]) AS run (low, high) "
            f"JOIN {table} ON {pk} BETWEEN run.low AND run.high "
            f"ORDER BY {pk}",
            [history_date or timezone.now(), reason, lows, highs],
        )
    return written


def key_runs(keys: Iterable[int]) -> tuple[list[int], list[int]]:
    """The integer keys as runs of consecutive ones: their first keys and their last."""
    lows: list[int] = []
    highs: list[int] = []
    for key in sorted(set(keys)):
        if highs and key == highs[-1] + 1:
            highs[-1] = key
        else:
            lows.append(key)
            highs.append(key)
    return lows, highs


def analyze_tables(*models: type[Model]) -> None:
    """Fresh planner statistics for the portal's own tables after a bulk load, or for the
    tables of ``models`` only (before a query that joins them, in the loading transaction:
    ANALYZE counts the rows the transaction itself inserted).

    Named tables, not a bare ``ANALYZE``: that one also takes the cluster's shared
    catalogues, whose lock another database's ANALYZE waits for until this transaction
    ends."""
    tables = [model._meta.db_table for model in models] or (
        connection.introspection.django_table_names(only_existing=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


@contextlib.contextmanager
def foreign_keys_checked_after(*models: type[Model]):
    """Inside the block the FOREIGN KEY constraints of the models' tables are dropped; at
    its end they are added back as they were, and PostgreSQL checks every row against
    them in one join per constraint instead of one query per row (for millions of COPYed
    rows, the deferred per-row checks at commit took longer than the COPY itself).

    Only inside the loading transaction: an error puts everything back, and until it ends
    other sessions wait to write to these tables. The checks the transaction deferred so
    far are made first (PostgreSQL alters no table with checks pending), and those of the
    block's other writes at once; the portal's foreign keys, all deferred, are deferred
    again after it."""

    def undone(cursor) -> list[tuple[str, str]]:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY conrelid, conname",
            [[model._meta.db_table for model in models]],
        )
        constraints = [
            (table, connection.ops.quote_name(name), definition)
            for table, name, definition in cursor.fetchall()
        ]
        return [
            ("SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED"),
            *(
                (
                    f"ALTER TABLE {table} DROP CONSTRAINT {name}",
                    f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}",
                )
                for table, name, definition in constraints
            ),
        ]

    with _undone_in_the_block("foreign_keys_checked_after", undone):
        yield


@contextlib.contextmanager
def indexes_built_after(*models: type[Model]):
    """Inside the block the models' tables keep only their unique indexes (the primary key,
    unique constraints, with a condition or not); at its end the others are built again as
    they were, each from one sort of the table instead of one insertion per written row. A
    history table has three such indexes besides its key, a few four (core.history).

    Only inside the loading transaction, as ``foreign_keys_checked_after``: an error in the
    block puts every index back, and until the transaction ends other sessions wait to read
    these tables. Queries inside the block read them without those indexes."""

    def undone(cursor) -> list[tuple[str, str]]:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
            "FROM pg_index WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique "
            "ORDER BY indrelid, indexrelid",
            [[model._meta.db_table for model in models]],
        )
        return [(f"DROP INDEX {name}", definition) for name, definition in cursor.fetchall()]

    with _undone_in_the_block("indexes_built_after", undone):
        yield


@contextlib.contextmanager
def _undone_in_the_block(caller: str, undone: Callable):
    """Around a bulk load: ``undone(cursor)`` finds the pairs of statements that take
    something away for the block and put it back after; the first of each runs before the
    block, the second after it, in reverse order. In a savepoint of the loading
    transaction, so that an error in the block takes the first ones back even when the
    caller goes on with its transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError(f"{caller} needs the loading transaction")
    with transaction.atomic():
        with connection.cursor() as cursor:
            pairs = undone(cursor)
            for take_away, _put_back in pairs:
                cursor.execute(take_away)
        yield
        with connection.cursor() as cursor:
            for _take_away, put_back in reversed(pairs):
                cursor.execute(put_back)
