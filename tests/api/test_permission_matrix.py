"""Every role x every API endpoint x own/other agency, with the expected status.

Report "a" is Springfield's, filed by `officer` (unit north) naming `partner`;
report "b" is Shelbyville's, filed by `other_officer`. For the list and create
rows the column says which agency is asked for. Every cell gets a fresh report
in the row's state, so a write that succeeds does not change the next cell.
404 = the report is not visible to the caller; 403 = visible (or the agency is
named) but the action is not theirs; 401 = no token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from forcewatch.reporting.models import FieldReport, Status
from tests.api.conftest import Api, api_as, content_for, filed
from tests.personas import World

# columns: off=officer par=partner bys=bystander sup=supervisor sou=south_supervisor
# pst=professional_standards ovs=oversight ana=analyst trn=training wel=wellness
# adm=agency_admin oof=other_officer osu=other_supervisor ano=anonymous
TABLE = """
row        ag  off par bys sup sou pst ovs ana trn wel adm oof osu ano
list       a   200 200 200 200 200 200 200 403 403 403 200 403 403 401
list       b   403 403 403 403 403 403 403 403 403 403 403 200 200 401
detail     a   200 200 404 200 404 200 200 404 404 404 200 404 404 401
detail     b   404 404 404 404 404 404 404 404 404 404 404 200 200 401
create     a   201 201 201 201 201 403 403 403 403 403 403 403 403 401
create     b   403 403 403 403 403 403 403 403 403 403 403 201 201 401
save       a   200 403 404 403 404 403 403 404 404 404 403 404 404 401
save       b   404 404 404 404 404 404 404 404 404 404 404 200 403 401
submit     a   200 403 404 403 404 403 403 404 404 404 403 404 404 401
submit     b   404 404 404 404 404 404 404 404 404 404 404 200 403 401
return     a   403 403 404 200 404 403 403 404 404 404 403 404 404 401
return     b   404 404 404 404 404 404 404 404 404 404 404 403 200 401
approve    a   403 403 404 200 404 403 403 404 404 404 403 404 404 401
approve    b   404 404 404 404 404 404 404 404 404 404 404 403 200 401
escalate   a   403 403 404 200 404 200 403 404 404 404 403 404 404 401
escalate   b   404 404 404 404 404 404 404 404 404 404 404 403 200 401
close      a   403 403 404 403 404 200 403 404 404 404 403 404 404 401
close      b   404 404 404 404 404 404 404 404 404 404 404 403 403 401
statement  a   403 201 404 403 404 403 403 404 404 404 403 404 404 401
statement  b   404 404 404 404 404 404 404 404 404 404 404 403 403 401
"""
PERSONAS = {
    "off": "officer",
    "par": "partner",
    "bys": "bystander",
    "sup": "supervisor",
    "sou": "south_supervisor",
    "pst": "professional_standards",
    "ovs": "oversight",
    "ana": "analyst",
    "trn": "training",
    "wel": "wellness",
    "adm": "agency_admin",
    "oof": "other_officer",
    "osu": "other_supervisor",
    "ano": "anonymous",
}


def parse(table: str) -> dict[tuple[str, str], dict[str, int]]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    columns = [PERSONAS[c] for c in header[2:]]
    return {
        (row, where): dict(zip(columns, map(int, codes), strict=True))
        for row, where, *codes in rows
    }


MATRIX = parse(TABLE)


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # as in the OpenAPI document
    state: str | None  # the report's status before the call; None: no report
    body: Callable[[World, str, FieldReport | None], Any] | None = None


def move(to: Status, reason: str = "") -> Callable[..., Any]:
    return lambda world, where, report: {"to_status": to, "reason": reason}


ROWS = {
    "list": Row("GET", "/api/reports", None),
    "detail": Row("GET", "/api/reports/{report_id}", Status.SUBMITTED),
    "create": Row(
        "POST",
        "/api/reports",
        None,
        lambda world, where, _: {
            "agency": (world.agency if where == "a" else world.other_agency).slug,
            "content": content_for(world, where),
        },
    ),
    "save": Row(
        "PUT",
        "/api/reports/{report_id}",
        Status.DRAFT,
        lambda world, where, report: {
            "version": 1,
            "content": content_for(world, where),
        },
    ),
    "submit": Row(
        "POST",
        "/api/reports/{report_id}/transitions",
        Status.DRAFT,
        move(Status.SUBMITTED),
    ),
    "return": Row(
        "POST",
        "/api/reports/{report_id}/transitions",
        Status.SUBMITTED,
        move(Status.RETURNED, "the second subject's age is missing"),
    ),
    "approve": Row(
        "POST",
        "/api/reports/{report_id}/transitions",
        Status.SUBMITTED,
        move(Status.APPROVED),
    ),
    "escalate": Row(
        "POST",
        "/api/reports/{report_id}/transitions",
        Status.SUBMITTED,
        move(Status.ESCALATED, "injury needs a professional-standards review"),
    ),
    "close": Row(
        "POST",
        "/api/reports/{report_id}/transitions",
        Status.APPROVED,
        move(Status.CLOSED),
    ),
    "statement": Row(
        "POST",
        "/api/reports/{report_id}/statements",
        Status.SUBMITTED,
        lambda *_: {"text": "I saw the takedown; no strikes.", "intervened": False},
    ),
}


def call(world: World, persona: str, name: str, where: str) -> int:
    row = ROWS[name]
    report = filed(world, where, row.state) if row.state else None
    path = row.path.replace("{report_id}", str(report.pk) if report else "")
    api: Api = api_as(world, persona)
    if row.method == "GET":
        agency = world.agency if where == "a" else world.other_agency
        params = {} if report else {"agency": agency.slug}
        return int(api.get(path, **params).status_code)
    assert row.body is not None
    return int(api.send(row.method, path, row.body(world, where, report)).status_code)


def test_every_row_has_both_agencies_and_a_request() -> None:
    assert {name for name, _ in MATRIX} == set(ROWS)
    assert {where for _, where in MATRIX} == {"a", "b"}


def test_every_operation_of_the_openapi_document_is_in_the_matrix(db: None) -> None:
    document = Client().get("/api/openapi.json").json()
    operations = {
        (method.upper(), path)
        for path, methods in document["paths"].items()
        for method in methods
    }
    assert operations == {(row.method, row.path) for row in ROWS.values()}


@pytest.mark.parametrize(
    ("name", "where"), list(MATRIX), ids=[f"{n}-{w}" for n, w in MATRIX]
)
def test_each_role_gets_the_expected_status(
    world: World, name: str, where: str
) -> None:
    expected = MATRIX[(name, where)]
    actual = {persona: call(world, persona, name, where) for persona in expected}
    assert actual == expected
