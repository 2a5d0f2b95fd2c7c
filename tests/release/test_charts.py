"""Bar charts of release tables: only published figures, accessible, reproducible."""

from __future__ import annotations

import hashlib
import os
import re
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forcewatch.release.charts import chart_svg
from forcewatch.release.model import Cell, ReleaseTable, Status, TableSpec

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
BAR_LABEL = re.compile(r"^Number of subjects: ([\d,]+); Race: (.*)$")


def race_table(
    cells: list[tuple[str, int, Status]],
    *,
    title: str = "Subjects by race",
    dims: tuple[str, ...] = ("race",),
) -> ReleaseTable:
    return ReleaseTable(
        spec=TableSpec(
            name="subjects_by_race", title=title, unit="subject", dims=dims, chart=True
        ),
        cells=[
            Cell(key=(code,), count=count, persons=count, status=status)
            for code, count, status in cells
        ],
    )


def sample_table(groups: int = 5) -> ReleaseTable:
    """Every fourth group small-suppressed, the last complementary-suppressed."""
    statuses = [Status.PUBLISHED] * 3 + [Status.PRIMARY]
    cells = [(f"group{i:02d}", 7 + 13 * i, statuses[i % 4]) for i in range(groups)]
    cells[-1] = (cells[-1][0], cells[-1][1], Status.COMPLEMENTARY)
    return race_table(cells)


def bars(svg: str) -> list[tuple[str, int]]:
    """(label, count) of every bar drawn, from the bars' own aria-labels."""
    found = []
    for element in ET.fromstring(svg).iter():
        if element.get("aria-roledescription") == "bar":
            match = BAR_LABEL.match(element.get("aria-label", ""))
            assert match, element.get("aria-label")
            found.append((match[2], int(match[1].replace(",", ""))))
    return found


def texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def test_it_draws_a_bar_for_each_published_cell_in_the_tables_order() -> None:
    table = race_table(
        [
            ("W", 40, Status.PUBLISHED),
            ("B", 120, Status.PUBLISHED),
            ("A", 0, Status.PUBLISHED),
        ]
    )
    svg = chart_svg(table)
    assert bars(svg) == [("W", 40), ("B", 120), ("A", 0)]
    shown = texts(svg)
    assert [shown.index(g) for g in ("W", "B", "A")] == sorted(
        shown.index(g) for g in ("W", "B", "A")
    )


def test_a_suppressed_group_keeps_its_label_and_has_no_bar() -> None:
    table = race_table(
        [
            ("B", 120, Status.PUBLISHED),
            ("A", 4, Status.PRIMARY),
            ("W", 57, Status.COMPLEMENTARY),
        ]
    )
    svg = chart_svg(table)
    assert bars(svg) == [("B", 120)]
    assert "A (suppressed)" in texts(svg)
    assert "W (suppressed)" in texts(svg)
    assert "2 suppressed group(s) have no bar." in svg


def test_groups_are_shown_by_their_display_labels() -> None:
    table = race_table([("B", 120, Status.PUBLISHED), ("A", 4, Status.PRIMARY)])
    labels = {"race": {"B": "Black (non-Hispanic)", "A": "Asian"}}
    svg = chart_svg(table, labels)
    assert bars(svg) == [("Black (non-Hispanic)", 120)]
    assert "Asian (suppressed)" in texts(svg)


def test_two_groups_with_one_label_are_an_error() -> None:
    table = race_table([("B", 1, Status.PUBLISHED), ("X", 2, Status.PUBLISHED)])
    with pytest.raises(ValueError, match="share a label"):
        chart_svg(table, {"race": {"X": "B"}})


def test_a_withheld_table_has_no_chart() -> None:
    table = sample_table()
    table.withheld_reason = "race not recorded for 41% of subjects"
    with pytest.raises(ValueError, match="withheld"):
        chart_svg(table)


@pytest.mark.parametrize("dims", [(), ("race", "district")])
def test_only_one_dimension_tables_are_charted(dims: tuple[str, ...]) -> None:
    table = race_table([], dims=dims)
    with pytest.raises(ValueError, match="exactly one"):
        chart_svg(table)


def test_the_root_element_names_and_describes_the_image() -> None:
    svg = chart_svg(race_table([("B", 3, Status.PUBLISHED)], title='Force & "<race>"'))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    found = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert [found[i].tag for i in ids] == [f"{SVG}title", f"{SVG}desc"]
    assert found[ids[0]].text == 'Force & "<race>"'
    assert found[ids[1]].text == (
        'Bar chart of Force & "<race>"; the same figures are in the table beside it.'
    )


def test_it_has_no_script_font_or_external_reference() -> None:
    svg = chart_svg(sample_table())
    lowered = svg.lower()
    for banned in (
        "<script",
        "<style",
        "@font-face",
        "<image",
        "<foreignobject",
        "<a ",
    ):
        assert banned not in lowered
    assert not re.search(r"\b(?:href|src)=|url\(", lowered)
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert set(re.findall(r'"(https?://[^"]*)"', svg)) <= namespaces


def test_twenty_bars_stay_small() -> None:
    svg = chart_svg(sample_table(20))
    assert len(svg.encode()) < 25_000


def test_it_is_byte_identical_across_calls_and_processes() -> None:
    svg = chart_svg(sample_table(12))
    assert chart_svg(sample_table(12)) == svg
    code = (
        "import hashlib, sys; from forcewatch.release.charts import chart_svg; "
        "from tests.release.test_charts import sample_table; "
        "sys.stdout.write(hashlib.sha256(chart_svg(sample_table(12)).encode())"
        ".hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == hashlib.sha256(svg.encode()).hexdigest()


codes = st.lists(
    st.text(string.ascii_letters, min_size=1, max_size=10),
    min_size=1,
    max_size=15,
    unique=True,
)


@settings(max_examples=30, deadline=None)
@given(data=st.data(), groups=codes)
def test_no_suppressed_value_is_drawn(data: st.DataObject, groups: list[str]) -> None:
    cells = [
        (
            code,
            data.draw(st.integers(0, 5_000)),
            data.draw(st.sampled_from(list(Status))),
        )
        for code in groups
    ]
    svg = chart_svg(race_table(cells))
    published = [(code, n) for code, n, status in cells if status == Status.PUBLISHED]
    assert bars(svg) == published
    shown = texts(svg)
    for code, _, status in cells:
        if status != Status.PUBLISHED:
            assert f"{code} (suppressed)" in shown
            assert code not in {label for label, _ in bars(svg)}
