"""The landing page: the office's phone and WhatsApp, clickable, and the public guide."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_office_can_be_called_and_messaged_and_the_guide_read(client, settings):
    settings.PORTAL = {**settings.PORTAL, "PHONE": "(0526) 2028 100", "WHATSAPP": "6281250000100"}
    page = client.get(reverse("accounts:index")).text
    assert 'href="tel:05262028100"' in page
    assert 'href="https://wa.me/6281250000100"' in page and "+6281250000100" in page
    assert f'href="{reverse("skp_drafts:guide")}"' in page
    assert client.get(reverse("skp_drafts:guide")).status_code == 200  # open without login
