"""The policy-review permission functions as a matrix: role x page x own/other
agency, and who sees and disposes of which finding."""

from __future__ import annotations

import itertools

import pytest

from forcewatch.accounts.models import Role
from forcewatch.accounts.policies import (
    FindingFacts,
    Grant,
    PolicyPage,
    Principal,
    finding_visible,
    may_dispose,
    may_use,
    units_seen,
)

OWN, OTHER = 1, 2
ME, SOMEONE = 10, 11  # officer ids


def principal(
    role: str, *, agency: int = OWN, unit: str = "north", officer: int | None = ME
) -> Principal:
    return Principal(100, (Grant(agency, role, unit, officer),))


R = Role
OPENS = {
    PolicyPage.FINDINGS: {
        R.SUPERVISOR,
        R.PROFESSIONAL_STANDARDS,
        R.OVERSIGHT,
        R.AGENCY_ADMIN,
    },
    PolicyPage.CASES: {R.PROFESSIONAL_STANDARDS, R.OVERSIGHT, R.AGENCY_ADMIN},
    PolicyPage.MOVE_CASE: {R.PROFESSIONAL_STANDARDS},
    PolicyPage.LEARNING: {
        R.TRAINING,
        R.ANALYST,
        R.PROFESSIONAL_STANDARDS,
        R.OVERSIGHT,
        R.AGENCY_ADMIN,
    },
    PolicyPage.INTERVENTIONS: {
        R.TRAINING,
        R.ANALYST,
        R.PROFESSIONAL_STANDARDS,
        R.OVERSIGHT,
        R.AGENCY_ADMIN,
        R.SUPERVISOR,
    },
}


@pytest.mark.parametrize(("role", "page"), list(itertools.product(Role, PolicyPage)))
def test_each_role_opens_the_pages_of_its_own_agency_only(
    role: Role, page: PolicyPage
) -> None:
    assert may_use(principal(role), page, OWN) is (role in OPENS[page])
    assert not may_use(principal(role, agency=OTHER), page, OWN)


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_which_finding(role: Role) -> None:
    who = principal(role)
    north, south = FindingFacts(OWN, "north", SOMEONE), FindingFacts(OWN, "south")
    readers = OPENS[PolicyPage.FINDINGS]
    assert finding_visible(who, north) is (role in readers)
    assert finding_visible(who, south) is (role in readers - {Role.SUPERVISOR})
    assert not finding_visible(principal(role, agency=OTHER), north)


@pytest.mark.parametrize("role", list(Role))
def test_professional_standards_and_the_units_supervisor_dispose(role: Role) -> None:
    north, south = FindingFacts(OWN, "north", SOMEONE), FindingFacts(OWN, "south")
    disposers = {Role.PROFESSIONAL_STANDARDS, Role.SUPERVISOR}
    assert may_dispose(principal(role), north) is (role in disposers)
    assert may_dispose(principal(role), south) is (role == Role.PROFESSIONAL_STANDARDS)
    assert not may_dispose(principal(role, agency=OTHER), north)


def test_nobody_disposes_of_a_finding_about_themselves() -> None:
    about_me = FindingFacts(OWN, "north", ME)
    assert finding_visible(principal(Role.SUPERVISOR), about_me)
    assert not may_dispose(principal(Role.SUPERVISOR), about_me)
    assert not may_dispose(principal(Role.PROFESSIONAL_STANDARDS), about_me)


def test_a_supervisor_without_a_unit_sees_every_unit_like_on_the_report_list() -> None:
    who = principal(Role.SUPERVISOR, unit="")
    assert units_seen(who, PolicyPage.FINDINGS, OWN) is None
    assert finding_visible(who, FindingFacts(OWN, "south"))
    assert may_dispose(who, FindingFacts(OWN, "south"))


def test_units_seen_is_everything_agency_wide_and_one_unit_for_supervisors() -> None:
    both = Principal(
        100,
        (Grant(OWN, Role.SUPERVISOR, "north", ME), Grant(OWN, Role.TRAINING)),
    )
    assert units_seen(principal(Role.OVERSIGHT), PolicyPage.FINDINGS, OWN) is None
    assert units_seen(principal(Role.SUPERVISOR), PolicyPage.FINDINGS, OWN) == {"north"}
    # training opens interventions agency-wide, but not findings
    assert units_seen(both, PolicyPage.INTERVENTIONS, OWN) is None
    assert units_seen(both, PolicyPage.FINDINGS, OWN) == {"north"}
    assert units_seen(principal(Role.OFFICER), PolicyPage.FINDINGS, OWN) == set()
