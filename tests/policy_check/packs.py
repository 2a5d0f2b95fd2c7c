"""Small rule packs for tests, written as an analyst would (docs/policy-rules.md)."""

from __future__ import annotations

from forcewatch.policy.pack import DEFAULT_PACK, Pack, parse_pack

PROPORTIONATE = "violation: force.level - force.resistance_level >= 2"

# `force.resistance_level < 3` without `needs`: null < 3 has no meaning in CEL
CARELESS = """
  - id: low-resistance
    version: 1
    title: Force on low resistance
    effective_from: 2000-01-01
    policy: {text: "Force answers resistance.", source: test}
    each: force
    when: force.applied
    violation: force.resistance_level < 3
  - id: injury-recorded
    version: 1
    title: Injury recorded
    kind: completeness
    effective_from: 2000-01-01
    policy: {text: "Record injuries.", source: test}
    each: subject
    needs: [subject.injured]
"""


def local_pack(rules: str, version: str = "1") -> Pack:
    text = (
        f'pack: local\nversion: "{version}"\ntitle: A department\'s own pack\n'
        f"rules:\n{rules}"
    )
    return parse_pack(text, f"local-{version}.yaml")


def proportionate(
    version: int,
    start: str,
    end: str | None,
    above: int,
    *,
    rule: str = "proportionate",
) -> str:
    """Force more than `above` - 1 continuum levels above the resistance fires."""
    ends = f"\n    effective_to: {end}" if end else ""
    return f"""
  - id: {rule}
    version: {version}
    title: Force proportionate to resistance
    effective_from: {start}{ends}
    policy: {{text: "Force is proportionate to the resistance met.", source: test}}
    each: force
    when: force.applied && force.level >= 3
    needs: [force.resistance_level]
    violation: force.level - force.resistance_level >= {above}
    evidence: [force.type, force.resistance]
"""


def default_text() -> str:
    text = DEFAULT_PACK.read_text(encoding="utf-8")
    assert text.count(PROPORTIONATE) == 1
    return text


def default_edited_text(old: str, new: str) -> str:
    text = default_text()
    assert text.count(old) == 1, old
    return text.replace(old, new)


def default_edited(old: str, new: str, path: str = "edited.yaml") -> Pack:
    return parse_pack(default_edited_text(old, new), path)


def default_with_v2(above: int = 1) -> Pack:
    """The default pack, force-proportionate v1 ended on 2019-06-30, v2 from July."""
    ended = default_edited_text(
        f"    {PROPORTIONATE}\n", f"    {PROPORTIONATE}\n    effective_to: 2019-06-30\n"
    )
    v2 = proportionate(2, "2019-07-01", None, above, rule="force-proportionate")
    return parse_pack(ended + v2, "default-v2.yaml")
