"""``{% url %}`` as Django's, remembering the addresses of views that take no arguments.

Django works a view's address out anew on every ``{% url %}`` (about 25 µs: namespaces,
patterns, quoting), and every page of the portal draws the same few links with no
arguments in its header, breadcrumbs and footer: eight of them on the cheapest signed-in
page, about a tenth of its time. Such an address depends only on the URLconf, the script
prefix, the language and the current namespace, so it is worked out once per process for
each of them (and forgotten when ROOT_URLCONF changes: tests). A link with arguments goes
Django's way.

Installed as a builtin (TEMPLATES' ``builtins``), so templates write ``{% url %}`` as usual.
"""

import functools

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


class PlainURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        found = ""
        try:
            found = _address(
                view_name,
                current_app,
                get_urlconf() or settings.ROOT_URLCONF,
                get_script_prefix(),
                get_language(),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = found
            return ""
        return conditional_escape(found) if context.autoescape else found


@receiver(setting_changed)
def _forget_addresses(*, setting, **kwargs) -> None:
    """A URLconf swapped under the same name (tests) may give other addresses."""
    if setting == "ROOT_URLCONF":
        _address.cache_clear()


@functools.lru_cache(maxsize=1024)
def _address(view_name, current_app, urlconf, prefix, language) -> str:
    return reverse(view_name, urlconf=urlconf, current_app=current_app)


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return PlainURLNode(node.view_name, node.args, node.kwargs, node.asvar)
