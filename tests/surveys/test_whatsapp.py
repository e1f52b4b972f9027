"""WhatsApp on the team's survey page: one message per participant (to its number when
known), and every link copied at once."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from accounts.models import Role
from surveys import services
from tests.accounts.factories import user_with_role
from tests.surveys.test_surveys import held_session

pytestmark = pytest.mark.django_db


def whatsapp_links(html: str) -> list[str]:
    return [
        unquote(link.replace("&amp;", "&"))
        for link in re.findall(r'href="(https://wa\.me/[^"]+)"', html)
    ]


def test_each_participant_gets_a_message_and_every_link_copies_at_once(client, settings):
    coach = user_with_role(Role.TIM_COACHING)
    session = held_session(2)
    first = session.booking.pegawai
    first.phone = "0812-3456-7890"
    first.save()
    survey = services.open_survey(actor=coach, session_id=session.pk)
    client.force_login(coach)
    page = client.get(reverse("surveys:survey_detail", args=[survey.pk])).text
    links = whatsapp_links(page)
    assert len(links) == 2
    mine = next(link for link in links if first.name in link)
    invitation = survey.invitations.get(pegawai=first)
    assert mine.startswith("https://wa.me/6281234567890?text=")
    assert services.link_of(invitation) in mine
    assert "Kirim lewat WhatsApp" in page and "Bagikan lewat WhatsApp" in page
    copied = re.search(r'<div id="semua-tautan"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert copied.count("\n") == 1 and f"{first.name}: {services.link_of(invitation)}" in copied
