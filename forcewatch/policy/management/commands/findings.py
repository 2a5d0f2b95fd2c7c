"""`forcewatch findings summary --agency SLUG [--by rule|unit|period] [--json]`"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.policy.selectors import BY, COUNTS, PERIODS, learning_tables
from forcewatch.records.selectors import UnknownAgency, agency_by_slug

TITLES = {"rule": "By rule", "unit": "By unit", "period": "By period of the incident"}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"dates are YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Print the learning-loop tables: policy findings and their dispositions by "
        "rule, by unit and by period of the incident (the staff page's tables)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["summary"])
        parser.add_argument("--agency", required=True, help="agency slug")
        parser.add_argument("--by", choices=BY, help="one table (default: all three)")
        parser.add_argument("--period", choices=PERIODS, default="year")
        parser.add_argument("--from", dest="start", type=_date, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", type=_date, help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            agency = agency_by_slug(opts["agency"])
        except UnknownAgency as exc:
            raise CommandError(str(exc)) from None
        tables = learning_tables(
            agency_id=agency.pk,
            start=opts["start"],
            end=opts["end"],
            period=opts["period"],
        )
        chosen = [opts["by"]] if opts["by"] else list(BY)
        out = {by: [_row(r) for r in tables.table(by)] for by in chosen}
        if opts["json"]:
            self.stdout.write(json.dumps(out, indent=2))
            return
        self.stdout.write(agency.name)
        for by, rows in out.items():
            self._table(TITLES[by], by, rows)
        if tables.highlighted and "rule" in chosen:
            names = ", ".join(
                f"{r['key']} ({r['gap_or_training']})" for r in tables.highlighted
            )
            self.stdout.write(f"\nMost often a policy gap or training issue: {names}")

    def _table(self, title: str, by: str, rows: list[dict[str, Any]]) -> None:
        width = max([len(by), *(len(r["key"]) for r in rows)])
        self.stdout.write(f"\n{title}")
        self.stdout.write(
            by.ljust(width) + "".join(c.rjust(len(c) + 2) for c in COUNTS)
        )
        for row in rows:
            cells = "".join(str(row[c]).rjust(len(c) + 2) for c in COUNTS)
            self.stdout.write((row["key"] or "-").ljust(width) + cells)
        if not rows:
            self.stdout.write("(no findings)")


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {"key": row["key"], "label": row["label"], **{c: row[c] for c in COUNTS}}
