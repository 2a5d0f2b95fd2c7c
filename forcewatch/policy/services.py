"""Check reports against a pack, dispose of findings, run deadly-force cases.

Every write goes through one audited action (`core.audit.audit_write`).
`check_agency` is incremental and idempotent: a report whose view and rule
versions are unchanged since its last check is not evaluated again, and a
finding is identified by (report, rule, rule version, item, kind), so checking
twice, or after re-importing the same data, changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from forcewatch.core.audit import audit_write
from forcewatch.core.lib.bulk import column_defaults
from forcewatch.policy.engine import Engine, Result, RuleError
from forcewatch.policy.models import (
    CaseEvent,
    CaseStatus,
    CheckRun,
    DeadlyForceCase,
    Disposition,
    Finding,
    FindingStatus,
    Kind,
    Outcome,
    RuleVersion,
    UnitCheck,
)
from forcewatch.policy.pack import Pack, PackError, load_pack
from forcewatch.policy.view import Unit, ViewBuilder
from forcewatch.records import models as rm

Progress = Callable[[int, int], None]


class CaseError(ValueError):
    """A case step that is not allowed (wrong order, missing board finding...)."""


@dataclass
class CheckSummary:
    run: CheckRun
    errors: list[RuleError] = field(default_factory=list)
    undated: int = 0


def register_rules(pack: Pack) -> None:
    """Record each rule version the first time it is used; refuse a changed one."""
    known = {
        (r.rule_id, r.version): r for r in RuleVersion.objects.filter(pack=pack.name)
    }
    changed = [
        rule
        for rule in pack.rules
        if (rule.id, rule.version) in known
        and not rule.same_as(known[(rule.id, rule.version)].definition)
    ]
    if changed:
        names = ", ".join(
            f"{r.id} v{r.version} "
            f"(first used {known[(r.id, r.version)].registered_at:%Y-%m-%d})"
            for r in changed
        )
        raise PackError(
            f"{pack.path}: {names} changed after it was used to check reports. "
            "Past findings keep the version they were made with: give the change a "
            "new `version` with its own `effective_from`, and end the old one the day "
            "before."
        )
    new = [rule for rule in pack.rules if (rule.id, rule.version) not in known]
    if not new:
        return
    with (
        transaction.atomic(),
        audit_write(
            actor="forcewatch",
            action="policy.register",
            summary=f"{pack.name} {pack.version}",
        ) as audit,
    ):
        now = audit.event.at
        for rule in new:
            audit.save(
                RuleVersion(
                    pack=pack.name,
                    rule_id=rule.id,
                    version=rule.version,
                    sha256=rule.sha256,
                    definition=rule.model_dump(mode="json"),
                    registered_at=now,
                )
            )


def input_digest(engine: Engine, unit: Unit, view: dict[str, Any]) -> str:
    """What a check of the unit depends on: its projected view, the rule versions."""
    rules = engine.rules_for(unit.date) if unit.date else []
    body = json.dumps(
        [view, [r.sha256 for r in rules]],
        sort_keys=True,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def check_agency(
    agency: rm.Agency,
    *,
    pack: Pack | None = None,
    since: date | None = None,
    incident_ids: Iterable[int] | None = None,
    actor: str = "forcewatch",
    progress: Progress | None = None,
) -> CheckSummary:
    """Evaluate the reports of an agency (incrementally) and store the findings."""
    pack = pack or load_pack()
    register_rules(pack)
    engine = Engine(pack)
    builder = ViewBuilder(agency.pk)
    ids = builder.incident_ids(since, incident_ids)
    with (
        transaction.atomic(),
        audit_write(
            actor=actor,
            action="policy.check.start",
            summary=f"{agency.slug} {pack.name}",
        ) as audit,
    ):
        run = CheckRun(
            agency=agency,
            pack=pack.name,
            pack_version=pack.version,
            pack_sha256=pack.sha256,
            since=since,
            started_at=audit.event.at,
            actor=actor,
        )
        audit.save(run)
    summary = CheckSummary(run=run)
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    done = 0
    chunk: list[Unit] = []
    for unit in builder.units(ids):
        chunk.append(unit)
        if len(chunk) >= 2000:
            _check_chunk(agency, pack, engine, run, chunk, tallies, summary)
            done += len(chunk)
            if progress:
                progress(len(chunk), 0)
            chunk = []
    if chunk:
        _check_chunk(agency, pack, engine, run, chunk, tallies, summary)
        done += len(chunk)
        if progress:
            progress(len(chunk), 0)
    with (
        transaction.atomic(),
        audit_write(
            actor=actor,
            action="policy.check.finish",
            summary=f"{agency.slug} {pack.name}",
        ) as audit,
    ):
        run.refresh_from_db()
        run.units_seen = done
        run.finished_at = timezone.now()
        run.tallies = {rule: dict(counts) for rule, counts in sorted(tallies.items())}
        audit.save(run)
    return summary


def _check_chunk(
    agency: rm.Agency,
    pack: Pack,
    engine: Engine,
    run: CheckRun,
    units: list[Unit],
    tallies: dict[str, Counter[str]],
    summary: CheckSummary,
) -> None:
    views = {u.key: engine.view_for_cel(u) for u in units}
    digests = {u.key: input_digest(engine, u, views[u.key]) for u in units}
    previous = dict(
        UnitCheck.objects.filter(
            agency=agency, pack=pack.name, unit_key__in=list(digests)
        ).values_list("unit_key", "input_sha256")
    )
    changed = [u for u in units if previous.get(u.key) != digests[u.key]]
    if not changed:
        return
    results: dict[str, list[Result]] = {}
    deadly: list[Unit] = []
    failed: set[str] = set()
    for unit in changed:
        outcome = engine.evaluate(unit, views[unit.key])
        if outcome.errors:
            failed.add(unit.key)
        if outcome.undated:
            summary.undated += 1
            tallies["(undated)"]["units"] += 1
        for rule_id, status in outcome.status.items():
            tallies[rule_id]["applicable"] += 1
            tallies[rule_id][status] += 1
        for error in outcome.errors:
            tallies[error.rule.id]["errors"] += 1
            if len(summary.errors) < 20:
                summary.errors.append(error)
        results[unit.key] = outcome.results
        if unit.view["deadly_force"]:
            deadly.append(unit)
    by_key = {u.key: u for u in changed}
    with (
        transaction.atomic(),
        audit_write(
            actor=run.actor,
            action="policy.check",
            summary=f"{agency.slug}: {len(changed)} reports",
        ) as audit,
    ):
        existing: dict[tuple[str, str, int, str, str], Finding] = {
            (f.unit_key, f.rule_id, f.rule_version, f.item, f.kind): f
            for f in Finding.objects.filter(
                agency=agency, pack=pack.name, unit_key__in=list(by_key)
            )
        }
        seen: set[tuple[str, str, int, str, str]] = set()
        defaults = column_defaults(Finding)
        new_rows = []
        for unit_key, unit_results in results.items():
            unit = by_key[unit_key]
            for result in unit_results:
                kind = str(Kind.VIOLATION if result.fired else Kind.INCOMPLETE)
                ident = (
                    unit_key,
                    result.rule.id,
                    result.rule.version,
                    result.item,
                    kind,
                )
                if ident in seen:
                    continue
                seen.add(ident)
                old = existing.get(ident)
                if old is not None:
                    if old.status == FindingStatus.CLEARED:
                        old.status = (
                            FindingStatus.DISPOSED
                            if old.outcome
                            else FindingStatus.OPEN
                        )
                        audit.save(old, changed={"status": old.status})
                    continue
                new_rows.append(
                    {
                        **defaults,
                        "agency_id": agency.pk,
                        "incident_id": unit.incident_id,
                        "report_id": unit.report_id,
                        "unit_key": unit_key,
                        "incident_date": unit.date,
                        "pack": pack.name,
                        "pack_version": pack.version,
                        "rule_id": result.rule.id,
                        "rule_version": result.rule.version,
                        "kind": kind,
                        "severity": result.rule.severity,
                        "item": result.item,
                        "officer_id": result.officer_id,
                        "unit": result.unit,
                        "evidence": result.evidence,
                        "missing": list(result.missing),
                        "status": FindingStatus.OPEN,
                        "outcome": "",
                        "run_id": run.pk,
                        "found_at": audit.event.at,
                    }
                )
        if new_rows:
            audit.insert(Finding, new_rows)
        cleared = 0
        for ident, finding in existing.items():
            if ident not in seen and finding.status == FindingStatus.OPEN:
                finding.status = FindingStatus.CLEARED
                audit.save(finding, changed={"status": "cleared"})
                cleared += 1
        _open_cases(agency, deadly, audit)
        # a report a rule failed on is checked again next time
        checked = [u for u in changed if u.key not in failed]
        _store_checks(agency, pack, run, checked, digests, previous)
        run.units_checked += len(changed)
        run.findings_new += len(new_rows)
        run.findings_cleared += cleared
        audit.save(run)


def _store_checks(
    agency: rm.Agency,
    pack: Pack,
    run: CheckRun,
    units: list[Unit],
    digests: dict[str, str],
    previous: dict[str, str],
) -> None:
    fresh = [u.key for u in units if u.key not in previous]
    UnitCheck.objects.bulk_create(
        [
            UnitCheck(
                agency=agency,
                unit_key=key,
                pack=pack.name,
                input_sha256=digests[key],
                run=run,
            )
            for key in fresh
        ],
        batch_size=500,
    )
    stale = list(
        UnitCheck.objects.filter(
            agency=agency,
            pack=pack.name,
            unit_key__in=[u.key for u in units if u.key in previous],
        )
    )
    for check in stale:
        check.input_sha256 = digests[check.unit_key]
        check.run = run
    UnitCheck.objects.bulk_update(stale, ["input_sha256", "run"], batch_size=500)


def _open_cases(agency: rm.Agency, units: list[Unit], audit: Any) -> None:
    """Every deadly-force use opens a review case, whatever the rules say."""
    if not units:
        return
    incidents: dict[int, list[Unit]] = defaultdict(list)
    for u in units:
        incidents[u.incident_id].append(u)
    have = set(
        DeadlyForceCase.objects.filter(incident_id__in=list(incidents)).values_list(
            "incident_id", flat=True
        )
    )
    for incident_id, group in sorted(incidents.items()):
        if incident_id in have:
            continue
        unit = group[0]
        types = sorted(
            {f["type"] for u in group for f in u.view["force"] if f["deadly"]}
        )
        case = DeadlyForceCase(
            agency=agency,
            incident_id=incident_id,
            number=f"DF-{unit.date.year if unit.date else 'undated'}-{incident_id}",
            incident_date=unit.date,
            force_types=types,
            opened_at=audit.event.at,
        )
        audit.save(case)
        audit.save(
            CaseEvent(
                case=case,
                from_status="",
                to_status=CaseStatus.OPEN,
                note="opened: deadly force recorded (" + ", ".join(types) + ")",
                at=audit.event.at,
            )
        )


# -- dispositions --------------------------------------------------------------


def dispose(
    finding: Finding,
    *,
    outcome: str,
    reasons: str,
    by: User,
    pack: Pack | None = None,
) -> Disposition:
    """Record a person's decision on a finding; the latest decision counts."""
    if outcome not in Outcome.values:
        raise ValueError(f"unknown outcome {outcome!r}; one of {Outcome.values}")
    if not reasons.strip():
        raise ValueError("a disposition gives its reasons")
    with (
        transaction.atomic(),
        audit_write(
            actor=by.get_username(),
            action="policy.dispose",
            summary=f"finding {finding.pk}",
        ) as audit,
    ):
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        disposition = Disposition(
            finding=finding,
            outcome=outcome,
            reasons=reasons.strip(),
            by=by,
            at=audit.event.at,
        )
        audit.save(disposition)
        finding.outcome = outcome
        finding.status = FindingStatus.DISPOSED
        audit.save(finding, changed={"outcome": outcome})
    if outcome == Outcome.OUT_OF_POLICY and finding.kind == Kind.VIOLATION:
        # officers present at force found excessive: the duty-to-intervene rule.
        # Another pack's findings wait for that pack's next `check`.
        pack = pack or load_pack()
        if pack.name == finding.pack:
            check_agency(
                finding.agency,
                pack=pack,
                incident_ids=[finding.incident_id],
                actor=by.get_username(),
            )
    return disposition


# -- deadly-force review cases ---------------------------------------------------

CASE_STEPS = {
    CaseStatus.OPEN: {CaseStatus.INVESTIGATION},
    CaseStatus.INVESTIGATION: {CaseStatus.BOARD},
    CaseStatus.BOARD: {CaseStatus.CLOSED, CaseStatus.INVESTIGATION},
    CaseStatus.CLOSED: set(),
}


def case_move(
    case: DeadlyForceCase,
    to: str,
    *,
    by: User,
    note: str = "",
    investigator: User | None = None,
    summary: str = "",
    board_finding: str = "",
    board_reasons: str = "",
    board_date: date | None = None,
    closed_on: date | None = None,
) -> DeadlyForceCase:
    """Move a case one step: investigation, board, closed (or board back)."""
    with (
        transaction.atomic(),
        audit_write(
            actor=by.get_username(),
            action="policy.case",
            summary=f"{case.number} → {to}",
        ) as audit,
    ):
        case = DeadlyForceCase.objects.select_for_update().get(pk=case.pk)
        if to not in CASE_STEPS[CaseStatus(case.status)]:
            raise CaseError(
                f"case {case.number} is {case.get_status_display().lower()}; it cannot "
                f"move to {to}"
            )
        if to == CaseStatus.INVESTIGATION:
            case.investigator = investigator or case.investigator or by  # type: ignore[assignment]
        if to == CaseStatus.BOARD:
            if not (summary or case.investigation_summary).strip():
                raise CaseError(
                    "send a case to the board with the investigation's summary"
                )
            case.investigation_summary = summary or case.investigation_summary
        if to == CaseStatus.CLOSED:
            if board_finding not in Outcome.values or not board_reasons.strip():
                raise CaseError(
                    "closing a case records the board's finding and its reasons"
                )
            case.board_finding = board_finding
            case.board_reasons = board_reasons.strip()
            case.board_date = board_date or timezone.localdate()
            case.closed_on = closed_on or timezone.localdate()
        old = case.status
        case.status = to
        audit.save(case, changed={"status": to})
        audit.save(
            CaseEvent(
                case=case,
                from_status=old,
                to_status=to,
                note=note.strip(),
                by=by,
                at=audit.event.at,
            )
        )
    return case
