"""Static SVG bar charts of release tables (altair spec, rendered by vl-convert).

A chart shows only what the table beside it publishes: a suppressed group keeps
its place on the axis, labelled "(suppressed)", and has no bar, so neither its
value nor its size can be read off the picture. The SVG has no scripts, fonts or
external references, and the same table always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import altair as alt
import vl_convert as vlc

from forcewatch.release.model import ReleaseTable

SUPPRESSED_SUFFIX = " (suppressed)"
_WIDTH = 400  # pixels of the count axis; the height follows the number of groups
_ROOT = re.compile(r"<svg\b[^>]*>")
_OWN_ARIA = re.compile(
    r'\s(?:role|aria-label|aria-labelledby|aria-describedby)="[^"]*"'
)


def chart_svg(
    table: ReleaseTable, labels: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """A horizontal bar chart of a one-dimension table, as an SVG document.

    ``labels`` maps dimension -> group code -> display label (default: the code).
    Raises ValueError for a withheld table or one without exactly one dimension.
    """
    if table.withheld_reason:
        raise ValueError(f"table {table.name} is withheld: it has no chart")
    if len(table.dims) != 1:
        raise ValueError(
            f"table {table.name} has {len(table.dims)} dimensions {table.dims}; "
            "a chart needs exactly one"
        )
    dim = table.dims[0]
    values = _values(table, (labels or {}).get(dim, {}))
    svg = vlc.vegalite_to_svg(_spec(table, values), allowed_base_urls=[])
    suppressed = sum(1 for row in values if row["count"] is None)
    return _accessible(svg, table, suppressed)


def _values(table: ReleaseTable, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per cell, in the table's order; a suppressed cell has no count."""
    rows: list[dict[str, Any]] = []
    for cell in table.cells:
        label = names.get(cell.key[0], cell.key[0])
        if cell.published:
            rows.append({"group": label, "count": cell.count})
        else:
            rows.append({"group": label + SUPPRESSED_SUFFIX, "count": None})
    groups = [row["group"] for row in rows]
    if len(set(groups)) != len(groups):
        raise ValueError(f"table {table.name}: two groups share a label: {groups}")
    return rows


def _spec(table: ReleaseTable, values: list[dict[str, Any]]) -> dict[str, Any]:
    groups = [row["group"] for row in values]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color="#1f4e79")
        .encode(
            y=alt.Y(
                "group:N",
                title=table.dims[0].replace("_", " ").capitalize(),
                sort=None,
                scale=alt.Scale(domain=groups),
                axis=alt.Axis(labelLimit=0),
            ),
            x=alt.X(
                "count:Q",
                title=f"Number of {table.spec.unit}s",
                axis=alt.Axis(format=",d", tickMinStep=1),
            ),
        )
        .properties(title=table.spec.title, width=_WIDTH)
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_title(fontSize=14)
    )
    return chart.to_dict()


def _accessible(svg: str, table: ReleaseTable, suppressed: int) -> str:
    """Name and describe the picture on its root element (role="img")."""
    root = _ROOT.search(svg)
    if root is None:
        raise ValueError("vl-convert returned no <svg> element")
    ident = "chart-" + re.sub(r"[^A-Za-z0-9_-]", "-", table.name)
    desc = (
        f"Bar chart of {table.spec.title}; the same figures are in the table beside it."
    )
    if suppressed:
        desc += f" {suppressed} suppressed group(s) have no bar."
    tag = _OWN_ARIA.sub("", root.group(0))[:-1]
    tag += f' role="img" aria-labelledby={quoteattr(f"{ident}-title {ident}-desc")}>'
    head = (
        f"<title id={quoteattr(ident + '-title')}>{escape(table.spec.title)}</title>"
        f"<desc id={quoteattr(ident + '-desc')}>{escape(desc)}</desc>"
    )
    return svg[: root.start()] + tag + head + svg[root.end() :]
