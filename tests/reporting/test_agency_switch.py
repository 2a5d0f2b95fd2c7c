"""A user with roles in several agencies chooses the one the staff pages show."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from forcewatch.accounts.models import Membership, Role
from forcewatch.accounts.policies import AgencyRef, Grant, Principal
from forcewatch.accounts.selectors import principal_for
from tests.personas import World
from tests.reporting.conftest import as_user, filed

SWITCH = reverse("accounts:agency")
LIST = reverse("reporting:list")


def test_the_working_agency_is_the_chosen_one_while_granted_else_the_first() -> None:
    first, other = AgencyRef(3, "a", "A PD"), AgencyRef(7, "b", "B PD")
    who = Principal(
        user_id=1,
        grants=(Grant(7, Role.OVERSIGHT), Grant(3, Role.OFFICER)),
        agencies=(first, other),
    )
    assert who.working_agency() == first
    assert who.working_agency(7) == other
    assert who.working_agency(9) == first  # no longer (or never) granted
    assert who.working_agency("7") == first  # a session value of the wrong type
    assert Principal(user_id=1).working_agency(7) is None


def two_agency_oversight(world: World) -> Client:
    """`oversight` of Springfield, also civilian oversight of Shelbyville."""
    Membership.objects.create(
        user=world.users["oversight"], agency=world.other_agency, role=Role.OVERSIGHT
    )
    return as_user(world, "oversight")


def test_a_user_of_two_agencies_switches_the_list_and_header(world: World) -> None:
    # the two reports' links (their numbers are alike: each agency counts its own)
    ours, theirs = (
        f'href="{reverse("reporting:detail", args=[report.pk])}"'
        for report in (
            filed(world, submit=True),
            filed(world, submit=True, by="other_officer"),
        )
    )
    client = two_agency_oversight(world)

    page = client.get(LIST).content.decode()
    assert "Springfield PD" in page and ours in page
    assert theirs not in page
    assert 'name="agency"' in page and "Shelbyville PD" in page  # the switch

    response = client.post(SWITCH, {"agency": "shelbyville", "next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    page = client.get(LIST).content.decode()
    assert theirs in page and ours not in page
    assert '<option value="shelbyville" selected>' in page
    spanish = client.get(LIST, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cambiar de agencia" in spanish


def test_the_switch_refuses_an_agency_without_a_role_and_a_foreign_next(
    world: World,
) -> None:
    client = two_agency_oversight(world)
    outsider = as_user(world, "officer")  # Springfield only
    assert outsider.post(SWITCH, {"agency": "shelbyville"}).status_code == 403
    assert client.post(SWITCH, {"agency": "nowhere"}).status_code == 403
    assert client.get(SWITCH).status_code == 405
    assert Client().post(SWITCH, {"agency": "springfield"}).status_code == 302
    response = client.post(
        SWITCH, {"agency": "shelbyville", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("reporting:list")


def test_losing_the_role_falls_back_to_the_first_agency(world: World) -> None:
    client = two_agency_oversight(world)
    client.post(SWITCH, {"agency": "shelbyville"})
    Membership.objects.filter(agency=world.other_agency).update(active=False)
    page = client.get(LIST).content.decode()
    assert "Springfield PD" in page and 'name="agency"' not in page


def test_a_user_of_one_agency_has_no_switch(world: World) -> None:
    assert 'name="agency"' not in as_user(world, "officer").get(LIST).content.decode()
    agencies = principal_for(world.users["officer"]).agencies
    assert [(a.slug, a.name) for a in agencies] == [("springfield", "Springfield PD")]
