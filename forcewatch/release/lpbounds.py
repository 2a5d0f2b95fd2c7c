"""Bounds of suppressed cells by linear programming (HiGHS, through scipy).

A suppression pattern gives an LP: the suppressed cells are the variables, each
≥ 0, and every line (a margin cell and the cells summing to it) is an equation
once the published cells are put in. The LP splits into components (cells
linked by lines), solved apart. Two LPs per cell would do; the components keep
every feasible point they meet, so most cells are settled without LPs of their
own (see Component). Used by the audit (lpaudit.py) and by suppression.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

TOLERANCE = 1e-7


@dataclass(frozen=True)
class Interval:
    """What the published numbers allow a suppressed cell to be."""

    low: float
    high: float  # math.inf when nothing published bounds the cell

    @property
    def safe(self) -> bool:
        if math.isinf(self.high):
            return True
        return math.floor(self.high + TOLERANCE) - math.ceil(self.low - TOLERANCE) >= 1


class Solver:
    """The LP of one suppression pattern: published cells substituted out, the
    suppressed ones split into independent components, each solved on its own."""

    def __init__(
        self, matrix: sparse.csr_matrix, values: np.ndarray, free: np.ndarray
    ) -> None:
        """matrix: one row per line (+1 body, -1 margin), one column per cell;
        values: the true counts; free: which cells are suppressed."""
        self.free_vars = np.flatnonzero(free)
        self.position = {int(v): i for i, v in enumerate(self.free_vars)}
        rhs = -(matrix[:, ~free] @ values[~free])
        body = matrix[:, self.free_vars].tocsr()
        used = np.flatnonzero(body.getnnz(axis=1) > 0)
        self.body = body[used]
        self.rhs = rhs[used]
        self.truth = values[self.free_vars]
        self.line_numbers = used  # row i of self.body is line used[i]
        touching = (abs(self.body) > 0).astype(np.int8)
        _, self.component = connected_components(touching.T @ touching, directed=False)
        any_var = self.body.indices[self.body.indptr[:-1]]  # one per row: all nonempty
        self.row_component = self.component[any_var]
        self._components: dict[int, Component] = {}

    def component_lines(self, var: int) -> list[int]:
        """The lines (matrix rows) that constrain var's component."""
        rows = self.row_component == self.component[self.position[var]]
        return [int(n) for n in self.line_numbers[rows]]

    def interval(self, var: int) -> Interval:
        """The exact LP bounds of a suppressed cell."""
        component, j = self._locate(var)
        return component.interval(j)

    def safe(self, var: int) -> bool:
        """Same as interval(var).safe, often without solving for the bounds."""
        component, j = self._locate(var)
        return component.safe(j)

    def certified(self) -> list[int]:
        """Suppressed cells already known to be safe (from the points seen)."""
        return [
            int(component.cells[j])
            for component in self._components.values()
            for j in np.flatnonzero(component.certified())
        ]

    def _locate(self, var: int) -> tuple[Component, int]:
        k = int(self.component[self.position[var]])
        if k not in self._components:
            cols = np.flatnonzero(self.component == k)
            rows = np.flatnonzero(self.row_component == k)
            self._components[k] = Component(
                self.body[rows][:, cols],
                self.rhs[rows],
                self.truth[cols],
                self.free_vars[cols],
            )
        component = self._components[k]
        return component, int(np.searchsorted(component.cells, var))


class Component:
    """Suppressed cells linked by lines, their LP and what is known of it.

    Every feasible point seen (the true counts, each LP's optimum) is kept as a
    range per cell: a cell seen one or more away from its true count is safe
    without solving for it. A cell's exact minimum (maximum) is settled without
    an LP of its own when a point reaches a valid lower (upper) bound derived
    from the lines, as the optima of a few shared LPs often do.
    """

    def __init__(
        self,
        a_eq: sparse.csr_matrix,
        b_eq: np.ndarray,
        truth: np.ndarray,
        cells: np.ndarray,
    ) -> None:
        self.a_eq, self.b_eq, self.truth, self.cells = a_eq, b_eq, truth, cells
        n = len(truth)
        self.low, self.high = np.full(n, np.nan), np.full(n, np.nan)
        self.seen_low, self.seen_high = truth.copy(), truth.copy()
        self.floor: np.ndarray | None = None  # valid bounds, once needed
        self.ceiling: np.ndarray | None = None

    def certified(self) -> np.ndarray:
        return (self.seen_high >= self.truth + 1 - TOLERANCE) | (
            self.seen_low <= self.truth - 1 + TOLERANCE
        )

    def safe(self, j: int) -> bool:
        for upward, known in ((True, self.high), (False, self.low)):
            if self.certified()[j]:
                return True
            if np.isnan(known[j]):
                self._bound(j, upward)
        return Interval(float(self.low[j]), float(self.high[j])).safe

    def interval(self, j: int) -> Interval:
        if self.floor is None:
            self._explore()
        for upward, known in ((False, self.low), (True, self.high)):
            if np.isnan(known[j]):
                self._bound(j, upward)
        return Interval(float(self.low[j]), float(self.high[j]))

    def _bound(self, j: int, upward: bool) -> None:
        objective = np.zeros(len(self.truth))
        objective[j] = -1.0 if upward else 1.0
        point = self._optimum(objective)
        if point is None:
            self.high[j] = math.inf
        else:  # HiGHS is exact to about 1e-9: keep whole numbers whole
            value = point[j]
            (self.high if upward else self.low)[j] = (
                round(value) if abs(value - round(value)) < TOLERANCE else value
            )

    def _explore(self) -> None:
        """Shared LPs pushing every unsettled cell down, then up, while they
        settle a tenth of what is left or more."""
        self.floor, self.ceiling = _propagate(self.a_eq, self.b_eq)
        self._note(self.truth)
        unbounded = False
        while True:
            before = np.isnan(self.low).sum() + np.isnan(self.high).sum()
            if np.isnan(self.low).any():
                self._optimum(np.isnan(self.low).astype(float))
            if not unbounded and np.isnan(self.high).any():
                unbounded = self._optimum(-np.isnan(self.high).astype(float)) is None
            after = np.isnan(self.low).sum() + np.isnan(self.high).sum()
            if after == 0 or before - after < before / 10:
                return

    def _optimum(self, objective: np.ndarray) -> np.ndarray | None:
        """A point minimising objective · x (None: unbounded below); noted."""
        if self.a_eq.shape[0] == 0:
            if (objective < 0).any():
                return None
            point = np.zeros(len(objective))
        else:
            result = linprog(
                objective,
                A_eq=self.a_eq,
                b_eq=self.b_eq,
                bounds=(0, None),
                method="highs",
            )
            if result.status == 3:
                return None
            if result.status != 0:
                raise RuntimeError(f"LP audit: HiGHS failed ({result.message})")
            point = np.asarray(result.x, dtype=float)
        self._note(point)
        return point

    def _note(self, point: np.ndarray) -> None:
        self.seen_low = np.minimum(self.seen_low, point)
        self.seen_high = np.maximum(self.seen_high, point)
        if self.floor is None or self.ceiling is None:
            return
        low = np.isnan(self.low) & (point <= self.floor + TOLERANCE)
        self.low[low] = self.floor[low]
        high = np.isnan(self.high) & (point >= self.ceiling - TOLERANCE)
        self.high[high] = self.ceiling[high]


def _propagate(
    a_eq: sparse.csr_matrix, b_eq: np.ndarray, rounds: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """Valid bounds on every variable of  a_eq x = b_eq, x >= 0  (entries ±1),
    by reading each line as one variable = the rest."""
    n = a_eq.shape[1]
    floor, ceiling = np.zeros(n), np.full(n, math.inf)
    for _ in range(rounds):
        old = floor.copy(), ceiling.copy()
        for r in range(a_eq.shape[0]):
            cols = a_eq.indices[a_eq.indptr[r] : a_eq.indptr[r + 1]]
            up = a_eq.data[a_eq.indptr[r] : a_eq.indptr[r + 1]] > 0
            # the terms a_i x_i lie in [term_low, term_high]
            term_low = np.where(up, floor[cols], -ceiling[cols])
            term_high = np.where(up, ceiling[cols], -floor[cols])
            # a_k x_k = b - (sum of the other terms)
            own_low = b_eq[r] - _others(term_high)
            own_high = b_eq[r] - _others(term_low)
            floor[cols] = np.maximum(floor[cols], np.where(up, own_low, -own_high))
            ceiling[cols] = np.minimum(ceiling[cols], np.where(up, own_high, -own_low))
        if np.array_equal(old[0], floor) and np.array_equal(old[1], ceiling):
            break
    return floor, ceiling


def _others(terms: np.ndarray) -> np.ndarray:
    """For each term, the sum of all the others (infinities of one sign)."""
    infinite = np.isinf(terms)
    finite = np.where(infinite, 0.0, terms)
    sums: np.ndarray = finite.sum() - finite
    others_infinite = infinite.sum() - infinite > 0
    if others_infinite.any():
        sign = np.sign(terms[infinite][0])
        sums = np.where(others_infinite, sign * math.inf, sums)
    return sums
