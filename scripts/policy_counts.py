"""Count what the default pack makes of one agency's reports (for the findings doc).

Run by `policy_on_public_data.py` inside a data set's own database (the environment
names it). Every report view is built once (`ViewBuilder`) and evaluated with the
engine; per rule it counts the reports and items the rule applied to and how each
came out, which needed facts were missing, and keeps worked examples. It also
reports how often each fact the pack reads is recorded at all, and cross-checks
the counts against the findings `forcewatch check` stored.

    python scripts/policy_counts.py --agency chicago --out counts.json FILES...
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import cel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from forcewatch.policy.schema import COLLECTIONS  # noqa: E402

EXAMPLES = 3
# the facts whose coverage the document tabulates, by collection
COVERAGE = {
    "report": ["status"],
    "incident": ["time", "demonstration", "via_911", "call_type"],
    "subjects": [
        "armed",
        "armed_with",
        "fleeing",
        "in_moving_vehicle",
        "threat_means",
        "resistance_level",
        "injured",
        "complained_of_injury",
        "first_aid_given",
        "medical_requested",
        "medical_minutes",
        "handcuffed",
        "handcuff_justification",
    ],
    "officers": ["warning_given", "warning_feasible", "deescalation", "intervened"],
    "force": ["resistance_level", "body_region", "at_vehicle", "indiscriminate"],
}


class RuleCounts:
    def __init__(self) -> None:
        self.units: Counter[str] = Counter()  # in_force, applied, fired, ...
        self.items: Counter[str] = Counter()  # applied, fired, passed, incomplete
        self.missing: Counter[str] = Counter()  # needed fact -> items lacking it
        self.fired: list[dict[str, Any]] = []
        self.incomplete: list[dict[str, Any]] = []
        self.profiles: Counter[str] = Counter()  # evidence values of fired items


_PROGRAMS: dict[str, Any] = {}


def items_of(rule: Any) -> Any:
    """A CEL program of the rule's verdict on each item it applies to, written
    from the rule's own fields (the engine's internal programs are its business):
    true fires, false passes, null lacks a needed fact."""
    if rule.label in _PROGRAMS:
        return _PROGRAMS[rule.label]
    needs = " && ".join(f"{p} != null" for p in rule.needs) or "true"
    verdict = f"({needs}) ? ({rule.violation or 'false'}) : null"
    if rule.each == "report":
        source = f"({rule.when}) ? [{verdict}] : []"
    else:
        var, items = rule.each, COLLECTIONS[rule.each]
        source = f"report.{items}.filter({var}, {rule.when}).map({var}, {verdict})"
    program = _PROGRAMS[rule.label] = cel.compile(source)
    return program


def status_of(verdicts: list[str]) -> str:
    for status in ("fired", "incomplete"):
        if status in verdicts:
            return status
    return "passed"


def profile(evidence: dict[str, Any]) -> str:
    """The evidence of a fired item without identifiers, to see what fires."""
    return json.dumps(
        {
            k: v
            for k, v in sorted(evidence.items())
            if not k.startswith("report.") and not k.endswith(".key")
        }
    )


def sha256_prefix(path: Path) -> str:
    from forcewatch.core.lib.hashing import file_sha256

    return file_sha256(str(path))[:12]


def example(unit: Any, result: Any) -> dict[str, Any]:
    return {
        "incident_id": unit.incident_id,
        "unit": unit.key,
        "report": unit.view["key"],
        "date": unit.view["date"],
        "item": result.item,
        "missing": list(result.missing),
        "evidence": {
            k: v for k, v in result.evidence.items() if not k.startswith("report.")
        },
    }


def spread(rows: list[dict[str, Any]], n: int = EXAMPLES) -> list[dict[str, Any]]:
    """n examples spread over the (date-ordered) list: first, middle, last; with
    what the source said of a force application (its raw type and resistance)."""
    from forcewatch.records import models as rm

    rows = sorted(rows, key=lambda r: (r["date"] or "", r["unit"], r["item"]))
    if len(rows) > n:
        step = (len(rows) - 1) / (n - 1)
        rows = [rows[round(i * step)] for i in range(n)]
    for row in rows:
        kind, _, key = row["item"].partition(":")
        if kind == "force":
            raw = (
                rm.ForceApplication.objects.filter(
                    incident_id=row["incident_id"], source_key=key
                )
                .values("force_type_raw", "resistance_raw", "effect")
                .first()
            )
            row["source"] = {k: v for k, v in (raw or {}).items() if v}
    return rows


def count(agency_slug: str) -> dict[str, Any]:
    from forcewatch.policy.engine import Engine
    from forcewatch.policy.pack import load_pack
    from forcewatch.policy.view import ViewBuilder
    from forcewatch.records import models as rm

    agency = rm.Agency.objects.get(slug=agency_slug)
    pack = load_pack()
    engine = Engine(pack)
    builder = ViewBuilder(agency.pk)
    rules = {r.id: RuleCounts() for r in pack.rules}
    coverage: dict[str, Counter[str]] = defaultdict(Counter)
    units: Counter[str] = Counter()
    per_unit: list[list[Any]] = []
    dates: list[str] = []
    for unit in builder.units(builder.incident_ids()):
        units["all"] += 1
        units["report" if unit.report_id else "incident"] += 1
        _cover(unit.view, coverage)
        if unit.date is None:
            units["undated"] += 1
            continue
        dates.append(unit.view["date"])
        in_force = engine.rules_for(unit.date)
        if not in_force:
            units["no rule in force"] += 1
            continue
        outcome = engine.evaluate(unit)
        if outcome.errors:
            raise SystemExit(f"rule errors: {outcome.errors[:3]}")
        context = cel.Context({"report": engine.view_for_cel(unit)})
        for rule in in_force:
            counts = rules[rule.id]
            counts.units["in force"] += 1
            verdicts = [
                "passed" if v is False else "fired" if v else "incomplete"
                for v in items_of(rule).execute(context)
            ]
            counts.items.update(verdicts)
            counts.items["applied"] += len(verdicts)
            if verdicts != [] and status_of(verdicts) != outcome.status.get(rule.id):
                raise SystemExit(
                    f"{unit.key} {rule.id}: the engine says "
                    f"{outcome.status.get(rule.id)}, items {verdicts}"
                )
        for rule_id, status in outcome.status.items():
            rules[rule_id].units["applied"] += 1
            rules[rule_id].units[status] += 1
        for result in outcome.results:
            counts = rules[result.rule.id]
            counts.missing.update(result.missing)
            if result.fired:
                counts.profiles[profile(result.evidence)] += 1
            (counts.fired if result.fired else counts.incomplete).append(
                example(unit, result)
            )
        fired = sorted({r for r, s in outcome.status.items() if s == "fired"})
        lacking = sorted({r for r, s in outcome.status.items() if s == "incomplete"})
        per_unit.append([unit.view["key"], unit.view["status"], fired, lacking])
    return {
        "agency": agency_slug,
        "pack": {"name": pack.name, "version": pack.version, "sha256": pack.sha256},
        "units": dict(units),
        "dates": [min(dates), max(dates)] if dates else [None, None],
        "rules": {
            r.id: {
                "title": r.title,
                "kind": r.kind,
                "severity": r.severity,
                "each": r.each,
                "needs": r.needs,
                "effective_from": r.effective_from.isoformat(),
                "units": dict(rules[r.id].units),
                "items": dict(rules[r.id].items),
                "missing": dict(rules[r.id].missing.most_common()),
                "fired_examples": spread(rules[r.id].fired),
                "incomplete_examples": spread(rules[r.id].incomplete),
                "fired_profiles": dict(rules[r.id].profiles.most_common(5)),
                "fired_items": len(rules[r.id].fired),
                "incomplete_items": len(rules[r.id].incomplete),
            }
            for r in pack.rules
        },
        "coverage": {k: dict(v) for k, v in coverage.items()},
        "stored_findings": stored_findings(agency),
        "per_unit": per_unit,
    }


def _cover(view: dict[str, Any], coverage: dict[str, Counter[str]]) -> None:
    """Count, per fact, the elements that have it recorded (not null)."""
    for name in COVERAGE["report"]:
        coverage["report"]["(all)"] += 1
        coverage["report"][name] += view[name] is not None
    for name in COVERAGE["incident"]:
        coverage["incident"][name] += view["incident"][name] is not None
    coverage["incident"]["(all)"] += 1
    for collection in ("subjects", "officers", "force"):
        for element in view[collection]:
            coverage[collection]["(all)"] += 1
            for name in COVERAGE[collection]:
                coverage[collection][name] += element[name] is not None


def stored_findings(agency: Any) -> dict[str, dict[str, int]]:
    """Findings `forcewatch check` stored and did not clear, by rule and kind."""
    from django.db.models import Count

    from forcewatch.policy.models import Finding, FindingStatus

    out: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (
        Finding.objects.filter(agency=agency)
        .exclude(status=FindingStatus.CLEARED)
        .values("rule_id", "kind")
        .annotate(n=Count("id"))
    )
    for row in rows:
        out[row["rule_id"]][row["kind"]] = row["n"]
    return dict(out)


def deadly_force_cases(agency: Any) -> dict[str, int]:
    """Cases `forcewatch check` opened, and those whose every deadly force
    application was recorded as not at a person (animals, accidents)."""
    from forcewatch.policy.models import DeadlyForceCase
    from forcewatch.records import models as rm
    from forcewatch.records.codes import codelist

    deadly = [c for c, a in codelist("force_type").codes.items() if a.get("deadly")]
    cases = set(
        DeadlyForceCase.objects.filter(agency=agency).values_list(
            "incident_id", flat=True
        )
    )
    at_person = set(
        rm.ForceApplication.objects.filter(incident_id__in=cases, force_type__in=deadly)
        .exclude(discharged_at_person=False)
        .values_list("incident_id", flat=True)
    )
    return {"opened": len(cases), "not_at_person": len(cases - at_person)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agency", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("files", nargs="*", type=Path, help="the imported files")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from forcewatch.records import models as rm
    from forcewatch.records.selectors import record_counts

    result = count(args.agency)
    agency = rm.Agency.objects.get(slug=args.agency)
    result["records"] = record_counts(agency=agency)["total"]
    result["cases"] = deadly_force_cases(agency)
    result["files"] = [{"name": p.name, "sha256": sha256_prefix(p)} for p in args.files]
    per_unit = result.pop("per_unit")
    args.out.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    with gzip.open(args.out.with_name("units.json.gz"), "wt", encoding="utf-8") as fh:
        json.dump(per_unit, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
