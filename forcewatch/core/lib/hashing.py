"""Canonical, database-independent hashing of stored rows.

A row hashes the same whether it was just built in Python or read back from
SQLite or PostgreSQL, so `audit verify` can recompute what the writer sealed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    return str(value)


def _json_default(value: Any) -> Any:
    # dates and times are the only non-JSON values most rows hold: skip the chain
    if type(value) in (dt.date, dt.time):
        return value.isoformat()
    return canonical(value)


# One encoder for every row: `json.dumps` with these arguments builds the same
# encoder per call, and that construction cost as much as the encoding.
_encode_row = json.JSONEncoder(
    separators=(",", ":"), sort_keys=True, default=_json_default
).encode


def row_hash(values: Sequence[Any]) -> str:
    """Hash of one row's audited values, in a fixed field order."""
    return hashlib.sha256(_encode_row(values).encode()).hexdigest()


def digest(pairs: Iterable[tuple[int, str]]) -> str:
    """Order-independent-input, order-fixed digest of (primary key, row hash)."""
    h = hashlib.sha256()
    for pk, rh in sorted(pairs):
        h.update(f"{pk}:{rh};".encode())
    return h.hexdigest()


def chain_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    text = json.dumps(canonical(payload), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
