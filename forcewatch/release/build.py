"""Build one public release from one snapshot: `build_release` (docs/releases.md).

    snapshot ─► tables (tables.yaml, counted through Ibis on DuckDB)
             ─► quality gates (item non-response: a breakdown is withheld)
             ─► rates (a named denominator, optional; exact Poisson intervals)
             ─► disclosure control (primary + complementary suppression, LP audit)
             ─► open data (Frictionless package) + charts (SVG) + methods + changes
             ─► release.json: inputs, rules, suppression, audit, every file's hash

Nothing in a release depends on the clock or the machine: the same snapshot (and
the same previous release) gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from forcewatch.analysis import stats
from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.disparity import dimensions as dim
from forcewatch.analysis.disparity.denominators import Denominator, load_denominator
from forcewatch.analysis.disparity.suite import resolve_scope
from forcewatch.analysis.manifest import file_sha256, load_manifest, verify_files
from forcewatch.release import changes, methods
from forcewatch.release.charts import chart_svg
from forcewatch.release.model import Cell, ReleaseTable, Status
from forcewatch.release.package import validate_package, write_package
from forcewatch.release.period import Period, parse_period
from forcewatch.release.suppression import protect
from forcewatch.release.tables import (
    DIM_DOCS,
    UNIT_DOCS,
    count_tables,
    disclosure_rules,
    group_labels,
    table_specs,
)

FORMAT = "forcewatch-release"
FORMAT_VERSION = 1
MANIFEST_NAME = "release.json"
LICENSE = {
    "name": "ODC-PDDL-1.0",
    "path": "https://opendatacommons.org/licenses/pddl/1-0/",
    "title": "Open Data Commons Public Domain Dedication and License v1.0",
}


class ReleaseError(Exception):
    """A release that cannot be built: says what is wrong and what to do."""


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    agency: str
    period_label: str
    version: int
    manifest_sha256: str  # of release.json
    snapshot_sha256: str  # the snapshot's content hash
    files: dict[str, str]  # path -> sha256, release.json excluded


@dataclass(frozen=True)
class Quality:
    nonresponse: dict[str, float]  # dimension -> share not recorded
    units: dict[str, int]  # unit -> total in the period
    undated_incidents: int  # of the agency, left out of every period
    sources: list[dict[str, Any]]  # files the period's incidents came from


def build_release(
    snapshot_dir: str | Path,
    *,
    agency_slug: str,
    period: str | Period,
    out_dir: str | Path,
    previous_dir: str | Path | None = None,
    denominator: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the release of one agency for one period into `out_dir` (new or empty).

    `previous_dir` is the last release of this agency (a revision when it covers the
    same period: the version goes up by one and changes.md lists every changed
    figure). `denominator` names rates' denominator (a file of
    forcewatch/analysis/denominators, or a path).
    """
    say = progress or (lambda _: None)
    when = parse_period(period) if isinstance(period, str) else period
    out = _empty_dir(out_dir)
    manifest = load_manifest(snapshot_dir)
    bad = verify_files(snapshot_dir, manifest)
    if bad:
        raise ReleaseError(
            f"the snapshot in {snapshot_dir} has changed since it was written "
            f"({', '.join(bad)}): write a new snapshot"
        )
    previous = _read_previous(previous_dir, agency_slug)
    version = 1
    if previous is not None and previous["period"]["label"] == when.label:
        version = int(previous["version"]) + 1
    rules = disclosure_rules()
    specs = table_specs()

    say("counting")
    con = duckdb_backend(snapshot_dir)
    slug, scope = resolve_scope(con, agency_slug, None, None)
    assert scope.agency_id is not None
    agency_name = str(
        con.table("agency")
        .filter(lambda t: t.id == scope.agency_id)
        .select("name")
        .to_pyarrow()
        .column(0)[0]
    )
    tables = count_tables(con, scope.agency_id, when, specs)
    quality = _quality(con, scope.agency_id, when, tables)
    _withhold(tables, quality.nonresponse, rules.max_nonresponse)
    den = load_denominator(denominator) if denominator is not None else None
    if den is not None:
        if den.agency and den.agency != slug:
            raise ReleaseError(
                f"{den.name} describes {den.agency}, not {slug}: choose a denominator "
                "for this agency"
            )
        _rates(tables, den, when, rules.unstable_below)

    say("disclosure control")
    keep = changes.suppressed_before(previous, previous_dir, when.label)
    report = protect(tables, rules, monthly=when.monthly, keep=keep)
    if not report.audit.ok:
        raise ReleaseError(
            "disclosure audit failed: suppressed cells could be recovered exactly "
            f"({report.audit.exact[:5]}); this is a bug in the suppression, please "
            "report it with the snapshot's manifest"
        )

    say("writing files")
    labels = group_labels()
    for table in tables:
        if table.spec.chart and not table.withheld_reason:
            path = out / "charts" / f"{table.name}.svg"
            path.parent.mkdir(parents=True, exist_ok=True)
            _write(path, chart_svg(table, labels))
    write_package(
        out,
        tables,
        name=f"forcewatch-{slug}-{when.label.lower()}",
        title=f"{agency_name}: use of force, {when.label} (version {version})",
        version=str(version),
        description=(
            f"Use-of-force statistics of {agency_name} for {when.start} to "
            f"{when.end}, built by forcewatch from one frozen snapshot; small "
            "cells suppressed (see methods.md)."
        ),
        sources=[{"title": s["name"], "path": s["name"]} for s in quality.sources]
        or [{"title": f"{agency_name} records"}],
        licenses=[LICENSE],
        dim_docs=DIM_DOCS,
        unit_docs=UNIT_DOCS,
    )
    change = changes.compare(tables, previous, previous_dir, when.label)
    context = methods.Context(
        agency=agency_name,
        slug=slug,
        period=when,
        version=version,
        data_as_of=manifest.created_at,
        snapshot_sha256=manifest.content_sha256,
        codelists=manifest.codelists,
        rules=rules,
        tables=tables,
        report=report,
        quality=quality,
        denominator=den,
    )
    _write(out / "methods.md", methods.render(context))
    _write(out / "changes.md", changes.render(change, agency_name, when.label, version))

    problems = validate_package(out)
    if problems:
        raise ReleaseError(
            "the open-data package does not validate: " + "; ".join(problems[:5])
        )
    files = {
        str(p.relative_to(out).as_posix()): file_sha256(p)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }
    release = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "agency": {"slug": slug, "name": agency_name},
        "period": when.to_json(),
        "version": version,
        "data_as_of": manifest.created_at,
        "snapshot": {
            "content_sha256": manifest.content_sha256,
            "tables": {name: e.sha256 for name, e in manifest.tables.items()},
            "codelists": manifest.codelists,
        },
        "denominator": None if den is None else {"name": den.name, "title": den.title},
        "rules": _rules_json(rules),
        "tables": [_table_entry(t, out) for t in tables],
        "suppression": report.to_json(),
        "quality": {
            "nonresponse": quality.nonresponse,
            "units": quality.units,
            "undated_incidents": quality.undated_incidents,
            "sources": quality.sources,
        },
        "changes": change.to_json(),
        "files": files,
    }
    text = json.dumps(release, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    _write(out / MANIFEST_NAME, text)
    say("done")
    return BuildResult(
        out_dir=out,
        agency=slug,
        period_label=when.label,
        version=version,
        manifest_sha256=hashlib.sha256(text.encode()).hexdigest(),
        snapshot_sha256=manifest.content_sha256,
        files=files,
    )


def read_release(folder: str | Path) -> dict[str, Any]:
    """A release's release.json, checked to be one."""
    path = Path(folder) / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{path} is not a release manifest: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReleaseError(f"{path} is not a forcewatch release manifest")
    return data


def verify_release(folder: str | Path) -> list[str]:
    """The files of a release that are missing or differ from its release.json."""
    root = Path(folder)
    data = read_release(root)
    return [
        name
        for name, digest in sorted(data["files"].items())
        if not (root / name).is_file() or file_sha256(root / name) != digest
    ]


def _read_previous(folder: str | Path | None, slug: str) -> dict[str, Any] | None:
    if folder is None:
        return None
    data = read_release(folder)
    if data["agency"]["slug"] != slug:
        raise ReleaseError(
            f"the previous release in {folder} is of {data['agency']['slug']}, "
            f"not {slug}"
        )
    return data


def _empty_dir(folder: str | Path) -> Path:
    out = Path(folder)
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(
            f"{out} is not empty: a release is frozen once built; choose a new folder"
        )
    out.mkdir(parents=True, exist_ok=True)
    return out


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


def _quality(
    con: Any, agency_id: int, when: Period, tables: Sequence[ReleaseTable]
) -> Quality:
    """Item non-response of every dimension, totals, undated incidents, sources."""
    nonresponse: dict[str, float] = {}
    for table in tables:
        for i, d in enumerate(table.dims):
            if d in nonresponse:
                continue
            total = sum(c.count for c in table.cells)
            unknown = sum(c.count for c in table.cells if c.key[i] == dim.UNKNOWN)
            nonresponse[d] = round(unknown / total, 4) if total else 0.0
    units = {t.spec.unit: t.cells[0].count for t in tables if not t.dims}
    inc = con.table("incident")
    mine = inc.filter(inc.agency_id == agency_id)
    undated = int(mine.filter(mine.occurred_date.isnull()).count().to_pyarrow().as_py())
    dated = mine.filter(
        (mine.occurred_date >= when.start) & (mine.occurred_date <= when.end)
    )
    files = con.table("source_file")
    used = dated.select(fid=dated.source_file_id).distinct()
    rows = (
        files.join(used, files.id == used.fid)
        .select("name", "sha256", "mapping", "mapping_version", "codelist_versions")
        .order_by(["name", "sha256"])
        .to_pyarrow()
        .to_pylist()
    )
    sources = [
        {
            "name": r["name"],
            "sha256": r["sha256"],
            "mapping": r["mapping"],
            "mapping_version": r["mapping_version"],
            "codelists": _json_text(r["codelist_versions"]),
        }
        for r in rows
    ]
    return Quality(nonresponse, units, undated, sources)


def _json_text(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _withhold(
    tables: Sequence[ReleaseTable], nonresponse: dict[str, float], limit: float
) -> None:
    for table in tables:
        over = [d for d in table.dims if nonresponse.get(d, 0.0) > limit]
        if over:
            table.withheld_reason = "; ".join(
                f"{d} not recorded for {nonresponse[d]:.0%} (more than {limit:.0%})"
                for d in over
            )
            for cell in table.cells:
                cell.status = Status.WITHHELD


def _rates(
    tables: Sequence[ReleaseTable], den: Denominator, when: Period, unstable_below: int
) -> None:
    """Rates per the denominator's unit for the tables that name its dimension."""
    years = ((when.end - when.start).days + 1) / 365.25
    for table in tables:
        d = table.spec.denominator
        if d is None or table.withheld_reason or d not in den.dimensions():
            continue
        values = den.values(d)
        cells: list[Cell] = [c for c in table.cells if values.get(c.key[0], 0) > 0]
        if not cells:
            continue
        exposure = np.array([values[c.key[0]] for c in cells], dtype=float)
        if den.per_year:
            exposure = exposure * years
        counts = np.array([c.count for c in cells], dtype=float)
        ci = stats.poisson_rate_ci(counts, exposure, per=den.per)
        flags = stats.unstable(counts, threshold=unstable_below)
        for i, cell in enumerate(cells):
            cell.rate = round(float(ci.estimate[i]), 6)
            cell.rate_low = round(float(ci.lower[i]), 6)
            cell.rate_high = round(float(ci.upper[i]), 6)
            cell.unstable = bool(flags[i])


def _rules_json(rules: Any) -> dict[str, Any]:
    data = asdict(rules)
    return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in data.items()}


def _table_entry(table: ReleaseTable, out: Path) -> dict[str, Any]:
    chart = out / "charts" / f"{table.name}.svg"
    has_file = bool(table.dims) and not table.withheld_reason
    return {
        "name": table.name,
        "title": table.spec.title,
        "unit": table.spec.unit,
        "unit_label": UNIT_DOCS[table.spec.unit],
        "dims": list(table.dims),
        "description": table.spec.description,
        "file": (f"data/{table.name}.csv" if has_file else "data/summary.csv")
        if (has_file or not table.dims)
        else None,
        "chart": f"charts/{table.name}.svg" if chart.is_file() else None,
        "withheld": table.withheld_reason,
        "cells": len(table.cells),
        "suppressed": sum(1 for c in table.cells if not c.published),
    }
