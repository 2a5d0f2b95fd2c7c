"""The rule-version registry: a version once used to check reports is frozen."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from forcewatch.policy.models import RuleVersion
from forcewatch.policy.pack import PackError, parse_pack
from forcewatch.policy.services import register_rules
from tests.policy.test_pack import pack_text, rule
from tests.policy.test_policy_command import ended_and_replaced

pytestmark = pytest.mark.django_db(transaction=True)


def register(text: str) -> None:
    register_rules(parse_pack(text, "my-pack.yaml"))


def test_a_used_version_is_registered_once() -> None:
    register(pack_text(rule()))
    register(pack_text(rule()))
    (used,) = RuleVersion.objects.filter(pack="my-pack")
    assert (used.rule_id, used.version) == ("ced-in-crisis", 1)
    assert used.definition["title"] == "No CED on a person in crisis"


REPORT_RULE = {
    "when": "true",
    "needs": None,
    "evidence": None,
    "violation": "report.deadly_force",
}


@pytest.mark.parametrize(
    ("base", "change"),
    [
        ({}, {"policy": {"text": "Officers shall never...", "source": "GO 1"}}),
        ({}, {"policy": {"text": "Officers shall not...", "source": "GO 2"}}),
        ({}, {"when": "force.type == 'ced_probe'"}),
        ({}, {"needs": ["force.resistance_level", "force.resistance"]}),
        ({}, {"violation": "force.resistance_level < 5"}),
        ({}, {"evidence": ["force.type"]}),
        ({}, {"severity": "high"}),
        ({}, {"effective_from": "2019-01-01"}),
        (REPORT_RULE, {"each": "officer"}),
    ],
    ids=lambda c: ",".join(c) or "-",
)
def test_a_used_version_that_changed_is_refused(
    base: dict[str, Any], change: dict[str, Any]
) -> None:
    register(pack_text(rule(**base)))
    with pytest.raises(
        PackError, match="ced-in-crisis v1 .* changed after it was used"
    ):
        register(pack_text(rule(**{**base, **change})))


def test_a_used_version_s_title_guidance_and_end_may_change() -> None:
    register(pack_text(rule()))
    register(
        pack_text(
            rule(
                title="No CED on a person in a mental-health crisis",
                guidance="a typo corrected",
                effective_to="2030-12-31",
            )
        )
    )
    (used,) = RuleVersion.objects.filter(pack="my-pack")
    # the registry keeps the definition as first used
    assert used.definition["title"] == "No CED on a person in crisis"
    assert used.definition["effective_to"] is None


def test_the_same_rule_in_another_pack_is_another_rule() -> None:
    register(pack_text(rule()))
    changed = rule(violation="force.resistance_level < 5")
    register(pack_text(changed, pack="my-pack-draft"))
    assert RuleVersion.objects.count() == 2


def test_a_new_version_after_an_ended_one_is_registered_beside_it() -> None:
    register(pack_text(rule(effective_to="2023-12-31")))
    register(ended_and_replaced())
    assert [v.version for v in RuleVersion.objects.order_by("version")] == [1, 2]


def test_a_used_version_can_be_ended_when_a_new_version_starts() -> None:
    register(pack_text(rule()))
    register(ended_and_replaced())
    assert RuleVersion.objects.filter(pack="my-pack").count() == 2


# -- versions registered before title, guidance and end were left out ---------


def old_sha256(text: str) -> str:
    """How a version was hashed before title, guidance and end were left out."""
    (r,) = parse_pack(text, "my-pack.yaml").rules
    body = json.dumps(r.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def test_a_version_registered_before_the_hashing_change_is_still_accepted() -> None:
    # the stored definition is hashed again, by today's formula
    text = pack_text(rule())
    register(text)
    RuleVersion.objects.filter(pack="my-pack").update(sha256=old_sha256(text))
    register(text)
    assert RuleVersion.objects.filter(pack="my-pack").count() == 1


def test_a_version_registered_before_the_change_that_then_changed_is_refused() -> None:
    text = pack_text(rule())
    register(text)
    RuleVersion.objects.filter(pack="my-pack").update(sha256=old_sha256(text))
    with pytest.raises(
        PackError, match="ced-in-crisis v1 .* changed after it was used"
    ):
        register(pack_text(rule(violation="force.resistance_level < 5")))
