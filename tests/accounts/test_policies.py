"""The permission policy as a matrix: role x action x own/other agency x status."""

from __future__ import annotations

import itertools

import pytest

from forcewatch.accounts.models import Role
from forcewatch.accounts.policies import (
    Action,
    Grant,
    Principal,
    ReportFacts,
    allowed,
    list_scope,
    may_create,
)

OWN, OTHER = 1, 2
AUTHOR, NAMED, ELSE = 10, 11, 12  # officer ids
STATUSES = ["draft", "submitted", "returned", "approved", "escalated", "closed"]


def principal(
    role: str,
    *,
    agency: int = OWN,
    unit: str = "north",
    user: int = 100,
    officer: int | None = ELSE,
) -> Principal:
    return Principal(user, (Grant(agency, role, unit, officer),))


def facts(status: str, *, author: int = 1) -> ReportFacts:
    return ReportFacts(OWN, "north", author, status, frozenset({AUTHOR, NAMED}))


EXPECTED_VIEW = {
    Role.OFFICER: False,
    Role.SUPERVISOR: True,
    Role.PROFESSIONAL_STANDARDS: True,
    Role.OVERSIGHT: True,
    Role.ANALYST: False,
    Role.TRAINING: False,
    Role.WELLNESS: False,
    Role.AGENCY_ADMIN: True,
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("status", STATUSES)
def test_reading_a_report_of_ones_own_agency(role: Role, status: str) -> None:
    assert allowed(principal(role), Action.VIEW, facts(status)) is EXPECTED_VIEW[role]


@pytest.mark.parametrize(
    ("role", "action", "status"),
    list(itertools.product(list(Role), list(Action), STATUSES)),
)
def test_nobody_acts_on_another_agencys_report(
    role: Role, action: Action, status: str
) -> None:
    assert not allowed(principal(role, agency=OTHER), action, facts(status))


@pytest.mark.parametrize("status", STATUSES)
def test_the_author_reads_always_and_edits_only_drafts_and_returned(
    status: str,
) -> None:
    author = principal(Role.OFFICER, user=1, officer=AUTHOR)
    report = facts(status)
    assert allowed(author, Action.VIEW, report)
    editable = status in ("draft", "returned")
    assert allowed(author, Action.EDIT, report) is editable
    assert allowed(author, Action.SUBMIT, report) is editable
    assert not allowed(author, Action.REVIEW, report)


def test_an_officer_named_in_a_report_reads_it_and_files_a_statement() -> None:
    named = principal(Role.OFFICER, officer=NAMED)
    assert allowed(named, Action.VIEW, facts("submitted"))
    assert allowed(named, Action.WITNESS, facts("submitted"))
    assert not allowed(named, Action.EDIT, facts("draft"))
    assert not allowed(principal(Role.OFFICER), Action.WITNESS, facts("submitted"))


@pytest.mark.parametrize("status", STATUSES)
def test_only_the_units_supervisor_reviews_and_only_submitted_reports(
    status: str,
) -> None:
    own_unit = principal(Role.SUPERVISOR)
    other_unit = principal(Role.SUPERVISOR, unit="south")
    assert allowed(own_unit, Action.REVIEW, facts(status)) is (status == "submitted")
    assert not allowed(other_unit, Action.REVIEW, facts(status))
    assert not allowed(other_unit, Action.VIEW, facts(status))
    assert not allowed(principal(Role.SUPERVISOR, user=1), Action.REVIEW, facts(status))


@pytest.mark.parametrize("status", STATUSES)
def test_professional_standards_escalates_and_closes(status: str) -> None:
    ps = principal(Role.PROFESSIONAL_STANDARDS, officer=None)
    assert allowed(ps, Action.CLOSE, facts(status)) is (
        status in ("approved", "escalated")
    )
    assert allowed(ps, Action.ESCALATE, facts(status)) is (
        status in ("submitted", "approved")
    )
    assert not allowed(ps, Action.REVIEW, facts(status))


def test_who_creates_and_what_list_each_role_sees() -> None:
    assert may_create(principal(Role.OFFICER), OWN)
    assert not may_create(principal(Role.OFFICER), OTHER)
    assert not may_create(principal(Role.ANALYST, officer=None), OWN)
    scopes = {role: list_scope(principal(role), OWN) for role in Role}
    assert scopes == {
        Role.OFFICER: "own",
        Role.SUPERVISOR: "unit",
        Role.PROFESSIONAL_STANDARDS: "all",
        Role.OVERSIGHT: "all",
        Role.ANALYST: "none",
        Role.TRAINING: "none",
        Role.WELLNESS: "none",
        Role.AGENCY_ADMIN: "all",
    }
    assert list_scope(principal(Role.OVERSIGHT), OTHER) == "none"
