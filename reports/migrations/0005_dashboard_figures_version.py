"""The version of the monitoring dashboard's figures: one row that PostgreSQL triggers renew
whenever a row changes in a way that can change a figure, and only then. A contact saved on a
profile, an SKP's content edited, a letter's disposition noted keep it; a pegawai retired or
moved, an SKP declared in format or reopened, a session held, a letter sent, an e-Kinerja
import applied renew it, whichever code writes them (services, the admin, bulk writes, the
seed's COPY, a TRUNCATE). reports/dashboard.py keys its cache on it.

The value comes from a sequence, so it never repeats (a rolled-back transaction's value is
never seen again), and it is written under the row's lock, so a reader never sees a version
whose changes are not committed yet.
"""

from django.db import migrations

# What can change a figure, table by table: the columns whose change in an UPDATE may, and
# which inserted or deleted rows may ("TRUE": any; None: none; else a condition on the row).
WATCHED = [
    ("accounts_skpd", ["name", "short_name", "kind", "is_active"], "TRUE"),
    ("accounts_pegawai", ["skpd_id", "is_active"], "TRUE"),
    # Only an SKP in format counts (reviewed_at and updated_at date it in the months).
    (
        "skp_drafts_skp",
        ["status", "year", "pegawai_id", "reviewed_at", "updated_at"],
        "{row}.status = 'reviewed'",
    ),
    ("bookings_coachingsession", ["kind", "start", "booking_id", "skpd_request_id"], "TRUE"),
    ("bookings_skpdrequest", ["status", "skpd_id"], "TRUE"),
    # An individual session counts for its booker's SKPD; a booking made or taken back
    # changes nothing until a session is held (or deleted) for it.
    ("bookings_booking", ["pegawai_id"], None),
    ("ekinerja_ekinerjaimport", ["kind", "year", "status", "applied_at"], "TRUE"),
    ("ekinerja_ekinerjarow", ["ekinerja_import_id", "pegawai_id", "outcome", "status_key"], "TRUE"),
    ("ekinerja_statusmeaning", ["key", "approved"], "TRUE"),
]

SETUP = """
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
    -- Once per statement: a COPY or an UPDATE of 50,000 rows renews it once, not 50,000
    -- times over a growing chain of row versions.
    UPDATE reports_figures_version
    SET version = nextval('reports_figures_version_seq'),
        renewed_in = txid_current(),
        renewed_for = statement_timestamp()
    WHERE (renewed_in, renewed_for) IS DISTINCT FROM (txid_current(), statement_timestamp());
    RETURN NULL;
END
$$;
"""

TEARDOWN = """
DROP FUNCTION reports_figures_changed() CASCADE;
DROP TABLE reports_figures_version;
DROP SEQUENCE reports_figures_version_seq;
"""


def _triggers(table: str, columns: list[str], row_matters: str | None) -> str:
    run = "EXECUTE FUNCTION reports_figures_changed()"
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
    return "".join(
        f"CREATE TRIGGER figures_changed_{number} {statement} {run};\n"
        for number, statement in enumerate(statements)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_meeting_notulis"),
        ("accounts", "0006_user_whatsapp_opt_in"),
        ("bookings", "0010_self_check_in"),
        ("skp_drafts", "0003_skp_reviewed_at"),
        ("ekinerja", "0002_status_meanings"),
    ]

    operations = [
        migrations.RunSQL(SETUP + "".join(_triggers(*watched) for watched in WATCHED), TEARDOWN),
    ]
