"""The policy review pages in a real browser, with axe-core on every page:
a finding disposed (after a refused attempt), a case taken to the board, the
learning loop and the interventions report."""

from __future__ import annotations

from typing import Any

import pytest

from forcewatch.policy.models import CaseStatus
from tests.e2e.test_report_flow import CHROMIUM, Walk, page  # noqa: F401 - fixture
from tests.personas import make_world
from tests.policy_ui.conftest import case_of, finding, scenario

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (apt-get install -y chromium)",
    ),
]


def test_a_reviewer_walks_every_policy_page(live_server: Any, page: Any) -> None:  # noqa: F811
    world = make_world()
    scenario(world)
    found = finding("force-proportionate", incident_key="A3")
    walk = Walk(page, live_server.url)
    walk.sign_in("professional_standards")

    walk.click("header a:has-text('Policy findings')")
    walk.click(f"main a[href='/staff/policy/findings/{found.pk}/']")
    walk.click("button:has-text('Record the disposition')")  # nothing chosen
    assert "Choose an outcome." in page.inner_text("main")
    page.check("#id_outcome_2")
    page.fill("#id_reasons", "CED on passive resistance: retrain.")
    walk.click("button:has-text('Record the disposition')")
    assert "Disposition recorded" in page.inner_text("main")

    walk.click("header a:has-text('Deadly-force cases')")
    walk.click(f"main a:has-text('{case_of('A1').number}')")
    walk.click("button:has-text('Record this step')")  # open the investigation
    walk.click("button:has-text('Record this step')")  # to the board: no summary
    assert "Summarise the investigation." in page.inner_text("main")
    page.fill("#board-summary", "Witnesses interviewed, video reviewed.")
    walk.click("form:has(#board-summary) button")
    assert case_of("A1").status == CaseStatus.BOARD

    walk.click("header a:has-text('Learning loop')")
    page.select_option("#id_period", "quarter")
    walk.click("main form[role=search] button")
    walk.click("header a:has-text('Interventions')")
    walk.open("/staff/policy/springfield/findings/?status=any")
    assert len(walk.seen) >= 12
