"""`{% url %}`, remembered: every staff page's header links the same dozen
routes, and reversing each anew was a tenth of the header's rendering.

Installed as a template builtin (settings.TEMPLATES), so it replaces Django's
tag in every template; it parses the same syntax with Django's own parser. A
link is remembered under everything reversing depends on: the route and its
arguments (strings and integers only; anything else is reversed each time), the
current app, the script prefix, the URL configuration and the language.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.template import Context, Library
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = Library()

Key = tuple[tuple[str | int, ...], tuple[tuple[str, str | int], ...]]


@functools.lru_cache(maxsize=4096)
def _reverse(
    view_name: str,
    arguments: Key,
    current_app: str | None,
    prefix: str,
    urlconf: str,
    language: str | None,
) -> str:
    args, kwargs = arguments
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _current_app(context: Context) -> str | None:
    request = getattr(context, "request", None)
    if hasattr(request, "current_app"):
        return request.current_app  # type: ignore[union-attr]
    match = getattr(request, "resolver_match", None)
    return getattr(match, "namespace", None)


def _plain(value: Any) -> bool:
    return type(value) in (str, int)


class RememberedURLNode(URLNode):
    def render(self, context: Context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        if not all(_plain(v) for v in (*args, *(v for _, v in kwargs))):
            return super().render(context)
        url = ""
        try:
            url = _reverse(
                self.view_name.resolve(context),
                (args, kwargs),
                _current_app(context),
                get_script_prefix(),
                get_urlconf() or settings.ROOT_URLCONF,
                get_language(),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> RememberedURLNode:
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
