"""`forcewatch check --agency SLUG [--since DATE] [--pack FILE]`

Named `policy_check` so as not to hide Django's `check`; the console script
maps `forcewatch check` here (`forcewatch manage check` is Django's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from forcewatch.policy.pack import DEFAULT_PACK, PackError, load_pack
from forcewatch.policy.services import check_agency
from forcewatch.records.selectors import UnknownAgency, agency_by_slug


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--since takes a date as YYYY-MM-DD, not {text!r}"
        ) from None


class Command(BaseCommand):
    help = (
        "Check an agency's reports against a policy rule pack (only reports that "
        "changed since their last check), store the findings and open deadly-force "
        "review cases."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument(
            "--since", type=_date, help="only incidents on or after YYYY-MM-DD"
        )
        parser.add_argument(
            "--pack", default=str(DEFAULT_PACK), help="rule pack YAML file"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress display")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            agency = agency_by_slug(opts["agency"])
        except UnknownAgency as exc:
            raise CommandError(str(exc)) from None
        try:
            pack = load_pack(opts["pack"])
        except PackError as exc:
            raise CommandError(str(exc)) from None
        console = Console(stderr=True)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            MofNCompleteColumn(),
            console=console,
            disable=opts["quiet"] or not console.is_terminal,
            transient=True,
        ) as bar:
            task = bar.add_task("reports checked", total=None)
            try:
                summary = check_agency(
                    agency,
                    pack=pack,
                    since=opts["since"],
                    actor="cli",
                    progress=lambda step, total: bar.update(task, advance=step),
                )
            except PackError as exc:
                raise CommandError(str(exc)) from None
        run = summary.run
        self.stdout.write(
            f"{agency.name}: {run.units_seen} reports, {run.units_checked} checked "
            "(the rest unchanged since their last check) against "
            f"{pack.name} {pack.version}; "
            f"{run.findings_new} new findings, {run.findings_cleared} cleared."
        )
        if summary.undated:
            self.stdout.write(
                f"{summary.undated} reports have no incident date: "
                "no rule version applies."
            )
        rules = {k: t for k, t in run.tallies.items() if not k.startswith("(")}
        if rules:
            names = ("applied", "fired", "missing", "passed")
            self.stdout.write(
                "  ".join(["rule".ljust(40), *(n.rjust(8) for n in names)])
            )
            for rule_id, t in rules.items():
                cells = [rule_id.ljust(40)] + [
                    str(t.get(k, 0))
                    for k in ("applicable", "fired", "incomplete", "passed")
                ]
                self.stdout.write("  ".join(c.rjust(8) for c in cells))
        for error in summary.errors:
            self.stderr.write(f"error: {error}")
        if summary.errors:
            raise CommandError(
                f"{sum(t.get('errors', 0) for t in run.tallies.values())} "
                "rule evaluations "
                "failed (first ones above); fix the pack and check again"
            )
