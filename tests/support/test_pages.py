"""The support pages: a supervisor's queue and workflow, what each role reads."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from forcewatch.accounts.models import AccessEvent, Membership
from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from forcewatch.support.models import FlagStatus, Intervention, Outcome, SupportFlag
from forcewatch.support.services import flag_agency
from tests.personas import World
from tests.support.conftest import FLAG_DAY, as_user, flag_of, flagged, force
from tests.support.test_flag_agency import person_with_two_records


def test_a_supervisor_supports_an_officer_from_flag_to_outcome(world: World) -> None:
    flagged(world)
    flag = flag_of(world, "officer")
    client = as_user(world, "supervisor")
    url = reverse("support:flag", args=[flag.pk])
    html = client.get(url).content.decode()
    assert "3 or more uses of force in 90 days" in html and "R-A2" in html
    client.post(reverse("support:acknowledge", args=[flag.pk]))
    client.post(
        reverse("support:intervene", args=[flag.pk]),
        {"kind": "peer_support", "planned_on": "2024-07-10", "note": "Peer team."},
    )
    planned = Intervention.objects.get(flag=flag)
    client.post(reverse("support:done", args=[planned.pk]), {"done_on": "2024-07-11"})
    response = client.post(
        reverse("support:outcome", args=[flag.pk]),
        {"text": "Met the peer team twice.", "follow_up_on": "2024-10-01"},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    planned.refresh_from_db()
    assert flag.status == FlagStatus.CLOSED and flag.closed_at is not None
    assert flag.acknowledged_by == world.users["supervisor"]
    assert str(planned.done_on) == "2024-07-11"
    assert Outcome.objects.get(flag=flag).text == "Met the peer team twice."
    actions = list(
        AuditEvent.objects.filter(action__startswith="support_")
        .exclude(action="support_flag")
        .order_by("seq")
        .values_list("action", "actor")
    )
    assert actions == [
        ("support_acknowledge", "supervisor"),
        ("support_intervention", "supervisor"),
        ("support_intervention_done", "supervisor"),
        ("support_outcome", "supervisor"),
    ]
    assert audit_verify().ok


def test_an_outcome_needs_an_intervention_first(world: World) -> None:
    flagged(world)
    flag = flag_of(world, "officer")
    client = as_user(world, "supervisor")
    response = client.post(
        reverse("support:outcome", args=[flag.pk]), {"text": "Fine."}, follow=True
    )
    assert "Record an intervention before the outcome." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_a_bad_intervention_is_shown_again_with_its_errors(world: World) -> None:
    flagged(world)
    flag = flag_of(world, "officer")
    client = as_user(world, "supervisor")
    response = client.post(
        reverse("support:intervene", args=[flag.pk]),
        {"kind": "suspension", "planned_on": "soon", "done_on": "2999-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The intervention was not recorded." in html
    assert "This date is in the future." in html
    assert not Intervention.objects.exists()


def test_a_supervisors_queue_holds_their_units_flags_but_not_their_own(
    world: World,
) -> None:
    flagged(world)
    html = as_user(world, "supervisor").get(
        reverse("support:queue", args=["springfield"])
    )
    text = html.content.decode()
    assert f'href="/staff/support/flags/{flag_of(world, "officer").pk}/"' in text
    assert f"flags/{flag_of(world, 'supervisor').pk}/" not in text  # their own
    assert f"flags/{flag_of(world, 's1').pk}/" not in text  # south
    south = as_user(world, "south_supervisor").get(
        reverse("support:queue", args=["springfield"])
    )
    assert f"flags/{flag_of(world, 's1').pk}/" in south.content.decode()


def test_a_flag_about_the_units_own_supervisor_names_no_one_to_act(
    world: World,
) -> None:
    flagged(world)
    flag = flag_of(world, "supervisor")
    html = as_user(world, "agency_admin").get(reverse("support:flag", args=[flag.pk]))
    text = html.content.decode()
    assert "No supervisor has this unit" in text
    assert "Record an intervention" not in text  # the administrator reads only
    own = as_user(world, "supervisor").get(reverse("support:flag", args=[flag.pk]))
    assert "This flag is about you" in own.content.decode()
    assert "Record an intervention" not in own.content.decode()


def test_an_officer_reads_their_own_flag_and_what_was_recorded(world: World) -> None:
    flagged(world)
    flag = flag_of(world, "officer")
    as_user(world, "supervisor").post(
        reverse("support:intervene", args=[flag.pk]),
        {"kind": "mentoring", "planned_on": "2024-07-10", "note": "Pair with Sgt. K."},
    )
    mine = as_user(world, "officer").get(reverse("support:mine", args=["springfield"]))
    assert f"flags/{flag.pk}/" in mine.content.decode()
    page = as_user(world, "officer").get(reverse("support:flag", args=[flag.pk]))
    text = page.content.decode()
    assert "Pair with Sgt. K." in text and "Mentoring" in text
    assert "<form" not in text.split("</header>")[1]  # nothing to act on


def test_the_due_page_shows_dates_and_completion_only(world: World) -> None:
    flagged(world)
    flag = flag_of(world, "officer")
    as_user(world, "supervisor").post(
        reverse("support:intervene", args=[flag.pk]),
        {"kind": "wellness_referral", "planned_on": "2024-07-15", "note": "Sleep."},
    )
    page = as_user(world, "wellness").get(reverse("support:due", args=["springfield"]))
    text = page.content.decode()
    assert "2024-07-15: not done yet" in text
    for hidden in ("Officer", "Test", "Extra", "Sleep.", "Wellness referral"):
        assert hidden not in text.split("</header>")[1], hidden
    assert "force_90d" not in text and "north" not in text


def test_every_read_of_a_flag_is_logged(world: World) -> None:
    flagged(world)
    flag = flag_of(world, "officer")
    as_user(world, "professional_standards").get(
        reverse("support:flag", args=[flag.pk])
    )
    event = AccessEvent.objects.get(what="support_flag")
    assert (event.user, event.object_id) == (
        world.users["professional_standards"],
        str(flag.pk),
    )


def test_an_officer_signed_in_under_another_record_of_the_person_sees_the_flag(
    world: World,
) -> None:
    first, second = person_with_two_records(world)
    for key, day in (("D1", "2024-05-01"), ("D2", "2024-06-01"), ("D3", "2024-06-15")):
        force(world, key, date.fromisoformat(day), "dana-trr", "north")
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    flag = SupportFlag.objects.get(officer=first)
    Membership.objects.filter(user=world.users["partner"]).update(officer=second)
    client = as_user(world, "partner")
    assert client.get(reverse("support:flag", args=[flag.pk])).status_code == 200
    mine = client.get(reverse("support:mine", args=["springfield"])).content.decode()
    assert f"flags/{flag.pk}/" in mine and "Support flags about you" in mine


def test_each_planned_intervention_has_its_own_done_form(world: World) -> None:
    flagged(world)
    flag = flag_of(world, "officer")
    client = as_user(world, "supervisor")
    for kind in ("conversation", "training"):
        client.post(
            reverse("support:intervene", args=[flag.pk]),
            {"kind": kind, "planned_on": "2024-07-10"},
        )
    first, second = Intervention.objects.order_by("pk")
    bad = client.post(reverse("support:done", args=[second.pk]), {"done_on": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert f'id="done{first.pk}-done_on"' in html
    assert f'id="done{second.pk}-done_on"' in html and 'aria-invalid="true"' in html
