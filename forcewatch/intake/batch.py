"""The records an import plans, keyed, before they are written."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from forcewatch.intake.errors import RowError
from forcewatch.intake.mapping.fields import is_empty
from forcewatch.records import models as rm
from forcewatch.records.models.base import Recorded

MODELS: dict[str, type[Recorded]] = {
    "officer": rm.Officer,
    "identifier": rm.OfficerIdentifier,
    "incident": rm.Incident,
    "involvement": rm.OfficerInvolvement,
    "report": rm.Report,
    "subject": rm.Subject,
    "engagement": rm.Engagement,
    "force": rm.ForceApplication,
    "resistance": rm.SubjectAction,
    "review": rm.ReviewStep,
    "complaint": rm.Complaint,
    "allegation": rm.Allegation,
}
WRITE_ORDER = list(MODELS)
Ref = tuple[str, str] | int


@dataclass
class Pending:
    values: dict[str, Any]
    refs: dict[str, Ref]
    row: int


@dataclass
class Batch:
    records: dict[str, dict[str, Pending]] = field(
        default_factory=lambda: {kind: {} for kind in MODELS}
    )
    skipped: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    def add(self, kind: str, key: str, pending: Pending) -> None:
        seen = self.records[kind].get(key)
        if seen is None:
            self.records[kind][key] = pending
            return
        for name, value in pending.values.items():
            if is_empty(seen.values.get(name)) and not is_empty(value):
                seen.values[name] = value
        for name, ref in pending.refs.items():
            seen.refs.setdefault(name, ref)


@dataclass
class LinkInfo:
    pk: int
    incident_pk: int
    incident_key: str
    engagement_pk: int | None = None
    involvement_pk: int | None = None
    subject_pk: int | None = None


class LinkResolver:
    """Finds records earlier sources created, by their source keys."""

    def __init__(self, agency: rm.Agency, kinds: set[str]):
        self.tables: dict[str, dict[str, LinkInfo]] = {}
        for kind in kinds:
            self.tables[kind] = self._load(agency, kind)

    @staticmethod
    def _load(agency: rm.Agency, kind: str) -> dict[str, LinkInfo]:
        model = MODELS[kind]
        if kind in ("officer", "complaint"):
            return {
                key: LinkInfo(pk, 0, "")
                for key, pk in model._default_manager.filter(agency=agency).values_list(
                    "source_key", "pk"
                )
            }
        if kind == "incident":
            return {
                key: LinkInfo(pk, pk, key)
                for key, pk in model._default_manager.filter(agency=agency).values_list(
                    "source_key", "pk"
                )
            }
        rows = model._default_manager.filter(agency=agency).values_list(  # type: ignore[misc]
            "source_key", "pk", "incident_id", "incident__source_key"
        )
        table = {key: LinkInfo(pk, inc, inc_key) for key, pk, inc, inc_key in rows}
        if kind == "report":
            by_pk = {info.pk: info for info in table.values()}
            engagements = rm.Engagement.objects.filter(
                agency=agency, report__isnull=False
            ).values_list("report_id", "pk", "involvement_id", "subject_id")
            counts = Counter(report for report, *_ in engagements)
            for report, pk, involvement, subject in engagements:
                if counts[report] == 1:
                    info = by_pk[report]
                    info.engagement_pk, info.involvement_pk, info.subject_pk = (
                        pk,
                        involvement,
                        subject,
                    )
        return table

    def get(self, kind: str, key: str) -> LinkInfo | None:
        return self.tables[kind].get(key)
