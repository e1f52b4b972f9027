"""The database restarts while the portal serves: gunicorn with the production settings
(persistent connections with health checks) on a PostgreSQL cluster of the test's own.
The portal recovers by itself, and a request cut off by the restart fails whole."""

import threading
import time
from urllib.parse import urlencode

import pytest
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

from bookings.models import Booking
from tests.accounts.factories import PegawaiWithAccountFactory
from tests.bookings.factories import SlotFactory
from tests.faults.cluster import signed_in

pytestmark = pytest.mark.django_db(transaction=True)

DOWN = b"Terjadi gangguan pada server"


def test_the_portal_recovers_by_itself_when_the_database_restarts(cluster, portal):
    pegawai = PegawaiWithAccountFactory(name="Siti Pemulihan")
    cookies = signed_in(pegawai.user)
    served = portal("recover")

    status, _headers, body = served.request("/beranda/", cookies=cookies)
    assert status == 200 and b"Siti Pemulihan" in body

    cluster.restart()
    # The worker's persistent connection died with the server: the health check before
    # the request replaces it, and the page is served without an error.
    status, _headers, body = served.request("/beranda/", cookies=cookies)
    assert status == 200 and b"Siti Pemulihan" in body

    cluster.stop()
    status, _headers, body = served.request("/beranda/", cookies=cookies)
    assert status == 500 and DOWN in body  # the portal's own error page, said kindly
    assert served.request("/healthz")[0] == 200  # the app server itself is alive
    cluster.start()
    status, _headers, body = served.request("/beranda/", cookies=cookies)
    assert status == 200 and b"Siti Pemulihan" in body

    # By the way: the access log never shows a survey link's token.
    token = "Zq9_SecretSurveyToken-abcdefghijk"
    served.request(f"/s/{token}/")
    served.stop()
    log = served.log.read_text()
    assert "/s/***/" in log and token not in log


def test_a_booking_cut_off_by_a_restart_fails_whole(cluster, portal):
    pegawai = PegawaiWithAccountFactory(user__email="asn@contoh.go.id")
    slot = SlotFactory()
    secret = get_random_string(CSRF_SECRET_LENGTH)
    cookies = f"{signed_in(pegawai.user)}; csrftoken={secret}"
    served = portal("cut")
    # The database pauses inside the booking's transaction, after the booking's row and
    # before its history row: there the restart cuts it off.
    cluster.psql(
        "CREATE FUNCTION pause() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(5); "
        "RETURN NEW; END $$ LANGUAGE plpgsql; "
        "CREATE TRIGGER pause BEFORE INSERT ON bookings_historicalbooking "
        "FOR EACH ROW EXECUTE FUNCTION pause();",
        database="cut",
    )
    form = urlencode(
        {"jenjang": "pelaksana", "topic": "Indikator", "csrfmiddlewaretoken": secret}
    ).encode()
    outcome = {}

    def book():
        outcome["status"], outcome["headers"], outcome["body"] = served.request(
            f"/jadwal/{slot.pk}/pesan/", cookies=cookies, data=form
        )

    booking = threading.Thread(target=book)
    booking.start()
    deadline = time.monotonic() + 30
    sleeping = "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
    while cluster.psql(sleeping, database="postgres") != "1":
        assert time.monotonic() < deadline, "the booking never reached the pause"
        time.sleep(0.1)
    cluster.restart()
    booking.join(timeout=60)

    assert outcome["status"] == 500 and DOWN in outcome["body"]
    counts = "SELECT " + ", ".join(
        f"(SELECT count(*) FROM {model._meta.db_table})"
        for model in (Booking, Booking.history.model, DBTaskResult)
    )
    assert cluster.psql(counts, "cut") == "0|0|0"  # no booking, no history, no mail queued

    # The ASN tries again once the database is back: the booking is made whole.
    cluster.psql("DROP TRIGGER pause ON bookings_historicalbooking", "cut")
    status, headers, _body = served.request(f"/jadwal/{slot.pk}/pesan/", cookies=cookies, data=form)
    assert status == 302 and headers["Location"].startswith("/pemesanan/")
    assert cluster.psql(counts, "cut") == "1|1|1"
