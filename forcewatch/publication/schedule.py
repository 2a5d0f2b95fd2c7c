"""How often an agency publishes, and which releases are due.

Every half-year by default, monthly where an agency chooses it
(`ReleaseSchedule`). A period's release is due once the period has ended and
`lag_days` more have passed (late reports arrive; later ones are revised in
at the next release boundary). `releases_due` lists every ended period whose
release is not yet published, with where it stands, so a scheduled job (or a
person) prepares the missing ones: `forcewatch release due`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Min

from forcewatch.accounts.policies import PublicationStep
from forcewatch.core.audit import audit_write
from forcewatch.publication.models import (
    DEFAULT_LAG_DAYS,
    Frequency,
    Release,
    ReleaseSchedule,
    ReleaseStatus,
)
from forcewatch.publication.services import PublicationError, require
from forcewatch.records.models import Agency, Incident
from forcewatch.release.period import (
    Period,
    PeriodError,
    ended_periods,
    parse_period,
    period_of,
)


@dataclass(frozen=True)
class Due:
    """One ended period and where its release stands."""

    period: Period
    due_on: dt.date
    state: str  # "missing" | "prepared" | "approved"
    release_id: int | None = None


def schedule_of(agency: Agency) -> ReleaseSchedule | None:
    """The agency's schedule: its own, or the default (every half-year from
    its first recorded incident); None when it has no records yet."""
    own = ReleaseSchedule.objects.filter(agency=agency).first()
    if own is not None:
        return own
    first = Incident.objects.filter(agency=agency).aggregate(d=Min("occurred_date"))[
        "d"
    ]
    if first is None:
        return None
    return ReleaseSchedule(
        agency=agency,
        every=Frequency.HALF_YEAR,
        first_period=period_of(first, Frequency.HALF_YEAR).label,
    )


def schedule_set(
    agency: Agency,
    user: AbstractBaseUser,
    *,
    every: str,
    first_period: str,
    lag_days: int = DEFAULT_LAG_DAYS,
) -> ReleaseSchedule:
    """Set how often the agency publishes (an agency administrator; audited)."""
    require(user, PublicationStep.SET_SCHEDULE, agency)
    if every not in Frequency.values:
        raise PublicationError(
            f"{every!r}: a release is made every 'half' (half-year) or 'month'"
        )
    try:
        first = parse_period(first_period)
    except PeriodError as exc:
        raise PublicationError(str(exc)) from exc
    if first.kind != every:
        raise PublicationError(
            f"{first.label} is a {'month' if first.monthly else 'half-year'}: the "
            f"first period of a schedule made every {every} must be one too"
        )
    if not 0 <= lag_days <= 366:
        raise PublicationError(f"{lag_days} days: give 0 to 366 days of lag")
    with (
        transaction.atomic(durable=True),
        audit_write(
            actor=user.get_username(),
            action="release_schedule",
            summary=f"{agency.slug}: every {every} from {first.label}, {lag_days} days",
        ) as audit,
    ):
        schedule = ReleaseSchedule.objects.filter(agency=agency).first()
        schedule = schedule or ReleaseSchedule(agency=agency)
        schedule.every = every
        schedule.first_period = first.label
        schedule.lag_days = lag_days
        audit.save(schedule)
    return schedule


def releases_due(agency: Agency, on: dt.date) -> list[Due]:
    """Every period of the agency's schedule that ended (plus its lag) before
    `on` and has no published version, oldest first, with its latest prepared
    or approved version if there is one."""
    schedule = schedule_of(agency)
    if schedule is None:
        return []
    periods = ended_periods(parse_period(schedule.first_period), on, schedule.lag_days)
    published: set[str] = set()
    pending: dict[str, Release] = {}  # the latest unpublished version
    for release in Release.objects.filter(
        agency=agency, period__in=[p.label for p in periods]
    ).order_by("period", "version"):
        if release.status == ReleaseStatus.PUBLISHED:
            published.add(release.period)
        else:
            pending[release.period] = release
    lag = dt.timedelta(days=schedule.lag_days)
    out = []
    for period in periods:
        if period.label in published:
            continue  # a later revision waiting for approval is not a due release
        waiting = pending.get(period.label)
        out.append(
            Due(
                period=period,
                due_on=period.end + lag + dt.timedelta(days=1),
                state=waiting.status if waiting is not None else "missing",
                release_id=waiting.pk if waiting is not None else None,
            )
        )
    return out
