"""Every page that hands out a generated PDF (sweep.PDF_VIEWS) issues it through
core.documents.request_pdf: when every render slot is taken it answers "being prepared"
(202) at once instead of holding its worker, queues one render however often it is asked,
and hands out the PDF once the task worker has filed it."""

import pytest
from django.urls import reverse

from core import pdf
from core.documents import PRINTOUTS
from tests.security.sweep import PDF_VIEWS, SWEEP
from tests.security.test_object_access import signed_in
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db


def test_every_kind_of_printout_has_its_page():
    assert {view.kind for view in PDF_VIEWS.values()} == set(PRINTOUTS)


def asker_and_url(world, name):
    view = PDF_VIEWS[name]
    if view.kwargs is not None:
        return view.role, reverse(name, kwargs=view.kwargs(world))
    entry = SWEEP[name]
    role = next(role for role in ROLES if role in entry.get)
    return role, reverse(name, kwargs=entry.kwargs(world))


@pytest.mark.parametrize("name", sorted(PDF_VIEWS))
def test_a_pdf_page_says_being_prepared_while_every_render_slot_is_taken(
    client, world, name, settings, monkeypatch, django_capture_on_commit_callbacks
):
    role, url = asker_and_url(world, name)
    signed_in(client, world, role)
    settings.PDF_SLOT_WAIT = 0
    monkeypatch.setattr(pdf, "_take_slot", lambda: False)
    with django_capture_on_commit_callbacks() as renders:
        first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 202, (url, first.status_code)
    assert "Dokumen sedang disiapkan" in first.content.decode()
    assert len(renders) == 1, "one render queued for two requests"

    monkeypatch.undo()  # the slots are free again: the task worker renders it
    renders[0]()
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
