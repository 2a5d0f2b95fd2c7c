"""Templates: `{item.NAME}` inside `each` and column names with spaces."""

from __future__ import annotations

from pathlib import Path

from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: template-test
version: "1"
title: template test
sources:
  main:
    files: ["*.csv"]
    unit: officer_subject
    records:
      incident:
        key: "{Case No}"
      force:
        key: "{Case No}/{item.type}"
        each: {wide: {type: [Weapon 1, Weapon 2]}}
        fields:
          force_type: {item: type}
          effect: {template: "{item.type} x{Shots}"}
          count: {template: "{item.type}|{Shots}", regex: "^ced_probe\\\\|(\\\\d+)$"}
"""


def test_item_fields_and_spaced_column_names_render_in_templates(
    transactional_db: None, tmp_path: Path
) -> None:
    (tmp_path / "m.yaml").write_text(MAPPING)
    data = tmp_path / "rows.csv"
    data.write_text("Case No,Weapon 1,Weapon 2,Shots\nC1,ced_probe,strike,2\n")
    import_file(
        agency_slug="t",
        mapping=load_mapping(tmp_path / "m.yaml"),
        path=data,
        actor="test",
    )
    forces = {f.source_key: f for f in rm.ForceApplication.objects.all()}
    assert set(forces) == {"C1/ced_probe", "C1/strike"}
    assert (forces["C1/ced_probe"].effect, forces["C1/ced_probe"].count) == (
        "ced_probe x2",
        2,
    )
    assert (forces["C1/strike"].effect, forces["C1/strike"].count) == (
        "strike x2",
        None,
    )
