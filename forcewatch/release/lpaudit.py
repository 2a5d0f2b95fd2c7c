"""The LP audit: can a suppressed cell be worked out from what a release publishes?

Tables of one counting unit are linked by their margins: when table B's dims are
a subset of table A's, each cell of B is the sum of the cells of A that share
its groups on B's dims (a table with no dims is the unit's total). Every such
sum is a *line*: one margin cell and the body cells that add up to it.

For each suppressed cell the audit minimises and maximises its value by linear
programming (HiGHS) over every cell of the unit: published cells fixed, all
cells non-negative, every line summing (lpbounds.py). The cell is safe when
that interval holds more than one integer. Withheld tables publish nothing and
add nothing. See docs/disclosure-control.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from scipy import sparse

from forcewatch.release.lpbounds import TOLERANCE, Interval, Solver
from forcewatch.release.model import SUPPRESSED, Cell, ReleaseTable, Status

CHECKED = frozenset({Status.PRIMARY, Status.COMPLEMENTARY})

CellId = tuple[str, tuple[str, ...]]  # (table name, key)


@dataclass
class AuditReport:
    cells_checked: int
    exact: list[CellId]  # suppressed cells the published numbers pin down
    min_width: float | None  # narrowest finite interval (max - min); None if none
    intervals: dict[CellId, Interval] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.exact

    def to_json(self) -> dict[str, object]:
        width = None if self.min_width is None else round(self.min_width, 6)
        return {
            "method": "lp-relaxation-highs",
            "cells_checked": self.cells_checked,
            "exact": [{"table": t, "key": list(k)} for t, k in self.exact],
            "min_width": width,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class Line:
    """Body cells that sum to a margin cell (None: the margin has no such group,
    so the body cells sum to 0)."""

    margin: int | None
    body: tuple[int, ...]

    @property
    def members(self) -> tuple[int, ...]:
        return self.body if self.margin is None else (self.margin, *self.body)


class UnitSystem:
    """The cells of one counting unit as LP variables, and the lines linking them.

    Variables are ordered by table name, then key, whatever the input order.
    """

    def __init__(self, unit: str, tables: Iterable[ReleaseTable]) -> None:
        self.unit = unit
        self.tables = sorted(tables, key=lambda t: t.name)
        self.ids: list[CellId] = []
        self.cells: list[Cell] = []
        self.index: dict[CellId, int] = {}
        for table in self.tables:
            for cell in sorted(table.cells, key=lambda c: c.key):
                cell_id = (table.name, cell.key)
                if cell_id in self.index:
                    raise ValueError(f"{table.name} has the cell {cell.key} twice")
                if len(cell.key) != len(table.dims):
                    raise ValueError(f"{table.name}: {cell.key} does not match dims")
                self.index[cell_id] = len(self.cells)
                self.ids.append(cell_id)
                self.cells.append(cell)
        self.lines = [line for a, b in self._pairs() for line in self._lines(a, b)]
        self.lines_of: list[list[int]] = [[] for _ in self.cells]
        for number, line in enumerate(self.lines):
            for var in line.members:
                self.lines_of[var].append(number)
        self.values = np.array([c.count for c in self.cells], dtype=float)
        self.matrix = self._matrix()
        self._check_consistent()

    def _pairs(self) -> Iterator[tuple[ReleaseTable, ReleaseTable]]:
        """(body, margin) for every two tables where margin's dims ⊆ body's,
        except through a table in between (those sums follow from the others)."""
        dims = {t.name: frozenset(t.dims) for t in self.tables}
        for a, b in combinations(self.tables, 2):
            body, margin = (a, b) if dims[b.name] <= dims[a.name] else (b, a)
            if not dims[margin.name] <= dims[body.name]:
                continue
            between = any(
                dims[margin.name] < dims[c.name] < dims[body.name] for c in self.tables
            )
            if not between:
                yield body, margin

    def _lines(self, body: ReleaseTable, margin: ReleaseTable) -> list[Line]:
        at = [body.dims.index(d) for d in margin.dims]
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for cell in body.cells:
            groups[tuple(cell.key[i] for i in at)].append(
                self.index[(body.name, cell.key)]
            )
        for cell in margin.cells:
            groups.setdefault(cell.key, [])
        return [
            Line(self.index.get((margin.name, key)), tuple(sorted(groups[key])))
            for key in sorted(groups)
        ]

    def _matrix(self) -> sparse.csr_matrix:
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        for number, line in enumerate(self.lines):
            for var in line.body:
                rows.append(number)
                cols.append(var)
                data.append(1.0)
            if line.margin is not None:
                rows.append(number)
                cols.append(line.margin)
                data.append(-1.0)
        shape = (len(self.lines), len(self.cells))
        return sparse.csr_matrix((data, (rows, cols)), shape=shape)

    def _check_consistent(self) -> None:
        gaps = self.matrix @ self.values
        for number in np.flatnonzero(np.abs(gaps) > TOLERANCE):
            line = self.lines[number]
            where = "a missing group" if line.margin is None else self.ids[line.margin]
            body = self.ids[line.body[0]][0] if line.body else "no cells"
            raise ValueError(
                f"unit {self.unit}: the cells of {body} do not add up to {where} "
                f"(off by {gaps[number]:g})"
            )

    def free(self) -> np.ndarray:
        """Which variables are suppressed (free in the LP)."""
        return np.array([c.status in SUPPRESSED for c in self.cells], dtype=bool)

    def checked(self) -> list[int]:
        return [v for v, c in enumerate(self.cells) if c.status in CHECKED]

    def solver(self) -> Solver:
        return Solver(self.matrix, self.values, self.free())


def unit_systems(tables: Iterable[ReleaseTable]) -> list[UnitSystem]:
    """One system per counting unit of the tables that are not withheld."""
    by_unit: dict[str, list[ReleaseTable]] = defaultdict(list)
    for table in tables:
        if not table.withheld_reason:
            by_unit[table.spec.unit].append(table)
    names = [t.name for group in by_unit.values() for t in group]
    if len(names) != len(set(names)):
        raise ValueError("two release tables have the same name")
    return [UnitSystem(unit, by_unit[unit]) for unit in sorted(by_unit)]


def audit(tables: list[ReleaseTable]) -> AuditReport:
    """Bound every suppressed cell by what the release publishes.

    Examples
    --------
    One suppressed cell beside a published total is exact:

    >>> from forcewatch.release.model import TableSpec
    >>> spec = TableSpec("by_sex", "By sex", "subject", ("sex",))
    >>> cells = [Cell(("female",), 3, 3, Status.PRIMARY), Cell(("male",), 40, 40)]
    >>> all_spec = TableSpec("total", "All", "subject", ())
    >>> total = ReleaseTable(all_spec, [Cell((), 43, 43)])
    >>> audit([ReleaseTable(spec, cells), total]).exact
    [('by_sex', ('female',))]
    """
    intervals: dict[CellId, Interval] = {}
    for system in unit_systems(tables):
        solver = system.solver()
        for var in system.checked():
            intervals[system.ids[var]] = solver.interval(var)
    exact = sorted(cell for cell, interval in intervals.items() if not interval.safe)
    widths = [i.high - i.low for i in intervals.values() if not math.isinf(i.high)]
    return AuditReport(
        cells_checked=len(intervals),
        exact=exact,
        min_width=min(widths) if widths else None,
        intervals=dict(sorted(intervals.items())),
    )
