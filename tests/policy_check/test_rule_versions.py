"""Rule versions: a used version never changes; a new one applies from its own date."""

from __future__ import annotations

import datetime as dt

import pytest

from forcewatch.core.models import AuditEvent
from forcewatch.policy.models import CheckRun, Finding, FindingStatus, RuleVersion
from forcewatch.policy.pack import PackError
from forcewatch.policy.services import check_agency
from forcewatch.records import models as rm
from tests.policy_check.builders import agency, findings, officer, write_incidents
from tests.policy_check.packs import (
    PROPORTIONATE,
    default_edited,
    default_with_v2,
    local_pack,
    proportionate,
)

EARLY, LATE = dt.date(2019, 3, 1), dt.date(2019, 9, 1)


def force_on_passive(key: str, day: dt.date, *types: str) -> dict[str, object]:
    return {
        "key": key,
        "date": day,
        "officers": [officer("o1")],
        "subjects": [{"injured": False}],
        "force": [
            {"officer": 0, "subject": 0, "type": t, "resistance": "passive"}
            for t in types
        ],
    }


@pytest.fixture
def city(transactional_db: None) -> rm.Agency:
    """Early: a Taser probe (2 levels above passive) and a strike (1 above)."""
    target = agency("versioned-city")
    write_incidents(
        target,
        [
            force_on_passive("EARLY", EARLY, "ced_probe", "strike"),
            force_on_passive("LATE", LATE, "strike"),
        ],
    )
    return target


def snapshot() -> tuple[int, int, int, int]:
    return (
        AuditEvent.objects.count(),
        CheckRun.objects.count(),
        Finding.objects.count(),
        RuleVersion.objects.count(),
    )


def test_a_used_rule_version_edited_in_place_is_refused_naming_it(
    city: rm.Agency,
) -> None:
    check_agency(city)
    before, stored = snapshot(), findings(city)
    edited = default_edited(PROPORTIONATE, PROPORTIONATE.replace(">= 2", ">= 1"))
    with pytest.raises(PackError) as refused:
        check_agency(city, pack=edited)
    message = str(refused.value)
    assert "edited.yaml: force-proportionate v1 (first used " in message
    assert "changed after it was used to check reports" in message
    assert "give the change a new `version`" in message
    assert "neck-restraint" not in message  # only the edited rule is named
    assert snapshot() == before and findings(city) == stored


def test_rewording_a_used_rule_s_title_is_no_new_version(city: rm.Agency) -> None:
    check_agency(city)
    title = "    title: Force proportionate to resistance (the continuum as a guide)\n"
    reworded = default_edited(title, title.replace("as a guide", "a guide only"))
    run = check_agency(city, pack=reworded).run
    assert (run.units_checked, run.findings_new) == (0, 0)


def test_a_new_rule_in_a_used_pack_is_accepted(city: rm.Agency) -> None:
    check_agency(city, pack=local_pack(proportionate(1, "2000-01-01", None, 2)))
    edited = local_pack(proportionate(1, "2000-01-01", None, 2, rule="other"), "2")
    assert check_agency(city, pack=edited).run.units_checked == 2


def test_a_new_version_applies_from_its_date_and_earlier_reports_keep_theirs(
    city: rm.Agency,
) -> None:
    v1 = proportionate(1, "2000-01-01", "2019-06-30", 2)
    first = check_agency(city, pack=local_pack(v1)).run
    [early] = Finding.objects.filter(pack="local")
    assert (early.rule_version, early.pack_version) == (1, "1")
    assert early.evidence["force.type"] == "ced_probe"
    assert first.tallies == {"proportionate": {"applicable": 1, "fired": 1}}

    v2 = proportionate(2, "2019-07-01", None, 1)
    second = check_agency(city, pack=local_pack(v1 + v2, "2")).run
    # only the later report meets a new rule version; the earlier one is not redone
    assert (second.units_checked, second.findings_new) == (1, 1)
    late = Finding.objects.get(pack="local", incident_date=LATE)
    assert (late.rule_version, late.pack_version) == (2, "2")
    assert late.evidence["force.type"] == "strike"
    early.refresh_from_db()
    assert (early.status, early.rule_version) == (FindingStatus.OPEN, 1)
    # the early strike (one level above) would fire under v2: it was not re-judged
    assert Finding.objects.filter(incident_date=EARLY, pack="local").count() == 1
    assert set(
        RuleVersion.objects.filter(pack="local").values_list("rule_id", "version")
    ) == {("proportionate", 1), ("proportionate", 2)}


def test_a_pack_ending_v1_the_day_before_v2_loads() -> None:
    pack = default_with_v2()
    [v1, v2] = pack.by_id["force-proportionate"]
    assert (v1.effective_to, v2.effective_from) == (
        dt.date(2019, 6, 30),
        dt.date(2019, 7, 1),
    )
    assert [r.version for r in pack.in_force(LATE) if r.id == v1.id] == [2]


def test_ending_a_used_version_the_day_before_a_new_one_is_accepted(
    city: rm.Agency,
) -> None:
    check_agency(city)
    before = findings(city)
    run = check_agency(city, pack=default_with_v2()).run
    # the later report is judged by v2; the earlier one is not redone
    assert run.units_checked == 1
    late = Finding.objects.get(
        rule_id="force-proportionate", incident_date=LATE, status="open"
    )
    assert late.rule_version == 2
    assert {k for k in findings(city) if k[0] != late.unit_key} == {
        k for k in before if k[0] != late.unit_key
    }
