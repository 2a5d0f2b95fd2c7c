"""A column's own `null_values`: a placeholder (badge 0) is no value in that column
only, so a key template falls through to the next one."""

from __future__ import annotations

from pathlib import Path

from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: badges
version: "1"
title: officers keyed by badge, 0 written when there is none
sources:
  rows:
    files: ["*.csv"]
    unit: officer_subject
    columns:
      badge: {names: [Badge], null_values: ["0"]}
    records:
      incident: {key: "{File}"}
      officer:
        key: ["{badge}", "{File}/no-badge-row-{row}"]
        identifiers: {badge: "{badge}"}
      subject:
        key: "{File}/{Count}"
"""


def test_a_placeholder_badge_is_no_badge(
    transactional_db: None, tmp_path: Path
) -> None:
    (tmp_path / "m.yaml").write_text(MAPPING)
    mapping = load_mapping(tmp_path / "m.yaml")
    data = tmp_path / "rows.csv"
    # the 0 of Count is a value: only Badge reads 0 as empty
    data.write_text("File,Badge,Count\nA,0,0\nB,0,1\nC,123,0\nD,123,0\n")
    import_file(agency_slug="town", mapping=mapping, path=data, actor="test")
    keys = sorted(rm.Officer.objects.values_list("source_key", flat=True))
    assert len(keys) == 3
    assert "123" in keys
    assert sum(k.startswith(("A/no-badge", "B/no-badge")) for k in keys) == 2
    subjects = sorted(rm.Subject.objects.values_list("source_key", flat=True))
    assert subjects == ["A/0", "B/1", "C/0", "D/0"]
