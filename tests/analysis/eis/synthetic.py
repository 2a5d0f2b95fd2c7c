"""A seeded synthetic department for end-to-end evaluation tests (a few seconds).

Each officer has a hidden propensity; uses of force and complaints arrive at
rates that grow with it, and a complaint is sustained more often the higher
it is, so that a model has something to learn. Findings close 30 to 900 days
after the complaint is received.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from tests.analysis.eis.snapshot import write_snapshot

AGENCY = 3
START, END = dt.date(2013, 1, 1), dt.date(2021, 1, 1)


def synthetic_tables(officers: int = 250, seed: int = 5) -> dict[str, list[Any]]:
    rng = np.random.default_rng(seed)
    days = (END - START).days
    risk = rng.lognormal(0.0, 0.7, officers)
    out: dict[str, list[Any]] = {
        "agency": [{"id": AGENCY, "slug": "synth", "name": "Synthetic PD"}],
        "officer": [
            {
                "id": i + 1,
                "agency_id": AGENCY,
                "source_key": f"o{i + 1}",
                "given_name": f"G{i}",
                "family_name": f"F{i}",
                "appointed_date": START - dt.timedelta(days=int(rng.integers(0, 7000))),
                "race": [["W", "B", "U"][i % 3]],
                "ethnicity": "H" if i % 3 == 2 else "N",
                "sex": "F" if i % 4 == 0 else "M",
            }
            for i in range(officers)
        ],
    }
    for name in ("incident", "officer_involvement", "engagement"):
        out[name] = []
    out["complaint"], out["allegation"] = [], []
    common = {"agency_id": AGENCY}
    for officer in range(officers):
        for day in rng.integers(0, days, rng.poisson(1.5 * risk[officer] * 8)):
            n = len(out["incident"]) + 1
            out["incident"].append(
                {
                    **common,
                    "id": n,
                    "source_key": f"i{n}",
                    "occurred_date": START + dt.timedelta(days=int(day)),
                }
            )
            row = {
                **common,
                "id": n,
                "source_key": f"v{n}",
                "incident_id": n,
                "officer_id": officer + 1,
                "role": "used_force",
                "unit": f"u{officer % 5}",
            }
            out["officer_involvement"].append(row)
            out["engagement"].append(
                {
                    **common,
                    "id": n,
                    "source_key": f"e{n}",
                    "incident_id": n,
                    "involvement_id": n,
                }
            )
        for day in rng.integers(0, days, rng.poisson(0.5 * risk[officer] * 8)):
            n = len(out["complaint"]) + 1
            received = START + dt.timedelta(days=int(day))
            closed = received + dt.timedelta(days=int(rng.integers(30, 900)))
            sustained = rng.random() < min(0.9, 0.08 * risk[officer] ** 2)
            out["complaint"].append(
                {
                    **common,
                    "id": n,
                    "source_key": f"c{n}",
                    "received_date": received,
                    "incident_date": received - dt.timedelta(days=3),
                    "closed_date": closed,
                }
            )
            out["allegation"].append(
                {
                    **common,
                    "id": n,
                    "source_key": f"a{n}",
                    "complaint_id": n,
                    "officer_id": officer + 1,
                    "category": "force",
                    "finding": "sustained" if sustained else "not_sustained",
                }
            )
    return out


def synthetic_snapshot(folder: Path, **kwargs: Any) -> Path:
    return write_snapshot(folder, synthetic_tables(**kwargs))
