"""The bell and the notifications page: the unread count on every page without a query of
its own, unread first, one opened (and read) or all marked read."""

import pytest
from django.urls import reverse

from accounts.models import Notification, Role
from accounts.notifications import notify
from tests.accounts.factories import user_with_role

pytestmark = pytest.mark.django_db


def bell(response) -> str:
    html = response.content.decode()
    start = html.index('href="/notifikasi/"')
    return html[start : html.index("</a>", start)]


def test_the_bell_counts_the_unread_and_opening_one_reads_it(client):
    user = user_with_role(Role.TIM_COACHING)
    notify(
        [user, user], text="Anda ditugaskan ke Coaching Clinic Dinas Kesehatan.", link="/agenda/"
    )
    notify([user], text="Pengingat rapat evaluasi.")
    client.force_login(user)
    assert "2 belum dibaca" in bell(client.get(reverse("portal:home")))
    page = client.get(reverse("portal:notifications"))
    first, second = page.context["page"].object_list
    assert (first.text, second.text) == (
        "Pengingat rapat evaluasi.",
        "Anda ditugaskan ke Coaching Clinic Dinas Kesehatan.",
    )
    response = client.post(reverse("portal:notification_open", args=[second.pk]))
    assert response["Location"] == "/agenda/"
    assert "1 belum dibaca" in bell(client.get(reverse("portal:home")))
    # Read ones go below the unread.
    order = [n.text for n in client.get(reverse("portal:notifications")).context["page"]]
    assert order[0] == "Pengingat rapat evaluasi."
    client.post(reverse("portal:notifications"))
    assert "0 belum dibaca" in bell(client.get(reverse("portal:home")))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_another_persons_notification_cannot_be_opened(client):
    owner, other = user_with_role(Role.ASN), user_with_role(Role.ASN)
    notify([owner], text="Pemesanan Anda dibatalkan.", link="https://contoh.com/")
    client.force_login(other)
    note = Notification.objects.get()
    assert client.post(reverse("portal:notification_open", args=[note.pk])).status_code == 404
    assert Notification.objects.get().read_at is None
    # A link that leaves the portal is not followed.
    client.force_login(owner)
    response = client.post(reverse("portal:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("portal:notifications")
