"""`forcewatch release build|prepare|approve|publish|list|schedule|due`
(docs/releases.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from forcewatch.publication.models import DEFAULT_LAG_DAYS, Frequency, Release
from forcewatch.publication.schedule import (
    releases_due,
    schedule_of,
    schedule_set,
)
from forcewatch.publication.services import (
    PublicationError,
    release_approve,
    release_build,
    release_path,
    release_prepare,
    release_publish,
)
from forcewatch.records.models import Agency
from forcewatch.records.selectors import UnknownAgency, agency_by_slug

NEXT = {
    "prepared": "an agency administrator approves it: forcewatch release approve {id}",
    "approved": "publish it: forcewatch release publish {id}",
    "published": "on the public site at /releases/{slug}/{period}/",
}


def user_named(name: str) -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(
            f"no user {name!r}: create one with `forcewatch member add {name} "
            "--agency SLUG --role ROLE`"
        )
    return user


def release_by_id(pk: int) -> Release:
    release = Release.objects.select_related("agency").filter(pk=pk).first()
    if release is None:
        raise CommandError(f"no release {pk}: see `forcewatch release list`")
    return release


class Command(BaseCommand):
    help = "Build, prepare, approve and publish statistical releases."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="build a release folder, not registered")
        build.add_argument("--agency", required=True, help="the agency's slug")
        build.add_argument("--period", required=True, help="2019H1 or 2019-03")
        build.add_argument("--out", type=Path, required=True, help="a new folder")
        build.add_argument("--snapshot", type=Path, help="default: snapshot now")
        build.add_argument("--previous", type=Path, help="the previous release")
        build.add_argument("--denominator", help="for rates (analysis/denominators)")
        prep = sub.add_parser("prepare", help="build and register the next version")
        prep.add_argument("--agency", required=True)
        prep.add_argument("--period", required=True)
        prep.add_argument("--user", required=True, help="the analyst preparing it")
        prep.add_argument("--snapshot", type=Path)
        prep.add_argument("--denominator")
        for name, text in (("approve", "approve"), ("publish", "publish")):
            step = sub.add_parser(name, help=f"{text} a release (by id)")
            step.add_argument("id", type=int)
            step.add_argument("--user", required=True)
        show = sub.add_parser("list", help="registered releases")
        show.add_argument("--agency")
        plan = sub.add_parser(
            "schedule", help="show or set how often an agency publishes"
        )
        plan.add_argument("--agency", required=True)
        plan.add_argument("--every", choices=Frequency.values, help="to set it")
        plan.add_argument("--first", help="the first period: 2019H1 or 2019-03")
        plan.add_argument(
            "--lag-days",
            type=int,
            default=DEFAULT_LAG_DAYS,
            help="days after a period ends before its release is due",
        )
        plan.add_argument("--user", help="the agency administrator setting it")
        due = sub.add_parser("due", help="ended periods without a published release")
        due.add_argument("--agency", help="default: every agency")
        due.add_argument(
            "--on", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, f"do_{opts['action']}")(opts)
        except (PublicationError, UnknownAgency) as exc:
            raise CommandError(str(exc)) from exc

    def agency(self, slug: str) -> Any:
        return agency_by_slug(slug)

    def do_build(self, opts: dict[str, Any]) -> None:
        with Console(stderr=True).status("building the release…"):
            built = release_build(
                self.agency(opts["agency"]),
                opts["period"],
                opts["out"],
                snapshot_dir=opts["snapshot"],
                previous_dir=opts["previous"],
                denominator=opts["denominator"],
            )
        self.stdout.write(
            f"{built.period_label} v{built.version} written to {opts['out']} "
            f"(release.json sha256 {built.manifest_sha256[:16]}…)"
        )

    def do_prepare(self, opts: dict[str, Any]) -> None:
        user = user_named(opts["user"])
        with Console(stderr=True).status("snapshot and build…"):
            release = release_prepare(
                self.agency(opts["agency"]),
                opts["period"],
                user,
                snapshot_dir=opts["snapshot"],
                denominator=opts["denominator"],
            )
        self.report(release)

    def do_approve(self, opts: dict[str, Any]) -> None:
        release = release_by_id(opts["id"])
        self.report(release_approve(release, user_named(opts["user"])))

    def do_publish(self, opts: dict[str, Any]) -> None:
        release = release_by_id(opts["id"])
        self.report(release_publish(release, user_named(opts["user"])))

    def do_list(self, opts: dict[str, Any]) -> None:
        releases = Release.objects.select_related("agency").order_by(
            "agency__slug", "period", "version"
        )
        if opts["agency"]:
            releases = releases.filter(agency=self.agency(opts["agency"]))
        for r in releases:
            self.stdout.write(
                f"{r.pk:>4}  {r.agency.slug} {r.period} v{r.version}  {r.status:<9}  "
                f"{release_path(r)}"
            )
        if not releases:
            self.stdout.write("no release yet: forcewatch release prepare --help")

    def do_schedule(self, opts: dict[str, Any]) -> None:
        agency = self.agency(opts["agency"])
        if opts["every"]:
            if not (opts["first"] and opts["user"]):
                raise CommandError("setting a schedule needs --first and --user")
            schedule_set(
                agency,
                user_named(opts["user"]),
                every=opts["every"],
                first_period=opts["first"],
                lag_days=opts["lag_days"],
            )
        schedule = schedule_of(agency)
        if schedule is None:
            self.stdout.write(f"{agency.slug} has no records yet: nothing is due")
            return
        own = "" if schedule.pk else " (the default)"
        self.stdout.write(
            f"{agency.slug}: {schedule.get_every_display().lower()} from "
            f"{schedule.first_period}, due {schedule.lag_days} days after a "
            f"period ends{own}"
        )

    def do_due(self, opts: dict[str, Any]) -> None:
        on = opts["on"] or dt.date.today()
        agencies = (
            [self.agency(opts["agency"])]
            if opts["agency"]
            else list(Agency.objects.order_by("slug"))
        )
        count = 0
        for agency in agencies:
            for due in releases_due(agency, on):
                count += 1
                where = (
                    f"release {due.release_id} {due.state}"
                    if due.release_id
                    else "not prepared"
                )
                self.stdout.write(
                    f"{agency.slug} {due.period.label}  due since "
                    f"{due.due_on.isoformat()}  {where}"
                )
        if not count:
            self.stdout.write(f"no release is due on {on.isoformat()}")

    def report(self, release: Release) -> None:
        after = NEXT[release.status].format(
            id=release.pk, slug=release.agency.slug, period=release.period
        )
        self.stdout.write(
            f"release {release.pk}: {release} {release.status}; next: {after}"
        )
