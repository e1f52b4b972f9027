"""The dashboard's figures version becomes one of core's named versions (core migration
0004), the row ``dashboard_figures``: the same triggers on the same tables and columns as
migration 0005, renewing that row instead of a table of the dashboard's own, which is
dropped. What the version means is unchanged; reports/dashboard.py reads it through
core.versions. (Written out again here, not imported from 0005: a migration is history.)"""

from django.db import migrations

NAME = "dashboard_figures"

# As in migration 0005: what can change a figure, table by table: the columns whose change
# in an UPDATE may, and which inserted or deleted rows may ("TRUE": any; None: none; else a
# condition on the row).
WATCHED = [
    ("accounts_skpd", ["name", "short_name", "kind", "is_active"], "TRUE"),
    ("accounts_pegawai", ["skpd_id", "is_active"], "TRUE"),
    (
        "skp_drafts_skp",
        ["status", "year", "pegawai_id", "reviewed_at", "updated_at"],
        "{row}.status = 'reviewed'",
    ),
    ("bookings_coachingsession", ["kind", "start", "booking_id", "skpd_request_id"], "TRUE"),
    ("bookings_skpdrequest", ["status", "skpd_id"], "TRUE"),
    ("bookings_booking", ["pegawai_id"], None),
    ("ekinerja_ekinerjaimport", ["kind", "year", "status", "applied_at"], "TRUE"),
    ("ekinerja_ekinerjarow", ["ekinerja_import_id", "pegawai_id", "outcome", "status_key"], "TRUE"),
    ("ekinerja_statusmeaning", ["key", "approved"], "TRUE"),
]


def _statements(table: str, columns: list[str], row_matters: str | None) -> list[str]:
    """The statements of ``table`` that renew the version (as migration 0005 made them)."""
    old = ", ".join(f"OLD.{column}" for column in columns)
    new = ", ".join(f"NEW.{column}" for column in columns)
    changed = f"ROW({old}) IS DISTINCT FROM ROW({new})"
    statements = [f"AFTER TRUNCATE ON {table} FOR EACH STATEMENT"]
    if row_matters == "TRUE":
        statements += [
            f"AFTER INSERT OR DELETE ON {table} FOR EACH STATEMENT",
            f"AFTER UPDATE ON {table} FOR EACH ROW WHEN ({changed})",
        ]
    elif row_matters is None:
        statements += [f"AFTER UPDATE ON {table} FOR EACH ROW WHEN ({changed})"]
    else:
        on_old, on_new = row_matters.format(row="OLD"), row_matters.format(row="NEW")
        statements += [
            f"AFTER INSERT ON {table} FOR EACH ROW WHEN ({on_new})",
            f"AFTER DELETE ON {table} FOR EACH ROW WHEN ({on_old})",
            f"AFTER UPDATE ON {table} FOR EACH ROW WHEN (({on_old} OR {on_new}) AND {changed})",
        ]
    return statements


def _triggers(run: str) -> str:
    return "".join(
        f"CREATE TRIGGER figures_changed_{number} {statement} {run};\n"
        for watched in WATCHED
        for number, statement in enumerate(_statements(*watched))
    )


def _dropped() -> str:
    return "".join(
        f"DROP TRIGGER figures_changed_{number} ON {watched[0]};\n"
        for watched in WATCHED
        for number in range(len(_statements(*watched)))
    )


# Migration 0005's table and function, dropped forward and made again backward.
OWN_TABLE = """
CREATE SEQUENCE reports_figures_version_seq;
CREATE TABLE reports_figures_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    renewed_in bigint NOT NULL,
    renewed_for timestamptz NOT NULL
);
INSERT INTO reports_figures_version
VALUES (1, nextval('reports_figures_version_seq'), 0, '-infinity');
CREATE FUNCTION reports_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reports_figures_version
    SET version = nextval('reports_figures_version_seq'),
        renewed_in = txid_current(),
        renewed_for = statement_timestamp()
    WHERE (renewed_in, renewed_for) IS DISTINCT FROM (txid_current(), statement_timestamp());
    RETURN NULL;
END
$$;
"""

SETUP = (
    f"INSERT INTO core_data_version VALUES ('{NAME}', nextval('core_data_version_seq'), 0, "
    "'-infinity');\n"
    # Its triggers go with the function.
    "DROP FUNCTION reports_figures_changed() CASCADE;\n"
    "DROP TABLE reports_figures_version;\n"
    "DROP SEQUENCE reports_figures_version_seq;\n"
    + _triggers(f"EXECUTE FUNCTION core_data_changed('{NAME}')")
)

TEARDOWN = (
    _dropped()
    + OWN_TABLE
    + _triggers("EXECUTE FUNCTION reports_figures_changed()")
    + f"DELETE FROM core_data_version WHERE name = '{NAME}';\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_dashboard_figures_version"),
        ("core", "0004_data_versions"),
    ]

    operations = [migrations.RunSQL(SETUP, TEARDOWN)]
