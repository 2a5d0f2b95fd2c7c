"""Labels: a sustained complaint about an incident in the year after the split."""

from __future__ import annotations

import datetime as dt

from ibis import BaseBackend

from forcewatch.analysis.eis.events import complaint_events
from forcewatch.analysis.eis.features import split_table
from forcewatch.analysis.eis.identity import officer_people
from forcewatch.analysis.eis.labels import label_dates, labels
from tests.analysis.eis.handbuilt import AGENCY

SPLITS = [dt.date(2019, 1, 1), dt.date(2020, 1, 1), dt.date(2021, 1, 1)]


def positives(con: BaseBackend, known_by: dt.date | None = None) -> set[tuple]:
    events = complaint_events(con, AGENCY, officer_people(con, AGENCY))
    rows = labels(events, split_table(SPLITS), known_by).to_pyarrow().to_pylist()
    return {(r["split"], r["person_id"]) for r in rows}


def test_a_label_is_dated_by_the_incident_not_by_the_complaint(
    con: BaseBackend,
) -> None:
    # C2 (Bob) is about 2019-09-01: positive at 2019; C3 (Ann, 2020-02-20) and
    # C4 (Bob, 2020-04-01) at 2020; C1 (2019-07-30) at 2019; C5 is unfounded
    assert positives(con) == {
        (SPLITS[0], 1),
        (SPLITS[0], 3),
        (SPLITS[1], 1),
        (SPLITS[1], 3),
    }


def test_only_findings_closed_before_known_by_count_in_the_deployable_setting(
    con: BaseBackend,
) -> None:
    assert positives(con, dt.date(2020, 1, 1)) == {(SPLITS[0], 1)}
    assert positives(con, dt.date(2021, 1, 1)) == {
        (SPLITS[0], 1),
        (SPLITS[0], 3),
        (SPLITS[1], 1),
    }


def test_a_positive_is_known_from_its_first_sustained_finding(
    con: BaseBackend,
) -> None:
    events = complaint_events(con, AGENCY, officer_people(con, AGENCY))
    rows = label_dates(events, split_table(SPLITS)).to_pyarrow().to_pylist()
    known = {(r["split"], r["person_id"]): r["known_on"] for r in rows}
    assert known[(SPLITS[1], 3)] == dt.date(2023, 1, 1)
    assert known[(SPLITS[0], 3)] == dt.date(2020, 6, 1)
