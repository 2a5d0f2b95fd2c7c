"""Run an evaluation on a snapshot and write its tables and summary."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from ibis import BaseBackend

from forcewatch.analysis.eis.config import Thresholds
from forcewatch.analysis.eis.dataset import OfficerYears, officer_years
from forcewatch.analysis.eis.labels import Label, get_label
from forcewatch.analysis.eis.models import MODELS
from forcewatch.analysis.eis.report import (
    by_split,
    comparison,
    fairness,
    label_maturity,
)
from forcewatch.analysis.eis.scoring import (
    Plan,
    Scored,
    average_precisions,
    score_splits,
)
from forcewatch.analysis.manifest import load_manifest

# what a label's event is called when no record meets it (force: its conditions)
EVENT_NAMES = {
    "complaint": "sustained complaints",
    "out_of_policy": "out-of-policy dispositions",
}
TABLES = (
    "comparison",
    "by_split",
    "fairness",
    "flags",
    "labels",
    "training",
    "coefficients",
)


@dataclass
class Evaluation:
    summary: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]

    def write(self, out: str | Path) -> list[Path]:
        """summary.json and one CSV per table; returns the files written."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in TABLES:
            path = folder / f"{name}.csv"
            _write_csv(path, self.tables[name])
            written.append(path)
        path = folder / "summary.json"
        path.write_text(
            json.dumps(_clean(self.summary), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        return [*written, path]


def evaluate(
    con: BaseBackend,
    agency: str,
    thresholds: Thresholds,
    plan: Plan | None = None,
    snapshot: dict[str, Any] | None = None,
) -> Evaluation:
    """The whole evaluation of one agency: officer-years, scores, tables, summary."""
    plan = plan or Plan()
    unknown = [m for m in plan.models if m not in MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {unknown}; known: {', '.join(MODELS)}")
    label = get_label(plan.label)
    data = officer_years(
        con, agency, plan.splits(), thresholds, plan.horizon_days, label
    )
    _check_positives(data, label, plan)
    scored = score_splits(data, thresholds, plan)
    tables = {
        "comparison": comparison(data, scored, plan),
        "by_split": by_split(data, scored, plan),
        "fairness": fairness(data, scored, plan, ("baseline_k", "5%")),
        "flags": scored.explanations,
        "labels": label_maturity(data, plan),
        "training": scored.training,
        "coefficients": scored.coefficients,
    }
    summary = _summary(agency, thresholds, plan, label, data, scored, tables, snapshot)
    return Evaluation(summary, tables)


def _check_positives(data: OfficerYears, label: Label, plan: Plan) -> None:
    """Refuse a label the agency's records never meet (e.g. no complaints)."""
    if data.positive.any():
        return
    what = " or ".join(
        ", ".join(c.field for c in label.any_of) if e == "force" else EVENT_NAMES[e]
        for e in label.events
    )
    raise ValueError(
        f"label {label.id!r} is never positive in {len(data)} officer-years "
        f"{plan.first_train_year}-{plan.last_test_year}: the records hold no "
        f"{what} that meets it. Choose another label (--label; labels.yaml)."
    )


def evaluate_snapshot(
    snapshot_dir: str | Path,
    agency: str,
    thresholds: Thresholds,
    plan: Plan | None = None,
    con: BaseBackend | None = None,
) -> Evaluation:
    """Open the snapshot on DuckDB (unless `con` is given) and evaluate."""
    from forcewatch.analysis.backends import duckdb_backend

    manifest = load_manifest(Path(snapshot_dir))
    identity = {
        "folder": str(snapshot_dir),
        "content_sha256": manifest.content_sha256,
        "created_at": manifest.created_at,
        "forcewatch_version": manifest.forcewatch_version,
    }
    con = con or duckdb_backend(snapshot_dir)
    return evaluate(con, agency, thresholds, plan, identity)


def _summary(
    agency: str,
    thresholds: Thresholds,
    plan: Plan,
    label: Label,
    data: OfficerYears,
    scored: Scored,
    tables: dict[str, list[dict[str, Any]]],
    snapshot: dict[str, Any] | None,
) -> dict[str, Any]:
    test = data.split[scored.rows]
    return {
        "agency": agency,
        "snapshot": snapshot,
        "plan": asdict(plan),
        "thresholds": thresholds.as_dict(),
        "models": {n: MODELS[n].title for n in plan.models},
        "label": (
            f"{label.title} ({label.id}), dated in the {plan.horizon_days} days "
            "from the split date"
        ),
        "label_definition": label.as_dict(),
        "population": (
            "persons with a report of force or a complaint in the year before "
            "the split date"
        ),
        "test_officer_years": int(test.size),
        "test_officers": int(np.unique(data.person[scored.rows]).size),
        "test_positives": int(scored.y.sum()),
        "average_precision": average_precisions(data, scored),
        "comparison": tables["comparison"],
    }


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    if not rows:
        path.write_text("", encoding="utf-8")
        return
    names = list(rows[0])
    columns = {n: [_cell(r.get(n)) for r in rows] for n in names}
    pacsv.write_csv(pa.table(columns), path)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date | np.datetime64):
        return str(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _clean(value: Any) -> Any:
    """JSON-ready: dates as text, nan as null, numpy scalars as Python."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def headline(summary: dict[str, Any]) -> str:
    """A few lines: the baseline and each method at the baseline's own k."""
    rows = [r for r in summary["comparison"] if r["budget"] == "baseline_k"]
    lines = [
        f"{summary['agency']}: {summary['test_officer_years']} officer-years, "
        f"{summary['test_positives']} positives, at the threshold rules' own "
        "number of flags:"
    ]
    for r in rows:
        gain = r["tp_gain_relative"]
        interval = (
            f" ({gain:+.0%}, 95% interval {r['tp_gain_relative_lower']:+.0%} to "
            f"{r['tp_gain_relative_upper']:+.0%})"
            if r["method"] != "threshold" and math.isfinite(gain)
            else ""
        )
        lines.append(
            f"  {r['method']:<30} {r['flags']:7.0f} flags {r['tp']:6.1f} TP "
            f"precision {r['precision']:.1%} recall {r['recall']:.1%}{interval}"
        )
    return "\n".join(lines)
