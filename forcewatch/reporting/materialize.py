"""An approved report becomes canonical records, through the import writer.

Keys start with `form:<report number>` so the records say where they came
from; the row number is the report version that was approved.
"""

from __future__ import annotations

from typing import Any

from forcewatch.core.audit import AuditWriter
from forcewatch.intake.batch import Batch, Pending
from forcewatch.intake.writer import BatchWriter
from forcewatch.reporting.content import ReportContent
from forcewatch.reporting.models import FieldReport

SUBJECT_FIELDS = (
    "sex",
    "race",
    "ethnicity",
    "demographics_source",
    "age_min",
    "age_max",
    "in_crisis",
    "impairments",
    "armed",
    "armed_with",
    "fleeing",
    "in_moving_vehicle",
    "vehicle_used_as_weapon",
    "threat_means",
    "injured",
    "complained_of_injury",
    "injury_severity",
    "first_aid_given",
    "first_aid_at",
    "medical_requested",
    "medical_requested_at",
    "handcuffed",
    "handcuff_justification",
)
INVOLVEMENT_FIELDS = (
    "role",
    "warning_given",
    "warning_feasible",
    "deescalation",
    "intervened",
    "injured",
)


def report_batch(report: FieldReport, content: ReportContent) -> Batch:
    """The canonical records one approved report version stands for."""
    base, row = f"form:{report.number}", report.version
    batch = Batch()
    inc = content.incident
    batch.add(
        "incident",
        base,
        Pending(
            {
                "occurred_date": inc.occurred_date,
                "occurred_time": inc.occurred_time,
                "address": inc.address,
                "contact_reason": inc.contact_reason,
                "call_type": inc.call_type,
                "demonstration": inc.demonstration,
            },
            {},
            row,
        ),
    )
    incident: Any = ("incident", base)
    batch.add(
        "report",
        base,
        Pending(
            {
                "status": "approved",
                "filed_date": report.submitted_at.date()
                if report.submitted_at
                else None,
            },
            {"incident_id": incident},
            row,
        ),
    )
    involvements = []
    for part in content.officers:
        key = f"{base}|officer:{part.officer_id}"
        values = {name: getattr(part, name) for name in INVOLVEMENT_FIELDS}
        batch.add(
            "involvement",
            key,
            Pending(
                values, {"incident_id": incident, "officer_id": part.officer_id}, row
            ),
        )
        involvements.append(("involvement", key))
    subjects = []
    for n, subject in enumerate(content.subjects, start=1):
        key = f"{base}/subject-{n}"
        values = {name: getattr(subject, name) for name in SUBJECT_FIELDS}
        batch.add("subject", key, Pending(values, {"incident_id": incident}, row))
        subjects.append(("subject", key))
    for n, force in enumerate(content.forces, start=1):
        pair = f"{base}/officer-{force.officer + 1}/subject-{force.subject + 1}"
        refs = {
            "incident_id": incident,
            "involvement_id": involvements[force.officer],
            "subject_id": subjects[force.subject],
            "report_id": ("report", base),
        }
        batch.add("engagement", pair, Pending({}, dict(refs), row))
        batch.add(
            "force",
            f"{base}/force-{n}",
            Pending(
                {
                    "sequence": n,
                    "force_type": force.force_type,
                    "body_region": force.body_region,
                    "resistance": force.resistance,
                    "effective": force.effective,
                    "at_vehicle": force.at_vehicle,
                    "indiscriminate": force.indiscriminate,
                },
                {**refs, "engagement_id": ("engagement", pair)},
                row,
            ),
        )
    return batch


def report_materialize(*, report: FieldReport, audit: AuditWriter) -> int:
    """Write the approved version's records; return the canonical incident's id."""
    content = ReportContent.model_validate(report.content)
    writer = BatchWriter(agency=report.agency, source_file=None, audit=audit)
    writer.write(report_batch(report, content))
    return writer.ids["incident"][f"form:{report.number}"]
