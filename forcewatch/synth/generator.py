"""Seeded synthetic use-of-force exports, drawn from real frequencies.

Each agency becomes one export in the layout of `mappings/synthetic.yaml`
(one row per officer x subject, force types `;`-joined in order), written
row by row, so any size streams in constant memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DISTRIBUTIONS = Path(__file__).with_name("distributions.yaml")
STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
    "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
COLUMNS = [
    "incident_id",
    "date",
    "time",
    "contact_reason",
    "district",
    "officer_id",
    "officer_sex",
    "officer_race",
    "officer_hired",
    "subject_id",
    "subject_sex",
    "subject_race",
    "subject_ethnicity",
    "subject_age",
    "subject_injured",
    "subject_arrested",
    "force_types",
    "force_effective",
]


@dataclass(frozen=True)
class SynthSpec:
    agencies: int
    officers: int
    reports: int
    seed: int
    first_year: int = 2019
    years: int = 5


@dataclass(frozen=True)
class AgencyPlan:
    index: int
    slug: str
    name: str
    ori: str
    state: str
    officers: int
    incidents: int


class Sampler:
    """Draws from a {value: weight} table with precomputed cumulative weights."""

    def __init__(self, table: dict[Any, float]):
        self.values = [str(v) for v in table]
        self.cum = list(itertools.accumulate(float(w) for w in table.values()))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum)[0]


@cache
def samplers() -> dict[str, Sampler]:
    data = yaml.safe_load(DISTRIBUTIONS.read_text())
    return {k: Sampler(v) for k, v in data.items() if isinstance(v, dict)}


def split_total(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Integers proportional to weights summing exactly to total (largest remainder)."""
    base = minimum * len(weights)
    rest = max(total - base, 0)
    scale = sum(weights) or 1.0
    raw = [w / scale * rest for w in weights]
    out = [int(math.floor(x)) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: out[i] - raw[i])
    for i in order[: rest - sum(out)]:
        out[i] += 1
    return [o + minimum for o in out]


def plan_agencies(spec: SynthSpec) -> list[AgencyPlan]:
    """Agency sizes are heavy-tailed (lognormal), as US agencies are."""
    rng = random.Random(spec.seed)  # noqa: S311 - synthetic data, not security
    weights = [rng.lognormvariate(0, 1.6) for _ in range(spec.agencies)]
    officers = split_total(
        spec.officers, weights, minimum=1 if spec.officers >= spec.agencies else 0
    )
    incidents = split_total(spec.reports, [float(o) for o in officers])
    plans = []
    for i, (n_off, n_inc) in enumerate(zip(officers, incidents, strict=True)):
        state = STATES[i % len(STATES)]
        plans.append(
            AgencyPlan(
                i,
                f"synth-{i:05d}",
                f"Synthetic Police Department {i:05d}",
                f"{state}{i:05d}00",
                state,
                max(n_off, 1),
                n_inc,
            )
        )
    return plans


def agency_rows(spec: SynthSpec, plan: AgencyPlan) -> Iterator[list[str]]:
    """The export rows of one agency, deterministic for (seed, agency)."""
    rng = random.Random(f"{spec.seed}:{plan.index}")  # noqa: S311 - synthetic data
    s = samplers()
    heavy = [rng.gammavariate(0.6, 1.0) for _ in range(plan.officers)]
    cum = list(itertools.accumulate(heavy))
    ids = list(range(1, plan.officers + 1))
    officers = {
        o: (
            s["officer_sex"](rng),
            s["officer_race"](rng),
            dt.date(
                rng.randint(1985, spec.first_year), rng.randint(1, 12), 1
            ).isoformat(),
        )
        for o in ids
    }
    start = dt.date(spec.first_year, 1, 1).toordinal()
    days = 365 * spec.years
    for n in range(1, plan.incidents + 1):
        day = dt.date.fromordinal(start + rng.randrange(days))
        time = f"{int(s['hour'](rng)):02d}:{rng.randrange(60):02d}"
        incident = f"{plan.slug}-{day.year}-{n:07d}"
        reason, district = s["contact_reason"](rng), f"D{rng.randint(1, 12)}"
        n_off = min(int(s["officers_per_incident"](rng)), plan.officers)
        involved: set[int] = set()
        while len(involved) < n_off:
            involved.add(rng.choices(ids, cum_weights=cum)[0])
        subjects = [
            (
                f"{incident}-s{k}",
                s["subject_sex"](rng),
                s["subject_race"](rng),
                s["subject_ethnicity"](rng),
                str(rng.randint(14, 70)),
                s["subject_injured"](rng),
                s["subject_arrested"](rng),
            )
            for k in range(1, int(s["subjects_per_incident"](rng)) + 1)
        ]
        for officer in sorted(involved):
            for subject in subjects[
                : 1 if len(subjects) == 1 else rng.randint(1, len(subjects))
            ]:
                k = int(s["force_per_engagement"](rng))
                forces = [s["force_type"](rng) for _ in range(k)]
                effective = [s["effective"](rng) for _ in range(k)]
                yield [
                    incident,
                    day.isoformat(),
                    time,
                    reason,
                    district,
                    str(officer),
                    *officers[officer],
                    *subject,
                    ";".join(forces),
                    ";".join(effective),
                ]


def write_agency(spec: SynthSpec, plan: AgencyPlan, folder: Path) -> tuple[Path, int]:
    path = folder / f"{plan.slug}_synthetic_uof.csv.gz"
    rows = 0
    with gzip.open(path, "wt", newline="", compresslevel=3) as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for row in agency_rows(spec, plan):
            writer.writerow(row)
            rows += 1
    return path, rows
