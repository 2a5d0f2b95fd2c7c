"""The demo department: a real public dataset shipped with the package."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib.auth.models import User

from forcewatch.accounts.models import Role
from forcewatch.accounts.services import membership_grant
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import ImportOutcome, import_file
from forcewatch.policy.services import CheckSummary, check_agency
from forcewatch.records.models import Agency, Officer

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
