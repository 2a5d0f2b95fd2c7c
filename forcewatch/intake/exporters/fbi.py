"""FBI National Use-of-Force Data Collection: reportability and the submission.

Reportable (FBI definition): force that results in the death or serious bodily
injury of a person, or, absent those, the discharge of a firearm at or in the
direction of a person. Reportability is derived here from what is stored; it
never filters what is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from forcewatch.records import models as rm
from forcewatch.records.codes import codelist

SCHEMA = "forcewatch-fbi-uof/1"
SERIOUS_SEVERITY = ("serious", "death")
# Reason for initial contact, as the FBI collection words its categories.
CONTACT_REASON = {
    "call_for_service": "Call for service",
    "unlawful_activity": "Unlawful or suspicious activity",
    "traffic_stop": "Traffic stop",
    "routine_patrol": "Routine patrol",
    "warrant_service": "Warrant or court order service",
    "welfare": "Medical, mental health or welfare assistance",
    "followup": "Follow-up investigation",
    "custody": "Other",
    "other": "Other",
    "unknown": "Unknown",
    "": "Unknown",
}
FBI_FORCE = {
    "firearm": "Firearm",
    "ced": "Conducted energy device",
    "hands": "Hands, fists, feet (body)",
    "blunt": "Baton or blunt impact",
    "chemical": "Chemical agent",
    "k9": "Canine",
    "less_lethal_projectile": "Less-lethal projectile",
    "vehicle": "Vehicle",
    "other": "Other",
}


def serious_injury_codes() -> list[str]:
    types = codelist("injury_type")
    return [code for code in types.codes if types.attr(code, "serious")]


def firearm_at_person_q(prefix: str = "") -> Q:
    """A firearm discharge not recorded as aimed away from people."""
    return Q(**{f"{prefix}force_type": "firearm_discharge"}) & ~Q(
        **{f"{prefix}discharged_at_person": False}
    )


def reportable_incidents(
    *, agency: rm.Agency, start: dt.date, end: dt.date
) -> QuerySet[rm.Incident]:
    """Incidents of the agency on [start, end) that the FBI collection asks for."""
    in_period = rm.Incident.objects.filter(
        agency=agency, occurred_date__gte=start, occurred_date__lt=end
    )
    subjects = rm.Subject.objects.filter(incident__in=in_period)
    serious_ids = set(
        subjects.filter(
            Q(died=True) | Q(injury_severity__in=SERIOUS_SEVERITY)
        ).values_list("incident_id", flat=True)
    )
    serious_ids |= {
        incident_id
        for incident_id, injuries in subjects.values_list("incident_id", "injuries")
        if injuries and is_serious_injury(injuries)
    }
    shots = rm.ForceApplication.objects.filter(incident__in=in_period).filter(
        firearm_at_person_q()
    )
    ids = serious_ids | set(shots.values_list("incident_id", flat=True))
    return in_period.filter(pk__in=ids).order_by("occurred_date", "occurred_time", "pk")


def is_serious_injury(injuries: list[str]) -> bool:
    return bool(set(injuries) & set(serious_injury_codes()))


def fbi_submission(
    *, agency: rm.Agency, month: dt.date, now: dt.datetime
) -> dict[str, Any]:
    """The month's submission: an Incident per reportable incident, or a zero report."""
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    incidents = reportable_incidents(
        agency=agency, start=start, end=end
    ).prefetch_related(
        Prefetch("subjects", queryset=rm.Subject.objects.order_by("pk")),
        Prefetch(
            "involvements",
            queryset=rm.OfficerInvolvement.objects.select_related("officer").order_by(
                "pk"
            ),
        ),
        Prefetch(
            "force_applications", queryset=rm.ForceApplication.objects.order_by("pk")
        ),
    )
    header = {
        "schema": SCHEMA,
        "agency_ori": agency.ori,
        "agency_name": agency.name,
        "year": start.year,
        "month": start.month,
        "generated_at": now.isoformat(timespec="seconds"),
    }
    submissions = [
        {
            "Action": "Add",
            "ActionTime": now.isoformat(timespec="seconds"),
            "Incident": incident_segment(agency, i),
        }
        for i in incidents
    ]
    if not submissions:
        return {
            **header,
            "zero_report": True,
            "ZeroReport": {
                "agency_ori": agency.ori,
                "year": start.year,
                "month": start.month,
            },
        }
    return {**header, "zero_report": False, "submissions": submissions}


def incident_segment(agency: rm.Agency, incident: rm.Incident) -> dict[str, Any]:
    forces = list(incident.force_applications.all())
    applied = {f.involvement_id for f in forces if f.involvement_id is not None}
    involvements = [
        i
        for i in incident.involvements.all()
        if i.pk in applied or i.role == "used_force"
    ]
    subjects = list(incident.subjects.all())
    return {
        "agency_ori": agency.ori,
        "incident_number": incident.source_key,
        "incident_date": incident.occurred_date.isoformat()
        if incident.occurred_date
        else None,
        "incident_time": incident.occurred_time.isoformat()
        if incident.occurred_time
        else None,
        "officers_applying_force_total": len(involvements),
        "officers_applying_force_from_agency": len(involvements),
        "multiple_agencies_involved": None,
        "subjects_total": len(subjects),
        "subjects_died_or_seriously_injured": sum(
            1
            for s in subjects
            if s.died
            or s.injury_severity in SERIOUS_SEVERITY
            or is_serious_injury(s.injuries)
        ),
        "location": {
            "address": incident.address or None,
            "latitude": incident.latitude,
            "longitude": incident.longitude,
        },
        "location_type": incident.location_type or incident.location_type_raw or None,
        "reason_for_initial_contact": CONTACT_REASON.get(
            incident.contact_reason, "Other"
        ),
        "firearm_discharged_at_person": any(fired_at_person(f) for f in forces),
        "Subjects": [
            subject_segment(n, s, forces) for n, s in enumerate(subjects, start=1)
        ],
        "Officers": [
            officer_segment(n, i) for n, i in enumerate(involvements, start=1)
        ],
    }


def fired_at_person(force: rm.ForceApplication) -> bool:
    return (
        force.force_type == "firearm_discharge"
        and force.discharged_at_person is not False
    )


def subject_segment(
    number: int, s: rm.Subject, forces: list[rm.ForceApplication]
) -> dict[str, Any]:
    types = codelist("force_type")
    used = sorted(
        {
            FBI_FORCE[types.attr(f.force_type, "fbi", "other")]
            for f in forces
            if f.subject_id in (s.pk, None)
        }
    )
    return {
        "sequence": number,
        "age": s.age_min if s.age_min == s.age_max else None,
        "age_range": [s.age_min, s.age_max] if s.age_min != s.age_max else None,
        "sex": s.sex or "U",
        "race": s.race or ["U"],
        "ethnicity": s.ethnicity or "U",
        "race_source": s.demographics_source,
        "impairments": s.impairments,
        "armed": s.armed,
        "weapons": s.armed_with,
        "types_of_force": used,
        "injuries": s.injuries,
        "injury_severity": s.injury_severity or None,
        "died": s.died,
    }


def officer_segment(number: int, inv: rm.OfficerInvolvement) -> dict[str, Any]:
    officer = inv.officer
    return {
        "sequence": number,
        "age": inv.age,
        "sex": officer.sex or "U",
        "race": officer.race or ["U"],
        "ethnicity": officer.ethnicity or "U",
        "years_of_service": inv.years_of_service,
        "on_duty": inv.on_duty,
        "injured": inv.injured,
    }
