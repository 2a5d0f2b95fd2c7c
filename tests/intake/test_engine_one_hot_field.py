"""A field read from one yes/no column per value (`one_hot`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcewatch.intake.errors import ImportRejected, MappingError
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: one-hot-test
version: "1"
title: one-hot fields
sources:
  main:
    files: ["*.csv"]
    unit: subject
    records:
      incident: {key: "{id}"}
      subject:
        key: "{id}"
        fields:
          sex: {one_hot: {Female: F, Male: M}, map: {F: F, M: M, "F, M": U}}
          race: {one_hot: {White: W, White Hisp: W, Black: B}, split: ","}
          ethnicity: {one_hot: {White: N, White Hisp: H, Black: N}}
"""


def run(tmp_path: Path, csv_text: str, mapping_text: str = MAPPING) -> None:
    (tmp_path / "m.yaml").write_text(mapping_text)
    data = tmp_path / "rows.csv"
    data.write_text(csv_text)
    import_file(
        agency_slug="t",
        mapping=load_mapping(tmp_path / "m.yaml"),
        path=data,
        actor="test",
    )


def test_one_hot_gives_the_codes_of_the_flagged_columns(
    transactional_db: None, tmp_path: Path
) -> None:
    run(
        tmp_path,
        "id,Female,Male,White,White Hisp,Black\n"
        "1,,1,1,,\n"
        "2,x,,,YES,\n"
        "3,1,1,1,,1\n"
        "4,,,,,\n",
    )
    got = {s.source_key: (s.sex, s.race, s.ethnicity) for s in rm.Subject.objects.all()}
    assert got == {
        "1": ("M", ["W"], "N"),
        "2": ("F", ["W"], "H"),
        "3": ("U", ["W", "B"], "N"),
        "4": ("", [], ""),
    }


def test_an_unmapped_combination_of_flags_rejects_the_file(
    transactional_db: None, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected) as caught:
        run(
            tmp_path,
            "id,Female,Male,White,White Hisp,Black\n1,,1,1,1,\n",
        )
    assert "'N, H' is not a code of the ethnicity code list" in str(caught.value)


def test_a_field_takes_one_hot_or_a_column_not_both(tmp_path: Path) -> None:
    bad = MAPPING.replace(
        "sex: {one_hot: {Female: F, Male: M},",
        "sex: {column: Male, one_hot: {Female: F},",
    )
    (tmp_path / "m.yaml").write_text(bad)
    with pytest.raises(MappingError, match="exactly one of .*one_hot"):
        load_mapping(tmp_path / "m.yaml")
