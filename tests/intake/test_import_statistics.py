"""An import that loads many rows into a table refreshes its planner statistics
(PostgreSQL), so the staff pages do not plan for the table as it was."""

from __future__ import annotations

import pytest
from django.db import connection

from forcewatch.intake import services
from forcewatch.intake.batch import MODELS
from forcewatch.intake.services import import_file
from tests.conftest import FIXTURES, mapping

SLICE = FIXTURES / "Dallas_Response_to_Resistance_2019_head.csv"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only PostgreSQL keeps statistics without being asked",
)


def analyses() -> dict[str, int]:
    """Manual ANALYZE runs per table, as the statistics system counts them now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT relname, analyze_count FROM pg_stat_user_tables")
        return dict(cursor.fetchall())


def dallas(**kwargs: object) -> services.ImportOutcome:
    return import_file(
        agency_slug="dallas",
        mapping=mapping("dallas-r2r"),
        path=SLICE,
        actor="test",
        **kwargs,
    )


@pytest.fixture
def threshold(monkeypatch: pytest.MonkeyPatch) -> int:
    # the 60-row slice stands in for a city's file: it writes 60 involvements,
    # and 59 officers and 58 incidents (both left as they are)
    monkeypatch.setattr(services, "ANALYZE_AFTER", 60)
    return 60


@postgresql_only
def test_tables_loaded_with_many_rows_are_analyzed(
    transactional_db: None, threshold: int
) -> None:
    before = analyses()
    outcome = dallas()
    after = analyses()
    assert not outcome.filled  # a first import only creates
    written = {MODELS[kind]._meta.db_table: n for kind, n in outcome.created.items()}
    assert any(n >= threshold for n in written.values())
    assert any(n < threshold for n in written.values())
    for table, n in written.items():
        runs = after.get(table, 0) - before.get(table, 0)
        assert runs == (1 if n >= threshold else 0), (table, n)


@postgresql_only
def test_a_dry_run_analyzes_nothing(transactional_db: None, threshold: int) -> None:
    before = analyses()
    dallas(dry_run=True)
    assert analyses() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_is_left_without_statistics(
    transactional_db: None, threshold: int
) -> None:
    dallas()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchall() == []
