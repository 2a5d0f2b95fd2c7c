"""The remembered `{% url %}` renders exactly what Django's own tag renders."""

from __future__ import annotations

import functools

import pytest
from django.template import Context, Engine, Template, engines
from django.urls import NoReverseMatch, set_script_prefix
from hypothesis import given
from hypothesis import strategies as st

from forcewatch.core.templatetags.links import RememberedURLNode, _reverse

OURS = engines["django"].engine
DJANGOS = Engine()  # Django's default builtins only

TEMPLATES = (
    "{% url 'reporting:list' %}",
    "{% url 'reporting:detail' pk %}",
    "{% url 'reporting:detail' pk=pk %}",
    "{% url 'policy:findings' slug %}",
    "{% url 'policy:findings' agency=slug %}|{% url 'reporting:edit' pk %}",
    "{% url 'policy:findings' slug as link %}[{{ link }}]",
    "{% url 'no-such-route' as link %}[{{ link }}]",
)


@functools.cache
def compiled(source: str) -> tuple[Template, Template]:
    return OURS.from_string(source), DJANGOS.from_string(source)


def both(source: str, **values: object) -> tuple[str, str]:
    ours, djangos = compiled(source)
    return ours.render(Context(values)), djangos.render(Context(values))


def test_our_engine_uses_the_remembered_tag() -> None:
    nodes = OURS.from_string("{% url 'reporting:list' %}").nodelist
    assert isinstance(nodes[0], RememberedURLNode)


@given(
    pk=st.integers(min_value=0, max_value=2**63 - 1),
    slug=st.from_regex(r"\A[-a-zA-Z0-9_]{1,30}\Z"),
)
def test_every_link_is_djangos(pk: int, slug: str) -> None:
    for source in TEMPLATES:
        ours, djangos = both(source, pk=pk, slug=slug)
        assert ours == djangos
    # asked again: answered from memory, and still Django's link
    hits = _reverse.cache_info().hits
    ours, djangos = both(TEMPLATES[1], pk=pk)
    assert _reverse.cache_info().hits == hits + 1
    assert ours == djangos


def test_a_missing_route_is_an_error_without_as() -> None:
    for engine in (OURS, DJANGOS):
        with pytest.raises(NoReverseMatch):
            engine.from_string("{% url 'no-such-route' %}").render(Context({}))


def test_a_link_follows_the_script_prefix() -> None:
    source = "{% url 'reporting:detail' 7 %}"
    assert both(source)[0] == "/staff/7/"
    set_script_prefix("/city/")
    try:
        assert both(source) == ("/city/staff/7/", "/city/staff/7/")
    finally:
        set_script_prefix("/")


def test_other_arguments_are_reversed_each_time() -> None:
    class Pk:
        def __init__(self, n: int) -> None:
            self.n = n

        def __str__(self) -> str:
            return str(self.n)

    source = "{% url 'reporting:detail' pk %}"
    assert both(source, pk=Pk(3)) == ("/staff/3/", "/staff/3/")
    assert both(source, pk=Pk(4)) == ("/staff/4/", "/staff/4/")
