"""Write the shipped resident denominators from the census tables in ../shared/data.

    python scripts/census_denominators.py [--data ../shared/data/census_population]

Writes forcewatch/analysis/denominators/<name>.yaml, one per city and census
product (see that folder's README for each source). Every number comes from a
file of `census_population`; the README there describes origin and licence.
"""

from __future__ import annotations

import argparse
import csv
import gzip
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "forcewatch" / "analysis" / "denominators"
DISTRICT_RACE = {
    "Latino": "hispanic",
    "White": "white",
    "Black": "black",
    "Native_American": "aian",
    "Asian": "asian",
    "Other": "other",
}
SHARE_RACE = {
    "share_white": "white",
    "share_black": "black",
    "share_native_american": "aian",
    "share_asian": "asian",
    "share_hispanic": "hispanic",
}
AOIC_RACE = {
    "Black or African-American": "black",
    "Asian": "asian",
    "American Indian and Alaska Native": "aian",
    "Hispanic or Latino": "hispanic",
}
PLACE_SOURCE = (
    "US Census Bureau, via ../shared/data/census_population ({file}); see its README "
    "for origin and licence."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    census = parser.parse_args().data / "census_population"
    OUT.mkdir(parents=True, exist_ok=True)
    for name, document in denominators(census).items():
        rows = document.pop("rows")
        text = yaml.safe_dump(document, sort_keys=False, width=88, allow_unicode=True)
        lines = [f"- {_flow(row)}" for row in rows]
        body = HEADER + text + "rows:\n" + "\n".join(lines) + "\n"
        (OUT / f"{name}.yaml").write_text(body, encoding="utf-8")
        document["rows"] = rows
        print(f"{name}: {len(document['rows'])} rows")


HEADER = (
    "# Written by scripts/census_denominators.py from ../shared/data; do not edit.\n"
)


def denominators(census: Path) -> dict[str, dict[str, Any]]:
    place = _place_rows(census / "target_cities_place_level.derived.csv")
    return {
        "chicago-residents-2010": chicago_2010(census, place),
        "chicago-residents-acs2013-2017": chicago_acs(place),
        "seattle-residents-2010": seattle_2010(census, place),
        "seattle-residents-acs2015": acs_2015(place, "Seattle", "seattle", "white"),
        "dallas-residents-acs2013-2017": dallas_acs5(place),
        "dallas-residents-acs2015": acs_2015(place, "Dallas", "dallas", "hispanic"),
    }


def chicago_2010(census: Path, place: list[dict[str, str]]) -> dict[str, Any]:
    districts = list(_csv(census / "cpd_district_population_2010.csv"))
    rows: list[dict[str, Any]] = []
    totals: dict[str, int] = defaultdict(int)
    for d in districts:
        number = d["District_No"].strip()
        rows.append(_row("district", number, _int(d["Population"])))
        for column, group in DISTRICT_RACE.items():
            totals[group] += _int(d[column])
            rows.append(_row("race", group, _int(d[column]), district=number))
    city = [_row("race", g, totals[g]) for g in DISTRICT_RACE.values()]
    sex, age = _chicago_sex_age(place)
    return _document(
        name="chicago-residents-2010",
        title="Chicago residents, 2010 Census (22 police districts)",
        agency="chicago",
        period="2010-04-01",
        source=(
            "Race and Hispanic origin by police district: Chicago Police Department, "
            "FOIA P050685 (2010 Census blocks aggregated to the 22 districts of the "
            "2012 map), cpd_district_population_2010.csv. Sex and age: 2010 Census "
            "SF1 P12 for the 77 community areas (CMAP), summed over the city. "
            + PLACE_SOURCE.format(
                file="cpd_district_population_2010.csv, "
                "chicago_community_areas_census2010.derived.csv"
            )
        ),
        scheme=(
            "Hispanic of any race, and non-Hispanic single races; `other` is "
            "non-Hispanic Native Hawaiian or Pacific Islander, some other race, or two "
            "or more races. Race is not crossed with sex or age in these tables."
        ),
        notes=(
            "Districts 13, 21 and 23 were merged into others in 2012-13: their "
            "incidents have no district denominator. TRRs code Asian and Pacific "
            "Islander as one group (asian here)."
        ),
        reference={"race": "white", "sex": "female"},
        rows=city + rows + sex + age,
    )


def _chicago_sex_age(place: list[dict[str, str]]) -> tuple[list[Any], list[Any]]:
    areas = [
        r
        for r in place
        if r["city"] == "Chicago"
        and r["source_file"].startswith("chicago_community_areas_census")
        and r["group"] == "total"
    ]
    sex = [
        _row("sex", r["sex"], _int(r["value"]))
        for r in areas
        if r["sex"] in ("male", "female") and r["age"] == "all"
    ]
    bands: dict[str, int] = defaultdict(int)
    for r in areas:
        if r["sex"] in ("male", "female") and r["age"] != "all":
            bands[r["age"]] += _int(r["value"])
    return sex, [_row("age", band, value) for band, value in bands.items()]


def chicago_acs(place: list[dict[str, str]]) -> dict[str, Any]:
    groups = {
        "hispanic": "hispanic",
        "nh_white": "white",
        "nh_black": "black",
        "nh_asian": "asian",
        "nh_other_or_multi": "other",
    }
    rows = [
        _row("race", groups[r["group"]], _int(r["value"]))
        for r in place
        if r["city"] == "Chicago"
        and r["period"] == "2013-2017"
        and r["group"] in groups
    ]
    return _document(
        name="chicago-residents-acs2013-2017",
        title="Chicago residents, ACS 2013-2017 5-year (77 community areas summed)",
        agency="chicago",
        period="2013-2017",
        source=(
            "American Community Survey 2013-2017 5-year estimates for the 77 community "
            "areas (CMAP Community Data Snapshots), summed. "
            + PLACE_SOURCE.format(file="chicago_community_areas_acs.derived.csv")
        ),
        scheme=(
            "Hispanic of any race, and non-Hispanic races; `other` is every other "
            "non-Hispanic group (American Indian, Pacific Islander, other, two or "
            "more)."
        ),
        notes="Estimates without margins of error (the source omits them).",
        reference={"race": "white"},
        rows=rows,
    )


def seattle_2010(census: Path, place: list[dict[str, str]]) -> dict[str, Any]:
    total = next(
        _int(r["value"])
        for r in place
        if r["city"] == "Seattle" and r["source_label"] == "April 1, 2010 - Census"
    )
    shares = {
        r["group"]: float(r["value"])
        for r in place
        if r["city"] == "Seattle" and r["measure"] == "percent"
    }
    key = {
        "white_alone": "white",
        "black_alone": "black",
        "aian_alone": "aian",
        "asian_alone": "asian",
        "hispanic": "hispanic",
    }
    rows = [
        _row("race", key[g], round(total * share / 100)) for g, share in shares.items()
    ]
    return _document(
        name="seattle-residents-2010",
        title="Seattle residents, 2010 Census (percent by race x census total)",
        agency="seattle",
        period="2010-04-01",
        source=(
            f"2010 Census race shares (ShareRaceByCity.csv.gz, one decimal) times the "
            f"2010 Census total of {total:,} (PEP_2017_PEPANNRSIP.US12A). "
            + PLACE_SOURCE.format(file="ShareRaceByCity.csv.gz, PEP_2017_PEPANNRSIP")
        ),
        scheme=(
            "Race alone, Hispanics included in each race, and Hispanic of any race: "
            "the groups overlap. The use-of-force data code Hispanic as its own group, "
            "so `white` here includes Hispanic White residents (at most the 6.6% of "
            "the city that is Hispanic), which lowers the White rate and raises "
            "ratios against it."
        ),
        notes="Rounding of the shares to one decimal moves each count by up to ~300.",
        reference={"race": "white"},
        rows=rows,
    )


def acs_2015(
    place: list[dict[str, str]], city: str, agency: str, reference: str
) -> dict[str, Any]:
    mine = [r for r in place if r["city"] == city and r["period"] == "2015"]
    aoic = {
        "black_aoic": "black",
        "asian_aoic": "asian",
        "aian_aoic": "aian",
        "hispanic": "hispanic",
    }
    if reference == "white":
        aoic["white_aoic"] = "white"
    rows = [
        _row("race", aoic[r["group"]], _int(r["value"]))
        for r in mine
        if r["group"] in aoic
    ]
    rows += [
        _row("sex", r["sex"], _int(r["value"]))
        for r in mine
        if r["sex"] in ("male", "female") and r["group"] == "total"
    ]
    white = (
        "`white` is White alone or in combination, Hispanics included."
        if reference == "white"
        else "No non-Hispanic White count exists for this city in the data, so race "
        "is compared with Hispanic residents (reference `hispanic`)."
    )
    return _document(
        name=f"{agency}-residents-acs2015",
        title=f"{city} residents, ACS 2015 1-year (race alone or in combination)",
        agency=agency,
        period="2015",
        source=(
            "American Community Survey 2015 1-year estimates (OpenDataSoft's US City "
            "Demographic Data). "
            + PLACE_SOURCE.format(file="us-cities-demographics.csv.gz")
        ),
        scheme=(
            "Race alone or in combination (a multiracial resident is counted in each "
            "race), Hispanics included in each race; Hispanic of any race. The groups "
            f"overlap and sum to more than the population. {white}"
        ),
        notes="1-year estimates carry sampling error that is not in the intervals.",
        reference={"race": reference, "sex": "female"},
        rows=rows,
    )


def dallas_acs5(place: list[dict[str, str]]) -> dict[str, Any]:
    groups = {"black_alone": "black", "asian_alone": "asian", "hispanic": "hispanic"}
    rows = [
        _row("race", groups[r["group"]], _int(r["value"]))
        for r in place
        if r["city"] == "Dallas" and r["period"] == "2013-2017" and r["group"] in groups
    ]
    return _document(
        name="dallas-residents-acs2013-2017",
        title=(
            "Dallas residents, ACS 2013-2017 5-year (race alone; Hispanic of any race)"
        ),
        agency="dallas",
        period="2013-2017",
        source=(
            "American Community Survey 2013-2017 5-year, tables B02001 and B03003 "
            "(Census Data API). "
            + PLACE_SOURCE.format(file="north_texas_county_demographics.csv.gz")
        ),
        scheme=(
            "Race alone, Hispanics included in each race; Hispanic of any race. The "
            "data hold no non-Hispanic White count: White alone (802,952) includes "
            "most of Dallas's 541,665 Hispanic residents, so it is left out and race "
            "is compared with Hispanic residents. `black` includes the few Black "
            "Hispanic residents, whom the use-of-force data count as Hispanic."
        ),
        notes="No margins of error in the source.",
        reference={"race": "hispanic"},
        rows=rows,
    )


ORDER = (
    "name",
    "title",
    "agency",
    "kind",
    "per",
    "period",
    "source",
    "scheme",
    "notes",
)


def _document(**fields: Any) -> dict[str, Any]:
    fields = {"kind": "residents", "per": 1000, **fields}
    first = {key: fields.pop(key) for key in ORDER}
    return {**first, **fields}


def _row(dimension: str, group: str, value: int, district: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {"dimension": dimension, "group": group}
    if district:
        row["district"] = district
    row["value"] = value
    return row


def _flow(row: dict[str, Any]) -> str:
    return yaml.safe_dump(row, default_flow_style=True, sort_keys=False).strip()


def _place_rows(path: Path) -> list[dict[str, str]]:
    return list(_csv(path))


def _csv(path: Path) -> Iterable[dict[str, str]]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _int(text: str) -> int:
    return round(float(text.replace(",", "")))


if __name__ == "__main__":
    main()
