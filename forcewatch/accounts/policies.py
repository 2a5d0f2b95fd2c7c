"""Least privilege by role and by agency, as pure functions over plain data.

Views and the API ask these functions; nothing else decides access. The
permission matrix test walks every role x action x own/other agency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

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


class AgencyRef(NamedTuple):
    id: int
    slug: str
    name: str


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
    # the agencies granted, for links and the agency switch (read with the grants)
    agencies: tuple[AgencyRef, ...] = ()

    def agency(self, agency_id: int) -> AgencyRef | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def working_agency(self, chosen: object = None) -> AgencyRef | None:
        """The agency the staff pages show: the one chosen (by id, this session),
        while the user still has a role in it, else their first; None without."""
        ids = {g.agency_id for g in self.grants}
        if not ids:
            return None
        return self.agency(
            chosen if isinstance(chosen, int) and chosen in ids else min(ids)
        )

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


def has_review_queue(who: Principal, agency_id: int) -> bool:
    """Supervisors review the reports of their unit(s) in the agency."""
    return any(g.role == Role.SUPERVISOR for g in who.in_agency(agency_id))


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


# -- policy review (forcewatch/policy): findings, cases, learning loop ------------


class PolicyPage(StrEnum):
    FINDINGS = "findings"  # the findings queue and a finding's page
    CASES = "cases"  # deadly-force review cases
    MOVE_CASE = "move_case"
    LEARNING = "learning"  # findings and dispositions by rule, unit, period
    INTERVENTIONS = "interventions"  # officers who intervened


POLICY_PAGES: dict[PolicyPage, frozenset[str]] = {
    PolicyPage.FINDINGS: frozenset(RESTRICTED_READERS),
    PolicyPage.CASES: frozenset(RESTRICTED_READERS - {Role.SUPERVISOR}),
    PolicyPage.MOVE_CASE: frozenset({Role.PROFESSIONAL_STANDARDS}),
    PolicyPage.LEARNING: frozenset(
        {
            Role.TRAINING,
            Role.ANALYST,
            Role.PROFESSIONAL_STANDARDS,
            Role.OVERSIGHT,
            Role.AGENCY_ADMIN,
        }
    ),
    PolicyPage.INTERVENTIONS: frozenset(
        {
            Role.TRAINING,
            Role.ANALYST,
            Role.PROFESSIONAL_STANDARDS,
            Role.OVERSIGHT,
            Role.AGENCY_ADMIN,
            Role.SUPERVISOR,
        }
    ),
}


@dataclass(frozen=True)
class FindingFacts:
    """What access to one policy finding depends on."""

    agency_id: int
    unit: str  # the unit of the officer the finding is about, as recorded
    officer_id: int | None = None


def may_use(who: Principal, page: PolicyPage, agency_id: int) -> bool:
    """May `who` open this policy page of this agency?"""
    return any(g.role in POLICY_PAGES[page] for g in who.in_agency(agency_id))


def units_seen(
    who: Principal, page: PolicyPage, agency_id: int
) -> frozenset[str] | None:
    """The units whose findings (or interventions) `who` sees on a page it may use:
    None for every unit; supervisors see their own unit (all, if they have none)."""
    grants = [g for g in who.in_agency(agency_id) if g.role in POLICY_PAGES[page]]
    if any(g.role != Role.SUPERVISOR or not g.unit for g in grants):
        return None
    return frozenset(g.unit for g in grants)


def finding_visible(who: Principal, finding: FindingFacts) -> bool:
    if not may_use(who, PolicyPage.FINDINGS, finding.agency_id):
        return False
    units = units_seen(who, PolicyPage.FINDINGS, finding.agency_id)
    return units is None or finding.unit in units


def may_dispose(who: Principal, finding: FindingFacts) -> bool:
    """Professional standards, or the supervisor of the finding's unit, and never
    on a finding about oneself; oversight reads only."""
    grants = who.in_agency(finding.agency_id)
    about_me = finding.officer_id is not None and any(
        g.officer_id == finding.officer_id for g in grants
    )
    return not about_me and any(
        g.role == Role.PROFESSIONAL_STANDARDS
        or (g.role == Role.SUPERVISOR and (not g.unit or g.unit == finding.unit))
        for g in grants
    )


# -- publication (forcewatch/publication): releases and shooting disclosures ------


class PublicationStep(StrEnum):
    PREPARE_RELEASE = "prepare_release"
    APPROVE_RELEASE = "approve_release"  # never the preparer (checked by the service)
    PUBLISH_RELEASE = "publish_release"
    DRAFT_DISCLOSURE = "draft_disclosure"
    APPROVE_DISCLOSURE = "approve_disclosure"  # approval publishes it
    SET_SCHEDULE = "set_schedule"  # how often the agency publishes


PUBLICATION_STEPS: dict[PublicationStep, frozenset[str]] = {
    PublicationStep.PREPARE_RELEASE: frozenset({Role.ANALYST}),
    PublicationStep.APPROVE_RELEASE: frozenset({Role.AGENCY_ADMIN}),
    PublicationStep.PUBLISH_RELEASE: frozenset({Role.AGENCY_ADMIN}),
    PublicationStep.SET_SCHEDULE: frozenset({Role.AGENCY_ADMIN}),
    PublicationStep.DRAFT_DISCLOSURE: frozenset({Role.PROFESSIONAL_STANDARDS}),
    PublicationStep.APPROVE_DISCLOSURE: frozenset({Role.AGENCY_ADMIN}),
}


def may_take(who: Principal, step: PublicationStep, agency_id: int) -> bool:
    """May `who` take this publication step for this agency?"""
    return any(g.role in PUBLICATION_STEPS[step] for g in who.in_agency(agency_id))


# -- early-intervention support (forcewatch/support): flags, interventions -------


class SupportPage(StrEnum):
    QUEUE = "queue"  # flags with their explanation, interventions and outcomes
    DUE = "due"  # due dates and completion only: no names, reasons or notes


SUPPORT_PAGES: dict[SupportPage, frozenset[str]] = {
    SupportPage.QUEUE: frozenset(
        {Role.SUPERVISOR, Role.PROFESSIONAL_STANDARDS, Role.AGENCY_ADMIN}
    ),
    SupportPage.DUE: frozenset(
        {
            Role.SUPERVISOR,
            Role.PROFESSIONAL_STANDARDS,
            Role.AGENCY_ADMIN,
            Role.WELLNESS,
        }
    ),
}


@dataclass(frozen=True)
class FlagFacts:
    """What access to one support flag depends on."""

    agency_id: int
    unit: str  # the unit it is routed to
    officer_ids: frozenset[int]  # every officer record of the person flagged


def may_open_support(who: Principal, page: SupportPage, agency_id: int) -> bool:
    return any(g.role in SUPPORT_PAGES[page] for g in who.in_agency(agency_id))


def support_units(
    who: Principal, page: SupportPage, agency_id: int
) -> frozenset[str] | None:
    """The units whose flags `who` sees on a page it may open: None for every
    unit; supervisors see their own unit (all, if they have none)."""
    grants = [g for g in who.in_agency(agency_id) if g.role in SUPPORT_PAGES[page]]
    if any(g.role != Role.SUPERVISOR or not g.unit for g in grants):
        return None
    return frozenset(g.unit for g in grants)


def own_officer_ids(who: Principal, agency_id: int) -> frozenset[int]:
    """The officer records that are `who` in this agency (officers, supervisors)."""
    return frozenset(
        g.officer_id for g in who.in_agency(agency_id) if g.officer_id is not None
    )


def flag_about(who: Principal, flag: FlagFacts) -> bool:
    return bool(own_officer_ids(who, flag.agency_id) & flag.officer_ids)


def flag_visible(who: Principal, flag: FlagFacts) -> bool:
    """An officer reads their own flags; supervisors their unit's; professional
    standards and the agency administrator the agency's. Never a colleague's."""
    if flag_about(who, flag):
        return True
    if not may_open_support(who, SupportPage.QUEUE, flag.agency_id):
        return False
    units = support_units(who, SupportPage.QUEUE, flag.agency_id)
    return units is None or flag.unit in units


def may_support(who: Principal, flag: FlagFacts) -> bool:
    """Acknowledge, record interventions and outcomes: the supervisor of the unit
    the flag is routed to, never on a flag about oneself."""
    return not flag_about(who, flag) and any(
        g.role == Role.SUPERVISOR and (not g.unit or g.unit == flag.unit)
        for g in who.in_agency(flag.agency_id)
    )
