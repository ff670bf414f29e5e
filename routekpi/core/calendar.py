"""Fiscal periods and the Japanese business calendar.

Working days are the company's working weekdays (Settings ``WorkingDays``: Monday to Friday
unless it says 月-土) that are neither Japanese national holidays (from the maintained
``holidays`` package, so substitute holidays and new holidays need no code change) nor company
holidays listed in the workbook. A company that works national holidays says so in the same
setting (月-土・祝: ``WorkWeek.holidays_worked``); its company holidays still close. A rep's
own working days also leave out his leave (the Leave sheet, ``BusinessCalendar.leave``):
nothing is scheduled or expected of him on those days.
"""

from __future__ import annotations

import importlib.util
import re
from calendar import monthrange
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache, partial
from pathlib import Path

import holidays as holidays_lib
import numpy as np
import pandas as pd


def fiscal_months(plan_year: int, start_month: int = 4) -> list[pd.Period]:
    """The 12 monthly periods of fiscal year ``plan_year`` (FY2026 = 2026-04 … 2027-03)."""
    first = pd.Period(year=plan_year, month=start_month, freq="M")
    return [first + i for i in range(12)]


def fiscal_year_of(day: date, start_month: int) -> int:
    """The fiscal year a date falls in: FY N starts in ``start_month`` of year N.

    No default: assuming April here is how a January-start company got last year's plan.
    """
    return day.year if day.month >= start_month else day.year - 1


def fiscal_label(plan_year: int) -> str:
    """Period label of a fiscal year, e.g. ``FY2026``: the key of the Targets and Attainment
    tables, the JSON and ``=KPI_TARGET`` (always its start year). What a person reads is
    ``fiscal_name``."""
    return f"FY{plan_year}"


# Settings ``FiscalYearLabel``: how the company names a fiscal year in print.
FY_LABELS = ("start", "end")


def name_shift(start_month: int, label: str = "start") -> int:
    """How far a fiscal year's printed number is above the year it starts in: 1 when the
    company names it by the year it ends in (``end``) and it ends in the next calendar year."""
    return 1 if label == "end" and start_month != 1 else 0


def fiscal_name(plan_year: int, start_month: int, label: str = "start") -> str:
    """The fiscal year ``plan_year`` (the year it starts in) as the company names it:
    ``start`` = FY + that year (routekpi's own naming); ``end`` = FY + the calendar year it
    ends in (2026-10 … 2027-09 is FY2027, a 2027年9月期 company's name). A year starting in
    January ends in the year it starts: the same either way."""
    return f"FY{plan_year + name_shift(start_month, label)}"


_FY_KEY = re.compile(r"FY(\d{4})")


def period_name(period: str, start_month: int, label: str = "start") -> str:
    """A period key as printed: ``FY2026`` → ``fiscal_name``; a month (``2027-05``) as is."""
    m = _FY_KEY.fullmatch(period)
    return fiscal_name(int(m.group(1)), start_month, label) if m else period


def period_key(name: str, start_month: int, label: str = "start") -> str:
    """``period_name`` undone: a fiscal year as the company names it → the tables' key."""
    m = _FY_KEY.fullmatch(name)
    return fiscal_label(int(m.group(1)) - name_shift(start_month, label)) if m else name


def month_label(month: pd.Period) -> str:
    """Period label of a month, e.g. ``2027-05``."""
    return f"{month.year:04d}-{month.month:02d}"


def month_span(first: object, last: object) -> str:
    """A run of months as text: ``2026-04 – 2027-03``, or one month alone (``2026-12``, not
    ``2026-12 – 2026-12``)."""
    return f"{first}" if str(first) == str(last) else f"{first} – {last}"


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(_japan()(years=year).keys())


@lru_cache(maxsize=1)
def _japan() -> Callable[..., Mapping[date, str]]:
    """The holidays package's Japan calendar, loaded alone from its module file.

    ``country_holidays("JP")`` first imports all ~250 countries of ``holidays.countries``
    (~0.1 s, a tenth of a small book's recalculation); Japan's module needs none of them.
    The same class and code, so the same days; a package layout this does not know falls
    back to ``country_holidays``.
    """
    try:
        path = Path(str(holidays_lib.__file__)).parent / "countries" / "japan.py"
        spec = importlib.util.spec_from_file_location("routekpi._holidays_japan", path)
        if spec is None or spec.loader is None:
            raise ImportError(path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        japan: Callable[..., Mapping[date, str]] = module.Japan
        return japan
    except Exception:  # only a speed-up: any surprise takes the public API
        return partial(holidays_lib.country_holidays, "JP")


def national_holidays(years: Iterable[int]) -> set[date]:
    """Japanese national holidays (incl. substitute holidays) in the given years."""
    out: set[date] = set()
    for year in years:
        out |= _national_holidays(year)
    return out


# One rep's absence: (rep, first day, last day), both inclusive (a Leave sheet row).
LeaveSpan = tuple[str, date, date]
# A month counts as one the rep worked (his unit price, his lever trends) when he was away on
# less than half its working days: a month mostly on leave says nothing about how he sells.
PRESENT_SHARE = 0.5


def leave_spans(frame: pd.DataFrame | None) -> tuple[LeaveSpan, ...]:
    """The Leave table (rep, start, end) as spans, sorted; a row without a rep or either date
    is left out (the validator has said why)."""
    if frame is None or not len(frame):
        return ()
    spans = {
        (str(rep), pd.Timestamp(a).date(), pd.Timestamp(b).date())
        for rep, a, b in zip(frame["rep"], frame["start"], frame["end"], strict=True)
        if isinstance(rep, str) and rep and pd.notna(a) and pd.notna(b) and a <= b
    }
    return tuple(sorted(spans))


# The working weekdays (0 = Monday) when Settings says nothing: Monday to Friday.
MON_FRI: frozenset[int] = frozenset(range(5))


def weekmask(weekdays: Iterable[int]) -> str:
    """NumPy's business-day week mask of these weekdays (Monday first): ``1111100``."""
    days = set(weekdays)
    return "".join("1" if w in days else "0" for w in range(7))


class WorkWeek(frozenset[int]):
    """Settings ``WorkingDays`` as read: the working weekdays (0 = Monday) and whether
    national holidays are worked too (``holidays_worked``: 月-土・祝, Mon-Sat+holidays —
    trial 38, a wholesaler delivering on 祝日). It is the ``weekdays`` every calendar is
    built with (``History.weekdays``), so the flag reaches each ``BusinessCalendar``; a plain
    frozenset is the old meaning (national holidays closed). Compared as the set of weekdays
    (a rep working 月-土 works the company's 月-土・祝 week, core.workweek): what tells the
    flag apart is ``holidays_worked`` (``BusinessCalendar.holidays_worked``, its field)."""

    holidays_worked: bool

    def __new__(cls, days: Iterable[int] = (), holidays_worked: bool = False) -> WorkWeek:
        week = super().__new__(cls, days)
        week.holidays_worked = bool(holidays_worked)
        return week

    def __reduce__(self) -> tuple[object, ...]:
        return (WorkWeek, (sorted(self), self.holidays_worked))

    def __repr__(self) -> str:
        return f"WorkWeek({sorted(self)}, holidays_worked={self.holidays_worked})"


def holidays_worked(weekdays: object) -> bool:
    """True when these working weekdays (Settings WorkingDays) include national holidays."""
    return bool(getattr(weekdays, "holidays_worked", False))


# What a label appends for a company that works national holidays (weekdays_label).
HOLIDAYS_WORKED_LABEL: Mapping[str, str] = {"ja": "・祝", "en": "+holidays"}


# Weekday names, Monday first: how a set of working weekdays is printed (``weekdays_label``).
WEEKDAY_NAMES: Mapping[str, tuple[str, ...]] = {
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def weekdays_label(weekdays: Iterable[int], language: str = "ja") -> str:
    """Working weekdays as a person types them: 月-金, 月-土, 月水金 (``Mon-Sat``,
    ``Mon, Wed, Fri`` in English); a run of three or more days as a range; 月-土・祝
    (``Mon-Sat+holidays``) when national holidays are worked too (``WorkWeek``)."""
    en = language == "en"
    names = WEEKDAY_NAMES["en" if en else "ja"]
    runs: list[list[int]] = []
    for w in sorted(set(weekdays)):
        if runs and runs[-1][-1] == w - 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}-{names[run[-1]]}")
        else:
            parts += [names[w] for w in run]
    label = (", " if en else "").join(parts)
    if holidays_worked(weekdays):
        label += HOLIDAYS_WORKED_LABEL["en" if en else "ja"]
    return label


@dataclass(frozen=True)
class BusinessCalendar:
    """Working-day arithmetic: the working ``weekdays`` (default Monday to Friday) minus
    national and company holidays; a rep's own working days also minus his ``leave``."""

    company_holidays: frozenset[date] = frozenset()
    leave: tuple[LeaveSpan, ...] = ()
    # Settings ``WorkingDays`` (``History.weekdays``): a holiday still closes a Saturday.
    weekdays: frozenset[int] = MON_FRI
    # Reps who work fewer of those weekdays (a part-timer on Monday, Wednesday and Friday),
    # as (rep, his weekdays): core.workweek, the Daily list's rule (core.daily.rep_weekdays).
    # Read by core.workweek only; every other count here is the company's days.
    weeks: tuple[tuple[str, frozenset[int]], ...] = ()
    # National holidays are working days (Settings WorkingDays 月-土・祝); company holidays
    # still close. Read from ``weekdays`` when it is a ``WorkWeek`` saying so.
    holidays_worked: bool = False

    def __post_init__(self) -> None:
        if holidays_worked(self.weekdays):
            object.__setattr__(self, "holidays_worked", True)

    def national_closed(self, year: int) -> frozenset[date]:
        """The national holidays of ``year`` this calendar closes (none when they are worked)."""
        return frozenset() if self.holidays_worked else _national_holidays(year)

    def with_leave(self, spans: Iterable[LeaveSpan]) -> BusinessCalendar:
        """The same calendar with these reps' leave."""
        return replace(self, leave=tuple(spans))

    def has_leave(self, rep: object) -> bool:
        """True when ``rep`` has any leave on this calendar."""
        return any(r == rep for r, _, _ in self.leave)

    def on_leave(self, rep: object, day: date) -> bool:
        """True when ``day`` falls in one of ``rep``'s leave spans (any day, worked or not)."""
        return any(r == rep and a <= day <= b for r, a, b in self.leave)

    def leave_days(self, rep: object, start: date, end: date) -> frozenset[date]:
        """The working days from ``start`` to ``end`` (inclusive) ``rep`` is on leave."""
        out: set[date] = set()
        for r, a, b in self.leave:
            if r == rep and a <= end and b >= start:
                out.update(self.working_days(max(a, start), min(b, end)))
        return frozenset(out)

    def rep_working_days(self, rep: object, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end`` inclusive that ``rep`` is not on leave."""
        away = self.leave_days(rep, start, end)
        return [d for d in self.working_days(start, end) if d not in away]

    def rep_elapsed_fraction(self, rep: object, month: pd.Period, as_of: date) -> float:
        """The share of a month's working days gone by the end of ``as_of`` on which ``rep``
        was at work: what of his month target is due by then (a month on leave asks
        nothing). ``elapsed_fraction`` for a rep without leave."""
        gone = self.elapsed_fraction(month, as_of)
        if gone == 0.0 or not self.has_leave(rep):
            return gone
        total = len(self.month_working_days(month))
        if total == 0:
            return gone
        first = month.start_time.date()
        through = min(as_of, month.end_time.date())
        return max(gone - len(self.leave_days(rep, first, through)) / total, 0.0)

    def available_share(self, rep: object, month: pd.Period) -> float:
        """The share of a month's working days ``rep`` is not on leave (1.0 without leave)."""
        if not self.has_leave(rep):
            return 1.0
        days = self.month_working_days(month)
        if not days:
            return 1.0
        away = self.leave_days(rep, days[0], days[-1])
        return 1.0 - len(away) / len(days)

    def present_months(self, rep: object, months: Iterable[pd.Period]) -> list[pd.Period]:
        """The months ``rep`` was at work for at least ``PRESENT_SHARE`` of their working
        days, in order: the months his own trends (unit price, levers) are judged on."""
        return [m for m in months if self.available_share(rep, m) >= PRESENT_SHARE]

    def is_working_day(self, day: date) -> bool:
        """True on a working day."""
        return (
            day.weekday() in self.weekdays
            and day not in self.company_holidays
            and day not in self.national_closed(day.year)
        )

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end`` inclusive."""
        if end < start:
            return []
        if isinstance(start, datetime) or isinstance(end, datetime):  # a time of day too
            days = pd.date_range(start, end, freq="D").date
            return [d for d in days if self.is_working_day(d)]
        # Day numbers, not ``pd.date_range(...).date`` (a Timestamp per day): a run asks for
        # ~100 months' days, ~0.25 ms each that way.
        company = self.company_holidays
        week = self.weekdays
        # The span's years' national holidays in one set (a day is in its own year's only),
        # and the days tested in a comprehension: no call per day but ``fromordinal``.
        national: frozenset[date] = frozenset()
        if not self.holidays_worked:
            national = national.union(
                *(_national_holidays(year) for year in range(start.year, end.year + 1))
            )
        return [
            day
            for day in map(date.fromordinal, range(start.toordinal(), end.toordinal() + 1))
            if day.weekday() in week and day not in company and day not in national
        ]

    def month_working_days(self, month: pd.Period) -> list[date]:
        """Working days of one calendar month."""
        if month.freqstr != "M":
            return self.working_days(month.start_time.date(), month.end_time.date())
        # The month's first and last day from its year and month (``Period.start_time`` and
        # ``end_time`` build Timestamps: ~0.1 ms a month).
        last = monthrange(month.year, month.month)[1]
        return self.working_days(
            date(month.year, month.month, 1), date(month.year, month.month, last)
        )

    def count(self, start: date, end: date) -> int:
        """Number of working days from ``start`` to ``end`` inclusive."""
        return len(self.working_days(start, end))

    def month_counts(self, months: Iterable[pd.Period]) -> np.ndarray:
        """Working days per month, in the given order."""
        return np.array([len(self.month_working_days(m)) for m in months], dtype=float)

    def month_over(self, month: pd.Period, as_of: date) -> bool:
        """Whether ``month`` is over by the end of ``as_of``: its last working day is on or
        before it (data to Friday 10/30 ends October when 10/31 is a Saturday: trial 43 M1);
        a month without working days is over after its last day."""
        days = self.month_working_days(month)
        return (days[-1] if days else month.end_time.date()) <= as_of

    def elapsed_fraction(self, month: pd.Period, as_of: date) -> float:
        """Share of a month's working days that have passed by the end of ``as_of``."""
        if as_of >= month.end_time.date():
            return 1.0
        if as_of < month.start_time.date():
            return 0.0
        total = len(self.month_working_days(month))
        if total == 0:
            return 1.0
        return self.count(month.start_time.date(), as_of) / total


# --- company holidays assumed from the history (no Holidays typed for a year) --------------

# The year-end and New Year closure nearly every Japanese company takes (12/29 – 1/3).
YEAR_END_SPAN: tuple[tuple[int, int], ...] = ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))
# A month-day is a yearly closure when it was closed in every one of at least this many years.
CLOSED_YEARS = 2
# A usual working day (the median) needs this many orders and visits for a closed one to mean
# a closure: at 5 a day a day without any happens by chance about once in 150 days, and on
# the same date two years running about once in 60 years.
BUSY_DAY_EVENTS = 5
# A day counts as closed with fewer orders and visits than this share of a usual day's (a
# meeting logged on 12/31 does not open the office).
OPEN_SHARE = 0.1
# A quiet stretch longer than this many weekdays is a gap in the data, not a holiday.
LONGEST_CLOSURE = 9


@dataclass(frozen=True)
class AssumedHolidays:
    """Company holidays assumed for the years the Holidays sheet has none for."""

    days: tuple[date, ...]  # every assumed date, sorted
    years: tuple[int, ...]  # the years they fill (none typed for them)
    year_end: tuple[tuple[int, int], ...]  # (month, day) of 12/29 – 1/3 assumed closed
    yearly: tuple[tuple[int, int], ...]  # (month, day) the history shows closed every year
    seen_years: int  # the fewest years a yearly closure was seen closed in (0: none found)
    # A usual working day's orders and visits (the median of the open days): a closed day
    # has fewer than ``OPEN_SHARE`` of it (the Checks row says so: trial 34 L3, 1/8 read
    # 「受注も訪問もなく」 with 1 and 2 orders on a usual day's 30).
    usual: int = 0


def assume_company_holidays(
    events: Mapping[date, int],
    typed: Iterable[date],
    years: Iterable[int],
    weekdays: frozenset[int] = MON_FRI,
) -> AssumedHolidays:
    """The days a company evidently closes every year, for the ``years`` with no typed
    company holiday (a year with any typed keeps exactly what was typed).

    ``events``: orders and visits per day of the history. A day is closed when it has fewer
    than ``OPEN_SHARE`` of a usual working day's (the median's; at least one opens it). Two
    rules:

    - the weekdays of the year-end span 12/29 – 1/3, unless the history shows that date
      open in some year (a company open on 12/29 keeps it);
    - any other month-day closed in every one of at least ``CLOSED_YEARS`` years while the
      working days either side were open (a closed stretch of at most ``LONGEST_CLOSURE``
      weekdays; years where the date fell on a weekend or a national holiday say nothing) —
      only when a usual working day has ``BUSY_DAY_EVENTS`` orders and visits, so that a
      closed day means something.
    """
    typed_years = {d.year for d in typed}
    fill = tuple(sorted(set(years) - typed_years))
    first, last = (min(events), max(events)) if events else (None, None)
    # The history's working weekdays (Settings WorkingDays): a 月-土 company's Saturday in
    # the year-end span is closed like its weekdays.
    days_open = (
        BusinessCalendar(weekdays=weekdays).working_days(first, last) if first and last else []
    )
    counts = [events.get(d, 0) for d in days_open]
    busy = sorted(n for n in counts if n > 0)
    usual = busy[len(busy) // 2] if busy else 0
    least = max(1.0, OPEN_SHARE * usual)  # orders and visits that make a day open
    opened = {(d.month, d.day) for d, n in events.items() if n >= least}
    year_end = tuple(md for md in YEAR_END_SPAN if md not in opened)
    yearly: tuple[tuple[int, int], ...] = ()
    seen = 0
    if usual >= BUSY_DAY_EVENTS:
        yearly, seen = _yearly_closures(days_open, [n >= least for n in counts])
    days: set[date] = set()
    for year in fill:
        for month, day in (*year_end, *yearly):
            try:
                d = date(year, month, day)
            except ValueError:  # 2/29 of a common year
                continue
            if d.weekday() in weekdays and (
                holidays_worked(weekdays) or d not in _national_holidays(year)
            ):
                days.add(d)
    return AssumedHolidays(
        tuple(sorted(days)), fill if days else (), year_end, yearly, seen, int(usual)
    )


def _yearly_closures(
    weekdays: list[date], is_open: list[bool]
) -> tuple[tuple[tuple[int, int], ...], int]:
    """Month-days outside the year-end span closed in every year the history can tell, and
    in at least CLOSED_YEARS of them; with the fewest years such a day was seen closed.
    ``weekdays``: the history's weekdays less national holidays; ``is_open``: each one's."""
    closed: dict[tuple[int, int], int] = {}  # month-day → years seen closed
    opened: set[tuple[int, int]] = set()  # month-days seen open (or in a data gap)
    i = 0
    while i < len(weekdays):
        if is_open[i]:
            opened.add((weekdays[i].month, weekdays[i].day))
            i += 1
            continue
        j = i
        while j < len(weekdays) and not is_open[j]:
            j += 1
        # Short, and between two open weekdays (not at the history's ends).
        between = i > 0 and j < len(weekdays) and j - i <= LONGEST_CLOSURE
        for d in weekdays[i:j]:
            md = (d.month, d.day)
            if between:
                closed[md] = closed.get(md, 0) + 1
            else:
                opened.add(md)
        i = j
    found = sorted(
        md
        for md, n in closed.items()
        if n >= CLOSED_YEARS and md not in opened and md not in YEAR_END_SPAN
    )
    return tuple(found), min((closed[md] for md in found), default=0)
