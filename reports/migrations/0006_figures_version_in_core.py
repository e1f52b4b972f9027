"""The dashboard's figures version becomes one of core's named versions (core migration
0004), the row ``dashboard_figures``: the same triggers on the same tables and columns
(migration 0005's list), renewing that row instead of a table of the dashboard's own, which
is dropped. What the version means is unchanged; reports/dashboard.py reads it through
core.versions."""

import importlib

from django.db import migrations

previous = importlib.import_module("reports.migrations.0005_dashboard_figures_version")

NAME = "dashboard_figures"
RUN = f"EXECUTE FUNCTION core_data_changed('{NAME}')"

TRIGGERS = "".join(previous._triggers(*watched, run=RUN) for watched in previous.WATCHED)

SETUP = (
    f"INSERT INTO core_data_version VALUES ('{NAME}', nextval('core_data_version_seq'), 0, "
    "'-infinity');\n" + previous.TEARDOWN + TRIGGERS
)

# Back: the triggers on core's function dropped (by their names, figures_changed_N), the
# dashboard's own table and triggers made again.
TEARDOWN = (
    """
DO $$
DECLARE found record;
BEGIN
    FOR found IN SELECT tgname, tgrelid::regclass AS tbl FROM pg_trigger
        WHERE tgname LIKE 'figures\\_changed\\_%' LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', found.tgname, found.tbl);
    END LOOP;
END
$$;
"""
    + previous.SETUP
    + "".join(previous._triggers(*watched) for watched in previous.WATCHED)
    + f"DELETE FROM core_data_version WHERE name = '{NAME}';\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_dashboard_figures_version"),
        ("core", "0004_data_versions"),
    ]

    operations = [migrations.RunSQL(SETUP, TEARDOWN)]
