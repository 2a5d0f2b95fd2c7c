"""The demo department: a real public dataset shipped with the package."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib.auth.models import User

from forcewatch.accounts.models import Role
from forcewatch.accounts.services import membership_grant
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import ImportOutcome, import_file
from forcewatch.policy.models import CaseStatus, DeadlyForceCase, Outcome
from forcewatch.policy.services import CheckSummary, case_move, check_agency
from forcewatch.publication.disclosures import (
    FIREARM_DISCHARGE,
    disclosure_approve,
    disclosure_draft,
)
from forcewatch.publication.models import Release, ReleaseStatus, ShootingDisclosure
from forcewatch.publication.services import (
    release_approve,
    release_prepare,
    release_publish,
)
from forcewatch.records.models import Agency, ForceApplication, Officer

DATA = Path(__file__).with_name("data")
MAPPINGS = Path(__file__).resolve().parent.parent / "intake" / "mappings"
DEMO_AGENCY = "dallas"
DEMO_FILE = DATA / "Police_Response_to_Resistance___2019.csv.gz"
DEMO_MAPPING = MAPPINGS / "dallas-r2r.yaml"


def demo_load(*, actor: str = "demo") -> ImportOutcome:
    """Import the demo department; a second run finds it imported and adds nothing."""
    return import_file(
        agency_slug=DEMO_AGENCY,
        mapping=load_mapping(DEMO_MAPPING),
        path=DEMO_FILE,
        actor=actor,
    )


DEMO_ROLES = (
    ("demo-officer", Role.OFFICER),
    ("demo-supervisor", Role.SUPERVISOR),
    ("demo-reviewer", Role.PROFESSIONAL_STANDARDS),
    ("demo-analyst", Role.ANALYST),
    ("demo-admin", Role.AGENCY_ADMIN),
)
DEMO_PERIOD = "2019H1"
CASE_NEXT = {
    CaseStatus.OPEN: CaseStatus.INVESTIGATION,
    CaseStatus.INVESTIGATION: CaseStatus.BOARD,
    CaseStatus.BOARD: CaseStatus.CLOSED,
}
DEMO_NOTE = (
    "DEMONSTRATION ONLY: no investigation or review board decided this case. The "
    "forcewatch demo closed it to show how a shooting disclosure is published."
)
SWORN = (Role.OFFICER, Role.SUPERVISOR)


def demo_check() -> CheckSummary:
    """Check the demo department against the default pack (only what changed)."""
    return check_agency(Agency.objects.get(slug=DEMO_AGENCY), actor="demo")


def demo_accounts() -> dict[str, str]:
    """Sign-in accounts for the demo: new ones get a random password, returned once."""
    agency = Agency.objects.get(slug=DEMO_AGENCY)
    officers = iter(Officer.objects.filter(agency=agency).order_by("pk")[: len(SWORN)])
    passwords = {}
    for username, role in DEMO_ROLES:
        officer = next(officers) if role in SWORN else None
        user, created = User.objects.get_or_create(username=username)
        if created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            passwords[username] = password
        membership_grant(
            actor="demo", user=user, agency=agency, role=role, officer=officer
        )
    return passwords


def demo_release() -> Release:
    """The department's 2019H1 release, prepared, approved and published once."""
    agency = Agency.objects.get(slug=DEMO_AGENCY)
    admin = User.objects.get(username="demo-admin")
    release = (
        Release.objects.filter(agency=agency, period=DEMO_PERIOD)
        .order_by("-version")
        .first()
    ) or release_prepare(agency, DEMO_PERIOD, User.objects.get(username="demo-analyst"))
    if release.status == ReleaseStatus.PREPARED:
        release = release_approve(release, admin)
    if release.status == ReleaseStatus.APPROVED:
        release = release_publish(release, admin)
    return release


def demo_disclosures() -> list[ShootingDisclosure]:
    """Close each open deadly-force case with a firearm discharge (marked as a
    demonstration) and publish its disclosure, written only from recorded facts."""
    agency = Agency.objects.get(slug=DEMO_AGENCY)
    shootings = ForceApplication.objects.filter(
        agency=agency, force_type=FIREARM_DISCHARGE
    ).values("incident_id")
    cases = DeadlyForceCase.objects.filter(
        agency=agency, incident_id__in=shootings, disclosure__isnull=True
    ).select_related("agency")
    reviewer = User.objects.get(username="demo-reviewer")
    admin = User.objects.get(username="demo-admin")
    published = []
    for case in cases.order_by("incident_date", "pk"):
        draft = disclosure_draft(case, reviewer)
        while case.status != CaseStatus.CLOSED:
            case = case_move(
                case,
                CASE_NEXT[CaseStatus(case.status)],
                by=reviewer,
                note=DEMO_NOTE,
                summary=DEMO_NOTE,
                board_finding=Outcome.WITHIN_POLICY,
                board_reasons=DEMO_NOTE,
            )
        published.append(disclosure_approve(draft, admin, demo_description(draft)))
    return published


def demo_description(draft: ShootingDisclosure) -> str:
    officers, subjects = draft.officers.count(), draft.subjects.count()
    when = (
        draft.incident_date.isoformat() if draft.incident_date else "an unrecorded date"
    )
    return (
        f"This is a demonstration built from public data ({DEMO_FILE.name}), not an "
        f"agency's disclosure. The records show that on {when} {officers} officer(s) "
        f"of {draft.agency.name} discharged a firearm, and that {subjects} person(s) "
        "were involved. No investigation or review board decided this case: the "
        "demo marked it closed to show how a disclosure is published."
    )
