"""The `forcewatch` console script: every batch job, on a migrated database."""

from __future__ import annotations

import os
import sys

# Public names that differ from the Django command: `import` is not a valid
# module name, and Django's own `check` (system checks) stays reachable as
# `forcewatch manage check`.
ALIASES = {"import": "import_records", "check": "policy_check"}
USAGE = """usage: forcewatch <command> [options]
       forcewatch <command> --help   (the options of one command)

commands:
  demo      create the local database, load the demo department and serve the site
  import    import use-of-force files with a mapping (--agency, --mapping, --dry-run)
  counts    count an agency's records in every counting unit (--json)
  audit     verify the audit chain and every audited row (verify), or list it (log)
  export    export records (fbi: FBI National Use-of-Force Data Collection)
  synth     generate seeded synthetic departments
  check     check reports against a policy rule pack; findings and deadly-force cases
  policy    validate a rule pack (validate FILE), list its rules (rules [FILE])
  findings  findings and dispositions by rule, unit and period (summary)
  snapshot  write the canonical tables as Parquet plus a manifest, for analyses
  analyze   analyses over a snapshot (disparity: rates, ratios, severity, missingness)
  eis       early intervention over a snapshot: models vs threshold rules (evaluate)
  support   early-intervention support: raise threshold flags for supervisors (flag)
  release   statistical releases: build a folder; prepare, approve, publish, list
  disclosure  officer-involved shooting disclosures (draft, approve, list)
  member    give a user a role in an agency (add), list roles (list)
  token     API tokens of a user (create: printed once, revoke, list)
  manage    any Django management command (migrate, createsuperuser, runserver...)
"""
NO_MIGRATE = {
    "analyze",  # reads a snapshot, never the database
    "eis",  # likewise
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "makemigrations",
    "migrate",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import execute_from_command_line

    args = argv[1:]
    if not args or args[0] in ("help", "--help", "-h"):
        print(USAGE)
        return 0
    if args and args[0] == "manage":
        args = args[1:]  # Django's commands under their own names
    elif args:
        args[0] = ALIASES.get(args[0], args[0])
    if args and args[0] == "demo":
        # The demo is a local, single-user site: show errors in full.
        os.environ.setdefault("FORCEWATCH_DEBUG", "1")
    django.setup()
    if args and args[0] not in NO_MIGRATE:
        ensure_migrated()
    execute_from_command_line(["forcewatch", *args])
    return 0


def ensure_migrated() -> None:
    """Every command works on a fresh database: create and migrate it first."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if connection.vendor == "sqlite":
        name = str(settings.DATABASES["default"]["NAME"])
        if name != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(name)), exist_ok=True)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
