"""`forcewatch export fbi --agency SLUG --month YYYY-MM --out FILE.json`"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from forcewatch.intake.exporters.fbi import fbi_submission
from forcewatch.records import models as rm


class Command(BaseCommand):
    help = "Export records in a national format."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="format", required=True)
        fbi = sub.add_parser(
            "fbi", help="FBI National Use-of-Force Data Collection (JSON)"
        )
        fbi.add_argument("--agency", required=True)
        fbi.add_argument("--month", required=True, help="YYYY-MM")
        fbi.add_argument("--out", required=True, type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        agency = rm.Agency.objects.filter(slug=opts["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency {opts['agency']!r}")
        try:
            month = dt.datetime.strptime(opts["month"], "%Y-%m").date()
        except ValueError as exc:
            raise CommandError(
                f"--month must be YYYY-MM, not {opts['month']!r}"
            ) from exc
        if not agency.ori:
            self.stderr.write(
                f"warning: agency {agency.slug} has no ORI; the FBI requires one"
            )
        data = fbi_submission(agency=agency, month=month, now=timezone.now())
        opts["out"].write_text(json.dumps(data, indent=2, default=str) + "\n")
        if data["zero_report"]:
            self.stdout.write(
                f"{opts['month']}: no reportable incident; "
                f"wrote a zero report to {opts['out']}"
            )
        else:
            n = len(data["submissions"])
            self.stdout.write(
                f"{opts['month']}: {n} reportable incident(s) written to {opts['out']}"
            )
