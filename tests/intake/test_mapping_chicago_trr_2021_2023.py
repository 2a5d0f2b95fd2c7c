"""Chicago TRR 2021-2023 mapping (CPDP FOIA P877988): a real slice, the whole set."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from pathlib import Path

import pytest

from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts
from tests.conftest import FIXTURES, shared

SLICE = FIXTURES / "chicago_trr_2021_2023"
MAPPING = "chicago-trr-2021-2023"
OFFICER_ID = "TRR-officers_2021-2023_2023-10_p877988_ID"
NO_CB = "9b2d5b4678781e53038e91ea5324530a03f27dc1d0e5f6c9bc9d493a23be9de0"
FIREARMS_AND_TASER = {"SEMI-AUTO PISTOL", "REVOLVER", "RIFLE", "TASER"}
FILES = [
    "main",
    "officers",
    "subjects",
    "subject-weapons",
    "actions-responses",
    "weapon-discharges",
    "statuses",
]


def table(folder: Path, name: str) -> list[dict[str, str]]:
    [path] = folder.glob(f"TRR-{name}_2021-2023_*.csv*")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def paths(folder: Path) -> list[Path]:
    return [next(folder.glob(f"TRR-{name}_2021-2023_*.csv*")) for name in FILES]


def expected(folder: Path) -> dict[str, int]:
    """The counting units, computed from the CSV files without the engine."""
    main = table(folder, "main")
    event = {
        r["row_id"]: f"oemc:{r['event_no'].removesuffix('.0')}"
        if r["event_no"]
        else f"trr-{r['trr_id']}"
        for r in main
    }
    subjects = set()
    for r in table(folder, "subjects"):
        born = r["birth_year"].removesuffix(".0")
        if r["subject_cb_no"] != NO_CB:
            who = r["subject_cb_no"]
        elif r["gender"] and r["race"] and born:
            who = (r["gender"], r["race"], born)
        else:
            who = r["row_id"]
        subjects.add((event[r["row_id"]], who))
    acts = table(folder, "actions-responses")
    force = [
        r
        for r in acts
        if r["person"] == "Member Action" and r["action"] not in ("", "NONE")
    ]
    listed = {(r["row_id"], r["action"]) for r in force}
    discharged = {
        (r["row_id"], weapon)
        for r in table(folder, "weapon-discharges")
        if r["weapon_dischrg_does_not_apply"] != "Y"
        for weapon in r["weapon_type"].split(", ")
        if weapon in FIREARMS_AND_TASER
    }
    officers = table(folder, "officers")
    return {
        "incidents": len(set(event.values())),
        "subjects": len(subjects),
        "officers": len({r[OFFICER_ID] for r in officers}),
        "officer_subject_pairs": len(officers),
        "force_applications": len(force) + len(discharged - listed),
        "reports": len(main),
    }


def chicago(importer, folder: Path) -> dict[str, int]:
    importer("chicago", MAPPING, paths(folder))
    return record_counts(agency=rm.Agency.objects.get(slug="chicago"))["total"]


def test_it_counts_trrs_events_officers_and_persons_per_event(importer) -> None:
    total = chicago(importer, SLICE)
    assert total == expected(SLICE)
    assert total["reports"] == 12 and total["incidents"] == 10


def test_two_trrs_sharing_a_trr_id_stay_two_reports_with_their_own_actions(
    importer,
) -> None:
    chicago(importer, SLICE)
    acts = table(SLICE, "actions-responses")
    for row_id, member in (("6754", "SAMUEL"), ("6755", "VARGAS")):
        report = rm.Report.objects.get(source_key=f"p877988:trr-row-{row_id}")
        engagement = report.engagement_set.get()
        assert engagement.involvement.officer.family_name == member
        ticked = [
            r
            for r in acts
            if r["row_id"] == row_id
            and r["person"] == "Member Action"
            and r["action"] not in ("", "NONE")
        ]
        assert report.forceapplication_set.count() == len(ticked)
    assert not rm.Report.objects.filter(source_key="2023-00434").exists()
    assert rm.Report.objects.get(source_key="2021-00080").status == "preliminary"


def test_a_firearm_discharge_listed_as_an_action_is_one_force_application(
    importer,
) -> None:
    chicago(importer, SLICE)
    [shot] = rm.ForceApplication.objects.filter(report__source_key="2021-00080").filter(
        force_type_raw__startswith="SEMI-AUTO PISTOL"
    )
    assert shot.force_type == "firearm_discharge"
    assert (shot.count, shot.at_vehicle, shot.effect) == (16, True, "SUBJECT, VEHICLE")
    assert shot.discharged_at_person is None


def test_a_weapon_listed_but_not_discharged_is_recorded_as_drawn(importer) -> None:
    chicago(importer, SLICE)
    drawn = rm.ForceApplication.objects.filter(
        report__source_key__in=["2021-00494", "2021-00117"],
        force_type_raw__contains="Response With Weapon",
    )
    assert sorted(drawn.values_list("force_type", "count")) == [
        ("ced_display", None),
        ("firearm_display", None),
    ]


def test_discharges_no_action_lists_are_added_and_not_at_a_person(importer) -> None:
    chicago(importer, SLICE)
    accidental = rm.ForceApplication.objects.get(report__source_key="2021-00197")
    assert (accidental.force_type, accidental.discharged_at_person) == (
        "ced_probe",
        False,
    )
    dog = rm.ForceApplication.objects.get(
        report__source_key="2021-00230", force_type="firearm_discharge"
    )
    assert dog.discharged_at_person is False and dog.effect == "ANIMAL"


def test_it_maps_the_subject_condition_injury_and_medical_care(importer) -> None:
    chicago(importer, SLICE)
    subject = rm.Subject.objects.get(engagement__report__source_key="2021-00080")
    assert (subject.sex, subject.race, subject.ethnicity) == ("F", ["B"], "N")
    assert (subject.injury_severity, subject.injuries) == ("serious", ["O"])
    assert (
        subject.first_aid_given and subject.medical_requested and subject.hospitalized
    )
    assert (subject.armed, subject.armed_with) == (True, ["12"])
    assert (subject.person_key, subject.arrested) == ("", None)
    crisis = rm.Subject.objects.get(engagement__report__source_key="2021-02522")
    assert crisis.in_crisis and crisis.impairments[0] == "mental_health"
    booked = rm.Subject.objects.get(engagement__report__source_key="2021-00117")
    assert booked.arrested and booked.person_key.startswith("cb-sha256:df15cd")


def test_the_threat_means_is_the_weapon_the_subject_used_or_threatened_with(
    importer,
) -> None:
    chicago(importer, SLICE)

    def threat(report: str) -> list[str]:
        subject = rm.Subject.objects.get(engagement__report__source_key=report)
        return list(subject.threat_means)

    # MEMBER AT GUNPOINT with a SEMI-AUTO PISTOL
    assert threat("2021-00080") == threat("2021-00494") == ["12"]
    # a RIFLE POSSESSED is not a threat with it; an unarmed subject has no weapon
    assert threat("p877988:trr-row-7377") == []
    assert threat("2021-00014") == []


def test_subjects_without_cb_number_merge_by_sex_race_and_birth_year(importer) -> None:
    chicago(importer, SLICE)
    [one] = rm.Subject.objects.filter(incident__source_key="oemc:10560")
    assert one.source_key == "oemc:10560/MALE-WHITE-1980"
    assert one.engagement_set.count() == 2


def test_it_maps_the_officer_event_and_supervisor_review(importer) -> None:
    chicago(importer, SLICE)
    officer = rm.Officer.objects.get(
        officerinvolvement__incident__source_key="oemc:2100908002"
    )
    assert (officer.family_name, officer.race, officer.ethnicity) == (
        "SANDOVAL JR",
        ["U"],
        "H",
    )
    assert officer.appointed_date == dt.date(2018, 12, 17)
    assert officer.identifiers.get().value == "9761"
    incident = rm.Incident.objects.get(source_key="oemc:2100908002")
    assert (incident.occurred_date, incident.beat, incident.district) == (
        dt.date(2021, 1, 9),
        "1011",
        "10",
    )
    review = rm.ReviewStep.objects.get(report__source_key="2021-00230")
    assert (review.step, review.reviewer_rank, review.reviewer_badge) == (
        "reviewed",
        "LIEUTENANT OF POLICE",
        "278",
    )
    assert not rm.ReviewStep.objects.filter(report__source_key__startswith="p877988")


@pytest.mark.shared_data
@pytest.mark.slow  # 13-20 s
def test_the_whole_foia_matches_the_readme_counts(importer) -> None:
    folder = shared(
        "chicago_cpdp/trr_2021_2023/TRR-main_2021-2023_2023-10_p877988.csv.gz"
    )
    total = chicago(importer, folder.parent)
    assert total == {
        "incidents": 5286,
        "subjects": 6260,
        "officers": 4322,
        "officer_subject_pairs": 9338,
        "force_applications": 53792,
        "reports": 9338,
    }
    assert total == expected(folder.parent)
    files = {f.source: f for f in rm.SourceFile.objects.all()}
    assert files["actions"].rows_read == 102946
    assert len(files["actions"].skipped) == 15005
    assert rm.SubjectAction.objects.exclude(action_raw="").count() == 34213
    fired = rm.ForceApplication.objects.filter(force_type="firearm_discharge")
    assert fired.count() == 139 and fired.filter(at_vehicle=True).count() == 14
    assert rm.ReviewStep.objects.count() == 9319
