"""Property tests for the parsers every import depends on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcewatch.intake.mapping.fields import ValueProblem, convert, parse_age
from forcewatch.intake.mapping.spec import ReadSpec
from forcewatch.intake.readers import ReadError, norm, open_table

DATE = models.DateField()
TIME = models.TimeField()
INT = models.PositiveIntegerField()


@given(st.integers(min_value=0, max_value=120))
def test_an_exact_age_is_a_range_of_one(age: int) -> None:
    assert parse_age(str(age)) == (age, age)
    assert parse_age(f"{age}.0") == (age, age)


@given(st.integers(0, 120), st.integers(0, 120))
def test_an_age_range_keeps_its_bounds_or_is_refused(low: int, high: int) -> None:
    text = f"{low}-{high}"
    if low <= high:
        assert parse_age(text) == (low, high)
    else:
        with pytest.raises(ValueProblem):
            parse_age(text)


@given(st.text(max_size=12))
def test_age_parsing_never_fails_with_anything_but_a_value_problem(text: str) -> None:
    try:
        low, high = parse_age(text)
    except ValueProblem:
        return
    assert low is not None and (high is None or low <= high <= 120)


FORMATS = ["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%Y %I:%M:%S %p", "%d-%b-%y"]


@given(st.dates(dt.date(1901, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(FORMATS))
def test_a_date_written_in_a_declared_format_reads_back_the_same(
    day: dt.date, fmt: str
) -> None:
    if "%y" in fmt and not 1969 <= day.year <= 2068:
        return  # two-digit years are ambiguous outside strptime's window
    text = dt.datetime.combine(day, dt.time(0, 0)).strftime(fmt)
    assert convert(DATE, text, [fmt], None) == day


@given(st.times())
def test_a_time_reads_back_from_iso_and_from_hhmm(value: dt.time) -> None:
    minute = value.replace(second=0, microsecond=0)
    assert convert(TIME, minute.strftime("%H:%M"), [], None) == minute
    assert convert(TIME, minute.strftime("%H%M").lstrip("0") or "0", [], None) == minute


@given(st.text(max_size=20))
def test_number_conversion_either_gives_a_whole_number_or_a_clear_problem(
    text: str,
) -> None:
    try:
        value = convert(INT, text, [], None)
    except ValueProblem as problem:
        assert str(problem)
        return
    assert isinstance(value, int) and value >= 0


@given(st.text(max_size=30))
def test_norm_ignores_case_spacing_and_punctuation(text: str) -> None:
    assert norm(text) == norm(f"  {text.upper()} ") == norm(text.replace(" ", ""))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=2048), st.sampled_from(["x.csv", "x.csv.gz", "x.xlsx", "x.xls"])
)
def test_random_bytes_are_refused_with_a_read_error_or_read_as_text(
    tmp_path: Path, data: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        table = open_table(path, ReadSpec())
        for _number, cells in table.rows:
            assert all(isinstance(c, str) for c in cells)
    except ReadError as exc:
        assert exc.error.file == name and exc.error.reason
