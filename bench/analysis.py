"""Benchmark: the disparity suite on synthetic snapshots of 10^5-10^7 applications.

Each snapshot is written directly as Parquet in the snapshot schema
(`forcewatch.snapshot.arrays`), from seeded numpy draws: incidents, subjects,
officers, engagements (every officer x subject of an incident) and force
applications, with the shares of forcewatch/synth/distributions.yaml (Dallas
2013-2019) and a few simple choices of our own (seven districts, ages, units,
resistance). It then times, on DuckDB:

- `suite`: `forcewatch.analysis.disparity.run` with every table (13 backend
  queries, then the statistics in Python) against a synthetic resident
  denominator that has race within district, so the stratified table runs too;
- `table`: one table, force applications by subject race with rates and
  ratios, through the same code (`force_counts` + `rate_table`);
- `pandas`: the same table in pandas (pyarrow-backed dtypes), whose counts and
  ratios must equal ours.

Prints `name: value unit` lines per size and last `ratio: r` = our table's
time / pandas' time at the largest size (lower is better).

    python bench/analysis.py [--sizes 1e5 1e6 1e7] [--work /tmp/fw-bench-analysis]
        [--memory-limit 4GB] [--keep]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DISTRIBUTIONS = ROOT / "forcewatch" / "synth" / "distributions.yaml"
CHUNK_APPLICATIONS = 1_000_000
DISTRICTS = {  # Dallas's seven divisions, with their shares of incidents 2013-2019
    "CENTRAL": 2466, "SOUTHEAST": 2061, "NORTHEAST": 2040, "SOUTH CENTRAL": 1613,
    "SOUTHWEST": 1599, "NORTHWEST": 1245, "NORTH CENTRAL": 1127,
}  # fmt: skip
RESISTANCE = {"passive": 67, "active": 26, "aggressive": 6.5, "deadly": 0.5}
AGES = ("0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
RACE_GROUP = {"W": "white", "B": "black", "A": "asian", "I": "aian", "O": "other"}


def weights(mapping: Mapping[Any, float]) -> tuple[list[Any], np.ndarray]:
    keys = list(mapping)
    p = np.array([mapping[k] for k in keys], dtype=np.float64)
    return keys, p / p.sum()


class Draws:
    """The synthetic department's distributions, as (values, probabilities)."""

    def __init__(self) -> None:
        d = yaml.safe_load(DISTRIBUTIONS.read_text(encoding="utf-8"))
        self.officers = weights(
            {int(k): v for k, v in d["officers_per_incident"].items()}
        )
        self.subjects = weights(
            {int(k): v for k, v in d["subjects_per_incident"].items()}
        )
        self.forces = weights({int(k): v for k, v in d["force_per_engagement"].items()})
        self.force_type = weights(d["force_type"])
        self.sex = weights(d["subject_sex"])
        race = dict(d["subject_race"])
        hispanic = d["subject_ethnicity"]["H"] / sum(d["subject_ethnicity"].values())
        race.pop("U")  # Dallas's "Hispanic" and unknown: drawn as ethnicity below
        self.race = weights(race)
        self.hispanic = hispanic
        self.contact = weights(d["contact_reason"])
        self.district = weights(DISTRICTS)
        self.resistance = weights(RESISTANCE)


def strings(rng_values: np.ndarray, vocabulary: list[str]) -> pa.Array:
    """Codes -> a string array, through a dictionary (no Python loop)."""
    indices = pa.array(rng_values.astype(np.int32))
    return pa.DictionaryArray.from_arrays(indices, pa.array(vocabulary)).cast(
        pa.string()
    )


def one_item_lists(values: pa.Array, present: np.ndarray) -> pa.Array:
    """A list<string> column: [value] where present, [] elsewhere."""
    offsets = np.zeros(len(present) + 1, dtype=np.int32)
    np.cumsum(present, out=offsets[1:])
    kept = values.filter(pa.array(present))
    return pa.ListArray.from_arrays(pa.array(offsets), kept)


def chunks(
    n_applications: int, seed: int, span: tuple[str, int] = ("2015-01-01", 5 * 365)
) -> Iterator[dict[str, dict[str, Any]]]:
    """Batches of every table, about CHUNK_APPLICATIONS applications each.

    Incidents happen on `span[1]` days from `span[0]`, uniformly.
    """
    rng = np.random.default_rng(seed)
    draws = Draws()
    n_officers = max(100, n_applications // 200)
    officer_units = rng.integers(0, 30, size=n_officers)
    done = {"incident": 0, "subject": 0, "involvement": 0, "engagement": 0, "apps": 0}
    apps_per_incident = 3.5
    while done["apps"] < n_applications:
        want = min(CHUNK_APPLICATIONS, n_applications - done["apps"])
        n_inc = max(1, int(want / apps_per_incident) + 1)
        batch = _chunk(rng, draws, done, n_inc, n_officers, officer_units, span)
        apps = batch["force_application"]
        if done["apps"] + len(apps["id"]) > n_applications:
            keep = n_applications - done["apps"]
            batch["force_application"] = {k: v[:keep] for k, v in apps.items()}
        done["apps"] += len(batch["force_application"]["id"])
        yield batch


def _chunk(
    rng: np.random.Generator,
    draws: Draws,
    done: dict[str, int],
    n_inc: int,
    n_officers: int,
    officer_units: np.ndarray,
    span: tuple[str, int],
) -> dict[str, dict[str, Any]]:
    inc_ids = done["incident"] + 1 + np.arange(n_inc, dtype=np.int64)
    n_subj = rng.choice(draws.subjects[0], p=draws.subjects[1], size=n_inc)
    n_off = rng.choice(draws.officers[0], p=draws.officers[1], size=n_inc)
    days = rng.integers(0, span[1], size=n_inc)
    incident = {
        "id": inc_ids,
        "agency_id": np.ones(n_inc, dtype=np.int64),
        "source_key": pa.array(inc_ids.astype(str)),
        "occurred_date": pa.array(
            np.datetime64(span[0]) + days.astype("timedelta64[D]")
        ),
        "district": strings(_pick(rng, draws.district, n_inc), draws.district[0]),
        "contact_reason": strings(_pick(rng, draws.contact, n_inc), draws.contact[0]),
    }
    subject = _subjects(rng, draws, done["subject"], np.repeat(inc_ids, n_subj))
    inv_incident = np.repeat(inc_ids, n_off)
    inv_ids = done["involvement"] + 1 + np.arange(len(inv_incident), dtype=np.int64)
    officer_ids = rng.integers(0, n_officers, size=len(inv_ids))
    involvement = {
        "id": inv_ids,
        "agency_id": np.ones(len(inv_ids), dtype=np.int64),
        "incident_id": inv_incident,
        "officer_id": officer_ids + 1,
        "role": pa.array(["used_force"] * len(inv_ids)),
        "unit": strings(officer_units[officer_ids], [f"unit {i}" for i in range(30)]),
    }
    # every officer x every subject of the incident
    per_incident = n_subj * n_off
    eng_incident = np.repeat(inc_ids, per_incident)
    starts = np.repeat(np.cumsum(per_incident) - per_incident, per_incident)
    local = np.arange(len(eng_incident)) - starts
    offs = np.repeat(n_off, per_incident)
    first_subject = np.repeat(np.cumsum(n_subj) - n_subj, per_incident)
    first_inv = np.repeat(np.cumsum(n_off) - n_off, per_incident)
    eng_subject = subject["id"][first_subject + local // offs]
    eng_inv = inv_ids[first_inv + local % offs]
    eng_ids = done["engagement"] + 1 + np.arange(len(eng_incident), dtype=np.int64)
    engagement = {
        "id": eng_ids,
        "agency_id": np.ones(len(eng_ids), dtype=np.int64),
        "incident_id": eng_incident,
        "involvement_id": eng_inv,
        "subject_id": eng_subject,
    }
    n_force = rng.choice(draws.forces[0], p=draws.forces[1], size=len(eng_ids))
    at = np.repeat(np.arange(len(eng_ids)), n_force)
    app_ids = done["apps"] + 1 + np.arange(len(at), dtype=np.int64)
    application = {
        "id": app_ids,
        "agency_id": np.ones(len(at), dtype=np.int64),
        "incident_id": eng_incident[at],
        "engagement_id": eng_ids[at],
        "involvement_id": eng_inv[at],
        "subject_id": eng_subject[at],
        "force_type": strings(
            _pick(rng, draws.force_type, len(at)), draws.force_type[0]
        ),
        "resistance": strings(
            _pick(rng, draws.resistance, len(at)), draws.resistance[0]
        ),
    }
    done["incident"] += n_inc
    done["subject"] += len(subject["id"])
    done["involvement"] += len(inv_ids)
    done["engagement"] += len(eng_ids)
    return {
        "incident": incident,
        "subject": subject,
        "officer_involvement": involvement,
        "engagement": engagement,
        "force_application": application,
    }


def _subjects(
    rng: np.random.Generator, draws: Draws, before: int, incident_ids: np.ndarray
) -> dict[str, Any]:
    n = len(incident_ids)
    ids = before + 1 + np.arange(n, dtype=np.int64)
    hispanic = rng.random(n) < draws.hispanic
    race_codes = _pick(rng, draws.race, n)
    known_race = rng.random(n) > 0.02
    race = one_item_lists(strings(race_codes, draws.race[0]), known_race & ~hispanic)
    ethnicity = np.where(hispanic, 1, np.where(known_race, 0, 2))
    age = np.clip(rng.gamma(4.0, 8.0, size=n) + 12, 12, 90).astype(np.int64)
    age_known = rng.random(n) > 0.1
    crisis = rng.random(n) < 0.16
    impairment = np.where(crisis, 0, np.where(rng.random(n) < 0.5, 1, 2))
    return {
        "id": ids,
        "agency_id": np.ones(n, dtype=np.int64),
        "incident_id": incident_ids,
        "race": race,
        "ethnicity": strings(ethnicity, ["N", "H", "U"]),
        "sex": strings(_pick(rng, draws.sex, n), draws.sex[0]),
        "age_min": pa.array(age, mask=~age_known).cast(pa.int16()),
        "age_max": pa.array(age, mask=~age_known).cast(pa.int16()),
        "in_crisis": pa.array(crisis, mask=~crisis),  # true, or not recorded
        "impairments": one_item_lists(
            strings(impairment, ["mental_health", "none", "unused"]), impairment < 2
        ),
    }


def _pick(rng: np.random.Generator, dist: tuple[list[Any], np.ndarray], n: int) -> Any:
    return rng.choice(len(dist[0]), p=dist[1], size=n)


def write_snapshot(
    folder: Path,
    n_applications: int,
    seed: int,
    span: tuple[str, int] = ("2015-01-01", 5 * 365),
) -> dict[str, int]:
    from forcewatch.snapshot.arrays import SnapshotBuilder

    rows: dict[str, int] = {}
    n_officers = max(100, n_applications // 200)
    with SnapshotBuilder(folder, agency="synthetic") as snap:
        snap.write(
            "agency", {"id": [1], "slug": ["synthetic"], "name": ["Synthetic PD"]}
        )
        ids = np.arange(1, n_officers + 1, dtype=np.int64)
        rng, draws = np.random.default_rng(seed + 1), Draws()
        snap.write(
            "officer",
            {
                "id": ids,
                "agency_id": np.ones(n_officers, np.int64),
                "source_key": pa.array(ids.astype(str)),
                "sex": strings(_pick(rng, draws.sex, n_officers), draws.sex[0]),
                "race": one_item_lists(
                    strings(_pick(rng, draws.race, n_officers), draws.race[0]),
                    np.ones(n_officers, dtype=bool),
                ),
            },
        )
        for batch in chunks(n_applications, seed, span):
            for table, columns in batch.items():
                snap.write(table, columns)
                rows[table] = rows.get(table, 0) + len(columns["id"])
    return rows


def denominator_csv(path: Path) -> Path:
    """Synthetic residents: race within each district, and sex and age city-wide."""
    lines = [
        "# title: Synthetic residents",
        "# kind: residents",
        "# reference: race=white, sex=female",
        "dimension,group,value,district",
    ]
    shares = {
        "white": 0.30,
        "black": 0.25,
        "hispanic": 0.40,
        "asian": 0.03,
        "aian": 0.01,
        "other": 0.01,
    }
    rng = np.random.default_rng(7)
    city: dict[str, float] = dict.fromkeys(shares, 0.0)
    for district in DISTRICTS:
        tilt = rng.dirichlet([20 * s for s in shares.values()])
        for group, share in zip(shares, tilt, strict=True):
            value = round(180_000 * share) + 1
            city[group] += value
            lines.append(f"race,{group},{value},{district}")
    lines += [f"race,{g},{int(v)}," for g, v in city.items()]
    lines += ["sex,male,620000,", "sex,female,640000,"]
    residents = (300, 130, 220, 180, 160, 140, 130)  # thousands, by age band
    lines += [f"age,{b},{v * 1000}," for b, v in zip(AGES, residents, strict=True)]
    lines += [f"district,{d},180000," for d in DISTRICTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ours_table(snapshot: Path, den: Any, memory_limit: str) -> tuple[float, Any]:
    from forcewatch.analysis.disparity.facts import Scope, force_counts
    from forcewatch.analysis.disparity.severity import sum_by
    from forcewatch.analysis.disparity.tables import rate_table

    start = time.perf_counter()
    con = connect(snapshot, memory_limit)
    counts = sum_by(
        force_counts(con, "application", ["race"], Scope(agency_id=1))
        .to_pyarrow()
        .to_pylist(),
        "race",
    )
    table = rate_table(
        dimension="race",
        unit="application",
        counts=counts,
        total=sum(counts.values()),
        denominator=den,
        years=5.0,
        reference="white",
    )
    return time.perf_counter() - start, table


def pandas_table(snapshot: Path, den: Any) -> tuple[float, Any]:
    """The same table in pandas: read, derive the race group, merge, count."""
    import pandas as pd
    import pyarrow.parquet as pq

    from forcewatch.analysis.disparity.tables import rate_table

    start = time.perf_counter()
    arrow_types = {"types_mapper": pd.ArrowDtype}
    apps = pq.read_table(
        snapshot / "force_application.parquet", columns=["subject_id", "incident_id"]
    ).to_pandas(**arrow_types)
    subjects = pq.read_table(
        snapshot / "subject.parquet", columns=["id", "race", "ethnicity"]
    ).to_pandas(**arrow_types)
    incidents = pq.read_table(
        snapshot / "incident.parquet", columns=["id", "agency_id"]
    ).to_pandas(**arrow_types)
    one = subjects["race"].list.len() == 1
    first = subjects["race"].where(one).list[0]  # null lists give null, not an error
    group = pd.Series("unknown", index=subjects.index, dtype=object)
    for code, name in RACE_GROUP.items():
        group = group.mask(one & (first == code), name)
    group = group.mask(subjects["race"].list.len() > 1, "other")
    group = group.mask(subjects["ethnicity"] == "H", "hispanic")
    subjects = pd.DataFrame({"subject_id": subjects["id"], "race": group})
    mine = incidents.loc[incidents["agency_id"] == 1, ["id"]].rename(
        columns={"id": "incident_id"}
    )
    joined = apps.merge(mine, on="incident_id").merge(
        subjects, on="subject_id", how="left"
    )
    counts = joined["race"].fillna("unknown").value_counts().to_dict()
    table = rate_table(
        dimension="race",
        unit="application",
        counts={str(k): int(v) for k, v in counts.items()},
        total=len(joined),
        denominator=den,
        years=5.0,
        reference="white",
    )
    return time.perf_counter() - start, table


def _tag(size: int) -> str:
    return f"{size:.0e}".replace("+0", "").replace("+", "")


def cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def connect(snapshot: Path, memory_limit: str) -> Any:
    from forcewatch.analysis.backends import duckdb_backend

    con = duckdb_backend(snapshot)
    con.raw_sql(f"SET memory_limit = '{memory_limit}'")
    return con


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6, 1e7])
    parser.add_argument("--work", type=Path, default=Path("/tmp/fw-bench-analysis"))
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB's memory limit")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--keep", action="store_true", help="keep the snapshots")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()  # the snapshot writer takes its schemas from the models
    from forcewatch.analysis.disparity import load_denominator, run

    args.work.mkdir(parents=True, exist_ok=True)
    den = load_denominator(denominator_csv(args.work / "residents.csv"))
    ratio, suite_times = None, {}
    for size in (int(s) for s in args.sizes):
        tag = _tag(size)
        folder = args.work / f"snap-{tag}"
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        rows = write_snapshot(folder, size, args.seed)
        print(f"{tag}_applications: {rows['force_application']} rows")
        print(f"{tag}_incidents: {rows['incident']} rows")
        print(f"{tag}_generate: {time.perf_counter() - start:.2f} s", flush=True)
        start, cpu = time.perf_counter(), cpu_seconds()
        result = run(
            folder,
            agency="synthetic",
            denominator=den,
            con=connect(folder, args.memory_limit),
        )
        suite_times[size] = time.perf_counter() - start
        print(f"{tag}_suite_duckdb: {suite_times[size]:.2f} s")
        print(f"{tag}_suite_tables: {len(result.tables)} tables")
        print(f"{tag}_suite_cpu: {cpu_seconds() - cpu:.2f} s")  # all threads
        # other jobs share the machine: runnable processes, 1-minute average
        print(f"{tag}_load_average: {os.getloadavg()[0]:.1f} processes")
        ours, table = ours_table(folder, den, args.memory_limit)
        theirs, baseline = pandas_table(folder, den)
        assert table.equals(baseline), "pandas and forcewatch disagree"
        print(f"{tag}_table_duckdb: {ours:.2f} s")
        print(f"{tag}_table_pandas: {theirs:.2f} s", flush=True)
        ratio = ours / theirs
        if not args.keep:
            shutil.rmtree(folder)
    sizes = sorted(suite_times)
    for small, large in zip(sizes, sizes[1:], strict=False):
        growth = (suite_times[large] / suite_times[small]) / (large / small)
        print(f"suite_growth_{_tag(small)}_to_{_tag(large)}: {growth:.2f} x_linear")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak_rss: {peak:.0f} MB")
    print(f"ratio: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
