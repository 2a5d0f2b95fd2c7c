"""Named denominators: shipped files, user CSVs, and the errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcewatch.analysis.disparity.denominators import (
    DenominatorError,
    available,
    load_denominator,
)

CENSUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "census_population"


def test_every_shipped_denominator_loads_and_names_its_source() -> None:
    names = available()
    assert "chicago-residents-2010" in names and len(names) >= 6
    for name in names:
        den = load_denominator(name)
        assert den.name == name and den.kind == "residents"
        assert den.source and den.scheme and den.agency
        assert den.values("race")


def test_chicago_districts_hold_race_within_each_district() -> None:
    den = load_denominator("chicago-residents-2010")
    city = den.values("race")
    strata = den.strata("race")
    assert sum(city.values()) == 2_695_598  # the 2010 Census total
    for group, value in city.items():
        assert sum(v for (_, g), v in strata.items() if g == group) == value
    assert len(den.values("district")) == 22
    assert sum(den.values("sex").values()) == 2_695_598
    assert sum(den.values("age").values()) == 2_695_598
    assert den.reference_for("race") == "white" and den.reference_for("age") == "rest"


@pytest.mark.shared_data
def test_shipped_files_are_what_the_script_writes_from_the_census_tables() -> None:
    if not CENSUS.is_dir():
        pytest.skip("../shared/data is not here")
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "scripts" / "census_denominators.py"
    spec = importlib.util.spec_from_file_location("census_denominators", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, document in module.denominators(CENSUS).items():
        den = load_denominator(name)
        rows = {
            (r["dimension"], r["group"], r.get("district", "")): r["value"]
            for r in document["rows"]
        }
        assert {(r.dimension, r.group, r.district): r.value for r in den.rows} == rows


def test_a_user_csv_with_metadata_lines(tmp_path: Path) -> None:
    path = tmp_path / "arrests-2019.csv"
    path.write_text(
        "# title: Arrests in 2019\n# kind: arrests\n# reference: race=black\n"
        'dimension,group,value\nrace,black,"1,200"\nrace,white,800\n'
    )
    den = load_denominator(path)
    assert den.name == "arrests-2019" and den.title == "Arrests in 2019"
    assert den.values("race") == {"black": 1200.0, "white": 800.0}
    assert den.conditional_on_contact and not den.per_year
    assert den.rate_label() == "per 100 arrests"
    assert den.reference_for("race") == "black"


HEAD = "# kind: stops\ndimension,group,value\n"
BAD = [
    ("# kind: stops\nrace,group\n", "the columns must be dimension,group,value"),
    (HEAD.replace("stops", "guesses") + "race,black,1\n", "kind must be one of"),
    (HEAD + "colour,black,1\n", "row 1: dimension"),
    (HEAD + "race,purple,1\n", "race group must be"),
    (HEAD + "race,black,0\n", "value must be a number > 0"),
    (HEAD + "race,black,1\nrace,black,2\n", "given twice"),
    (HEAD, "no rows"),
    ("# reference: race=purple\n" + HEAD + "race,black,1\n", "reference race=purple"),
    ("# colour: red\n" + HEAD + "race,black,1\n", "unknown field"),
    ("# kind stops\ndimension,group,value\nrace,black,1\n", "line 1"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_a_bad_file_is_refused_with_where_and_what(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(DenominatorError, match=message) as raised:
        load_denominator(path)
    assert "bad.csv" in str(raised.value)


def test_an_unknown_name_lists_the_shipped_ones() -> None:
    with pytest.raises(DenominatorError, match="chicago-residents-2010"):
        load_denominator("atlantis")
    with pytest.raises(DenominatorError, match="does not exist"):
        load_denominator("missing.csv")
