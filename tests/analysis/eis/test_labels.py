"""Labels: a sustained complaint or an out-of-policy finding about an incident in the
year after the split, or a report of force meeting a named label's conditions."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from ibis import BaseBackend

from forcewatch.analysis.backends import duckdb_backend
from forcewatch.analysis.eis.events import (
    complaint_events,
    force_events,
    out_of_policy_events,
)
from forcewatch.analysis.eis.features import split_table
from forcewatch.analysis.eis.identity import officer_people
from forcewatch.analysis.eis.labels import (
    LabelError,
    get_label,
    label_dates,
    labels,
    load_labels,
)
from forcewatch.analysis.manifest import MANIFEST_NAME
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


# -- labels from reports of force (agencies without complaints) -------------------


def force_positives(con: BaseBackend, name: str) -> dict[tuple, dt.date]:
    people = officer_people(con, AGENCY)
    force = force_events(con, AGENCY, people)
    complaints = complaint_events(con, AGENCY, people)
    found = label_dates(complaints, split_table(SPLITS), get_label(name), force)
    return {
        (r["split"], r["person_id"]): r["known_on"]
        for r in found.to_pyarrow().to_pylist()
    }


def test_the_agencys_own_level_labels_the_year_of_its_report(
    con: BaseBackend,
) -> None:
    # I2 (Ann, 2019-12-01) is level 2; I4 (Ann, 2020-02-01) is "Level 3 - OIS";
    # I1 (level 1) and I3 (no level) never count
    assert force_positives(con, "force_reported_level_3") == {
        (SPLITS[1], 1): dt.date(2020, 2, 1)
    }
    assert force_positives(con, "force_reported_level_2") == {
        (SPLITS[0], 1): dt.date(2019, 12, 1),
        (SPLITS[1], 1): dt.date(2020, 2, 1),
    }


def test_an_injured_subject_and_the_force_continuum_label_their_officer_only(
    con: BaseBackend,
) -> None:
    # I1: Ann's subject injured, Bob's (same incident) not
    assert force_positives(con, "force_subject_injured") == {
        (SPLITS[0], 1): dt.date(2019, 11, 1)
    }
    # I2: a Taser probe (continuum 4); I3's strike is 3
    assert force_positives(con, "force_level_4") == {
        (SPLITS[0], 1): dt.date(2019, 12, 1)
    }


def test_a_force_label_is_known_from_the_report(con: BaseBackend) -> None:
    people = officer_people(con, AGENCY)
    force = force_events(con, AGENCY, people)
    complaints = complaint_events(con, AGENCY, people)
    label = get_label("force_reported_level_2")
    rows = labels(complaints, split_table(SPLITS), dt.date(2020, 1, 1), label, force)
    assert {(r["split"], r["person_id"]) for r in rows.to_pyarrow().to_pylist()} == {
        (SPLITS[0], 1)
    }


# -- labels from out-of-policy findings ----------------------------------------


def finding_positives(
    con: BaseBackend, name: str, known_by: dt.date | None = None
) -> dict[tuple, dt.date]:
    people = officer_people(con, AGENCY)
    complaints = complaint_events(con, AGENCY, people)
    findings = out_of_policy_events(con, AGENCY, people)
    label = get_label(name)
    found = label_dates(complaints, split_table(SPLITS), label, findings=findings)
    dates = {
        (r["split"], r["person_id"]): r["known_on"]
        for r in found.to_pyarrow().to_pylist()
    }
    rows = labels(complaints, split_table(SPLITS), known_by, label, findings=findings)
    kept = {(r["split"], r["person_id"]) for r in rows.to_pyarrow().to_pylist()}
    return {key: dates[key] for key in kept}


def test_an_out_of_policy_disposition_labels_its_officer_by_the_incident(
    con: BaseBackend,
) -> None:
    # F1 (Ann, I2 2019-12-01) and F2 (Ann, I4 2020-02-01); F6 (the other Bob, I4);
    # F3 is within policy, F4 not disposed, F5's out of policy was superseded,
    # F7 is about no officer
    assert finding_positives(con, "out_of_policy") == {
        (SPLITS[0], 1): dt.date(2019, 12, 20),
        (SPLITS[1], 1): dt.date(2021, 3, 1),
        (SPLITS[1], 4): dt.date(2020, 6, 1),
    }


def test_a_disposition_after_the_split_is_not_a_deployable_label(
    con: BaseBackend,
) -> None:
    # F2 was disposed on 2021-03-01: known to the retrospective setting only
    assert finding_positives(con, "out_of_policy", dt.date(2021, 1, 1)) == {
        (SPLITS[0], 1): dt.date(2019, 12, 20),
        (SPLITS[1], 4): dt.date(2020, 6, 1),
    }
    assert finding_positives(con, "out_of_policy", dt.date(2019, 12, 20)) == {}


def test_the_combined_label_is_either_known_from_the_first(
    con: BaseBackend,
) -> None:
    # the complaints' positives, each known from its earlier event, and F6's
    assert finding_positives(con, "sustained_complaint_or_out_of_policy") == {
        (SPLITS[0], 1): dt.date(2019, 10, 1),  # C1 closed before F1's disposition
        (SPLITS[0], 3): dt.date(2020, 6, 1),  # C2 (F3, F5 are not positive)
        (SPLITS[1], 1): dt.date(2020, 9, 1),  # C3 closed before F2's disposition
        (SPLITS[1], 3): dt.date(2023, 1, 1),  # C4
        (SPLITS[1], 4): dt.date(2020, 6, 1),  # F6
    }
    # deployable on 2020-07-01: C1, C2 and F6 were known by then
    assert set(
        finding_positives(
            con, "sustained_complaint_or_out_of_policy", dt.date(2020, 7, 1)
        )
    ) == {(SPLITS[0], 1), (SPLITS[0], 3), (SPLITS[1], 4)}


def test_a_label_needs_the_tables_of_its_events(con: BaseBackend) -> None:
    complaints = complaint_events(con, AGENCY, officer_people(con, AGENCY))
    label = get_label("sustained_complaint_or_out_of_policy")
    with pytest.raises(ValueError, match="needs the out_of_policy events"):
        label_dates(complaints, split_table(SPLITS), label)


def test_a_snapshot_written_before_findings_were_is_named(
    town: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    shutil.copytree(town, old)
    manifest = json.loads((old / MANIFEST_NAME).read_text())
    for name in ("policy_finding", "policy_disposition"):
        del manifest["tables"][name]
    (old / MANIFEST_NAME).write_text(json.dumps(manifest))
    con = duckdb_backend(old)
    with pytest.raises(ValueError, match="holds no policy findings.*snapshot"):
        out_of_policy_events(con, AGENCY, officer_people(con, AGENCY))


def test_the_default_label_is_the_sustained_complaint() -> None:
    assert get_label().events == ("complaint",)
    assert get_label().id == "sustained_complaint"
    assert get_label("sustained_complaint_or_out_of_policy").events == (
        "complaint",
        "out_of_policy",
    )
    assert {e for lab in load_labels().values() for e in lab.events} == {
        "complaint",
        "out_of_policy",
        "force",
    }


def test_a_label_file_is_checked(tmp_path: Path) -> None:
    with pytest.raises(LabelError, match="no label 'nope'"):
        get_label("nope")
    bad = tmp_path / "labels.yaml"
    bad.write_text(
        'version: "1"\nlabels:\n  - {id: x, title: x, event: force, '
        "any_of: [{field: shoe_size, at_least: 1}]}\n"
    )
    with pytest.raises(LabelError, match="field"):
        load_labels(bad)
    bad.write_text('version: "1"\nlabels:\n  - {id: x, title: x, event: force}\n')
    with pytest.raises(LabelError, match="needs any_of"):
        load_labels(bad)
    for events, message in [
        ("[complaint, complaint]", "each kind once"),
        ("[]", "at least one"),
        ("[complaint, force]", "one event, force"),
        ("[complaint, arrest]", "event"),
    ]:
        bad.write_text(
            f'version: "1"\nlabels:\n  - {{id: x, title: x, event: {events}}}\n'
        )
        with pytest.raises(LabelError, match=message):
            load_labels(bad)


def test_the_out_of_policy_code_is_the_policy_apps() -> None:
    """The analysis never imports Django, so it names the disposition's code
    itself: it must stay the policy app's."""
    from forcewatch.analysis.eis.events import OUT_OF_POLICY
    from forcewatch.policy.models import Outcome

    assert OUT_OF_POLICY == Outcome.OUT_OF_POLICY.value
