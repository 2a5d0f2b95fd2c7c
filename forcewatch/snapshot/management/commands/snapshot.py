"""`forcewatch snapshot --out DIR [--agency SLUG] [--force]`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress, TaskID

from forcewatch.snapshot.schema import SnapshotError
from forcewatch.snapshot.services import snapshot_write


class Command(BaseCommand):
    help = (
        "Write every canonical table as Parquet plus manifest.json: the frozen, "
        "hashed input of every analysis."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="a new folder")
        parser.add_argument("--agency", help="only this agency's rows (its slug)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the snapshot in a folder that is not empty",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        tasks: dict[str, TaskID] = {}
        # on stderr, so that stdout is the one summary line
        with Progress(console=Console(stderr=True), transient=True) as bar:

            def progress(table: str, done: int, total: int) -> None:
                if table not in tasks:
                    tasks[table] = bar.add_task(table, total=total)
                bar.update(tasks[table], completed=done)

            try:
                manifest = snapshot_write(
                    opts["out"],
                    opts["agency"],
                    force=opts["force"],
                    progress=progress,
                )
            except SnapshotError as exc:
                raise CommandError(str(exc)) from exc
        rows = sum(t.rows for t in manifest.tables.values())
        self.stdout.write(
            f"{len(manifest.tables)} tables, {rows} rows written to {opts['out']} "
            f"(content sha256 {manifest.content_sha256[:16]}…)"
        )
