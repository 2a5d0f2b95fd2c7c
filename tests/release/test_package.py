"""The open data package: CSVs with Table Schema, datapackage.json, data dictionary."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forcewatch.release.model import Cell, ReleaseTable, Status, TableSpec
from forcewatch.release.package import validate_package, write_package

DIM_DOCS = {
    "race": "Race of the subject, as recorded.",
    "district": "Police district where the incident began.",
    "month": "Month of the incident (YYYY-MM).",
}
UNIT_DOCS = {
    "subject": "a person force was used on",
    "incident": "an event in which force was used",
}
META = {
    "name": "dallas-2019h1",
    "title": "Dallas Police Department, use of force, 2019H1",
    "version": "1.0.0",
    "description": "Aggregate use-of-force statistics for 2019H1.",
}
SOURCES = [{"title": "Dallas Police Department", "path": "https://dallaspolice.net"}]
LICENSES = [
    {
        "name": "ODC-PDDL-1.0",
        "path": "https://opendatacommons.org/licenses/pddl/",
        "title": "Open Data Commons Public Domain Dedication and License v1.0",
    }
]


def spec(
    name: str, unit: str, dims: tuple[str, ...], denominator: str | None = None
) -> TableSpec:
    return TableSpec(
        name=name,
        title=name.replace("_", " ").capitalize(),
        unit=unit,
        dims=dims,
        denominator=denominator,
    )


def release_tables() -> list[ReleaseTable]:
    return [
        ReleaseTable(spec("subjects_total", "subject", ()), [Cell((), 130, 130)]),
        ReleaseTable(spec("incidents_total", "incident", ()), [Cell((), 90, 300)]),
        ReleaseTable(
            spec("subjects_by_race", "subject", ("race",), denominator="race"),
            [
                Cell(("B",), 70, 70, rate=1.234567, rate_low=0.95, rate_high=1.6),
                Cell(
                    ("W",),
                    12,
                    12,
                    rate=0.1,
                    rate_low=0.05,
                    rate_high=0.2,
                    unstable=True,
                ),
                Cell(
                    ("A",),
                    4,
                    4,
                    Status.PRIMARY,
                    rate=0.01,
                    rate_low=0.0,
                    rate_high=0.1,
                    unstable=True,
                ),
                Cell(
                    ("U",),
                    44,
                    44,
                    Status.COMPLEMENTARY,
                    rate=0.7,
                    rate_low=0.5,
                    rate_high=0.9,
                ),
            ],
        ),
        ReleaseTable(
            spec("incidents_by_district_month", "incident", ("district", "month")),
            [Cell(("1", "2019-01"), 50, 60), Cell(("1", "2019-02"), 40, 45)],
        ),
        ReleaseTable(
            spec("subjects_by_age", "subject", ("age",)),
            [Cell(("18-24",), 30, 30)],
            withheld_reason="age not recorded for 41% of subjects",
        ),
    ]


def build(out: Path, tables: list[ReleaseTable] | None = None) -> list[str]:
    return write_package(
        out,
        release_tables() if tables is None else tables,
        dim_docs=DIM_DOCS,
        unit_docs=UNIT_DOCS,
        name=META["name"],
        title=META["title"],
        version=META["version"],
        description=META["description"],
        sources=SOURCES,
        licenses=LICENSES,
    )


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_it_writes_a_csv_per_published_table_and_one_summary(tmp_path: Path) -> None:
    assert build(tmp_path) == [
        "data-dictionary.md",
        "data/incidents_by_district_month.csv",
        "data/subjects_by_race.csv",
        "data/summary.csv",
        "datapackage.json",
    ]
    assert not (tmp_path / "data" / "subjects_by_age.csv").exists()
    assert (tmp_path / "data" / "summary.csv").read_bytes() == (
        b"unit,count,status\nsubject,130,published\nincident,90,published\n"
    )
    assert (tmp_path / "data" / "incidents_by_district_month.csv").read_bytes() == (
        b"district,month,count,status\n1,2019-01,50,published\n1,2019-02,40,published\n"
    )


def test_a_suppressed_cell_shows_its_status_and_nothing_derived_from_it(
    tmp_path: Path,
) -> None:
    build(tmp_path)
    assert (tmp_path / "data" / "subjects_by_race.csv").read_bytes() == (
        b"race,count,status,rate,rate_low,rate_high,unstable\n"
        b"B,70,published,1.2346,0.9500,1.6000,false\n"
        b"W,12,published,0.1000,0.0500,0.2000,true\n"
        b"A,,suppressed_small,,,,\n"
        b"U,,suppressed_complementary,,,,\n"
    )


def test_the_descriptor_describes_every_file_with_its_size_and_hash(
    tmp_path: Path,
) -> None:
    build(tmp_path)
    text = (tmp_path / "datapackage.json").read_text(encoding="utf-8")
    descriptor = json.loads(text)
    assert text == json.dumps(descriptor, sort_keys=True, indent=2) + "\n"
    assert descriptor["name"] == "dallas-2019h1"
    assert descriptor["licenses"] == LICENSES
    by_name = {r["name"]: r for r in descriptor["resources"]}
    assert list(by_name) == [
        "summary",
        "subjects_by_race",
        "incidents_by_district_month",
    ]
    for resource in descriptor["resources"]:
        data = (tmp_path / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["profile"] == "tabular-data-resource"
        assert resource["schema"]["missingValues"] == [""]
        header = data.decode().splitlines()[0].split(",")
        assert [f["name"] for f in resource["schema"]["fields"]] == header
    race = {f["name"]: f for f in by_name["subjects_by_race"]["schema"]["fields"]}
    assert race["count"]["type"] == "integer"
    assert race["count"]["constraints"] == {"minimum": 0}
    assert race["status"]["constraints"]["enum"] == [str(s) for s in Status]
    assert race["race"]["description"] == DIM_DOCS["race"]
    assert [race[c]["type"] for c in ("rate", "rate_low", "rate_high", "unstable")] == [
        "number",
        "number",
        "number",
        "boolean",
    ]
    assert by_name["incidents_by_district_month"]["schema"]["primaryKey"] == [
        "district",
        "month",
    ]


def test_the_dictionary_documents_every_column_of_every_file(tmp_path: Path) -> None:
    build(tmp_path)
    dictionary = (tmp_path / "data-dictionary.md").read_text(encoding="utf-8")
    sections = dictionary.split("\n## ")[1:]
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert len(sections) == len(descriptor["resources"])
    for section, resource in zip(sections, descriptor["resources"], strict=True):
        assert section.startswith(f"`{resource['path']}`")
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` | {field['type']} | " in section
    assert DIM_DOCS["district"] in dictionary
    assert UNIT_DOCS["incident"] in dictionary


def test_a_rebuild_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    paths = build(first)
    assert build(second) == paths
    for path in paths:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
        assert b"\r\n" not in (first / path).read_bytes()


def test_the_package_passes_frictionless_validation(tmp_path: Path) -> None:
    build(tmp_path)
    assert validate_package(tmp_path) == []


def test_the_frictionless_command_passes_too(tmp_path: Path) -> None:
    build(tmp_path)
    frictionless = Path(sys.executable).parent / "frictionless"
    done = subprocess.run(
        [str(frictionless), "validate", str(tmp_path / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_tampered_csv_fails_validation_by_its_hash(tmp_path: Path) -> None:
    build(tmp_path)
    path = tmp_path / "data" / "subjects_by_race.csv"
    path.write_bytes(path.read_bytes().replace(b"B,70,", b"B,71,"))
    errors = validate_package(tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith("data/subjects_by_race.csv: hash-count: ")
    assert "expected" in errors[0]


def test_charts_and_package_import_without_django() -> None:
    code = (
        "import sys, forcewatch.release.charts, forcewatch.release.package; "
        "assert not [m for m in sys.modules if m.startswith('django')]"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_missing_package_is_reported(tmp_path: Path) -> None:
    errors = validate_package(tmp_path)
    assert len(errors) == 1 and "datapackage.json" in errors[0]


def test_an_undocumented_dimension_is_an_error(tmp_path: Path) -> None:
    table = ReleaseTable(spec("by_sex", "subject", ("sex",)), [Cell(("F",), 30, 30)])
    with pytest.raises(ValueError, match="dimension 'sex' has no documentation"):
        build(tmp_path, [table])


def test_a_release_with_nothing_published_is_an_error(tmp_path: Path) -> None:
    withheld = [t for t in release_tables() if t.withheld_reason]
    with pytest.raises(ValueError, match="no table to publish"):
        build(tmp_path, withheld)


def test_a_dimension_may_not_take_a_column_name_of_the_file(tmp_path: Path) -> None:
    table = ReleaseTable(spec("odd", "subject", ("status",)), [Cell(("x",), 30, 30)])
    with pytest.raises(ValueError, match="reserved"):
        build(tmp_path, [table])


statuses = st.sampled_from(list(Status))
rates = st.one_of(st.none(), st.floats(0, 1_000, allow_nan=False))


@st.composite
def random_table(draw: st.DrawFn) -> ReleaseTable:
    groups = draw(
        st.lists(
            st.text(string.ascii_lowercase, min_size=1, max_size=6),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    # seven-digit counts, all different: unmistakable in the text
    counts = draw(
        st.lists(
            st.integers(1_000_000, 9_999_999),
            min_size=len(groups),
            max_size=len(groups),
            unique=True,
        )
    )
    cells = []
    for group, count in zip(groups, counts, strict=True):
        cells.append(
            Cell(
                (group,),
                count,
                count,
                draw(statuses),
                rate=draw(rates),
                rate_low=draw(rates),
                rate_high=draw(rates),
                unstable=draw(st.booleans()),
            )
        )
    return ReleaseTable(spec("subjects_by_race", "subject", ("race",)), cells)


@settings(max_examples=30, deadline=None)
@given(table=random_table())
def test_no_suppressed_count_reaches_the_csv(
    tmp_path_factory: pytest.TempPathFactory, table: ReleaseTable
) -> None:
    out = tmp_path_factory.mktemp("package")
    build(out, [table])
    text = (out / "data" / "subjects_by_race.csv").read_text(encoding="utf-8")
    written = rows(out / "data" / "subjects_by_race.csv")
    assert [row["race"] for row in written] == [cell.key[0] for cell in table.cells]
    for row, cell in zip(written, table.cells, strict=True):
        assert row["status"] == cell.status
        if cell.published:
            assert row["count"] == str(cell.count)
        else:
            assert str(cell.count) not in text
            assert set(row.values()) - {cell.key[0], str(cell.status)} == {""}
    assert validate_package(out) == []
