"""The flags stored are the analysis package's `rule_flags` on the same data.

Real data: the Chicago TRR and complaints slices of tests/fixtures, imported as
`forcewatch import` does. The evaluation's officer-years and `rule_flags` run
on a snapshot written separately; the flags `flag_agency` stores must name the
same persons, with the same counts, on every date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.eis import Rule, Thresholds, load_thresholds
from forcewatch.analysis.eis.baseline import rule_flags
from forcewatch.analysis.eis.dataset import officer_years
from forcewatch.records.selectors import agency_by_slug
from forcewatch.snapshot.services import snapshot_write
from forcewatch.support.models import SupportFlag
from forcewatch.support.services import flag_agency
from tests.personas import World
from tests.snapshot.data import import_two_agencies
from tests.support.conftest import FLAG_DAY, scenario

# low thresholds, so that the small slices give flags on most dates
LOW = Thresholds(
    "test-low",
    (
        Rule("force_365d", "a use of force in a year", "force", 1, 365),
        Rule("complaints_2y", "2 complaints in 2 years", "complaint", 2, 730),
    ),
    (),
)


def analysis_flags(
    snapshot: Path, agency: str, on: dt.date, thresholds: Thresholds
) -> dict[int, dict[str, int]]:
    data = officer_years(duckdb_backend(snapshot), agency, [on], thresholds)
    if not len(data):
        return {}
    flags = rule_flags(data.counts, thresholds.rules)
    return {
        int(data.person[i]): {r: int(c[i]) for r, c in data.counts.items()}
        for i in np.flatnonzero(flags)
    }


def stored(agency: str, on: dt.date) -> dict[int, dict[str, int]]:
    flags = SupportFlag.objects.filter(agency__slug=agency, flagged_on=on)
    return {
        f.officer_id: {r["id"]: r["count"] for r in f.explanation["rules"]}
        for f in flags
    }


# dates with flags under LOW (2010: six officers of one incident), and without
YEARS = (2004, 2005, 2006, 2010, 2012, 2017, 2019)


def test_chicago_flags_match_the_analysis_on_every_date(
    transactional_db: None, tmp_path: Path
) -> None:
    import_two_agencies()
    snapshot_write(tmp_path / "snap", "chicago")
    chicago = agency_by_slug("chicago")
    seen = 0
    for year in YEARS:
        on = dt.date(year, 7, 1)
        expected = analysis_flags(tmp_path / "snap", "chicago", on, LOW)
        SupportFlag.objects.all().update(status="closed")  # every date flags anew
        flag_agency(chicago, on=on, thresholds=LOW, actor="test")
        assert stored("chicago", on) == expected, on
        seen += len(expected)
    assert seen >= 10  # the comparison is not vacuous


def test_hand_made_flags_match_the_analysis(world: World, tmp_path: Path) -> None:
    scenario(world)
    snapshot_write(tmp_path / "snap", "springfield")
    expected = analysis_flags(
        tmp_path / "snap", "springfield", FLAG_DAY, load_thresholds()
    )
    flag_agency(world.agency, on=FLAG_DAY, actor="test")
    assert stored("springfield", FLAG_DAY) == expected
    assert len(expected) == 3
