"""The tables of a release and their cells, shared by every step of the builder.

A release table counts one counting unit (incident, subject, application,
officer) by zero or more dimensions. Every cell keeps the count as computed and
the number of distinct persons behind it (what disclosure control looks at),
and gets a status: published, or why it is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "suppressed_small"  # 1-9 persons crossing a person attribute
    COMPLEMENTARY = "suppressed_complementary"  # so a small cell cannot be derived
    WITHHELD = "withheld"  # the whole breakdown: too many values not recorded


SUPPRESSED = frozenset({Status.PRIMARY, Status.COMPLEMENTARY, Status.WITHHELD})


@dataclass
class Cell:
    key: tuple[str, ...]  # one group per dimension of the table, in order
    count: int
    persons: int  # distinct persons (subjects or officers) counted in the cell
    status: Status = Status.PUBLISHED
    # rate columns, where the table has a denominator
    rate: float | None = None
    rate_low: float | None = None
    rate_high: float | None = None
    unstable: bool = False  # count below 20: the rate is unreliable

    @property
    def published(self) -> bool:
        return self.status == Status.PUBLISHED


@dataclass(frozen=True)
class TableSpec:
    """One table of every release (forcewatch/release/tables.yaml)."""

    name: str  # file stem: data/<name>.csv, charts/<name>.svg
    title: str
    unit: str  # incident | subject | application | officer
    dims: tuple[str, ...]
    description: str = ""
    chart: bool = False
    denominator: str | None = None  # a denominator dimension, e.g. race


@dataclass
class ReleaseTable:
    spec: TableSpec
    cells: list[Cell] = field(default_factory=list)
    withheld_reason: str = ""  # set when the whole table is withheld

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def dims(self) -> tuple[str, ...]:
        return self.spec.dims

    def cell(self, key: tuple[str, ...]) -> Cell:
        for cell in self.cells:
            if cell.key == key:
                return cell
        raise KeyError(f"{self.name} has no cell {key}")


@dataclass(frozen=True)
class DisclosureRules:
    """Disclosure control as data (forcewatch/release/rules.yaml)."""

    small_min: int = 1
    small_max: int = 9  # cells of 1-9 persons are suppressed
    unstable_below: int = 20  # rates on fewer events are marked unstable
    max_nonresponse: float = 0.30  # a breakdown is withheld above this share unknown
    person_dims: frozenset[str] = frozenset(
        {"race", "sex", "age", "crisis", "disability", "officer_race", "officer_sex"}
    )
    place_dims: frozenset[str] = frozenset({"district"})
    time_dims: frozenset[str] = frozenset({"month"})
