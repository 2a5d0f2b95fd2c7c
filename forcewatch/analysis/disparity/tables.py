"""Rates, rate ratios and stratified ratios over counts already aggregated by a backend.

Inputs are small: counts per group (and per district) pulled from an Ibis
aggregate, and a named denominator. Outputs are Arrow tables whose every row
names its counting unit and denominator, ready to write as CSV.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from forcewatch.analysis import stats
from forcewatch.analysis.disparity import dimensions as dim
from forcewatch.analysis.disparity.denominators import Denominator
from forcewatch.analysis.disparity.proportions import proportion_ci

VOCABULARIES = {
    "race": dim.RACE_GROUPS,
    "sex": dim.SEX_GROUPS,
    "age": dim.AGE_BANDS,
    "crisis": dim.CRISIS_GROUPS,
}
LAST = (dim.UNKNOWN, dim.NONE_RECORDED)
NO_DENOMINATOR = "none (counts and shares of units only)"
CONFOUNDING = 1.1  # crude and stratified ratios differing by more than 10%
HETEROGENEITY_P = 0.05


def ordered(dimension: str, groups: Iterable[str]) -> list[str]:
    """A table's groups: the vocabulary's order, else natural order; unknown last."""
    present = set(groups)
    vocabulary = VOCABULARIES.get(dimension, ())
    first = [g for g in vocabulary if g in present and g not in LAST]
    rest = sorted((g for g in present - set(vocabulary) if g not in LAST), key=_natural)
    return first + rest + [g for g in LAST if g in present]


def _natural(text: str) -> list[Any]:
    return [
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text)
    ]


def exposure_scale(denominator: Denominator | None, years: float | None) -> float:
    if denominator is None or not denominator.per_year:
        return 1.0
    if not years or years <= 0:
        raise ValueError("a resident denominator needs the years of data analysed")
    return years


def rate_table(
    *,
    dimension: str,
    unit: str,
    counts: Mapping[str, int],
    total: int,
    denominator: Denominator | None,
    years: float | None,
    reference: str | None = None,
    confidence: float = 0.95,
) -> pa.Table:
    """One row per group: count, share of units, rate and ratio to the reference.

    Groups without a denominator value (unknown, or absent from the file) get
    a count and share only. The ratios of one table form one family for
    Benjamini-Hochberg.
    """
    values = denominator.values(dimension) if denominator else {}
    groups = ordered(dimension, set(counts) | set(values))
    n = _floats([counts.get(g, 0) for g in groups])
    share = proportion_ci(n, max(total, 0), confidence=confidence)
    scale = exposure_scale(denominator, years) if values else 1.0
    exposure = _floats([values.get(g, math.nan) * scale for g in groups])
    has = ~np.isnan(exposure)
    rate = _nan_like(n, 3)
    if has.any() and denominator is not None:
        ci = stats.poisson_rate_ci(
            n[has], exposure[has], per=denominator.per, confidence=confidence
        )
        for column, part in zip(rate, ci, strict=True):
            column[has] = part
    ref = _reference(reference, values, dimension)
    ratio = _ratios(groups, n, exposure, has, ref, confidence)
    columns: dict[str, Any] = {
        "dimension": [dimension] * len(groups),
        "unit": [unit] * len(groups),
        "denominator": [denominator.name if values and denominator else NO_DENOMINATOR]
        * len(groups),
        "rate_per": [denominator.rate_label() if values and denominator else ""]
        * len(groups),
        "group": groups,
        "label": [dim.LABELS.get(dimension, {}).get(g, g) for g in groups],
        "n": n.astype(np.int64),
        "unit_total": np.full(len(groups), total, dtype=np.int64),
        "share": share.estimate,
        "share_lower": share.lower,
        "share_upper": share.upper,
        "exposure": exposure,
        "rate": rate[0],
        "rate_lower": rate[1],
        "rate_upper": rate[2],
        "reference": [ref if values else ""] * len(groups),
        **ratio,
        "unstable": stats.unstable(n),
        "small_cell": stats.small_cell(n),
        "note": [_note(g, n[i], has[i], bool(values)) for i, g in enumerate(groups)],
    }
    return arrow(columns)


def _note(group: str, n: float, has: bool, any_values: bool) -> str:
    if group in LAST:
        return (
            "not recorded" if group == dim.UNKNOWN else "no force application on record"
        )
    if has and n == 0:
        return "none recorded: the source may not use this group; not compared"
    if any_values and not has:
        return "no denominator value for this group"
    return ""


def _reference(
    reference: str | None, values: Mapping[str, float], dimension: str
) -> str:
    if not values:
        return ""
    chosen = reference or "rest"
    if chosen != "rest" and chosen not in values:
        raise ValueError(
            f"the reference {dimension} group {chosen!r} has no denominator value; "
            f"choose one of {', '.join(sorted(values))} or rest"
        )
    return chosen


def _ratios(
    groups: Sequence[str],
    n: npt.NDArray[np.float64],
    exposure: npt.NDArray[np.float64],
    has: npt.NDArray[np.bool_],
    ref: str,
    confidence: float,
) -> dict[str, npt.NDArray[Any]]:
    estimate, lower, upper, p = _nan_like(n, 4)
    compare = has & (n > 0)  # a group with no units at all is likely not coded
    if ref and ref != "rest":
        at = groups.index(ref)
        k2, t2 = np.full_like(n, n[at]), np.full_like(n, exposure[at])
        compare[at] = False
        estimate[at] = 1.0
    else:
        k2 = n[has].sum() - n
        t2 = np.nansum(exposure[has]) - np.where(has, exposure, 0.0)
        compare &= t2 > 0
    if compare.any():
        rr = stats.rate_ratio(
            n[compare],
            exposure[compare],
            k2[compare],
            t2[compare],
            confidence=confidence,
        )
        for column, part in zip((estimate, lower, upper, p), rr, strict=True):
            column[compare] = part
    fdr = stats.benjamini_hochberg(p) if compare.any() else stats.FDR(p, p > 2)
    return {
        "rate_ratio": estimate,
        "rr_lower": lower,
        "rr_upper": upper,
        "p_value": p,
        "q_value": fdr.q_value,
        "discovery": np.asarray(fdr.reject, dtype=np.bool_),
    }


def stratified_table(
    *,
    dimension: str,
    unit: str,
    counts: Mapping[tuple[str, str], int],
    denominator: Denominator,
    years: float | None,
    reference: str | None,
    confidence: float = 0.95,
) -> pa.Table | None:
    """Each group against the reference within every district, crude and pooled.

    `counts` maps (district, group) to units. Strata are the districts the
    denominator has values for; a district where either group has no residents
    is left out of that comparison, and units in districts outside the strata
    are counted in `n_outside_strata`. `pooled_misleads` is true where the crude
    ratio and the Mantel-Haenszel ratio differ by more than 10% or the strata
    disagree (heterogeneity p < 0.05): quote the strata, not one city figure.
    """
    values = denominator.strata(dimension)
    if not values:
        return None
    districts = ordered("district", {d for d, _ in values})
    groups = ordered(dimension, {g for _, g in values})
    ref = _reference(reference, {g: 1.0 for g in groups}, dimension)
    seen = {g for (_, g), v in counts.items() if v > 0}
    others = [g for g in groups if g != ref and g in seen]
    if not others:
        return None
    scale = exposure_scale(denominator, years)
    e = _floats([[values.get((d, g), 0.0) * scale for d in districts] for g in groups])
    k = _floats([[counts.get((d, g), 0) for d in districts] for g in groups])
    at = [groups.index(g) for g in others]
    a, t1 = k[at], e[at]
    if ref == "rest":
        b, t0 = k.sum(axis=0) - a, e.sum(axis=0) - t1
    else:
        b = np.broadcast_to(k[groups.index(ref)], a.shape)
        t0 = np.broadcast_to(e[groups.index(ref)], a.shape)
    valid = (t1 > 0) & (t0 > 0)  # both groups have residents in the district
    cells = [np.where(valid, x, 0.0) for x in (a, t1, b, t0)]
    outside = {
        g: sum(v for (d, grp), v in counts.items() if grp == g and d not in districts)
        for g in others
    }
    rows = _stratified_rows(others, ref, districts, cells, valid, outside, confidence)
    return _stratified_arrow(rows, dimension, unit, denominator)


def _stratified_rows(
    others: list[str],
    ref: str,
    districts: list[str],
    cells: list[npt.NDArray[np.float64]],
    valid: npt.NDArray[np.bool_],
    outside: Mapping[str, int],
    confidence: float,
) -> list[dict[str, Any]]:
    """Per group: the crude and pooled ratios, then one row per district."""
    a, t1, b, t0 = cells
    mh = stats.mantel_haenszel_rate_ratio(a, t1, b, t0, confidence=confidence)
    totals = [x.sum(axis=1) for x in cells]
    crude = stats.rate_ratio(*totals, confidence=confidence)
    ones = [np.where(valid, x, 1.0) for x in (t1, t0)]
    strata = stats.rate_ratio(a, ones[0], b, ones[1], confidence=confidence)
    strata_q = _q_where(strata.p_value, valid)
    mh_q = stats.benjamini_hochberg(mh.p_value).q_value
    rows: list[dict[str, Any]] = []
    for i, group in enumerate(others):
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = abs(math.log(crude.estimate[i] / mh.estimate[i]))
        pooled = {
            "q_value": mh_q[i],
            "heterogeneity_chi2": mh.heterogeneity_chi2[i],
            "heterogeneity_df": mh.heterogeneity_df[i],
            "heterogeneity_p": mh.heterogeneity_p[i],
            "pooled_misleads": bool(
                gap > math.log(CONFOUNDING) or mh.heterogeneity_p[i] < HETEROGENEITY_P
            ),
        }
        sums = [x[i] for x in totals]
        rows.append(_row(group, ref, "all (crude)", sums, crude, i,
                         n_outside_strata=outside[group]))  # fmt: skip
        rows.append(_row(group, ref, "all (Mantel-Haenszel)", sums, mh, i, **pooled))
        for j, district in enumerate(districts):
            if valid[i, j]:
                here = [x[i, j] for x in cells]
                rows.append(
                    _row(group, ref, district, here, strata, (i, j),
                         q_value=strata_q[i, j])
                )  # fmt: skip
    return rows


def _row(
    group: str,
    ref: str,
    stratum: str,
    cell: list[Any],
    ratio: Any,
    at: Any,
    **extra: Any,
) -> dict[str, Any]:
    n, exposure, n_reference, exposure_reference = cell
    return {
        "group": group,
        "reference": ref,
        "stratum": stratum,
        "n": n,
        "exposure": exposure,
        "n_reference": n_reference,
        "exposure_reference": exposure_reference,
        "rate_ratio": ratio.estimate[at],
        "rr_lower": ratio.lower[at],
        "rr_upper": ratio.upper[at],
        "p_value": ratio.p_value[at],
        **extra,
    }


def _q_where(p: npt.NDArray[np.float64], valid: npt.NDArray[np.bool_]) -> Any:
    flat = np.where(valid, p, np.nan).ravel()
    return stats.benjamini_hochberg(flat).q_value.reshape(p.shape)


STRATIFIED_FLOATS = (
    "exposure",
    "exposure_reference",
    "rate_ratio",
    "rr_lower",
    "rr_upper",
    "p_value",
    "q_value",
    "heterogeneity_chi2",
    "heterogeneity_df",
    "heterogeneity_p",
)


def _stratified_arrow(
    rows: list[dict[str, Any]], dimension: str, unit: str, denominator: Denominator
) -> pa.Table:
    columns: dict[str, Any] = {
        "dimension": [dimension] * len(rows),
        "stratified_by": ["district"] * len(rows),
        "unit": [unit] * len(rows),
        "denominator": [denominator.name] * len(rows),
        "group": [r["group"] for r in rows],
        "reference": [r["reference"] for r in rows],
        "stratum": [r["stratum"] for r in rows],
        "n": np.array([r["n"] for r in rows], dtype=np.int64),
        "n_reference": np.array([r["n_reference"] for r in rows], dtype=np.int64),
    }
    for name in STRATIFIED_FLOATS:
        columns[name] = _floats([r.get(name, math.nan) for r in rows])
    n = columns["n"]
    columns["unstable"] = stats.unstable(np.minimum(n, columns["n_reference"]))
    columns["n_outside_strata"] = pa.array(
        [r.get("n_outside_strata") for r in rows], pa.int64()
    )
    columns["pooled_misleads"] = pa.array(
        [r.get("pooled_misleads") for r in rows], pa.bool_()
    )
    return arrow(columns)


def _floats(values: Any) -> npt.NDArray[np.float64]:
    return np.asarray(values, dtype=np.float64)


def _nan_like(n: npt.NDArray[np.float64], count: int) -> list[npt.NDArray[np.float64]]:
    return [np.full(n.shape, np.nan) for _ in range(count)]


def arrow(columns: Mapping[str, Any]) -> pa.Table:
    """An Arrow table; float NaN becomes null (an empty CSV cell)."""
    arrays = {}
    for name, values in columns.items():
        if isinstance(values, pa.Array):
            arrays[name] = values
        elif isinstance(values, np.ndarray) and values.dtype.kind == "f":
            arrays[name] = pa.array(values, from_pandas=True)
        elif isinstance(values, list) and all(isinstance(v, str) for v in values):
            arrays[name] = pa.array(values, pa.string())
        else:
            arrays[name] = pa.array(values)
    return pa.table(arrays)
