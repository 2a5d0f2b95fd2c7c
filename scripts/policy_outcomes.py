"""Compare the pack's findings on Chicago TRRs with what CPD and the complaint
system recorded (for docs/policy-findings-on-public-data.md).

Three outcomes are in the public data:

- the 2021-2023 TRR's own status (APPROVED, SUBMITTED, PRELIMINARY, REJECTED) and
  the reviewing supervisor's note that a complaint log number was obtained;
- the 2004-2016 chain-of-command review steps (SUBMITTED, REVIEWED, APPROVED);
- complaints (CR) against the reporting officer about an incident on the TRR's
  date, with the final finding of each excessive-force allegation. The TRR files
  and the complaint files share no key: a TRR is linked to a complaint when the
  accused officer's name (CPDP's normalised first and last name) and the
  complaint's incident date equal the reporting officer's and the TRR date. Names
  are used for the join only and never printed.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

CPDP = "chicago_cpdp"
COMPLAINTS = f"{CPDP}/complaints_2000_2023"
ACCUSED = f"{COMPLAINTS}/complaints-accused_2000-2023_2023-08_p053540.csv.gz"
CASES = f"{COMPLAINTS}/complaints-complaints_2000-2023_2023-08_p053540.csv.gz"
OFFICERS = {
    "chicago-2004-2018": f"{CPDP}/trr_2004_2018/"
    "TRR-officers_2004-2018_2018-08_p456008.csv.gz",
    "chicago-2021-2023": f"{CPDP}/trr_2021_2023/"
    "TRR-officers_2021-2023_2023-10_p877988.csv.gz",
}
STATUSES_2016 = f"{CPDP}/trr_2004_2018/TRR-statuses_2004-2016_2016-09.csv.gz"
STATUSES_2023 = f"{CPDP}/trr_2021_2023/TRR-statuses_2021-2023_2023-10_p877988.csv.gz"
# the strongest final finding of a TRR's linked excessive-force allegations
FINDING_ORDER = ("sustained", "not sustained", "unfounded or exonerated", "no finding")
FINDING = {
    "SUSTAINED": "sustained",
    "NOT SUSTAINED": "not sustained",
    "UNFOUNDED": "unfounded or exonerated",
    "EXONERATED": "unfounded or exonerated",
}
NO_COMPLAINT = "no same-day excessive-force complaint"


def wilson(k: int, n: int) -> tuple[float, float]:
    """95% Wilson interval of a proportion, in percent."""
    if n == 0:
        return (0.0, 0.0)
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


def load_units(work: Path, name: str) -> pd.DataFrame:
    with gzip.open(work / name / "units.json.gz", "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    return pd.DataFrame(rows, columns=["trr_id", "status", "fired", "incomplete"])


def complaint_groups(data: Path, name: str) -> pd.Series:
    """trr_id -> the strongest final finding of a same-day excessive-force CR."""
    officers = pd.read_csv(
        data / OFFICERS[name],
        dtype=str,
        usecols=["trr_id", "trr_date", "first_name_NS", "last_name_NS"],
    )
    accused = pd.read_csv(
        data / ACCUSED,
        dtype=str,
        usecols=[
            "cr_id",
            "first_name_NS",
            "last_name_NS",
            "allegation_category",
            "final_finding",
        ],
    )
    accused = accused[accused.allegation_category == "Excessive Force"]
    cases = pd.read_csv(data / CASES, dtype=str, usecols=["cr_id", "incident_date"])
    accused = accused.merge(cases, on="cr_id")
    accused = accused[~accused.last_name_NS.isin(["UNKNOWN", ""])].dropna(
        subset=["last_name_NS", "first_name_NS"]
    )
    linked = officers.merge(
        accused,
        left_on=["first_name_NS", "last_name_NS", "trr_date"],
        right_on=["first_name_NS", "last_name_NS", "incident_date"],
    )
    linked["group"] = linked.final_finding.str.upper().map(FINDING).fillna("no finding")
    rank = {g: i for i, g in enumerate(FINDING_ORDER)}
    linked["rank"] = linked.group.map(rank)
    best = linked.sort_values("rank").drop_duplicates("trr_id")
    return best.set_index("trr_id").group


def tabulate(units: pd.DataFrame, by: pd.Series, order: list[str]) -> dict[str, Any]:
    """Per group: reports, reports with a violation finding, and per-rule fires."""
    groups = by.reindex(units.trr_id).fillna(order[-1]).to_numpy()
    rows = []
    for group in order:
        mask = groups == group
        sub = units[mask]
        n = len(sub)
        k = int(sub.fired.map(bool).sum())
        rules: Counter[str] = Counter(r for fired in sub.fired for r in fired)
        rows.append(
            {
                "group": group,
                "reports": n,
                "violation": k,
                "ci": wilson(k, n),
                "rules": dict(rules),
            }
        )
    return {"rows": rows}


def chicago_outcomes(work: Path, data: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in OFFICERS:
        if not (work / name / "units.json.gz").exists():
            continue
        units = load_units(work, name)
        groups = complaint_groups(data, name)
        out[f"{name} complaints"] = tabulate(
            units, groups, [*FINDING_ORDER, NO_COMPLAINT]
        )
        if name == "chicago-2021-2023":
            status = units.set_index("trr_id").status.fillna("(none)")
            order = [
                s
                for s in ("approved", "submitted", "preliminary", "rejected")
                if s in set(status)
            ]
            out[f"{name} status"] = tabulate(units, status, order)
            out[f"{name} log number"] = tabulate(
                units, log_number(data), ["Y", "N", "(not recorded)"]
            )
        else:
            out[f"{name} review"] = tabulate(
                units, review_steps(data), ["approved", "not approved", "(no review)"]
            )
    return out


def log_number(data: Path) -> pd.Series:
    """2021-2023: whether the reviewing supervisor obtained a complaint log number."""
    s = pd.read_csv(
        data / STATUSES_2023,
        dtype=str,
        usecols=["trr_id", "complaint_log_number_obtained"],
    )
    s = s.dropna(subset=["complaint_log_number_obtained"])
    # several rows per TRR (one per witness): Y wins over N
    s = s.sort_values("complaint_log_number_obtained", ascending=False)
    return s.drop_duplicates("trr_id").set_index("trr_id").complaint_log_number_obtained


def review_steps(data: Path) -> pd.Series:
    """2004-2016: approved (an APPROVED step) or not, per TRR with a review."""
    s = pd.read_csv(data / STATUSES_2016, dtype=str, usecols=["trr_id", "status"])
    approved = s.groupby("trr_id").status.apply(lambda x: "APPROVED" in set(x))
    return approved.map({True: "approved", False: "not approved"})
