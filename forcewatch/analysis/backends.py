"""Ibis connections over a snapshot: DuckDB in-process by default, or Spark.

Both register every table of the manifest under its own name (`incident`,
`force_application`...) with the same Ibis schema, so one analysis runs on
either unchanged. Two things differ in the Parquet files and are evened out:

- time of day (`occurred_time`, `at_time`) is stored as Parquet TIME, which
  Spark 4.0 cannot read; both backends show it as int64 microseconds since
  midnight (`hour_of_day` turns it into an hour);
- timestamps are stored as UTC instants; both backends show them as UTC
  without a zone (Spark has no zoned timestamp type in Ibis).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
from ibis import BaseBackend

from forcewatch.analysis.manifest import Manifest, ManifestError, load_manifest

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "ManifestError",
    "duckdb_backend",
    "hour_of_day",
    "load_manifest",
    "local_spark_session",
    "spark_backend",
]

MICROS_PER_HOUR = 3_600_000_000


def duckdb_backend(snapshot_dir: str | Path) -> BaseBackend:
    """An in-memory DuckDB connection with a view per snapshot table."""
    folder, manifest = _open(snapshot_dir)
    con = ibis.duckdb.connect()
    con.raw_sql("SET TimeZone = 'UTC'")
    for name, path, schema in _tables(folder, manifest):
        replace = [
            f"epoch_us({_ident(f.name)})::BIGINT AS {_ident(f.name)}"
            if pa.types.is_time(f.type)
            else f"timezone('UTC', {_ident(f.name)}) AS {_ident(f.name)}"
            for f in schema
            if pa.types.is_time(f.type) or pa.types.is_timestamp(f.type)
        ]
        columns = f"* REPLACE ({', '.join(replace)})" if replace else "*"
        source = "'" + str(path).replace("'", "''") + "'"
        # identifiers quoted, the path a quoted literal: no injection from names
        view = f"CREATE VIEW {_ident(name)} AS SELECT {columns} "  # noqa: S608
        con.raw_sql(f"{view}FROM read_parquet({source})")
    return con


def spark_backend(
    snapshot_dir: str | Path, session: SparkSession | None = None
) -> BaseBackend:
    """A PySpark connection with a temporary view per snapshot table.

    The views live in a new session sharing `session`'s context (a local[2]
    session is started if none is given), so two snapshots open at once do
    not see each other's tables.
    """
    from pyspark.sql import types as st

    folder, manifest = _open(snapshot_dir)
    spark = (session or local_spark_session()).newSession()
    con = ibis.pyspark.connect(spark)
    for name, path, schema in _tables(folder, manifest):
        fields = [
            st.StructField(f.name, _spark_type(f.type), nullable=True) for f in schema
        ]
        frame = spark.read.schema(st.StructType(fields)).parquet(str(path))
        frame.createOrReplaceTempView(name)
    return con


def local_spark_session(
    cores: int = 2, conf: Mapping[str, str] | None = None
) -> SparkSession:
    """A small local Spark: no UI, few shuffle partitions, UTC; `conf` on top.

    Sets JAVA_HOME from the `java` on PATH when it is not set. An existing
    session is returned as it is (Spark keeps one per process).
    """
    java = shutil.which("java")
    if not os.environ.get("JAVA_HOME"):
        if java is None:
            raise RuntimeError(
                "Spark needs Java 17 or 21: install it (Debian: apt-get install "
                "openjdk-17-jre-headless) or set JAVA_HOME"
            )
        os.environ["JAVA_HOME"] = str(Path(os.path.realpath(java)).parent.parent)
    from pyspark.sql import SparkSession

    builder: Any = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("forcewatch-analysis")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session: SparkSession = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def hour_of_day(micros: Any) -> Any:
    """The hour (0-23) of a time-of-day column as both backends show it."""
    return (micros // MICROS_PER_HOUR).cast("int8")


def _open(snapshot_dir: str | Path) -> tuple[Path, Manifest]:
    folder = Path(snapshot_dir).resolve()
    return folder, load_manifest(folder)


def _tables(folder: Path, manifest: Manifest) -> list[tuple[str, Path, pa.Schema]]:
    tables = []
    for name, entry in manifest.tables.items():
        path = folder / entry.file
        if not path.is_file():
            raise ManifestError(f"{path} is missing: the snapshot is incomplete")
        tables.append((name, path, pq.read_schema(path)))
    return tables


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _spark_type(kind: pa.DataType) -> Any:
    from pyspark.sql import types as st
    from pyspark.sql.pandas.types import from_arrow_type

    if pa.types.is_time(kind):
        return st.LongType()  # Spark 4.0 has no TIME type: microseconds
    return from_arrow_type(kind)
