"""Markdown for docs/disparity-examples.md, from the results of disparity_examples.py.

Every number in the document is read from a result table; the prose around
them is fixed text or chosen by the numbers (which group is higher, whether an
interval excludes 1), never typed in by hand.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

Row = dict[str, Any]

CAVEATS = """\
Read these figures with the caveats of [methods.md](methods.md#disparities):

- **A disparity is not proof of bias.** A rate ratio against residents mixes differences
  in exposure to police contact, in the situations officers meet, in subjects'
  resistance, in reporting, and bias. Nothing here adjusts for those.
- **Residents are not the population at risk.** Commuters, visitors and people in public
  space are not in the denominator; a district's residents are not the people policed in
  it. Each city has two census denominators below; where they disagree, the choice of
  benchmark drives the figure.
- **The census and the police code race differently.** The police record perceived race
  with Hispanic as its own group; the census tables here are not always "Hispanic of any
  race, and non-Hispanic races" (each denominator's scheme is quoted under its table).
- **Counting units differ.** Rates below count subjects (a person in one incident) or
  incidents, never applications of force, whose intervals would be too narrow (one
  struggle gives several applications).
- **Small counts** (fewer than 20) are flagged unstable and not to be ranked.
- **q-values** are Benjamini-Hochberg adjusted within each table."""


def write_doc(path: Path, cities: Sequence[Any], results: Mapping[str, Any]) -> None:
    lines = [
        "# Disparity examples: Chicago, Seattle and Dallas",
        "",
        "Figures from `forcewatch analyze disparity` on the public data sets in "
        "`../shared/data`, each imported with its shipped mapping into a fresh "
        "database, snapshotted, and analysed against the census denominators shipped "
        "in `forcewatch/analysis/denominators/`. Regenerate with "
        "`python scripts/disparity_examples.py --work /tmp/fw-disparity` "
        f"(last run {dt.date.today().isoformat()}); the CSV tables behind every figure "
        "are written to the work folder.",
        "",
        CAVEATS,
    ]
    for city in cities:
        lines += city_section(city, results[city.name])
    lines += ["", "## What these examples show about the method", "", *LESSONS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


LESSONS = [
    "- **Denominators move the ratios.** The same counts give different ratios against "
    "different census products and race schemes (compare the two columns of each race "
    "table); publish several, and name each.",
    "- **Pooled city figures can mislead.** In Chicago the district-stratified "
    "(Mantel-Haenszel) ratios differ from the crude ones and the districts disagree "
    "with each other (heterogeneity test); the stratified table, not one city figure, "
    "is the honest summary. Stratifying by district is itself a choice: where police "
    "patrol is shaped by the disparity under study, adjusting for it can hide part "
    "of it.",
    "- **Missingness is uneven.** The share of records without race varies by year "
    "and by officer; a rate on recorded race is an undercount whose size changes "
    "with them.",
    "- **Sources limit the tables.** Chicago has resistance but no call type; "
    "Seattle has no force types (only its own levels); Dallas has crisis flags but "
    "no ages. Tables a source cannot fill are reported as not recorded, not "
    "estimated.",
]


def city_section(city: Any, by_denominator: Mapping[str, Any]) -> list[str]:
    names = list(by_denominator)
    first = by_denominator[names[0]]
    params = first.parameters
    tables = first.tables
    totals = _unit_totals(tables["rates_race"].to_pylist())
    lines = [
        "",
        f"## {city.name.capitalize()}",
        "",
        f"{city.title}; mapping `{city.mapping}` {_mapping_version(params)}; "
        f"incidents from {params['since']} to "
        f"{params['until']} ({params['years']:.1f} years); snapshot content hash "
        f"`{(params['snapshot_content_sha256'] or '')[:16]}`. {city.note}".rstrip(),
        "",
        f"Counted: {totals.get('incident', 0):,} incidents, "
        f"{totals.get('subject', 0):,} subjects, {totals.get('engagement', 0):,} "
        f"officer x subject engagements, {totals.get('application', 0):,} force "
        "applications.",
    ]
    lines += denominator_notes(by_denominator)
    lines += race_section(by_denominator)
    notes: Mapping[str, str] = getattr(city, "notes", {})
    lines += sex_age_section(by_denominator)
    lines += _note(notes, "age")
    lines += district_section(tables)
    lines += stratified_section(tables)
    lines += severity_section(tables)
    lines += _note(notes, "severity")
    lines += other_section(tables)
    lines += missing_section(tables)
    return lines


def denominator_notes(by_denominator: Mapping[str, Any]) -> list[str]:
    lines = ["", "Denominators:", ""]
    for name, result in by_denominator.items():
        den = result.parameters["denominator"]
        lines.append(f"- `{name}`: {den['title']}. {den['scheme']}")
    return lines


def race_section(by_denominator: Mapping[str, Any]) -> list[str]:
    names = list(by_denominator)
    rows = {
        name: _unit_rows(result.tables["rates_race"].to_pylist(), "subject")
        for name, result in by_denominator.items()
    }
    base = rows[names[0]]
    header = ["group", "subjects", "share"]
    for name in names:
        reference = _reference(rows[name])
        header += [f"rate, `{name}`", f"ratio to {reference}, `{name}`"]
    table = [header]
    for group, r in base.items():
        cells = [group, f"{r['n']:,}", _pct(r["share"])]
        for name in names:
            cells += _rate_cells(rows[name].get(group))
        table.append(cells)
    unit = base[next(iter(base))]["rate_per"] or "per 1,000 residents per year"
    lines = [
        "",
        "### Race (unit: subjects)",
        "",
        f"Rates are {unit}, with exact 95% "
        "intervals; ratios have exact 95% intervals and the BH q-value.",
        "",
    ]
    lines += _markdown(table)
    lines += ["", *_race_reading(rows), *_disagreements(rows)]
    unknown = base.get("unknown")
    if unknown and unknown["share"] > 0.05:
        lines.append(
            f"- Race is not recorded for {_pct(unknown['share'])} of subjects, so "
            "every group's rate is an undercount, by up to that share if the missing "
            "records fall in one group."
        )
    return lines


def _disagreements(rows: Mapping[str, Mapping[str, Row]]) -> list[str]:
    """Groups whose ratio is above 1 against one denominator and not against another."""
    names = list(rows)
    out = []
    for group in rows[names[0]]:
        found = [(n, rows[n].get(group)) for n in names]
        sides = {
            n: "above" if r["rr_lower"] > 1 else "below" if r["rr_upper"] < 1 else "at"
            for n, r in found
            if r is not None
            and r["rate_ratio"] is not None
            and r["rr_lower"] is not None
        }
        if len(set(sides.values())) > 1:
            text = "; against ".join(
                f"`{n}` {_ci(rows[n][group], 'rate_ratio', 'rr_lower', 'rr_upper')}"
                for n in sides
            )
            out.append(
                f"- The {group} ratio depends on the denominator: against {text}."
            )
    return out


def _race_reading(rows: Mapping[str, Mapping[str, Row]]) -> list[str]:
    out = []
    for name, groups in rows.items():
        reference = _reference(groups)
        for group in ("black", "hispanic"):
            r = groups.get(group)
            if not r or r["rate_ratio"] is None or group == reference:
                continue
            excludes = r["rr_lower"] > 1 or r["rr_upper"] < 1
            out.append(
                f"- Against `{name}`, {group} subjects' rate is {_x(r['rate_ratio'])} "
                f"the {reference} rate (95% CI {_num(r['rr_lower'])} to "
                f"{_num(r['rr_upper'])}; "
                + (
                    "the interval excludes 1)."
                    if excludes
                    else "the interval includes 1)."
                )
            )
    return out


def sex_age_section(by_denominator: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for dimension in ("sex", "age"):
        for name, result in by_denominator.items():
            rows = _unit_rows(
                result.tables[f"rates_{dimension}"].to_pylist(), "subject"
            )
            if not any(r["rate"] is not None for r in rows.values()):
                continue
            reference = _reference(rows)
            lines += [
                "",
                f"### {dimension.capitalize()} (unit: subjects; `{name}`; "
                f"reference {reference})",
                "",
            ]
            table = [
                ["group", "subjects", "share", "rate (95% CI)", "ratio (95% CI), q"]
            ]
            for group, r in rows.items():
                table.append([group, f"{r['n']:,}", _pct(r["share"]), *_rate_cells(r)])
            lines += _markdown(table)
            break
        else:
            if dimension == "age":
                lines += ["", "Age: not recorded in this source, or no denominator."]
    return lines


def district_section(tables: Mapping[str, Any]) -> list[str]:
    rows = _unit_rows(tables["rates_district"].to_pylist(), "incident")
    rated = [r for r in rows.values() if r["rate"] is not None]
    lines = ["", "### Districts (unit: incidents)", ""]
    if not rated:
        table = [["district", "incidents", "share"]]
        table += [[g, f"{r['n']:,}", _pct(r["share"])] for g, r in rows.items()]
        lines += ["No district population in the data: counts and shares only.", ""]
        return lines + _markdown(table)
    rated.sort(key=lambda r: -r["rate"])
    table = [
        ["district", "incidents", "rate (95% CI)", "ratio to the rest (95% CI), q"]
    ]
    for r in rated[:5] + rated[-3:]:
        table.append([r["group"], f"{r['n']:,}", *_rate_cells(r)])
    unrated = [r for r in rows.values() if r["rate"] is None]
    lines += [
        f"The five highest and three lowest of {len(rated)} districts with residents "
        f"({rated[0]['rate_per']}); {sum(r['n'] for r in unrated):,} incidents fall in "
        "districts without a population (closed districts, codes outside the map, "
        "not recorded).",
        "",
    ]
    return lines + _markdown(table)


def stratified_section(tables: Mapping[str, Any]) -> list[str]:
    if "stratified_race_by_district" not in tables:
        return []
    rows = [
        r
        for r in tables["stratified_race_by_district"].to_pylist()
        if r["unit"] == "subject"
    ]
    lines = ["", "### Race within districts (unit: subjects)", ""]
    table = [
        [
            "group vs reference",
            "crude ratio",
            "Mantel-Haenszel ratio (95% CI)",
            "heterogeneity p",
            "pooled figure misleads",
        ]
    ]
    for r in rows:
        if r["stratum"] != "all (Mantel-Haenszel)":
            continue
        crude = next(
            c
            for c in rows
            if c["group"] == r["group"] and c["stratum"] == "all (crude)"
        )
        table.append(
            [
                f"{r['group']} vs {r['reference']}",
                _num(crude["rate_ratio"]),
                _ci(r, "rate_ratio", "rr_lower", "rr_upper"),
                _p(r["heterogeneity_p"]),
                "yes" if r["pooled_misleads"] else "no",
            ]
        )
    lines += _markdown(table)
    black = [
        r for r in rows if r["group"] == "black" and not r["stratum"].startswith("all")
    ]
    if black:
        black.sort(key=lambda r: r["rate_ratio"])
        low, high = black[0], black[-1]
        lines += [
            "",
            f"The district ratios run from {_num(low['rate_ratio'])} (district "
            f"{low['stratum']}) to {_num(high['rate_ratio'])} (district "
            f"{high['stratum']}). A district's residents are not the people policed "
            "in it: where few residents of a group live, people of that group who are "
            "subjected to force there mostly live elsewhere, which inflates that "
            "group's rate there (and moves the ratio either way). "
            "District-level resident rates are the weakest benchmark here.",
        ]
        lines += [
            "",
            "Black vs White subjects per resident, district by district "
            "(lowest and highest five):",
            "",
        ]
        table = [
            ["district", "Black subjects", "White subjects", "ratio (95% CI)", "q"]
        ]
        for r in black[:5] + black[-5:]:
            flag = " (unstable)" if r["unstable"] else ""
            table.append(
                [
                    r["stratum"],
                    f"{r['n']:,}",
                    f"{r['n_reference']:,}",
                    f"{_num(r['rate_ratio'])} ({_num(r['rr_lower'])}-"
                    f"{_num(r['rr_upper'])}){flag}",
                    _p(r["q_value"]),
                ]
            )
        lines += _markdown(table)
    return lines


def severity_section(tables: Mapping[str, Any]) -> list[str]:
    above = tables["severity_above_resistance"].to_pylist()
    if not above:
        return [
            "",
            "### Severity given resistance",
            "",
            "Not recorded: the source gives no resistance level for force.",
        ]
    cells = tables["severity_by_resistance"].to_pylist()
    levels = sorted({r["force_level"] for r in cells})
    table = [["resistance \\ force level", *map(str, levels)]]
    for resistance in sorted({r["resistance_level"] for r in cells}):
        mine = {
            r["force_level"]: r for r in cells if r["resistance_level"] == resistance
        }
        label = next(iter(mine.values()))["resistance"]
        table.append(
            [
                f"{resistance} {label}",
                *[_pct(mine[f]["share_of_row"]) if f in mine else "" for f in levels],
            ]
        )
    lines = [
        "",
        "### Severity given resistance (unit: applications)",
        "",
        "Share of each resistance level's applications at each force level "
        "(1 presence/verbal ... 5 deadly):",
        "",
    ]
    lines += _markdown(table)
    table = [
        [
            "group",
            "applications",
            "more than one level above resistance",
            "share (95% CI)",
            "ratio to reference, q",
        ]
    ]
    for r in above:
        ratio = (
            ""
            if r["ratio"] is None or r["group"] in ("all", r["reference"])
            else (
                _ci(r, "ratio", "ratio_lower", "ratio_upper") + f", {_p(r['q_value'])}"
            )
        )
        table.append(
            [
                r["group"],
                f"{r['applications']:,}",
                f"{r['above_resistance_plus_one']:,}",
                f"{_pct(r['share'])} ({_pct(r['share_lower'])}-"
                f"{_pct(r['share_upper'])})",
                ratio,
            ]
        )
    return [*lines, "", *_markdown(table)]


def other_section(tables: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    if "agency_level_by_race" in tables:
        rows = tables["agency_level_by_race"].to_pylist()
        levels = sorted({r["agency_level"] for r in rows})
        table = [["group", "subjects", *[f"level {lv}" for lv in levels]]]
        for group in dict.fromkeys(r["group"] for r in rows):
            mine = {r["agency_level"]: r for r in rows if r["group"] == group}
            total = next(iter(mine.values()))["group_total"]
            table.append(
                [
                    group,
                    f"{total:,}",
                    *[_pct(mine[lv]["share"]) if lv in mine else "" for lv in levels],
                ]
            )
        lines += ["", "### The agency's own force levels by race (unit: subjects)", ""]
        lines += _markdown(table)
    if "crisis" in tables:
        rows = [r for r in tables["crisis"].to_pylist() if r["group"] == "all"]
        table = [["unit", "crisis", "n", "share (95% CI)"]]
        table += [
            [
                r["unit"],
                r["crisis"],
                f"{r['n']:,}",
                _ci(r, "share", "share_lower", "share_upper", _pct),
            ]
            for r in rows
        ]
        lines += ["", "### Crisis-related force", ""] + _markdown(table)
    if "crisis_severity" in tables:
        table = [
            [
                "subject in crisis",
                "applications",
                "at level 4-5",
                "share",
                "ratio to no crisis (95% CI; too narrow: applications cluster)",
            ]
        ]
        for r in tables["crisis_severity"].to_pylist():
            ratio = (
                ""
                if r["ratio"] is None or r["crisis"] == "no"
                else (_ci(r, "ratio", "ratio_lower", "ratio_upper"))
            )
            table.append(
                [
                    r["crisis"],
                    f"{r['applications']:,}",
                    f"{r['level_4_or_5']:,}",
                    _pct(r["share"]),
                    ratio,
                ]
            )
        lines += [""] + _markdown(table)
    calls = _unit_rows(tables["rates_call_type"].to_pylist(), "incident")
    if set(calls) != {"unknown"}:
        table = [["call type / contact reason", "incidents", "share"]]
        table += [[g, f"{r['n']:,}", _pct(r["share"])] for g, r in calls.items()]
        lines += ["", "### Call type (unit: incidents; no denominator)", ""]
        lines += _markdown(table)
    return lines


def missing_section(tables: Mapping[str, Any]) -> list[str]:
    lines = ["", "### Race and sex not recorded (unit: engagements)", ""]
    period = tables["missing_by_period"].to_pylist()
    table = [["year", "engagements", "race not recorded", "sex not recorded"]]
    table += [
        [
            r["group"],
            f"{r['engagements']:,}",
            _pct(r["race_missing_share"]),
            _pct(r["sex_missing_share"]),
        ]
        for r in period
    ]
    lines += _markdown(table)
    for name, label in (
        ("missing_by_officer", "officers"),
        ("missing_by_unit", "units"),
    ):
        rows = tables[name].to_pylist()
        if len(rows) < 2:
            lines += ["", f"By {label}: not recorded in this source."]
            continue
        overall = rows[0]["race_department_share"]
        high = [
            r
            for r in rows
            if (r["race_q_value"] or 1) <= 0.05 and r["race_missing_share"] > overall
        ]
        big = [r for r in rows if not r["unstable"]]
        lines += [
            "",
            f"By {label}: {len(high)} of {len(rows):,} {label} "
            f"({len(big):,} with 20 or more engagements) leave race unrecorded "
            f"significantly more often than the department's {_pct(overall)} "
            "(exact binomial test, BH q <= 0.05).",
        ]
    return lines


def _mapping_version(params: Mapping[str, Any]) -> str:
    """The mapping version(s) the snapshot's files were imported with."""
    import pyarrow.parquet as pq

    path = Path(params["snapshot"]) / "source_file.parquet"
    versions = sorted(
        set(pq.read_table(path, columns=["mapping_version"])[0].to_pylist())
    )
    return "version " + ", ".join(versions) if versions else "(version not recorded)"


def _note(notes: Mapping[str, str], section: str) -> list[str]:
    return ["", notes[section]] if section in notes else []


def _unit_rows(rows: Iterable[Row], unit: str) -> dict[str, Row]:
    return {r["group"]: r for r in rows if r["unit"] == unit}


def _unit_totals(rows: Iterable[Row]) -> dict[str, int]:
    return {r["unit"]: r["unit_total"] for r in rows}


def _reference(rows: Mapping[str, Row]) -> str:
    return next((r["reference"] for r in rows.values() if r["reference"]), "")


def _rate_cells(r: Row | None) -> list[str]:
    if r is None or r["rate"] is None:
        return ["", ""]
    flag = " (unstable)" if r["unstable"] else ""
    rate = f"{_num(r['rate'])} ({_num(r['rate_lower'])}-{_num(r['rate_upper'])}){flag}"
    if r["group"] == r["reference"]:
        return [rate, "reference"]
    if r["rate_ratio"] is None:
        return [rate, ""]
    ratio = (
        f"{_num(r['rate_ratio'])} ({_num(r['rr_lower'])}-{_num(r['rr_upper'])}), "
        f"q {_p(r['q_value'])}"
    )
    return [rate, ratio]


def _ci(r: Row, estimate: str, lower: str, upper: str, show: Any = None) -> str:
    show = show or _num
    return f"{show(r[estimate])} ({show(r[lower])}-{show(r[upper])})"


def _markdown(table: list[list[str]]) -> list[str]:
    head, *body = table
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(row) + " |" for row in body]


def _num(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if math.isinf(x):
        return "inf"
    if x == 0:
        return "0"
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def _x(x: float) -> str:
    return f"{_num(x)} times"


def _pct(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{100 * x:.2g}%" if 0 < x < 0.01 else f"{100 * x:.1f}%"


def _p(x: float | None) -> str:
    if x is None:
        return "-"
    return "<0.001" if x < 0.001 else f"{x:.3f}"
