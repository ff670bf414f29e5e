"""Parse raw Excel cell values (as calamine/openpyxl hand them over) into typed values.

Every scalar parser returns ``(value, problem)``: ``problem`` is ``None`` when the value is
usable, otherwise one of the codes in :data:`PROBLEM_CODES` and ``value`` is ``None``. The
column parsers return the parsed column plus ``(index, code)`` for each non-blank cell that
could not be used; blanks are never problems there, since only the caller knows whether a
column is required.

Cells arrive as Python ``float``/``int``/``bool``/``str``/``datetime``/``date``/``time``/
``timedelta``/``None``, or as Excel error values (``"#N/A"`` strings or error objects whose
``str()`` is the code). Text is NFKC-normalised first, so full-width digits and punctuation
(``１２３``, ``，``, ``／``) and era ligatures (``㋿``, ``㍻``) need no special cases.

Pure: stdlib, numpy and pandas only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from routekpi.contract import (
    EXCEL_EPOCH_1900,
    EXCEL_EPOCH_1904,
    LOTUS_LEAP_DAY,
    MAX_SERIAL_1900,
    MAX_SERIAL_1904,
    WHITESPACE,
    fold,
    normal_text,
)

__all__ = [
    "BLANK",
    "DATE_WITHOUT_YEAR",
    "ERROR_CODES",
    "ERROR_VALUE",
    "IMPOSSIBLE_DATE",
    "NEGATIVE",
    "NOT_A_DATE",
    "NOT_A_NUMBER",
    "PROBLEM_CODES",
    "UNKNOWN_CHOICE",
    "choice_key",
    "is_blank",
    "is_error",
    "parse_choice",
    "parse_choice_column",
    "parse_date",
    "parse_date_column",
    "parse_number",
    "parse_number_column",
    "parse_text",
    "parse_text_column",
]

T = TypeVar("T")

BLANK: Final = "blank"
ERROR_VALUE: Final = "error_value"
NOT_A_NUMBER: Final = "not_a_number"
NEGATIVE: Final = "negative"
NOT_A_DATE: Final = "not_a_date"
IMPOSSIBLE_DATE: Final = "impossible_date"
DATE_WITHOUT_YEAR: Final = "date_without_year"
UNKNOWN_CHOICE: Final = "unknown_choice"
PROBLEM_CODES: Final = (
    BLANK,
    ERROR_VALUE,
    NOT_A_NUMBER,
    NEGATIVE,
    NOT_A_DATE,
    IMPOSSIBLE_DATE,
    DATE_WITHOUT_YEAR,
    UNKNOWN_CHOICE,
)

# The classic error values, plus the ones newer Excel versions show (dynamic arrays, data
# types); a cell holding any of them is an error, not text.
ERROR_CODES: Final = frozenset(
    {
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)

Problem = tuple[int, str]

# --------------------------------------------------------------------------- shared helpers


def _is_missing(v: object) -> bool:
    """None, pandas NA/NaT or numpy NaT: "nothing here" markers that are not Excel values.

    A float NaN is deliberately not missing: Excel cannot store one, so it means something
    upstream went wrong and is reported as a bad value rather than silently skipped.
    """
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, np.datetime64 | np.timedelta64) and bool(np.isnat(v))


def is_error(v: object) -> bool:
    """True for an Excel error value: the code as a string or an object whose str() is it."""
    if isinstance(v, str):
        s = v.strip()
        return s.startswith("#") and s.upper() in ERROR_CODES
    if v is None or isinstance(v, int | float | date | time | timedelta):
        return False
    try:
        text = str(v)
    except Exception:  # a broken __str__ is not our problem to raise
        return False
    return text.startswith("#") and text.strip().upper() in ERROR_CODES


def is_blank(v: object) -> bool:
    """True for an empty cell: None, pandas NA/NaT, or a string of only whitespace."""
    return _is_missing(v) or (isinstance(v, str) and normal_text(v) == "")


def _is_int(v: object) -> bool:
    return isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_)


def _is_float(v: object) -> bool:
    return isinstance(v, float | np.floating)


# --------------------------------------------------------------------------------- numbers

# Dashes people type for minus; NFKC folds the full-width hyphen-minus but not these.
_MINUS_SIGNS = str.maketrans(dict.fromkeys("\u2212\u2010\u2011\u2012\u2013\u2014\ufe63", "-"))
# Currency marks. A backslash is the yen sign on Japanese Windows fonts, so "\1,200" is yen.
_CURRENCY = re.compile(r"[¥\\]|円|JPY", re.IGNORECASE)
# Thousands separators must group by three: "12,5" is a European 12.5, not 125, so reject it.
_PLAIN = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+"
_PLAIN_RE = re.compile(rf"(?:{_PLAIN})(?:[eE][-+]?\d+)?")
_KANJI_GROUP_RE = re.compile(rf"(?:({_PLAIN})千)?(?:({_PLAIN})百)?({_PLAIN})?")
_NUMBER_RE = re.compile(r"([-+△▲])?\s*(.*?)\s*(%)?")
# Big units split a number into groups of four digits; 千/百 only live inside a group,
# which is why "3千万" is 3000 × 10⁴ and "1億2000万" is 1×10⁸ + 2000×10⁴.
_BIG_UNITS = (("兆", Decimal(10) ** 12), ("億", Decimal(10) ** 8), ("万", Decimal(10) ** 4))


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _kanji_group(text: str) -> Decimal | None:
    """A number below 10⁴ written as digits with optional 千/百, e.g. "2千5百", "1.5千"."""
    m = _KANJI_GROUP_RE.fullmatch(text)
    if m is None or not text:
        return None
    thousands, hundreds, units = m.groups()
    total = Decimal(0)
    if thousands:
        total += _dec(thousands) * 1000
    if hundreds:
        total += _dec(hundreds) * 100
    if units:
        total += _dec(units)
    return total


def _number_body(body: str) -> Decimal | None:
    """The unsigned magnitude: a plain number or one with 兆/億/万/千/百 units."""
    if not body:
        return None
    if _PLAIN_RE.fullmatch(body):
        return _dec(body)
    total = Decimal(0)
    rest = body
    for unit, factor in _BIG_UNITS:
        if unit in rest:
            head, rest = rest.split(unit, 1)
            group = _kanji_group(head)
            if group is None:
                return None
            total += group * factor
    if rest:
        group = _kanji_group(rest)
        if group is None:
            return None
        total += group
    return total


def _number_from_text(raw: str) -> tuple[float | None, str | None]:
    s = normal_text(raw)
    if not s:
        return None, BLANK
    if s.startswith("#") and s.upper() in ERROR_CODES:
        return None, ERROR_VALUE
    s = _CURRENCY.sub("", s.translate(_MINUS_SIGNS)).strip()
    negative = False
    if len(s) >= 2 and s[0] == "(" and s[-1] == ")":  # accounting negative: (1,200)
        negative, s = True, s[1:-1].strip()
    m = _NUMBER_RE.fullmatch(s)
    if m is None:  # a line break inside the text
        return None, NOT_A_NUMBER
    sign, body, percent = m.groups()
    if negative and sign:  # "(-1200)" or "(△1200)": no sensible reading
        return None, NOT_A_NUMBER
    try:
        magnitude = _number_body(body)
        if magnitude is None:
            return None, NOT_A_NUMBER
        if percent:
            magnitude /= 100
    except ArithmeticError:  # decimal overflow on absurd exponents
        return None, NOT_A_NUMBER
    value = float(magnitude)
    if negative or sign in ("-", "△", "▲"):
        value = -value
    return value, None


def parse_number(v: object, *, allow_negative: bool = True) -> tuple[float | None, str | None]:
    """A cell as a float.

    Accepts numbers and text such as ``"１，２００"``, ``"¥1,200"``, ``"1,200円"``,
    ``"△1,200"``/``"▲1,200"``/``"(1,200)"`` (negative), ``"12.5%"`` (0.125), ``"1.2万"``,
    ``"3億"``, ``"1億2000万"``, ``"3千万"``. Booleans, dates and non-finite floats are
    ``"not_a_number"``; a negative value with ``allow_negative=False`` is ``"negative"``.
    """
    value: float | None
    if _is_missing(v):
        return None, BLANK
    if isinstance(v, bool | np.bool_):
        return None, NOT_A_NUMBER
    if _is_int(v) or _is_float(v):
        try:
            value = float(v)  # type: ignore[arg-type]
        except OverflowError:
            return None, NOT_A_NUMBER
    elif isinstance(v, Decimal):
        value = float(v)
    elif isinstance(v, str):
        value, problem = _number_from_text(v)
        if problem is not None:
            return None, problem
    elif is_error(v):
        return None, ERROR_VALUE
    else:
        return None, NOT_A_NUMBER
    assert value is not None
    if not math.isfinite(value):
        return None, NOT_A_NUMBER
    if value < 0 and not allow_negative:
        return None, NEGATIVE
    return value + 0.0, None  # + 0.0 turns -0.0 into 0.0


# ----------------------------------------------------------------------------------- dates

_UNIX_EPOCH: Final = date(1970, 1, 1)


class _Era(NamedTuple):
    name: str
    start: date
    end: date


# Gregorian first day of each era; each era ends the day before the next begins. Five rows
# do not justify a dependency (japanera exists, but we need nothing beyond this table).
_ERA_STARTS: Final = (
    ("明治", "M", date(1868, 1, 25)),
    ("大正", "T", date(1912, 7, 30)),
    ("昭和", "S", date(1926, 12, 25)),
    ("平成", "H", date(1989, 1, 8)),
    ("令和", "R", date(2019, 5, 1)),
)


def _build_eras() -> dict[str, _Era]:
    """Era by kanji name and by initial (either case): 令和, R, r → Reiwa."""
    eras: dict[str, _Era] = {}
    ends = [start - timedelta(days=1) for _, _, start in _ERA_STARTS[1:]] + [date.max]
    for (name, letter, start), end in zip(_ERA_STARTS, ends, strict=True):
        eras[name] = eras[letter] = eras[letter.lower()] = _Era(name, start, end)
    return eras


_ERAS: Final = _build_eras()

# "(水)", "(水曜日)", "水曜日", "(Wed)", " Wed": a bare 日 must not match, it ends 1日.
_WEEKDAY_SUFFIX = re.compile(
    r"\s*(?:\(\s*(?:[月火水木金土日](?:曜日?)?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\s*\)"
    r"|[月火水木金土日]曜日?|\s(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)$",
    re.IGNORECASE,
)
_TIME_SUFFIX = re.compile(
    r"(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([ap])\.?m\.?)?$"
    r"|\s+(\d{1,2})時(?:(\d{1,2})分(?:(\d{1,2})秒)?)?$",
    re.IGNORECASE,
)
_ISO_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_KANJI_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_ERA_RE = re.compile(
    r"(明治|大正|昭和|平成|令和|[MTSHRmtshr])\s*(元|\d{1,4})\s*[年./-]\s*(\d{1,2})\s*[月./-]"
    r"\s*(\d{1,2})\s*日?"
)
_SERIAL_RE = re.compile(r"\d+(?:\.\d*)?")
# A month with no day (a monthly summary's 年月, trial 50 M3): 2021/04, 2021-04, 2021.4,
# 2021年4月, 202104. Unlike 11/25 it is not ambiguous: read as the month's 1st, and the
# table's rows as a month's summary (validation.monthly).
_MONTH_RE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?")
_YYYYMM_RE = re.compile(r"(19[89]\d|20\d{2})(0[1-9]|1[0-2])")
# 6-digit yyyymm numbers as serials would be years 2442–2474: never a real order's date.
# From 1980 only: a yymmdd day of 2019 (190405) is not the month 1904-05 (review50b).
YYYYMM_LOW, YYYYMM_HIGH = 198001, 209912
# A month and a day with no year: 11/25, 11-25, 11.25, 11月25日. Which year is meant only the
# writer knows (a December log typed in January), so it is refused with its own problem.
_NO_YEAR_RE = re.compile(r"(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")


def year_example(typed: object, today: date | None = None) -> str:
    """The year-less date ``typed`` ("12/1", "11月25日") with the year it most likely has —
    the latest such day not after ``today`` — as the example a message gives ("2026/12/1");
    today's date when the cell cannot be read so. Never used as the date itself."""
    today = today or date.today()
    s = _WEEKDAY_SUFFIX.sub("", normal_text(str(typed)) if typed is not None else "")
    m = _NO_YEAR_RE.fullmatch(s)
    if m is None or not 1 <= int(m[1]) <= 12 or not 1 <= int(m[2]) <= 31:
        return f"{today.year}/{today.month}/{today.day}"
    month, day = int(m[1]), int(m[2])
    year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    return f"{year}/{month}/{day}"


def yearless_month(typed: object) -> int | None:
    """The month of a year-less date ("6月1日", "11/25" → 6, 11), None when ``typed`` is not
    one: which month the row would have filled, whatever its year."""
    s = _WEEKDAY_SUFFIX.sub("", normal_text(str(typed)) if typed is not None else "")
    m = _NO_YEAR_RE.fullmatch(s)
    if m is None or not 1 <= int(m[1]) <= 12 or not 1 <= int(m[2]) <= 31:
        return None
    return int(m[1])


def problem_params(problem: str, typed: object) -> dict[str, object]:
    """A cell problem's message params: the value as typed, and for a year-less date the
    example with its likely year (``year_example``) — given where the Check is made, by the
    sheet and the file readers alike."""
    params: dict[str, object] = {"value": typed}
    if problem == DATE_WITHOUT_YEAR:
        params["example"] = year_example(typed)
    return params


def month_only(v: object) -> date | None:
    """The 1st of the month a month-only cell names (``"2021/04"``, ``"2021年4月"``,
    ``"202104"``, 202104), None for anything else (a full date included)."""
    if isinstance(v, bool | np.bool_):
        return None
    if _is_int(v) or _is_float(v):
        x = float(v)  # type: ignore[arg-type]
        if not (math.isfinite(x) and x.is_integer() and YYYYMM_LOW <= x <= YYYYMM_HIGH):
            return None
        s = str(int(x))
    elif isinstance(v, str):
        s = _WEEKDAY_SUFFIX.sub("", normal_text(v))
    else:
        return None
    if m := _MONTH_RE.fullmatch(s):
        year, month = int(m[1]), int(m[2])
    elif _YYYYMM_RE.fullmatch(s):
        year, month = int(s[:4]), int(s[4:])
    else:
        return None
    return date(year, month, 1) if 1 <= month <= 12 else None


# A day typed as 6 digits, yymmdd (200405 = 2020-04-05: an old system's date, left50b). A
# 6-digit number is a month (yyyymm, 202104) or such a day: only the whole column tells
# (``yymmdd_column``). Two-digit years from 80 are the 1900s, as the 1980 month floor.
_SIX_DIGITS = re.compile(r"\d{6}")
_YY_PIVOT: Final = 80


class DayNote(NamedTuple):
    """Why a date column's 6-digit values were read as yymmdd days: the distinct values so
    read, one of them as typed and as read, and the reason's key (``yymmdd_why.*``)."""

    values: int
    example: str
    read: date
    why: str


def six_digits(v: object) -> int | None:
    """A cell holding exactly 6 digits (a whole number 100000–999999, or 6 digits of text
    such as "200405" or "050405"), as a number; None for anything else."""
    if isinstance(v, bool | np.bool_):
        return None
    if _is_int(v):
        return int(v) if 100000 <= v <= 999999 else None  # type: ignore[operator,call-overload]
    if _is_float(v):
        x = float(v)  # type: ignore[arg-type]
        return int(x) if x.is_integer() and 100000 <= x <= 999999 else None
    if isinstance(v, str):
        s = normal_text(v)
        return int(s) if _SIX_DIGITS.fullmatch(s) else None
    return None


def yymmdd(n: int) -> date | None:
    """The day a 6-digit number names as yymmdd (200405 → 2020-04-05), None when none."""
    yy, rest = divmod(n, 10000)
    month, day = divmod(rest, 100)
    try:
        return date(1900 + yy if yy >= _YY_PIVOT else 2000 + yy, month, day)
    except ValueError:
        return None


def yymmdd_column(numbers: Iterable[int]) -> DayNote | None:
    """Whether a date column's distinct 6-digit values are days typed yymmdd, decided by the
    whole column: every one a real yymmdd day, and either some of them no month as yyyymm
    (a "month" 13–31 or past 2099: 200417, 250405) or, each readable both ways, every one a
    1st as a day, which as months would all be Januaries (200401, 200501, 200601). Otherwise
    (a month column, order numbers, a single ambiguous value) None: months stay months."""
    ns = sorted(set(numbers))
    days = [yymmdd(n) for n in ns]
    if not ns or any(d is None for d in days):
        return None
    not_month = [n for n in ns if month_only(n) is None]
    if not_month:
        n = not_month[0]
        return DayNote(len(ns), str(n).zfill(6), yymmdd(n), "not_month")  # type: ignore[arg-type]
    if len(ns) > 1 and all(n % 100 == 1 for n in ns):
        return DayNote(len(ns), str(ns[0]).zfill(6), days[0], "januaries")  # type: ignore[arg-type]
    return None


def _checked_date(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    """A calendar date, or "impossible_date" for a well-formed but non-existent one."""
    try:
        return date(year, month, day), None
    except ValueError:
        return None, IMPOSSIBLE_DATE


def _from_yyyymmdd(n: int) -> tuple[date | None, str | None]:
    year, rest = divmod(n, 10000)
    month, day = divmod(rest, 100)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None, NOT_A_DATE
    return _checked_date(year, month, day)


def _from_serial(x: float, date1904: bool) -> tuple[date | None, str | None]:
    """An Excel serial day number (time of day ignored) as a date."""
    if not math.isfinite(x):
        return None, NOT_A_DATE
    # 20260401 typed as a number: far beyond the last serial, so reading it as yyyymmdd is
    # unambiguous, and core-system exports write dates that way.
    if 10000101 <= x <= 99991231 and x.is_integer():
        return _from_yyyymmdd(int(x))
    if (month := month_only(x)) is not None:  # 202104: a month (validation.monthly)
        return month, None
    n = math.floor(x)
    if date1904:
        if not 1 <= n <= MAX_SERIAL_1904:  # 0 (1904-01-01) is far likelier a placeholder
            return None, NOT_A_DATE
        return EXCEL_EPOCH_1904 + timedelta(days=n), None
    if not 1 <= n <= MAX_SERIAL_1900:
        return None, NOT_A_DATE
    if n == LOTUS_LEAP_DAY:
        return None, IMPOSSIBLE_DATE
    if n < LOTUS_LEAP_DAY:  # before the fake leap day the serials are one ahead
        return EXCEL_EPOCH_1900 + timedelta(days=n + 1), None
    return EXCEL_EPOCH_1900 + timedelta(days=n), None


def _strip_time(s: str) -> str | None:
    """Drop a trailing time of day; None when it is there but not a real time."""
    m = _TIME_SUFFIX.search(s)
    if m is None:
        return s
    if m.group(1) is not None:
        hour, minute, second, ampm = m.group(1), m.group(2), m.group(3), m.group(4)
        max_hour = 12 if ampm else 23
    else:
        hour, minute, second, max_hour = m.group(5), m.group(6), m.group(7), 23
    if int(hour) > max_hour or int(minute or 0) > 59 or int(second or 0) > 59:
        return None
    return s[: m.start()].rstrip()


def _from_era(era_key: str, year_text: str, month: int, day: int) -> tuple[date | None, str | None]:
    era = _ERAS[era_key]
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year < 1:
        return None, IMPOSSIBLE_DATE
    result, problem = _checked_date(era.start.year + era_year - 1, month, day)
    if result is None:
        return None, problem
    if not era.start <= result <= era.end:  # 平成32年, 昭和64年1月8日, 令和元年4月30日
        return None, IMPOSSIBLE_DATE
    return result, None


def _date_from_text(raw: str, date1904: bool) -> tuple[date | None, str | None]:
    s = normal_text(raw)
    if not s:
        return None, BLANK
    if s.startswith("#") and s.upper() in ERROR_CODES:
        return None, ERROR_VALUE
    stripped = _strip_time(s)
    if stripped is None:
        return None, NOT_A_DATE
    s = _WEEKDAY_SUFFIX.sub("", stripped)
    if m := _ISO_RE.fullmatch(s):
        return _checked_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    if m := _KANJI_RE.fullmatch(s):
        return _checked_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _ERA_RE.fullmatch(s):
        return _from_era(m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))
    if len(s) == 8 and s.isdigit():
        return _from_yyyymmdd(int(s))
    if (month := month_only(s)) is not None:
        return month, None
    if (m := _NO_YEAR_RE.fullmatch(s)) and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31:
        # Before the serial rule: "11.25" as a serial is 1900-01-11, never what was meant.
        return None, DATE_WITHOUT_YEAR
    if _SERIAL_RE.fullmatch(s):
        return _from_serial(float(s), date1904)
    return None, NOT_A_DATE


def parse_date(v: object, *, date1904: bool = False) -> tuple[date | None, str | None]:
    """A cell as a date (time of day dropped).

    Accepts datetimes/dates/Timestamps, Excel serials (1900 system with its phantom
    1900-02-29 = serial 60, or the 1904 system), yyyymmdd numbers, and text such as
    ``"2026-04-01"``, ``"2026/4/1 9:30"``, ``"2026.4.1"``, ``"20260401"``,
    ``"2026年4月1日(水)"``, ``"令和8年4月1日"``, ``"令和元年5月1日"``, ``"R8.4.1"``,
    ``"H31.4.30"`` or ``"46113"``. A well-formed date that does not exist (2026-02-30,
    平成32年) is ``"impossible_date"``; a month and day without a year (``"11/25"``,
    ``"11月25日"``) is ``"date_without_year"``: the year is never guessed.
    """
    if _is_missing(v):
        return None, BLANK
    if isinstance(v, datetime):  # before date: datetime (and Timestamp) is a date subclass
        return v.date(), None
    if isinstance(v, date):
        return v, None
    if isinstance(v, np.datetime64):
        day = v.astype("datetime64[D]").item()  # a date for years 1–9999, else an int
        return (day, None) if isinstance(day, date) else (None, NOT_A_DATE)
    if isinstance(v, bool | np.bool_):
        return None, NOT_A_DATE
    if _is_int(v) or _is_float(v):
        try:
            return _from_serial(float(v), date1904)  # type: ignore[arg-type]
        except OverflowError:
            return None, NOT_A_DATE
    if isinstance(v, str):
        return _date_from_text(v, date1904)
    if is_error(v):
        return None, ERROR_VALUE
    return None, NOT_A_DATE


# ------------------------------------------------------------------------------------ text


def parse_text(v: object) -> tuple[str | None, str | None]:
    """A cell as stripped, NFKC-normalised text.

    Whole floats lose their ``.0`` (account code 123.0 → ``"123"``), booleans read as
    Excel shows them (``"TRUE"``), dates become ISO strings. NaN/inf are ``"not_a_number"``.
    """
    if _is_missing(v):
        return None, BLANK
    if isinstance(v, str):
        s = normal_text(v)
        if not s:
            return None, BLANK
        if s.startswith("#") and s.upper() in ERROR_CODES:
            return None, ERROR_VALUE
        return s, None
    if isinstance(v, bool | np.bool_):
        return ("TRUE" if v else "FALSE"), None
    if _is_int(v):
        return str(int(v)), None  # type: ignore[call-overload]
    if _is_float(v):
        x = float(v)  # type: ignore[arg-type]
        if not math.isfinite(x):
            return None, NOT_A_NUMBER
        return (str(int(x)) if x.is_integer() else repr(x)), None
    if isinstance(v, datetime):
        midnight = v.time() == time(0) and v.tzinfo is None
        return (v.date().isoformat() if midnight else v.isoformat(sep=" ")), None
    if isinstance(v, date | time):
        return v.isoformat(), None
    if is_error(v):
        return None, ERROR_VALUE
    text = normal_text(str(v))  # timedelta, Decimal, …: keep what the user sees
    return (text, None) if text else (None, BLANK)


# ---------------------------------------------------------------------------------- choices


def _alias_table(choices: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Normalised alias → canonical key; the key itself is always an alias."""
    table: dict[str, str] = {}
    for key, aliases in choices.items():
        for alias in (key, *aliases):
            folded = fold(alias, WHITESPACE)
            if table.setdefault(folded, key) != key:
                raise ValueError(f"alias {alias!r} belongs to both {table[folded]!r} and {key!r}")
    return table


def choice_key(v: object) -> str | None:
    """The word a cell names as the choice parser looks it up (parsed text, NFKC, case and
    spaces ignored): a company word on the Words sheet and a Visits cell meet here."""
    text, _ = parse_text(v)  # 1.0 → "1", True → "TRUE": both then match aliases
    return None if text is None else fold(text, WHITESPACE)


def _lookup_choice(v: object, table: Mapping[str, str]) -> tuple[str | None, str | None]:
    text, problem = parse_text(v)
    if text is None:
        return None, problem
    key = table.get(fold(text, WHITESPACE))
    return (key, None) if key is not None else (None, UNKNOWN_CHOICE)


def _with_words(
    choices: Mapping[str, Iterable[str]], words: Mapping[str, str] | None
) -> dict[str, str]:
    """The alias table, then the company's own words (``choice_key`` → canonical key) over
    it: a word the user mapped is read as the user said, even one routekpi also knows."""
    table = _alias_table(choices)
    return {**table, **words} if words else table


def parse_choice(
    v: object, choices: Mapping[str, Iterable[str]], words: Mapping[str, str] | None = None
) -> tuple[str | None, str | None]:
    """The canonical key whose alias the cell names (NFKC, case- and space-insensitive).

    ``choices`` maps canonical keys to aliases, e.g. ``schema.VISIT_KINDS``; ``words``: the
    company's own words (the Words sheet, ``validation.words``). For a whole column use
    :func:`parse_choice_column`, which builds the alias table once.
    """
    return _lookup_choice(v, _with_words(choices, words))


# ---------------------------------------------------------------------------------- columns

_NAT: Final = np.iinfo(np.int64).min  # the int64 behind datetime64 NaT
_ORDINAL_UNIX_EPOCH: Final = _UNIX_EPOCH.toordinal()
_FAST_NUMBER_TYPES: Final = frozenset({float, int, np.float64, np.int64})
_FAST_DATE_TYPES: Final = frozenset({datetime, date, pd.Timestamp})


def _type_mask(types: list[type], wanted: frozenset[type]) -> np.ndarray:
    """Cells whose exact type is in ``wanted`` (exact, so bool never passes as int)."""
    kinds = set(types)  # ~10 ms per million; most columns hold one or two types
    if kinds <= wanted:
        return np.ones(len(types), dtype=bool)
    if kinds.isdisjoint(wanted):
        return np.zeros(len(types), dtype=bool)
    # map() over a C-level set lookup: ~30 ms per million cells, no Python-level loop.
    return np.fromiter(map(wanted.__contains__, types), dtype=bool, count=len(types))


def _objects(values: Sequence[object]) -> np.ndarray:
    # fromiter, unlike np.array, never tries to treat a cell as a nested sequence.
    return np.fromiter(values, dtype=object, count=len(values))


def _fast_floats(values: Sequence[object], fast: np.ndarray) -> np.ndarray | None:
    """float64 of the plain-number cells, or None if an int is too big for a float."""
    try:
        if fast.all():
            return np.array(values, dtype=np.float64)
        return _objects(values)[fast].astype(np.float64)
    except OverflowError:
        return None


def _scalar_cells(
    values: Sequence[object],
    positions: np.ndarray,
    parse: Callable[[object], tuple[T | None, str | None]],
    to_array: Callable[[list[T | None]], np.ndarray],
) -> tuple[np.ndarray, list[Problem]]:
    """Run a scalar parser over the cells at ``positions``: their values and problems.

    Strings and floats are parsed once per distinct value (a column of text dates or
    account codes repeats a few thousand values a million times); other types, which are
    rare in practice, cell by cell.
    """
    if len(positions) == len(values):  # every cell (text columns): no gathered copy
        cells = _objects(values)
        types = list(map(type, values))
    else:
        cells = _objects(values)[positions]
        types = list(map(type, cells))
    which = np.empty(len(cells), dtype=np.int64)  # cell k's result is results[which[k]]
    results: list[tuple[T | None, str | None]] = []
    memo = np.zeros(len(cells), dtype=bool)
    for kind in (str, float):
        of_kind = _type_mask(types, frozenset({kind}))
        if of_kind.any():
            codes, uniques = pd.factorize(cells[of_kind], use_na_sentinel=False)
            which[of_kind] = codes + len(results)
            results += map(parse, uniques.tolist())
            memo |= of_kind
    # Empty cells (None) are the commonest of all in optional columns: parse them once too.
    empty = _type_mask(types, frozenset({type(None)}))
    if empty.any():
        which[empty] = len(results)
        results.append(parse(None))
        memo |= empty
    rest = np.flatnonzero(~memo)
    which[rest] = np.arange(len(results), len(results) + len(rest))
    results += map(parse, cells[rest].tolist())

    parsed = to_array([value for value, _ in results])[which]
    codes_ = [problem for _, problem in results]
    is_problem = np.array([c is not None and c != BLANK for c in codes_], dtype=bool)[which]
    problems = list(
        zip(
            positions[is_problem].tolist(),
            [codes_[w] for w in which[is_problem].tolist()],
            strict=True,
        )
    )
    return parsed, problems


def _float_array(items: list[float | None]) -> np.ndarray:
    return np.array([np.nan if x is None else x for x in items], dtype=np.float64)


def _day_array(items: list[date | None]) -> np.ndarray:
    return np.array(
        [_NAT if d is None else d.toordinal() - _ORDINAL_UNIX_EPOCH for d in items],
        dtype=np.int64,
    )


def _text_array(items: list[str | None]) -> np.ndarray:
    return np.array(items, dtype=object)


def parse_number_column(
    values: Sequence[object], *, allow_negative: bool = True
) -> tuple[np.ndarray, list[Problem]]:
    """:func:`parse_number` over a column: float64 values (NaN where unusable) and problems.

    Plain floats/ints are converted in bulk; only the other cells take the scalar path.
    """
    out = np.full(len(values), np.nan)
    fast = _type_mask(list(map(type, values)), _FAST_NUMBER_TYPES)
    floats = _fast_floats(values, fast) if fast.any() else np.empty(0)
    if floats is None:  # an int beyond float range: let the scalar parser report it
        fast[:] = False
        floats = np.empty(0)
    out[fast] = floats
    problems: list[Problem] = []
    bad = fast & ~np.isfinite(out)
    problems += [(i, NOT_A_NUMBER) for i in np.flatnonzero(bad).tolist()]
    out[bad] = np.nan
    if not allow_negative:
        negative = fast & (out < 0)
        problems += [(i, NEGATIVE) for i in np.flatnonzero(negative).tolist()]
        out[negative] = np.nan
    out += 0.0  # -0.0 → 0.0, as the scalar parser does

    slow = np.flatnonzero(~fast)
    if len(slow):

        def scalar(v: object) -> tuple[float | None, str | None]:
            return parse_number(v, allow_negative=allow_negative)

        out[slow], slow_problems = _scalar_cells(values, slow, scalar, _float_array)
        problems += slow_problems
    problems.sort()
    return out, problems


def _serial_offsets(date1904: bool) -> tuple[int, int]:
    """Days to add to a serial to get days since 1970-01-01 (below, above the leap bug)."""
    if date1904:
        offset = (EXCEL_EPOCH_1904 - _UNIX_EPOCH).days
        return offset, offset
    offset = (EXCEL_EPOCH_1900 - _UNIX_EPOCH).days
    return offset + 1, offset  # serials below 60 count the phantom 1900-02-29 too early


def parse_date_column(
    values: Sequence[object], *, date1904: bool = False, notes: list[DayNote] | None = None
) -> tuple[np.ndarray, list[Problem]]:
    """:func:`parse_date` over a column: datetime64[D] values (NaT where unusable), problems.

    Datetimes/dates and in-range serials are converted in bulk; the rest (text, odd
    serials) take the scalar path, once per distinct value. 6-digit values are months
    (yyyymm) unless the column's 6-digit values together are yymmdd days
    (``yymmdd_column``): then they are read so, and ``notes`` gets why.
    """
    days = np.full(len(values), _NAT, dtype=np.int64)
    types = list(map(type, values))
    is_date = _type_mask(types, _FAST_DATE_TYPES)
    is_num = _type_mask(types, _FAST_NUMBER_TYPES)
    if is_date.any():
        # date.toordinal reads only the calendar fields, so it equals .date() for datetimes
        # and Timestamps alike, and is exact for every year 1–9999.
        dated = values if is_date.all() else _objects(values)[is_date]
        ordinals = np.fromiter(map(date.toordinal, dated), dtype=np.int64, count=len(dated))
        days[is_date] = ordinals - _ORDINAL_UNIX_EPOCH
    if is_num.any():
        serials = _fast_floats(values, is_num)
        if serials is None:
            is_num[:] = False
        else:
            whole = np.floor(serials)
            top = MAX_SERIAL_1904 if date1904 else MAX_SERIAL_1900
            # Only the plain range goes in bulk; the leap-bug day, out-of-range and
            # yyyymmdd numbers are rare and left to the scalar rules.
            ok = (whole >= 1) & (whole <= top)
            # 6 digits: a month (202104) or a yymmdd day (200405), as the column says.
            ok &= ~((whole >= 100000) & (whole <= 999999))
            if not date1904:
                ok &= whole != LOTUS_LEAP_DAY
            early, late = _serial_offsets(date1904)
            offsets = np.where(whole < LOTUS_LEAP_DAY, early, late)
            num_idx = np.flatnonzero(is_num)
            days[num_idx[ok]] = whole[ok].astype(np.int64) + offsets[ok]
            is_num[num_idx[~ok]] = False
    problems: list[Problem] = []
    slow = np.flatnonzero(~(is_date | is_num))
    if len(slow):
        seen: list[int] = []  # the distinct 6-digit values (each parsed once)

        def scalar(v: object) -> tuple[date | None, str | None]:
            if (n := six_digits(v)) is not None:
                seen.append(n)
            return parse_date(v, date1904=date1904)

        days[slow], problems = _scalar_cells(values, slow, scalar, _day_array)
        note = yymmdd_column(seen) if seen else None
        if note is not None:  # read again, the 6-digit values as the days they are

            def as_day(v: object) -> tuple[date | None, str | None]:
                n = six_digits(v)
                return (yymmdd(n), None) if n is not None else parse_date(v, date1904=date1904)

            days[slow], problems = _scalar_cells(values, slow, as_day, _day_array)
            if notes is not None:
                notes.append(note)
    return days.view("datetime64[D]"), problems


def parse_text_column(values: Sequence[object]) -> tuple[list[str | None], list[Problem]]:
    """:func:`parse_text` over a column: text (None where blank/unusable) and problems."""
    everything = np.arange(len(values))
    texts, problems = _scalar_cells(values, everything, parse_text, _text_array)
    return texts.tolist(), problems


def parse_choice_column(
    values: Sequence[object],
    choices: Mapping[str, Iterable[str]],
    words: Mapping[str, str] | None = None,
) -> tuple[list[str | None], list[Problem]]:
    """:func:`parse_choice` over a column: canonical keys (None where unusable), problems."""
    table = _with_words(choices, words)

    def scalar(v: object) -> tuple[str | None, str | None]:
        return _lookup_choice(v, table)

    everything = np.arange(len(values))
    keys, problems = _scalar_cells(values, everything, scalar, _text_array)
    return keys.tolist(), problems
