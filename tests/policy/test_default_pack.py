"""Every rule of the default pack on hand-built reports, on each side of it.

The cases (`cases_force.py`, `cases_people.py`) name a rule, a report and what
the rule must make of it. The whole pack is evaluated each time, so every case
also shows that no rule fails on that report.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from forcewatch.policy.engine import Engine, Outcome
from forcewatch.policy.pack import Pack, load_pack
from forcewatch.policy.view import Unit
from tests.policy.cases import Case, Report, bystander, force_on
from tests.policy.cases_force import FORCE_CASES
from tests.policy.cases_people import PEOPLE_CASES
from tests.policy.handbuilt import OFFICER_IDS, unit

PACK = load_pack()
ENGINE = Engine(PACK)
CASES = FORCE_CASES + PEOPLE_CASES


def evaluate(u: Unit, engine: Engine = ENGINE) -> Outcome:
    outcome = engine.evaluate(u)
    assert outcome.errors == []
    return outcome


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_the_rule_decides_the_report_as_expected(case: Case) -> None:
    outcome = evaluate(unit(**case.report))
    assert outcome.status.get(case.rule) == case.expect
    results = [r for r in outcome.results if r.rule.id == case.rule]
    if case.expect in (None, "passed"):
        assert results == []
        return
    assert all(r.fired == (case.expect == "fired") for r in results)
    if case.expect == "incomplete":
        assert [r.missing for r in results] == [case.missing]
    if case.items:
        assert tuple(r.item for r in results) == case.items


ALLOWED = {
    "violation": {"fired", "passed", "incomplete", None},
    "completeness": {"passed", "incomplete", None},
}


def test_every_rule_of_the_default_pack_has_a_case_for_every_outcome() -> None:
    assert len(PACK.by_id) == 15
    for rule_id, versions in PACK.by_id.items():
        wanted = ALLOWED[versions[0].kind]
        assert {c.expect for c in CASES if c.rule == rule_id} == wanted, rule_id


def first_decided(rule_id: str) -> Case:
    return next(c for c in CASES if c.rule == rule_id and c.expect)


@pytest.mark.parametrize("rule_id", sorted(PACK.by_id))
def test_each_rule_is_in_force_from_its_effective_date_and_not_the_day_before(
    rule_id: str,
) -> None:
    case = first_decided(rule_id)
    start = PACK.by_id[rule_id][0].effective_from
    before = evaluate(unit(**case.report, on=(start - timedelta(days=1)).isoformat()))
    assert rule_id not in before.status
    assert [r for r in before.results if r.rule.id == rule_id] == []
    on_the_day = evaluate(unit(**case.report, on=start.isoformat()))
    assert on_the_day.status[rule_id] == case.expect


def test_handcuffing_is_checked_from_1_july_2021_the_others_from_2000() -> None:
    starts = {rule_id: v[0].effective_from for rule_id, v in PACK.by_id.items()}
    assert starts.pop("handcuffing-justified") == date(2021, 7, 1)
    assert set(starts.values()) == {date(2000, 1, 1)}
    assert all(r.effective_to is None for r in PACK.rules)
    handcuffed: Report = {
        "subjects": [{"handcuffed": True, "handcuff_justification": ""}]
    }
    assert (
        "handcuffing-justified"
        not in evaluate(unit(**handcuffed, on="2021-06-30")).status
    )
    assert (
        evaluate(unit(**handcuffed, on="2021-07-01")).status["handcuffing-justified"]
        == "fired"
    )


def test_an_undated_report_is_checked_against_no_rule() -> None:
    outcome = evaluate(unit(**force_on("neck_restraint", resistance_level=1), on=None))
    assert outcome.undated
    assert (outcome.status, outcome.results) == ({}, [])


def test_a_force_finding_names_the_officer_and_shows_the_evidence() -> None:
    report = force_on(
        "neck_restraint",
        resistance="active",
        resistance_level=3,
        officer={"unit": "District 7"},
        subject={"armed": False},
    )
    (result,) = [
        r for r in evaluate(unit(**report)).results if r.rule.id == "neck-restraint"
    ]
    assert (result.item, result.officer_id, result.unit) == (
        "force:f0",
        100,
        "District 7",
    )
    assert result.evidence == {
        "report.key": "r1",
        "report.date": "2022-03-01",
        "force.type": "neck_restraint",
        "force.resistance": "active",
        "force.subject.armed": False,
        "force.officer.key": "o0",
    }
    assert result.missing == ()


def test_an_officer_finding_names_that_officer() -> None:
    u = unit(**bystander(intervened=False, unit="Tactical"))
    (result,) = [r for r in evaluate(u).results if r.rule.id == "duty-to-intervene"]
    assert (result.officer_id, result.unit) == (OFFICER_IDS + 1, "Tactical")
    assert result.evidence["officer.role"] == "witnessed"


def test_a_subject_finding_names_the_report_author() -> None:
    u = unit(
        officers=[{}, {"unit": "Patrol"}],
        subjects=[
            {"injured": True, "first_aid_given": False, "medical_requested": True}
        ],
        author=1,
    )
    (result,) = [
        r for r in evaluate(u).results if r.rule.id == "first-aid-and-medical-help"
    ]
    assert (result.item, result.officer_id, result.unit) == (
        "subject:s0",
        101,
        "Patrol",
    )


def test_a_rule_fired_on_one_item_and_missing_facts_on_another_fired() -> None:
    report: Report = {
        "officers": [{}],
        "subjects": [{}],
        "force": [
            {"type": "neck_restraint", "resistance_level": 2},
            {"type": "neck_restraint"},
        ],
    }
    outcome = evaluate(unit(**report))
    assert outcome.status["neck-restraint"] == "fired"
    results = [r for r in outcome.results if r.rule.id == "neck-restraint"]
    assert [(r.item, r.fired, r.missing) for r in results] == [
        ("force:f0", True, ()),
        ("force:f1", False, ("force.resistance_level",)),
    ]


def test_a_rule_passed_on_one_item_and_missing_facts_on_another_is_incomplete() -> None:
    report: Report = {
        "officers": [{}],
        "subjects": [{}],
        "force": [
            {"type": "neck_restraint", "resistance_level": 5},
            {"type": "neck_restraint"},
        ],
    }
    outcome = evaluate(unit(**report))
    assert outcome.status["neck-restraint"] == "incomplete"
    results = [r for r in outcome.results if r.rule.id == "neck-restraint"]
    assert [r.item for r in results] == ["force:f1"]


def test_a_report_without_force_or_subjects_is_decided_by_no_rule() -> None:
    outcome = evaluate(unit())
    assert outcome.status == {}


def fresh_engine() -> Engine:
    pack: Pack = load_pack()
    return Engine(pack)


def test_a_fresh_engine_decides_every_case_the_same() -> None:
    engine = fresh_engine()
    for case in CASES:
        u = unit(**case.report)
        assert evaluate(u, engine) == evaluate(u)


# -- the vehicle rule and the duty to intervene -----------------------------------


@pytest.mark.parametrize("means", [["99"], ["35"], ["35", "99"]])
def test_a_shot_at_a_vehicle_whose_occupant_threatened_nothing_else_fires(
    means: list[str],
) -> None:
    # '35' is the vehicle itself (weapon code "Motor vehicle"), '99' is "None"
    report = force_on(
        "firearm_discharge", at_vehicle=True, subject={"threat_means": means}
    )
    assert evaluate(unit(**report)).status["moving-vehicle-shooting"] == "fired"


def test_the_officer_whose_force_was_found_excessive_is_not_asked_to_intervene() -> (
    None
):
    # Report B of an incident where officer A's force (in report A) was found
    # out of policy: A is at the incident, but A's force is not in report B,
    # and B's duty is asked here, in B's own report.
    report_b: Report = {
        "officers": [
            {
                "key": "A",
                "role": "used_force",
                "used_force": False,
                "in_report": False,
                "intervened": False,
                "force_found_excessive": True,
            },
            {"key": "B", "intervened": False},
        ],
        "subjects": [{}],
        "force": [{"type": "takedown", "officer": 1}],
    }
    results = [
        r.item
        for r in evaluate(unit(**report_b)).results
        if r.rule.id == "duty-to-intervene"
    ]
    assert results == ["officer:B"]
