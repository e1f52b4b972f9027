"""Named versions of stored data: one row per name, which PostgreSQL triggers renew whenever
a statement changes a table that the name's readers draw from (an app's migration adds its
triggers: ``EXECUTE FUNCTION core_data_changed('name')``). A page drawn from those tables
can be kept in the cache under the version it was drawn at (core/versions.py), and is drawn
anew after any change, whichever code writes it (services, the admin, bulk writes, COPY,
TRUNCATE).

The value comes from a sequence, so it never repeats while the sequence lives (a
rolled-back transaction's value is never seen again; this migration undone and done again
starts it anew, after which the cache must be cleared), and it is written under the row's
lock, so a reader never sees a version whose changes are not committed yet. It is renewed
once per statement of a transaction: a COPY of 50,000 rows renews it once. A name whose
triggers are deferred to the commit (``open_slots``, bookings migration 0011) is renewed
once at the commit instead, by the first of its deferred events.
"""

from django.db import migrations

SETUP = """
CREATE SEQUENCE core_data_version_seq;
CREATE TABLE core_data_version (
    name varchar(60) PRIMARY KEY,
    version bigint NOT NULL,
    renewed_in bigint NOT NULL,
    renewed_for timestamptz NOT NULL
);
CREATE FUNCTION core_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE core_data_version
    SET version = nextval('core_data_version_seq'),
        renewed_in = txid_current(),
        renewed_for = statement_timestamp()
    WHERE name = TG_ARGV[0]
        AND (renewed_in, renewed_for) IS DISTINCT FROM (txid_current(), statement_timestamp());
    RETURN NULL;
END
$$;
"""

TEARDOWN = """
DROP FUNCTION core_data_changed() CASCADE;
DROP TABLE core_data_version;
DROP SEQUENCE core_data_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_event")]

    operations = [migrations.RunSQL(SETUP, TEARDOWN)]
