"""What changed since the previous release (changes.md and release.json "changes").

A release is frozen. Reports that arrive late for a period already released are
revised in only at a release boundary, by building a new version of that
period's release: the old version stays published as it was, and the new one
lists every figure that changed. Against a release of another period, the
headline totals are compared.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forcewatch.release.model import ReleaseTable

Key = tuple[str, ...]


@dataclass(frozen=True)
class CellChange:
    table: str
    key: Key
    before: str  # the published count, or the reason it was not published
    after: str


@dataclass
class Changes:
    kind: str  # first | revision | next_period
    previous_period: str = ""
    previous_version: int = 0
    totals: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    cells: list[CellChange] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "previous": None
            if self.kind == "first"
            else {"period": self.previous_period, "version": self.previous_version},
            "totals": {unit: list(pair) for unit, pair in sorted(self.totals.items())},
            "changed_cells": len(self.cells),
        }


def compare(
    tables: list[ReleaseTable],
    previous: dict[str, Any] | None,
    previous_dir: str | Path | None,
    period_label: str,
) -> Changes:
    if previous is None or previous_dir is None:
        return Changes(kind="first")
    before = published_cells(Path(previous_dir), previous)
    after = {
        t.name: {c.key: _shown(c.count, c.status) for c in t.cells} for t in tables
    }
    same = previous["period"]["label"] == period_label
    change = Changes(
        kind="revision" if same else "next_period",
        previous_period=previous["period"]["label"],
        previous_version=int(previous["version"]),
    )
    for table in tables:
        if not table.dims:
            old = before.get("summary", {}).get((table.spec.unit,))
            new = table.cells[0].count if table.cells[0].published else None
            change.totals[table.spec.unit] = (_int(old), new)
    if not same:
        return change
    for name in sorted(set(before) | set(after)):
        if name == "summary":
            continue
        old_cells, new_cells = before.get(name, {}), after.get(name, {})
        for key in sorted(set(old_cells) | set(new_cells)):
            shown_before = old_cells.get(key, "absent")
            shown_after = new_cells.get(key, "absent")
            if shown_before != shown_after:
                change.cells.append(CellChange(name, key, shown_before, shown_after))
    return change


def suppressed_before(
    previous: dict[str, Any] | None, previous_dir: str | Path | None, period_label: str
) -> set[tuple[str, Key]]:
    """The cells the previous version of this period's release suppressed."""
    if previous is None or previous_dir is None:
        return set()
    if previous["period"]["label"] != period_label:
        return set()
    return {
        (name, key)
        for name, cells in published_cells(Path(previous_dir), previous).items()
        if name != "summary"
        for key, shown in cells.items()
        if shown.startswith("suppressed")
    }


def _shown(count: int, status: str) -> str:
    return str(count) if status == "published" else str(status)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def published_cells(
    folder: Path, manifest: dict[str, Any]
) -> dict[str, dict[Key, str]]:
    """Table -> key -> what the previous release showed (count, or why not)."""
    shown: dict[str, dict[Key, str]] = {}
    for entry in manifest["tables"]:
        if entry.get("withheld"):
            continue
        file = entry.get("file")
        if not file:
            continue
        name = "summary" if not entry["dims"] else entry["name"]
        if name in shown:
            continue
        dims = entry["dims"] or ["unit"]
        with (folder / file).open(encoding="utf-8", newline="") as fh:
            shown[name] = {
                tuple(row[d] for d in dims): (
                    row["count"] if row["status"] == "published" else row["status"]
                )
                for row in csv.DictReader(fh)
            }
    return shown


def render(change: Changes, agency: str, period_label: str, version: int) -> str:
    lines = [f"# What changed: {agency}, {period_label}, version {version}", ""]
    if change.kind == "first":
        lines += [
            "This is the first release of these statistics: there is nothing to "
            "compare it with.",
            "",
        ]
        return "\n".join(lines)
    if change.kind == "revision":
        lines += [
            f"This version revises version {change.previous_version} of the same "
            "period. Reports that reached the agency after the previous version was "
            "built are now counted; the previous version stays published unchanged.",
            "",
        ]
    else:
        lines += [
            f"The previous release covered {change.previous_period} (version "
            f"{change.previous_version}). Totals compared:",
            "",
        ]
    lines += ["| counting unit | before | now |", "|---|---:|---:|"]
    for unit, (old, new) in sorted(change.totals.items()):
        lines.append(f"| {unit} | {_cell(old)} | {_cell(new)} |")
    lines.append("")
    if change.kind == "revision":
        if not change.cells:
            lines.append("No published figure changed.")
        else:
            lines += [
                f"{len(change.cells)} figure(s) changed:",
                "",
                "| table | group | before | now |",
                "|---|---|---:|---:|",
            ]
            lines += [
                f"| {c.table} | {' / '.join(c.key)} | {c.before} | {c.after} |"
                for c in change.cells
            ]
        lines.append("")
    return "\n".join(lines)


def _cell(value: int | None) -> str:
    return "not published" if value is None else f"{value:,}"
