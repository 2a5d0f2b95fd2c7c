"""The list page's rows: every value escaped, read back exactly as given."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from forcewatch.reporting.display import list_rows
from forcewatch.reporting.forms import STATUS_LABELS
from forcewatch.reporting.models import Status


class Cells(HTMLParser):
    """Each row's link and cell texts, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.rows[-1].append("")
            self.in_cell = True
        elif tag == "a":
            self.links.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.in_cell = False

    def handle_data(self, data: str) -> None:
        if self.in_cell:
            self.rows[-1][-1] += data


text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(
    rows=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=10**12),
            text,
            st.none() | st.dates(),
            text,
            st.sampled_from(Status.values),
            st.datetimes(
                min_value=dt.datetime(2000, 1, 2), max_value=dt.datetime(2099, 1, 1)
            ),
        ),
        max_size=5,
    )
)
def test_rows_read_back_as_given(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    aware = [(*r[:5], r[5].replace(tzinfo=dt.UTC)) for r in rows]
    parsed = Cells()
    parsed.feed(str(list_rows(aware)))
    assert parsed.links == [reverse("reporting:detail", args=[r[0]]) for r in aware]
    assert parsed.rows == [
        [
            number,
            occurred.isoformat() if occurred else "",
            unit,
            str(STATUS_LABELS[Status(status)]),
            timezone.localtime(updated).strftime("%Y-%m-%d %H:%M"),
        ]
        for _, number, occurred, unit, status, updated in aware
    ]
