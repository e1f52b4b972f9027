"""One query that fingerprints the content of every table, to show that a refused request
changed nothing at all, in any table."""

import hashlib

from django.db import connection

# Changed by signing in itself, not by the request under test.
SKIPPED = {"django_session"}


def database_fingerprint() -> dict[str, str]:
    tables = sorted(set(connection.introspection.table_names()) - SKIPPED)
    quote = connection.ops.quote_name
    parts = [
        f"SELECT %s, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
        f"FROM {quote(table)} t"
        for table in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return dict(cursor.fetchall())


def files_fingerprint(root) -> str:
    """The uploaded files: names and contents."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
