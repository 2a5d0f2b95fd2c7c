"""Early-intervention support: raise flags, and record what supervisors did.

Flags come from the threshold rules only (docs/decisions.md: no learned model
beat them on Chicago). The rules run once, in `forcewatch.analysis.eis`, on a
fresh snapshot of the agency: the same code as the evaluation's baseline.
Every write is one audited action (`core.audit.audit_write`).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from forcewatch.analysis.eis import Thresholds, load_thresholds
from forcewatch.analysis.eis.flags import ThresholdFlag, threshold_flags_snapshot
from forcewatch.core.audit import audit_write
from forcewatch.records import models as rm
from forcewatch.snapshot.services import snapshot_write
from forcewatch.support.kinds import intervention_kinds
from forcewatch.support.models import (
    FlagSource,
    FlagStatus,
    Intervention,
    Outcome,
    SupportFlag,
)


class SupportError(ValueError):
    """A step the flag's state does not allow, or input that cannot be stored."""


@dataclass
class FlagSummary:
    on: dt.date
    thresholds_version: str
    flagged: int = 0  # officers the rules flag on that date
    new: list[SupportFlag] = field(default_factory=list)
    already: int = 0  # flagged on that date before (a re-run)
    still_open: int = 0  # an earlier flag of the officer is not closed yet


def flag_agency(
    agency: rm.Agency,
    *,
    on: dt.date | None = None,
    thresholds: Thresholds | None = None,
    actor: str = "forcewatch",
) -> FlagSummary:
    """Flag the officers the threshold rules flag on the morning of `on` (today).

    Incremental: an officer already flagged on that date, or with a flag not
    yet closed, gets no new flag.
    """
    on = on or timezone.localdate()
    thresholds = thresholds or load_thresholds(agency.slug)
    with tempfile.TemporaryDirectory(prefix="forcewatch-support-") as tmp:
        snapshot = Path(tmp) / "snapshot"
        snapshot_write(snapshot, agency.slug)
        found = threshold_flags_snapshot(snapshot, agency.slug, on, thresholds)
    summary = FlagSummary(on=on, thresholds_version=thresholds.version)
    summary.flagged = len(found)
    with transaction.atomic(durable=True):
        fresh = _fresh(agency, on, found, summary)
        if not fresh:
            return summary
        with audit_write(
            actor=actor,
            action="support_flag",
            summary=f"{agency.slug} {on}: {len(fresh)} new flag(s)",
        ) as audit:
            for flag in fresh:
                row = _flag_row(agency, on, flag, thresholds, audit.event.at)
                audit.save(row)
                summary.new.append(row)
    return summary


def _fresh(
    agency: rm.Agency, on: dt.date, found: list[ThresholdFlag], summary: FlagSummary
) -> list[ThresholdFlag]:
    flags = SupportFlag.objects.select_for_update().filter(agency=agency)
    same_day = set(flags.filter(flagged_on=on).values_list("officer_id", flat=True))
    open_records: set[int] = set()
    for records in flags.exclude(status=FlagStatus.CLOSED).values_list(
        "officer_records", flat=True
    ):
        open_records.update(records)
    fresh = []
    for flag in found:
        if flag.person_id in same_day:
            summary.already += 1
        elif open_records & set(flag.officer_ids):
            summary.still_open += 1
        else:
            fresh.append(flag)
    return fresh


def _flag_row(
    agency: rm.Agency,
    on: dt.date,
    flag: ThresholdFlag,
    thresholds: Thresholds,
    at: dt.datetime,
) -> SupportFlag:
    return SupportFlag(
        agency=agency,
        officer_id=flag.person_id,
        officer_records=list(flag.officer_ids),
        flagged_on=on,
        source=FlagSource.THRESHOLD,
        rules=list(flag.tripped),
        thresholds_version=thresholds.version,
        explanation=explanation(flag, thresholds, on),
        status=FlagStatus.OPEN,
        routed_to=flag.unit,
        created_at=at,
    )


def explanation(
    flag: ThresholdFlag, thresholds: Thresholds, on: dt.date
) -> dict[str, Any]:
    """The flag's reasons as JSON, frozen when it is raised."""
    return {
        "as_of": on.isoformat(),
        "thresholds_version": thresholds.version,
        "text": flag.text,
        "peers": {"unit": flag.peers, "officers": flag.peer_count},
        "rules": [
            {
                "id": r.rule.id,
                "title": r.rule.title,
                "event": r.rule.event,
                "at_least": r.rule.at_least,
                "days": r.rule.days,
                "tripped": r.tripped,
                "count": r.count,
                "window": {
                    "from": r.window_from.isoformat(),
                    "to": r.window_to.isoformat(),
                },
                "peers_median": r.peers_median,
                "events": [
                    {
                        "date": e.date.isoformat(),
                        "incident": e.incident,
                        "report": e.report,
                        "complaint": e.complaint,
                    }
                    for e in r.events
                ],
            }
            for r in flag.rules
        ],
    }


def flag_acknowledge(flag: SupportFlag, *, by: User) -> SupportFlag:
    """The supervisor has read the flag and will talk with the officer."""
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=by.get_username(),
            action="support_acknowledge",
            summary=f"flag {flag.pk}",
        ) as audit,
    ):
        flag = SupportFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.status != FlagStatus.OPEN:
            raise SupportError("only an open flag is acknowledged")
        _acknowledge(flag, by, audit.event.at)
        audit.save(flag, changed={"status": flag.status})
    return flag


def _acknowledge(flag: SupportFlag, by: User, at: dt.datetime) -> None:
    flag.status = FlagStatus.ACKNOWLEDGED
    flag.acknowledged_by = by
    flag.acknowledged_at = at


def intervention_record(
    flag: SupportFlag,
    *,
    kind: str,
    planned_on: dt.date,
    note: str = "",
    done_on: dt.date | None = None,
    by: User,
) -> Intervention:
    """Plan (or record as done) one intervention; the flag is then planned."""
    if kind not in intervention_kinds().codes:
        raise SupportError(f"unknown kind of intervention {kind!r}")
    if done_on is not None and done_on > timezone.localdate():
        raise SupportError("an intervention is not done on a future date")
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=by.get_username(),
            action="support_intervention",
            summary=f"flag {flag.pk}: {kind}",
        ) as audit,
    ):
        flag = SupportFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.status == FlagStatus.CLOSED:
            raise SupportError("the flag is closed")
        intervention = Intervention(
            flag=flag,
            kind=kind,
            note=note.strip(),
            planned_on=planned_on,
            done_on=done_on,
            recorded_by=by,
            recorded_at=audit.event.at,
        )
        audit.save(intervention)
        if flag.status == FlagStatus.OPEN:
            _acknowledge(flag, by, audit.event.at)
        if flag.status != FlagStatus.PLANNED:
            flag.status = FlagStatus.PLANNED
            audit.save(flag, changed={"status": flag.status})
    return intervention


def intervention_done(
    intervention: Intervention, *, done_on: dt.date, by: User
) -> Intervention:
    """The planned intervention took place (its date is set once)."""
    if done_on > timezone.localdate():
        raise SupportError("an intervention is not done on a future date")
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=by.get_username(),
            action="support_intervention_done",
            summary=f"intervention {intervention.pk}",
        ) as audit,
    ):
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
        if intervention.done_on is not None:
            raise SupportError("this intervention is already recorded as done")
        if intervention.flag.status == FlagStatus.CLOSED:
            raise SupportError("the flag is closed")
        intervention.done_on = done_on
        audit.save(intervention, changed={"done_on": done_on.isoformat()})
    return intervention


def outcome_record(
    flag: SupportFlag,
    *,
    text: str,
    follow_up_on: dt.date | None = None,
    by: User,
) -> Outcome:
    """How the support went; closes the flag (at least one intervention first)."""
    if not text.strip():
        raise SupportError("an outcome says how the support went")
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=by.get_username(),
            action="support_outcome",
            summary=f"flag {flag.pk}",
        ) as audit,
    ):
        flag = SupportFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.status != FlagStatus.PLANNED:
            raise SupportError(
                "record an intervention (or 'no action needed') before the outcome"
            )
        outcome = Outcome(
            flag=flag,
            follow_up_on=follow_up_on,
            text=text.strip(),
            recorded_by=by,
            recorded_at=audit.event.at,
        )
        audit.save(outcome)
        flag.status = FlagStatus.CLOSED
        flag.closed_at = audit.event.at
        audit.save(flag, changed={"status": flag.status})
    return outcome
