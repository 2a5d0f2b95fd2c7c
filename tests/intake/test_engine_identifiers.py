"""Officer identifiers: a reissued badge number stays with each officer who held it."""

from __future__ import annotations

from pathlib import Path

from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: identifier-test
version: "1"
title: identifier test
sources:
  main:
    files: ["*.csv"]
    unit: report
    records:
      incident:
        key: "{case}"
      officer:
        key: "{officer_id}"
        identifiers: {badge: "{star}"}
"""


def test_a_badge_number_reissued_to_another_officer_is_kept_for_both(
    transactional_db: None, tmp_path: Path
) -> None:
    (tmp_path / "m.yaml").write_text(MAPPING)
    data = tmp_path / "rows.csv"
    data.write_text("case,officer_id,star\nC1,101,1002\nC2,202,1002\nC3,101,1002\n")
    import_file(
        agency_slug="t",
        mapping=load_mapping(tmp_path / "m.yaml"),
        path=data,
        actor="test",
    )
    badges = {
        o.source_key: [i.value for i in o.identifiers.all()]
        for o in rm.Officer.objects.all()
    }
    assert badges == {"101": ["1002"], "202": ["1002"]}
