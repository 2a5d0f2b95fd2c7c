"""The header's "flags about you" read by hand agrees with the ORM's read."""

from __future__ import annotations

from itertools import combinations

from forcewatch.records import models as rm
from forcewatch.support.models import SupportFlag
from forcewatch.support.selectors import _about, has_own_flags
from tests.personas import World
from tests.support.conftest import flagged


def test_has_own_flags_is_the_orm_read(world: World) -> None:
    flagged(world)
    for agency in (world.agency, world.other_agency):
        flags = SupportFlag.objects.filter(agency=agency)
        officers = list(rm.Officer.objects.values_list("pk", flat=True))
        assert flags.exists()
        for size in (0, 1, 2):
            for ids in combinations(officers, size):
                expected = bool(_about(flags, ids))
                assert has_own_flags(agency.pk, frozenset(ids)) is expected, ids
