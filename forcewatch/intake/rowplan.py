"""Run a compiled source over one row: the records it yields and their links."""

from __future__ import annotations

from typing import Any

from forcewatch.intake.batch import Batch, Pending, Ref
from forcewatch.intake.errors import RowError
from forcewatch.intake.mapping.fields import ValueProblem, parse_age
from forcewatch.intake.plan import (
    Cells,
    Compiled,
    Item,
    RowProblem,
    SkipRow,
    SourcePlanner,
)

Planned = tuple[str, Item | None, dict[str, Any]]


def plan_row(planner: SourcePlanner, number: int, cells: Cells, batch: Batch) -> None:
    """Add the records of one row to the batch, or note why it was skipped or bad."""
    batch.rows += 1
    if planner.cols.virtual:
        width = len(planner.cols.header)
        cells = (cells + [""] * (width - len(cells)))[:width] + planner.cols.virtual
    for test, reason in planner.skips:
        if test(cells, None):
            batch.skipped.append({"row": number, "reason": reason})
            return
    try:
        RowPlan(planner, number, cells, batch).run()
    except SkipRow as skip:
        batch.skipped.append({"row": number, "reason": str(skip)})
    except RowProblem as problem:
        batch.errors.append(
            RowError(planner.file, number, problem.column, problem.reason)
        )


class RowPlan:
    def __init__(self, planner: SourcePlanner, number: int, cells: Cells, batch: Batch):
        self.p, self.number, self.cells, self.batch = planner, number, cells, batch
        self.extra: dict[str, str] = {"row": str(number), "file": planner.file_tag}
        self.inc_key: str | None = None
        self.inc_ref: Ref | None = None
        self.rep_ref: Ref | None = None
        self.eng_ref: Ref | None = None
        self.comp_ref: Ref | None = None
        self.inv_refs: list[Ref] = []
        self.subj_refs: list[Ref] = []
        self.officers: list[tuple[str, Ref, Item | None]] = []

    def run(self) -> None:
        entities = self.p.entities
        if self.p.source.link:
            self.follow_links()
        if "incident" in entities:
            self.plan_incident()
        if "report" in entities:
            self.plan_report()
        if "complaint" in entities:
            self.plan_complaint()
        self.plan_officers()
        if "subject" in entities:
            self.plan_subjects()
        if "engagement" in entities:
            self.plan_engagement()
        for kind in ("force", "resistance"):
            if kind in entities:
                self.plan_actions(kind)
        if "review" in entities:
            self.plan_review()
        if "allegation" in entities:
            self.plan_allegations()

    # -- links to earlier imports ------------------------------------------
    def follow_links(self) -> None:
        p = self.p
        for kind, link in p.source.link.items():
            rendered = (r(self.cells, None, self.extra) for r in p.link_keys(kind))
            keys = [k for k in rendered if k]
            if not keys:
                raise RowProblem(None, f"the key of the linked {kind} is empty")
            # several key templates: the first that names an existing record is used
            key, info = keys[0], None
            for candidate in keys:
                found = p.links.get(kind, candidate) if p.links else None
                if found is not None:
                    key, info = candidate, found
                    break
            if info is None:
                tried = " or ".join(repr(k) for k in keys)
                message = (
                    f"no {kind} with key {tried} has been imported "
                    "(import that file first)"
                )
                if link.missing == "skip":
                    raise SkipRow(message)
                raise RowProblem(None, message)
            self.extra[kind] = key
            if kind == "officer":
                self.officers.append((key, info.pk, None))
                continue
            if kind == "complaint":
                self.comp_ref = info.pk
                continue
            self.inc_ref, self.inc_key = info.incident_pk, info.incident_key
            self.extra["incident"] = info.incident_key
            if kind == "subject":
                self.subj_refs = [info.pk]
            if kind == "report":
                self.rep_ref, self.eng_ref = info.pk, info.engagement_pk
                self.inv_refs = [info.involvement_pk] if info.involvement_pk else []
                self.subj_refs = [info.subject_pk] if info.subject_pk else []

    # -- records -------------------------------------------------------------
    def emit(self, kind: str, items: list[Item | None] | None = None) -> list[Planned]:
        compiled = self.p.entities.get(kind)
        if compiled is None:
            return []
        if items is None:
            items = list(compiled.items(self.cells)) if compiled.items else [None]
        out = []
        for index, item in enumerate(items, start=1):
            if not self.admits(compiled, item):
                continue
            extra = {**self.extra, "index": str(index)}
            key = None
            for render in compiled.keys:
                key = render(self.cells, item, extra)
                if key:
                    break
            key = key or None
            if key is None:
                if compiled.keys:
                    raise RowProblem(
                        None, f"the {kind} key is empty ({compiled.spec.key})"
                    )
                key = f"{self.p.file_tag}:{self.number}:{kind}:{index}"
            out.append((key, item, self.values(compiled, item)))
        return out

    def admits(self, compiled: Compiled, item: Item | None) -> bool:
        """Whether the entity's `when` conditions hold for this row (and item)."""
        for test in compiled.when:
            if not test(self.cells, item):
                return False
        return True

    def values(self, compiled: Compiled, item: Item | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for plan in compiled.fields:
            raw = plan.fetch(self.cells, item)
            try:
                value = plan.convert(raw)
                if plan.targets:
                    low, high = parse_age(str(value)) if value else (None, None)
                    values[plan.targets[0]], values[plan.targets[1]] = low, high
                    continue
            except ValueProblem as problem:
                raise RowProblem(
                    plan.column, f"{compiled.kind}.{plan.name}: {problem}"
                ) from None
            values[plan.name] = value
            if plan.raw_name:
                values[plan.raw_name] = (raw or "")[:300]
        return values

    def add(
        self, kind: str, key: str, values: dict[str, Any], refs: dict[str, Any]
    ) -> None:
        refs = {name: ref for name, ref in refs.items() if ref is not None}
        self.batch.add(kind, key, Pending(values, refs, self.number))

    def need_incident(self, kind: str) -> Ref:
        if self.inc_ref is None:
            raise RowProblem(None, f"a {kind} needs an incident, and this row has none")
        return self.inc_ref

    def plan_incident(self) -> None:
        for key, _, values in self.emit("incident"):
            self.add("incident", key, values, {})
            self.inc_key, self.inc_ref = key, ("incident", key)
            self.extra["incident"] = key

    def plan_report(self) -> None:
        for key, _, values in self.emit("report"):
            self.add(
                "report", key, values, {"incident_id": self.need_incident("report")}
            )
            self.rep_ref = ("report", key)
            self.extra["report"] = key

    def plan_officers(self) -> None:
        compiled = self.p.entities.get("officer")
        for key, item, values in self.emit("officer"):
            self.add("officer", key, values, {})
            self.officers.append((key, ("officer", key), item))
            for scheme, render in compiled.identifiers.items() if compiled else ():
                value = render(self.cells, item, {**self.extra, "officer": key})
                if value:
                    self.add(
                        "identifier",
                        # badges are reissued: a number may belong to another officer
                        f"{key}|{scheme}:{value}",
                        {"scheme": scheme, "value": value},
                        {"officer_id": ("officer", key)},
                    )
        if self.officers:
            self.extra["officer"] = self.officers[0][0]
        self.plan_involvements()

    def plan_involvements(self) -> None:
        compiled = self.p.entities.get("involvement")
        if not self.officers or (self.inc_ref is None and compiled is None):
            return
        self.inv_refs = []
        for okey, oref, item in self.officers:
            values = self.values(compiled, item) if compiled else {}
            key = f"{self.inc_key}|{okey}"
            self.add(
                "involvement",
                key,
                values,
                {"incident_id": self.need_incident("involvement"), "officer_id": oref},
            )
            self.inv_refs.append(("involvement", key))

    def plan_subjects(self) -> None:
        planned = self.emit("subject")
        if planned:
            self.subj_refs = []
        for key, _, values in planned:
            self.add(
                "subject", key, values, {"incident_id": self.need_incident("subject")}
            )
            self.subj_refs.append(("subject", key))
            self.extra["subject"] = key

    def only(self, refs: list[Ref]) -> Ref | None:
        return refs[0] if len(refs) == 1 else None

    def plan_engagement(self) -> None:
        for key, _, values in self.emit("engagement"):
            self.add(
                "engagement",
                key,
                values,
                {
                    "incident_id": self.need_incident("engagement"),
                    "involvement_id": self.only(self.inv_refs),
                    "subject_id": self.only(self.subj_refs),
                    "report_id": self.rep_ref,
                },
            )
            self.eng_ref = ("engagement", key)

    def plan_actions(self, kind: str) -> None:
        parent = self.eng_ref or self.rep_ref or self.inc_ref
        for key, _, values in self.emit(kind):
            if "sequence" not in values:
                self.p.sequence[parent] += 1
                values["sequence"] = self.p.sequence[parent]
            refs: dict[str, Any] = {
                "incident_id": self.need_incident(kind),
                "subject_id": self.only(self.subj_refs),
                "report_id": self.rep_ref,
            }
            if kind == "force":
                refs["involvement_id"] = self.only(self.inv_refs)
                refs["engagement_id"] = self.eng_ref
            self.add(kind, key, values, refs)

    def plan_review(self) -> None:
        for key, _, values in self.emit("review"):
            if self.rep_ref is None:
                raise RowProblem(
                    None, "a review step needs a report (a `report` or a link)"
                )
            self.add("review", key, values, {"report_id": self.rep_ref})

    def plan_complaint(self) -> None:
        for key, _, values in self.emit("complaint"):
            self.add("complaint", key, values, {})
            self.comp_ref = ("complaint", key)
            self.extra["complaint"] = key

    def plan_allegations(self) -> None:
        for key, _, values in self.emit("allegation"):
            if self.comp_ref is None:
                raise RowProblem(
                    None, "an allegation needs a complaint (a `complaint` or a link)"
                )
            officer = self.officers[0][1] if len(self.officers) == 1 else None
            refs = {"complaint_id": self.comp_ref, "officer_id": officer}
            self.add("allegation", key, values, refs)
