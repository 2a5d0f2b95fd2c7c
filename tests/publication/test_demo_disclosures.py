"""The demo's shooting disclosures (the demo file has none: a hand-made one here)."""

from __future__ import annotations

from django.test import Client

from forcewatch.demo.services import DEMO_NOTE, demo_accounts, demo_disclosures
from forcewatch.policy.models import CaseStatus
from tests.publication.conftest import Staff
from tests.publication.shooting import shooting


def test_the_demo_closes_a_shooting_as_a_demonstration_and_publishes_it(
    staff: Staff,
) -> None:
    case = shooting(staff.agency)
    demo_accounts()
    [disclosure] = demo_disclosures()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.board_reasons == DEMO_NOTE
    assert all(e.note == DEMO_NOTE for e in case.events.exclude(from_status=""))
    assert disclosure.description.startswith(
        "This is a demonstration built from public"
    )
    assert "2019-03-14 1 officer(s)" in disclosure.description
    page = Client().get(f"/shootings/{disclosure.pk}/").content.decode()
    assert "This is a demonstration" in page
    assert demo_disclosures() == []  # once
