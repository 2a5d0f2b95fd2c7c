"""Readers turn a file into a header and numbered rows of strings.

One module per format, registered in READERS and imported lazily.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from forcewatch.intake.errors import RowError
from forcewatch.intake.mapping.spec import ReadSpec

READERS = {
    "csv": "forcewatch.intake.readers.csvfile",
    "xlsx": "forcewatch.intake.readers.xlsxfile",
    "xls": "forcewatch.intake.readers.xlsfile",
}


class ReadError(Exception):
    def __init__(self, error: RowError):
        self.error = error
        super().__init__(str(error))


@dataclass
class RawRows:
    """Rows as read: `rows` yields (row number in the file, cells)."""

    rows: Iterator[tuple[int, list[str]]]
    progress: Callable[[], int]
    size: int


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    progress: Callable[[], int]
    size: int
    dropped_headers: list[int]


def detect_format(path: Path, read: ReadSpec) -> str:
    if read.format:
        return read.format
    name = path.name.lower()
    for ext, fmt in ((".xlsx", "xlsx"), (".xls", "xls")):
        if name.endswith(ext):
            return fmt
    return "csv"


def open_table(
    path: Path, read: ReadSpec, aliases: dict[str, list[str]] | None = None
) -> Table:
    fmt = detect_format(path, read)
    module = importlib.import_module(READERS[fmt])
    raw: RawRows = module.read_rows(path, read)
    header = take_header(path, raw, read)
    table = Table(header, iter(()), raw.progress, raw.size, [])
    table.rows = (
        drop_repeated_headers(raw.rows, header, table)
        if read.drop_repeated_headers
        else raw.rows
    )
    if read.fill_down:
        columns = fill_columns(path, header, read.fill_down, aliases or {})
        table.rows = fill_down(table.rows, columns)
    return table


def fill_columns(
    path: Path, header: list[str], names: list[str], aliases: dict[str, list[str]]
) -> list[int]:
    folded = {" ".join(h.split()).casefold(): i for i, h in enumerate(header)}

    def find(name: str) -> int | None:
        for candidate in aliases.get(name, [name]):
            index = folded.get(" ".join(candidate.split()).casefold())
            if index is not None:
                return index
        return None

    found = [find(n) for n in names]
    missing = [n for n, i in zip(names, found, strict=True) if i is None]
    if missing:
        reason = f"fill_down column(s) not in the header: {', '.join(missing)}"
        raise ReadError(RowError(path.name, None, None, reason))
    return [i for i in found if i is not None]


def fill_down(
    rows: Iterator[tuple[int, list[str]]], columns: list[int]
) -> Iterator[tuple[int, list[str]]]:
    """Continuation rows leave cells empty that mean "same as above": fill them."""
    last: dict[int, str] = {}
    for number, cells in rows:
        if any(c.strip() for c in cells):
            for i in columns:
                if i < len(cells) and cells[i].strip():
                    last[i] = cells[i]
                elif i in last:
                    cells = (
                        [*cells, *[""] * (i + 1 - len(cells))]
                        if i >= len(cells)
                        else cells
                    )
                    cells[i] = last[i]
        yield number, cells


def norm(text: str) -> str:
    """Header/value comparison key: case, spacing and punctuation folded."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def take_header(path: Path, raw: RawRows, read: ReadSpec) -> list[str]:
    wanted = read.header_row - 1 + read.header_rows
    lines: list[list[str]] = []
    for _, cells in raw.rows:
        lines.append(cells)
        if len(lines) == wanted:
            break
    if len(lines) < wanted:
        raise ReadError(
            RowError(path.name, None, None, "the file has no header row (is it empty?)")
        )
    header_lines = lines[read.header_row - 1 :]
    width = max(len(line) for line in header_lines)
    filled = [
        fill_right(line + [""] * (width - len(line))) for line in header_lines[:-1]
    ]
    names = []
    for col in range(width):
        parts = [line[col] for line in filled] + [
            header_lines[-1][col] if col < len(header_lines[-1]) else ""
        ]
        names.append(" / ".join(" ".join(p.split()) for p in parts if p and p.strip()))
    return names


def fill_right(cells: list[str]) -> list[str]:
    """Group headers span merged cells: carry each to the empty cells after it."""
    out, last = [], ""
    for cell in cells:
        last = cell.strip() or last
        out.append(last)
    return out


def drop_repeated_headers(
    rows: Iterator[tuple[int, list[str]]], header: list[str], table: Table
) -> Iterator[tuple[int, list[str]]]:
    key = [norm(h) for h in header]
    for number, cells in rows:
        lead = cells[0].strip() if cells else ""
        initial = lead[:1].casefold()
        if lead and initial.isalnum() and key[0] and initial != key[0][0]:
            yield number, cells  # cannot fold to the header's first cell
            continue
        if lead and lead != header[0] and norm(lead) != key[0]:
            yield number, cells  # the cheap test that settles almost every row
            continue
        # a repeat may leave some header cells blank (Orlando's second export does)
        named = [(norm(c), k) for c, k in zip(cells, key, strict=False) if c.strip()]
        if len(named) >= max(1, len(key) // 2) and all(c == k for c, k in named):
            table.dropped_headers.append(number)
            continue
        yield number, cells
