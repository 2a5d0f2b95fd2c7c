"""What the API accepts and returns (the OpenAPI document is built from these)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator

from forcewatch.reporting.content import ReportContent
from forcewatch.reporting.models import FieldReport, Status

MAX_INT = 2**31 - 1  # larger ids and versions cannot exist; refuse them at the door


def no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL; Django's forms refuse it too.
    if "\x00" in value:
        raise ValueError("null characters are not allowed")
    return value


Text = Annotated[str, AfterValidator(no_nul)]


def nul_paths(value: object, path: str) -> list[str]:
    """Where in a JSON document a string holds a null character."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    return [p for key, item in items for p in nul_paths(item, f"{path}.{key}")]


class FieldError(Schema):
    loc: str = Field(description="dotted path of the field, e.g. subjects.0.age_max")
    msg: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class StaleOut(ErrorOut):
    current_version: int = Field(description="the version to reload and edit")


class ReportFilters(Schema):
    agency: Text = Field(max_length=80, description="agency slug")
    status: Status | None = None
    unit: Text | None = Field(None, max_length=100)
    since: dt.date | None = Field(None, description="changed on or after this date")


class ReportCreateIn(Schema):
    agency: Text = Field(max_length=80, description="agency slug")
    content: ReportContent


class ReportSaveIn(Schema):
    version: int = Field(ge=1, le=MAX_INT, description="the version you edited")
    content: ReportContent


class TransitionIn(Schema):
    to_status: Status
    reason: Text = Field("", max_length=5000)
    version: int | None = Field(
        None, ge=1, le=MAX_INT, description="refuse if the report changed since"
    )


class StatementIn(Schema):
    text: Text = Field(min_length=1, max_length=20000)
    intervened: bool | None = None


class ReportSummaryOut(Schema):
    id: int
    number: str
    agency: str
    unit: str
    status: Status
    version: int
    author: str
    officer_id: int
    occurred_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    review_due: dt.datetime | None

    @staticmethod
    def resolve_agency(obj: FieldReport) -> str:
        return obj.agency.slug

    @staticmethod
    def resolve_author(obj: FieldReport) -> str:
        return obj.author.get_username()


class TransitionOut(Schema):
    from_status: Status
    to_status: Status
    by: str
    at: dt.datetime
    reason: str


class StatementOut(Schema):
    id: int
    officer_id: int
    author: str
    text: str
    intervened: bool | None
    at: dt.datetime


class ReportOut(ReportSummaryOut):
    content: dict[str, Any] = Field(description="the report document (ReportContent)")
    transitions: list[TransitionOut]
    statements: list[StatementOut]

    @staticmethod
    def resolve_transitions(obj: FieldReport) -> list[dict[str, object]]:
        return [
            {
                "from_status": t.from_status,
                "to_status": t.to_status,
                "by": t.by.get_username(),
                "at": t.at,
                "reason": t.reason,
            }
            for t in obj.transitions.select_related("by").order_by("at", "pk")
        ]

    @staticmethod
    def resolve_statements(obj: FieldReport) -> list[dict[str, object]]:
        return [
            statement_out(s)
            for s in obj.statements.select_related("author").order_by("at", "pk")
        ]


def statement_out(s: Any) -> dict[str, object]:
    return {
        "id": s.pk,
        "officer_id": s.officer_id,
        "author": s.author.get_username(),
        "text": s.text,
        "intervened": s.intervened,
        "at": s.at,
    }
