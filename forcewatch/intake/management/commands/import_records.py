"""`forcewatch import --agency SLUG --mapping FILE.yaml FILE...`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from forcewatch.intake.errors import ImportRejected, MappingError
from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import ImportOutcome, import_file, order_files


class Command(BaseCommand):
    help = (
        "Import use-of-force files into the canonical records, mapped by a YAML config."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--agency", required=True, help="agency slug, e.g. dallas")
        parser.add_argument(
            "--mapping", required=True, type=Path, help="mapping YAML file"
        )
        parser.add_argument(
            "--source", help="the mapping source, if file names do not tell"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate, write nothing"
        )
        parser.add_argument("--actor", help="who is importing (default: cli:<user>)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **opts: Any) -> None:
        console = Console(stderr=True, soft_wrap=True)
        try:
            mapping = load_mapping(opts["mapping"])
            files = (
                [(p, opts["source"]) for p in opts["files"]]
                if opts["source"]
                else order_files(mapping, opts["files"])
            )
        except MappingError as exc:
            raise CommandError(str(exc)) from exc
        failed = 0
        for path, source in files:
            try:
                outcome = self.import_one(console, mapping, path, source, opts)
            except ImportRejected as exc:
                failed += 1
                console.print(
                    f"[bold red]REJECTED[/] {path.name}: nothing was imported from it."
                )
                for error in exc.errors:
                    console.print(f"  {error}", markup=False, highlight=False)
                continue
            self.stdout.write(describe(outcome))
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} file(s) rejected; "
                "the database is unchanged for them"
            )

    def import_one(
        self,
        console: Console,
        mapping: Any,
        path: Path,
        source: str | None,
        opts: dict[str, Any],
    ) -> ImportOutcome:
        quiet = opts["quiet"] or not console.is_terminal
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=quiet,
            transient=True,
        ) as bar:
            task = bar.add_task(path.name, total=None)

            def advance(step: int, total: int) -> None:
                bar.update(task, advance=step, total=total or None)

            return import_file(
                agency_slug=opts["agency"],
                mapping=mapping,
                path=path,
                source=source,
                dry_run=opts["dry_run"],
                actor=opts["actor"],
                progress=advance,
            )


def describe(outcome: ImportOutcome) -> str:
    parts = [
        f"{outcome.status.upper()} {outcome.file} [{outcome.source}]: "
        f"{outcome.rows} rows"
    ]
    if outcome.created:
        parts.append(
            "created " + ", ".join(f"{v} {k}" for k, v in outcome.created.items())
        )
    if outcome.filled:
        parts.append(
            "completed " + ", ".join(f"{v} {k}" for k, v in outcome.filled.items())
        )
    if outcome.conflicts:
        parts.append(
            "kept stored values on conflict for "
            + ", ".join(f"{v} {k}" for k, v in outcome.conflicts.items())
        )
    if outcome.skipped:
        reasons: dict[str, int] = {}
        for s in outcome.skipped:
            reasons[s["reason"]] = reasons.get(s["reason"], 0) + 1
        parts.append(
            "skipped " + "; ".join(f"{n} row(s): {r}" for r, n in reasons.items())
        )
    if outcome.dropped_headers:
        parts.append(f"dropped repeated header rows {outcome.dropped_headers}")
    return "\n  ".join(parts)
