"""The groups a disparity table compares: Ibis expressions over snapshot columns.

Every dimension is a string column with a fixed vocabulary, "unknown" where the
record does not say (never dropped: missingness is reported, not hidden).

- race: one group per subject, Hispanic of any race first (the census scheme of
  "Hispanic, and non-Hispanic single races"): ethnicity H -> hispanic; one race
  code -> white, black, asian, aian, nhpi; several codes, or O -> other;
  otherwise unknown. Sources that record Hispanic as a race (Chicago, Dallas,
  Seattle) are mapped to ethnicity H on import, so they land in `hispanic`.
- sex: male, female, another (X), unknown.
- age: census bands of the subject's age; a recorded range that spans two bands
  is unknown.
- outcome: how it ended for the subject, the gravest recorded first: died,
  hospitalized, injured, arrested (and not injured), not_injured (nor
  arrested), else unknown.
- crisis: yes when the subject was recorded in crisis or with a mental-health
  impairment; no when recorded otherwise; unknown when not recorded.
- district, call_type, agency_level, year, month (YYYY-MM): of the incident.
  `call_type` is the canonical contact reason where the source gives one,
  else the agency's own call type.
- force_type: of the force application ("none_recorded": a unit with no
  application on record). resistance_level: canonical 1-5 level of the
  resistance the application answered, else the subject's highest recorded
  resistance, else 0 (unknown).
- officer, officer_unit: of the involvement behind an engagement or application.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import ibis
import yaml
from ibis.expr.types import BooleanValue, StringValue, Table

RACE_GROUPS = (
    "white",
    "black",
    "hispanic",
    "asian",
    "aian",
    "nhpi",
    "other",
    "unknown",
)
SEX_GROUPS = ("male", "female", "another", "unknown")
AGE_BANDS = ("0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown")
CRISIS_GROUPS = ("yes", "no", "unknown")
OUTCOMES = ("died", "hospitalized", "injured", "arrested", "not_injured", "unknown")
UNKNOWN = "unknown"
NONE_RECORDED = "none_recorded"
OTHER_CODE = "other_code"  # a force type code not in the code list

LABELS = {
    "race": {
        "white": "White (non-Hispanic)",
        "black": "Black (non-Hispanic)",
        "hispanic": "Hispanic or Latino (any race)",
        "asian": "Asian (non-Hispanic)",
        "aian": "American Indian or Alaska Native (non-Hispanic)",
        "nhpi": "Native Hawaiian or Pacific Islander (non-Hispanic)",
        "other": "Other or several races (non-Hispanic)",
        "unknown": "Not recorded",
    },
    "sex": {
        "male": "Male",
        "female": "Female",
        "another": "Non-binary or another gender",
        "unknown": "Not recorded",
    },
}

NIBRS_RACE = {"W": "white", "B": "black", "A": "asian", "I": "aian", "P": "nhpi"}
AGE_EDGES = ((18, "0-17"), (25, "18-24"), (35, "25-34"), (45, "35-44"), (55, "45-54"))
CODELISTS = Path(__file__).resolve().parents[2] / "records" / "codelists"


@cache
def levels(codelist: str) -> dict[str, int]:
    """Code -> `level` of a canonical code list (force_type, resistance).

    Read from the YAML file itself: the analysis package does not import Django.
    """
    data = yaml.safe_load((CODELISTS / f"{codelist}.yaml").read_text(encoding="utf-8"))
    return {
        str(code): int(attrs.get("level", 0)) for code, attrs in data["codes"].items()
    }


def race_group(race: Any, ethnicity: Any) -> StringValue:
    """Race group of a subject (a NIBRS race list and an ethnicity code)."""
    one = race.length() == 1
    cases: list[tuple[BooleanValue, str]] = [(ethnicity == "H", "hispanic")]
    cases += [(one & race.contains(code), group) for code, group in NIBRS_RACE.items()]
    cases.append(((race.length() > 1) | (one & race.contains("O")), "other"))
    return ibis.cases(*cases, else_=UNKNOWN)


def sex_group(sex: Any) -> StringValue:
    return ibis.cases(
        (sex == "M", "male"),
        (sex == "F", "female"),
        (sex == "X", "another"),
        else_=UNKNOWN,
    )


def age_band(age_min: Any, age_max: Any) -> StringValue:
    low, high = _band(age_min), _band(age_max.coalesce(age_min))
    return ibis.cases((low == high, low), else_=UNKNOWN)


def _band(age: Any) -> StringValue:
    cases = [(age < edge, band) for edge, band in AGE_EDGES]
    return ibis.cases(*cases, (age < 65, "55-64"), (age >= 65, "65+"))  # null: null


def crisis(in_crisis: Any, impairments: Any) -> StringValue:
    recorded = (impairments.length() > 0) & ~(
        (impairments.length() == 1) & impairments.contains("unknown")
    )
    return ibis.cases(
        (in_crisis, "yes"),
        (impairments.contains("mental_health"), "yes"),
        (in_crisis == ibis.literal(False), "no"),
        (recorded, "no"),
        else_=UNKNOWN,
    )


def outcome(died: Any, hospitalized: Any, injured: Any, arrested: Any) -> StringValue:
    """How the encounter ended for a subject: the gravest recorded outcome first."""
    return ibis.cases(
        (died, "died"),
        (hospitalized, "hospitalized"),
        (injured, "injured"),
        (arrested, "arrested"),
        (injured == ibis.literal(False), "not_injured"),
        else_=UNKNOWN,
    )


def recorded(group: StringValue) -> StringValue:
    """'yes' where a group is known, 'no' where it is unknown."""
    return ibis.cases((group == UNKNOWN, "no"), else_="yes")


def text_or_unknown(column: Any) -> StringValue:
    return ibis.cases((column.isnull() | (column == ""), UNKNOWN), else_=column)


def resistance_level(own: Any, subject_highest: Any) -> StringValue:
    """The level of the resistance an application answered, as text ('0' unknown)."""
    mine = own.substitute(levels("resistance"), else_=0)
    level = ibis.cases((mine > 0, mine), else_=subject_highest.coalesce(0))
    return level.cast("string")


def subject_highest_resistance(actions: Table) -> Table:
    """subject_id -> the highest resistance level among the subject's actions."""
    known = actions.filter(actions.subject_id.notnull())
    level = known.resistance.substitute(levels("resistance"), else_=0)
    return known.group_by(subject=known.subject_id).aggregate(
        highest=level.max().cast("int64")
    )
