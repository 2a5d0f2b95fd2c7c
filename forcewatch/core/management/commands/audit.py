"""`forcewatch audit verify` and `forcewatch audit log`"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the hash-chained audit log and every audited row, or list the log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="exit non-zero naming the first broken entry")
        log = sub.add_parser("log", help="list the latest audit events")
        log.add_argument("--limit", type=int, default=20)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "log":
            for event in AuditEvent.objects.order_by("-seq")[: opts["limit"]]:
                self.stdout.write(
                    f"#{event.seq} {event.at:%Y-%m-%d %H:%M:%S} {event.actor} "
                    f"{event.action} {event.summary}"
                )
            return
        result = audit_verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(f"BROKEN: {problem}")
            raise CommandError(
                f"audit chain broken; first problem: {result.problems[0]}"
            )
        self.stdout.write(
            f"OK: {result.events} audit events and {result.rows} audited rows verified"
        )
