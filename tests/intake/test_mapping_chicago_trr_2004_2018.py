"""Chicago TRR 2004-2018 (CPDP): seven linked files, counted per event, TRR, action."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from forcewatch.intake.plan import SourcePlanner
from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, mapping, shared

MAPPING = "chicago-trr-2004-2018"
SLICE = FIXTURES / "chicago_trr_2004_2018"
FOIA_2018 = "2004-2018_2018-08_p456008"
FOIA_2016 = "2004-2016_2016-09"
OFFICER_ID = f"TRR-officers_{FOIA_2018}_ID"
FILES = {
    "main": f"TRR-main_{FOIA_2018}.csv",
    "officers": f"TRR-officers_{FOIA_2018}.csv",
    "subjects": f"TRR-subjects_{FOIA_2016}.csv",
    "actions": f"TRR-actions-responses_{FOIA_2018}.csv",
    "weapons": f"TRR-subject-weapons_{FOIA_2018}.csv",
    "discharges": f"TRR-weapon-discharges_{FOIA_2018}.csv",
    "statuses": f"TRR-statuses_{FOIA_2016}.csv",
}
Importer = Callable[[str, str, list[Path]], list]


def rows(name: str) -> list[dict[str, str]]:
    path = SLICE / FILES[name]
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def import_slice(importer: Importer) -> rm.Agency:
    importer("chicago", MAPPING, [SLICE / f for f in FILES.values()])
    return rm.Agency.objects.get(slug="chicago")


def incident_of(row: dict[str, str]) -> str:
    event = row["event_no"].removesuffix(".0")
    return event if event not in ("", "0") else f"trr-{row['trr_id']}"


def test_it_counts_events_reports_officers_and_member_actions(
    importer: Importer,
) -> None:
    main, officers, actions = rows("main"), rows("officers"), rows("actions")
    agency = import_slice(importer)
    total = record_counts(agency=agency)["total"]
    assert total["reports"] == len(main) == 15
    assert total["incidents"] == len({incident_of(r) for r in main})
    assert total["officers"] == len({r[OFFICER_ID] for r in officers})
    assert total["officer_subject_pairs"] == len(main)
    member = [r for r in actions if r["person"] == "Member Action"]
    assert total["force_applications"] == len(member)
    subject_actions = [r for r in actions if r["person"] == "Subject Action"]
    reports = {r["trr_id"] for r in main}
    weapons = [r for r in rows("weapons") if r["trr_id"] in reports]
    assert rm.SubjectAction.objects.count() == len(subject_actions) + len(weapons)


def test_it_counts_one_subject_per_person_per_incident(importer: Importer) -> None:
    incident = {r["trr_id"]: incident_of(r) for r in rows("main")}
    subjects = rows("subjects")
    people = set()
    for r in subjects:
        if r["subject_no"]:
            who = r["subject_no"]
        elif r["gender"] and r["race"] and r["birth_year"]:
            who = (r["gender"], r["race"], r["birth_year"])
        else:
            who = r["trr_id"]
        people.add((incident[r["trr_id"]], who))
    agency = import_slice(importer)
    assert record_counts(agency=agency)["total"]["subjects"] == len(people) == 9
    # every TRR of the subjects file gets its subject on the officers file's engagement
    with_subject = rm.Engagement.objects.filter(subject__isnull=False)
    assert with_subject.count() == len(subjects)
    engagement = rm.Engagement.objects.get(source_key="47627")
    assert engagement.involvement.officer.source_key == "p456008:1240"
    assert engagement.subject == rm.Engagement.objects.get(source_key="47628").subject
    assert engagement.subject.person_key == ""
    assert (
        rm.Subject.objects.get(incident__source_key="401710600").person_key
        == "p046360:1"
    )


def test_it_maps_cpd_values_to_canonical_codes(importer: Importer) -> None:
    import_slice(importer)
    incident = rm.Incident.objects.get(source_key="1000201535")
    assert incident.occurred_date == dt.date(2010, 1, 2)
    assert incident.occurred_time == dt.time(3, 20)
    assert (incident.beat, incident.district) == ("432", "4")
    assert incident.address == "109XX South AVENUE D"
    assert incident.indoors is False and incident.lighting == "POOR ARTIFICIAL"
    assert rm.Incident.objects.get(source_key="1715302098").lighting == "DAWN"
    taser = rm.ForceApplication.objects.get(
        report__source_key="2428", force_type="ced_probe"
    )
    assert taser.force_type_raw == "TASER (PROBE DISCHARGE)"
    assert (
        rm.ForceApplication.objects.get(
            report__source_key="1752", force_type_raw="FIREARM"
        ).force_type
        == "firearm_discharge"
    )
    subject = rm.Subject.objects.get(incident__source_key="401710600")
    assert (subject.race, subject.ethnicity, subject.sex) == (["U"], "H", "M")
    officer = rm.Officer.objects.get(source_key="p456008:1")
    assert (officer.race, officer.ethnicity, officer.family_name) == (
        ["U"],
        "H",
        "VELAZQUEZ",
    )
    assert officer.identifiers.get().value == "1113"
    revolver = rm.SubjectAction.objects.get(report__source_key="1752", weapon__gt="")
    assert (revolver.weapon, revolver.weapon_raw) == (
        "12",
        "FIREARM - REVOLVER / 38 CAL",
    )
    resisting = rm.SubjectAction.objects.get(
        report__source_key="47563", action_raw="ATTACK WITHOUT WEAPON"
    )
    assert resisting.resistance == "aggressive"


def test_it_keeps_review_steps_and_skips_orphans_and_duplicated_discharges(
    importer: Importer,
) -> None:
    reports = {r["trr_id"] for r in rows("main")}
    statuses = rows("statuses")
    import_slice(importer)
    steps = rm.ReviewStep.objects.filter(report__source_key="1752").order_by(
        "on_date", "at_time"
    )
    assert [(s.step, s.reviewer_rank, s.reviewer_badge) for s in steps] == [
        ("submitted", "OFFICER", "6326"),
        ("reviewed", "SERGEANT", "2114"),
        ("approved", "LIEUTENANT", "204"),
    ]
    assert rm.Report.objects.get(source_key="1752").filed_date == dt.date(2004, 6, 9)
    assert rm.ReviewStep.objects.count() == sum(
        r["trr_id"] in reports for r in statuses
    )
    skipped = {f.source: len(f.skipped) for f in rm.SourceFile.objects.all()}
    assert skipped["statuses"] == sum(r["trr_id"] not in reports for r in statuses) == 2
    assert (
        skipped["subject-weapons"] == 1
    )  # trr_id "THER (SPECIFY)": upstream corruption
    assert skipped["actions"] == sum(not r["person"] for r in rows("actions")) == 1
    assert skipped["weapon-discharges"] == len(rows("discharges"))
    assert not rm.ForceApplication.objects.filter(
        source_file__source="weapon-discharges"
    )


@pytest.mark.shared_data
@pytest.mark.slow
def test_the_full_2004_2018_export_matches_the_readme(importer: Importer) -> None:
    folder = "chicago_cpdp/trr_2004_2018"
    names = [f"{name}.gz" for name in FILES.values()]
    paths = [shared(f"{folder}/{name}") for name in names]
    importer("chicago", MAPPING, paths)
    agency = rm.Agency.objects.get(slug="chicago")
    assert record_counts(agency=agency)["total"] == {
        "reports": 75_759,  # README: TRR-main rows
        "officer_subject_pairs": 75_759,  # one engagement per TRR
        "force_applications": 303_362,  # "Member Action" rows of actions-responses
        "incidents": 46_344,  # distinct event_no, plus 40 TRRs without one
        "officers": 11_915,  # CPDP officer ids of the officers file
        "subjects": 44_663,  # people per incident among the 67,019 subject rows
    }
    assert rm.Engagement.objects.filter(subject__isnull=False).count() == 67_019
    assert rm.SubjectAction.objects.count() == 284_171 + 53_105
    assert rm.ReviewStep.objects.count() == 201_401 - 76
    assert rm.OfficerIdentifier.objects.count() == 11_769  # officers with a star
    rows_read = {f.source: f.rows_read for f in rm.SourceFile.objects.all()}
    assert rows_read["actions"] == 587_538 and rows_read["statuses"] == 201_401


# OTHER (SPECIFY) descriptions of the full actions export, as written
NECK_RESTRAINTS = [
    "CHOKE HOLD",
    "NECK HOLD",
    "ARM AND NECK HOLD",
    "ARM AROUND NECK",
    "KNELT ON NECK",
    "APPLIED PRESSURE TO NECK",
    "FOREARM TO LOWER PART OF NECK",
    "GRABBED OFFENDER BY THE THROAT",
]
NOT_SAID_TO_COMPRESS_THE_NECK = [
    "HEADLOCK",
    "HEAD LOCK",
    "REAR HEADLOCK",
    "HELD OFFENDER BY NECK",
    "GRASPED SHOULDER AND NECK AREA",
    "NECK AREA PRESSURE POINT",
    "PRESSURE POINTS TO NECK",
    "CREATED FULCRUM AT NECK + ARM",
    "OPEN HAND PUSH TO FACE/NECK",
    "CUT NOOSE FROM NECK",
    "SHOVED R/O WITH BOTH HANDS",
    "",
]


def force_type_of(action: str, description: str) -> str:
    header = ["row_id", "trr_id", "person", "resistance_type", "action"]
    header.append("other_description")
    planner = SourcePlanner(
        mapping("chicago-trr-2004-2018"), "actions", header, "actions.csv", "t", None
    )
    (plan,) = [f for f in planner.entities["force"].fields if f.name == "force_type"]
    cells = ["1", "1", "Member Action", "Active Resister", action, description]
    return str(plan.convert(plan.fetch(cells, None)))


@pytest.mark.parametrize("description", NECK_RESTRAINTS)
def test_a_neck_restraint_written_in_other_specify_is_one(description: str) -> None:
    assert force_type_of("OTHER (SPECIFY)", description) == "neck_restraint"


@pytest.mark.parametrize("description", NOT_SAID_TO_COMPRESS_THE_NECK)
def test_other_descriptions_of_the_neck_stay_other(description: str) -> None:
    assert force_type_of("OTHER (SPECIFY)", description) == "other"


def test_the_description_does_not_change_a_listed_action() -> None:
    assert force_type_of("ARMBAR", "") == "joint_lock"
    assert force_type_of("TASER (PROBE DISCHARGE) 2", "CHOKE HOLD") == "ced_probe"
