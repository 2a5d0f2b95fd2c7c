"""`forcewatch policy validate FILE...` and `forcewatch policy rules [FILE] [--on]`

For the policy analyst writing a pack (docs/policy-rules.md): validate loads a
pack as `forcewatch check` would, and also compares it with the rule versions
already used to check reports, without checking anything or writing anything.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.policy.models import RuleVersion
from forcewatch.policy.pack import DEFAULT_PACK, Pack, PackError, Rule, load_pack
from forcewatch.records.codes import codelist

# a code compared with `.type` or `.resistance` in CEL: `f.type == 'strike'`,
# `force.type in ['chemical_gas', ...]`
COMPARED = re.compile(r"\.(type|resistance)\s*(?:==|!=)\s*(['\"])(.*?)\2")
LISTED = re.compile(r"\.(type|resistance)\s+in\s*\[([^\]]*)\]")
QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")
CODE_LISTS = {"type": "force_type", "resistance": "resistance"}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on takes a date as YYYY-MM-DD, not {text!r}") from None


def changed_since_used(pack: Pack) -> list[str]:
    """Rule versions of the pack that differ from the definition first used."""
    used = {
        (r.rule_id, r.version): r for r in RuleVersion.objects.filter(pack=pack.name)
    }
    changed = []
    for r in pack.rules:
        first = used.get((r.id, r.version))
        if first is not None and first.sha256 != r.sha256:
            changed.append(f"{r.label} (first used {first.registered_at:%Y-%m-%d})")
    return changed


def unknown_codes(rule: Rule) -> list[str]:
    """Codes a rule compares `.type` or `.resistance` with that no code list has."""
    found = []
    for field, text in (("when", rule.when), ("violation", rule.violation or "")):
        pairs = [(attr, code) for attr, _, code in COMPARED.findall(text)]
        for attr, items in LISTED.findall(text):
            pairs += [(attr, a or b) for a, b in QUOTED.findall(items)]
        for attr, code in pairs:
            if code not in codelist(CODE_LISTS[attr]).codes:
                found.append(
                    f"rule {rule.label}: `{field}` compares `{attr}` with {code!r}, "
                    f"which is not a code of the `{CODE_LISTS[attr]}` code list: "
                    "it can never match"
                )
    return found


class Command(BaseCommand):
    help = "Validate a rule pack, or list its rules with their versions and dates."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("validate", help="load packs and report every problem")
        check.add_argument("files", nargs="+", metavar="FILE")
        rules = sub.add_parser("rules", help="the rules of a pack, version by version")
        rules.add_argument("file", nargs="?", default=str(DEFAULT_PACK))
        rules.add_argument(
            "--on", type=_date, help="only the versions in force on YYYY-MM-DD"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "rules":
            self.rules(self.load(opts["file"]), opts["on"])
            return
        failed = 0
        for path in opts["files"]:
            failed += not self.validate(path)
        if failed:
            raise CommandError(f"{failed} of {len(opts['files'])} packs are not valid")

    def load(self, path: str) -> Pack:
        try:
            return load_pack(path)
        except PackError as exc:
            raise CommandError(str(exc)) from None

    def validate(self, path: str) -> bool:
        try:
            pack = load_pack(path)
        except PackError as exc:
            self.stderr.write(str(exc))
            return False
        changed = changed_since_used(pack)
        if changed:
            self.stderr.write(
                f"{path}: {', '.join(changed)} changed after it was used to check "
                "reports. Past findings keep the version they were made with: give "
                "the change a new `version` with its own `effective_from`, and end "
                "the old one the day before."
            )
            return False
        for rule in pack.rules:
            for warning in unknown_codes(rule):
                self.stderr.write(f"{path}: warning: {warning}")
        self.stdout.write(
            f"{path}: pack {pack.name} {pack.version} is valid: "
            f"{len(pack.rules)} rule versions of {len(pack.by_id)} rules."
        )
        return True

    def rules(self, pack: Pack, on: date | None) -> None:
        header = f"{pack.name} {pack.version}: {pack.title}"
        self.stdout.write(header + (f" (in force on {on})" if on else ""))
        for rule_id, versions in pack.by_id.items():
            for r in versions:
                if on is not None and not r.in_force(on):
                    continue
                until = r.effective_to.isoformat() if r.effective_to else "open-ended"
                self.stdout.write(
                    f"{rule_id:40} v{r.version:<3} {r.effective_from} to {until:10}  "
                    f"{r.kind:12} {r.severity:6} each {r.each:7} {r.title}"
                )
