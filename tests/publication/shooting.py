"""One hand-made officer-involved shooting and its deadly-force case."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from forcewatch.core.audit import audit_write
from forcewatch.policy.models import CaseStatus, DeadlyForceCase
from forcewatch.policy.services import case_move
from forcewatch.records import models as rm

SUBJECT_KEY = "SMITH-JOHN-1990-03-04"  # a source's person key, which may hold a name
ON = date(2019, 3, 14)


def shooting(agency: rm.Agency, *, firearm: bool = True) -> DeadlyForceCase:
    """Officer Ada Lovelace fired at one person; Grace Hopper only used a takedown."""
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:

        def save(obj: rm.Recorded | DeadlyForceCase) -> rm.Recorded | DeadlyForceCase:
            audit.save(obj)
            return obj

        n = rm.Incident.objects.count() + 1
        incident = save(
            rm.Incident(agency=agency, source_key=f"i{n}", occurred_date=ON)
        )
        ada = save(
            rm.Officer(
                agency=agency,
                source_key=f"ada{n}",
                given_name="Ada",
                family_name="Lovelace",
                sex="F",
                race=["W"],
                birth_year=1985,
                appointed_date=date(2010, 9, 1),
            )
        )
        grace = save(
            rm.Officer(
                agency=agency,
                source_key=f"grace{n}",
                given_name="Grace",
                family_name="Hopper",
                sex="F",
                race=["B"],
            )
        )
        fired = save(
            rm.OfficerInvolvement(
                agency=agency,
                source_key=f"inv-a{n}",
                incident=incident,
                officer=ada,
                rank="Senior Corporal",
            )
        )
        other = save(
            rm.OfficerInvolvement(
                agency=agency,
                source_key=f"inv-g{n}",
                incident=incident,
                officer=grace,
                rank="Officer",
                age=41,
                years_of_service=12.5,
            )
        )
        subject = save(
            rm.Subject(
                agency=agency,
                source_key=f"s{n}",
                incident=incident,
                person_key=SUBJECT_KEY,
                sex="M",
                race=["B"],
                age_min=25,
                age_max=29,
            )
        )
        for k, (inv, force) in enumerate(
            [
                (fired, "firearm_discharge" if firearm else "deadly_other"),
                (other, "takedown"),
            ]
        ):
            save(
                rm.ForceApplication(
                    agency=agency,
                    source_key=f"f{n}-{k}",
                    incident=incident,
                    involvement=inv,
                    subject=subject,
                    force_type=force,
                    sequence=k + 1,
                )
            )
        case = save(
            DeadlyForceCase(
                agency=agency,
                incident=incident,
                number=f"DF-2019-{n}",
                incident_date=ON,
                force_types=["firearm_discharge"],
                opened_at=timezone.now(),
            )
        )
    assert isinstance(case, DeadlyForceCase)
    return case


def close(case: DeadlyForceCase, by: User) -> DeadlyForceCase:
    case_move(case, CaseStatus.INVESTIGATION, by=by)
    case_move(case, CaseStatus.BOARD, by=by, summary="Investigated.")
    return case_move(
        case,
        CaseStatus.CLOSED,
        by=by,
        board_finding="within_policy",
        board_reasons="The board's reasons.",
    )
