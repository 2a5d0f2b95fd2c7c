"""How often an agency publishes, and which releases are due (`forcewatch release
schedule|due`)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from forcewatch.core.audit import audit_verify, audit_write
from forcewatch.publication.models import Release, ReleaseSchedule, ReleaseStatus
from forcewatch.publication.schedule import releases_due, schedule_of, schedule_set
from forcewatch.publication.services import PublicationError
from forcewatch.records import models as rm
from forcewatch.release.period import ended_periods, parse_period, period_of
from tests.publication.conftest import Staff


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def incident_on(staff: Staff, day: dt.date) -> None:
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        audit.save(
            rm.Incident(agency=staff.agency, source_key=str(day), occurred_date=day)
        )


def release(staff: Staff, period: str, version: int, status: str) -> Release:
    with transaction.atomic(), audit_write(actor="test", action="test_setup") as audit:
        made = Release(
            agency=staff.agency,
            period=period,
            version=version,
            status=status,
            folder=f"dallas/{period}/v{version}",
            manifest_sha256="0" * 64,
            snapshot_sha256="0" * 64,
            prepared_by=staff["analyst"],
            prepared_at=audit.event.at,
        )
        audit.save(made)
    return made


# -- periods -------------------------------------------------------------------------


def test_the_next_period_crosses_years_in_both_kinds() -> None:
    assert parse_period("2019H1").next().label == "2019H2"
    assert parse_period("2019H2").next().label == "2020H1"
    assert parse_period("2019-12").next().label == "2020-01"
    assert period_of(dt.date(2020, 2, 29), "month").label == "2020-02"
    assert period_of(dt.date(2020, 6, 30), "half").label == "2020H1"


@given(
    first=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    kind=st.sampled_from(["half", "month"]),
    span=st.integers(0, 2000),
    lag=st.integers(0, 120),
)
def test_ended_periods_are_consecutive_and_exactly_those_past_their_lag(
    first: dt.date, kind: str, span: int, lag: int
) -> None:
    start = period_of(first, kind)
    on = first + dt.timedelta(days=span)
    periods = ended_periods(start, on, lag)
    for before, after in zip(periods, periods[1:], strict=False):
        assert after == before.next()
        assert after.start == before.end + dt.timedelta(days=1)
    assert all(p.end + dt.timedelta(days=lag) < on for p in periods)
    following = periods[-1].next() if periods else start
    assert not following.end + dt.timedelta(days=lag) < on
    if periods:
        assert periods[0] == start


# -- schedules -----------------------------------------------------------------------


def test_an_agency_without_records_has_nothing_due(staff: Staff) -> None:
    assert schedule_of(staff.agency) is None
    assert releases_due(staff.agency, dt.date(2030, 1, 1)) == []
    assert "no records yet" in run("release", "schedule", "--agency", "dallas")


def test_the_default_is_every_half_year_from_the_first_incident(staff: Staff) -> None:
    incident_on(staff, dt.date(2019, 3, 5))
    incident_on(staff, dt.date(2019, 11, 20))
    default = schedule_of(staff.agency)
    assert default is not None and default.pk is None  # nothing stored
    assert (default.every, default.first_period, default.lag_days) == (
        "half",
        "2019H1",
        45,
    )
    # 2019H2 ends on 31 December; its release is due 45 days later, on 15 February
    due = releases_due(staff.agency, dt.date(2020, 2, 14))
    assert [(d.period.label, d.due_on, d.state) for d in due] == [
        ("2019H1", dt.date(2019, 8, 15), "missing")
    ]
    due = releases_due(staff.agency, dt.date(2020, 2, 15))
    assert [d.period.label for d in due] == ["2019H1", "2019H2"]


def test_a_published_period_is_done_and_others_say_where_they_stand(
    staff: Staff,
) -> None:
    incident_on(staff, dt.date(2019, 1, 2))
    release(staff, "2019H1", 1, ReleaseStatus.PUBLISHED)
    release(staff, "2019H1", 2, ReleaseStatus.PREPARED)  # a revision: not due
    waiting = release(staff, "2019H2", 1, ReleaseStatus.APPROVED)
    due = releases_due(staff.agency, dt.date(2020, 12, 31))
    assert [(d.period.label, d.state, d.release_id) for d in due] == [
        ("2019H2", "approved", waiting.pk),
        ("2020H1", "missing", None),
    ]
    out = run("release", "due", "--agency", "dallas", "--on", "2020-12-31")
    assert f"dallas 2019H2  due since 2020-02-15  release {waiting.pk} approved" in out
    assert "dallas 2020H1  due since 2020-08-15  not prepared" in out


def test_an_administrator_sets_a_monthly_schedule_audited(staff: Staff) -> None:
    out = run(
        "release", "schedule", "--agency", "dallas", "--every", "month",
        "--first", "2024-11", "--lag-days", "20", "--user", "admin",
    )  # fmt: skip
    assert "every month from 2024-11, due 20 days after a period ends" in out
    stored = ReleaseSchedule.objects.get(agency=staff.agency)
    assert (stored.every, stored.first_period, stored.lag_days) == (
        "month",
        "2024-11",
        20,
    )
    due = releases_due(staff.agency, dt.date(2025, 1, 21))
    assert [d.period.label for d in due] == ["2024-11", "2024-12"]
    # setting it again changes the one row
    schedule_set(staff.agency, staff["admin"], every="half", first_period="2024H2")
    assert ReleaseSchedule.objects.get().first_period == "2024H2"
    assert audit_verify().ok


@pytest.mark.parametrize(
    ("who", "every", "first", "lag", "message"),
    [
        ("analyst", "half", "2019H1", 45, "may not set schedule"),
        ("other_admin", "half", "2019H1", 45, "may not set schedule"),
        ("admin", "week", "2019H1", 45, "every 'half' (half-year) or 'month'"),
        ("admin", "month", "2019H1", 45, "first period of a schedule made every month"),
        ("admin", "half", "2019H3", 45, "is not a release period"),
        ("admin", "half", "2019H1", 400, "give 0 to 366 days"),
    ],
)
def test_a_schedule_is_refused_with_the_reason(
    staff: Staff, who: str, every: str, first: str, lag: int, message: str
) -> None:
    with pytest.raises(PublicationError, match=re.escape(message)):
        schedule_set(
            staff.agency, staff[who], every=every, first_period=first, lag_days=lag
        )
    assert not ReleaseSchedule.objects.exists()


def test_setting_a_schedule_from_the_command_line_needs_a_first_period_and_a_user(
    staff: Staff,
) -> None:
    with pytest.raises(CommandError, match="needs --first and --user"):
        run("release", "schedule", "--agency", "dallas", "--every", "month")


def test_due_across_agencies_says_when_nothing_is(staff: Staff) -> None:
    assert "no release is due on 2020-01-01" in run(
        "release", "due", "--on", "2020-01-01"
    )
