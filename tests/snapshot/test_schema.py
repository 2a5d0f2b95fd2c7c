"""Arrow types from Django fields; values that do not fit are named, not mangled."""

from __future__ import annotations

import pyarrow as pa
import pytest
from django.db import models

from forcewatch.records import models as rm
from forcewatch.snapshot.schema import (
    TABLES,
    ColumnSpec,
    SnapshotError,
    arrow_type,
    canonical_json,
    table_columns,
)


def test_every_field_of_every_table_has_an_arrow_type() -> None:
    for model in TABLES.values():
        assert [c.name for c in table_columns(model)][:1] == ["id"]


def test_a_field_of_an_unknown_kind_asks_for_a_type() -> None:
    field = models.UUIDField()
    field.name = "uuid"
    with pytest.raises(SnapshotError, match=r"Incident.uuid is a UUIDField.*schema.py"):
        arrow_type(rm.Incident, field)


def test_a_list_field_that_holds_objects_is_named() -> None:
    spec = ColumnSpec("race", pa.list_(pa.string()), nullable=False, json=True)
    assert spec.array("subject", [["B"], []]).to_pylist() == [["B"], []]
    with pytest.raises(SnapshotError, match=r"subject.race holds \[\{'a': 1\}\]"):
        spec.array("subject", [[{"a": 1}]])


def test_json_text_is_canonical_whichever_database_stored_it() -> None:
    spec = ColumnSpec("created", pa.string(), nullable=False, json=True)
    values = [{"b": 1, "a": "é"}, "text", None]
    assert spec.array("source_file", values).to_pylist() == [
        '{"a":"é","b":1}',
        '"text"',
        None,
    ]
    assert canonical_json({"b": [1], "a": None}) == '{"a":null,"b":[1]}'


def test_a_value_too_large_for_its_column_is_named() -> None:
    spec = ColumnSpec("age_min", pa.int16(), nullable=True, json=False)
    with pytest.raises(
        SnapshotError, match="subject.age_min: a value does not fit int16"
    ):
        spec.array("subject", [40000])
