"""Writes of the reporting workflow: each one atomic, audited and permission-checked."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from forcewatch.accounts.policies import Action, allowed, may_create
from forcewatch.accounts.selectors import principal_for
from forcewatch.core.audit import AuditWriter, audit_write
from forcewatch.policy.services import check_agency
from forcewatch.records import models as rm
from forcewatch.reporting.content import ReportContent
from forcewatch.reporting.materialize import report_materialize
from forcewatch.reporting.models import (
    FieldReport,
    NamedOfficer,
    ReportVersion,
    Status,
    Transition,
    WitnessStatement,
)
from forcewatch.reporting.selectors import report_facts

REVIEW_DEADLINE = dt.timedelta(hours=72)
# (from, to) -> the action that permits it
TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): Action.SUBMIT,
    (Status.RETURNED, Status.SUBMITTED): Action.SUBMIT,
    (Status.SUBMITTED, Status.RETURNED): Action.REVIEW,
    (Status.SUBMITTED, Status.APPROVED): Action.REVIEW,
    (Status.SUBMITTED, Status.ESCALATED): Action.ESCALATE,
    (Status.APPROVED, Status.ESCALATED): Action.ESCALATE,
    (Status.APPROVED, Status.CLOSED): Action.CLOSE,
    (Status.ESCALATED, Status.CLOSED): Action.CLOSE,
}
REASON_REQUIRED = {Status.RETURNED, Status.ESCALATED}


class ContentInvalid(Exception):
    """The report document did not validate; `errors` name field paths."""

    def __init__(self, errors: list[dict[str, Any]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['loc']}: {e['msg']}" for e in errors))


class StaleReport(Exception):
    """Someone saved the report since this copy was loaded: nothing was written."""

    def __init__(self, report: FieldReport, expected: int):
        self.current, self.expected = report.version, expected
        super().__init__(
            f"Report {report.number} was changed by someone else since you opened it "
            f"(you edited version {expected}; it is now version {report.version}). "
            "Your changes were not saved: reload it, then apply them again."
        )


@dataclass(frozen=True)
class Errorless:
    content: ReportContent
    data: dict[str, Any]


def validated(content: dict[str, Any]) -> Errorless:
    try:
        parsed = ReportContent.model_validate(content)
    except ValidationError as exc:
        raise ContentInvalid(
            [
                {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]}
                for e in exc.errors()
            ]
        ) from exc
    return Errorless(parsed, parsed.model_dump(mode="json"))


def officers_of_agency(agency_id: int, content: ReportContent) -> None:
    """A report names only officers of its own agency."""
    wanted = {o.officer_id for o in content.officers}
    known = set(
        rm.Officer.objects.filter(agency_id=agency_id, pk__in=wanted).values_list(
            "pk", flat=True
        )
    )
    errors = [
        {"loc": f"officers.{n}.officer_id", "msg": "not an officer of this agency"}
        for n, o in enumerate(content.officers)
        if o.officer_id not in known
    ]
    if errors:
        raise ContentInvalid(errors)


def _name_officers(report: FieldReport, content: ReportContent) -> None:
    """Rebuild the index of officers the report's current version names."""
    NamedOfficer.objects.filter(report=report).delete()
    NamedOfficer.objects.bulk_create(
        NamedOfficer(report=report, officer_id=officer_id)
        for officer_id in sorted({o.officer_id for o in content.officers})
    )


def _next_number(agency: rm.Agency, year: int) -> str:
    count = FieldReport.objects.filter(
        agency=agency, number__startswith=f"UF-{year}-"
    ).count()
    return f"UF-{year}-{count + 1:06d}"


def report_create(
    *,
    actor: AbstractBaseUser,
    agency: rm.Agency,
    content: dict[str, Any],
    unit: str = "",
) -> FieldReport:
    """Start a draft; the author is the acting officer."""
    who = principal_for(actor)
    if not may_create(who, agency.pk):
        raise PermissionDenied("only an officer of this agency can file a report")
    doc = validated(content)
    officers_of_agency(agency.pk, doc.content)
    officer_id = next(
        g.officer_id for g in who.in_agency(agency.pk) if g.officer_id is not None
    )
    now = timezone.now()
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=str(actor.pk),
            action="report_create",
            summary=f"draft report in {agency.slug}",
        ) as audit,
    ):
        grant_unit = next((g.unit for g in who.in_agency(agency.pk) if g.unit), "")
        report = FieldReport(
            agency=agency,
            number=_next_number(agency, now.year),
            unit=unit or grant_unit,
            author_id=actor.pk,
            officer_id=officer_id,
            status=Status.DRAFT,
            version=1,
            content=doc.data,
            occurred_date=doc.content.incident.occurred_date,
            created_at=now,
            updated_at=now,
        )
        audit.save(report)
        _name_officers(report, doc.content)
        audit.save(
            ReportVersion(
                report=report, version=1, content=doc.data, author_id=actor.pk, at=now
            )
        )
    return report


@contextlib.contextmanager
def _report_write(
    actor: AbstractBaseUser, action: str, report_id: int, summary: str
) -> Iterator[tuple[AuditWriter, FieldReport]]:
    """One audited transaction on one report, locked against concurrent writers."""
    with (
        transaction.atomic(durable=True),
        audit_write(actor=str(actor.pk), action=action, summary=summary) as audit,
    ):
        yield audit, _locked(report_id)


def _locked(report_id: int) -> FieldReport:
    return (
        FieldReport.objects.select_for_update()
        .select_related("agency")
        .get(pk=report_id)
    )


def report_save(
    *,
    actor: AbstractBaseUser,
    report_id: int,
    expected_version: int,
    content: dict[str, Any],
) -> FieldReport:
    """Store a corrected document as a new version, unless someone saved first."""
    doc = validated(content)
    now = timezone.now()
    with _report_write(
        actor, "report_save", report_id, f"report {report_id} edited"
    ) as (audit, report):
        if not allowed(principal_for(actor), Action.EDIT, report_facts(report)):
            raise PermissionDenied(
                "this report cannot be edited by you in its present state"
            )
        if report.version != expected_version:
            raise StaleReport(report, expected_version)
        officers_of_agency(report.agency_id, doc.content)
        report.version += 1
        report.content = doc.data
        report.occurred_date = doc.content.incident.occurred_date
        _name_officers(report, doc.content)
        report.updated_at = now
        audit.save(report, changed={"version": report.version})
        audit.save(
            ReportVersion(
                report=report,
                version=report.version,
                content=doc.data,
                author_id=actor.pk,
                at=now,
            )
        )
    return report


def report_transition(
    *,
    actor: AbstractBaseUser,
    report_id: int,
    to_status: str,
    reason: str = "",
    expected_version: int | None = None,
) -> FieldReport:
    """Move a report along the workflow; approval writes the canonical records."""
    now = timezone.now()
    with _report_write(
        actor, "report_transition", report_id, f"report {report_id} -> {to_status}"
    ) as (audit, report):
        target = Status(to_status)
        action = TRANSITIONS.get((Status(report.status), target))
        if action is None:
            raise PermissionDenied(
                f"a {report.get_status_display().lower()} report "
                f"cannot become {target.label.lower()}"
            )
        if not allowed(principal_for(actor), action, report_facts(report)):
            raise PermissionDenied(f"you may not {action.value} this report")
        if expected_version is not None and report.version != expected_version:
            raise StaleReport(report, expected_version)
        if target in REASON_REQUIRED and not reason.strip():
            raise ContentInvalid([{"loc": "reason", "msg": "say why"}])
        audit.save(
            Transition(
                report=report,
                from_status=report.status,
                to_status=target,
                by_id=actor.pk,
                at=now,
                reason=reason,
            )
        )
        report.status = target
        report.updated_at = now
        if target == Status.SUBMITTED:
            report.submitted_at = now
            report.review_due = now + REVIEW_DEADLINE
        if target == Status.APPROVED:
            report.incident_id = report_materialize(report=report, audit=audit)
        audit.save(report, changed={"status": target.value})
    if target == Status.APPROVED and report.incident_id is not None:
        # an approved report is checked against policy at once: findings reach
        # the reviewers' queue, deadly force opens its review case
        check_agency(
            report.agency,
            incident_ids=[report.incident_id],
            actor=str(actor.pk),
        )
    return report


def statement_file(
    *, actor: AbstractBaseUser, report_id: int, text: str, intervened: bool | None
) -> WitnessStatement:
    """A named officer's own account of what they saw and whether they intervened."""
    if not text.strip():
        raise ContentInvalid([{"loc": "text", "msg": "describe what you saw"}])
    with _report_write(
        actor, "statement_file", report_id, f"statement on {report_id}"
    ) as (audit, report):
        who = principal_for(actor)
        facts = report_facts(report)
        if not allowed(who, Action.WITNESS, facts):
            raise PermissionDenied(
                "only an officer named in the report files a statement"
            )
        officer_id = next(
            g.officer_id
            for g in who.in_agency(report.agency_id)
            if g.officer_id is not None and g.officer_id in facts.officer_ids
        )
        statement = WitnessStatement(
            report=report,
            officer_id=officer_id,
            author_id=actor.pk,
            text=text,
            intervened=intervened,
            at=timezone.now(),
        )
        audit.save(statement)
    return statement
