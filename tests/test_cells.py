"""Cell parsers: every accepted form, every problem code, and scalar/column agreement."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import partial

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routekpi.schema import OUTCOME_FAILURE, OUTCOME_SUCCESS, VISIT_KINDS
from routekpi.validation.cells import (
    ERROR_CODES,
    DayNote,
    is_blank,
    is_error,
    month_only,
    parse_choice,
    parse_choice_column,
    parse_date,
    parse_date_column,
    parse_number,
    parse_number_column,
    parse_text,
    parse_text_column,
    six_digits,
    yymmdd,
    yymmdd_column,
)

OUTCOMES = {"success": OUTCOME_SUCCESS, "failure": OUTCOME_FAILURE}
BLANKS = [None, "", "   ", "\u3000", "\t\n", pd.NA, pd.NaT]
ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", " #N/A "]


class FakeCalamineError:
    """Stands in for calamine's error cell object: only its str() is the error code."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __str__(self) -> str:
        return self.code


ERROR_CELLS = [*ERRORS, FakeCalamineError("#DIV/0!"), FakeCalamineError("#N/A")]


# ------------------------------------------------------------------------------ blank/error


@pytest.mark.parametrize("cell", ERROR_CELLS)
def test_error_values_in_every_parser(cell: object) -> None:
    assert is_error(cell)
    assert parse_number(cell) == (None, "error_value")
    assert parse_date(cell) == (None, "error_value")
    assert parse_text(cell) == (None, "error_value")
    assert parse_choice(cell, VISIT_KINDS) == (None, "error_value")


@pytest.mark.parametrize("cell", BLANKS)
def test_blanks_in_every_parser(cell: object) -> None:
    assert is_blank(cell)
    assert parse_number(cell) == (None, "blank")
    assert parse_date(cell) == (None, "blank")
    assert parse_text(cell) == (None, "blank")
    assert parse_choice(cell, VISIT_KINDS) == (None, "blank")


@pytest.mark.parametrize("cell", ["#hashtag", "#1", FakeCalamineError("#nope"), 0, "N/A"])
def test_things_that_are_not_errors(cell: object) -> None:
    assert not is_error(cell)


def test_all_classic_codes_are_known() -> None:
    assert {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"} <= ERROR_CODES


# ---------------------------------------------------------------------------------- numbers

NUMBERS: list[tuple[object, float]] = [
    (1200, 1200.0),
    (1200.5, 1200.5),
    (np.int64(3), 3.0),
    (np.float32(0.5), 0.5),
    (Decimal("1.5"), 1.5),
    ("1200", 1200.0),
    (" 1,234.5 ", 1234.5),
    ("１２３", 123.0),
    ("１，２００", 1200.0),
    ("１２．５", 12.5),
    ("1e3", 1000.0),
    (".5", 0.5),
    ("+5", 5.0),
    ("-5", -5.0),
    ("－５", -5.0),  # full-width hyphen-minus
    ("−5", -5.0),  # U+2212 minus sign
    ("△1,200", -1200.0),
    ("▲1,200", -1200.0),
    ("△ 1,200", -1200.0),
    ("(1,200)", -1200.0),
    ("（１，２００）", -1200.0),
    ("¥1,200", 1200.0),
    ("￥1,200", 1200.0),
    ("\\1,200", 1200.0),  # yen sign as Japanese Windows fonts draw the backslash
    ("¥-1,200", -1200.0),
    ("-¥1,200", -1200.0),
    ("△¥1,200", -1200.0),
    ("1,200円", 1200.0),
    ("1,200 円", 1200.0),
    ("JPY 1,200", 1200.0),
    ("1200jpy", 1200.0),
    ("(¥1,200)", -1200.0),
    ("12.5%", 0.125),
    ("１２．３％", 0.123),
    ("-50%", -0.5),
    ("100%", 1.0),
    ("1.2万", 12000.0),
    ("1.1万", 11000.0),  # exact: decimal arithmetic, not 11000.000000000002
    ("3億", 300000000.0),
    ("1億2000万", 120000000.0),
    ("1億2,000万円", 120000000.0),
    ("3千万", 30000000.0),
    ("1万5千", 15000.0),
    ("5百万", 5000000.0),
    ("2千5百", 2500.0),
    ("1兆", 1e12),
    ("△1.5万", -15000.0),
    ("１．２万円", 12000.0),
]


@pytest.mark.parametrize(("cell", "expected"), NUMBERS)
def test_parse_number_accepts(cell: object, expected: float) -> None:
    assert parse_number(cell) == (expected, None)


NOT_NUMBERS: list[object] = [
    True,
    False,
    np.True_,
    float("nan"),
    float("inf"),
    -float("inf"),
    10**400,
    "1e999",
    datetime(2026, 4, 1),
    date(2026, 4, 1),
    time(9, 30),
    timedelta(hours=1),
    "abc",
    "-",
    "¥",
    "%",
    "12,5",  # a European decimal comma, not 125
    "1,23,456",
    "1 200",
    "(-5)",
    "△-5",
    "1万2億",
    "万",
    "1億2千3百4十",  # 十 is not supported: kanji numerals beyond 千/百 are rare with digits
    "$100",
    "1.2.3",
    object(),
]


@pytest.mark.parametrize("cell", NOT_NUMBERS)
def test_parse_number_rejects(cell: object) -> None:
    assert parse_number(cell) == (None, "not_a_number")


@pytest.mark.parametrize("cell", [-1, -0.5, "-1", "△1", "▲1,200", "(1)", "-5%"])
def test_parse_number_negative_when_not_allowed(cell: object) -> None:
    assert parse_number(cell, allow_negative=False) == (None, "negative")
    value, problem = parse_number(cell)
    assert problem is None and value is not None and value < 0


@pytest.mark.parametrize("cell", [0, 0.0, -0.0, "0", "-0", "△0"])
def test_parse_number_zero_is_not_negative(cell: object) -> None:
    value, problem = parse_number(cell, allow_negative=False)
    assert (value, problem) == (0.0, None)
    assert math.copysign(1.0, value) == 1.0  # no -0.0 leaks out


# ------------------------------------------------------------------------------------ dates

APR1 = date(2026, 4, 1)

DATES: list[tuple[object, date]] = [
    (APR1, APR1),
    (datetime(2026, 4, 1, 23, 59), APR1),
    (datetime(2026, 4, 1, 9, tzinfo=timezone(timedelta(hours=9))), APR1),
    (pd.Timestamp("2026-04-01 13:00"), APR1),
    (np.datetime64("2026-04-01T13:00"), APR1),
    # serials, 1900 system; 46113 hand-checked: date(1899, 12, 30) + 46113 days
    (46113, APR1),
    (46113.0, APR1),
    (46113.99, APR1),  # the fraction is the time of day
    (np.int64(46113), APR1),
    ("46113", APR1),
    ("46113.5", APR1),
    ("４６１１３", APR1),
    (43586, date(2019, 5, 1)),
    # yyyymmdd, as text or as a number (far beyond the last serial, so unambiguous)
    ("20260401", APR1),
    (20260401, APR1),
    (20260401.0, APR1),
    # Gregorian text
    ("2026-04-01", APR1),
    ("2026-4-1", APR1),
    ("2026/4/1", APR1),
    ("2026/04/01", APR1),
    ("2026.4.1", APR1),
    ("２０２６／４／１", APR1),
    ("2026年4月1日", APR1),
    ("２０２６年４月１日", APR1),
    ("2026年 4月 1日", APR1),
    ("2026年4月1日(水)", APR1),
    ("2026年4月1日（水）", APR1),
    ("2026年4月1日(水曜日)", APR1),
    ("2026年4月1日 水曜日", APR1),
    ("2026/4/1(Wed)", APR1),
    ("2026-04-01 Wednesday", APR1),
    ("2026/4/1 9:30", APR1),
    ("2026/4/1 09:30:15", APR1),
    ("2026/4/1 9:30 PM", APR1),
    ("2026-04-01T09:30:00", APR1),
    ("2026-04-01 09:30:00.123", APR1),
    ("2026/4/1(水) 9:30", APR1),
    ("2026年4月1日 9時30分", APR1),
    # Japanese eras
    ("令和8年4月1日", APR1),
    ("令和8年4月1日(水)", APR1),
    ("令和８年４月１日", APR1),
    ("令和 8年 4月 1日", APR1),
    ("㋿8年4月1日", APR1),
    ("R8.4.1", APR1),
    ("R8/4/1", APR1),
    ("R8-4-1", APR1),
    ("R08.04.01", APR1),
    ("r8.4.1", APR1),
    ("Ｒ８．４．１", APR1),
    ("令和8.4.1", APR1),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("令和1年5月1日", date(2019, 5, 1)),
    ("R1.5.1", date(2019, 5, 1)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("H31.4.30", date(2019, 4, 30)),
    ("㍻31年4月30日", date(2019, 4, 30)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("H1.1.8", date(1989, 1, 8)),
    ("昭和64年1月7日", date(1989, 1, 7)),
    ("S64.1.7", date(1989, 1, 7)),
    ("昭和元年12月25日", date(1926, 12, 25)),
    ("大正15年12月24日", date(1926, 12, 24)),
    ("大正元年7月30日", date(1912, 7, 30)),
    ("T1.7.30", date(1912, 7, 30)),
    ("明治45年7月29日", date(1912, 7, 29)),
    ("明治元年1月25日", date(1868, 1, 25)),
    ("M33.1.1", date(1900, 1, 1)),
]


@pytest.mark.parametrize(("cell", "expected"), DATES)
def test_parse_date_accepts(cell: object, expected: date) -> None:
    assert parse_date(cell) == (expected, None)


SERIALS_1900: list[tuple[float, date | str]] = [
    (1, date(1900, 1, 1)),
    (1.5, date(1900, 1, 1)),
    (31, date(1900, 1, 31)),
    (59, date(1900, 2, 28)),
    (60, "impossible_date"),  # Lotus's 1900-02-29, kept by Excel, never existed
    (60.5, "impossible_date"),
    (61, date(1900, 3, 1)),
    (366, date(1900, 12, 31)),
    (367, date(1901, 1, 1)),
    (46113, date(2026, 4, 1)),
    (2958465, date(9999, 12, 31)),
    (2958465.9, date(9999, 12, 31)),
    (2958466, "not_a_date"),
    (0, "not_a_date"),
    (0.5, "not_a_date"),  # a time of day on its own
    (-1, "not_a_date"),
    (10**7, "not_a_date"),
    (20261301, "not_a_date"),  # 8 digits, but month 13: junk, not a date
    (20260230, "impossible_date"),  # yyyymmdd shape, no such day
    (float("nan"), "not_a_date"),
    (float("inf"), "not_a_date"),
    (10**400, "not_a_date"),
]

SERIALS_1904: list[tuple[float, date | str]] = [
    (1, date(1904, 1, 2)),
    (59, date(1904, 2, 29)),  # 1904 really is a leap year: no bug in this system
    (60, date(1904, 3, 1)),
    (61, date(1904, 3, 2)),
    (44651, date(2026, 4, 1)),  # 46113 − 1462, the systems' offset
    (46113, date(2030, 4, 2)),
    (2957003, date(9999, 12, 31)),
    (2957004, "not_a_date"),
    (0, "not_a_date"),
    (-1, "not_a_date"),
    (20260401, date(2026, 4, 1)),
]


def _expect(expected: date | str) -> tuple[date | None, str | None]:
    return (expected, None) if isinstance(expected, date) else (None, expected)


@pytest.mark.parametrize(("serial", "expected"), SERIALS_1900)
def test_serials_1900(serial: float, expected: date | str) -> None:
    assert parse_date(serial) == _expect(expected)
    # the bulk path must apply exactly the same rules
    days, problems = parse_date_column([serial, serial])
    want, code = _expect(expected)
    assert days.astype(object).tolist() == [want, want]
    assert problems == ([] if code is None else [(0, code), (1, code)])


@pytest.mark.parametrize(("serial", "expected"), SERIALS_1904)
def test_serials_1904(serial: float, expected: date | str) -> None:
    assert parse_date(serial, date1904=True) == _expect(expected)
    assert parse_date(str(serial), date1904=True) == _expect(expected)
    days, problems = parse_date_column([serial], date1904=True)
    want, code = _expect(expected)
    assert days.astype(object).tolist() == [want]
    assert problems == ([] if code is None else [(0, code)])


IMPOSSIBLE_DATES = [
    "2026-02-30",
    "2026/2/29",  # 2026 is not a leap year
    "2026/13/1",
    "2026年2月30日",
    "平成32年1月1日",
    "H32.1.1",
    "平成31年5月1日",
    "平成元年1月7日",
    "令和元年4月30日",
    "令和0年5月1日",
    "令和8年2月29日",
    "昭和64年1月8日",
    "昭和元年12月24日",
    "大正元年7月29日",
    "明治45年7月30日",
    "明治元年1月24日",
    "20260230",
    "60",
]


@pytest.mark.parametrize("cell", IMPOSSIBLE_DATES)
def test_parse_date_impossible(cell: str) -> None:
    assert parse_date(cell) == (None, "impossible_date")


NOT_DATES: list[object] = [
    "abc",
    "26/4/1",  # two-digit year: y/m/d or d/m/y? refuse to guess
    "4/1/2026",
    "令和",
    "令和8年",
    "X8.4.1",
    "2026/4/1 25:00",
    "2026/4/1 13:00 PM",
    "2026/4/1 (foo)",
    "2026-04/01",
    "-5",
    "0",
    "2026/4/1 9:30 extra",
    True,
    np.False_,
    time(9, 30),
    timedelta(days=3),
    object(),
]


@pytest.mark.parametrize("cell", NOT_DATES)
def test_parse_date_rejects(cell: object) -> None:
    assert parse_date(cell) == (None, "not_a_date")


def _reiwa_heisei(d: date) -> list[str]:
    """Era spellings of a date, or [] outside Reiwa/Heisei."""
    if d >= date(2019, 5, 1):
        names, year = ("令和", "R"), d.year - 2018
    elif date(1989, 1, 8) <= d <= date(2019, 4, 30):
        names, year = ("平成", "H"), d.year - 1988
    else:
        return []
    kanji_year = "元" if year == 1 else str(year)
    return [
        f"{names[0]}{year}年{d.month}月{d.day}日",
        f"{names[0]}{kanji_year}年{d.month}月{d.day}日",
        f"{names[1]}{year}.{d.month}.{d.day}",
        f"{names[1]}{year}/{d.month:02d}/{d.day:02d}",
    ]


_FULL_WIDTH = str.maketrans("0123456789/-", "０１２３４５６７８９／－")


# Serials 190001–209912 (years 2420–2479 in either date system, far past the 1900–2199 an
# order may have) are read as a month typed yyyymm (202104: a monthly summary's 年月, trial
# 50 M3): no round trip there.
_YYYYMM_YEARS = (date(2420, 1, 1), date(2479, 12, 31))


def _not_yyyymm(d: date) -> bool:
    return not (_YYYYMM_YEARS[0] <= d <= _YYYYMM_YEARS[1])


def _not_yymmdd(d: date) -> bool:
    """A 6-digit serial (years 2173–4637) that is a yymmdd day and no month (620914): a
    column of it reads as that day (cells.yymmdd_column, left50b), no round trip there."""
    serial = (d - date(1899, 12, 30)).days
    return yymmdd_column([serial]) is None


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31))
    .filter(_not_yyyymm)
    .filter(_not_yymmdd)
)
def test_date_round_trips(d: date) -> None:
    serial = (d - date(1899, 12, 30)).days  # Excel's own formula from 1900-03-01 on
    forms: list[object] = [
        serial,
        float(serial) + 0.75,
        str(serial),
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}/{d.month}/{d.day} 13:45",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}{d.month:02d}{d.day:02d}",
        f"{d.year}年{d.month}月{d.day}日",
        d.isoformat().translate(_FULL_WIDTH),
        datetime(d.year, d.month, d.day, 12),
        *_reiwa_heisei(d),
    ]
    for form in forms:
        assert parse_date(form) == (d, None), form
    days, problems = parse_date_column(forms)
    assert problems == []
    assert days.astype(object).tolist() == [d] * len(forms)
    serial_1904 = (d - date(1904, 1, 1)).days
    if serial_1904 >= 1:
        assert parse_date(serial_1904, date1904=True) == (d, None)


# ------------------------------------------------------------------------------------- text

TEXTS: list[tuple[object, str]] = [
    ("abc", "abc"),
    ("  abc  ", "abc"),
    ("ＡＢＣ１２３", "ABC123"),
    ("ｱｲｳ", "アイウ"),  # half-width katakana become the usual full-width ones
    ("山田　太郎", "山田 太郎"),
    ("　山田太郎　", "山田太郎"),
    ("顧客Ａ－１", "顧客A-1"),
    (123.0, "123"),  # an account code Excel stored as a number
    (123, "123"),
    (np.int64(7), "7"),
    (-4.0, "-4"),
    (12.5, "12.5"),
    (1e20, "100000000000000000000"),
    (True, "TRUE"),
    (False, "FALSE"),
    (datetime(2026, 4, 1), "2026-04-01"),
    (datetime(2026, 4, 1, 9, 30), "2026-04-01 09:30:00"),
    (date(2026, 4, 1), "2026-04-01"),
    (time(9, 30), "09:30:00"),
    ("#hashtag", "#hashtag"),
]


@pytest.mark.parametrize(("cell", "expected"), TEXTS)
def test_parse_text(cell: object, expected: str) -> None:
    assert parse_text(cell) == (expected, None)


@pytest.mark.parametrize("cell", [float("nan"), float("inf")])
def test_parse_text_non_finite(cell: float) -> None:
    assert parse_text(cell) == (None, "not_a_number")


# ---------------------------------------------------------------------------------- choices

CHOICES: list[tuple[object, dict[str, tuple[str, ...]], str]] = [
    ("visit", VISIT_KINDS, "visit"),
    ("Visit", VISIT_KINDS, "visit"),
    ("ＶＩＳＩＴ", VISIT_KINDS, "visit"),
    ("訪問", VISIT_KINDS, "visit"),
    (" アポ ", VISIT_KINDS, "attempt"),
    ("ｱﾎﾟ", VISIT_KINDS, "attempt"),  # half-width katakana with a separate handakuten
    ("Appointment Attempt", VISIT_KINDS, "attempt"),
    ("appointment　 attempt", VISIT_KINDS, "attempt"),
    ("APPT", VISIT_KINDS, "attempt"),
    ("商談", VISIT_KINDS, "meeting"),
    ("meeting", VISIT_KINDS, "meeting"),
    ("○", OUTCOMES, "success"),
    ("〇", OUTCOMES, "success"),
    ("アポ獲得", OUTCOMES, "success"),
    ("Yes", OUTCOMES, "success"),
    (1.0, OUTCOMES, "success"),
    (1, OUTCOMES, "success"),
    (True, OUTCOMES, "success"),
    ("×", OUTCOMES, "failure"),
    ("-", OUTCOMES, "failure"),
    (0.0, OUTCOMES, "failure"),
    (False, OUTCOMES, "failure"),
    ("失注", OUTCOMES, "failure"),
    ("不成約", OUTCOMES, "failure"),  # an SFA's negative of 成約 (trial14), not a 成約
    ("成約", OUTCOMES, "success"),
    ("success", OUTCOMES, "success"),  # the canonical key is always accepted
]


@pytest.mark.parametrize(("cell", "choices", "expected"), CHOICES)
def test_parse_choice(cell: object, choices: dict[str, tuple[str, ...]], expected: str) -> None:
    assert parse_choice(cell, choices) == (expected, None)


@pytest.mark.parametrize("cell", ["maybe", "訪", 2.0, "visit!", date(2026, 4, 1)])
def test_parse_choice_unknown(cell: object) -> None:
    assert parse_choice(cell, VISIT_KINDS) == (None, "unknown_choice")


def test_parse_choice_rejects_ambiguous_aliases() -> None:
    with pytest.raises(ValueError, match="both"):
        parse_choice("x", {"a": ("Same",), "b": ("ｓａｍｅ",)})


# ---------------------------------------------------------------------------------- columns

MIXED: list[object] = [
    *(cell for cell, _ in NUMBERS),
    *NOT_NUMBERS,
    *BLANKS,
    *ERROR_CELLS,
    *(cell for cell, _ in DATES),
    *IMPOSSIBLE_DATES,
    *NOT_DATES,
    *(cell for cell, _ in TEXTS),
    *(serial for serial, _ in SERIALS_1900),
    *(cell for cell, _, _ in CHOICES),
    -3.5,
    "△1,200",
    "△1,200",  # repeated strings take the memoised path
    float("nan"),
    float("nan"),
]


def _by_scalar(
    parse: Callable[[object], tuple[object, str | None]], values: Sequence[object]
) -> tuple[list[object], list[tuple[int, str]]]:
    """What a column parser must return, computed cell by cell with the scalar parser."""
    out: list[object] = []
    problems: list[tuple[int, str]] = []
    for i, cell in enumerate(values):
        value, problem = parse(cell)
        out.append(value)
        if problem is not None and problem != "blank":
            problems.append((i, problem))
    return out, problems


def _floats(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(x) else x for x in values.tolist()]


def _as_day(v: object, *, date1904: bool) -> tuple[date | None, str | None]:
    """A cell of a yymmdd column: a 6-digit cell as that day, any other as parse_date."""
    n = six_digits(v)
    return (yymmdd(n), None) if n is not None else parse_date(v, date1904=date1904)


def assert_columns_agree(values: Sequence[object]) -> None:
    for allow_negative in (True, False):
        nums, problems = parse_number_column(values, allow_negative=allow_negative)
        assert nums.dtype == np.float64 and len(nums) == len(values)
        assert (_floats(nums), problems) == _by_scalar(
            partial(parse_number, allow_negative=allow_negative), values
        )
    for date1904 in (False, True):
        notes: list[DayNote] = []
        days, problems = parse_date_column(values, date1904=date1904, notes=notes)
        assert days.dtype == np.dtype("datetime64[D]") and len(days) == len(values)
        scalar = partial(parse_date, date1904=date1904)
        if notes:  # a column of yymmdd days (left50b): its 6-digit cells read as days
            scalar = partial(_as_day, date1904=date1904)
        assert (days.astype(object).tolist(), problems) == _by_scalar(scalar, values)
    assert parse_text_column(values) == _by_scalar(parse_text, values)
    for choices in (VISIT_KINDS, OUTCOMES):
        assert parse_choice_column(values, choices) == _by_scalar(
            partial(parse_choice, choices=choices), values
        )


def test_columns_agree_with_scalars_on_mixed_cells() -> None:
    assert_columns_agree(MIXED)
    assert_columns_agree(MIXED[::-1])


@pytest.mark.parametrize(
    "values",
    [
        [],
        [1.5, -2.0, 3, 0.0, -0.0],  # all plain numbers: pure bulk path
        [46113.0, 60.0, 61, 1, 0.0, 2958466.0, 20260401, float("nan")],
        [datetime(2026, 4, 1, 9, 30), date(1900, 1, 1), pd.Timestamp("9999-12-31")],
        [datetime(1960, 4, 1, 23, 59)],  # before 1970 with a time: floor, not round to 0
        [10**400, 1.0],  # an int too big for float64 knocks the bulk path over
        ["2026/4/1"] * 5 + [""] * 3,
        [None] * 4,
        [np.float64(2.5), np.int64(-3)],
    ],
)
def test_columns_agree_with_scalars_on_uniform_columns(values: list[object]) -> None:
    assert_columns_agree(values)


CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.just(10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-5, max_value=3e6),
    st.sampled_from([c for c in MIXED if not isinstance(c, float) or not math.isnan(c)]),
    st.text(alphabet="0123456789１２,.%-△¥円万億年月日/ ()#N/A令和RH", max_size=10),
    st.dates(),
    st.datetimes(),
    st.times(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(CELLS, max_size=40))
def test_columns_agree_with_scalars_property(values: list[object]) -> None:
    assert_columns_agree(values)


def test_number_column_reports_problems_not_blanks() -> None:
    values = [1.0, "", "１，２００", "#N/A", None, "abc", True, -5, "△3", float("nan")]
    nums, problems = parse_number_column(values, allow_negative=False)
    assert _floats(nums) == [1.0, None, 1200.0, None, None, None, None, None, None, None]
    assert problems == [
        (3, "error_value"),
        (5, "not_a_number"),
        (6, "not_a_number"),
        (7, "negative"),
        (8, "negative"),
        (9, "not_a_number"),
    ]


def test_date_column_values_and_problems() -> None:
    values = [datetime(2026, 4, 1, 9), 46113, "令和8年4月1日", "", "平成32年1月1日", "x", 60]
    days, problems = parse_date_column(values)
    assert days.tolist() == [APR1, APR1, APR1, None, None, None, None]
    assert np.isnat(days[3:]).all()
    assert problems == [(4, "impossible_date"), (5, "not_a_date"), (6, "impossible_date")]


def test_text_column_values_and_problems() -> None:
    values = [123.0, " ＡＢＣ ", None, "", "#REF!", "山田", float("inf"), 123.0]
    texts, problems = parse_text_column(values)
    assert texts == ["123", "ABC", None, None, None, "山田", None, "123"]
    assert problems == [(4, "error_value"), (6, "not_a_number")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (202104, date(2021, 4, 1)),
        ("202104", date(2021, 4, 1)),
        ("2021/04", date(2021, 4, 1)),
        (198001, date(1980, 1, 1)),
        # A yymmdd day of 2019 (or an order number) is no month of 1904 (review50b).
        (190405, None),
        ("190405", None),
        (20240415, None),  # a full yyyymmdd day is not a month alone
    ],
)
def test_month_only_reads_a_month_from_1980(value: object, expected: date | None) -> None:
    assert month_only(value) == expected
