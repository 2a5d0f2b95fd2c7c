"""An import pauses the cyclic garbage collector, and always turns it back on."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from forcewatch.intake import rowplan
from forcewatch.intake.errors import ImportRejected
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file

MAPPING = """
mapping: collector-test
version: "1"
title: collector test
sources:
  main:
    files: ["*.csv"]
    unit: incident
    records:
      incident:
        key: "{case}"
        fields:
          occurred_date: {column: date, required: true}
"""


def run(tmp_path: Path, rows: str) -> None:
    (tmp_path / "m.yaml").write_text(MAPPING)
    (tmp_path / "rows.csv").write_text(f"case,date\n{rows}")
    import_file(
        agency_slug="t",
        mapping=load_mapping(tmp_path / "m.yaml"),
        path=tmp_path / "rows.csv",
        actor="test",
    )


def test_it_plans_rows_with_the_collector_paused(
    transactional_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    plan_row = rowplan.plan_row

    def spy(*args: object) -> None:
        seen.append(gc.isenabled())
        plan_row(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("forcewatch.intake.services.plan_row", spy)
    run(tmp_path, "C1,2020-01-02\n")
    assert seen == [False]
    assert gc.isenabled()


def test_it_turns_the_collector_back_on_after_a_rejected_file(
    transactional_db: None, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected):
        run(tmp_path, "C1,not a date\n")
    assert gc.isenabled()
