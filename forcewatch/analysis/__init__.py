"""Analyses over snapshots: Ibis expressions that run on DuckDB or Spark unchanged.

This package must not import Django (a test checks it): it reads a snapshot's
Parquet files, never the live database.
"""
