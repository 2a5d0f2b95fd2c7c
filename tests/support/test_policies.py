"""The support permission functions as pure functions: every role x page x
own/other agency, and who sees and acts on which flag."""

from __future__ import annotations

import itertools

import pytest

from forcewatch.accounts.models import Role
from forcewatch.accounts.policies import (
    FlagFacts,
    Grant,
    Principal,
    SupportPage,
    flag_visible,
    may_open_support,
    may_support,
    support_units,
)

OWN, OTHER = 1, 2
ME, COLLEAGUE = 10, 11  # officer records
R = Role
OPENS = {
    SupportPage.QUEUE: {R.SUPERVISOR, R.PROFESSIONAL_STANDARDS, R.AGENCY_ADMIN},
    SupportPage.DUE: {
        R.SUPERVISOR,
        R.PROFESSIONAL_STANDARDS,
        R.AGENCY_ADMIN,
        R.WELLNESS,
    },
}
READS_EVERY_FLAG = {R.PROFESSIONAL_STANDARDS, R.AGENCY_ADMIN}


def principal(
    role: str, *, agency: int = OWN, unit: str = "north", officer: int | None = ME
) -> Principal:
    return Principal(100, (Grant(agency, role, unit, officer),))


def flag(
    *, about: int = COLLEAGUE, unit: str = "north", agency: int = OWN
) -> FlagFacts:
    return FlagFacts(agency, unit, frozenset({about, about + 100}))


@pytest.mark.parametrize(
    ("role", "page", "agency"), list(itertools.product(R, SupportPage, (OWN, OTHER)))
)
def test_a_page_opens_for_the_roles_it_lists_in_their_own_agency_only(
    role: str, page: SupportPage, agency: int
) -> None:
    expected = agency == OWN and role in OPENS[page]
    assert may_open_support(principal(role), page, agency) == expected


@pytest.mark.parametrize("role", list(R))
def test_a_colleagues_flag_is_read_by_the_units_supervisor_and_the_agency(
    role: str,
) -> None:
    who = principal(role)
    expected = role in READS_EVERY_FLAG or role == R.SUPERVISOR
    assert flag_visible(who, flag()) == expected
    assert flag_visible(who, flag(unit="south")) == (role in READS_EVERY_FLAG)
    assert not flag_visible(who, flag(agency=OTHER))
    assert may_support(who, flag()) == (role == R.SUPERVISOR)
    assert not may_support(who, flag(unit="south"))


@pytest.mark.parametrize("role", list(R))
def test_everyone_reads_their_own_flag_and_nobody_acts_on_it(role: str) -> None:
    who = principal(role)
    assert flag_visible(who, flag(about=ME))
    assert flag_visible(who, FlagFacts(OWN, "north", frozenset({5, ME})))  # a record
    assert not may_support(who, flag(about=ME))


def test_a_supervisor_without_a_unit_supports_every_unit() -> None:
    who = principal(R.SUPERVISOR, unit="")
    assert support_units(who, SupportPage.QUEUE, OWN) is None
    assert may_support(who, flag(unit="south"))
    assert support_units(principal(R.SUPERVISOR), SupportPage.QUEUE, OWN) == {"north"}


def test_an_officer_without_an_account_record_sees_no_flag() -> None:
    who = principal(R.OFFICER, officer=None)
    assert not flag_visible(who, flag(about=ME))
