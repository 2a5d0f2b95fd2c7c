"""The demo department: a real public dataset shipped with the package."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib.auth.models import User

from forcewatch.accounts.models import Role
from forcewatch.accounts.services import membership_grant
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import ImportOutcome, import_file
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


DEMO_ROLES = (("demo-officer", Role.OFFICER), ("demo-supervisor", Role.SUPERVISOR))


def demo_accounts() -> dict[str, str]:
    """Sign-in accounts for the demo: new ones get a random password, returned once."""
    agency = Agency.objects.get(slug=DEMO_AGENCY)
    officers = list(
        Officer.objects.filter(agency=agency).order_by("pk")[: len(DEMO_ROLES)]
    )
    passwords = {}
    for (username, role), officer in zip(DEMO_ROLES, officers, strict=True):
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
