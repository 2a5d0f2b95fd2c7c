"""Benchmark: the default rule pack over every Chicago TRR (both periods, ~85,000).

Imports Chicago TRR 2004-2018 and 2021-2023 into a SQLite database (a file already
imported there is skipped, so `--db` makes re-runs fast), builds every report view
once (timed on its own), then times

- the engine with the default pack over all reports;
- the engine with a pack of three of its rules (neck-restraint,
  deadly-force-fleeing, first-aid-and-medical-help), and a plain-Python loop
  over the same view dicts implementing those three rules with the same
  semantics. The two must agree on every report: the same (report, rule, item,
  fired or incomplete) results, with the same missing facts and evidence.

Each timing is the best of --repeat runs, each with a new Engine (on its library
path the engine remembers verdicts by projected view within a run, never across
runs; compiled rules remember nothing).
Targets (issue 5): at least 5,000
reports/s for the default pack, engine time at most 3x the plain-Python loop.

    python bench/policy.py [--data ../shared/data] [--db /tmp/fw-bench.sqlite3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAPPINGS = ROOT / "forcewatch" / "intake" / "mappings"
PERIODS = {
    "chicago-trr-2004-2018": "chicago_cpdp/trr_2004_2018",
    "chicago-trr-2021-2023": "chicago_cpdp/trr_2021_2023",
}
THREE = ("neck-restraint", "deadly-force-fleeing", "first-aid-and-medical-help")
# the three rules' effective_from in the default pack (none has an effective_to)
IN_FORCE_FROM = date(2000, 1, 1)

# (unit key, rule id, item, fired, missing facts, evidence)
Found = tuple[str, str, str, bool, tuple[str, ...], tuple[tuple[str, Any], ...]]


def import_chicago(data: Path) -> None:
    from forcewatch.intake.errors import MappingError
    from forcewatch.intake.mapping import load_mapping
    from forcewatch.intake.services import import_file, order_files, source_for_file

    for name, folder in PERIODS.items():
        mapping = load_mapping(MAPPINGS / f"{name}.yaml")
        files = []
        for path in sorted((data / folder).glob("*.csv.gz")):
            try:
                source_for_file(mapping, path)
            except MappingError:
                continue  # e.g. the statuses `_profiles` file: no source reads it
            files.append(path)
        for path, source in order_files(mapping, files):
            import_file(
                agency_slug="chicago", mapping=mapping, path=path, source=source
            )


# -- the three rules in plain Python ---------------------------------------------


def _evidence(view: dict[str, Any], pairs: Iterable[tuple[str, Any]]) -> Any:
    return (("report.key", view["key"]), ("report.date", view["date"]), *pairs)


def neck_restraint(view: dict[str, Any]) -> Iterable[tuple[str, bool, Any, Any]]:
    for force in view["force"]:
        if force["type"] != "neck_restraint":
            continue
        level = force["resistance_level"]
        if level is not None and level >= 5:
            continue
        yield (
            f"force:{force['key']}",
            level is not None,
            () if level is not None else ("force.resistance_level",),
            _evidence(
                view,
                (
                    ("force.type", force["type"]),
                    ("force.resistance", force["resistance"]),
                    ("force.subject.armed", force["subject"]["armed"]),
                    ("force.officer.key", force["officer"]["key"]),
                ),
            ),
        )


def deadly_force_fleeing(view: dict[str, Any]) -> Iterable[tuple[str, bool, Any, Any]]:
    for force in view["force"]:
        subject = force["subject"]
        if not (force["deadly"] and subject["fleeing"] is True):
            continue
        level = force["resistance_level"]
        if level is not None and level >= 5:
            continue
        yield (
            f"force:{force['key']}",
            level is not None,
            () if level is not None else ("force.resistance_level",),
            _evidence(
                view,
                (
                    ("force.type", force["type"]),
                    ("force.resistance", force["resistance"]),
                    ("force.subject.armed", subject["armed"]),
                    ("force.subject.armed_with", subject["armed_with"]),
                    ("force.officer.key", force["officer"]["key"]),
                ),
            ),
        )


def first_aid(view: dict[str, Any]) -> Iterable[tuple[str, bool, Any, Any]]:
    for s in view["subjects"]:
        if not (s["injured"] is True or s["complained_of_injury"] is True):
            continue
        aid, medical = s["first_aid_given"], s["medical_requested"]
        if aid is not None and medical is not None:
            if aid and medical:
                continue
            missing: tuple[str, ...] = ()
        else:
            missing = tuple(
                path
                for path, value in (
                    ("subject.first_aid_given", aid),
                    ("subject.medical_requested", medical),
                )
                if value is None
            )
        yield (
            f"subject:{s['key']}",
            not missing,
            missing,
            _evidence(
                view,
                (
                    ("subject.injured", s["injured"]),
                    ("subject.complained_of_injury", s["complained_of_injury"]),
                    ("subject.injury_severity", s["injury_severity"]),
                    ("subject.first_aid_given", aid),
                    ("subject.medical_requested", medical),
                ),
            ),
        )


PLAIN: dict[str, Callable[[dict[str, Any]], Iterable[tuple[str, bool, Any, Any]]]] = {
    "neck-restraint": neck_restraint,
    "deadly-force-fleeing": deadly_force_fleeing,
    "first-aid-and-medical-help": first_aid,
}


def plain_python(units: list[Any]) -> list[Found]:
    found: list[Found] = []
    for unit in units:
        if unit.date is None or unit.date < IN_FORCE_FROM:
            continue
        view = unit.view
        for rule_id, rule in PLAIN.items():
            for item, fired, missing, evidence in rule(view):
                found.append((unit.key, rule_id, item, fired, missing, evidence))
    return found


def engine_results(engine: Any, units: list[Any]) -> list[Found]:
    found: list[Found] = []
    for unit in units:
        for r in engine.evaluate(unit).results:
            found.append(
                (
                    unit.key,
                    r.rule.id,
                    r.item,
                    r.fired,
                    tuple(r.missing),
                    tuple(r.evidence.items()),
                )
            )
    return found


def three_rule_pack() -> Any:
    import yaml

    from forcewatch.policy.pack import DEFAULT_PACK, parse_pack

    spec = yaml.safe_load(DEFAULT_PACK.read_text(encoding="utf-8"))
    spec["rules"] = [r for r in spec["rules"] if r["id"] in THREE]
    spec["pack"] = "bench-three"
    return parse_pack(yaml.safe_dump(spec, sort_keys=False), "bench-three")


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", type=Path, help="SQLite file to reuse (default: new)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="fw-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from forcewatch.cli import ensure_migrated
    from forcewatch.policy.engine import Engine
    from forcewatch.policy.pack import load_pack
    from forcewatch.policy.view import ViewBuilder
    from forcewatch.records.models import Agency

    ensure_migrated()
    start = time.perf_counter()
    import_chicago(args.data)
    print(f"# import (or reuse) {db}: {time.perf_counter() - start:.1f} s")

    builder = ViewBuilder(Agency.objects.get(slug="chicago").pk)
    start = time.perf_counter()
    units = list(builder.units(builder.incident_ids()))
    views_s = time.perf_counter() - start
    n = len(units)
    print(f"views: {n} reports in {views_s:.1f} s")

    pack = load_pack()

    def full_pass() -> list[Any]:
        engine = Engine(pack)  # a fresh engine: nothing remembered from a run before
        return [engine.evaluate(u) for u in units]

    full_s, outcomes = best(args.repeat, full_pass)
    print(
        f"# default pack {pack.version}: {len(pack.rules)} rules, "
        f"{sum(len(o.results) for o in outcomes)} results, "
        f"{sum(len(o.errors) for o in outcomes)} errors"
    )
    print(f"engine: {n / full_s:.0f} reports/s")

    three = three_rule_pack()
    engine_s, by_engine = best(
        args.repeat, lambda: engine_results(Engine(three), units)
    )
    plain_s, by_plain = best(args.repeat, lambda: plain_python(units))
    if sorted(by_engine, key=repr) != sorted(by_plain, key=repr):
        only_engine = set(map(repr, by_engine)) - set(map(repr, by_plain))
        only_plain = set(map(repr, by_plain)) - set(map(repr, by_engine))
        print(
            f"MISMATCH: engine only {sorted(only_engine)[:3]}, "
            f"plain only {sorted(only_plain)[:3]}",
            file=sys.stderr,
        )
        return 1
    fired = sum(1 for f in by_plain if f[3])
    print(f"# three rules: {len(by_plain)} results ({fired} fired), identical")
    print(f"three rules, engine: {n / engine_s:.0f} reports/s")
    print(f"three rules, plain python: {n / plain_s:.0f} reports/s")
    print(f"ratio: {engine_s / plain_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
