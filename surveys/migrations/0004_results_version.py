"""The version of what the SKM results page shows (core migration 0004, surveys.results):
renewed by every statement that changes the tables its figures, suggestions and filter are
drawn from."""

from django.db import migrations

NAME = "skm_results"
# Table by table, the statements that renew it.
WATCHED = [
    # The figures and the respondents' profile: blocks and summaries of closed surveys.
    ("surveys_summaryblock", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("surveys_surveysummary", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    # The suggestions. An answer is added only to an open survey, which no result shows
    # until the survey's summary is written (which renews it), so an answer's INSERT need
    # not, nor hold the version's row while the answer's transaction runs.
    ("surveys_response", "UPDATE OR DELETE OR TRUNCATE"),
    # The SKPD filter's options.
    ("accounts_skpd", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
]

SETUP = (
    "INSERT INTO core_data_version "
    f"VALUES ('{NAME}', nextval('core_data_version_seq'), 0, '-infinity');\n"
) + "".join(
    f"CREATE TRIGGER {NAME}_changed AFTER {events} ON {table} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION core_data_changed('{NAME}');\n"
    for table, events in WATCHED
)

TEARDOWN = "".join(f"DROP TRIGGER {NAME}_changed ON {table};\n" for table, _events in WATCHED) + (
    f"DELETE FROM core_data_version WHERE name = '{NAME}';\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_summaries"),
        ("accounts", "0006_user_whatsapp_opt_in"),
        ("core", "0004_data_versions"),
    ]

    operations = [migrations.RunSQL(SETUP, TEARDOWN)]
