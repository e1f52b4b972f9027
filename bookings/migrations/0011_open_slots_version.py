"""The version of what the week of open slots shows (core migration 0004,
bookings.open_week.kept_key): renewed by every transaction that changes the slots, their
booked places, the closed days, or a shown name of a coach or a place.

Unlike the other named versions, it is renewed when the transaction commits (deferred
constraint triggers, one per changed row, of which the first renews it): bookings, their
cancellations and the waiting list's moves write these tables all day, and a version's row
is locked from its renewal to the commit. Renewed at the commit, the row is held only while
the commit runs its deferred events, after every other named version the transaction
renewed (those are renewed at each statement), so two transactions no longer wait for each
other's versions in opposite orders (an attendance renewed open_slots before the dashboard's
figures, a registration approved the other way round). Among those events are the foreign
keys' checks, which Django defers too: one that waited for a row another transaction holds
would wait holding the version, so the booking services lock the rows they work on FOR NO
KEY UPDATE, which those checks pass (bookings/services.py, tests/bookings/test_concurrency.py).
A TRUNCATE, which only a statement trigger sees, renews it at once."""

from django.db import migrations

NAME = "open_slots"
RUN = f"EXECUTE FUNCTION core_data_changed('{NAME}')"


def _changed(*columns: str) -> str:
    old = ", ".join(f"OLD.{column}" for column in columns)
    new = ", ".join(f"NEW.{column}" for column in columns)
    return f"ROW({old}) IS DISTINCT FROM ROW({new})"


# Table by table: the changes that renew it (each event with the condition its rows meet).
WATCHED = [
    ("bookings_slot", [("INSERT OR UPDATE OR DELETE", None)]),
    ("bookings_closure", [("INSERT OR UPDATE OR DELETE", None)]),
    # A booking's other columns (its topic, its attendance, the draft brought) are not on
    # the week: only its status or its slot moves a slot's free places.
    (
        "bookings_booking",
        [("INSERT OR DELETE", None), ("UPDATE", _changed("status", "slot_id"))],
    ),
    # A place's name and whether it is the default (which the rows leave unnamed); a new
    # place has no slot yet.
    ("bookings_place", [("DELETE", None), ("UPDATE", _changed("name", "is_default"))]),
    # A coach's name (User.name_shown): its pegawai's, else its account's. A sign-in
    # (last_login), a contact saved or a pegawai without an account (the roster's) keeps it.
    (
        "accounts_user",
        [("DELETE", None), ("UPDATE", _changed("first_name", "last_name", "username"))],
    ),
    (
        "accounts_pegawai",
        [
            ("INSERT", "NEW.user_id IS NOT NULL"),
            ("DELETE", "OLD.user_id IS NOT NULL"),
            ("UPDATE", _changed("name", "user_id")),
        ],
    ),
]

# What tests/conftest.py renews at each statement (a test's transaction never commits).
AT_COMMIT = f"{NAME}_at_commit"


def _setup() -> str:
    statements = [
        f"INSERT INTO core_data_version VALUES ('{NAME}', nextval('core_data_version_seq'), "
        "0, '-infinity');"
    ]
    for table, events in WATCHED:
        for number, (event, condition) in enumerate(events):
            when = f" WHEN ({condition})" if condition else ""
            statements.append(
                f"CREATE CONSTRAINT TRIGGER {AT_COMMIT}_{number} AFTER {event} ON {table} "
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW{when} {RUN};"
            )
        statements.append(
            f"CREATE TRIGGER {NAME}_truncated AFTER TRUNCATE ON {table} FOR EACH STATEMENT {RUN};"
        )
    return "\n".join(statements)


def _teardown() -> str:
    statements = []
    for table, events in WATCHED:
        statements += [f"DROP TRIGGER {AT_COMMIT}_{n} ON {table};" for n in range(len(events))]
        statements.append(f"DROP TRIGGER {NAME}_truncated ON {table};")
    statements.append(f"DELETE FROM core_data_version WHERE name = '{NAME}';")
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0010_self_check_in"),
        ("accounts", "0006_user_whatsapp_opt_in"),
        ("core", "0004_data_versions"),
    ]

    operations = [migrations.RunSQL(_setup(), _teardown())]
