"""Hand-made records for the support tests: reports of force and complaints.

`scenario()` (hand counted, flags on 2024-07-01 with the default rules:
3 force reports in 90 days, or 3 complaints in 180 days; the window is
2024-04-02 to 2024-06-30 for force, 2024-01-03 to 2024-06-30 for complaints):

  officer (north)     force 2024-03-01 (outside), 04-15, 05-20, 06-30, 07-01 (the
                      day itself: not counted) -> 3: flagged, routed to north
  partner (north)     force 05-01, 06-01 -> 2: not flagged
  supervisor (north)  force 04-10, 05-10, 06-10 -> 3: flagged, routed to north,
                      a flag about the unit's own supervisor
  s1 (extra officer)  complaints 02-01, 03-15, 06-01 (unit south) -> 3: flagged,
                      routed to south
  other_officer (Shelbyville) force 04-20, 05-20, 06-20 -> 3: flagged there
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from forcewatch.core.audit import audit_write
from forcewatch.records import models as rm
from forcewatch.support.models import SupportFlag
from forcewatch.support.services import flag_agency
from tests.personas import World, make_world

FLAG_DAY = date(2024, 7, 1)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(transactional_db: None) -> World:
    return make_world()


def as_user(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _agency(world: World, other: bool) -> rm.Agency:
    return world.other_agency if other else world.agency


def _officer(world: World, agency: rm.Agency, name: str, audit: Any) -> rm.Officer:
    if name in world.officers:
        return world.officers[name]
    found = rm.Officer.objects.filter(agency=agency, source_key=name).first()
    if found is None:
        found = rm.Officer(
            agency=agency, source_key=name, given_name=name.title(), family_name="Extra"
        )
        audit.save(found)
    return found


def force(
    world: World, key: str, day: date, officer: str, unit: str, other: bool = False
) -> None:
    """One report of force by `officer` on one subject (incident number `key`)."""
    agency = _agency(world, other)
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:

        def save(obj: Any) -> Any:
            audit.save(obj)
            return obj

        inc = save(rm.Incident(agency=agency, source_key=key, occurred_date=day))
        report = save(
            rm.Report(
                agency=agency, source_key=f"R-{key}", incident=inc, filed_date=day
            )
        )
        who = save(
            rm.OfficerInvolvement(
                agency=agency,
                source_key=f"{key}-o",
                incident=inc,
                officer=_officer(world, agency, officer, audit),
                role="used_force",
                unit=unit,
            )
        )
        subject = save(rm.Subject(agency=agency, source_key=f"{key}-s", incident=inc))
        save(
            rm.Engagement(
                agency=agency,
                source_key=f"{key}-e",
                incident=inc,
                involvement=who,
                subject=subject,
                report=report,
            )
        )


def complaint(
    world: World, key: str, received: date, officer: str, unit: str = ""
) -> None:
    """One complaint naming `officer` (complaint number `key`)."""
    agency = world.agency
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        c = rm.Complaint(
            agency=agency, source_key=key, received_date=received, category="verbal"
        )
        audit.save(c)
        audit.save(
            rm.Allegation(
                agency=agency,
                source_key=f"{key}-a",
                complaint=c,
                officer=_officer(world, agency, officer, audit),
                category="verbal_abuse",
                unit=unit,
            )
        )


def scenario(world: World) -> None:
    for i, day in enumerate(
        [date(2024, 3, 1), date(2024, 4, 15), date(2024, 5, 20), date(2024, 6, 30)]
    ):
        force(world, f"A{i}", day, "officer", "north")
    force(world, "A9", FLAG_DAY, "officer", "north")
    force(world, "P1", date(2024, 5, 1), "partner", "north")
    force(world, "P2", date(2024, 6, 1), "partner", "north")
    for i, day in enumerate([date(2024, 4, 10), date(2024, 5, 10), date(2024, 6, 10)]):
        force(world, f"S{i}", day, "supervisor", "north")
    for i, day in enumerate([date(2024, 2, 1), date(2024, 3, 15), date(2024, 6, 1)]):
        complaint(world, f"C{i}", day, "s1", "south")
    for i, day in enumerate([date(2024, 4, 20), date(2024, 5, 20), date(2024, 6, 20)]):
        force(world, f"B{i}", day, "other_officer", "north", other=True)


def flagged(world: World) -> None:
    """The scenario, flagged on FLAG_DAY in both agencies."""
    scenario(world)
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    flag_agency(world.other_agency, on=FLAG_DAY, actor="test")


def flag_of(world: World, name: str) -> SupportFlag:
    if name in world.officers:
        return SupportFlag.objects.get(officer=world.officers[name])
    return SupportFlag.objects.get(officer__source_key=name)
