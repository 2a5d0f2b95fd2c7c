"""`forcewatch synth --agencies N --officers N --reports N --seed S [--out DIR]`"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.progress import Progress

from forcewatch.intake.mapping import load_mapping
from forcewatch.intake.services import import_file
from forcewatch.synth.generator import SynthSpec, plan_agencies, write_agency

MAPPING = Path(__file__).resolve().parents[3] / "intake" / "mappings" / "synthetic.yaml"


class Command(BaseCommand):
    help = "Generate seeded synthetic departments: import them, or write their exports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agencies", type=int, required=True)
        parser.add_argument("--officers", type=int, required=True)
        parser.add_argument(
            "--reports", type=int, required=True, help="incidents in total"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--out", type=Path, help="write CSV exports here; do not import"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        spec = SynthSpec(
            opts["agencies"], opts["officers"], opts["reports"], opts["seed"]
        )
        plans = plan_agencies(spec)
        mapping = load_mapping(MAPPING)
        rows = 0
        with tempfile.TemporaryDirectory() as tmp, Progress(transient=True) as bar:
            folder = opts["out"] or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            task = bar.add_task("synthetic agencies", total=len(plans))
            for plan in plans:
                path, n = write_agency(spec, plan, folder)
                rows += n
                if opts["out"] is None:
                    import_file(
                        agency_slug=plan.slug, mapping=mapping, path=path, actor="synth"
                    )
                    path.unlink()
                bar.advance(task)
        where = f"written to {opts['out']}" if opts["out"] else "imported"
        self.stdout.write(
            f"{len(plans)} agencies, {spec.officers} officers, "
            f"{spec.reports} incidents, {rows} officer x subject rows {where} "
            f"(seed {spec.seed})"
        )
