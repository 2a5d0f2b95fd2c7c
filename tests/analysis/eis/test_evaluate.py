"""`forcewatch eis evaluate` on a synthetic department: tables, summary, reasons."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.eis import get_label, load_thresholds
from forcewatch.analysis.eis.dataset import officer_years
from forcewatch.analysis.eis.output import TABLES
from tests.analysis.eis.snapshot import write_snapshot
from tests.analysis.eis.synthetic import synthetic_tables

YEARS = ["--first-train-year", "2015", "--first-test-year", "2018"]
FAST = ["--last-test-year", "2020", "--bootstrap", "50"]


def evaluate(synth: Path, out: Path, *extra: str) -> str:
    said = io.StringIO()
    call_command(
        "eis",
        "evaluate",
        "--snapshot",
        str(synth),
        "--agency",
        "synth",
        "--out",
        str(out),
        *YEARS,
        *FAST,
        *extra,
        stdout=said,
    )
    return said.getvalue()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_it_writes_every_table_and_a_summary(synth: Path, tmp_path: Path) -> None:
    said = evaluate(
        synth, tmp_path, "--model", "logistic_counts", "--model", "boosted_trees"
    )
    assert said.startswith("synth: ")
    assert "threshold" in said and "deployable/boosted_trees" in said
    for name in TABLES:
        assert (tmp_path / f"{name}.csv").is_file(), name
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["plan"]["models"] == ["logistic_counts", "boosted_trees"]
    assert summary["snapshot"]["content_sha256"]
    assert summary["thresholds"]["rules"][0]["id"] == "force_90d"
    budgets = {r["budget"] for r in summary["comparison"]}
    assert budgets == {"baseline_k", "1%", "5%", "10%"}
    assert set(summary["average_precision"]) == {
        "threshold",
        "deployable/logistic_counts",
        "deployable/boosted_trees",
        "retrospective/logistic_counts",
        "retrospective/boosted_trees",
    }
    splits = {r["split"] for r in rows(tmp_path / "by_split.csv")}
    assert splits == {"2018-01-01", "2019-01-01", "2020-01-01"}


def test_every_flag_explains_itself(synth: Path, tmp_path: Path) -> None:
    evaluate(synth, tmp_path, "--model", "logistic")
    flags = rows(tmp_path / "flags.csv")
    rules = [f for f in flags if f["method"] == "threshold"]
    model = [f for f in flags if f["method"] == "deployable/logistic"]
    assert rules and model
    assert all("(rule " in f["explanation"] for f in rules)
    assert all("(peers " in f["explanation"] for f in model)


def test_it_refuses_an_agency_the_snapshot_does_not_hold(
    synth: Path, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="no agency 'nowhere'.*synth"):
        call_command(
            "eis",
            "evaluate",
            "--snapshot",
            str(synth),
            "--agency",
            "nowhere",
            "--out",
            str(tmp_path),
        )


def test_it_refuses_years_out_of_order(synth: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="first train < first test"):
        evaluate(synth, tmp_path, "--first-test-year", "2014")


def test_an_agency_without_complaints_is_evaluated_on_a_force_label(
    tmp_path: Path,
) -> None:
    # the synthetic department with no complaint at all, and its own force levels:
    # every third report level 2, every 40th level 3
    tables = synthetic_tables()
    tables["complaint"], tables["allegation"] = [], []
    for n, incident in enumerate(tables["incident"]):
        incident["level"] = "3" if n % 40 == 0 else "2" if n % 3 == 0 else "1"
    snap = write_snapshot(tmp_path / "snap", tables)
    said = evaluate(
        snap,
        tmp_path / "out",
        "--model",
        "logistic_counts",
        "--label",
        "force_reported_level_2",
    )
    assert "threshold" in said
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["label_definition"]["id"] == "force_reported_level_2"
    assert summary["label"].startswith("a report of force the agency rated level 2")
    assert summary["test_positives"] > 0
    # the complaint rule never trips: every rule flag is a force flag
    flags = rows(tmp_path / "out" / "flags.csv")
    assert all(
        "rule force_90d" in f["explanation"]
        for f in flags
        if f["method"] == "threshold"
    )


def test_it_refuses_a_label_the_records_never_meet(synth: Path, tmp_path: Path) -> None:
    # the synthetic department records no levels
    with pytest.raises(CommandError, match="never positive.*reported_level"):
        evaluate(synth, tmp_path, "--label", "force_reported_level_3")
    with pytest.raises(CommandError, match="no label 'nope'"):
        evaluate(synth, tmp_path, "--label", "nope")


def test_without_dispositions_the_combined_label_is_the_sustained_complaint(
    synth: Path, tmp_path: Path
) -> None:
    # the synthetic department, like public data, has no policy findings reviewed
    with pytest.raises(
        CommandError, match="never positive.*no out-of-policy dispositions"
    ):
        evaluate(synth, tmp_path, "--label", "out_of_policy")
    con = duckdb_backend(synth)
    splits = [dt.date(year, 1, 1) for year in range(2015, 2021)]
    sustained = officer_years(con, "synth", splits, load_thresholds())
    either = officer_years(
        con,
        "synth",
        splits,
        load_thresholds(),
        label=get_label("sustained_complaint_or_out_of_policy"),
    )
    assert sustained.positive.any()
    np.testing.assert_array_equal(either.positive, sustained.positive)
    np.testing.assert_array_equal(either.known_on, sustained.known_on)
