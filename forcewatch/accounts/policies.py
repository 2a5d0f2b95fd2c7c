"""Least privilege by role and by agency, as pure functions over plain data.

Views and the API ask these functions; nothing else decides access. The
permission matrix test walks every role x action x own/other agency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from forcewatch.accounts.models import Role


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    SUBMIT = "submit"
    REVIEW = "review"  # return for correction or approve
    ESCALATE = "escalate"
    CLOSE = "close"
    CREATE = "create"
    LIST = "list"
    WITNESS = "witness"  # file a witness statement


@dataclass(frozen=True)
class Grant:
    agency_id: int
    role: str
    unit: str = ""
    officer_id: int | None = None


@dataclass(frozen=True)
class Principal:
    user_id: int
    grants: tuple[Grant, ...] = ()

    def in_agency(self, agency_id: int) -> list[Grant]:
        return [g for g in self.grants if g.agency_id == agency_id]


@dataclass(frozen=True)
class ReportFacts:
    """What access to one report depends on."""

    agency_id: int
    unit: str
    author_id: int
    status: str
    officer_ids: frozenset[int] = field(default_factory=frozenset)


RESTRICTED_READERS = {
    Role.SUPERVISOR,
    Role.PROFESSIONAL_STANDARDS,
    Role.OVERSIGHT,
    Role.AGENCY_ADMIN,
}
EDITABLE = {"draft", "returned"}
REVIEWABLE = {"submitted"}
ESCALATABLE = {"submitted", "approved"}
CLOSABLE = {"approved", "escalated"}


def supervises(grant: Grant, report: ReportFacts) -> bool:
    return grant.role == Role.SUPERVISOR and (
        not grant.unit or grant.unit == report.unit
    )


def named_in(grant: Grant, report: ReportFacts) -> bool:
    return grant.officer_id is not None and grant.officer_id in report.officer_ids


def allowed(who: Principal, action: Action, report: ReportFacts) -> bool:
    """May `who` do `action` to this report? Nobody acts across agencies."""
    grants = who.in_agency(report.agency_id)
    if not grants:
        return False
    author = who.user_id == report.author_id
    if action == Action.VIEW:
        return author or any(
            named_in(g, report)
            or supervises(g, report)
            or g.role in RESTRICTED_READERS - {Role.SUPERVISOR}
            for g in grants
        )
    if action in (Action.EDIT, Action.SUBMIT):
        return author and report.status in EDITABLE
    if action == Action.WITNESS:
        return any(named_in(g, report) for g in grants) and not author
    if action == Action.REVIEW:
        return (
            report.status in REVIEWABLE
            and not author
            and any(supervises(g, report) for g in grants)
        )
    if action == Action.ESCALATE:
        return report.status in ESCALATABLE and any(
            supervises(g, report) or g.role == Role.PROFESSIONAL_STANDARDS
            for g in grants
        )
    if action == Action.CLOSE:
        return report.status in CLOSABLE and any(
            g.role == Role.PROFESSIONAL_STANDARDS for g in grants
        )
    return False


def may_create(who: Principal, agency_id: int) -> bool:
    return any(
        g.role in (Role.OFFICER, Role.SUPERVISOR) and g.officer_id is not None
        for g in who.in_agency(agency_id)
    )


def list_scope(who: Principal, agency_id: int) -> str:
    """How much of an agency's report list `who` sees: all, unit, own, or none."""
    grants = who.in_agency(agency_id)
    if any(g.role in RESTRICTED_READERS - {Role.SUPERVISOR} for g in grants):
        return "all"
    if any(g.role == Role.SUPERVISOR for g in grants):
        return "unit"
    if any(g.role == Role.OFFICER for g in grants):
        return "own"
    return "none"
