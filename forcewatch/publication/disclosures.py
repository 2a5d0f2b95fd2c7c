"""Officer-involved shooting disclosures: drafted from the records, approved, shown.

Professional standards drafts a disclosure from the case's incident records:
the officers whose force was a firearm discharge (name, age, race, sex, rank,
years of service) and the persons they fired at (age, race and sex only: a
subject's name is never read, and the canonical subject has none). An agency
administrator approves it with a reviewed description, which publishes it,
and only when the case is closed. The public pages show only approved
disclosures whose case is closed.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from forcewatch.accounts.policies import PublicationStep
from forcewatch.core.audit import audit_write
from forcewatch.policy.models import CaseStatus, DeadlyForceCase
from forcewatch.publication.models import (
    DisclosedOfficer,
    DisclosedSubject,
    DisclosureStatus,
    ShootingDisclosure,
)
from forcewatch.publication.services import PublicationError, require
from forcewatch.records import models as rm

FIREARM_DISCHARGE = "firearm_discharge"  # records/codelists/force_type.yaml


def officer_facts(inv: rm.OfficerInvolvement, on: date | None) -> dict[str, object]:
    officer = inv.officer
    age = inv.age
    if age is None and officer.birth_year and on:
        age = on.year - officer.birth_year
    years = inv.years_of_service
    if years is None and officer.appointed_date and on:
        years = (on - officer.appointed_date).days / 365.25
    name = " ".join(p for p in (officer.given_name, officer.family_name) if p)
    return {
        "name": name or "(name not recorded)",
        "age": age,
        "race": list(officer.race or []),
        "sex": officer.sex,
        "rank": inv.rank,
        "years_of_service": int(years) if years is not None and years >= 0 else None,
    }


def subject_age(subject: rm.Subject, on: date | None) -> str:
    low, high = subject.age_min, subject.age_max
    if low is None and subject.birth_year and on:
        low = high = on.year - subject.birth_year
    if low is None:
        return ""
    if high is None or high == low:
        return str(low)
    return f"{low}–{high}"


def shooting_facts(
    case: DeadlyForceCase,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The officers who fired and the persons fired at, from the incident records."""
    shots = list(
        rm.ForceApplication.objects.filter(
            incident_id=case.incident_id, force_type=FIREARM_DISCHARGE
        )
        .select_related("involvement__officer")
        .order_by("sequence", "pk")
    )
    if not shots:
        raise PublicationError(
            f"case {case.number} records no firearm discharge: only shootings are "
            "disclosed"
        )
    on = case.incident_date
    involvements = {s.involvement_id: s.involvement for s in shots if s.involvement}
    officers = [officer_facts(inv, on) for inv in involvements.values() if inv]
    subject_ids = {s.subject_id for s in shots if s.subject_id}
    subjects = rm.Subject.objects.filter(incident_id=case.incident_id).order_by("pk")
    if subject_ids:  # else the source does not say who was fired at: every subject
        subjects = subjects.filter(pk__in=subject_ids)
    people: list[dict[str, object]] = [
        {"age": subject_age(s, on), "race": list(s.race or []), "sex": s.sex}
        for s in subjects.only("age_min", "age_max", "birth_year", "race", "sex")
    ]
    return officers, people


def disclosure_draft(
    case: DeadlyForceCase, user: AbstractBaseUser
) -> ShootingDisclosure:
    """Draft the disclosure of a shooting, prefilled from its incident records."""
    require(user, PublicationStep.DRAFT_DISCLOSURE, case.agency)
    found = ShootingDisclosure.objects.filter(case=case).first()
    if found is not None:
        raise PublicationError(
            f"case {case.number} already has disclosure {found.pk} ({found.status})"
        )
    officers, subjects = shooting_facts(case)
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=user.get_username(), action="disclosure_draft", summary=case.number
        ) as audit,
    ):
        disclosure = ShootingDisclosure(
            case=case,
            agency_id=case.agency_id,
            incident_date=case.incident_date,
            drafted_by_id=user.pk,
            drafted_at=audit.event.at,
        )
        audit.save(disclosure)
        for n, facts in enumerate(officers, start=1):
            audit.save(DisclosedOfficer(disclosure=disclosure, position=n, **facts))
        for n, facts in enumerate(subjects, start=1):
            audit.save(DisclosedSubject(disclosure=disclosure, position=n, **facts))
    return disclosure


def disclosure_approve(
    disclosure: ShootingDisclosure, user: AbstractBaseUser, description: str
) -> ShootingDisclosure:
    """Approve a draft with its reviewed description: this publishes it."""
    require(user, PublicationStep.APPROVE_DISCLOSURE, disclosure.agency)
    if not description.strip():
        raise PublicationError("approve a disclosure with its reviewed description")
    with transaction.atomic(durable=True):
        disclosure = ShootingDisclosure.objects.select_for_update().get(
            pk=disclosure.pk
        )
        case = disclosure.case
        if disclosure.status != DisclosureStatus.DRAFT:
            raise PublicationError(f"disclosure {disclosure.pk} is already approved")
        if case.status != CaseStatus.CLOSED:
            raise PublicationError(
                f"case {case.number} is {case.get_status_display().lower()}: a "
                "shooting is disclosed only after its investigation is closed"
            )
        with audit_write(
            actor=user.get_username(),
            action="disclosure_approve",
            summary=f"{case.number} (disclosure {disclosure.pk})",
        ) as audit:
            disclosure.description = description.strip()
            disclosure.status = DisclosureStatus.APPROVED
            disclosure.approved_by_id = user.pk
            disclosure.approved_at = disclosure.published_at = audit.event.at
            audit.save(disclosure, changed={"status": "approved"})
    return disclosure
