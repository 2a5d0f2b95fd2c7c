"""docs/support.md documents every field, kind of intervention and page."""

from __future__ import annotations

from pathlib import Path

from forcewatch.support.kinds import intervention_kinds
from forcewatch.support.models import Intervention, Outcome, SupportFlag
from tests.support.test_permission_matrix import support_url_names

DOC = (Path(__file__).resolve().parents[2] / "docs" / "support.md").read_text()
OWN = {"id", "audit_seq", "row_hash", "flag", "agency"}


def documented(name: str) -> bool:
    return f"`{name}`" in DOC


def test_every_field_is_documented() -> None:
    fields = [
        f.name
        for model in (SupportFlag, Intervention, Outcome)
        for f in model._meta.concrete_fields
        if f.name not in OWN
    ]
    assert [name for name in fields if not documented(name)] == []


def test_every_kind_of_intervention_is_documented() -> None:
    assert [c for c in intervention_kinds().codes if not documented(c)] == []


PAGES = {
    "queue": "`<agency>/`",
    "flag": "`flags/<pk>/`",
    "due": "`<agency>/due/`",
    "mine": "`<agency>/mine/`",
}
STEPS = {  # the posted URLs: each calls one service
    "acknowledge": "`flag_acknowledge`",
    "intervene": "`intervention_record`",
    "done": "`intervention_done`",
    "outcome": "`outcome_record`",
}


def test_every_page_and_step_is_documented() -> None:
    assert support_url_names() == set(PAGES) | set(STEPS)
    assert [d for d in (*PAGES.values(), *STEPS.values()) if d not in DOC] == []
