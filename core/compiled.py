"""Reads whose SQL the ORM compiles once per connection, then runs with each request's values.

Django builds a queryset's SQL anew every time it is evaluated: for the small reads that a
busy page makes on every request (an ASN's own booking, its places in line, its colleagues)
building and compiling costs several times what PostgreSQL spends answering them
(docs/benchmarks.md, "Reads compiled once"). A ``CompiledQuery`` is still written as a
queryset; it is compiled the first time it runs on a connection, with stand-ins for its
values, and afterwards only the values change. From its second run on a PostgreSQL session
it runs as a prepared statement, parsed and planned once per session: most of what
PostgreSQL spent on these reads was planning them::

    WAITED = CompiledQuery(
        lambda pegawai_id, now: WaitlistEntry.objects.filter(
            pegawai_id=pegawai_id, slot__start__gt=now
        ).values_list("slot_id", flat=True),
        pegawai_id=int,
        now=datetime.datetime,
    )
    WAITED.rows(pegawai_id=pegawai.pk, now=timezone.now())

A ``values()`` or ``values_list()`` queryset gives its rows; any other gives model
instances, with what ``select_related()`` follows and what ``annotate()`` adds, but not
what ``prefetch_related()`` would read in another query (read it with another compiled
query). Only values that the ORM passes to the database as they are, or in a type of its own for
the column (psycopg's ``Int2``): ints, strings, dates and aware datetimes compared with a
field of their own type. That is checked when the query is compiled, twice with other
stand-ins: the same SQL, and parameters that differ only where the stand-ins are.

What ``build`` computes for itself rather than takes as a value (``timezone.localdate()``,
a setting) is compiled in for as long as the connection lives: the two compilations cannot
tell it from a constant. Give it as a value. A value beyond its column's range fails
(Django would leave such a lookup out of its SQL): a read that finds rows by the ids it is
given (``by_id=True``: a URL's, a session's) finds none, without asking, for an id no row
can have.

A prepared statement keeps the columns it returns: one prepared before a migration changed
a column it reads fails until its session ends, that is until the app servers restart,
which a deploy does after migrating (docs/deploy.md).
"""

import datetime
import decimal
import itertools
import re
import uuid
import weakref
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from psycopg.types.numeric import Float4, Int2, Int4, Int8, Oid

# The ids a row can have: an id column is a bigint. A URL's <int:pk> takes any number of
# digits, and Django's get() finds nothing beyond a bigint, where a compiled read would
# fail (a value is sent as it is): a read ``by_id`` finds nothing for the others.
IDS = range(1, 2**63)

_count = itertools.count(1)
_PLACEHOLDER = re.compile("%s|%%")
# By PostgreSQL session (psycopg's connection, which Django replaces when it reconnects):
# the compiled queries run there, each with whether its statement is prepared.
_RUNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _stand_in(kind: type):
    """A value of ``kind`` that no query writes itself. Ints stay within the range of a
    positive small integer column (Django leaves out a lookup with a value beyond it)."""
    number = next(_count)
    if kind is int:
        return 20_000 + number % 10_000
    if kind is str:
        return f"\u27e8stand-in {number}\u27e9"
    if kind is datetime.datetime:
        return datetime.datetime(1901, 2, 3, 4, 5, 6, number % 1_000_000, tzinfo=datetime.UTC)
    if kind is datetime.date:
        return datetime.date(1901, 1, 1) + datetime.timedelta(days=number % 10_000)
    raise ImproperlyConfigured(f"No stand-in for {kind!r}: use int, str, date or datetime.")


def _is_of(value, kind: type) -> bool:
    """Whether ``value`` is given as ``kind`` and reaches the SQL unchanged: not a bool for
    an int, not a datetime for a date, no datetime without its time zone."""
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is datetime.date:
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    if kind is datetime.datetime:
        return isinstance(value, datetime.datetime) and value.tzinfo is not None
    return isinstance(value, kind)


def _sql_type(value) -> str:
    """The type a prepared statement gives the parameter that ``value`` was compiled as:
    the column's where the ORM says (psycopg's ``Int2``), else the value's. PostgreSQL
    would take one it cannot infer (a constant selected, such as ``Value(False)``) as text."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return _INT_TYPES.get(type(value), "bigint")
    if isinstance(value, float):
        return "real" if isinstance(value, Float4) else "double precision"
    if isinstance(value, datetime.datetime):
        return "timestamp" if value.tzinfo is None else "timestamptz"
    for kind, sql_type in _OTHER_TYPES.items():
        if isinstance(value, kind):
            return sql_type
    raise ImproperlyConfigured(f"No parameter type for {value!r} in a compiled query.")


_INT_TYPES = {Int2: "smallint", Int4: "integer", Int8: "bigint", Oid: "oid"}
_OTHER_TYPES = {
    str: "text",
    decimal.Decimal: "numeric",
    datetime.date: "date",
    datetime.time: "time",
    datetime.timedelta: "interval",
    uuid.UUID: "uuid",
}


def _compile(queryset: QuerySet):
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        raise ImproperlyConfigured("A stand-in left the compiled query empty.") from None
    return compiler, sql, params


class _Compiled:
    """One query's SQL and parameters, compiled twice with other stand-ins: the parameters
    that differ are the values' places, each with the type the ORM gives its value there
    (psycopg's ``Int2`` for a small integer column, say)."""

    def __init__(self, build: Callable[..., QuerySet], kinds: dict[str, type], using: str):
        first = {name: _stand_in(kind) for name, kind in kinds.items()}
        second = {name: _stand_in(kind) for name, kind in kinds.items()}
        queryset = build(**first).using(using)
        iterable = queryset._iterable_class
        if iterable not in (ValuesIterable, ValuesListIterable, FlatValuesListIterable):
            if iterable is not ModelIterable:
                raise ImproperlyConfigured(
                    "A compiled query reads model instances, values() or values_list()."
                )
            if queryset._prefetch_related_lookups or queryset._known_related_objects:
                raise ImproperlyConfigured(
                    "A compiled query reads one query: no prefetch_related(), and not through"
                    " a related manager."
                )
        self.compiler, self.sql, params = _compile(queryset)
        _compiler, other_sql, other_params = _compile(build(**second).using(using))
        if other_sql != self.sql or len(other_params) != len(params):
            raise ImproperlyConfigured("A compiled query's SQL must not depend on its values.")
        self.params = list(params)
        # What results_iter() works out on every read: each column's converters.
        columns = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(columns)
        self.composite = columns if self.compiler.has_composite_fields(columns) else None
        self.places = {}
        pairs = enumerate(zip(params, other_params, strict=True))
        moved = {i for i, (one, other) in pairs if one != other}
        for name, kind in kinds.items():
            places = [
                (i, type(params[i]))
                for i in moved
                if params[i] == first[name]
                and other_params[i] == second[name]
                and isinstance(params[i], kind)
            ]
            if not places:
                raise ImproperlyConfigured(f"The value of {name!r} does not reach the SQL.")
            self.places[name] = places
            moved -= {i for i, _type in places}
        if moved:
            raise ImproperlyConfigured("A compiled query's SQL changes its values' parameters.")
        # A read that locks its rows (select_for_update) holds them to the end of its
        # transaction: outside one, it would lock nothing.
        self.locks = queryset.query.select_for_update
        self.dicts = iterable is ValuesIterable
        self.flat = iterable is FlatValuesListIterable
        self.instances = iterable is ModelIterable
        if self.instances:
            self._prepare_instances(using)
        if self.dicts:
            query = queryset.query
            self.names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )

        # Its statement on PostgreSQL's sessions: parsed and planned once each.
        self.name = f"compiled_{next(_count)}"
        numbers = itertools.count(1)
        types = f"({', '.join(_sql_type(param) for param in params)}) " if params else ""
        self.prepare = f"PREPARE {self.name} {types}AS " + _PLACEHOLDER.sub(
            lambda found: f"${next(numbers)}" if found[0] == "%s" else "%", self.sql
        )
        self.execute = (
            f"EXECUTE {self.name}({', '.join(['%s'] * len(params))})"
            if params
            else f"EXECUTE {self.name}"
        )

    def _prepare_instances(self, using: str) -> None:
        """What ModelIterable works out from the compiled query for each read, worked out
        once: the model's columns in the row, the related objects' and the annotations'."""
        compiler = self.compiler
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.model_columns = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.model_columns]]
        self.related_populators = get_related_populators(klass_info, select, using)
        self.annotations = list(compiler.annotation_col_map.items())
        self.using = using

    def _instances(self, rows) -> list:
        """Model instances of the rows, as ModelIterable makes them."""
        model, using, init_list = self.model, self.using, self.init_list
        columns, populators, annotations = (
            self.model_columns,
            self.related_populators,
            self.annotations,
        )
        found = []
        for row in rows:
            obj = model.from_db(using, init_list, row[columns])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def _sql(self, connection) -> str:
        """The SQL to run on ``connection``'s session: the query itself the first time, and
        from the second on (a session that lives for one request or one script runs it as
        it is) its prepared statement. The PREPARE goes straight to psycopg, like the
        settings Django sends when it connects: a test counts one query per read, however
        many the session has run."""
        connection.ensure_connection()
        session = connection.connection
        runs = _RUNS.setdefault(session, {})
        if self.name not in runs:
            runs[self.name] = False
            return self.sql
        if not runs[self.name]:
            connection.validate_no_broken_transaction()
            with connection.wrap_database_errors:
                session.execute(self.prepare)
            runs[self.name] = True
        return self.execute

    def rows(self, connection, values: dict) -> list:
        params = list(self.params)
        for name, places in self.places.items():
            for place, kind in places:
                value = values[name]
                params[place] = kind(value) if kind in _INT_TYPES else value
        if self.locks and not connection.in_atomic_block:
            raise TransactionManagementError("A compiled read that locks needs a transaction.")
        sql = self._sql(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if self.compiler.has_extra_select:  # what it orders by, selected only for DISTINCT
            found = [row[: self.compiler.col_count] for row in found]
        rows = found
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.composite:
            rows = self.compiler.composite_fields_to_tuples(rows, self.composite)
        if self.instances:
            return self._instances(rows)
        if self.dicts:
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        if self.flat:
            return [row[0] for row in rows]
        return [tuple(row) for row in rows]


class CompiledQuery:
    """A read built by ``build`` from its values (given by name, with their types),
    compiled once per database connection and time zone.

    Define it once, at module level: each one keeps its compiled SQL on every connection
    it runs on, and its statement prepared on every session, for as long as they live.
    ``by_id``: its values are ids it finds rows by, as a URL or a session gives them; one
    that no row can have (``IDS``) finds none."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        using: str = DEFAULT_DB_ALIAS,
        by_id: bool = False,
        **kinds,
    ):
        self.build = build
        self.using = using
        self.by_id = by_id
        self.kinds = kinds

    def _for(self, connection) -> _Compiled:
        """Compiled for ``connection`` (one thread's) and the active time zone (a lookup by
        date compiles it into the SQL): kept on the connection, and gone with it."""
        kept = connection.__dict__.setdefault("_compiled_queries", {})
        key = (self, timezone.get_current_timezone_name())
        if key not in kept:
            kept[key] = _Compiled(self.build, self.kinds, self.using)
        return kept[key]

    def rows(self, **values) -> list:
        """The rows for ``values``: model instances, dicts, tuples or single values, as the
        queryset gives."""
        if values.keys() != self.kinds.keys():
            raise TypeError(f"Expected the values {sorted(self.kinds)}, got {sorted(values)}.")
        for name, value in values.items():
            if not _is_of(value, self.kinds[name]):
                raise TypeError(f"{name!r} must be {self.kinds[name].__name__}.")
        if self.by_id and any(value not in IDS for value in values.values()):
            return []
        connection = connections[self.using]
        return self._for(connection).rows(connection, values)

    def first(self, **values):
        """The first row for ``values``, or None (the queryset's own slice decides how many
        are read: give it ``[:1]``, unless its filter finds one row at most)."""
        rows = self.rows(**values)
        return rows[0] if rows else None
