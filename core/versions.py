"""Named versions of stored data (core migration 0004): what a page drawn from some tables
is kept in the cache under, so that any change to those tables draws it anew."""

from django.db import connection


def current(name: str) -> int | None:
    """The version ``name`` is at (one query on a small table); None when it has no row,
    which no cache entry can trust."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM core_data_version WHERE name = %s", [name])
        found = cursor.fetchone()
    return found[0] if found else None
