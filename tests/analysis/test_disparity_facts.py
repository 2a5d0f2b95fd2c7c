"""Force counted in each unit by each dimension, against counts made by hand."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.disparity import Scope, aggregates, force_counts
from forcewatch.analysis.disparity.suite import counted_rows, marginal, resolve_scope
from tests.analysis.disparity_data import write_metro, write_tables

ROOT = Path(__file__).resolve().parents[2]
METRO = Scope(agency_id=1)


@pytest.fixture(scope="module")
def metro(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return duckdb_backend(write_metro(tmp_path_factory.mktemp("metro") / "snap"))


def counted(con: Any, unit: str, by: list[str], scope: Scope = METRO) -> dict[Any, int]:
    rows = force_counts(con, unit, by, scope).to_pyarrow().to_pylist()
    return {tuple(r[d] for d in by) if len(by) > 1 else r[by[0]]: r["n"] for r in rows}


def test_each_unit_counts_the_race_of_its_subjects(metro: Any) -> None:
    # an incident counts once for each race among its subjects; I5 has none
    assert counted(metro, "incident", ["race"]) == {
        "black": 2,
        "hispanic": 1,
        "white": 1,
        "unknown": 2,
    }
    assert counted(metro, "subject", ["race"]) == {
        "black": 2,
        "hispanic": 1,
        "white": 1,
        "unknown": 1,
    }
    # E7 has no subject on record: unknown, not dropped
    assert counted(metro, "engagement", ["race"]) == {
        "black": 3,
        "hispanic": 1,
        "white": 1,
        "unknown": 2,
    }
    assert counted(metro, "application", ["race"]) == {
        "black": 4,
        "hispanic": 1,
        "white": 1,
        "unknown": 1,
    }


def test_sex_age_and_crisis_of_subjects(metro: Any) -> None:
    assert counted(metro, "subject", ["sex"]) == {"male": 3, "female": 1, "unknown": 1}
    # 17-19 spans two census bands: unknown
    assert counted(metro, "subject", ["age"]) == {
        "18-24": 1,
        "25-34": 1,
        "35-44": 1,
        "unknown": 2,
    }
    # in crisis, or a mental-health impairment: yes; impairment "none": no
    assert counted(metro, "subject", ["crisis"]) == {"yes": 2, "no": 1, "unknown": 2}


def test_incident_dimensions_add_up_to_the_total(metro: Any) -> None:
    assert counted(metro, "incident", ["district"]) == {"N": 2, "S": 2, "unknown": 1}
    assert counted(metro, "incident", ["call_type"]) == {
        "call_for_service": 1,
        "traffic_stop": 1,
        "DISTURBANCE": 1,
        "unknown": 2,
    }
    assert counted(metro, "engagement", ["year"]) == {"2020": 5, "2021": 2}
    total = force_counts(metro, "incident", [], METRO).to_pyarrow().to_pylist()
    assert total == [{"n": 5}]


def test_force_types_count_each_unit_once_per_type(metro: Any) -> None:
    assert counted(metro, "subject", ["force_type"]) == {
        "takedown": 1,
        "ced_probe": 1,
        "strike": 1,
        "handcuffing": 1,
        "firearm_discharge": 1,
        "chemical_oc": 1,
        "none_recorded": 1,
    }
    assert counted(metro, "incident", ["force_type"])["none_recorded"] == 1
    assert counted(metro, "engagement", ["force_type"])["takedown"] == 1
    assert sum(counted(metro, "application", ["force_type"]).values()) == 7


def test_resistance_is_the_applications_own_else_the_subjects_highest(
    metro: Any,
) -> None:
    got = counted(metro, "application", ["force_type", "resistance_level"])
    assert got == {
        ("takedown", "3"): 1,
        ("ced_probe", "2"): 1,
        ("strike", "4"): 1,  # S1's highest action: aggressive
        ("handcuffing", "0"): 1,  # nothing recorded for S2
        ("firearm_discharge", "2"): 1,
        ("chemical_oc", "3"): 1,
        ("verbal_command", "1"): 1,
    }


def test_officers_and_units_of_engagements(metro: Any) -> None:
    got = counted(metro, "engagement", ["officer", "officer_unit", "race_recorded"])
    assert got == {
        ("O1", "Patrol", "yes"): 3,
        ("O1", "Patrol", "no"): 1,
        ("O2", "Gang", "yes"): 1,
        ("O2", "Gang", "no"): 1,
        ("O3", "unknown", "yes"): 1,
    }


def test_the_scope_keeps_one_agency_and_a_date_range(metro: Any) -> None:
    everyone = counted(metro, "subject", ["race"], Scope())
    assert everyone["white"] == 2  # the other agency's subject too
    early = Scope(agency_id=1, since=dt.date(2020, 2, 1), until=dt.date(2020, 12, 31))
    assert counted(metro, "incident", ["district"], early) == {"N": 1, "S": 1}


@pytest.mark.parametrize(
    ("unit", "by", "message"),
    [
        ("person", ["race"], "unknown counting unit 'person'"),
        ("subject", ["colour"], "unknown dimension"),
        ("subject", ["officer"], "need the engagement or application unit"),
        ("incident", ["race", "force_type"], "crossing subject and force"),
        ("subject", ["race", "race"], "repeated"),
    ],
)
def test_it_refuses_a_unit_or_dimension_it_cannot_count(
    metro: Any, unit: str, by: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        force_counts(metro, unit, by)


def test_the_disparity_package_imports_without_django() -> None:
    code = (
        "import sys, forcewatch.analysis.disparity; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules "
        "if m.startswith('django'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# --- property: the backend's counts are the definition's, on random departments

RACES = [(["W"], "N"), (["B"], "N"), (["U"], "H"), ([], ""), (["W", "B"], "N")]
GROUP = {0: "white", 1: "black", 2: "hispanic", 3: "unknown", 4: "other"}
TYPES = ["strike", "takedown", "ced_probe"]

departments = st.lists(  # incidents: (district, subjects: (race, [force types]))
    st.tuples(
        st.sampled_from(["N", "S", ""]),
        st.lists(
            st.tuples(st.integers(0, 4), st.lists(st.integers(0, 2), max_size=3)),
            max_size=3,
        ),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(department=departments)
def test_counts_match_the_definition_on_random_departments(
    tmp_path_factory: pytest.TempPathFactory, department: list[Any]
) -> None:
    tables: dict[str, list[dict[str, Any]]] = {
        "agency": [{"id": 1, "slug": "x", "name": "X"}],
        "incident": [],
        "subject": [],
        "force_application": [],
    }
    expected: dict[str, Counter[str]] = {
        "incident_race": Counter(),
        "subject_force": Counter(),
        "application_race": Counter(),
        "incident_district": Counter(),
    }
    for i, (district, subjects) in enumerate(department, 1):
        tables["incident"].append(
            {"id": i, "agency_id": 1, "source_key": str(i), "district": district}
        )
        expected["incident_district"][district or "unknown"] += 1
        races = {GROUP[race] for race, _ in subjects} or {"unknown"}
        expected["incident_race"].update(races)
        for race, forces in subjects:
            s = len(tables["subject"]) + 1
            codes, ethnicity = RACES[race]
            tables["subject"].append(
                {
                    "id": s,
                    "agency_id": 1,
                    "source_key": str(s),
                    "incident_id": i,
                    "race": codes,
                    "ethnicity": ethnicity,
                }
            )
            expected["subject_force"].update(
                {TYPES[f] for f in forces} or {"none_recorded"}
            )
            for f in forces:
                a = len(tables["force_application"]) + 1
                tables["force_application"].append(
                    {
                        "id": a,
                        "agency_id": 1,
                        "source_key": str(a),
                        "incident_id": i,
                        "subject_id": s,
                        "force_type": TYPES[f],
                    }
                )
                expected["application_race"][GROUP[race]] += 1
    folder = tmp_path_factory.mktemp("random") / "snap"
    con = duckdb_backend(write_tables(folder, tables))
    scope = Scope()
    assert counted(con, "incident", ["race"], scope) == expected["incident_race"]
    assert (
        counted(con, "incident", ["district"], scope) == expected["incident_district"]
    )
    subject_force = counted(con, "subject", ["force_type"], scope)
    assert subject_force == expected["subject_force"]
    application_race = counted(con, "application", ["race"], scope)
    assert application_race == expected["application_race"]


# --- the suite's few-pass aggregates give what force_counts gives, question by question


def suite_counts(con: Any, scope: Scope) -> Any:
    return counted_rows(aggregates(con, scope))


@pytest.mark.parametrize("unit", ["incident", "subject", "engagement", "application"])
def test_the_suites_aggregates_equal_force_counts(metro: Any, unit: str) -> None:
    rows = suite_counts(metro, METRO)
    for d in ("race", "sex", "age", "district", "call_type", "force_type", "year"):
        if d == "year" and unit == "incident":
            continue
        assert marginal(rows, unit, d) == counted(metro, unit, [d]), (unit, d)


def test_the_suites_aggregates_equal_force_counts_on_real_slices(
    fixture_snapshot: Path,
) -> None:
    con = duckdb_backend(fixture_snapshot)
    for agency in ("dallas", "chicago"):
        _, scope = resolve_scope(con, agency, None, None)
        rows = suite_counts(con, scope)
        for unit in ("incident", "subject", "engagement", "application"):
            for d in ("race", "sex", "age", "district", "call_type", "force_type"):
                got = marginal(rows, unit, d)
                assert got == counted(con, unit, [d], scope), (agency, unit, d)
        by_district = {
            (r["district"], r["race"]): r["n"]
            for r in rows["incident_race_by_district"]
        }
        assert by_district == counted(con, "incident", ["district", "race"], scope)
