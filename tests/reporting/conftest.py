from __future__ import annotations

import pytest
from django.test import Client

from forcewatch.reporting.models import FieldReport
from forcewatch.reporting.services import report_create, report_transition
from tests.personas import World, make_world, report_content


@pytest.fixture(autouse=True)
def fast_passwords(settings: object) -> None:
    """Personas sign in with a cheap hash; production keeps Django's default."""
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]


@pytest.fixture
def world(transactional_db: None) -> World:
    return make_world()


def as_user(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def filed(world: World, *, submit: bool = False, by: str = "officer") -> FieldReport:
    """A multi-officer, multi-subject report by `officer` naming `partner`."""
    agency = world.other_agency if by.startswith("other_") else world.agency
    content = report_content(world)
    if by.startswith("other_"):
        content["officers"] = [  # type: ignore[index]
            {"officer_id": world.officers[by].pk, "role": "used_force"}
        ]
    report = report_create(actor=world.users[by], agency=agency, content=content)
    if submit:
        report = report_transition(
            actor=world.users[by], report_id=report.pk, to_status="submitted"
        )
    return report
