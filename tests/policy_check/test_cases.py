"""Deadly-force review cases: one per incident, and their workflow (case_move)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from forcewatch.policy.models import CaseEvent, CaseStatus, DeadlyForceCase, Outcome
from forcewatch.policy.services import CaseError, case_move, check_agency
from forcewatch.records import models as rm
from tests.policy_check.builders import (
    agency,
    edit,
    incident_id,
    officer,
    write_incidents,
)

DAY = dt.date(2024, 8, 2)


def events(case: DeadlyForceCase) -> list[tuple[str, str]]:
    return list(
        CaseEvent.objects.filter(case=case)
        .order_by("pk")
        .values_list("from_status", "to_status")
    )


def test_deadly_force_opens_one_case_for_its_incident(chicago: rm.Agency) -> None:
    check_agency(chicago)
    [case] = DeadlyForceCase.objects.all()
    incident = rm.Report.objects.get(agency=chicago, source_key="1752").incident
    assert (case.agency_id, case.incident_id) == (chicago.pk, incident.pk)
    assert case.number == f"DF-2004-{incident.pk}"
    assert (case.incident_date, case.force_types) == (
        dt.date(2004, 6, 9),
        ["firearm_discharge"],
    )
    assert case.status == CaseStatus.OPEN and case.opened_at is not None
    [opened] = CaseEvent.objects.filter(case=case)
    assert (opened.from_status, opened.to_status, opened.by) == ("", "open", None)
    assert "firearm_discharge" in opened.note


def test_rechecking_does_not_open_another_case(chicago: rm.Agency) -> None:
    check_agency(chicago)
    subject = rm.Subject.objects.get(agency=chicago, source_key="416121829/s803")
    edit(subject, fleeing=True)  # a fact the deadly-force rules read
    run = check_agency(chicago).run
    assert run.units_checked == 1
    assert check_agency(chicago).run.units_checked == 0
    [case] = DeadlyForceCase.objects.all()
    assert events(case) == [("", "open")]


def test_each_incident_with_a_shot_at_a_person_has_its_case(
    chicago_2021: rm.Agency,
) -> None:
    check_agency(chicago_2021)
    # 2021-00080 fired at a subject and a vehicle; 2021-00230 destroyed an
    # animal (`discharged_at_person` false): not deadly force, no case
    shot = rm.Report.objects.get(agency=chicago_2021, source_key="2021-00080")
    cases = DeadlyForceCase.objects.all()
    assert [(c.incident_id, c.number) for c in cases] == [
        (shot.incident_id, f"DF-2021-{shot.incident_id}")
    ]


def two_shooters(second: str) -> dict[str, Any]:
    """One incident, two officers' reports, each with deadly force."""
    return {
        "key": "TWO",
        "date": DAY,
        "reports": ["TWO/r1", "TWO/r2"],
        "officers": [officer("o1"), officer("o2")],
        "subjects": [{"fleeing": False, "armed": True}],
        "force": [
            {"officer": 0, "subject": 0, "type": "firearm_discharge", "report": 0},
            {"officer": 1, "subject": 0, "type": second, "report": 1},
        ],
    }


def test_two_reports_of_deadly_force_in_one_incident_open_one_case(
    transactional_db: None,
) -> None:
    city = agency("two-shooters")
    write_incidents(city, [two_shooters("firearm_discharge")])
    assert check_agency(city).run.units_checked == 2
    [case] = DeadlyForceCase.objects.all()
    assert case.incident_id == incident_id(city, "TWO")
    assert len(events(case)) == 1


def test_a_case_lists_the_deadly_force_of_every_report_of_its_incident(
    transactional_db: None,
) -> None:
    city = agency("two-shooters")
    write_incidents(city, [two_shooters("neck_restraint")])
    check_agency(city)
    [case] = DeadlyForceCase.objects.all()
    assert case.force_types == ["firearm_discharge", "neck_restraint"]


# -- the case workflow ---------------------------------------------------------


@pytest.fixture
def case(transactional_db: None) -> DeadlyForceCase:
    city = agency("case-city")
    write_incidents(
        city,
        [
            {
                "key": "SHOT",
                "date": DAY,
                "officers": [officer("o1")],
                "subjects": [{}],
                "force": [{"officer": 0, "subject": 0, "type": "firearm_discharge"}],
            }
        ],
    )
    check_agency(city)
    return DeadlyForceCase.objects.get()


def to_board(case: DeadlyForceCase, by: User) -> DeadlyForceCase:
    case = case_move(case, CaseStatus.INVESTIGATION, by=by)
    return case_move(case, CaseStatus.BOARD, by=by, summary="Shots at an armed man.")


def test_a_case_walks_from_open_to_investigation_board_and_closed(
    case: DeadlyForceCase, reviewer: User
) -> None:
    lead = User.objects.create_user("investigator")
    case = case_move(
        case, CaseStatus.INVESTIGATION, by=reviewer, investigator=lead, note=" go "
    )
    assert (case.status, case.investigator) == (CaseStatus.INVESTIGATION, lead)
    case = case_move(case, CaseStatus.BOARD, by=lead, summary="Shots at an armed man.")
    assert case.investigation_summary == "Shots at an armed man."
    case = case_move(
        case,
        CaseStatus.CLOSED,
        by=reviewer,
        board_finding=Outcome.WITHIN_POLICY,
        board_reasons=" Imminent threat to a bystander. ",
        board_date=dt.date(2024, 12, 1),
        closed_on=dt.date(2024, 12, 3),
    )
    case.refresh_from_db()
    assert (case.status, case.board_finding, case.board_reasons) == (
        CaseStatus.CLOSED,
        Outcome.WITHIN_POLICY,
        "Imminent threat to a bystander.",
    )
    assert (case.board_date, case.closed_on) == (
        dt.date(2024, 12, 1),
        dt.date(2024, 12, 3),
    )
    assert events(case) == [
        ("", "open"),
        ("open", "investigation"),
        ("investigation", "board"),
        ("board", "closed"),
    ]
    moved = CaseEvent.objects.filter(case=case).exclude(from_status="").order_by("pk")
    assert [e.by for e in moved] == [reviewer, lead, reviewer]
    assert moved[0].note == "go"
    assert audit_verify().ok


def test_the_board_can_send_a_case_back_to_investigation(
    case: DeadlyForceCase, reviewer: User
) -> None:
    case = to_board(case, reviewer)
    case = case_move(case, CaseStatus.INVESTIGATION, by=reviewer, note="interview B")
    assert case.status == CaseStatus.INVESTIGATION
    assert case.investigation_summary == "Shots at an armed man."  # kept


def unchanged(case: DeadlyForceCase) -> tuple[Any, ...]:
    fresh = DeadlyForceCase.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.investigator_id,
        fresh.investigation_summary,
        fresh.board_finding,
        fresh.board_reasons,
        fresh.closed_on,
        fresh.row_hash,
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("steps", "to", "message"),
    [
        ([], CaseStatus.BOARD, "is opened; it cannot move to board"),
        ([], CaseStatus.CLOSED, "is opened; it cannot move to closed"),
        ([], CaseStatus.OPEN, "is opened; it cannot move to open"),
        ([CaseStatus.INVESTIGATION], CaseStatus.CLOSED, "cannot move to closed"),
        ([], "dismissed", "cannot move to dismissed"),
    ],
)
def test_a_case_cannot_skip_a_step(
    case: DeadlyForceCase,
    reviewer: User,
    steps: list[str],
    to: str,
    message: str,
) -> None:
    for step in steps:
        case = case_move(case, step, by=reviewer)
    before = unchanged(case)
    with pytest.raises(CaseError, match=message) as refused:
        case_move(
            case,
            to,
            by=reviewer,
            summary="s",
            board_finding=Outcome.OUT_OF_POLICY,
            board_reasons="r",
        )
    assert str(refused.value).startswith(f"case {case.number} is ")
    assert unchanged(case) == before


def test_a_closed_case_stays_closed(case: DeadlyForceCase, reviewer: User) -> None:
    case = to_board(case, reviewer)
    case = case_move(
        case,
        CaseStatus.CLOSED,
        by=reviewer,
        board_finding=Outcome.TRAINING_ISSUE,
        board_reasons="no cover taken",
    )
    assert case.closed_on is not None and case.board_date is not None
    before = unchanged(case)
    for to in CaseStatus.values:
        with pytest.raises(CaseError, match="is closed; it cannot move to"):
            case_move(case, to, by=reviewer)
    assert unchanged(case) == before


def test_the_board_gets_a_case_only_with_the_investigation_s_summary(
    case: DeadlyForceCase, reviewer: User
) -> None:
    case = case_move(case, CaseStatus.INVESTIGATION, by=reviewer)
    before = unchanged(case)
    with pytest.raises(CaseError, match="with the investigation's summary"):
        case_move(case, CaseStatus.BOARD, by=reviewer, summary="   ")
    assert unchanged(case) == before


@pytest.mark.parametrize(
    ("finding", "reasons"),
    [("", "the board met"), ("excessive", "the board met"), ("within_policy", " ")],
)
def test_closing_records_the_board_s_finding_and_reasons(
    case: DeadlyForceCase, reviewer: User, finding: str, reasons: str
) -> None:
    case = to_board(case, reviewer)
    before = unchanged(case)
    with pytest.raises(CaseError, match="the board's finding and its reasons"):
        case_move(
            case,
            CaseStatus.CLOSED,
            by=reviewer,
            board_finding=finding,
            board_reasons=reasons,
        )
    assert unchanged(case) == before
