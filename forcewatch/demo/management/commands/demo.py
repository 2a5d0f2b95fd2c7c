"""`forcewatch demo [--port N] [--no-serve]`"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console

from forcewatch.demo.services import (
    DEMO_AGENCY,
    DEMO_ROLES,
    demo_accounts,
    demo_check,
    demo_disclosures,
    demo_load,
    demo_release,
)
from forcewatch.records import models as rm
from forcewatch.records.selectors import record_counts


class Command(BaseCommand):
    help = "Create the local database, load a real demo department and serve the app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="load only, do not serve"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        db = settings.DATABASES["default"]
        engine = str(db["ENGINE"]).rsplit(".", 1)[-1]
        self.stdout.write(f"Database: {engine} {db['NAME']}")
        outcome = demo_load()
        self.stdout.write(f"Demo department: {outcome.file} — {outcome.status}")
        agency = rm.Agency.objects.get(slug=DEMO_AGENCY)
        total = record_counts(agency=agency)["total"]
        self.stdout.write(
            f"{agency.name}: "
            + ", ".join(f"{n} {unit.replace('_', ' ')}" for unit, n in total.items())
        )
        run = demo_check().run
        self.stdout.write(
            f"Policy check: {run.units_checked} reports checked, "
            f"{run.findings_new} new findings for review"
        )
        passwords = demo_accounts()
        for username, _role in DEMO_ROLES:
            password = passwords.get(username)
            shown = f"password {password}" if password else "password as first shown"
            self.stdout.write(f"Staff sign-in: {username} ({shown})")
        with Console(stderr=True).status("publishing the demo release…"):
            release = demo_release()
            disclosures = demo_disclosures()
        self.stdout.write(
            f"Public release: /releases/{release.agency.slug}/{release.period}/ "
            f"(version {release.version}, {release.status}); "
            f"{len(disclosures)} shooting disclosure(s) published"
        )
        if opts["no_serve"]:
            return
        self.stdout.write(
            f"Serving on http://127.0.0.1:{opts['port']}/ (Ctrl+C to stop)"
        )
        call_command("runserver", f"127.0.0.1:{opts['port']}", use_reloader=False)
