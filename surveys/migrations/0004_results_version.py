"""The version of what the SKM results page shows (core migration 0004, surveys.results):
renewed by every statement that changes the tables its figures, suggestions and filter are
drawn from."""

from django.db import migrations

NAME = "skm_results"
RUN = f"EXECUTE FUNCTION core_data_changed('{NAME}')"
# Table by table, the statements that renew it.
WATCHED = [
    # The figures and the respondents' profile: blocks and summaries of closed surveys.
    ("surveys_summaryblock", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("surveys_surveysummary", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    # The suggestions. An answer is added only to an open survey, which no result shows
    # until the survey's summary is written (which renews it), so an answer's INSERT need
    # not, nor hold the version's row while the answer's transaction runs.
    ("surveys_response", "UPDATE OR DELETE OR TRUNCATE"),
    # The SKPD filter's options (an SKPD renamed is below).
    ("accounts_skpd", "INSERT OR DELETE OR TRUNCATE"),
]

SETUP = (
    f"INSERT INTO core_data_version VALUES ('{NAME}', nextval('core_data_version_seq'), 0, "
    "'-infinity');\n"
    + "".join(
        f"CREATE TRIGGER {NAME}_changed AFTER {events} ON {table} FOR EACH STATEMENT {RUN};\n"
        for table, events in WATCHED
    )
    # Of an SKPD's columns the page shows only the name: its address or contact saved
    # keeps the drawn pages.
    + f"CREATE TRIGGER {NAME}_renamed AFTER UPDATE ON accounts_skpd FOR EACH ROW "
    f"WHEN (OLD.name IS DISTINCT FROM NEW.name) {RUN};\n"
)

TEARDOWN = (
    "".join(f"DROP TRIGGER {NAME}_changed ON {table};\n" for table, _events in WATCHED)
    + f"DROP TRIGGER {NAME}_renamed ON accounts_skpd;\n"
    + f"DELETE FROM core_data_version WHERE name = '{NAME}';\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_summaries"),
        ("accounts", "0006_user_whatsapp_opt_in"),
        ("core", "0004_data_versions"),
    ]

    operations = [migrations.RunSQL(SETUP, TEARDOWN)]
