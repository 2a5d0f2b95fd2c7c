"""Hand-built incidents written through the import writer (audited, like a form).

An incident is a plain dict; `write_incidents` turns a list of them into one
`Batch` and writes it with `BatchWriter`, the path every import and every
approved field report takes. Records come from no source file, so every fact
counts as asked (`[]` is "none", not "unknown"). Writing the same dicts again
is a re-import: the writer finds every key and fills only empty fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from forcewatch.core.audit import audit_write
from forcewatch.core.models import AuditedModel
from forcewatch.intake.batch import Batch, Pending, Ref
from forcewatch.intake.writer import BatchWriter, WriteResult
from forcewatch.policy.models import Finding
from forcewatch.records import models as rm

Incident = dict[str, Any]
FindingKey = tuple[str, str, int, str, str, str, str]

INVOLVEMENT = ("role", "unit", "warning_given", "warning_feasible", "intervened")
SUBJECT = (
    "armed fleeing in_moving_vehicle injured complained_of_injury first_aid_given "
    "first_aid_at medical_requested medical_requested_at handcuffed "
    "handcuff_justification threat_means"
).split()
FORCE = ("body_region", "resistance", "at_vehicle", "indiscriminate")


def agency(slug: str) -> rm.Agency:
    with (
        transaction.atomic(durable=True),
        audit_write(actor="test", action="test_setup", summary=slug) as audit,
    ):
        made = rm.Agency(slug=slug, name=slug.title())
        audit.save(made)
    return made


def _given(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The values a dict sets (None is left out: the column keeps its default)."""
    return {n: values[n] for n in names if values.get(n) is not None}


def _add_incident(batch: Batch, n: int, inc: Incident) -> None:
    key = inc["key"]
    here: Ref = ("incident", key)
    values = {
        "occurred_date": inc.get("date"),
        "occurred_time": inc.get("time"),
        "demonstration": inc.get("demonstration"),
    }
    batch.add("incident", key, Pending(values, {}, n))
    reports: list[Ref] = []
    for name in inc.get("reports", [key] if inc.get("report", True) else []):
        reports.append(("report", name))
        batch.add(
            "report", name, Pending({"status": "approved"}, {"incident_id": here}, n)
        )
    involvements: list[Ref] = []
    for o in inc.get("officers", []):
        batch.add("officer", o["key"], Pending({}, {}, n))
        inv = f"{key}|{o['key']}"
        values = {**_given(o, INVOLVEMENT), "deescalation": o.get("deescalation", [])}
        refs: dict[str, Ref] = {
            "incident_id": here,
            "officer_id": ("officer", o["key"]),
        }
        batch.add("involvement", inv, Pending(values, refs, n))
        involvements.append(("involvement", inv))
    subjects: list[Ref] = []
    for i, s in enumerate(inc.get("subjects", []), start=1):
        batch.add(
            "subject",
            f"{key}/s{i}",
            Pending(_given(s, SUBJECT), {"incident_id": here}, n),
        )
        subjects.append(("subject", f"{key}/s{i}"))
    for i, f in enumerate(inc.get("force", []), start=1):
        refs = {"incident_id": here}
        if reports:
            refs["report_id"] = reports[f.get("report", 0)]
        if f.get("officer") is not None:
            refs["involvement_id"] = involvements[f["officer"]]
        if f.get("subject") is not None:
            refs["subject_id"] = subjects[f["subject"]]
        _add_force(batch, f"{key}/f{i}", i, f, refs, n)


def _add_force(
    batch: Batch,
    key: str,
    sequence: int,
    f: dict[str, Any],
    refs: dict[str, Ref],
    n: int,
) -> None:
    """One application, and the engagement of its officer and subject."""
    if "involvement_id" in refs and "subject_id" in refs:
        pair = f"{key}/pair"
        batch.add("engagement", pair, Pending({}, dict(refs), n))
        refs["engagement_id"] = ("engagement", pair)
    values = {"sequence": sequence, "force_type": f["type"], **_given(f, FORCE)}
    batch.add("force", key, Pending(values, refs, n))


def write_incidents(target: rm.Agency, incidents: list[Incident]) -> WriteResult:
    """Write (or re-write) incidents through the import writer: one audited action."""
    batch = Batch()
    for n, inc in enumerate(incidents, start=1):
        _add_incident(batch, n, inc)
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor="test", action="test_records", summary=f"{len(incidents)} incidents"
        ) as audit,
    ):
        return BatchWriter(agency=target, source_file=None, audit=audit).write(batch)


def incident_id(target: rm.Agency, key: str) -> int:
    return rm.Incident.objects.get(agency=target, source_key=key).pk


def findings(target: rm.Agency) -> set[FindingKey]:
    """What a check concluded, independent of when and in which run."""
    return {
        (
            f.unit_key,
            f.rule_id,
            f.rule_version,
            f.item,
            f.kind,
            json.dumps(f.evidence, sort_keys=True),
            f.status,
        )
        for f in Finding.objects.filter(agency=target)
    }


def officer(key: str, role: str = "used_force", **facts: Any) -> dict[str, Any]:
    return {"key": key, "role": role, "unit": "north", **facts}


def edit(record: AuditedModel, **changes: Any) -> None:
    """Correct a stored record the audited way (a reviewer's correction)."""
    with (
        transaction.atomic(durable=True),
        audit_write(actor="test", action="test_edit", summary=str(record)) as audit,
    ):
        for name, value in changes.items():
            setattr(record, name, value)
        audit.save(record, changed={"fields": sorted(changes)})
