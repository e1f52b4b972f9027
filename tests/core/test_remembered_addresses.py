"""The {% url %} that remembers addresses without arguments, and the static files' storage
that remembers each file's address: the same output as Django's, looked up once."""

import json
from unittest import mock

import pytest
from django.template import Context, Engine, RequestContext, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core.staticfiles import StaticFilesStorage
from core.templatetags import urls


def draw(source: str, context: dict | None = None) -> str:
    return Template(source).render(Context(context or {}))


def test_the_portal_templates_use_the_remembering_tag():
    engine = Engine.get_default()
    assert any(library is urls.register for library in engine.template_builtins)
    assert isinstance(Template("{% url 'portal:home' %}").nodelist[0], urls.PlainURLNode)


def test_draws_what_django_draws_with_and_without_arguments():
    assert draw("{% url 'portal:home' %}") == reverse("portal:home")
    assert draw("{% url 'portal:notification_open' 7 %}") == reverse(
        "portal:notification_open", args=[7]
    )
    assert draw("{% url 'portal:verify' code=c %}", {"c": "AB12"}) == reverse(
        "portal:verify", kwargs={"code": "AB12"}
    )
    assert draw("{% url 'portal:home' as home %}[{{ home }}]") == f"[{reverse('portal:home')}]"


def test_an_unknown_view_fails_as_in_django_unless_kept_in_a_variable():
    with pytest.raises(NoReverseMatch):
        draw("{% url 'portal:nowhere' %}")
    assert draw("{% url 'portal:nowhere' as there %}[{{ there }}]") == "[]"


def test_an_address_is_worked_out_once_per_script_prefix():
    urls._address.cache_clear()
    with mock.patch.object(urls, "reverse", wraps=reverse) as reversing:
        first = draw("{% url 'portal:home' %}")
        assert draw("{% url 'portal:home' %}") == first
        assert reversing.call_count == 1
        set_script_prefix("/portal/")
        try:
            assert draw("{% url 'portal:home' %}") == f"/portal{first}"
        finally:
            set_script_prefix("/")
        assert reversing.call_count == 2


def test_the_current_namespace_and_the_language_are_part_of_what_is_remembered():
    request = RequestFactory().get("/")
    request.current_app = "someone-else"
    urls._address.cache_clear()
    with mock.patch.object(urls, "reverse", wraps=reverse) as reversing:
        Template("{% url 'portal:home' %}").render(RequestContext(request))
        draw("{% url 'portal:home' %}")
        with translation.override("en"):
            draw("{% url 'portal:home' %}")
        assert [call.kwargs["current_app"] for call in reversing.call_args_list] == [
            "someone-else",
            None,
            None,
        ]


@pytest.fixture
def manifest(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"css/portal.css": "css/portal.0123abcd.css"}, "version": "1.1"})
    )
    return tmp_path


def test_static_addresses_come_from_the_manifest_and_are_looked_up_once(manifest):
    storage = StaticFilesStorage(location=manifest, base_url="/static/")
    assert storage.url("css/portal.css") == "/static/css/portal.0123abcd.css"
    with mock.patch.object(storage, "stored_name", side_effect=AssertionError("looked up")):
        assert storage.url("css/portal.css") == "/static/css/portal.0123abcd.css"


def test_a_file_missing_from_the_manifest_is_refused_every_time(manifest):
    storage = StaticFilesStorage(location=manifest, base_url="/static/")
    for _attempt in range(2):
        with pytest.raises(ValueError):
            storage.url("css/missing.css")
