"""Benchmark: staff report list and detail pages with 10^5 reports, 20 clients.

Seeds a fresh database with N field reports (default 100,000) through the
audited bulk path, serves the app with gunicorn on 127.0.0.1, and measures
p50/p95 latency of the report list and report detail pages under C concurrent
keep-alive clients (default 20). Baseline, measured in the same run: the
public agency list page `/` (no login, one small query).

    python bench/web.py [--reports 100000] [--clients 20] [--seconds 20]

Target (issue 4): p95 under 150 ms for the list and detail pages. Uses wrk (Debian's
`wrk`) as the load generator when installed, otherwise Python threads (which share
the 2 cores with the server and inflate the figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8931
WARM_UP_SECONDS = 5  # every worker process booted and warm before a figure is taken
# how docs/settings.md serves: one process per core, four threads each
WORKERS, THREADS = os.cpu_count() or 2, 4


def setup_django(data_dir: str, database_url: str | None = None) -> None:
    """Django on a fresh database: SQLite in `data_dir`, or the PostgreSQL server
    of `database_url`, in a database of that name dropped and created anew."""
    os.environ["FORCEWATCH_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        fresh_postgres(database_url)
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from forcewatch.cli import ensure_migrated

    ensure_migrated()


def fresh_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def seed(reports: int) -> tuple[str, list[int]]:
    """A supervisor who sees every report, and the ids of N reports in their unit."""
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection, transaction
    from django.utils import timezone

    from forcewatch.accounts.models import Membership, Role
    from forcewatch.core.audit import audit_write
    from forcewatch.core.lib.bulk import column_defaults
    from forcewatch.records import models as rm
    from forcewatch.reporting.models import FieldReport, NamedOfficer, Status

    rng = random.Random(1)  # noqa: S311 - synthetic bench data
    statuses = [Status.SUBMITTED, Status.APPROVED, Status.RETURNED, Status.DRAFT]
    with transaction.atomic(), audit_write(actor="bench", action="bench_seed") as audit:
        agency = rm.Agency(slug="bench", name="Bench PD")
        audit.save(agency)
        officer = rm.Officer(agency=agency, source_key="bench-1", family_name="Bench")
        audit.save(officer)
        author = User.objects.create_user("bench-officer")
        boss = User.objects.create_user("bench-supervisor")
        audit.save(
            Membership(
                user=boss,
                agency=agency,
                role=Role.SUPERVISOR,
                unit="north",
                officer=officer,
            )
        )
        now = timezone.now()
        content = {
            "incident": {"occurred_date": "2026-01-01"},
            "subjects": [{}],
            "officers": [{"officer_id": officer.pk}],
            "forces": [],
        }
        defaults = column_defaults(FieldReport)
        rows = []
        for n in range(1, reports + 1):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000))
            rows.append(
                {
                    **defaults,
                    "agency_id": agency.pk,
                    "number": f"UF-B-{n:07d}",
                    "unit": "north",
                    "author_id": author.pk,
                    "officer_id": officer.pk,
                    "status": rng.choice(statuses),
                    "version": 1,
                    "content": content,
                    "occurred_date": day,
                    "created_at": now,
                    "updated_at": now - dt.timedelta(minutes=n),
                    "submitted_at": now,
                    "review_due": now,
                }
            )
        ids = audit.insert(FieldReport, rows)
        # the index of the officers each report names, as report_save keeps it
        NamedOfficer.objects.bulk_create(
            (NamedOfficer(report_id=i, officer_id=officer.pk) for i in ids),
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        # what autovacuum does within a minute of a bulk load; without it the
        # planner guesses 1 row and sorts all 25,000 submitted reports for a page
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    session = SessionStore()
    session["_auth_user_id"] = str(boss.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = boss.get_session_auth_hash()
    session.create()
    return session.session_key or "", ids


def serve(
    data_dir: str,
    workers: int,
    threads: int,
    worker_class: str = "gthread",
    extra: tuple[str, ...] = (),
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FORCEWATCH_DATA_DIR": data_dir, "FORCEWATCH_LOG": "ERROR"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            worker_class,
            "--reuse-port",  # one listening socket per process (docs/settings.md)
            "--log-level",
            "warning",
            *extra,
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def load(paths: list[str], cookie: str, clients: int, seconds: float) -> list[float]:
    """Latencies (ms) of GETs by `clients` threads for `seconds`; fails on non-200."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        while time.monotonic() < stop:
            path = rng.choice(paths)
            start = time.perf_counter()
            headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                with lock:
                    errors.append(f"{path}: HTTP {response.status}")
                return
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError("; ".join(errors[:3]))
    return latencies


WRK_SCRIPT = """
paths = {%s}
%s
math.randomseed(7)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %%.3f %%.3f %%.1f %%d %%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect, summary.errors.timeout))
end
"""


def connections_per_process() -> list[int]:
    """How the server's processes share the open client connections, most first
    (empty without `ss`). A kept-alive connection stays with the process that
    accepted it, so an uneven share shows as a slow run."""
    if shutil.which("ss") is None:
        return []
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{PORT} )"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    pids = [p for line in out.splitlines() for p in re.findall(r"pid=(\d+)", line)]
    return sorted(Counter(pids).values(), reverse=True)


def load_wrk(
    paths: list[str], cookie: str, clients: int, seconds: float
) -> tuple[float, float, float, list[int]]:
    """(p50 ms, p95 ms, requests/s, connections per server process) from wrk, a
    load generator in C; the connections are counted half-way through."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        cookie_line = f'wrk.headers["Cookie"] = "sessionid={cookie}"' if cookie else ""
        fh.write(WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), cookie_line))
    shares: list[int] = []
    counter = threading.Timer(
        seconds / 2, lambda: shares.extend(connections_per_process())
    )
    counter.start()
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{int(seconds)}s",
            "-s",
            fh.name,
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    p50, p95, rate, errors, timeouts = line.split()[1:]
    if int(errors):
        raise RuntimeError(f"{errors} failed requests: {out}")
    if int(timeouts):  # a measurement, not a failure: say so beside the figures
        print(
            f"# {paths[0]}{' ...' if len(paths) > 1 else ''}: {timeouts} request(s) "
            "over wrk's 2 s timeout, not in the percentiles"
        )
    counter.join()
    return float(p50), float(p95), float(rate), shares


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1]


Figures = tuple[float, float, float, list[int]]  # p50 ms, p95 ms, requests/s, shares


def measure(
    targets: tuple[tuple[str, list[str]], ...],
    cookie: str,
    clients: int,
    seconds: float,
) -> dict[str, Figures]:
    """Warm up, then load each target's paths in turn; print and return the figures."""
    figures: dict[str, Figures] = {}
    use_wrk = shutil.which("wrk") is not None
    print(f"load_generator: {'wrk' if use_wrk else 'python-threads'}")
    for name, paths in targets:
        if use_wrk:
            load_wrk(paths, cookie, clients, WARM_UP_SECONDS)
            figures[name] = load_wrk(paths, cookie, clients, seconds)
            continue
        load(paths, cookie, clients, WARM_UP_SECONDS)
        got = load(paths, cookie, clients, seconds)
        figures[name] = (pct(got, 50), pct(got, 95), len(got) / seconds, [])
    for name, (p50, p95, rate, shares) in figures.items():
        print(f"{name}_p50: {p50:.1f} ms")
        print(f"{name}_p95: {p95:.1f} ms")
        print(f"{name}_throughput: {rate:.0f} requests/s")
        if shares:
            print(f"{name}_connections_per_process: {shares} count")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    # processes, not threads: a page is Python work under one GIL per process
    # (docs/decisions.md, "Web benchmark")
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help="gunicorn processes (one a core)"
    )
    parser.add_argument(
        "--threads", type=int, default=THREADS, help="threads per process"
    )
    parser.add_argument("--worker-class", default="gthread", help="sync, gthread...")
    parser.add_argument(
        "--gunicorn-args",
        default="",
        help="more gunicorn options, e.g. '--keep-alive 0'",
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to create anew for the run, e.g. "
        "postgres://postgres@127.0.0.1:5432/forcewatch_bench (default: SQLite)",
    )
    parser.add_argument("--list-path", default="/staff/")
    parser.add_argument("--detail-path", default="/staff/{id}/")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="fw-bench-web-")
    setup_django(data_dir, args.database_url)
    print(f"database: {'postgresql' if args.database_url else 'sqlite'}")
    start = time.perf_counter()
    cookie, ids = seed(args.reports)
    print(
        f"seed_reports: {args.reports} reports in {time.perf_counter() - start:.1f} s"
    )
    proc = serve(
        data_dir,
        args.workers,
        args.threads,
        args.worker_class,
        tuple(args.gunicorn_args.split()),
    )
    try:
        rng = random.Random(2)  # noqa: S311
        details = [args.detail_path.format(id=i) for i in rng.sample(ids, 500)]
        lists = [
            args.list_path,
            f"{args.list_path}?page=2",
            f"{args.list_path}?status=submitted",
        ]
        figures = measure(
            (
                ("baseline_home", ["/"]),
                ("report_list", lists),
                ("report_detail", details),
            ),
            cookie,
            args.clients,
            args.seconds,
        )
        worst = max(figures["report_list"][1], figures["report_detail"][1])
        print(f"ratio: {worst / figures['baseline_home'][1]:.2f}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
