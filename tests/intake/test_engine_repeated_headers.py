"""Readers drop header lines repeated in a concatenated export, blank cells and all."""

from __future__ import annotations

from pathlib import Path

from forcewatch.intake.mapping.spec import ReadSpec
from forcewatch.intake.readers import open_table


def read(tmp_path: Path, text: str) -> tuple[list[int], list[list[str]]]:
    path = tmp_path / "export.csv"
    path.write_text(text)
    table = open_table(path, ReadSpec())
    rows = [cells for _, cells in table.rows]
    return table.dropped_headers, rows


def test_it_drops_a_repeat_that_leaves_some_header_cells_blank(tmp_path: Path) -> None:
    dropped, rows = read(
        tmp_path,
        "Incident Number,Incident Date Time,Officers Race,Status\n"
        "2018-1,02/25/2018,W,Mapped\n"
        "IncidentNumber,,OfficersRace,Status\n"
        "2018-2,02/26/2018,B,M\n",
    )
    assert dropped == [3]
    assert [r[0] for r in rows] == ["2018-1", "2018-2"]


def test_it_drops_an_exact_repeat(tmp_path: Path) -> None:
    dropped, rows = read(tmp_path, "a,b,c\n1,2,3\nA,B,C\n4,5,6\n")
    assert dropped == [3]
    assert len(rows) == 2


def test_it_keeps_a_row_with_a_value_that_is_not_its_header(tmp_path: Path) -> None:
    dropped, rows = read(
        tmp_path,
        "Incident Number,Status,Officers Race,Sex\n"
        "IncidentNumber,,,M\n"  # one header-like cell, one data value
        "Incident Number,,,\n",  # one header cell only: fewer than half the columns
    )
    assert dropped == []
    assert len(rows) == 2
