"""One person per officer across sources: name + appointed date."""

from __future__ import annotations

from ibis import BaseBackend

from forcewatch.analysis.eis.identity import officer_people, person_attributes
from tests.analysis.eis.handbuilt import AGENCY


def test_records_with_the_same_name_and_appointed_date_are_one_person(
    con: BaseBackend,
) -> None:
    people = officer_people(con, AGENCY).to_pyarrow().to_pylist()
    assert {r["officer_id"]: r["person_id"] for r in people} == {
        1: 1,
        2: 1,  # ANN SMITH (trailing space, upper case), same day: Ann Smith
        3: 3,
        4: 4,  # Bob Jones without an appointed date: not linked to Bob Jones
    }


def test_a_person_takes_each_attribute_from_the_first_record_that_has_it(
    con: BaseBackend,
) -> None:
    attributes = person_attributes(con, officer_people(con, AGENCY))
    rows = {r["person_id"]: r for r in attributes.to_pyarrow().to_pylist()}
    # record 2 has no race or sex: record 1's are used
    assert (rows[1]["race_group"], rows[1]["sex_group"]) == ("white", "female")
    assert (rows[3]["race_group"], rows[4]["race_group"]) == ("black", "hispanic")
