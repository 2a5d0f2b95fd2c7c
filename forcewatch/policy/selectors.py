"""Reads for policy review: the findings queue, a finding's rule and evidence,
deadly-force cases, the learning-loop tables and the interventions report.

The learning-loop tables are single ORM aggregate queries (GROUP BY in the
database), so their cost does not grow with Python loops over findings. A
finding counts by its latest disposition (`Finding.outcome`); cleared findings
(the corrected report no longer meets the rule) are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear

from forcewatch.accounts.models import Role
from forcewatch.accounts.policies import FindingFacts
from forcewatch.policy.models import (
    CaseEvent,
    DeadlyForceCase,
    Disposition,
    Finding,
    FindingStatus,
    Kind,
    Outcome,
    RuleVersion,
)
from forcewatch.policy.pack import DEFAULT_PACK, Pack, PackError, load_pack
from forcewatch.policy.schema import resolve
from forcewatch.records import models as rm
from forcewatch.reporting.models import FieldReport

COUNTS = ("violations", "incomplete", "open", *Outcome.values)
BY = ("rule", "unit", "period")
PERIODS = ("year", "quarter")
HIGHLIGHTED = 3  # rules shown as most often disposed as policy gap or training


def finding_facts(finding: Finding) -> FindingFacts:
    return FindingFacts(finding.agency_id, finding.unit, finding.officer_id)


# -- the findings queue and one finding ------------------------------------------


def finding_list(
    *,
    agency_id: int,
    units: frozenset[str] | None,
    kind: str = "",
    rule: str = "",
    severity: str = "",
    status: str = FindingStatus.OPEN,
) -> QuerySet[Finding]:
    """The agency's findings in these units (None: all), newest incident first,
    one report's findings together."""
    qs = Finding.objects.filter(agency_id=agency_id)
    if units is not None:
        qs = qs.filter(unit__in=units)
    filters = {"kind": kind, "rule_id": rule, "severity": severity, "status": status}
    qs = qs.filter(**{name: value for name, value in filters.items() if value})
    return qs.select_related("report", "incident", "officer").order_by(
        "-incident_date", "unit_key", "rule_id", "item", "pk"
    )


def finding_rules(*, agency_id: int) -> list[str]:
    """The rule ids an agency has findings of (the queue's rule filter)."""
    rows = Finding.objects.filter(agency_id=agency_id).values_list("rule_id", flat=True)
    return sorted(set(rows.distinct()))


def finding_history(finding: Finding) -> list[Disposition]:
    return list(finding.dispositions.select_related("by").order_by("at", "pk"))


@lru_cache(maxsize=4)
def _pack_at(path: str, mtime: float) -> Pack:
    return load_pack(path)


def current_pack() -> Pack | None:
    """The default pack as the file is now (read again when it changes)."""
    try:
        return _pack_at(str(DEFAULT_PACK), DEFAULT_PACK.stat().st_mtime)
    except (OSError, PackError):
        return None


@dataclass
class RuleShown:
    """The rule version a finding was made with, and where its text came from."""

    definition: dict[str, Any]
    from_pack: bool  # False: the pack file no longer has it; the registry does


def rule_shown(finding: Finding) -> RuleShown | None:
    """The rule from the current pack file, or as registered when first used
    if the file no longer has that version (or has changed it)."""
    registered = RuleVersion.objects.filter(
        pack=finding.pack, rule_id=finding.rule_id, version=finding.rule_version
    ).first()
    pack = current_pack()
    rule = None
    if pack is not None and pack.name == finding.pack:
        rule = pack.rule(finding.rule_id, finding.rule_version)
    if rule is not None and (registered is None or rule.same_as(registered.definition)):
        return RuleShown(rule.model_dump(mode="json"), from_pack=True)
    if registered is not None:
        return RuleShown(registered.definition, from_pack=False)
    return None


def facts_named(each: str, paths: list[str]) -> list[tuple[str, str]]:
    """Each report-view path with what it means (docs/policy-rules.md)."""
    out = []
    for path in paths:
        fact = resolve(each, path)
        out.append((path, fact.about if fact else ""))
    return out


def staff_report_id(finding: Finding) -> int | None:
    """The staff report page an incident came from (keys `form:<number>`)."""
    key = finding.incident.source_key
    if not key.startswith("form:"):
        return None
    return (
        FieldReport.objects.filter(agency_id=finding.agency_id, number=key[5:])
        .values_list("pk", flat=True)
        .first()
    )


def incident_force(incident_id: int) -> QuerySet[rm.ForceApplication]:
    """The force used at an incident, in order, with who used it on whom."""
    return (
        rm.ForceApplication.objects.filter(incident_id=incident_id)
        .select_related("involvement__officer", "subject")
        .order_by("sequence", "pk")
    )


# -- deadly-force cases ------------------------------------------------------------


def case_list(*, agency_id: int, status: str = "") -> QuerySet[DeadlyForceCase]:
    qs = DeadlyForceCase.objects.filter(agency_id=agency_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("investigator").order_by(
        F("incident_date").desc(nulls_last=True), "-pk"
    )


def case_events(case: DeadlyForceCase) -> list[CaseEvent]:
    return list(case.events.select_related("by").order_by("at", "pk"))


def investigators(*, agency_id: int) -> QuerySet[User]:
    """Who may be named investigator: the agency's professional standards staff."""
    return (
        User.objects.filter(
            memberships__agency_id=agency_id,
            memberships__role=Role.PROFESSIONAL_STANDARDS,
            memberships__active=True,
        )
        .distinct()
        .order_by("username")
    )


# -- the learning loop ---------------------------------------------------------------


def _counts() -> dict[str, Any]:
    out: dict[str, Any] = {
        "violations": Count("pk", filter=Q(kind=Kind.VIOLATION)),
        "incomplete": Count("pk", filter=Q(kind=Kind.INCOMPLETE)),
        "open": Count("pk", filter=Q(status=FindingStatus.OPEN)),
    }
    out.update({o: Count("pk", filter=Q(outcome=o)) for o in Outcome.values})
    return out


def _period_keys(path: str, period: str) -> dict[str, Any]:
    keys: dict[str, Any] = {"year": ExtractYear(path)}
    if period == "quarter":
        keys["quarter"] = ExtractQuarter(path)
    return keys


def period_label(row: dict[str, Any]) -> str:
    if row.get("year") is None:
        return ""
    quarter = row.get("quarter")
    return f"{row['year']}-Q{quarter}" if quarter else str(row["year"])


@dataclass
class LearningTables:
    by_rule: list[dict[str, Any]] = field(default_factory=list)
    by_unit: list[dict[str, Any]] = field(default_factory=list)
    by_period: list[dict[str, Any]] = field(default_factory=list)
    highlighted: list[dict[str, Any]] = field(default_factory=list)

    def table(self, by: str) -> list[dict[str, Any]]:
        return {"rule": self.by_rule, "unit": self.by_unit, "period": self.by_period}[
            by
        ]


def _findings_counted(
    agency_id: int, start: date | None, end: date | None
) -> QuerySet[Finding]:
    qs = Finding.objects.filter(agency_id=agency_id).exclude(
        status=FindingStatus.CLEARED
    )
    if start is not None:
        qs = qs.filter(incident_date__gte=start)
    if end is not None:
        qs = qs.filter(incident_date__lte=end)
    return qs


def rule_titles(rule_ids: list[str]) -> dict[str, str]:
    """Each rule's title: its newest version in the pack file, else as registered."""
    pack = current_pack()
    titles = {
        rid: pack.by_id[rid][-1].title
        for rid in rule_ids
        if pack is not None and rid in pack.by_id
    }
    for rid, definition in (
        RuleVersion.objects.filter(rule_id__in=set(rule_ids) - set(titles))
        .order_by("rule_id", "version")
        .values_list("rule_id", "definition")
    ):
        titles[rid] = str(definition.get("title", ""))
    return titles


def learning_tables(
    *,
    agency_id: int,
    start: date | None = None,
    end: date | None = None,
    period: str = "year",
) -> LearningTables:
    """Findings and dispositions by rule, by unit and by period (incident date)."""
    qs = _findings_counted(agency_id, start, end)
    counts = _counts()
    by_rule: list[dict[str, Any]] = [
        {**r, "key": r["rule_id"]}
        for r in qs.values("rule_id").annotate(**counts).order_by("rule_id")
    ]
    titles = rule_titles([r["key"] for r in by_rule])
    for row in by_rule:
        row["label"] = titles.get(row["key"], "")
    by_unit: list[dict[str, Any]] = [
        {**r, "key": r["unit"], "label": r["unit"]}
        for r in qs.values("unit").annotate(**counts).order_by("unit")
    ]
    keys = _period_keys("incident_date", period)
    by_period = [
        {**r, "key": period_label(r), "label": period_label(r)}
        for r in qs.annotate(**keys)
        .values(*keys)
        .annotate(**counts)
        .order_by(*(F(k).asc(nulls_last=True) for k in keys))
    ]
    by_rule.sort(key=_most_first)
    by_unit.sort(key=_most_first)
    tables = LearningTables(by_rule, by_unit, by_period)
    tables.highlighted = _highlight(by_rule)
    return tables


def _most_first(row: dict[str, Any]) -> tuple[int, str]:
    return (-(row["violations"] + row["incomplete"]), row["key"])


def _highlight(by_rule: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules most often disposed as a policy gap or a training issue."""
    for row in by_rule:
        row["gap_or_training"] = row[Outcome.POLICY_GAP] + row[Outcome.TRAINING_ISSUE]
    ranked = sorted(
        (r for r in by_rule if r["gap_or_training"]),
        key=lambda r: (-r["gap_or_training"], r["key"]),
    )[:HIGHLIGHTED]
    for row in by_rule:
        row["highlight"] = row in ranked
    return ranked


# -- officers who intervened ---------------------------------------------------------


def interventions(
    *,
    agency_id: int,
    units: frozenset[str] | None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[rm.OfficerInvolvement]:
    """Officers recorded as intervening (role, or the `intervened` flag), newest
    incident first."""
    qs = (
        rm.OfficerInvolvement.objects.filter(agency_id=agency_id)
        .filter(Q(role=rm.Role.INTERVENED) | Q(intervened=True))
        .select_related("officer", "incident")
        .order_by("-incident__occurred_date", "-pk")
    )
    if units is not None:
        qs = qs.filter(unit__in=units)
    if start is not None:
        qs = qs.filter(incident__occurred_date__gte=start)
    if end is not None:
        qs = qs.filter(incident__occurred_date__lte=end)
    return qs


def interventions_by_period(
    qs: QuerySet[rm.OfficerInvolvement], period: str = "year"
) -> list[dict[str, Any]]:
    keys = _period_keys("incident__occurred_date", period)
    rows = (
        qs.annotate(**keys)
        .values(*keys)
        .annotate(
            interventions=Count("pk"), officers=Count("officer_id", distinct=True)
        )
        .order_by(*(F(k).asc(nulls_last=True) for k in keys))
    )
    return [{**r, "label": period_label(r)} for r in rows]
