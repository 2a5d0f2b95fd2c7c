"""Snapshots: the canonical tables frozen as hashed Parquet files for analysis."""
