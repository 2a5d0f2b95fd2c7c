"""The reader's grants, read by hand, are the ORM's read of their memberships."""

from __future__ import annotations

from collections import Counter

import pytest

from forcewatch.accounts.models import Membership
from forcewatch.accounts.policies import AgencyRef, Grant
from forcewatch.accounts.selectors import principal_for
from tests.personas import World, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def test_grants_are_the_active_memberships(world: World) -> None:
    ended = Membership.objects.filter(user=world.users["partner"]).get()
    ended.active = False
    ended.save()
    second = Membership.objects.filter(user=world.users["analyst"]).get()
    second.pk, second.agency = None, world.other_agency
    second.save()
    for user in world.users.values():
        rows = Membership.objects.filter(user=user, active=True).values_list(
            "agency_id", "role", "unit", "officer_id", "agency__slug", "agency__name"
        )
        who = principal_for(user)
        assert Counter(who.grants) == Counter(Grant(*r[:4]) for r in rows)
        assert set(who.agencies) == {AgencyRef(r[0], *r[4:]) for r in rows}
    assert principal_for(world.users["partner"]).grants == ()
    assert len(principal_for(world.users["analyst"]).agencies) == 2
