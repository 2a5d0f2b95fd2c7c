"""One SparkSession per test run, and one snapshot of real slices for reading tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.db import connection

from forcewatch.analysis.backends import local_spark_session
from forcewatch.snapshot.services import snapshot_write
from tests.snapshot.data import import_two_agencies, review_findings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


# Tests run a few tiny queries: the JVM's quick compiler alone (C1) halves
# start-up and first-query time; the full one pays off on long jobs only.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
# Libraries not yet caught up with pandas 3 and DuckDB 1.5: pyspark 4.0's
# toPandas passes a deprecated argument; ibis 12 reads a deprecated pandas
# option and calls a deprecated DuckDB method (removed in DuckDB 2: pinned <2).
PYSPARK_PANDAS = "ignore:The copy keyword is deprecated:DeprecationWarning"
IBIS_OLD_CALLS = (
    "ignore:The 'future.infer_string' option:DeprecationWarning",
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning",
)
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "fixture_snapshot" in getattr(item, "fixturenames", ()):
            # pytest-django creates the test database only for tests that ask
            item.add_marker(pytest.mark.django_db)
        if item.path.is_relative_to(HERE):
            for ignored in IBIS_OLD_CALLS:
                item.add_marker(pytest.mark.filterwarnings(ignored))
        if item.get_closest_marker("spark"):
            item.add_marker(pytest.mark.filterwarnings(PYSPARK_PANDAS))


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """local[2], started once (~5-15 s): every Spark test shares it.

    Needs Java 17+; JAVA_HOME is taken from the `java` on PATH when unset.
    """
    session = local_spark_session(conf={"spark.driver.extraJavaOptions": QUICK_JVM})
    yield session
    session.stop()


@pytest.fixture(scope="session")
def fixture_snapshot(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """Dallas's and Chicago's slices, checked and one finding reviewed, as one
    snapshot, written once per run.

    The import commits (it is durable), so the rows are flushed afterwards,
    as transactional tests flush theirs: the next test starts empty.
    """
    out = tmp_path_factory.mktemp("analysis") / "snapshot"
    name = str(connection.settings_dict["NAME"])
    if not ("memory" in name or Path(name).name.startswith("test_")):
        raise RuntimeError(f"{name} is not a test database: not writing to it")
    with django_db_blocker.unblock():
        try:
            import_two_agencies()
            review_findings()
            snapshot_write(out, created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        finally:
            call_command("flush", interactive=False, verbosity=0)
    return out
