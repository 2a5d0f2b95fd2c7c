"""Columns from the file name, YAML anchors under `x-` keys, field splits on several
separators: what the blind documentation test asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from forcewatch.intake.errors import ImportRejected
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: yearly
version: "1"
title: yearly files whose year is only in the name
x-common: &common
  files: ["*Force*.csv"]
  unit: incident
sources:
  yearly:
    <<: *common
    columns:
      year: {file_name: "(20\\\\d\\\\d)"}
      event: ["Event #", Event]
    read: {fill_down: [event]}
    records:
      incident: {key: "{year}-{event}"}
      subject:
        key: "{year}-{event}"
        fields:
          armed_with: {column: Weapon, split: [",", "/"], map: weapons}
maps:
  weapons: {knife: ["20"], gun: ["11"], bat: ["30"]}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_key_can_use_the_year_in_the_file_name(
    transactional_db: None, tmp_path: Path
) -> None:
    mapping = load_mapping(write(tmp_path, "m.yaml", MAPPING))
    data = write(
        tmp_path, "Use of Force 2017.csv", "Event,Weapon\n1,knife/gun\n,bat\n2,\n"
    )
    import_file(agency_slug="town", mapping=mapping, path=data, actor="test")
    assert sorted(rm.Incident.objects.values_list("source_key", flat=True)) == [
        "2017-1",
        "2017-2",
    ]
    subject = rm.Subject.objects.get(source_key="2017-1")
    assert subject.armed_with == ["20", "11"]


def test_a_file_name_without_the_pattern_is_rejected_clearly(
    transactional_db: None, tmp_path: Path
) -> None:
    mapping = load_mapping(write(tmp_path, "m.yaml", MAPPING))
    data = write(tmp_path, "Use of Force.csv", "Event,Weapon\n1,knife\n")
    with pytest.raises(ImportRejected, match="comes from the file name"):
        import_file(agency_slug="town", mapping=mapping, path=data, actor="test")


def test_forcewatch_help_lists_the_documented_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "forcewatch.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for command in ("demo", "import", "counts", "audit", "export", "synth"):
        assert f"\n  {command} " in out
