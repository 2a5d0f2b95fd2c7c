"""`read.fill_down`: continuation rows inherit the key cells of the row above."""

from __future__ import annotations

from pathlib import Path

from forcewatch.intake.mapping.spec import ReadSpec
from forcewatch.intake.readers import ReadError, open_table


def test_empty_cells_of_fill_down_columns_repeat_the_value_above(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Event #,Force\n17-1,Taser\n,OC Spray\n17-2,Takedown\n,\n,Baton\n")
    table = open_table(path, ReadSpec(fill_down=["event  #"]))
    assert [cells for _, cells in table.rows] == [
        ["17-1", "Taser"],
        ["17-1", "OC Spray"],
        ["17-2", "Takedown"],
        ["", ""],
        ["17-2", "Baton"],
    ]


def test_a_fill_down_column_missing_from_the_header_is_a_clear_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Event,Force\n1,Taser\n")
    try:
        open_table(path, ReadSpec(fill_down=["Case"]))
    except ReadError as exc:
        assert "fill_down column(s) not in the header: Case" in exc.error.reason
    else:
        raise AssertionError("expected a ReadError")
