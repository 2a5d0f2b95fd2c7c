"""`forcewatch disclosure draft|approve|list`: officer-involved shooting disclosures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.policy.models import DeadlyForceCase
from forcewatch.publication.disclosures import disclosure_approve, disclosure_draft
from forcewatch.publication.management.commands.release import user_named
from forcewatch.publication.models import ShootingDisclosure
from forcewatch.publication.services import PublicationError


class Command(BaseCommand):
    help = "Draft and approve officer-involved shooting disclosures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        draft = sub.add_parser("draft", help="draft from a deadly-force case's records")
        draft.add_argument("case", help="the case number, e.g. DF-2019-123")
        draft.add_argument("--agency", help="the agency's slug, if numbers repeat")
        draft.add_argument("--user", required=True, help="professional standards")
        approve = sub.add_parser("approve", help="approve (publishes; case closed)")
        approve.add_argument("id", type=int)
        approve.add_argument("--user", required=True, help="an agency administrator")
        approve.add_argument(
            "--description-file",
            type=Path,
            required=True,
            help="the reviewed description (UTF-8 text)",
        )
        sub.add_parser("list", help="every disclosure and its status")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, f"do_{opts['action']}")(opts)
        except PublicationError as exc:
            raise CommandError(str(exc)) from exc

    def do_draft(self, opts: dict[str, Any]) -> None:
        cases = DeadlyForceCase.objects.select_related("agency").filter(
            number=opts["case"]
        )
        if opts["agency"]:
            cases = cases.filter(agency__slug=opts["agency"])
        found = list(cases[:2])
        if len(found) != 1:
            what = "no deadly-force case" if not found else "several cases"
            raise CommandError(
                f"{what} numbered {opts['case']!r}"
                + (": add --agency SLUG" if found else " (see /staff/policy/)")
            )
        d = disclosure_draft(found[0], user_named(opts["user"]))
        self.stdout.write(
            f"disclosure {d.pk} drafted for {opts['case']}: {d.officers.count()} "
            f"officer(s), {d.subjects.count()} person(s) fired at; next: "
            f"forcewatch disclosure approve {d.pk} --description-file FILE"
        )

    def do_approve(self, opts: dict[str, Any]) -> None:
        d = ShootingDisclosure.objects.filter(pk=opts["id"]).first()
        if d is None:
            raise CommandError(
                f"no disclosure {opts['id']}: forcewatch disclosure list"
            )
        path: Path = opts["description_file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file (the reviewed description)")
        text = path.read_text(encoding="utf-8")
        d = disclosure_approve(d, user_named(opts["user"]), text)
        self.stdout.write(f"disclosure {d.pk} approved: public at /shootings/{d.pk}/")

    def do_list(self, opts: dict[str, Any]) -> None:
        found = ShootingDisclosure.objects.select_related("case", "agency")
        for d in found.order_by("pk"):
            self.stdout.write(
                f"{d.pk:>4}  {d.agency.slug} {d.case.number}  {d.status:<8}  "
                f"case {d.case.status}"
            )
        if not found.exists():
            self.stdout.write("no disclosure yet: forcewatch disclosure draft --help")
