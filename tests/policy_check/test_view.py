"""The report view (ViewBuilder) on real imported slices and hand-built records."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.utils import timezone

from forcewatch.policy.schema import FORCE, INCIDENT, OFFICER, REPORT, SUBJECT
from forcewatch.policy.view import Unit, ViewBuilder
from forcewatch.records import models as rm
from tests.policy_check.builders import agency, officer, write_incidents
from tests.policy_check.conftest import DALLAS_SLICE


def units_of(target: rm.Agency, **kwargs: Any) -> list[Unit]:
    builder = ViewBuilder(target.pk)
    return list(builder.units(builder.incident_ids(**kwargs)))


def by_report_key(units: list[Unit]) -> dict[str, Unit]:
    return {u.view["key"]: u for u in units}


def names(facts: tuple[Any, ...]) -> set[str]:
    return {f.name for f in facts}


# -- Chicago TRR 2004-2018: one unit per TRR --------------------------------------


def test_chicago_gives_one_unit_per_trr(chicago: rm.Agency) -> None:
    units = units_of(chicago)
    reports = dict(
        rm.Report.objects.filter(agency=chicago).values_list("pk", "source_key")
    )
    assert len(units) == len(reports) == 15
    assert {u.key for u in units} == {f"report:{pk}" for pk in reports}
    assert {u.report_id: u.view["key"] for u in units} == reports
    # TRRs 4 and 5 are two officers' reports of one event
    trr = by_report_key(units)
    assert trr["4"].incident_id == trr["5"].incident_id
    assert trr["4"].view["incident"]["key"] == "401710600"
    assert trr["4"].date == dt.date(2004, 1, 17)
    assert trr["4"].view["incident"]["time"] == "14:47"


def test_a_trr_holds_its_own_force_with_the_resistance_each_answered(
    chicago: rm.Agency,
) -> None:
    trr = by_report_key(units_of(chicago))
    # actions file rows 1-2 are TRR 4's member actions, rows 5-6 TRR 5's
    assert [
        (f["key"], f["type"], f["resistance"], f["resistance_level"])
        for f in trr["4"].view["force"]
    ] == [
        ("p456008-action:1", "takedown", "active", 3),
        ("p456008-action:2", "verbal_command", "passive", 2),
    ]
    assert [f["key"] for f in trr["5"].view["force"]] == [
        "p456008-action:5",
        "p456008-action:6",
    ]
    takedown, verbal = trr["4"].view["force"]
    assert (takedown["level"], takedown["applied"], takedown["deadly"]) == (
        3,
        True,
        False,
    )
    assert (verbal["level"], verbal["applied"]) == (1, False)


def test_a_trr_lists_every_officer_of_the_incident_and_who_used_force_in_it(
    chicago: rm.Agency,
) -> None:
    trr = by_report_key(units_of(chicago))
    officers = dict(
        rm.Officer.objects.filter(agency=chicago).values_list("source_key", "pk")
    )
    pairs = (("4", "p456008:1", "p456008:2"), ("5", "p456008:2", "p456008:1"))
    for report, filer, other in pairs:
        unit = trr[report]
        assert {o["key"]: o["used_force"] for o in unit.view["officers"]} == {
            filer: True,
            other: False,
        }
        assert unit.officer_ids == [officers[o["key"]] for o in unit.view["officers"]]
        assert unit.force_officer == [officers[filer]] * 2
        assert unit.view["officers"][unit.author or 0]["key"] == filer
        assert all(f["officer"]["key"] == filer for f in unit.view["force"])
    assert {o["unit"] for o in trr["4"].view["officers"]} == {"13"}


def test_a_trr_names_its_subject_with_the_highest_resistance_recorded(
    chicago: rm.Agency,
) -> None:
    unit = by_report_key(units_of(chicago))["4"]
    [subject] = unit.view["subjects"]
    # subject actions: PULLED AWAY (active), DID NOT FOLLOW VERBAL DIRECTION (passive)
    assert subject["key"] == "401710600/s1"
    assert (subject["resistance"], subject["resistance_level"]) == ("active", 3)
    assert (subject["injured"], subject["complained_of_injury"]) == (True, True)
    assert (subject["armed"], subject["age_min"]) == (False, 38)
    assert all(f["subject"]["key"] == subject["key"] for f in unit.view["force"])


def test_firearm_discharge_is_deadly_force(chicago: rm.Agency) -> None:
    trr = by_report_key(units_of(chicago))
    [shot] = trr["1752"].view["force"]
    assert (shot["type"], shot["deadly"], shot["applied"], shot["level"]) == (
        "firearm_discharge",
        True,
        True,
        5,
    )
    assert shot["resistance"] == "deadly" and shot["resistance_level"] == 5
    assert trr["1752"].view["deadly_force"] is True
    assert [k for k, u in trr.items() if u.view["deadly_force"]] == ["1752"]


def test_a_firearm_drawn_is_not_deadly_and_a_shot_at_a_vehicle_says_so(
    chicago_2021: rm.Agency,
) -> None:
    trr = by_report_key(units_of(chicago_2021))
    drawn = trr["2021-00494"]
    assert [f["type"] for f in drawn.view["force"] if f["type"].startswith("fire")] == [
        "firearm_display"
    ]
    assert drawn.view["deadly_force"] is False
    [shot] = [f for f in trr["2021-00080"].view["force"] if f["deadly"]]
    assert (shot["type"], shot["at_vehicle"], shot["count"]) == (
        "firearm_discharge",
        True,
        16,
    )
    # this export records resistance for the subject only: force answers the highest
    assert shot["resistance"] == trr["2021-00080"].view["subjects"][0]["resistance"]
    assert shot["resistance"] == "deadly"


def test_the_view_has_exactly_the_documented_facts(chicago: rm.Agency) -> None:
    for unit in units_of(chicago):
        view = unit.view
        assert set(view) == names(REPORT.fields)
        assert set(view["incident"]) == names(INCIDENT)
        for o in view["officers"]:
            assert set(o) == names(OFFICER)
        for s in view["subjects"]:
            assert set(s) == names(SUBJECT)
        for f in view["force"]:
            assert set(f) == names(FORCE)
            assert set(f["officer"]) == names(OFFICER)
            assert set(f["subject"]) == names(SUBJECT)


# -- Dallas: no reports, one unit per incident ---------------------------------


def test_dallas_gives_one_unit_per_incident(dallas: rm.Agency) -> None:
    with DALLAS_SLICE.open(newline="") as fh:
        filenums = {row["FILENUM"] for row in csv.DictReader(fh)}
    units = units_of(dallas)
    incidents = dict(
        rm.Incident.objects.filter(agency=dallas).values_list("pk", "source_key")
    )
    assert len(units) == len(filenums) == len(incidents)
    assert {u.key for u in units} == {f"incident:{pk}" for pk in incidents}
    assert all(u.report_id is None and u.author is None for u in units)
    assert {u.view["key"] for u in units} == filenums
    assert all(u.view["status"] is None for u in units)


def test_a_fact_the_mapping_does_not_fill_is_null_and_an_empty_list_is_empty(
    dallas: rm.Agency,
) -> None:
    units = units_of(dallas)
    officers = [o for u in units for o in u.view["officers"]]
    subjects = [s for u in units for s in u.view["subjects"]]
    # Dallas's export has no de-escalation, threat or handcuffing columns
    assert officers and all(o["deescalation"] is None for o in officers)
    assert all(s["threat_means"] is None for s in subjects)
    assert all(s["handcuff_justification"] is None for s in subjects)
    # ...but it has an influence column: "Agitated" means no impairment, no weapon
    first = next(u for u in units if u.view["key"] == "UF2019-1702")
    [subject] = first.view["subjects"]
    assert subject["impairments"] == [] and subject["armed_with"] == []
    assert subject["armed"] is None  # "Agitated" says nothing about a weapon
    assert all(isinstance(s["impairments"], list) for s in subjects)


def test_a_form_asks_every_fact_so_its_empty_lists_are_empty(
    transactional_db: None,
) -> None:
    target = agency("form-city")
    write_incidents(
        target,
        [
            {
                "key": "F1",
                "date": dt.date(2024, 5, 1),
                "officers": [officer("o1")],
                "subjects": [{"injured": False}],
                "force": [{"officer": 0, "subject": 0, "type": "takedown"}],
            }
        ],
    )
    [unit] = units_of(target)
    assert unit.view["officers"][0]["deescalation"] == []
    assert unit.view["subjects"][0]["threat_means"] == []
    assert unit.view["subjects"][0]["handcuff_justification"] == ""


# -- minutes to first aid and to the request for medical help ---------------------


def aid_incident(day: dt.date, at: dt.time | None) -> dict[str, Any]:
    def local(hour: int, minute: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    return {
        "key": "A1",
        "date": day,
        "time": at,
        "officers": [officer("o1")],
        "subjects": [
            {
                "injured": True,
                "first_aid_given": True,
                "first_aid_at": local(21, 48),
                "medical_requested": True,
                "medical_requested_at": local(21, 45),
            },
            {"injured": False},
        ],
        "force": [
            {"officer": 0, "subject": 0, "type": "takedown"},
            {"officer": 0, "subject": 1, "type": "escort_hold"},
        ],
    }


def minutes(target: rm.Agency) -> list[tuple[int | None, int | None]]:
    [unit] = units_of(target)
    return [
        (s["first_aid_minutes"], s["medical_minutes"]) for s in unit.view["subjects"]
    ]


def test_minutes_are_counted_from_the_incident_time(
    transactional_db: None, settings: Any
) -> None:
    settings.TIME_ZONE = "UTC"
    target = agency("aid-city")
    write_incidents(target, [aid_incident(dt.date(2024, 11, 20), dt.time(21, 40))])
    assert minutes(target) == [(8, 5), (None, None)]


def test_minutes_are_unknown_without_an_incident_time(
    transactional_db: None, settings: Any
) -> None:
    settings.TIME_ZONE = "UTC"
    target = agency("aid-city")
    write_incidents(target, [aid_incident(dt.date(2024, 11, 20), None)])
    assert minutes(target) == [(None, None), (None, None)]


def test_minutes_count_on_the_agency_clock_not_utc(
    transactional_db: None, settings: Any
) -> None:
    settings.TIME_ZONE = "America/Chicago"
    target = agency("aid-city")
    write_incidents(target, [aid_incident(dt.date(2024, 11, 20), dt.time(21, 40))])
    assert minutes(target) == [(8, 5), (None, None)]
