"""A published release folder, read once into what its public page shows.

Parsed pages are kept in memory, keyed by (folder, release.json's SHA-256,
language): a release folder never changes once prepared, so a page is read
from disk once per process and language, and a folder whose release.json no
longer matches the registered hash is refused rather than shown.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import translation
from markdown_it import MarkdownIt

from forcewatch.publication import labels
from forcewatch.publication.folder import manifest_hash, read_manifest

COUNT_COLUMNS = ("count", "status", "rate", "rate_low", "rate_high", "unstable")
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
_HEADING = re.compile(r"<(/?)h([1-6])>")
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>)?\s*(<!DOCTYPE[^>]*>)?\s*")


class FolderChanged(RuntimeError):
    """The folder's release.json is not the one that was approved."""


@dataclass(frozen=True)
class Cell:
    text: str
    suppressed: bool = False
    status: str = ""
    dim: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    title_lang: str  # "" when in the page's language, else the title's ("en")
    description: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart_svg: str
    file: str
    chart_file: str
    withheld: str
    suppressed: int
    rates: bool = False


@dataclass(frozen=True)
class Page:
    agency: str
    slug: str
    period: str
    start: str
    end: str
    version: int
    data_as_of: str
    summary: tuple[tuple[str, str], ...]  # (unit label, count or "")
    tables: tuple[Table, ...]
    statuses: tuple[tuple[str, str], ...]  # the suppression notes the page uses
    denominator: str  # the rates' denominator (its title), if any
    methods_html: str
    changes_html: str
    files: tuple[tuple[str, int], ...]  # (name, bytes)


def release_page(folder: Path, manifest_sha256: str) -> Page:
    """The page of a release folder in the active language (cached)."""
    return _page(str(folder), manifest_sha256, translation.get_language() or "en")


@lru_cache(maxsize=64)
def _page(folder: str, manifest_sha256: str, language: str) -> Page:
    root = Path(folder)
    if manifest_hash(root) != manifest_sha256:
        raise FolderChanged(f"{root}/release.json is not the approved one")
    manifest = read_manifest(root)
    with translation.override(language):
        return _read(root, manifest)


def _read(root: Path, manifest: dict[str, Any]) -> Page:
    files = manifest.get("files") or {}
    tables = tuple(
        _table(root, entry) for entry in manifest.get("tables", []) if entry.get("dims")
    )
    used = sorted({c.status for t in tables for row in t.rows for c in row if c.status})
    used += ["withheld"] if any(t.withheld for t in tables) else []
    period = manifest.get("period", {})
    return Page(
        agency=manifest["agency"]["name"],
        slug=manifest["agency"]["slug"],
        period=period.get("label", ""),
        start=period.get("start", ""),
        end=period.get("end", ""),
        version=int(manifest["version"]),
        data_as_of=str(manifest.get("data_as_of", ""))[:10],
        summary=_summary(root, files),
        tables=tables,
        statuses=tuple((s, str(labels.STATUS.get(s, s))) for s in dict.fromkeys(used)),
        denominator=(manifest.get("denominator") or {}).get("title", ""),
        methods_html=_markdown(root / "methods.md"),
        changes_html=_markdown(root / "changes.md"),
        files=tuple((name, (root / name).stat().st_size) for name in sorted(files)),
    )


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _summary(root: Path, files: dict[str, str]) -> tuple[tuple[str, str], ...]:
    if "data/summary.csv" not in files:
        return ()
    return tuple(
        (labels.unit_label(row["unit"]), row.get("count", ""))
        for row in _csv(root / "data/summary.csv")
    )


def _table(root: Path, entry: dict[str, Any]) -> Table:
    dims = list(entry["dims"])
    rows: list[tuple[Cell, ...]] = []
    has_rate = False
    if entry.get("file") and not entry.get("withheld"):
        data = _csv(root / entry["file"])
        has_rate = bool(data) and "rate" in data[0]
        rows = [_row(dims, row, has_rate) for row in data]
    columns = [labels.dim_label(d) for d in dims] + [str(labels.UNITS_COUNT)]
    if has_rate:
        columns += [str(labels.RATE), str(labels.INTERVAL)]
    translated = labels.TABLES.get(entry["name"])
    chart = entry.get("chart") or ""
    return Table(
        name=entry["name"],
        title=str(translated or entry.get("title", entry["name"])),
        title_lang="" if translated else "en",
        description=entry.get("description", ""),
        unit=labels.unit_label(entry.get("unit", "")),
        columns=tuple(columns),
        rows=tuple(rows),
        chart_svg=_svg(root / chart) if chart else "",
        file=entry.get("file") or "",
        chart_file=chart,
        withheld=entry.get("withheld", ""),
        suppressed=int(entry.get("suppressed", 0)),
        rates=has_rate,
    )


def _row(dims: list[str], row: dict[str, str], has_rate: bool) -> tuple[Cell, ...]:
    status = row.get("status", "published")
    hidden = status != "published" or row.get("count", "") == ""
    note = status if hidden else ""
    cells = [Cell(labels.group_label(d, row.get(d, "")), dim=True) for d in dims]
    word = str(labels.SUPPRESSED)
    cells.append(Cell(word, True, note) if hidden else Cell(row["count"]))
    if has_rate:
        if hidden or not row.get("rate"):
            cells += [Cell(word if hidden else "–", hidden, note)] * 2
        else:
            flag = (
                " *" if row.get("unstable", "").lower() in ("true", "1", "yes") else ""
            )
            cells.append(Cell(_number(row["rate"]) + flag))
            cells.append(
                Cell(f"{_number(row['rate_low'])}–{_number(row['rate_high'])}")
            )
    return tuple(cells)


def _number(text: str) -> str:
    try:
        return f"{float(text):,.1f}"
    except ValueError:
        return text


def _svg(path: Path) -> str:
    """An SVG chart for inlining (its ids are unique to its table: charts.py)."""
    if not path.is_file():
        return ""
    return _PROLOG.sub("", path.read_text(encoding="utf-8"), count=1)


def _markdown(path: Path) -> str:
    """Markdown as HTML (raw HTML escaped), headings moved under the page's h2."""
    if not path.is_file():
        return ""
    html = _MD.render(path.read_text(encoding="utf-8"))
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}>", html)
