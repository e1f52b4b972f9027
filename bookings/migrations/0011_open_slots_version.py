"""The version of what the open slots' week shows (core migration 0004,
bookings.open_week.kept_key): renewed by every statement that changes the slots, their
booked places, the closed days, or a shown name of a coach or a place."""

from django.db import migrations

NAME = "open_slots"
RUN = f"EXECUTE FUNCTION core_data_changed('{NAME}')"
# Table by table, the statements that renew it. A booking's other columns (its topic, its
# attendance, the draft brought) are not shown on the week: only a change of its status or
# its slot moves a slot's free places.
WATCHED = [
    ("bookings_slot", "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE", "STATEMENT", None),
    ("bookings_closure", "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE", "STATEMENT", None),
    ("bookings_booking", "AFTER INSERT OR DELETE OR TRUNCATE", "STATEMENT", None),
    ("bookings_booking", "AFTER UPDATE", "ROW", ["status", "slot_id"]),
    # A place's name and whether it is the default (which the rows leave unnamed).
    ("bookings_place", "AFTER DELETE OR TRUNCATE", "STATEMENT", None),
    ("bookings_place", "AFTER UPDATE", "ROW", ["name", "is_default"]),
    # A coach's name (User.name_shown): its pegawai's, else its account's. A sign-in
    # (last_login) or a contact saved keeps the drawn weeks.
    ("accounts_user", "AFTER DELETE OR TRUNCATE", "STATEMENT", None),
    ("accounts_user", "AFTER UPDATE", "ROW", ["first_name", "last_name", "username"]),
    ("accounts_pegawai", "AFTER INSERT OR DELETE OR TRUNCATE", "STATEMENT", None),
    ("accounts_pegawai", "AFTER UPDATE", "ROW", ["name", "user_id"]),
]


def _trigger(number: int, table: str, events: str, level: str, columns) -> str:
    when = ""
    if columns:
        old = ", ".join(f"OLD.{column}" for column in columns)
        new = ", ".join(f"NEW.{column}" for column in columns)
        when = f" WHEN (ROW({old}) IS DISTINCT FROM ROW({new}))"
    return f"CREATE TRIGGER {NAME}_changed_{number} {events} ON {table} FOR EACH {level}{when} {RUN};\n"


SETUP = (
    f"INSERT INTO core_data_version VALUES ('{NAME}', nextval('core_data_version_seq'), 0, "
    "'-infinity');\n"
    + "".join(_trigger(number, *watched) for number, watched in enumerate(WATCHED))
)

TEARDOWN = (
    "".join(
        f"DROP TRIGGER {NAME}_changed_{number} ON {watched[0]};\n"
        for number, watched in enumerate(WATCHED)
    )
    + f"DELETE FROM core_data_version WHERE name = '{NAME}';\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0010_self_check_in"),
        ("accounts", "0006_user_whatsapp_opt_in"),
        ("core", "0004_data_versions"),
    ]

    operations = [migrations.RunSQL(SETUP, TEARDOWN)]
