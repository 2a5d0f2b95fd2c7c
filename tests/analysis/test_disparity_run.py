"""The whole analysis, from Python and from `forcewatch analyze disparity`."""

from __future__ import annotations

import csv
import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from forcewatch.analysis.disparity import DenominatorError, run
from tests.analysis.disparity_data import SIMPSON_CSV, write_metro, write_simpson

METRO_CSV = """\
# title: Metro residents (made up)
# agency: metro
# kind: residents
# reference: race=white, sex=female
dimension,group,value,district
race,white,2000,
race,black,1000,
race,hispanic,500,
race,black,600,N
race,white,400,N
race,black,400,S
race,white,1600,S
sex,male,1700,
sex,female,1800,
district,N,1500,
district,S,2000,
"""
SINCE, UNTIL = dt.date(2020, 1, 1), dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def metro(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("run")
    (folder / "metro.csv").write_text(METRO_CSV)
    return write_metro(folder / "snap"), folder / "metro.csv"


def test_run_writes_every_table_with_its_unit_and_denominator(
    metro: tuple[Path, Path], tmp_path: Path
) -> None:
    snap, denominator = metro
    result = run(snap, agency="metro", denominator=denominator, out=tmp_path / "out")
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {
        f"rates_{d}.csv"
        for d in ("race", "sex", "age", "district", "call_type", "force_type")
    } <= names
    assert {
        "stratified_race_by_district.csv",
        "severity_by_resistance.csv",
        "severity_above_resistance.csv",
        "crisis.csv",
        "crisis_severity.csv",
        "missing_by_officer.csv",
        "missing_by_unit.csv",
        "missing_by_period.csv",
        "summary.txt",
        "parameters.json",
    } <= names
    for name, table in result.tables.items():
        assert "unit" in table.column_names, name
        if name.startswith(("rates_", "stratified_")):
            assert "denominator" in table.column_names, name
    with (tmp_path / "out" / "rates_race.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert {r["unit"] for r in rows} == {
        "incident",
        "subject",
        "engagement",
        "application",
    }
    black = next(r for r in rows if r["unit"] == "subject" and r["group"] == "black")
    assert black["denominator"] == "metro" and black["n"] == "2"
    params = json.loads((tmp_path / "out" / "parameters.json").read_text())
    assert params["agency"] == "metro" and params["denominator"]["kind"] == "residents"
    assert params["snapshot_content_sha256"]


def test_resident_rates_use_the_years_of_the_period(metro: tuple[Path, Path]) -> None:
    snap, denominator = metro
    result = run(
        snap,
        agency="metro",
        denominator=denominator,
        by=["race"],
        since=SINCE,
        until=UNTIL,
    )
    rows = result.tables["rates_race"].to_pylist()
    black = next(r for r in rows if r["unit"] == "subject" and r["group"] == "black")
    years = 366 / 365.25  # 2020 is a leap year
    assert black["n"] == 2 and black["exposure"] == pytest.approx(1000 * years)
    assert black["rate"] == pytest.approx(2 / (1000 * years) * 1000)
    assert set(result.tables) >= {"rates_race", "stratified_race_by_district"}
    assert "rates_sex" not in result.tables


def test_the_summary_names_units_denominator_and_caveats(
    metro: tuple[Path, Path],
) -> None:
    snap, denominator = metro
    summary = run(snap, agency="metro", denominator=denominator).summary
    assert "unit: subjects" in summary and "denominator: metro" in summary
    assert "per 1,000 residents per year" in summary
    assert "not proof of bias" in summary
    assert "[unstable]" in summary
    assert "conditions on a police contact" not in summary


def test_the_simpson_example_runs_end_to_end(tmp_path: Path) -> None:
    snap = write_simpson(tmp_path / "snap")
    (tmp_path / "arrests.csv").write_text(SIMPSON_CSV)
    result = run(snap, agency="metro", denominator=tmp_path / "arrests.csv")
    rows = result.tables["stratified_race_by_district"].to_pylist()
    pooled = next(
        r for r in rows if r["unit"] == "subject" and r["stratum"].endswith("Haenszel)")
    )
    assert pooled["rate_ratio"] == pytest.approx(0.846, abs=0.0005)
    assert pooled["pooled_misleads"] is True
    assert "the pooled figure misleads" in result.summary
    assert "conditions on a police contact" in result.summary


def test_it_refuses_what_it_cannot_analyse(metro: tuple[Path, Path]) -> None:
    snap, denominator = metro
    with pytest.raises(ValueError, match="agencies elsewhere, metro: choose one"):
        run(snap, denominator=denominator)
    with pytest.raises(ValueError, match="no agency 'nowhere'"):
        run(snap, agency="nowhere", denominator=denominator)
    with pytest.raises(DenominatorError, match="describes metro, not elsewhere"):
        run(snap, agency="elsewhere", denominator=denominator)
    with pytest.raises(ValueError, match="cannot tabulate by colour"):
        run(snap, agency="metro", denominator=denominator, by=["colour"])


def test_the_command_prints_the_summary_and_writes_the_tables(
    metro: tuple[Path, Path], tmp_path: Path
) -> None:
    snap, denominator = metro
    out = StringIO()
    call_command(
        "analyze",
        "disparity",
        "--snapshot",
        str(snap),
        "--agency",
        "metro",
        "--denominator",
        str(denominator),
        "--by",
        "race",
        "--by",
        "sex",
        "--reference",
        "race=black",
        "--since",
        "2020-01-01",
        "--out",
        str(tmp_path / "out"),
        stdout=out,
    )
    text = out.getvalue()
    assert "reference: black" in text and "written to" in text
    assert (tmp_path / "out" / "rates_sex.csv").is_file()
    assert not (tmp_path / "out" / "rates_age.csv").exists()


def test_the_command_lists_denominators_and_explains_errors(
    metro: tuple[Path, Path],
) -> None:
    out = StringIO()
    call_command("analyze", "denominators", stdout=out)
    assert "chicago-residents-2010" in out.getvalue()
    snap, _ = metro
    with pytest.raises(CommandError, match="no denominator named 'atlantis'"):
        call_command(
            "analyze",
            "disparity",
            "--snapshot",
            str(snap),
            "--agency",
            "metro",
            "--denominator",
            "atlantis",
        )
    with pytest.raises(CommandError, match="is not a date"):
        call_command(
            "analyze",
            "disparity",
            "--snapshot",
            str(snap),
            "--agency",
            "metro",
            "--denominator",
            "x.csv",
            "--since",
            "June",
        )


def test_every_table_and_column_is_documented_in_the_methods(
    metro: tuple[Path, Path],
) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "methods.md").read_text()
    section = doc[doc.index("## Disparities") :]
    snap, denominator = metro
    result = run(snap, agency="metro", denominator=denominator)
    for name in result.tables:
        pattern = name
        for prefix in ("rates_", "stratified_"):
            if name.startswith(prefix):
                pattern = (
                    "rates_<dimension>"
                    if prefix == "rates_"
                    else ("stratified_<dimension>_by_district")
                )
        assert f"`{pattern}.csv`" in section, name
    for column in (
        "rate_ratio",
        "q_value",
        "unstable",
        "small_cell",
        "pooled_misleads",
    ):
        assert f"`{column}`" in section, column
