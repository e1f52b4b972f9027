"""The database schema as the migrations leave it."""

import pytest
from django.db import connection

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
