"""One person per officer across sources: exact name + appointed date.

Sources key officers by their own ids (Chicago: CPDP's per-file ids), so one
person may be several officer records. Records with the same given name,
family name (upper case, trimmed) and appointed date are one person; a record
without an appointed date or a name stays a person of its own. This is the
deterministic pass of identity matching (../shared/REFERENCE.md 2.4-2.6): it
misses name changes and typos (it under-links), and links two namesakes
appointed the same day (rare). A probabilistic linkage (Splink) is future work.
"""

from __future__ import annotations

import ibis
from ibis import BaseBackend
from ibis.expr.types import StringValue, Table

RACE_GROUPS = ("white", "black", "hispanic", "asian_pacific", "native", "other")
SEX_GROUPS = ("male", "female", "another")
UNKNOWN = "unknown"


def officer_people(con: BaseBackend, agency_id: int) -> Table:
    """Columns officer_id, person_id (the lowest officer id of the person)."""
    o = con.table("officer").filter(lambda t: t.agency_id == agency_id)
    given = o.given_name.upper().strip()
    family = o.family_name.upper().strip()
    named = (
        o.appointed_date.notnull()
        & (given != "")
        & (family != "")
        & (family != "UNKNOWN")
    )
    key = ibis.ifelse(
        named,
        given + "|" + family + "|" + o.appointed_date.cast("string"),
        "id:" + o.id.cast("string"),
    )
    keyed = o.select(officer_id=o.id, key=key)
    return keyed.select(
        "officer_id", person_id=keyed.officer_id.min().over(group_by=keyed.key)
    )


def person_attributes(con: BaseBackend, people: Table) -> Table:
    """person_id, race_group, sex_group, appointed_date, birth_year.

    Each from the person's lowest-id record that has it (records of one person
    rarely disagree; when they do, the first source imported wins).
    """
    o = con.table("officer")
    rows = people.join(o, people.officer_id == o.id).select(
        "person_id",
        officer_id=people.officer_id,
        race_group=race_group(o.race, o.ethnicity),
        sex_group=sex_group(o.sex),
        appointed_date=o.appointed_date,
        birth_year=o.birth_year,
    )
    first = rows.officer_id
    return rows.group_by("person_id").aggregate(
        race_group=rows.race_group.argmin(first, where=rows.race_group != UNKNOWN),
        sex_group=rows.sex_group.argmin(first, where=rows.sex_group != UNKNOWN),
        appointed_date=rows.appointed_date.min(),
        birth_year=rows.birth_year.argmin(first, where=rows.birth_year.notnull()),
    )


def race_group(race: ibis.Value, ethnicity: ibis.Value) -> StringValue:
    """NIBRS race list + ethnicity -> one group; Hispanic ethnicity first."""
    codes = race.cast("array<string>")
    return ibis.cases(
        (ethnicity == "H", "hispanic"),
        (codes.contains("B"), "black"),
        (codes.contains("W"), "white"),
        (codes.contains("A") | codes.contains("P"), "asian_pacific"),
        (codes.contains("I"), "native"),
        (codes.contains("O"), "other"),
        else_=UNKNOWN,
    )


def sex_group(sex: ibis.Value) -> StringValue:
    return ibis.cases(
        (sex == "M", "male"),
        (sex == "F", "female"),
        (sex == "X", "another"),
        else_=UNKNOWN,
    )
