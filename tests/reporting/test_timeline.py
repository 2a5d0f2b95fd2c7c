"""The report page's hand-written reads (the timeline, the officers' names) read
what the ORM reads."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from forcewatch.records import models as rm
from forcewatch.reporting.models import FieldReport
from forcewatch.reporting.selectors import (
    EVENT_COLUMNS,
    officer_names,
    report_facts,
    report_timeline,
)
from forcewatch.reporting.services import report_save, report_transition, statement_file
from tests.personas import World, report_content
from tests.reporting.conftest import filed


def orm_timeline(report: FieldReport) -> list[dict[str, Any]]:
    """The timeline as three ORM reads: the oracle."""
    blank = dict.fromkeys(EVENT_COLUMNS)
    events = [
        {**blank, "kind": "version", **v}
        for v in report.versions.values("at", "version", who=F("author__username"))
    ]
    events += [
        {**blank, "kind": "transition", **t}
        for t in report.transitions.values(
            "at", "from_status", "to_status", "reason", who=F("by__username")
        )
    ]
    events += [
        {**blank, "kind": "statement", **s}
        for s in report.statements.values(
            "at", "intervened", "text", who=F("author__username")
        )
    ]
    return sorted(events, key=lambda e: (e["at"], e["kind"] != "version"))


def test_every_kind_of_event_reads_as_the_orm_reads_it(world: World) -> None:
    report = filed(world, submit=True)
    supervisor, officer = world.users["supervisor"], world.users["officer"]
    report_transition(
        actor=supervisor, report_id=report.pk, to_status="returned", reason="Times?"
    )
    report_save(
        actor=officer,
        report_id=report.pk,
        expected_version=1,
        content=report_content(world),
    )
    for who, intervened in (("partner", False), ("partner", True), ("partner", None)):
        statement_file(
            actor=world.users[who],
            report_id=report.pk,
            text="Saw it.",
            intervened=intervened,
        )
    got = report_timeline(report)
    assert got == orm_timeline(report)
    assert [e["kind"] for e in got].count("statement") == 3
    assert [e["intervened"] for e in got if e["kind"] == "statement"] == [
        False,
        True,
        None,
    ]
    assert all(e["at"].tzinfo is not None for e in got)


def test_facts_name_the_officers_the_index_names(world: World) -> None:
    report = filed(world, submit=True)
    named = set(report.named.values_list("officer_id", flat=True))
    assert (
        report_facts(report).officer_ids
        == named
        == {
            world.officers["officer"].pk,
            world.officers["partner"].pk,
        }
    )


def test_officer_names_are_the_orm_read(world: World) -> None:
    nameless = rm.Officer.objects.filter(agency=world.agency).first()
    assert nameless is not None
    rm.Officer.objects.filter(pk=nameless.pk).update(given_name="", family_name="")
    every = list(rm.Officer.objects.all())
    got = officer_names(agency_id=world.agency.pk, officer_ids=[o.pk for o in every])
    mine = rm.Officer.objects.filter(agency=world.agency)
    assert got == {o.pk: str(o) for o in mine}
    assert got[nameless.pk] == f"officer {nameless.source_key}"
    assert officer_names(agency_id=world.agency.pk, officer_ids=[]) == {}
