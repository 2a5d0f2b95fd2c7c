"""`each.split` given several separators splits a cell on any of them."""

from __future__ import annotations

from pathlib import Path

from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: split-test
version: "1"
title: several separators
maps:
  force:
    {Forced to ground: takedown, Taser: ced_probe, Escort: escort_hold, OC: chemical_oc}
sources:
  main:
    files: ["*.csv"]
    unit: incident
    records:
      incident: {key: "{id}"}
      force:
        each: {split: SPLIT, columns: {type: force}}
        fields: {force_type: {item: type, map: force}}
"""


def force_types(tmp_path: Path, split: str) -> dict[str, list[str]]:
    (tmp_path / "m.yaml").write_text(MAPPING.replace("SPLIT", split))
    data = tmp_path / "rows.csv"
    data.write_text(
        'id,force\n1,"Forced to ground/Taser, Escort"\n2,OC\n3,Taser & OC\n'
    )
    import_file(
        agency_slug="t",
        mapping=load_mapping(tmp_path / "m.yaml"),
        path=data,
        actor="test",
    )
    out: dict[str, list[str]] = {}
    for f in rm.ForceApplication.objects.order_by("incident__source_key", "sequence"):
        out.setdefault(f.incident.source_key, []).append(f.force_type)
    return out


def test_a_list_of_separators_splits_on_each_of_them(
    transactional_db: None, tmp_path: Path
) -> None:
    assert force_types(tmp_path, '[",", "/", " & "]') == {
        "1": ["takedown", "ced_probe", "escort_hold"],
        "2": ["chemical_oc"],
        "3": ["ced_probe", "chemical_oc"],
    }
