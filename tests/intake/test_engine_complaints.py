"""Complaints and allegations: a source may start from a complaint, or link to one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forcewatch.intake.errors import ImportRejected, MappingError
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.records import models as rm

MAPPING = """
mapping: complaints
version: "1"
title: complaints
agency: {slug: cmp, name: Complaints PD}
sources:
  complaints:
    files: ["complaints*.csv"]
    unit: complaint
    records:
      complaint:
        key: "{id}"
        fields: {received_date: received, closed_date: closed}
  accused:
    files: ["accused*.csv"]
    unit: allegation
    after: [complaints]
    link:
      complaint: "{id}"
    records:
      officer:
        key: "{badge}"
        when: {column: badge, empty: false}
        fields: {family_name: name}
      allegation:
        key: "{complaint}/{row}"
        fields:
          finding: {column: finding, map: {SUS: sustained, NS: not_sustained}}
          category: {value: force}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(tmp_path: Path, mapping: str, files: dict[str, str]) -> None:
    loaded = load_mapping(write(tmp_path, "complaints.yaml", mapping))
    for name, text in files.items():
        import_file(agency_slug="cmp", mapping=loaded, path=write(tmp_path, name, text))


def test_allegations_belong_to_the_linked_complaint_and_the_rows_officer(
    transactional_db: None, tmp_path: Path
) -> None:
    run(
        tmp_path,
        MAPPING,
        {
            "complaints.csv": "id,received,closed\nC1,2015-01-02,2016-03-04\n",
            "accused.csv": "id,badge,name,finding\nC1,7,DOE,SUS\nC1,,,NS\n",
        },
    )
    complaint = rm.Complaint.objects.get()
    assert (complaint.received_date, complaint.closed_date) == (
        dt.date(2015, 1, 2),
        dt.date(2016, 3, 4),
    )
    found = {
        (a.source_key, a.finding, a.officer.family_name if a.officer else None)
        for a in complaint.allegations.all()
    }
    assert found == {("C1/2", "sustained", "DOE"), ("C1/3", "not_sustained", None)}
    assert not rm.Incident.objects.exists()


def test_an_allegation_of_an_unknown_complaint_rejects_the_file(
    transactional_db: None, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected) as caught:
        run(
            tmp_path,
            MAPPING,
            {
                "complaints.csv": "id,received,closed\nC1,2015-01-02,\n",
                "accused.csv": "id,badge,name,finding\nC2,7,DOE,SUS\n",
            },
        )
    assert "no complaint with key 'C2'" in str(caught.value)
    assert not rm.Allegation.objects.exists()


def test_a_finding_outside_the_code_list_is_refused(
    transactional_db: None, tmp_path: Path
) -> None:
    mapping = MAPPING.replace("SUS: sustained", "SUS: upheld")
    with pytest.raises(ImportRejected) as caught:
        run(
            tmp_path,
            mapping,
            {
                "complaints.csv": "id,received,closed\nC1,2015-01-02,\n",
                "accused.csv": "id,badge,name,finding\nC1,7,DOE,SUS\n",
            },
        )
    assert "not a code of the complaint_finding code list" in str(caught.value)


def test_a_source_needs_an_incident_or_a_complaint_or_a_link(tmp_path: Path) -> None:
    mapping = MAPPING.replace(
        """      complaint:
        key: "{id}"
        fields: {received_date: received, closed_date: closed}""",
        """      officer:
        key: "{id}\"""",
    )
    with pytest.raises(MappingError, match="`incident` or a `complaint`"):
        load_mapping(write(tmp_path, "complaints.yaml", mapping))
