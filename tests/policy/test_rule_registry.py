"""The rule-version registry: a version once used to check reports is frozen."""

from __future__ import annotations

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


@pytest.mark.parametrize(
    "change",
    [
        {"title": "No CED on a person in a crisis"},
        {"guidance": "a typo corrected"},
        {"violation": "force.resistance_level < 5"},
        {"effective_from": "2019-01-01"},
    ],
)
def test_a_used_version_that_changed_is_refused(change: dict[str, str]) -> None:
    register(pack_text(rule()))
    with pytest.raises(
        PackError, match="ced-in-crisis v1 .* changed after it was used"
    ):
        register(pack_text(rule(**change)))


def test_the_same_rule_in_another_pack_is_another_rule() -> None:
    register(pack_text(rule()))
    register(pack_text(rule(title="Changed"), pack="my-pack-draft"))
    assert RuleVersion.objects.count() == 2


def test_a_new_version_after_an_ended_one_is_registered_beside_it() -> None:
    register(pack_text(rule(effective_to="2023-12-31")))
    register(ended_and_replaced())
    assert [v.version for v in RuleVersion.objects.order_by("version")] == [1, 2]


@pytest.mark.xfail(
    reason="effective_to is part of a registered version, so a used open-ended "
    "version can never be ended for a new one",
    strict=True,
)
def test_a_used_version_can_be_ended_when_a_new_version_starts() -> None:
    register(pack_text(rule()))
    register(ended_and_replaced())
    assert RuleVersion.objects.filter(pack="my-pack").count() == 2
