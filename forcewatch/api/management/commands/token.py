"""`forcewatch token create|revoke|list USERNAME`: API tokens for a user."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcewatch.api.models import APIToken
from forcewatch.api.services import token_issue, token_revoke


def operator() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


class Command(BaseCommand):
    help = "Create, revoke or list a user's API tokens (the token is shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="api", help="what the token is for")
        revoke = sub.add_parser("revoke", help="revoke the user's live tokens")
        revoke.add_argument("username")
        revoke.add_argument("--name", help="only tokens of this name")
        listing = sub.add_parser("list", help="list the user's tokens")
        listing.add_argument("username")

    def handle(self, *args: Any, **opts: Any) -> None:
        model = get_user_model()
        user = model.objects.filter(**{model.USERNAME_FIELD: opts["username"]}).first()
        if user is None:
            raise CommandError(f"no user {opts['username']!r}")
        if opts["action"] == "create":
            issued = token_issue(user=user, name=opts["name"], actor=operator())
            self.stdout.write(issued.plain)
            self.stderr.write(
                "Store this token now: it is not kept and not shown again."
            )
        elif opts["action"] == "revoke":
            count = token_revoke(user=user, name=opts["name"], actor=operator())
            self.stdout.write(f"revoked {count} token(s)")
        else:
            for token in APIToken.objects.filter(user=user).order_by("created"):
                state = f"revoked {token.revoked:%Y-%m-%d}" if token.revoked else "live"
                used = (
                    f"{token.last_used:%Y-%m-%d %H:%M}" if token.last_used else "never"
                )
                self.stdout.write(
                    f"{token.name}\tcreated {token.created:%Y-%m-%d}\t"
                    f"last used {used}\t{state}"
                )
