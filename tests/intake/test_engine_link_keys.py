"""A `link` key may be a list of templates: the first naming an existing record wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcewatch.intake.errors import ImportRejected
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: link-keys
version: "1"
title: link keys
agency: {slug: linkkeys, name: Link Keys PD}
sources:
  main:
    files: ["main*.csv"]
    unit: report
    read:
      # an id shared by two reports identifies neither: read as empty
      null_values: ["", "SHARED"]
    records:
      incident: {key: "{row_id}"}
      report: {key: ["{id}", "row-{row_id}"]}
  detail:
    files: ["detail*.csv"]
    unit: action
    after: [main]
    link:
      report: ["{id}", "row-{row_id}"]
    records:
      force:
        key: "{report}/{action}"
        fields: {force_type: {value: other}}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(tmp_path: Path, detail: str) -> None:
    mapping = load_mapping(write(tmp_path, "link-keys.yaml", MAPPING))
    main = write(tmp_path, "main.csv", "row_id,id\n1,A\n2,SHARED\n3,SHARED\n")
    for path in (main, write(tmp_path, "detail.csv", detail)):
        import_file(agency_slug="linkkeys", mapping=mapping, path=path, actor="test")


def test_a_link_falls_back_to_the_next_key_when_the_first_names_no_record(
    transactional_db: None, tmp_path: Path
) -> None:
    run(tmp_path, "row_id,id,action\n1,A,x\n2,SHARED,y\n3,SHARED,z\n")
    reports = dict(
        rm.ForceApplication.objects.values_list("source_key", "report__source_key")
    )
    assert reports == {"A/x": "A", "row-2/y": "row-2", "row-3/z": "row-3"}


def test_a_link_whose_keys_all_miss_names_every_key_tried(
    transactional_db: None, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected) as caught:
        run(tmp_path, "row_id,id,action\n9,B,x\n")
    assert "no report with key 'B' or 'row-9'" in str(caught.value)
    assert not rm.ForceApplication.objects.exists()
