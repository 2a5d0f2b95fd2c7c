"""FBI export: reportability is derived from stored records, never a filter on them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from forcewatch.intake.exporters.fbi import fbi_submission, reportable_incidents
from forcewatch.records import models as rm
from tests.intake.test_import_dallas_slice import dallas, edited_copy, rows


def test_a_month_without_death_serious_injury_or_shots_gets_a_zero_report(
    transactional_db: None, tmp_path: Path
) -> None:
    dallas(edited_copy(tmp_path, row=2, column="ForceType", value="Verbal Command"))
    agency = rm.Agency.objects.get(slug="dallas")
    data = fbi_submission(agency=agency, month=dt.date(2019, 12, 1), now=timezone.now())
    assert data["zero_report"] is True
    assert data["ZeroReport"] == {"agency_ori": "TXDPD0000", "year": 2019, "month": 12}
    assert rm.Incident.objects.filter(occurred_date__month=12).exists()


def test_a_firearm_discharge_makes_its_incident_reportable_and_nothing_else(
    transactional_db: None, tmp_path: Path
) -> None:
    shot = edited_copy(
        tmp_path, row=3, column="ForceType", value="Verbal Command,Deadly Force/Firearm"
    )
    dallas(shot)
    agency = rm.Agency.objects.get(slug="dallas")
    filenum = rows()[1]["FILENUM"]
    found = reportable_incidents(
        agency=agency, start=dt.date(2019, 1, 1), end=dt.date(2020, 1, 1)
    )
    assert [i.source_key for i in found] == [filenum]
    assert rm.Incident.objects.count() > 1  # everything else is still stored


def test_the_export_command_writes_incident_subject_and_officer_segments(
    transactional_db: None, tmp_path: Path
) -> None:
    dallas(
        edited_copy(tmp_path, row=3, column="ForceType", value="Deadly Force/Firearm")
    )
    incident = rm.Incident.objects.get(source_key=rows()[1]["FILENUM"])
    subject = incident.subjects.first()
    subject.died = True  # a second, independent reason (test data only)
    subject.save()
    out = tmp_path / "fbi.json"
    month = incident.occurred_date.strftime("%Y-%m")
    call_command(
        "export", "fbi", "--agency", "dallas", "--month", month, "--out", str(out)
    )
    data = json.loads(out.read_text())
    [submission] = data["submissions"]
    segment = submission["Incident"]
    assert segment["incident_number"] == incident.source_key
    assert segment["firearm_discharged_at_person"] is True
    assert segment["subjects_died_or_seriously_injured"] == 1
    assert "Firearm" in segment["Subjects"][0]["types_of_force"]
    assert len(segment["Officers"]) == incident.involvements.count()
