"""flag_agency: the threshold flags of one date, incremental, routed, audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from forcewatch.core.audit import audit_verify, audit_write
from forcewatch.core.models import AuditEvent
from forcewatch.records import models as rm
from forcewatch.support.models import FlagStatus, SupportFlag
from forcewatch.support.services import flag_agency
from tests.personas import World
from tests.support.conftest import FLAG_DAY, flag_of, force, scenario


def test_it_flags_the_officers_whose_counts_reach_a_threshold(world: World) -> None:
    scenario(world)
    summary = flag_agency(world.agency, on=FLAG_DAY, actor="test")
    assert summary.flagged == 3
    flags = SupportFlag.objects.filter(agency=world.agency)
    by_officer = {f.officer.source_key: f for f in flags}
    assert set(by_officer) == {"o1", "o3", "s1"}  # officer, supervisor, s1
    assert by_officer["o1"].rules == ["force_90d"]
    assert by_officer["s1"].rules == ["complaints_180d"]
    assert all(f.status == FlagStatus.OPEN for f in flags)
    assert all(f.flagged_on == FLAG_DAY for f in flags)


def test_a_flag_explains_itself_with_the_events_counted_and_the_window(
    world: World,
) -> None:
    scenario(world)
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    rules = {r["id"]: r for r in flag_of(world, "officer").explanation["rules"]}
    force_rule = rules["force_90d"]
    assert force_rule["tripped"] and force_rule["count"] == 3
    assert force_rule["window"] == {"from": "2024-04-02", "to": "2024-06-30"}
    assert [(e["date"], e["incident"], e["report"]) for e in force_rule["events"]] == [
        ("2024-04-15", "A1", "R-A1"),
        ("2024-05-20", "A2", "R-A2"),
        ("2024-06-30", "A3", "R-A3"),
    ]
    assert not rules["complaints_180d"]["tripped"]
    assert rules["complaints_180d"]["events"] == []
    complaints = flag_of(world, "s1").explanation["rules"][1]
    assert [(e["date"], e["complaint"]) for e in complaints["events"]] == [
        ("2024-02-01", "C0"),
        ("2024-03-15", "C1"),
        ("2024-06-01", "C2"),
    ]
    text = flag_of(world, "officer").explanation["text"]
    assert text == "3 force events in 90 days (rule force_90d: >= 3)"


def test_each_flag_is_routed_to_the_officers_latest_unit(world: World) -> None:
    scenario(world)
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    assert flag_of(world, "officer").routed_to == "north"
    assert flag_of(world, "s1").routed_to == "south"


def test_re_running_the_same_date_adds_nothing(world: World) -> None:
    scenario(world)
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    events = AuditEvent.objects.count()
    again = flag_agency(world.agency, on=FLAG_DAY, actor="test")
    assert (len(again.new), again.already, again.flagged) == (0, 3, 3)
    assert SupportFlag.objects.filter(agency=world.agency).count() == 3
    assert AuditEvent.objects.count() == events


def test_a_later_date_adds_only_officers_without_an_open_flag(world: World) -> None:
    scenario(world)
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    force(world, "P3", date(2024, 7, 10), "partner", "north")
    force(world, "A10", date(2024, 7, 20), "officer", "north")
    later = flag_agency(world.agency, on=date(2024, 7, 25), actor="test")
    assert [f.officer.source_key for f in later.new] == ["o2"]  # partner
    assert later.still_open >= 1  # officer: the first flag is still open
    assert SupportFlag.objects.filter(officer=world.officers["officer"]).count() == 1


def test_a_closed_flag_lets_a_later_date_flag_the_officer_again(world: World) -> None:
    scenario(world)
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    SupportFlag.objects.filter(officer=world.officers["officer"]).update(
        status=FlagStatus.CLOSED
    )
    later = flag_agency(world.agency, on=date(2024, 7, 2), actor="test")
    assert [f.officer.source_key for f in later.new] == ["o1"]


def test_flags_are_written_in_one_audited_action(world: World) -> None:
    scenario(world)
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    event = AuditEvent.objects.filter(action="support_flag").get()
    assert event.payload["tables"]["support_supportflag"]["rows"] == 3
    assert event.summary == "springfield 2024-07-01: 3 new flag(s)"
    assert audit_verify().ok


def test_an_agency_with_no_records_gets_no_flags(world: World) -> None:
    summary = flag_agency(world.agency, on=FLAG_DAY, actor="test")
    assert (summary.flagged, summary.new) == (0, [])


def person_with_two_records(world: World) -> tuple[rm.Officer, rm.Officer]:
    """Dana Ruiz, filed under two records (two sources), same appointed date."""
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        records = []
        for key in ("dana-trr", "dana-cr"):
            officer = rm.Officer(
                agency=world.agency,
                source_key=key,
                given_name="Dana",
                family_name="Ruiz",
                appointed_date=date(2010, 1, 1),
            )
            audit.save(officer)
            records.append(officer)
    return records[0], records[1]


def test_one_person_filed_under_two_records_gets_one_flag(world: World) -> None:
    first, second = person_with_two_records(world)
    force(world, "D1", date(2024, 5, 1), "dana-trr", "east")
    force(world, "D2", date(2024, 6, 1), "dana-trr", "east")
    force(world, "D3", date(2024, 6, 15), "dana-cr", "east")
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    flag = SupportFlag.objects.get()
    assert flag.officer == first  # the person's lowest record
    assert flag.officer_records == [first.pk, second.pk]
    assert flag.explanation["rules"][0]["count"] == 3
    # a later date: the open flag covers both records
    force(world, "D4", date(2024, 7, 5), "dana-cr", "east")
    later = flag_agency(world.agency, on=date(2024, 7, 10), actor="test")
    assert (later.new, later.still_open) == ([], 1)
