"""Hand-made incidents checked by the default pack, for the policy review pages.

`incident()` writes one incident as the canonical records a staff form would
(no source file: every fact was asked), with every fact the default pack reads
filled in, so that only the rules a test means to fire do fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from forcewatch.core.audit import audit_write
from forcewatch.policy.models import DeadlyForceCase, Finding
from forcewatch.policy.services import check_agency
from forcewatch.records import models as rm
from tests.personas import World, make_world


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


@dataclass(frozen=True)
class Present:
    """Another officer at the incident, who did not use force."""

    officer: str  # a persona with an officer, or a new officer's source key
    role: str = "witnessed"
    intervened: bool | None = False
    unit: str = "north"


def _officer(world: World, agency: rm.Agency, name: str, audit: Any) -> rm.Officer:
    if name in world.officers:
        return world.officers[name]
    found = rm.Officer.objects.filter(agency=agency, source_key=name).first()
    if found is not None:
        return found
    officer = rm.Officer(
        agency=agency, source_key=name, given_name=name.title(), family_name="Extra"
    )
    audit.save(officer)
    return officer


def incident(
    world: World,
    key: str,
    day: date,
    *,
    force: str = "neck_restraint",
    resistance: str = "active",
    officer: str = "officer",
    unit: str = "north",
    present: tuple[Present, ...] = (),
    other_agency: bool = False,
    injured: bool | None = False,
) -> rm.Incident:
    """One incident: `officer` uses `force` on one subject who resisted so."""
    agency = world.other_agency if other_agency else world.agency
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:

        def save(obj: Any) -> Any:
            audit.save(obj)
            return obj

        inc = save(
            rm.Incident(
                agency=agency,
                source_key=key,
                occurred_date=day,
                demonstration=False,
            )
        )
        user = save(
            rm.OfficerInvolvement(
                agency=agency,
                source_key=f"{key}-o0",
                incident=inc,
                officer=_officer(world, agency, officer, audit),
                role="used_force",
                unit=unit,
                warning_given=True,
                warning_feasible=True,
                deescalation=["verbal_persuasion"],
                intervened=None,
            )
        )
        for i, other in enumerate(present, start=1):
            save(
                rm.OfficerInvolvement(
                    agency=agency,
                    source_key=f"{key}-o{i}",
                    incident=inc,
                    officer=_officer(world, agency, other.officer, audit),
                    role=other.role,
                    unit=other.unit,
                    warning_given=None,
                    warning_feasible=None,
                    deescalation=[],
                    intervened=other.intervened,
                )
            )
        subject = save(
            rm.Subject(
                agency=agency,
                source_key=f"{key}-s0",
                incident=inc,
                armed=False,
                fleeing=False,
                injured=injured,
                complained_of_injury=False,
                handcuffed=False,
                threat_means=[],
            )
        )
        save(
            rm.SubjectAction(
                agency=agency,
                source_key=f"{key}-r0",
                incident=inc,
                subject=subject,
                resistance=resistance,
            )
        )
        save(
            rm.ForceApplication(
                agency=agency,
                source_key=f"{key}-f0",
                incident=inc,
                involvement=user,
                subject=subject,
                force_type=force,
                resistance=resistance,
                body_region="torso",
                at_vehicle=False,
                indiscriminate=False,
            )
        )
    return inc


def checked(world: World, *, other_agency: bool = False) -> None:
    check_agency(world.other_agency if other_agency else world.agency, actor="test")


def finding(rule_id: str, *, incident_key: str = "") -> Finding:
    qs = Finding.objects.filter(rule_id=rule_id)
    if incident_key:
        qs = qs.filter(incident__source_key=incident_key)
    return qs.get()


def case_of(incident_key: str) -> DeadlyForceCase:
    return DeadlyForceCase.objects.get(incident__source_key=incident_key)


def scenario(world: World) -> None:
    """Four incidents in Springfield, one in Shelbyville, checked by the default pack.

    Springfield's findings (hand counted):
      A1 2024-03-10 north, `officer` neck restraint on active resistance:
         neck-restraint (violation), force-proportionate (violation); a case
      A2 2023-11-05 south, officer s1 CED on passive resistance:
         force-proportionate (violation); s2 (south) present, intervened
      A3 2024-05-01 north, `officer` CED on passive resistance:
         force-proportionate (violation); `partner` intervened (role of record)
      A4 2024-08-20 north, takedown on active resistance, injury not recorded:
         injury-recorded (facts missing; the unit of the officer who used force);
         `bystander` witnessed and intervened
    Shelbyville: B1 2024-02-02 neck restraint: neck-restraint, force-proportionate;
    a case; `other_supervisor` intervened.
    """
    incident(world, "A1", date(2024, 3, 10))
    incident(
        world,
        "A2",
        date(2023, 11, 5),
        force="ced_probe",
        resistance="passive",
        officer="s1",
        unit="south",
        present=(Present("s2", intervened=True, unit="south"),),
    )
    incident(
        world,
        "A3",
        date(2024, 5, 1),
        force="ced_probe",
        resistance="passive",
        present=(Present("partner", role="intervened", intervened=None),),
    )
    incident(
        world,
        "A4",
        date(2024, 8, 20),
        force="takedown",
        injured=None,
        present=(Present("bystander", intervened=True),),
    )
    incident(
        world,
        "B1",
        date(2024, 2, 2),
        officer="other_officer",
        other_agency=True,
        present=(Present("other_supervisor", intervened=True),),
    )
    checked(world)
    checked(world, other_agency=True)
