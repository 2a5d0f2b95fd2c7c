"""The suite's backend queries: every unit's counts in a few passes over the data.

`force_counts` answers one question per query; the suite needs dozens, and on
10^7 applications each query is a join of millions of rows. These expressions
count several units, or several groups, in one pass, and give exactly what
`force_counts` gives (a test checks it):

- `people_cube`: subjects, engagements and applications per combination of
  the subject and incident dimensions (each table is reduced to counts per
  incident and subject before the join);
- `incident_groups`: per district, the incidents with at least one subject of
  each race, sex, age band and crisis status (one flag per group and incident);
- `force_types`: per force type, the applications and the distinct incidents,
  subjects and engagements it was used in; `units_with_force`: the units with
  any application at all (the rest have none recorded).
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.datatypes as dt
from ibis import BaseBackend
from ibis.expr.types import Table

from forcewatch.analysis.disparity import dimensions as dim
from forcewatch.analysis.disparity.facts import Scope, incidents, subjects


@ibis.udf.agg.builtin(name="bit_or")
def bit_or(value: dt.int64) -> dt.int64:  # type: ignore[empty-body]
    """Bitwise OR of the values (DuckDB and Spark both have BIT_OR)."""


PEOPLE = ("subjects", "engagements", "applications")
FLAG_GROUPS: dict[str, Sequence[str]] = {
    "race": dim.RACE_GROUPS,
    "sex": dim.SEX_GROUPS,
    "age": dim.AGE_BANDS,
    "crisis": dim.CRISIS_GROUPS,
}
FLAGS = [(d, g) for d, groups in FLAG_GROUPS.items() for g in groups]
SUBJECT_DIMS = ("race", "sex", "age", "crisis")


def flag_name(index: int) -> str:
    """Column of the index-th (dimension, group) of FLAGS: plain, safe on any engine."""
    return f"g{index}"


def people_cube(con: BaseBackend, scope: Scope, by: Sequence[str]) -> Table:
    """Columns `*by`, subjects, engagements, applications (int64).

    Engagements and applications are first counted per subject (and, where no
    subject is on record, per incident), so the dimensions are derived and
    joined once per subject rather than once per application.
    """
    subs = subjects(con, scope)  # dates: applied by the join with incidents
    known, orphans = [], []
    for name, table in (
        ("engagements", "engagement"),
        ("applications", "force_application"),
    ):
        rows = scoped(con, table, scope)
        per = rows.filter(rows.subject_id.notnull())
        known.append(
            per.group_by(person=per.subject_id).aggregate(**{name: per.count()})
        )
        none = rows.filter(rows.subject_id.isnull())
        orphans.append(
            (
                name,
                none.group_by(incident=none.incident_id).aggregate(
                    **{name: none.count()}
                ),
            )
        )
    fact = subs
    for counts in known:
        fact = fact.left_join(counts, fact.subject_id == counts.person)
    zero = ibis.literal(0, "int64")
    keyed = [
        fact.select(
            incident=fact.subject_incident,
            subjects=ibis.literal(1, "int64"),
            engagements=fact.engagements.coalesce(0).cast("int64"),
            applications=fact.applications.coalesce(0).cast("int64"),
            **{d: fact[d] for d in SUBJECT_DIMS},
        )
    ]
    unknown = {d: ibis.literal(dim.UNKNOWN) for d in SUBJECT_DIMS}
    for name, counts in orphans:
        units = {u: counts[u].cast("int64") if u == name else zero for u in PEOPLE[1:]}
        keyed.append(
            counts.select(
                incident=counts.incident,
                subjects=zero,
                engagements=units["engagements"],
                applications=units["applications"],
                **unknown,
            )
        )
    rows = ibis.union(*keyed, distinct=False)
    incs = incidents(con, scope)
    joined = rows.join(incs, rows.incident == incs.incident_id)
    return (
        joined.group_by(list(by))
        .aggregate(**{unit: joined[unit].sum().cast("int64") for unit in PEOPLE})
        .order_by(list(by))
    )  # fmt: skip


def incident_groups(con: BaseBackend, scope: Scope) -> Table:
    """Per district: incidents, and in `g<i>` those with a subject in FLAGS[i].

    Each subject sets one bit per dimension (its race, sex, age band, crisis
    status); an incident ORs its subjects' bits. An incident without a
    subject on record counts as unknown in every subject dimension.
    """
    subs = subjects(con, scope)
    bit = sum(
        (
            subs[d]
            .substitute(
                {g: 1 << i for i, (dd, g) in enumerate(FLAGS) if dd == d}, else_=0
            )
            .cast("int64")
            for d in FLAG_GROUPS
        ),
        start=ibis.literal(0, "int64"),
    )
    per = subs.group_by(incident=subs.subject_incident).aggregate(mask=bit_or(bit))
    incs = incidents(con, scope)
    fact = incs.left_join(per, incs.incident_id == per.incident)
    unknown = sum(1 << i for i, (_, g) in enumerate(FLAGS) if g == dim.UNKNOWN)
    mask = fact.mask.coalesce(unknown)
    sums = {
        flag_name(i): ((mask & (1 << i)) != 0).cast("int64").sum()
        for i in range(len(FLAGS))
    }
    return (
        fact.group_by("district")
        .aggregate(incidents=fact.count().cast("int64"), **sums)
        .order_by("district")
    )


FORCE_CODES = (*sorted(dim.levels("force_type")), dim.OTHER_CODE)
FORCE_KEYS = {"incident": "incident_id", "subject": "subject_id",
              "engagement": "engagement_id"}  # fmt: skip


def force_types(con: BaseBackend, scope: Scope) -> Table:
    """Per unit (incident, subject, engagement): `with_force`, the units with any
    application, and in `t<i>` those with an application of FORCE_CODES[i].

    Each application sets its force type's bit; a unit ORs its applications'
    bits, in one pass over the applications per unit.
    """
    codes = {code: 1 << i for i, code in enumerate(FORCE_CODES[:-1])}
    codes[""] = codes[dim.UNKNOWN]
    other = 1 << (len(FORCE_CODES) - 1)
    parts = []
    for unit, key in FORCE_KEYS.items():
        a = scoped(con, "force_application", scope)
        a = a.filter(a[key].notnull())
        bit = a.force_type.substitute(codes, else_=other).cast("int64")
        per = a.group_by(key).aggregate(mask=bit_or(bit))
        sums = {
            f"t{i}": ((per.mask & (1 << i)) != 0).cast("int64").sum()
            for i in range(len(FORCE_CODES))
        }
        parts.append(
            per.aggregate(with_force=per.count().cast("int64"), **sums).mutate(
                unit=ibis.literal(unit)
            )
        )
    return ibis.union(*parts, distinct=False)


def scoped(con: BaseBackend, name: str, scope: Scope) -> Table:
    """A table's rows of the scope's agency (and, with dates, of its incidents)."""
    table = con.table(name)
    if scope.agency_id is not None:
        table = table.filter(table.agency_id == scope.agency_id)
    if scope.since is not None or scope.until is not None:
        incs = incidents(con, scope).select("incident_id")
        table = table.semi_join(incs, table.incident_id == incs.incident_id)
    return table
