"""Benchmark: build a public release from synthetic snapshots; load-test its page.

1. Builds: for each size (default 10^5 and 10^6 force applications, every
   incident in 2019H1), writes a synthetic snapshot (bench/analysis.py's seeded
   generator, Dallas shares) and times `forcewatch.release.build.build_release`
   end to end: counting on DuckDB, quality gates, suppression and its LP audit,
   charts, the Frictionless package and its validation, methods and manifest.
   Baseline in the same run: reading the snapshot's Parquet files into memory
   with pyarrow (the least any release must do). Target (issue 7): 10^6 in
   under 60 s.
2. Load: publishes the 10^5 release in a fresh database, serves the site with
   gunicorn on 127.0.0.1 and measures p50/p95 of the public release page under
   50 concurrent clients (wrk when installed, else Python threads). Baseline:
   the public list of releases. Target: p95 under 100 ms.

Prints `name: value unit` lines and last `ratio: r` = build time / read time at
the largest size.

    python bench/release.py [--sizes 1e5 1e6] [--clients 50] [--seconds 15]
        [--work /tmp/fw-bench-release] [--no-load]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from analysis import write_snapshot  # noqa: E402

PERIOD = "2019H1"
SPAN = ("2019-01-01", 181)


def _tag(size: int) -> str:
    return f"1e{len(str(size)) - 1}" if str(size).strip("0") == "1" else str(size)


def read_all(snapshot: Path) -> float:
    start = time.perf_counter()
    for path in sorted(snapshot.glob("*.parquet")):
        pq.read_table(path)
    return time.perf_counter() - start


def build(snapshot: Path, out: Path) -> float:
    from forcewatch.release.build import build_release

    start = time.perf_counter()
    build_release(snapshot, agency_slug="synthetic", period=PERIOD, out_dir=out)
    return time.perf_counter() - start


def publish_for_bench(snapshot: Path, period: str, slug: str = "synthetic") -> str:
    """Register, approve and publish the snapshot's release; its page's path."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from forcewatch.accounts.models import Membership, Role
    from forcewatch.core.audit import audit_write
    from forcewatch.publication.services import (
        release_approve,
        release_prepare,
        release_publish,
    )
    from forcewatch.records.models import Agency

    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        with (
            transaction.atomic(),
            audit_write(actor="bench", action="membership_grant") as audit,
        ):
            agency = Agency(slug=slug, name="Synthetic department")
            audit.save(agency)
            for name, role in (
                ("bench-analyst", Role.ANALYST),
                ("bench-admin", Role.AGENCY_ADMIN),
            ):
                user = User.objects.create_user(name)
                audit.save(Membership(user=user, agency=agency, role=role))
    analyst = User.objects.get(username="bench-analyst")
    admin = User.objects.get(username="bench-admin")
    release = release_prepare(agency, period, analyst, snapshot_dir=snapshot)
    release_publish(release_approve(release, admin), admin)
    return f"/releases/{slug}/{period}/"


def load_test(release_snapshot: Path, work: Path, clients: int, seconds: float) -> None:
    import web  # bench/web.py: gunicorn + wrk helpers

    data_dir = Path(os.environ["FORCEWATCH_DATA_DIR"])
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    page = publish_for_bench(release_snapshot, PERIOD)
    proc = web.serve(str(data_dir), workers=web.WORKERS, threads=web.THREADS)
    try:
        web.measure(
            (("baseline_release_list", ["/releases/"]), ("release_page", [page])),
            "",
            clients,
            seconds,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6])
    parser.add_argument("--work", type=Path, default=Path("/tmp/fw-bench-release"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    site = args.work / "site"  # the load test's database and published releases
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    os.environ["FORCEWATCH_DATA_DIR"] = str(site)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()  # the snapshot writer takes its schemas from the models
    ratio = 0.0
    first_snapshot = None
    for size in (int(s) for s in args.sizes):
        tag = _tag(size)
        snapshot = args.work / f"snapshot-{tag}"
        if not (snapshot / "manifest.json").is_file():
            shutil.rmtree(snapshot, ignore_errors=True)
            start = time.perf_counter()
            write_snapshot(snapshot, size, seed=7, span=SPAN)
            print(f"snapshot_{tag}: {time.perf_counter() - start:.1f} s")
        first_snapshot = first_snapshot or snapshot
        out = args.work / f"release-{tag}"
        if first_snapshot == snapshot:  # warm up: imports, the chart renderer
            shutil.rmtree(out, ignore_errors=True)
            build(snapshot, out)
        shutil.rmtree(out, ignore_errors=True)
        took = build(snapshot, out)
        baseline = read_all(snapshot)
        print(f"release_build_{tag}: {took:.1f} s")
        print(f"baseline_read_{tag}: {baseline:.2f} s")
        ratio = took / baseline
    if not args.no_load and first_snapshot is not None:
        load_test(first_snapshot, args.work, args.clients, args.seconds)
    print(f"ratio: {ratio:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
