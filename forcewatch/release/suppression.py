"""Primary and complementary cell suppression of a release's tables.

Primary: a cell of 1-9 persons is suppressed in a table that crosses a person
attribute with a place or a time (or with anything, in a monthly release).
Complementary: more cells are suppressed until no suppressed cell can be worked
out from what is published. First the line rule (no line, i.e. a margin cell
and the cells summing to it, has exactly one suppressed cell), then the LP
audit; a cell it finds exact gets one more cell of its lines suppressed, and
so on until the audit passes. Every choice is made in a fixed order (tables by
name, cells by key), so the same tables always get the same statuses.
See docs/disclosure-control.md.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from forcewatch.release.lpaudit import AuditReport, UnitSystem, audit, unit_systems
from forcewatch.release.lpbounds import Solver
from forcewatch.release.model import (
    DisclosureRules,
    ReleaseTable,
    Status,
    TableSpec,
)


@dataclass
class ProtectionReport:
    primary: int
    complementary: int
    audit: AuditReport
    added_by_audit: int = 0  # complementary cells chosen because the audit asked

    def to_json(self) -> dict[str, object]:
        return {
            "primary": self.primary,
            "complementary": self.complementary,
            "audit": self.audit.to_json(),
        }


def protect(
    tables: list[ReleaseTable],
    rules: DisclosureRules,
    *,
    monthly: bool,
    keep: Collection[tuple[str, tuple[str, ...]]] = (),
) -> ProtectionReport:
    """Set every cell's status (in place) so that the release passes the audit.

    Withheld tables are left alone. Earlier suppression statuses are cleared
    first, so protecting twice gives the same result. `keep` names cells (table,
    key) suppressed in the previous version of the same release: they stay
    suppressed, so that comparing the versions reveals no cell that either hid.

    Examples
    --------
    In a monthly release, 3 people of one race beside a published total: the
    smallest other nonzero group is suppressed too.

    >>> from forcewatch.release.model import Cell
    >>> spec = TableSpec("by_race", "By race", "subject", ("race",))
    >>> counts = {"asian": 3, "black": 40, "white": 25, "other": 12, "unknown": 0}
    >>> by_race = ReleaseTable(spec, [Cell((k,), n, n) for k, n in counts.items()])
    >>> all_spec = TableSpec("total", "All", "subject", ())
    >>> total = ReleaseTable(all_spec, [Cell((), 80, 80)])
    >>> report = protect([by_race, total], DisclosureRules(), monthly=True)
    >>> [(c.key[0], c.status.value) for c in by_race.cells if not c.published]
    [('asian', 'suppressed_small'), ('other', 'suppressed_complementary')]
    >>> report.audit.ok
    True
    """
    active = [t for t in tables if not t.withheld_reason]
    for table in active:
        sensitive = is_sensitive(table.spec, rules, monthly=monthly)
        for cell in table.cells:
            small = rules.small_min <= cell.persons <= rules.small_max
            if sensitive and small and cell.persons > 0:
                cell.status = Status.PRIMARY
            elif (table.name, cell.key) in keep:
                cell.status = Status.COMPLEMENTARY
            elif cell.status in (Status.PRIMARY, Status.COMPLEMENTARY):
                cell.status = Status.PUBLISHED
    added = 0
    for system in unit_systems(active):
        protector = _Protector(system)
        protector.line_rule()
        added += protector.close_exact()
    statuses = [c.status for t in active for c in t.cells]
    return ProtectionReport(
        primary=statuses.count(Status.PRIMARY),
        complementary=statuses.count(Status.COMPLEMENTARY),
        audit=audit(tables),
        added_by_audit=added,
    )


def is_sensitive(spec: TableSpec, rules: DisclosureRules, *, monthly: bool) -> bool:
    """Does the table cross a person attribute with a place or a time?"""
    dims = set(spec.dims)
    if not dims & rules.person_dims:
        return False
    return monthly or bool(dims & (rules.place_dims | rules.time_dims))


class _Protector:
    def __init__(self, system: UnitSystem) -> None:
        self.system = system
        self.cells = system.cells
        self.free: list[bool] = [bool(f) for f in system.free()]

    def suppress(self, var: int) -> None:
        self.cells[var].status = Status.COMPLEMENTARY
        self.free[var] = True

    def line_rule(self) -> None:
        """Until no line has exactly one suppressed cell, suppress a partner."""
        changed = True
        while changed:
            changed = False
            for number, line in enumerate(self.system.lines):
                if sum(self.free[v] for v in line.members) != 1:
                    continue
                single = next(v for v in line.members if self.free[v])
                body = [v for v in line.body if v != single]
                margin = [] if line.margin in (None, single) else [line.margin]
                partner = _first(
                    self._cheapest(body, number), self._cheapest(margin, number)
                )
                if partner is not None:
                    self.suppress(partner)
                    changed = True

    def close_exact(self) -> int:
        """Suppress more cells until the LP audit finds no exact cell."""
        safe: set[int] = set()  # stays safe: freeing cells only widens intervals
        stuck: set[int] = set()
        added = 0
        while True:
            solver = self.system.solver()
            exact = self._first_exact(solver, safe, stuck)
            safe.update(solver.certified())
            if exact is None:
                return added
            partner = self._rescue(solver, exact)
            if partner is None:
                stuck.add(exact)  # left for the audit to report
                continue
            self.suppress(partner)
            added += 1
            self.line_rule()

    def _first_exact(
        self, solver: Solver, safe: set[int], stuck: set[int]
    ) -> int | None:
        for var in self.system.checked():
            if var in safe or var in stuck:
                continue
            if not solver.safe(var):
                return var
            safe.add(var)
        return None

    def _rescue(self, solver: Solver, exact: int) -> int | None:
        """A published cell whose suppression can free the exact one: first from
        its own lines (body cells before margins), then from any line that
        constrains it."""
        near: list[int] = []
        margins: list[int] = []
        for number in self.system.lines_of[exact]:
            line = self.system.lines[number]
            if exact == line.margin:
                near += line.body
            else:
                near += [v for v in line.body if v != exact]
                margins += [] if line.margin is None else [line.margin]
        far = [
            v
            for n in solver.component_lines(exact)
            for v in self.system.lines[n].members
        ]
        return _first(
            self._cheapest(near), self._cheapest(margins), self._cheapest(far)
        )

    def _pinned(self, var: int) -> bool:
        """Is the cell known to be 0 whatever else is hidden (a line of zeros
        with a published total of 0)? Then hiding it protects nothing."""
        for number in self.system.lines_of[var]:
            margin = self.system.lines[number].margin
            if margin == var:
                if not self.system.lines[number].body:
                    return True
            elif margin is None or (
                not self.free[margin] and not self.cells[margin].count
            ):
                return True
        return False

    def _cheapest(self, candidates: list[int], line: int | None = None) -> int | None:
        """The published candidate that loses least: nonzero before zero, then
        the smallest count, then the one opening fewest new lines, then order."""
        options = {v for v in candidates if not self.free[v] and not self._pinned(v)}
        if not options:
            return None

        def cost(var: int) -> tuple[bool, int, int, int]:
            count = self.cells[var].count
            opened = sum(
                1
                for n in self.system.lines_of[var]
                if n != line
                and not any(self.free[m] for m in self.system.lines[n].members)
            )
            return (count == 0, count, opened, var)

        return min(options, key=cost)


def _first(*options: int | None) -> int | None:
    return next((o for o in options if o is not None), None)
