"""The header's menus are drawn once per language, menu and current section and reused
(accounts.templatetags.portal): each page still marks its own entry, each user sees only
their menu, and the language switch changes them."""

import pytest
from django.test import override_settings
from django.urls import resolve, reverse

from accounts.models import Role
from accounts.templatetags.portal import _drawn_menu, current_sections
from tests.accounts.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def drawn_once():
    _drawn_menu.cache_clear()
    with override_settings(DEBUG=False):
        yield
    _drawn_menu.cache_clear()


@pytest.mark.parametrize(
    ("path", "sections"),
    [
        ("/beranda/", {"home"}),
        ("/jadwal/", {"slots"}),
        ("/skp/", {"skp"}),
        ("/panduan/", {"skp"}),
        ("/agenda/", {"coaching"}),
        ("/permohonan/", {"requests", "coaching"}),
        ("/skm/", {"surveys", "coaching"}),
        ("/laporan/", {"reports"}),
        ("/monitoring/", {"dashboard", "reports"}),
        ("/pegawai/", {"pegawai", "data"}),
        ("/profil/", set()),
    ],
)
def test_each_page_belongs_to_its_entries(path, sections):
    assert current_sections(path, resolve(path)) == sections


def test_the_page_open_is_marked_and_the_menu_is_the_users(client):
    kepala = user_with_role(Role.KEPALA_BIDANG)
    client.force_login(kepala)
    reports = client.get(reverse("reports:report_list")).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    assert 'dropdown-toggle active" href="/laporan/"' in reports
    assert 'nav-link active" href="/beranda/"' in home
    assert 'dropdown-toggle active" href="/laporan/"' not in home
    assert "Kaskade kinerja SKPD" in home

    asn = user_with_role(Role.ASN)
    client.force_login(asn)
    asn_home = client.get(reverse("portal:home")).content.decode()
    assert "Kaskade kinerja SKPD" not in asn_home
    assert "Profil saya" in asn_home


def test_the_menus_follow_the_language(client, settings):
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    assert "Laporan kegiatan" in client.get(reverse("portal:home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("portal:home")).content.decode()
    assert "Activity reports" in english
    assert "Change password" in english
    assert "Laporan kegiatan" not in english
