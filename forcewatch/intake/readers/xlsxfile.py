from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from forcewatch.intake.errors import RowError
from forcewatch.intake.mapping.spec import ReadSpec
from forcewatch.intake.readers import RawRows, ReadError


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_rows(path: Path, read: ReadSpec) -> RawRows:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(
            RowError(path.name, None, None, f"not a readable .xlsx file: {exc}")
        ) from exc
    try:
        sheet = (
            book.worksheets[read.sheet]
            if isinstance(read.sheet, int)
            else book[read.sheet]
        )
    except (IndexError, KeyError) as exc:
        book.close()
        names = ", ".join(book.sheetnames)
        raise ReadError(
            RowError(
                path.name, None, None, f"no sheet {read.sheet!r} (sheets: {names})"
            )
        ) from exc
    state = {"row": 0}

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                state["row"] = number
                yield number, [cell_text(v) for v in values]
        finally:
            book.close()

    return RawRows(rows(), lambda: state["row"], 0)
