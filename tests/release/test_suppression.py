"""Cell suppression and the LP audit, on hand-built tables (no database)."""

from __future__ import annotations

import copy
import doctest
import itertools
import json
import random

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from forcewatch.release import lpaudit, suppression
from forcewatch.release.lpaudit import audit
from forcewatch.release.model import (
    Cell,
    DisclosureRules,
    ReleaseTable,
    Status,
    TableSpec,
)
from forcewatch.release.suppression import protect

RULES = DisclosureRules()
P, S, C, W = Status.PUBLISHED, Status.PRIMARY, Status.COMPLEMENTARY, Status.WITHHELD
Key = tuple[str, ...]


def table(name: str, dims: tuple[str, ...], counts: dict[Key, int]) -> ReleaseTable:
    spec = TableSpec(name, name, "subject", dims)
    return ReleaseTable(spec, [Cell(k, n, n) for k, n in counts.items()])


def cross(grid: list[list[int]]) -> list[ReleaseTable]:
    """race x district counts with both margins and the total."""
    rows = [f"r{i}" for i in range(len(grid))]
    cols = [f"c{j}" for j in range(len(grid[0]))]
    body: dict[Key, int] = {
        (r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(cols)
    }
    return [
        table("by_race_place", ("race", "district"), body),
        table("by_race", ("race",), {(r,): sum(grid[i]) for i, r in enumerate(rows)}),
        table(
            "by_place",
            ("district",),
            {(c,): sum(row[j] for row in grid) for j, c in enumerate(cols)},
        ),
        table("total", (), {(): sum(map(sum, grid))}),
    ]


def statuses(tables: list[ReleaseTable]) -> dict[tuple[str, Key], Status]:
    return {(t.name, c.key): c.status for t in tables for c in t.cells}


def suppressed(tables: list[ReleaseTable]) -> set[tuple[str, Key]]:
    return {cell for cell, status in statuses(tables).items() if status != P}


def shuffled(tables: list[ReleaseTable], rng: random.Random) -> list[ReleaseTable]:
    tables = copy.deepcopy(tables)
    for t in tables:
        rng.shuffle(t.cells)
    rng.shuffle(tables)
    return tables


# --- hand-built cases ------------------------------------------------------


def test_a_small_cell_beside_a_published_total_gets_the_smallest_nonzero_partner():
    by_race = table(
        "by_race", ("race",), {("a",): 3, ("b",): 40, ("c",): 12, ("d",): 25, ("e",): 0}
    )
    tables = [by_race, table("total", (), {(): 80})]

    report = protect(tables, RULES, monthly=True)

    assert statuses(tables)[("by_race", ("a",))] == S
    assert statuses(tables)[("by_race", ("c",))] == C
    assert suppressed(tables) == {("by_race", ("a",)), ("by_race", ("c",))}
    assert (report.primary, report.complementary) == (1, 1)
    assert report.audit.ok
    assert report.audit.intervals[("by_race", ("a",))].low == 0
    assert report.audit.intervals[("by_race", ("a",))].high == 15


def test_a_one_way_table_is_not_sensitive_in_a_half_year_release():
    tables = [
        table("by_race", ("race",), {("a",): 3, ("b",): 40}),
        table("t", (), {(): 43}),
    ]

    report = protect(tables, RULES, monthly=False)

    assert suppressed(tables) == set()
    assert report.to_json()["primary"] == 0


def test_the_classic_two_by_two_block():
    tables = cross([[4, 20, 30], [15, 50, 60], [25, 70, 80]])

    report = protect(tables, RULES, monthly=False)

    body = {k for t, k in suppressed(tables) if t == "by_race_place"}
    assert body == {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")}
    assert suppressed(tables) == {("by_race_place", k) for k in body}
    assert (report.primary, report.complementary) == (1, 3)
    interval = report.audit.intervals[("by_race_place", ("r0", "c0"))]
    assert (round(interval.low, 6), round(interval.high, 6)) == (0, 19)
    assert report.audit.ok


def test_a_suppressed_row_margin_in_a_monthly_release_is_protected_too():
    grid = [[2, 3, 1], [30, 40, 50], [20, 25, 35], [15, 18, 22]]

    half_year = cross(grid)
    protect(half_year, RULES, monthly=False)
    month = cross(grid)
    report = protect(month, RULES, monthly=True)

    assert statuses(half_year)[("by_race", ("r0",))] == P
    assert statuses(month)[("by_race", ("r0",))] == S
    race_margin = [k for t, k in suppressed(month) if t == "by_race"]
    assert ("r3",) in race_margin and len(race_margin) == 2  # the smallest other row
    assert statuses(month)[("total", ())] == P
    assert report.audit.ok


def test_a_withheld_table_adds_no_constraint_and_is_left_alone():
    def release(withhold_total: bool) -> list[ReleaseTable]:
        total = table("total", (), {(): 43})
        if withhold_total:
            total.withheld_reason = "test"
            total.cells[0].status = W
        body: dict[Key, int] = {("a",): 3, ("b",): 40}
        return [table("by_race", ("race",), body), total]

    published_total, withheld_total = release(False), release(True)
    protect(published_total, RULES, monthly=True)
    report = protect(withheld_total, RULES, monthly=True)

    assert ("by_race", ("b",)) in suppressed(published_total)
    assert suppressed(withheld_total) == {("by_race", ("a",)), ("total", ())}
    assert statuses(withheld_total)[("total", ())] == W
    assert report.audit.ok and report.audit.cells_checked == 1


def test_cells_of_nobody_are_never_primary():
    tables = cross([[0, 12, 30], [0, 50, 60]])

    protect(tables, RULES, monthly=True)

    assert suppressed(tables) == set()


def test_a_cell_known_to_be_zero_is_never_a_partner():
    # column c1 publishes 0, so its cells are known to be 0: hiding one would
    # protect nothing, and the row's margin is hidden instead
    tables = cross([[3, 0], [25, 0]])

    report = protect(tables, RULES, monthly=False)

    assert suppressed(tables) == {
        ("by_race_place", ("r0", "c0")),
        ("by_race_place", ("r1", "c0")),
        ("by_race", ("r0",)),
        ("by_race", ("r1",)),
    }
    assert report.audit.ok


def test_statuses_do_not_depend_on_the_order_of_tables_or_cells():
    grid = [[4, 1, 30, 0], [15, 50, 3, 60], [25, 7, 80, 2]]
    first = cross(grid)
    protect(first, RULES, monthly=True)
    for seed in range(5):
        other = shuffled(cross(grid), random.Random(seed))
        protect(other, RULES, monthly=True)
        assert statuses(other) == statuses(first)


def test_protecting_twice_gives_the_same_statuses():
    tables = cross([[4, 1, 30], [15, 50, 3], [25, 7, 80]])
    protect(tables, RULES, monthly=True)
    once = statuses(tables)
    report = protect(tables, RULES, monthly=True)
    assert statuses(tables) == once
    assert report.audit.ok


def test_the_report_is_plain_deterministic_json():
    tables = cross([[4, 1, 30], [15, 50, 3], [25, 7, 80]])
    a = protect(tables, RULES, monthly=True).to_json()
    b = protect(shuffled(tables, random.Random(1)), RULES, monthly=True).to_json()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert set(a) == {"primary", "complementary", "audit"}
    assert a["audit"]["ok"] is True and a["audit"]["exact"] == []


def test_the_audit_finds_a_cell_alone_in_its_row():
    tables = cross([[4, 20, 30], [15, 50, 60]])
    tables[0].cell(("r0", "c0")).status = S

    report = audit(tables)

    assert not report.ok
    assert report.exact == [("by_race_place", ("r0", "c0"))]
    assert report.to_json()["exact"] == [
        {"table": "by_race_place", "key": ["r0", "c0"]}
    ]


def test_the_audit_finds_a_cell_that_only_joins_two_blocks():
    # every row and column has two suppressed cells or none, but (r0, c2) lies
    # on no cycle of suppressed cells, so the margins give it away
    tables = cross([[5, 6, 7, 1], [8, 9, 1, 2], [3, 1, 10, 11], [2, 4, 12, 13]])
    blocks = itertools.chain(
        itertools.product((0, 1), (0, 1)), itertools.product((2, 3), (2, 3))
    )
    for i, j in [*blocks, (0, 2)]:
        tables[0].cell((f"r{i}", f"c{j}")).status = S

    report = audit(tables)

    assert report.exact == [("by_race_place", ("r0", "c2"))]
    assert report.cells_checked == 9


def test_the_audit_rejects_tables_that_do_not_add_up():
    tables = cross([[4, 20], [15, 50]])
    tables[3].cells[0].count += 1
    with pytest.raises(ValueError, match="do not add up"):
        audit(tables)


def cube(counts: dict[Key, int]) -> list[ReleaseTable]:
    """race x sex x district counts with every margin down to the total."""
    dims = ("race", "sex", "district")
    tables = []
    for size in range(4):
        for sub in itertools.combinations(range(3), size):
            margin: dict[Key, int] = {}
            for key, n in counts.items():
                short = tuple(key[i] for i in sub)
                margin[short] = margin.get(short, 0) + n
            name = "by_" + "_".join(dims[i] for i in sub) if sub else "total"
            tables.append(table(name, tuple(dims[i] for i in sub), margin))
    return tables


@settings(max_examples=15, deadline=None)
@given(
    values=st.lists(st.sampled_from([0, 1, 2, 5, 9, 11, 30]), min_size=27, max_size=27),
    monthly=st.booleans(),
)
def test_three_way_tables_and_all_their_margins_are_protected(values, monthly):
    keys = itertools.product("abc", "fmu", "xyz")
    tables = cube(dict(zip(keys, values, strict=True)))

    report = protect(tables, RULES, monthly=monthly)

    assert report.audit.ok
    for t in tables:
        if {"race", "sex"} & set(t.dims) and ("district" in t.dims or monthly):
            assert not [c for c in t.cells if 1 <= c.persons <= 9 and c.published]


def test_the_docstring_examples_run():
    assert doctest.testmod(suppression).failed == 0
    assert doctest.testmod(lpaudit).failed == 0


# --- properties ------------------------------------------------------------

counts = st.one_of(st.integers(0, 9), st.integers(0, 40))


def grids(
    rows: tuple[int, int],
    cols: tuple[int, int],
    cell: st.SearchStrategy[int] = counts,
) -> st.SearchStrategy[list[list[int]]]:
    return st.integers(*cols).flatmap(
        lambda n: st.lists(
            st.lists(cell, min_size=n, max_size=n), min_size=rows[0], max_size=rows[1]
        )
    )


def lines(grid: list[list[int]]) -> list[list[tuple[str, Key]]]:
    """Every sum a cross() release publishes, written out by hand."""
    rows, cols = range(len(grid)), range(len(grid[0]))
    body = [[("by_race_place", (f"r{i}", f"c{j}")) for j in cols] for i in rows]
    race = [("by_race", (f"r{i}",)) for i in rows]
    place = [("by_place", (f"c{j}",)) for j in cols]
    total = ("total", ())
    return (
        [[race[i], *body[i]] for i in rows]
        + [[place[j], *(body[i][j] for i in rows)] for j in cols]
        + [[total, *race], [total, *place], [total, *itertools.chain(*body)]]
    )


def determined(
    grid: list[list[int]], hidden: set[tuple[str, Key]]
) -> list[tuple[str, Key]]:
    """Suppressed cells fixed by linear algebra alone (no use of x >= 0)."""
    rows, cols = len(grid), len(grid[0])
    vectors: dict[tuple[str, Key], np.ndarray] = {}  # cells over the body cells
    for i, j in itertools.product(range(rows), range(cols)):
        v = np.zeros(rows * cols)
        v[i * cols + j] = 1
        vectors[("by_race_place", (f"r{i}", f"c{j}"))] = v
    for i in range(rows):
        vectors[("by_race", (f"r{i}",))] = np.sum(
            [vectors[("by_race_place", (f"r{i}", f"c{j}"))] for j in range(cols)],
            axis=0,
        )
    for j in range(cols):
        vectors[("by_place", (f"c{j}",))] = np.sum(
            [vectors[("by_race_place", (f"r{i}", f"c{j}"))] for i in range(rows)],
            axis=0,
        )
    vectors[("total", ())] = np.ones(rows * cols)
    known = np.array(
        [v for k, v in vectors.items() if k not in hidden] or [np.zeros(rows * cols)]
    )
    rank = np.linalg.matrix_rank(known)
    return [
        k
        for k in hidden
        if np.linalg.matrix_rank(np.vstack([known, vectors[k]])) == rank
    ]


def sensitive_small_published(tables: list[ReleaseTable], monthly: bool) -> list:
    names = {"by_race_place"} | ({"by_race"} if monthly else set())
    return [
        (t.name, c.key)
        for t in tables
        if t.name in names
        for c in t.cells
        if 1 <= c.persons <= 9 and c.status == P
    ]


@settings(max_examples=50, deadline=None)
@given(
    grid=grids((3, 6), (2, 6)),
    monthly=st.booleans(),
    rng=st.randoms(use_true_random=False),
)
def test_protected_random_tables_hide_every_small_cell(grid, monthly, rng):
    tables = cross(grid)
    report = protect(tables, RULES, monthly=monthly)
    hidden = suppressed(tables)

    assert sensitive_small_published(tables, monthly) == []
    assert report.audit.ok and audit(tables).ok
    for line in lines(grid):
        assert sum(cell in hidden for cell in line) != 1, line
    assert determined(grid, hidden) == []

    other = shuffled(cross(grid), rng)
    protect(other, RULES, monthly=monthly)
    assert statuses(other) == statuses(tables)


def brute_force(
    grid: list[list[int]], tables: list[ReleaseTable], limit: int = 20_000
) -> dict[tuple[str, Key], set[int]] | None:
    """Every value each suppressed cell takes among all the integer tables that
    publish the same numbers; None when there are too many to list."""
    shown = statuses(tables)
    if shown[("total", ())] != P:
        return None  # nothing bounds the cells
    rows, cols = range(len(grid)), range(len(grid[0]))
    cell: dict[tuple[int, int], tuple[str, Key]] = {
        (i, j): ("by_race_place", (f"r{i}", f"c{j}")) for i in rows for j in cols
    }
    sums: dict[tuple[str, Key], list[tuple[int, int]]] = {
        ("by_race", (f"r{i}",)): [(i, j) for j in cols] for i in rows
    }
    sums |= {("by_place", (f"c{j}",)): [(i, j) for i in rows] for j in cols}
    sums[("total", ())] = list(cell)
    free = [ij for ij in cell if shown[cell[ij]] != P]
    # what the free cells of each published sum must add up to
    left = {
        name: sum(grid[i][j] for i, j in members if (i, j) not in free)
        for name, members in sums.items()
    }
    left = {
        name: sum(grid[i][j] for i, j in sums[name]) - known
        for name, known in left.items()
        if shown[name] == P
    }
    within = {ij: [name for name in left if ij in sums[name]] for ij in free}
    found: list[dict[tuple[int, int], int]] = []
    values: dict[tuple[int, int], int] = {}
    nodes = 0

    def visit(n: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            return
        if n == len(free):
            if not any(left.values()):
                found.append(dict(values))
            return
        for value in range(min(left[name] for name in within[free[n]]) + 1):
            values[free[n]] = value
            for name in within[free[n]]:
                left[name] -= value
            visit(n + 1)
            for name in within[free[n]]:
                left[name] += value

    visit(0)
    if nodes > limit:
        return None
    seen: dict[tuple[str, Key], set[int]] = {}
    for table_values in found:
        full = {ij: table_values.get(ij, grid[ij[0]][ij[1]]) for ij in cell}
        for ij in free:
            seen.setdefault(cell[ij], set()).add(full[ij])
        for name, members in sums.items():
            if shown[name] != P:
                seen.setdefault(name, set()).add(sum(full[ij] for ij in members))
    return seen


@settings(max_examples=40, deadline=None)
@given(grid=grids((2, 3), (2, 3), st.integers(0, 6)), monthly=st.booleans())
def test_brute_force_agrees_with_the_audit_on_small_tables(grid, monthly):
    tables = cross(grid)
    report = protect(tables, RULES, monthly=monthly)
    seen = brute_force(grid, tables)
    event("listed" if seen is not None else "too many to list")
    if seen is None:
        return  # too many integer tables to list; the LP test above covers it
    for cell, values in seen.items():
        assert len(values) >= 2, cell
        interval = report.audit.intervals.get(cell)
        if interval is not None and interval.high != float("inf"):
            # 2-way tables with margins are totally unimodular: LP = integers
            assert (min(values), max(values)) == (
                round(interval.low),
                round(interval.high),
            ), cell


@settings(max_examples=40, deadline=None)
@given(
    grid=grids((2, 3), (2, 3), st.integers(0, 6)),
    hide=st.lists(st.booleans(), min_size=15, max_size=15),
)
def test_the_audit_agrees_with_brute_force_on_any_suppression(grid, hide):
    tables = cross(grid)
    cells = [c for t in tables[:3] for c in t.cells]
    for cell, hidden in zip(cells, hide, strict=False):
        cell.status = S if hidden else P
    seen = brute_force(grid, tables)
    event("listed" if seen is not None else "too many to list")
    if seen is None:
        return
    report = audit(tables)
    event("some exact" if report.exact else "none exact")
    assert sorted(c for c, values in seen.items() if len(values) == 1) == report.exact
    for cell, values in seen.items():
        interval = report.intervals[cell]
        assert (min(values), max(values)) == (round(interval.low), round(interval.high))
