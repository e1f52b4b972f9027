"""A session ends after SESSION_IDLE_TIMEOUT without a request (the next request says so
and, after signing in again, returns where it was) and SESSION_COOKIE_AGE after signing in
whatever happens; the last-seen stamp is written at most once a minute."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse

from accounts.middleware import LAST_SEEN, AuthenticationMiddleware
from tests.accounts.factories import PASSWORD, PegawaiWithAccountFactory

pytestmark = pytest.mark.django_db

EXPIRED = "Sesi berakhir: Anda keluar otomatis setelah 30 menit tanpa aktivitas"


@pytest.fixture
def pegawai(client):
    pegawai = PegawaiWithAccountFactory()
    response = client.post(
        reverse("accounts:login"), {"username": pegawai.nip, "password": PASSWORD}
    )
    assert response.status_code == 302
    return pegawai


def idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time() - minutes * 60)
    session.save()


def test_a_session_idle_past_the_limit_sends_to_the_login_and_back(client, pegawai):
    idle_for(client, 31)
    page = reverse("accounts:pegawai_detail", args=[pegawai.pk]) + "?tab=riwayat"
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=" + (
        f"/pegawai/{pegawai.pk}/%3Ftab%3Driwayat"
    )
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert EXPIRED in login_page.content.decode()
    again = client.post(
        response["Location"], {"username": pegawai.nip, "password": PASSWORD, "next": page}
    )
    assert again.status_code == 302
    assert again["Location"] == page


def test_a_session_used_within_the_limit_goes_on(client, pegawai):
    idle_for(client, 29)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert EXPIRED not in response.content.decode()
    assert client.session[LAST_SEEN] >= time.time() - 5


def test_the_stamp_is_written_at_most_once_a_minute(client, pegawai):
    idle_for(client, 0.5)
    stamp = client.session[LAST_SEEN]
    response = client.get(reverse("portal:home"))
    assert "sessionid" not in response.cookies  # the session was not saved
    assert client.session[LAST_SEEN] == stamp
    idle_for(client, 2)
    response = client.get(reverse("portal:home"))
    assert "sessionid" in response.cookies


def test_the_absolute_limit_is_not_pushed_back_by_activity(client, pegawai):
    key = client.session.session_key
    ends = Session.objects.get(pk=key).expire_date
    assert (
        datetime.timedelta(hours=7, minutes=59)
        < ends - datetime.datetime.now(datetime.UTC)
        <= datetime.timedelta(hours=8)
    )
    idle_for(client, 2)
    client.get(reverse("portal:home"))
    assert Session.objects.get(pk=key).expire_date == ends


def test_a_public_page_after_the_limit_is_shown_signed_out(client, pegawai):
    idle_for(client, 45)
    response = client.get(reverse("accounts:index"))
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_form_posted_after_the_limit_returns_to_its_page_after_signing_in(client, pegawai):
    idle_for(client, 31)
    page = reverse("accounts:profile")
    response = client.post(
        page, {"email": "baru@contoh.go.id", "phone": "081234567890"},
        HTTP_REFERER=f"http://testserver{page}",
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=" + page
    pegawai.user.refresh_from_db()
    assert pegawai.user.email != "baru@contoh.go.id"
    # An action without a page of its own goes back to the page its button was on.
    signed_in_again = client.post(
        reverse("accounts:login"), {"username": pegawai.nip, "password": PASSWORD}
    )
    assert signed_in_again.status_code == 302
    idle_for(client, 31)
    response = client.post(
        reverse("portal:notification_open", args=[1]),
        HTTP_REFERER="http://testserver/notifikasi/?page=2",
    )
    assert response["Location"] == reverse("accounts:login") + "?next=/notifikasi/%3Fpage%3D2"


def test_anonymous_visitors_get_no_session(client, db):
    response = client.get(reverse("accounts:index"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_the_idle_limit_is_thirty_minutes_by_default(settings):
    assert datetime.timedelta(minutes=30) == settings.SESSION_IDLE_TIMEOUT
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_typing_keeps_the_session_alive(client, pegawai):
    page = client.get(reverse("portal:home")).content.decode()
    assert f'data-session-alive="{reverse("accounts:session_alive")}"' in page
    idle_for(client, 20)
    assert client.get(reverse("accounts:session_alive")).status_code == 204
    assert client.session[LAST_SEEN] >= time.time() - 5


def test_anonymous_pages_do_not_call_the_keep_alive(client, db):
    assert "data-session-alive" not in client.get(reverse("accounts:login")).content.decode()
    response = client.get(reverse("accounts:session_alive"))
    assert response.status_code == 302


class TestTheUserLoadedAtOnce:
    """accounts.middleware.AuthenticationMiddleware: request.user is the user itself."""

    def run(self, request):
        SessionMiddleware(lambda r: None).process_request(request)
        AuthenticationMiddleware(lambda r: None).process_request(request)
        return request

    def test_a_signed_in_request_carries_its_user_not_a_lazy_stand_in(self, client):
        user = PegawaiWithAccountFactory().user
        client.force_login(user)
        request = RequestFactory().get("/")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = client.session.session_key
        assert type(self.run(request).user) is type(user)
        assert request.user.pk == user.pk

    def test_a_request_without_a_session_is_anonymous_without_a_query(
        self, django_assert_num_queries
    ):
        with django_assert_num_queries(0):
            request = self.run(RequestFactory().get("/healthz"))
        assert type(request.user) is AnonymousUser
