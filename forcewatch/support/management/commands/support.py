"""`forcewatch support flag --agency SLUG [--on DATE] [--thresholds FILE]`

Raises the threshold flags of one date (default today) and routes each to the
supervisors of the officer's latest unit. Re-running a date adds nothing; an
officer whose earlier flag is not closed gets no new one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.analysis.eis import ThresholdError, load_thresholds
from forcewatch.records.selectors import UnknownAgency, agency_by_slug
from forcewatch.support.services import flag_agency


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on takes a date as YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Early-intervention support: raise the threshold flags of an agency on a "
        "date and route them to the officers' supervisors (flag)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        flag = sub.add_parser(
            "flag",
            help="raise the threshold flags of one date",
            description="Counts the events before --on (default: today) on a "
            "fresh snapshot of the agency and stores the new flags.",
        )
        flag.add_argument("--agency", required=True, help="the agency's slug")
        flag.add_argument("--on", type=_date, help="YYYY-MM-DD (default: today)")
        flag.add_argument(
            "--thresholds",
            type=Path,
            help="threshold rules changing the defaults (default: the agency's "
            "file in forcewatch/analysis/eis/agencies/, if any)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            agency = agency_by_slug(opts["agency"])
            thresholds = load_thresholds(agency.slug, opts["thresholds"])
        except (UnknownAgency, ThresholdError) as exc:
            raise CommandError(str(exc)) from None
        summary = flag_agency(agency, on=opts["on"], thresholds=thresholds)
        self.stdout.write(
            f"{agency.slug} on {summary.on} (rules {summary.thresholds_version}): "
            f"{summary.flagged} officer(s) flagged by the rules, "
            f"{len(summary.new)} new flag(s), {summary.already} already flagged "
            f"that day, {summary.still_open} with an earlier flag still open"
        )
        for flag in summary.new:
            self.stdout.write(
                f"  flag {flag.pk}: officer {flag.officer_id}, unit "
                f"{flag.routed_to or '(none)'}: {flag.explanation['text']}"
            )
