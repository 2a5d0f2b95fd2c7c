"""row_hash must stay byte-for-byte what it was: `audit verify` recomputes the
seals of rows written by every earlier version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from forcewatch.core.lib.hashing import canonical, row_hash


def first_row_hash(values: list[Any]) -> str:
    """row_hash as first written (json.dumps per call, `canonical` as default)."""
    text = json.dumps(values, separators=(",", ":"), sort_keys=True, default=canonical)
    return hashlib.sha256(text.encode()).hexdigest()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(),
    st.floats(),
    st.decimals(allow_nan=False),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(st.lists(values, max_size=25))
def test_it_hashes_any_row_as_the_first_version_did(row: list[Any]) -> None:
    assert row_hash(row) == first_row_hash(row)


def test_it_hashes_a_known_row_to_the_value_the_first_version_sealed() -> None:
    row = [
        *(None, True, 7, "Ä", dt.date(2015, 3, 1), dt.time(9, 5), Decimal("1.50")),
        *(1.5, [dt.date(2015, 3, 1)], {"b": 1, "a": None}),
    ]
    assert row_hash(row) == (
        "6dd14924e9962131743df2b0f72426675904b8f621ece8d910ed0cf6f278a8bb"
    )
