"""`forcewatch analyze disparity --snapshot DIR --agency SLUG --denominator NAME|FILE`

Reads a snapshot, never the database. The analysis itself is
`forcewatch.analysis.disparity.run` (no Django); this only parses options.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

RATE_DIMENSIONS = ("race", "sex", "age", "district", "call_type", "force_type")


class Command(BaseCommand):
    help = (
        "Analyses over a snapshot: disparity (force by race, sex, age, district, "
        "call type and force type against a named denominator); denominators (list "
        "the shipped ones)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="analysis", required=True)
        listing = sub.add_parser("denominators", help="list the shipped denominators")
        listing.set_defaults(analysis="denominators")
        disparity = sub.add_parser(
            "disparity",
            help="disparity tables as CSV plus a text summary",
            description="Force by group in four counting units against a named "
            "denominator, with exact intervals and FDR control (docs/methods.md).",
        )
        disparity.add_argument("--snapshot", type=Path, required=True)
        disparity.add_argument("--agency", required=True, help="the agency's slug")
        disparity.add_argument(
            "--denominator",
            required=True,
            help="a shipped denominator's name (`forcewatch analyze denominators`) "
            "or a .csv/.yaml file",
        )
        disparity.add_argument(
            "--by",
            action="append",
            choices=RATE_DIMENSIONS,
            help="only these rate tables (repeat the option; default: all)",
        )
        disparity.add_argument("--out", type=Path, help="write the tables here")
        disparity.add_argument("--since", type=_date, help="first incident date")
        disparity.add_argument("--until", type=_date, help="last incident date")
        disparity.add_argument(
            "--reference",
            action="append",
            default=[],
            metavar="DIMENSION=GROUP",
            help="compare with this group (e.g. race=black; `rest`: all others)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from forcewatch.analysis.disparity import DenominatorError, available, run
        from forcewatch.analysis.manifest import ManifestError

        if opts["analysis"] == "denominators":
            self.stdout.write("\n".join(available()))
            return
        try:
            result = run(
                opts["snapshot"],
                agency=opts["agency"],
                denominator=opts["denominator"],
                by=opts["by"],
                out=opts["out"],
                since=opts["since"],
                until=opts["until"],
                reference=_references(opts["reference"]),
            )
        except (DenominatorError, ManifestError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(result.summary, ending="")
        if opts["out"]:
            count = len(result.tables)
            self.stdout.write(
                f"\n{count} tables, summary.txt and parameters.json written to "
                f"{opts['out']}"
            )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def _references(pairs: list[str]) -> dict[str, str]:
    references = {}
    for pair in pairs:
        dimension, sep, group = pair.partition("=")
        if not sep or not dimension or not group:
            raise CommandError(f"--reference {pair!r}: write DIMENSION=GROUP")
        references[dimension.strip()] = group.strip()
    return references
