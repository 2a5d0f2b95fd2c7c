"""A disparity result written out: a CSV per table, summary.txt, parameters.json."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.csv as pacsv

from forcewatch.analysis.disparity.denominators import Denominator
from forcewatch.analysis.disparity.facts import UNIT_LABELS
from forcewatch.analysis.manifest import ManifestError, load_manifest

if TYPE_CHECKING:
    from forcewatch.analysis.disparity.suite import DisparityResult

CAVEATS = """\
Caveats (docs/methods.md, "Disparities"):
- A disparity is not proof of bias: it can come from differences in exposure to police
  contact, in the situations officers meet, in resistance, in reporting, or in bias.
- Each denominator answers its own question; residents are not the population in contact
  with police. The census scheme may not match how the agency codes race (see above).
- Rates flagged unstable (fewer than 20 units) are not to be ranked or mapped.
- Judge a table by its q-values (Benjamini-Hochberg within the table), not by single
  p-values.
- Applications cluster within incidents: their intervals are too narrow; quote subjects
  or incidents for inference."""
CONTACT = """\
- This denominator conditions on a police contact: if contacts are themselves
  disparate, the ratios understate the disparity (Knox, Lowe & Mummolo 2020)."""


def parameters(
    snapshot: str | Path | None,
    agency: str,
    first: dt.date | None,
    last: dt.date | None,
    years: float | None,
    den: Denominator,
    dims: Sequence[str],
    reference: Mapping[str, str] | None,
) -> dict[str, Any]:
    content = None
    if snapshot is not None:
        try:
            content = load_manifest(snapshot).content_sha256
        except ManifestError:
            content = None
    references = {
        d: (reference or {}).get(d) or den.reference_for(d) for d in den.dimensions()
    }
    return {
        "snapshot": str(snapshot) if snapshot is not None else None,
        "snapshot_content_sha256": content,
        "agency": agency,
        "since": first.isoformat() if first else None,
        "until": last.isoformat() if last else None,
        "years": round(years, 4) if years else None,
        "denominator": {
            "name": den.name,
            "title": den.title,
            "kind": den.kind,
            "rate_per": den.rate_label(),
            "conditional_on_contact": den.conditional_on_contact,
            "period": den.period,
            "scheme": den.scheme,
            "file": den.path,
            "file_sha256": _sha256(den.path),
        },
        "reference": references,
        "dimensions": list(dims),
        "forcewatch_version": _version(),
    }


def write_result(result: DisparityResult, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in result.tables.items():
        path = out / f"{name}.csv"
        pacsv.write_csv(table, path)
        written.append(path)
    (out / "summary.txt").write_text(result.summary, encoding="utf-8")
    params = json.dumps(result.parameters, indent=2, ensure_ascii=False) + "\n"
    (out / "parameters.json").write_text(params, encoding="utf-8")
    return [*written, out / "summary.txt", out / "parameters.json"]


def summarise(
    tables: Mapping[str, pa.Table], params: Mapping[str, Any], den: Denominator
) -> str:
    """A short plain-text reading of the tables, with their units and denominator."""
    lines = _heading(tables, params, den)
    for d in params["dimensions"]:
        lines += _rates(tables[f"rates_{d}"].to_pylist(), d)
    for name in sorted(tables):
        if name.startswith("stratified_"):
            lines += _stratified(tables[name].to_pylist(), name)
    lines += _severity(tables)
    lines += _crisis(tables)
    lines += _missing(tables)
    lines += ["", CAVEATS]
    if den.conditional_on_contact:
        lines.append(CONTACT)
    return "\n".join(lines) + "\n"


def _heading(
    tables: Mapping[str, pa.Table], params: Mapping[str, Any], den: Denominator
) -> list[str]:
    digest = params.get("snapshot_content_sha256") or "not recorded"
    lines = [
        f"forcewatch disparity analysis: {params['agency']}",
        f"Snapshot: {params['snapshot']} (content sha256 {digest[:16]})",
        f"Period: {params['since']} to {params['until']}"
        + (
            f" ({params['years']:.2f} years)"
            if den.per_year and params["years"]
            else ""
        ),
        f"Denominator: {den.name}: {den.title}",
        f"  kind {den.kind}; rates {den.rate_label()}; period {den.period or '-'}",
    ]
    if den.scheme:
        lines.append(f"  scheme: {den.scheme}")
    first = next(iter(tables.values())) if tables else None
    if first is not None and "unit_total" in first.column_names:
        totals = {r["unit"]: r["unit_total"] for r in first.to_pylist()}
        lines.append(
            "Units: " + "; ".join(f"{totals[u]:,} {UNIT_LABELS[u]}" for u in totals)
        )
    return lines


def _rates(rows: list[dict[str, Any]], d: str) -> list[str]:
    from forcewatch.analysis.disparity.suite import PRIMARY_UNIT

    unit = PRIMARY_UNIT[d]
    mine = [r for r in rows if r["unit"] == unit]
    if not mine:
        return []
    head = mine[0]
    with_rate = head["denominator"] != "" and any(r["rate"] is not None for r in mine)
    lines = [
        "",
        f"By {d.replace('_', ' ')} (unit: {UNIT_LABELS[unit]}; "
        f"denominator: {head['denominator']}"
        + (f"; reference: {head['reference']})" if with_rate else ")"),
    ]
    if not with_rate:
        mine = sorted(mine, key=lambda r: -r["n"])[:12]
    for r in mine:
        text = f"  {r['group'][:24]:<24} {r['n']:>9,}  {_pct(r['share']):>6}"
        if r["rate"] is not None:
            text += (
                f"  {_num(r['rate'])} ({_num(r['rate_lower'])}-{_num(r['rate_upper'])})"
            )
            text += f" {r['rate_per']}"
        if r["rate_ratio"] is not None and r["group"] != r["reference"]:
            text += (
                f"; ratio {_num(r['rate_ratio'])} ({_num(r['rr_lower'])}-"
                f"{_num(r['rr_upper'])}), q {_p(r['q_value'])}"
            )
        if r["unstable"]:
            text += "  [unstable]"
        lines.append(text)
    return lines


def _stratified(rows: list[dict[str, Any]], name: str) -> list[str]:
    lines = ["", f"{name.replace('_', ' ').capitalize()} (crude vs Mantel-Haenszel):"]
    for r in rows:
        if r["stratum"] != "all (Mantel-Haenszel)":
            continue
        crude = next(
            c
            for c in rows
            if c["unit"] == r["unit"]
            and c["group"] == r["group"]
            and c["stratum"] == "all (crude)"
        )
        lines.append(
            f"  {r['unit']:<9} {r['group']:<9} vs {r['reference']}: crude "
            f"{_num(crude['rate_ratio'])}, stratified {_num(r['rate_ratio'])} "
            f"({_num(r['rr_lower'])}-{_num(r['rr_upper'])}), heterogeneity p "
            f"{_p(r['heterogeneity_p'])}"
            + (
                "  [the pooled figure misleads: quote the districts]"
                if r["pooled_misleads"]
                else ""
            )
        )
    return lines


def _severity(tables: Mapping[str, pa.Table]) -> list[str]:
    rows = tables["severity_above_resistance"].to_pylist()
    if not rows:
        return [
            "",
            "Severity given resistance: no applications with recorded resistance.",
        ]
    lines = ["", "Applications more than one level above the resistance they answered:"]
    for r in rows:
        text = (
            f"  {r['group']:<9} {r['above_resistance_plus_one']:>8,} of "
            f"{r['applications']:,} ({_pct(r['share'])})"
        )
        if r["ratio"] is not None and r["group"] != r["reference"]:
            text += (
                f"; ratio to {r['reference']} {_num(r['ratio'])}, q {_p(r['q_value'])}"
            )
        lines.append(text)
    return lines


def _crisis(tables: Mapping[str, pa.Table]) -> list[str]:
    if "crisis" not in tables:
        return ["", "Crisis: not recorded in this data."]
    rows = [r for r in tables["crisis"].to_pylist() if r["group"] == "all"]
    lines = ["", "Crisis-related force:"]
    for r in rows:
        lines.append(
            f"  {r['unit']:<9} crisis {r['crisis']:<8} {r['n']:>8,} "
            f"({_pct(r['share'])})"
        )
    if "crisis_severity" in tables:
        for r in tables["crisis_severity"].to_pylist():
            lines.append(
                f"  applications at level 4-5, crisis {r['crisis']}: "
                f"{r['level_4_or_5']:,} of {r['applications']:,} ({_pct(r['share'])})"
            )
    return lines


def _missing(tables: Mapping[str, pa.Table]) -> list[str]:
    lines = ["", "Race and sex not recorded (unit: engagements):"]
    for name in ("missing_by_period", "missing_by_unit", "missing_by_officer"):
        rows = tables[name].to_pylist()
        if not rows:
            continue
        overall = rows[0]["race_department_share"]
        flagged = [
            r
            for r in rows
            if r["race_q_value"] is not None
            and r["race_q_value"] <= 0.05
            and r["race_missing_share"] > overall
        ]
        worst = max(
            rows, key=lambda r: (r["race_missing_share"] or 0, r["engagements"])
        )
        lines.append(
            f"  by {rows[0]['grouping']}: race not recorded in {_pct(overall)} "
            "overall; "
            f"{len(flagged)} of {len(rows)} significantly above (q <= 0.05); highest "
            f"{worst['group']} ({_pct(worst['race_missing_share'])} of "
            f"{worst['engagements']:,})"
        )
    return lines


def _num(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if math.isinf(x):
        return "inf"
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def _pct(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{100 * x:.2g}%" if 0 < x < 0.01 else f"{100 * x:.1f}%"


def _p(x: float | None) -> str:
    if x is None:
        return "-"
    return "<0.001" if x < 0.001 else f"{x:.3f}"


def _sha256(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _version() -> str:
    try:
        return metadata.version("forcewatch")
    except metadata.PackageNotFoundError:
        return "unknown"
