"""Property: evaluating a pack twice, or after re-importing the same data, gives
identical findings; and every incident with deadly force has exactly one case."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcewatch.intake.services import import_file
from forcewatch.policy.models import DeadlyForceCase, UnitCheck
from forcewatch.policy.services import check_agency
from forcewatch.records import models as rm
from forcewatch.records.codes import codelist
from forcewatch.synth.generator import COLUMNS
from tests.conftest import mapping
from tests.policy_check.builders import (
    Incident,
    agency,
    findings,
    incident_id,
    write_incidents,
)

SLUGS = (f"prop-{n}" for n in itertools.count())
PROPERTY = settings(
    max_examples=12,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORCE_TYPES = (
    "verbal_command escort_hold handcuffing takedown strike ced_probe chemical_gas "
    "impact_munition neck_restraint firearm_display firearm_discharge"
).split()
RESISTANCE = ["", "compliant", "passive", "active", "aggressive", "deadly"]
# around the handcuffing rule's effective date (2021-07-01)
DATES = st.none() | st.dates(dt.date(2021, 6, 29), dt.date(2021, 7, 2))
maybe = st.none() | st.booleans()

officers = st.fixed_dictionaries(
    {
        "role": st.sampled_from(["used_force", "witnessed"]),
        "unit": st.sampled_from(["north", "south"]),
        "intervened": maybe,
        "warning_given": maybe,
        "warning_feasible": maybe,
        "deescalation": st.lists(
            st.sampled_from(["verbal_persuasion", "time", "distance"]),
            max_size=2,
            unique=True,
        ),
    }
)
subjects = st.fixed_dictionaries(
    {
        "armed": maybe,
        "fleeing": maybe,
        "in_moving_vehicle": maybe,
        "injured": maybe,
        "complained_of_injury": maybe,
        "first_aid_given": maybe,
        "medical_requested": maybe,
        "handcuffed": maybe,
        "handcuff_justification": st.sampled_from(["", "fought the officers"]),
        "threat_means": st.lists(st.sampled_from(["11", "90"]), max_size=1),
    }
)


def force(n_officers: int, n_subjects: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "officer": st.none() | st.integers(0, n_officers - 1),
            "subject": st.none() | st.integers(0, n_subjects - 1),
            "type": st.sampled_from(FORCE_TYPES),
            "resistance": st.sampled_from(RESISTANCE),
            "body_region": st.sampled_from(["", "head", "torso"]),
            "at_vehicle": maybe,
            "indiscriminate": maybe,
        }
    )


@st.composite
def incidents(draw: st.DrawFn) -> list[Incident]:
    made = []
    for n in range(draw(st.integers(1, 3))):
        people = draw(st.lists(officers, min_size=1, max_size=3))
        for i, o in enumerate(people):
            o["key"] = f"o{i + n % 2}"  # some officers are at two incidents
        subs = draw(st.lists(subjects, min_size=1, max_size=2))
        made.append(
            {
                "key": f"I{n}",
                "date": draw(DATES),
                "time": draw(st.none() | st.times().map(lambda t: t.replace(0))),
                "demonstration": draw(maybe),
                "report": draw(st.booleans()),
                "officers": people,
                "subjects": subs,
                "force": draw(st.lists(force(len(people), len(subs)), max_size=4)),
            }
        )
    return made


def deadly(force_type: str) -> bool:
    attrs = codelist("force_type").codes[force_type]
    return bool(attrs.get("deadly")) and attrs.get("applied", True) is not False


def case_incidents(city: rm.Agency) -> set[int]:
    return set(
        DeadlyForceCase.objects.filter(agency=city).values_list(
            "incident_id", flat=True
        )
    )


@PROPERTY
@given(data=incidents())
def test_checking_again_or_after_rewriting_the_same_records_changes_nothing(
    transactional_db: None, data: list[Incident]
) -> None:
    city = agency(next(SLUGS))
    write_incidents(city, data)
    first = check_agency(city)
    assert not first.errors, first.errors
    before = findings(city)
    # evaluating twice
    assert check_agency(city).run.units_checked == 0
    assert findings(city) == before
    # re-importing the same records: every key is found, nothing is filled
    rewritten = write_incidents(city, data)
    assert not any(rewritten.created.values()) and not any(rewritten.filled.values())
    assert check_agency(city).run.units_checked == 0
    assert findings(city) == before
    # forgetting what was checked: a full evaluation agrees with the incremental one
    UnitCheck.objects.filter(agency=city).delete()
    full = check_agency(city).run
    assert full.units_checked == full.units_seen == first.run.units_seen
    assert (full.findings_new, full.findings_cleared) == (0, 0)
    assert findings(city) == before
    shot = {
        incident_id(city, inc["key"])
        for inc in data
        if any(deadly(f["type"]) for f in inc["force"])
    }
    assert case_incidents(city) == shot


# -- the same through the importer and a mapping -----------------------------------

rows_of_export = st.lists(
    st.fixed_dictionaries(
        {
            "incident": st.integers(1, 3),
            "officer": st.integers(1, 3),
            "subject": st.integers(1, 2),
            "date": st.dates(dt.date(2019, 1, 1), dt.date(2024, 12, 31)),
            "injured": st.sampled_from(["true", "false", ""]),
            "force": st.lists(st.sampled_from(FORCE_TYPES), min_size=1, max_size=3),
        }
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: (r["incident"], r["officer"], r["subject"]),
)


def export(folder: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    """A synthetic department export (forcewatch/intake/mappings/synthetic.yaml)."""
    first_date: dict[int, dt.date] = {}
    for r in rows:  # one date per incident, as a real export has
        first_date.setdefault(r["incident"], r["date"])
    path = folder / f"{name}_synthetic_uof.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    f"INC-{r['incident']}",
                    first_date[r["incident"]].isoformat(),
                    "21:40",
                    "call_for_service",
                    "D1",
                    str(r["officer"]),
                    "M",
                    "W",
                    "2010-01-01",
                    f"INC-{r['incident']}-s{r['subject']}",
                    "F",
                    "B",
                    "N",
                    "30",
                    r["injured"],
                    "true",
                    ";".join(r["force"]),
                    ";".join("true" for _ in r["force"]),
                ]
            )
    return path


@PROPERTY
@given(rows=rows_of_export)
def test_reimporting_the_same_export_then_checking_gives_identical_findings(
    transactional_db: None, tmp_path_factory: Any, rows: list[dict[str, Any]]
) -> None:
    slug = next(SLUGS)
    folder = tmp_path_factory.mktemp(slug)
    path = export(folder, slug, rows)
    synthetic = mapping("synthetic")

    def load(file: Path) -> str:
        return import_file(
            agency_slug=slug, mapping=synthetic, path=file, actor="test"
        ).status

    assert load(path) == "imported"
    city = rm.Agency.objects.get(slug=slug)
    first = check_agency(city)
    assert not first.errors
    before = findings(city)
    assert check_agency(city).run.units_checked == 0
    again = (folder / "again").mkdir() or folder / "again" / path.name
    again.write_bytes(path.read_bytes())
    assert load(path) == load(again) == "already imported"
    assert check_agency(city).run.units_checked == 0
    assert findings(city) == before
    shot = {
        incident_id(city, f"INC-{r['incident']}")
        for r in rows
        if any(deadly(t) for t in r["force"])
    }
    assert case_incidents(city) == shot
