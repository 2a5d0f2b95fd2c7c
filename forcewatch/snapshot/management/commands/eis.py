"""`forcewatch eis evaluate --snapshot DIR --agency SLUG --out DIR`

Reads a snapshot, never the database. The evaluation itself is
`forcewatch.analysis.eis` (no Django); this only parses options and prints
the headline lines. The threshold flags routed to supervisors, with their
interventions and outcomes, are `forcewatch support flag` (docs/support.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Early intervention: evaluate the threshold baseline and the learned models "
        "on rolling yearly splits of a snapshot (evaluate)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser(
            "evaluate",
            help="compare the models with the threshold rules at equal flags",
            description="Writes comparison, by-split, fairness, flags, labels, "
            "training and coefficient tables (CSV) and summary.json to --out.",
        )
        evaluate.add_argument("--snapshot", type=Path, required=True)
        evaluate.add_argument("--agency", required=True, help="the agency's slug")
        evaluate.add_argument("--out", type=Path, required=True)
        evaluate.add_argument(
            "--thresholds",
            type=Path,
            help="threshold rules changing the defaults (default: the agency's "
            "file in forcewatch/analysis/eis/agencies/, if any)",
        )
        evaluate.add_argument("--first-train-year", type=int, default=2007)
        evaluate.add_argument("--first-test-year", type=int, default=2012)
        evaluate.add_argument("--last-test-year", type=int, default=2017)
        evaluate.add_argument(
            "--model",
            action="append",
            dest="models",
            help="only this model (repeat; default: all)",
        )
        evaluate.add_argument(
            "--label",
            help="the outcome to predict, an id of forcewatch/analysis/eis/"
            "labels.yaml (default sustained_complaint; agencies without "
            "complaints: a force_* label)",
        )
        evaluate.add_argument(
            "--bootstrap", type=int, default=2000, help="resamples for intervals"
        )
        evaluate.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **opts: Any) -> None:
        from forcewatch.analysis.eis import (
            LabelError,
            Plan,
            ThresholdError,
            evaluate_snapshot,
            headline,
            load_thresholds,
        )
        from forcewatch.analysis.manifest import ManifestError

        try:
            plan = Plan(
                first_train_year=opts["first_train_year"],
                first_test_year=opts["first_test_year"],
                last_test_year=opts["last_test_year"],
                models=tuple(opts["models"] or Plan().models),
                n_resamples=opts["bootstrap"],
                seed=opts["seed"],
                label=opts["label"] or Plan().label,
            )
            thresholds = load_thresholds(opts["agency"], opts["thresholds"])
            result = evaluate_snapshot(
                opts["snapshot"], opts["agency"], thresholds, plan
            )
        except (ThresholdError, LabelError, ManifestError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        result.write(opts["out"])
        self.stdout.write(headline(result.summary))
        self.stdout.write(f"tables and summary.json written to {opts['out']}")
