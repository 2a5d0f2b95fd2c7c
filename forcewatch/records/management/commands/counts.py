"""`forcewatch counts --agency SLUG [--json]`"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.records.selectors import (
    UNITS,
    UnknownAgency,
    agency_by_slug,
    record_counts,
)


class Command(BaseCommand):
    help = "Count an agency's records in every counting unit, in total and by year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            agency = agency_by_slug(opts["agency"])
        except UnknownAgency as exc:
            raise CommandError(str(exc)) from None
        counts = record_counts(agency=agency)
        if opts["json"]:
            self.stdout.write(json.dumps(counts, indent=2))
            return
        widths = [max(len(u), 8) for u in UNITS]
        self.stdout.write(f"{agency.name}\n")
        self.stdout.write(
            "year     "
            + "  ".join(u.rjust(w) for u, w in zip(UNITS, widths, strict=True))
        )
        rows = [*counts["by_year"].items(), ("total", counts["total"])]
        for year, row in rows:
            cells = "  ".join(
                str(row[u]).rjust(w) for u, w in zip(UNITS, widths, strict=True)
            )
            self.stdout.write(f"{year:<8} {cells}")
