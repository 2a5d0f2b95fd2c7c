from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from forcewatch.intake.errors import RowError
from forcewatch.intake.mapping.spec import ReadSpec
from forcewatch.intake.readers import RawRows, ReadError


def read_rows(path: Path, read: ReadSpec) -> RawRows:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), logfile=_Quiet())
    except Exception as exc:  # xlrd raises many unrelated types for bad files
        raise ReadError(
            RowError(path.name, None, None, f"not a readable .xls file: {exc}")
        ) from exc
    try:
        sheet = (
            book.sheet_by_index(read.sheet)
            if isinstance(read.sheet, int)
            else book.sheet_by_name(read.sheet)
        )
    except (IndexError, xlrd.biffh.XLRDError) as exc:
        names = ", ".join(book.sheet_names())
        raise ReadError(
            RowError(
                path.name, None, None, f"no sheet {read.sheet!r} (sheets: {names})"
            )
        ) from exc
    state = {"row": 0}

    def text(cell: xlrd.sheet.Cell) -> str:
        if cell.ctype == xlrd.XL_CELL_DATE:
            value = xlrd.xldate_as_datetime(cell.value, book.datemode)
            if value.date() == dt.date(1899, 12, 31) or value.year < 1901:
                return value.time().isoformat()
            return value.isoformat(sep=" ")
        if cell.ctype == xlrd.XL_CELL_NUMBER:
            return (
                str(int(cell.value))
                if float(cell.value).is_integer()
                else repr(cell.value)
            )
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return "TRUE" if cell.value else "FALSE"
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        return str(cell.value)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for index in range(sheet.nrows):
            state["row"] = index + 1
            yield index + 1, [text(c) for c in sheet.row(index)]

    return RawRows(rows(), lambda: state["row"], sheet.nrows)


class _Quiet:
    def write(self, _text: str) -> None:
        """xlrd's warnings (e.g. 'OLE2 inconsistency') are not errors."""
