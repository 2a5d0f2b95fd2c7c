"""One persona per role, in two agencies, for permission and workflow tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from forcewatch.accounts.models import Membership, Role
from forcewatch.core.audit import audit_write
from forcewatch.records import models as rm

PASSWORD = "correct horse battery staple 42"  # noqa: S105 - test accounts only


@dataclass
class World:
    agency: rm.Agency
    other_agency: rm.Agency
    users: dict[str, User]
    officers: dict[str, rm.Officer]


PERSONAS = {
    # name: (agency, role, unit, officer key)
    "officer": ("a", Role.OFFICER, "north", "o1"),
    "partner": ("a", Role.OFFICER, "north", "o2"),
    "bystander": ("a", Role.OFFICER, "north", "o5"),
    "supervisor": ("a", Role.SUPERVISOR, "north", "o3"),
    "south_supervisor": ("a", Role.SUPERVISOR, "south", "o6"),
    "professional_standards": ("a", Role.PROFESSIONAL_STANDARDS, "", None),
    "oversight": ("a", Role.OVERSIGHT, "", None),
    "analyst": ("a", Role.ANALYST, "", None),
    "training": ("a", Role.TRAINING, "", None),
    "wellness": ("a", Role.WELLNESS, "", None),
    "agency_admin": ("a", Role.AGENCY_ADMIN, "", None),
    "other_officer": ("b", Role.OFFICER, "north", "o4"),
    "other_supervisor": ("b", Role.SUPERVISOR, "north", "o7"),
}


def make_world() -> World:
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        agencies = {
            "a": rm.Agency(slug="springfield", name="Springfield PD", ori="XX0000001"),
            "b": rm.Agency(slug="shelbyville", name="Shelbyville PD", ori="XX0000002"),
        }
        for agency in agencies.values():
            audit.save(agency)
        officers: dict[str, rm.Officer] = {}
        users: dict[str, User] = {}
        for name, (where, role, unit, officer_key) in PERSONAS.items():
            agency = agencies[where]
            officer = None
            if officer_key:
                officer = rm.Officer(
                    agency=agency,
                    source_key=officer_key,
                    given_name=name.title(),
                    family_name="Test",
                    sex="F" if len(name) % 2 else "M",
                    race=["W"],
                )
                audit.save(officer)
                officers[name] = officer
            user = User.objects.create_user(name, password=PASSWORD)
            users[name] = user
            audit.save(
                Membership(
                    user=user, agency=agency, role=role, unit=unit, officer=officer
                )
            )
    return World(agencies["a"], agencies["b"], users, officers)


def report_content(world: World, **incident: object) -> dict[str, object]:
    """A multi-officer, multi-subject report by `officer` with `partner` present."""
    o = world.officers
    return {
        "incident": {
            "occurred_date": "2026-11-20",
            "occurred_time": "21:40:00",
            "address": "1200 block Main St",
            "contact_reason": "call_for_service",
            "call_type": "Disturbance",
            **incident,
        },
        "subjects": [
            {
                "sex": "M",
                "race": ["B"],
                "ethnicity": "N",
                "age_min": 25,
                "age_max": 34,
                "in_crisis": True,
                "impairments": ["mental_health"],
                "injured": True,
                "complained_of_injury": True,
                "first_aid_given": True,
                "first_aid_at": "2026-11-20T21:48:00Z",
                "medical_requested": True,
                "medical_requested_at": "2026-11-20T21:45:00Z",
                "handcuffed": True,
                "handcuff_justification": "actively resisting, struck an officer",
            },
            {"sex": "F", "race": ["W"], "ethnicity": "H", "age_min": 19, "age_max": 19},
        ],
        "officers": [
            {
                "officer_id": o["officer"].pk,
                "role": "used_force",
                "warning_given": True,
                "deescalation": ["verbal_persuasion", "time"],
            },
            {"officer_id": o["partner"].pk, "role": "witnessed", "intervened": False},
        ],
        "forces": [
            {
                "officer": 0,
                "subject": 0,
                "force_type": "takedown",
                "resistance": "active",
                "effective": True,
            },
            {
                "officer": 0,
                "subject": 0,
                "force_type": "handcuffing",
                "resistance": "active",
            },
            {
                "officer": 0,
                "subject": 1,
                "force_type": "escort_hold",
                "resistance": "passive",
            },
        ],
    }
