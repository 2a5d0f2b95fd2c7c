"""Result frames from two backends, made comparable cell by cell.

Backends agree on values but not always on pandas dtypes (an all-null int
column is float64 from Spark and object from DuckDB; timestamps come in
seconds or microseconds...). Normalised: rows sorted, every cell a plain
Python value (None for any missing value, tuples for lists), compared exactly.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def normalised(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    frame = frame.sort_values(by, na_position="last", kind="stable")
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            column = column.astype("datetime64[us]")
        columns[name] = [_cell(v) for v in column.astype(object)]
    return pd.DataFrame(columns, dtype=object)


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return tuple(_cell(v) for v in items) if isinstance(items, list) else items
    if (
        value is None
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    ):
        return None
    return value


def assert_same(a: pd.DataFrame, b: pd.DataFrame, by: list[str]) -> None:
    assert list(a.columns) == list(b.columns)
    pd.testing.assert_frame_equal(
        normalised(a, by), normalised(b, by), check_exact=True
    )
