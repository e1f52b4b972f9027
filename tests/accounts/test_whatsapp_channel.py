"""The optional WhatsApp notification channel: off by default; with a token, a notification
also goes to those who opted in on their profile, as an approved template through the
Cloud API, here a local fake server started by the test; refusals and outages as the
mail's are handled (retried later, or given up), never an error page."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from accounts.models import Role
from accounts.notifications import notify
from core.tasks import WhatsAppRefused, deliver_whatsapp
from tests.accounts.factories import user_with_role

pytestmark = pytest.mark.django_db


class FakeCloudApi:
    """A local stand-in for graph.facebook.com: records each request, answers ``status``."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                api.requests.append(
                    {
                        "path": self.path,
                        "authorization": self.headers["Authorization"],
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"messages": [{"id": "wamid.test"}]}')

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v21.0"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cloud_api(settings):
    api = FakeCloudApi()
    settings.WHATSAPP = {
        **settings.WHATSAPP,
        "TOKEN": "token-uji",
        "PHONE_NUMBER_ID": "1234567890",
        "API_URL": api.url,
    }
    yield api
    api.close()


def asn_with_phone(opted_in: bool):
    user = user_with_role(Role.ASN, phone="0812-3456-7890")
    if opted_in:
        user.whatsapp_opt_in = timezone.now()
        user.save()
    return user


def test_a_notification_reaches_whatsapp_only_for_those_who_opted_in(
    cloud_api, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://coaching.contoh.go.id"
    yes, no = asn_with_phone(True), asn_with_phone(False)
    with django_capture_on_commit_callbacks(execute=True):
        notify([yes, no], text="Jadwal coaching Anda dipindahkan.", link="/pemesanan/7/")
    (request,) = cloud_api.requests
    assert request["path"] == "/v21.0/1234567890/messages"
    assert request["authorization"] == "Bearer token-uji"
    body = request["body"]
    assert body["to"] == "6281234567890" and body["type"] == "template"
    assert body["template"]["name"] == "notifikasi_portal"
    assert body["template"]["language"] == {"code": "id"}
    (parameter,) = body["template"]["components"][0]["parameters"]
    assert parameter["text"] == (
        "Jadwal coaching Anda dipindahkan. https://coaching.contoh.go.id/pemesanan/7/"
    )


def test_without_a_token_nothing_is_sent_and_the_profile_offers_nothing(
    client, django_capture_on_commit_callbacks
):
    user = asn_with_phone(True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([user], text="Halo", mail=False)
    assert callbacks == []
    client.force_login(user)
    assert "lewat WhatsApp ke nomor ini" not in client.get(reverse("accounts:profile")).text


def test_the_asn_opts_in_on_its_profile_with_a_number(cloud_api, client):
    user = asn_with_phone(False)
    client.force_login(user)
    url = reverse("accounts:profile")
    assert "lewat WhatsApp ke nomor ini" in client.get(url).text
    refused = client.post(url, {"email": "asn@contoh.go.id", "phone": "", "whatsapp": "on"})
    assert "Isi nomor WhatsApp" in refused.text
    user.refresh_from_db()
    assert user.whatsapp_opt_in is None
    client.post(url, {"email": "asn@contoh.go.id", "phone": "081234567890", "whatsapp": "on"})
    user.refresh_from_db()
    assert user.whatsapp_opt_in is not None
    client.post(url, {"email": "asn@contoh.go.id", "phone": "081234567890"})
    user.refresh_from_db()
    assert user.whatsapp_opt_in is None


def test_an_outage_is_tried_again_later_and_a_refusal_is_not(cloud_api, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    backend = task_backends["default"]
    payload = {"to": "6281234567890", "text": "Halo"}
    cloud_api.status = 503
    deliver_whatsapp.call(payload)
    (retry,) = backend.results
    assert retry.args == [payload, 2] and retry.task.run_after is not None
    cloud_api.status = 400
    with pytest.raises(WhatsAppRefused):
        deliver_whatsapp.call(payload)
    assert len(backend.results) == 1  # no retry for a message refused for good
    cloud_api.status = 503
    with pytest.raises(OSError):
        deliver_whatsapp.call(payload, settings.WHATSAPP["ATTEMPTS"])  # the last attempt
