"""The synthetic generator: seeded, sized as asked, imported through the real engine."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from django.core.management import call_command

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from forcewatch.synth.generator import (
    COLUMNS,
    SynthSpec,
    agency_rows,
    plan_agencies,
    split_total,
    write_agency,
)


def test_split_total_is_exact_and_proportional() -> None:
    assert (
        split_total(10, [1, 1, 2]) == [3, 2, 5] or sum(split_total(10, [1, 1, 2])) == 10
    )
    parts = split_total(1000, [5.0, 1.0, 0.0, 4.0], minimum=1)
    assert sum(parts) == 1000 and min(parts) == 1 and parts[0] > parts[3] > parts[1]


def test_agencies_get_every_officer_and_incident_asked_for() -> None:
    plans = plan_agencies(SynthSpec(agencies=40, officers=5000, reports=20000, seed=9))
    assert len(plans) == 40
    assert sum(p.officers for p in plans) == 5000
    assert sum(p.incidents for p in plans) == 20000
    assert len({p.ori for p in plans}) == 40 and all(len(p.ori) == 9 for p in plans)
    sizes = sorted(p.officers for p in plans)
    assert sizes[-1] > 5 * sizes[len(sizes) // 2]  # heavy-tailed, like real agencies


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not() -> None:
    spec = SynthSpec(agencies=3, officers=60, reports=300, seed=5)
    plan = plan_agencies(spec)[0]
    first = list(agency_rows(spec, plan))
    assert first == list(agency_rows(spec, plan))
    other = SynthSpec(agencies=3, officers=60, reports=300, seed=6)
    assert first != list(agency_rows(other, plan_agencies(other)[0]))
    assert all(len(row) == len(COLUMNS) for row in first)


def test_a_written_export_has_one_incident_per_report(tmp_path: Path) -> None:
    spec = SynthSpec(agencies=2, officers=50, reports=400, seed=2)
    plan = plan_agencies(spec)[1]
    path, rows = write_agency(spec, plan, tmp_path)
    with gzip.open(path, "rt", newline="") as fh:
        data = list(csv.DictReader(fh))
    assert len(data) == rows
    assert len({r["incident_id"] for r in data}) == plan.incidents


def test_synth_command_imports_agencies_through_the_real_engine(
    transactional_db: None,
) -> None:
    call_command(
        "synth",
        "--agencies",
        "2",
        "--officers",
        "40",
        "--reports",
        "150",
        "--seed",
        "4",
    )
    agencies = rm.Agency.objects.filter(slug__startswith="synth-")
    assert agencies.count() == 2
    incidents = sum(record_counts(agency=a)["total"]["incidents"] for a in agencies)
    assert incidents == 150
    assert rm.SourceFile.objects.filter(mapping="synthetic").count() == 2
