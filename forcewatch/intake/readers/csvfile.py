from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from forcewatch.intake.errors import RowError
from forcewatch.intake.mapping.spec import ReadSpec
from forcewatch.intake.readers import RawRows, ReadError

csv.field_size_limit(1 << 24)


def read_rows(path: Path, read: ReadSpec) -> RawRows:
    raw = open(path, "rb")  # noqa: SIM115 - closed by the row generator
    binary: BinaryIO = raw
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        binary = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    else:
        raw.seek(0)
    text = io.TextIOWrapper(binary, encoding=read.encoding, newline="")
    return RawRows(_rows(path, raw, text, read), raw.tell, path.stat().st_size)


def _rows(
    path: Path, raw: BinaryIO, text: io.TextIOWrapper, read: ReadSpec
) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for number, cells in enumerate(
            csv.reader(text, delimiter=read.delimiter), start=1
        ):
            if "\x00" in "".join(cells):
                raise ReadError(
                    RowError(
                        path.name,
                        number,
                        None,
                        "binary data (NUL byte): not a CSV file",
                    )
                )
            yield number, cells
    except UnicodeDecodeError as exc:
        raise ReadError(
            RowError(
                path.name,
                number + 1,
                None,
                f"not valid {read.encoding} text ({exc.reason}); set `read.encoding`",
            )
        ) from exc
    except (EOFError, gzip.BadGzipFile, OSError, csv.Error) as exc:
        raise ReadError(
            RowError(
                path.name, number + 1, None, f"the file is truncated or corrupt: {exc}"
            )
        ) from exc
    finally:
        raw.close()
