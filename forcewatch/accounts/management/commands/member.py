"""`forcewatch member add USERNAME --agency SLUG --role ROLE [--unit] [--officer]`"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.accounts.models import Membership, Role
from forcewatch.accounts.services import membership_grant
from forcewatch.records import models as rm


class Command(BaseCommand):
    help = "Give a user a role in an agency, or list a user's roles."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="grant a role (creates the user if needed)")
        add.add_argument("username")
        add.add_argument("--agency", required=True)
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--unit", default="")
        add.add_argument("--officer", help="the officer's source key in that agency")
        show = sub.add_parser("list", help="a user's roles")
        show.add_argument("username")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            for m in Membership.objects.filter(user__username=opts["username"]):
                self.stdout.write(f"{m.agency.slug} {m.role} {m.unit or '-'}")
            return
        agency = rm.Agency.objects.filter(slug=opts["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency {opts['agency']!r}")
        officer = None
        if opts["officer"]:
            officer = rm.Officer.objects.filter(
                agency=agency, source_key=opts["officer"]
            ).first()
            if officer is None:
                raise CommandError(f"no officer {opts['officer']!r} in {agency.slug}")
        user, created = User.objects.get_or_create(username=opts["username"])
        if created:
            user.set_unusable_password()
            user.save()
        membership_grant(
            actor="cli",
            user=user,
            agency=agency,
            role=opts["role"],
            unit=opts["unit"],
            officer=officer,
        )
        note = " (new user: set a password with `forcewatch manage changepassword`)"
        self.stdout.write(
            f"{user.username}: {opts['role']} in {agency.slug}"
            + (note if created else "")
        )
