"""The findings queue and a finding's page: filters, the rule as written, the
evidence, dispositions through the form (and its errors), access logging."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from forcewatch.accounts.models import AccessEvent
from forcewatch.policy.models import Disposition, Finding, FindingStatus, RuleVersion
from tests.personas import World
from tests.policy_ui.conftest import (
    Present,
    as_user,
    checked,
    finding,
    incident,
    scenario,
)


def queue(world: World, who: str, **params: str | int) -> str:
    url = reverse("policy:findings", args=[world.agency.slug])
    response = as_user(world, who).get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> list[str]:
    """The finding ids linked from a page, in order."""
    return re.findall(r'href="/staff/policy/findings/(\d+)/"', html)


def ids(*findings: Finding) -> list[str]:
    return [str(f.pk) for f in findings]


def test_the_queue_lists_open_findings_newest_incident_first_by_report(
    world: World,
) -> None:
    scenario(world)
    html = queue(world, "professional_standards")
    a4, a3 = (
        finding("injury-recorded"),
        finding("force-proportionate", incident_key="A3"),
    )
    a1 = [
        finding("force-proportionate", incident_key="A1"),
        finding("neck-restraint", incident_key="A1"),
    ]
    a2 = finding("force-proportionate", incident_key="A2")
    assert listed(html) == ids(a4, a3, *a1, a2)
    assert html.count('scope="colgroup"') == 4  # one heading per report
    assert "Incident A1 · 2024-03-10" in html
    assert "Shelbyville" not in html and "Incident B1" not in html


def test_a_supervisor_sees_only_their_units_findings(world: World) -> None:
    scenario(world)
    north = listed(queue(world, "supervisor"))
    south = listed(queue(world, "south_supervisor"))
    assert north == ids(
        # A4's subject lacks an injury record: the finding of the officer who
        # used force on them, so of their unit
        finding("injury-recorded"),
        finding("force-proportionate", incident_key="A3"),
        finding("force-proportionate", incident_key="A1"),
        finding("neck-restraint", incident_key="A1"),
    )
    assert south == ids(finding("force-proportionate", incident_key="A2"))


def test_the_queue_filters_by_kind_rule_severity_and_status(world: World) -> None:
    scenario(world)
    who = "professional_standards"
    assert listed(queue(world, who, kind="incomplete")) == ids(
        finding("injury-recorded")
    )
    assert listed(queue(world, who, rule="neck-restraint")) == ids(
        finding("neck-restraint", incident_key="A1")
    )
    assert len(listed(queue(world, who, severity="medium"))) == 3
    assert listed(queue(world, who, status="disposed")) == []
    Finding.objects.filter(rule_id="injury-recorded").update(status="cleared")
    assert len(listed(queue(world, who))) == 4
    assert len(listed(queue(world, who, status="any"))) == 5
    # a value that is not a choice is ignored: the open findings
    assert len(listed(queue(world, who, kind="nonsense"))) == 4


def test_the_queue_pages_without_counting(world: World) -> None:
    for n in range(14):  # two findings each
        incident(world, f"P{n:02}", date(2024, 1, 1 + n))
    checked(world)
    first = queue(world, "professional_standards")
    second = queue(world, "professional_standards", page=2, kind="violation")
    assert len(listed(first)) == 25 and "Next page" in first
    assert "Findings 1 to 25" in first
    assert "Findings 26 to 28" in second and "Next page" not in second
    assert 'href="?kind=violation&amp;page=1"' in second


def test_the_finding_page_quotes_the_rule_and_shows_the_evidence(
    world: World,
) -> None:
    scenario(world)
    pk = finding("neck-restraint", incident_key="A1").pk
    html = (
        as_user(world, "supervisor")
        .get(reverse("policy:finding", args=[pk]))
        .content.decode()
    )
    assert "No neck or carotid restraint unless deadly force was justified" in html
    assert "<blockquote>Using chokeholds, strangleholds" in html
    assert "US Conference of Mayors, Report on Police Reform" in html
    assert ", Use of Force</figcaption>" in html  # the section
    assert "Deadly force is justified only against a threat" in html  # guidance
    assert "<code>force.resistance</code>" in html and "<td>active</td>" in html
    assert "<code>force.subject.armed</code>" in html and "<td>no</td>" in html
    assert "No disposition yet." in html
    assert 'name="reasons"' in html  # the supervisor of the unit disposes


def test_a_finding_for_want_of_facts_lists_what_is_missing(world: World) -> None:
    scenario(world)
    pk = finding("injury-recorded").pk
    html = (
        as_user(world, "oversight")
        .get(reverse("policy:finding", args=[pk]))
        .content.decode()
    )
    assert "Missing facts" in html and "<code>subject.injured</code>" in html
    assert 'name="reasons"' not in html  # oversight reads only


def test_a_rule_version_no_longer_in_the_pack_file_shows_as_registered(
    world: World,
) -> None:
    scenario(world)
    found = finding("neck-restraint", incident_key="A1")
    registered = RuleVersion.objects.get(rule_id="neck-restraint", version=1)
    # a change of policy text is a different version (a title alone is not)
    definition = {
        **registered.definition,
        "title": "The rule as it was first used",
        "policy": {**registered.definition["policy"], "text": "As it was worded then."},
    }
    RuleVersion.objects.filter(pk=registered.pk).update(
        definition=definition, sha256="0" * 64
    )
    html = (
        as_user(world, "professional_standards")
        .get(reverse("policy:finding", args=[found.pk]))
        .content.decode()
    )
    assert "The rule as it was first used" in html
    assert "As it was worded then." in html
    assert "no longer has this version of the rule" in html


def test_reading_a_finding_is_logged(world: World) -> None:
    scenario(world)
    pk = finding("neck-restraint", incident_key="A1").pk
    as_user(world, "oversight").get(reverse("policy:finding", args=[pk]))
    event = AccessEvent.objects.get(what="finding")
    assert event.user == world.users["oversight"] and event.object_id == str(pk)


def test_a_supervisor_disposes_of_a_finding_of_their_unit(world: World) -> None:
    scenario(world)
    found = finding("force-proportionate", incident_key="A3")
    client = as_user(world, "supervisor")
    url = reverse("policy:dispose", args=[found.pk])
    data = {"outcome": "training_issue", "reasons": "  CED on passive resistance.  "}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("policy:finding", args=[found.pk])
    html = response.content.decode()
    assert "Disposition recorded: Training or tactics issue." in html
    assert "CED on passive resistance." in html
    assert "Record a new disposition (the latest one counts)" in html
    found.refresh_from_db()
    assert (found.status, found.outcome) == (FindingStatus.DISPOSED, "training_issue")
    disposition = Disposition.objects.get(finding=found)
    assert disposition.by == world.users["supervisor"]
    assert disposition.reasons == "CED on passive resistance."


def test_a_disposition_without_reasons_is_refused_and_nothing_changes(
    world: World,
) -> None:
    scenario(world)
    found = finding("force-proportionate", incident_key="A3")
    client = as_user(world, "professional_standards")
    url = reverse("policy:dispose", args=[found.pk])
    response = client.post(url, {"outcome": "within_policy", "reasons": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the reasons for this decision." in html
    assert 'aria-invalid="true" aria-describedby="reasons_error"' in html
    assert 'value="within_policy" id="id_outcome_0" required checked' in html  # kept
    response = client.post(url, {"outcome": "", "reasons": "Because."})
    assert response.status_code == 400
    assert "Choose an outcome." in response.content.decode()
    response = client.post(url, {"outcome": "excused", "reasons": "Because."})
    assert response.status_code == 400
    assert not Disposition.objects.exists()
    found.refresh_from_db()
    assert (found.status, found.outcome) == (FindingStatus.OPEN, "")


def test_out_of_policy_asks_the_officers_present_whether_they_intervened(
    world: World,
) -> None:
    incident(world, "A5", date(2024, 6, 1), present=(Present("bystander"),))
    checked(world)
    found = finding("neck-restraint", incident_key="A5")
    client = as_user(world, "professional_standards")
    data = {"outcome": "out_of_policy", "reasons": "No threat of death."}
    client.post(reverse("policy:dispose", args=[found.pk]), data)
    duty = finding("duty-to-intervene", incident_key="A5")
    assert duty.officer == world.officers["bystander"] and duty.kind == "violation"
    html = client.get(reverse("policy:findings", args=[world.agency.slug]))
    assert f'/staff/policy/findings/{duty.pk}/"' in html.content.decode()


def test_nobody_disposes_of_a_finding_about_themselves(world: World) -> None:
    incident(world, "A6", date(2024, 6, 2), officer="supervisor")
    checked(world)
    found = finding("neck-restraint", incident_key="A6")
    client = as_user(world, "supervisor")
    page = client.get(reverse("policy:finding", args=[found.pk]))
    assert page.status_code == 200 and 'name="reasons"' not in page.content.decode()
    data = {"outcome": "within_policy", "reasons": "Mine."}
    assert (
        client.post(reverse("policy:dispose", args=[found.pk]), data).status_code == 403
    )
