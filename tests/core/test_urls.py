"""pk_url: a route reversed once gives the same link as reversing per row."""

import pytest
from django.urls import NoReverseMatch, reverse
from hypothesis import given
from hypothesis import strategies as st

from forcewatch.core.lib.urls import pk_url


@given(pk=st.integers(min_value=0, max_value=2**63 - 1))
def test_pk_url_is_reverse(pk: int) -> None:
    for name in ("reporting:detail", "reporting:edit", "policy:finding"):
        assert pk_url(name)(pk) == reverse(name, args=[pk])


def test_route_without_an_argument_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        pk_url("reporting:list")
