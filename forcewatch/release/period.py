"""Release periods: half-years (`2019H1`) by default, or months (`2019-03`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_HALF = re.compile(r"^(\d{4})H([12])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period label that is neither `YYYYH1`/`YYYYH2` nor `YYYY-MM`."""


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str  # "half" | "month"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start.year}H{1 if self.start.month == 1 else 2}"

    @property
    def monthly(self) -> bool:
        return self.kind == "month"

    def months(self) -> list[str]:
        """The months of the period, as `YYYY-MM`."""
        return [
            f"{self.start.year}-{m:02d}"
            for m in range(self.start.month, self.end.month + 1)
        ]

    def next(self) -> Period:
        """The period of the same kind that follows this one."""
        return period_of(self.end + dt.timedelta(days=1), self.kind)

    def previous(self) -> Period:
        return period_of(self.start - dt.timedelta(days=1), self.kind)

    def to_json(self) -> dict[str, str]:
        return {
            "label": self.label,
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def period_of(day: dt.date, kind: str) -> Period:
    """The half-year (kind "half") or month ("month") a day falls in.

    >>> period_of(dt.date(2019, 7, 4), "half").label
    '2019H2'
    """
    if kind not in ("half", "month"):
        raise PeriodError(f"{kind!r}: a release is made every half-year or month")
    if kind == "month":
        return parse_period(day.strftime("%Y-%m"))
    return parse_period(f"{day.year}H{1 if day.month <= 6 else 2}")


def ended_periods(first: Period, on: dt.date, lag_days: int) -> list[Period]:
    """`first` and the periods of its kind after it that ended at least
    `lag_days` before `on` (the days late reports are given to arrive).

    >>> first = parse_period("2019H1")
    >>> [p.label for p in ended_periods(first, dt.date(2020, 2, 15), 45)]
    ['2019H1', '2019H2']
    """
    out: list[Period] = []
    period = first
    while period.end + dt.timedelta(days=lag_days) < on:
        out.append(period)
        period = period.next()
    return out


def parse_period(label: str) -> Period:
    """`2019H1` (January-June), `2019H2` (July-December) or `2019-03` (one month).

    >>> parse_period("2019H2").end
    datetime.date(2019, 12, 31)
    """
    text = label.strip()
    if match := _HALF.match(text):
        year, half = int(match[1]), int(match[2])
        first = 1 if half == 1 else 7
        return Period(dt.date(year, first, 1), _month_end(year, first + 5), "half")
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"{label!r}: month {month} does not exist")
        return Period(dt.date(year, month, 1), _month_end(year, month), "month")
    raise PeriodError(
        f"{label!r} is not a release period: write a half-year as 2019H1 or 2019H2, "
        "or a month as 2019-03"
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
