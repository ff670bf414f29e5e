"""Company holidays assumed from the history for the years the Holidays sheet has none for
(core.calendar.assume_company_holidays), with the Checks row that says so.

Without them a new user's Daily list sends reps out on 12/29 and December counts 23 working
days, though nobody has ordered or visited on those days in years. A year with any typed
company holiday keeps exactly what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.core.calendar import MON_FRI, YEAR_END_SPAN, assume_company_holidays
from routekpi.schema import HOLIDAYS

# The years filled: the history's first through two after its last. A plan year is planned
# from a history that reaches into the year before it, and one made in the budgeting months
# before it starts ends in the year after next (FY2027, April–March, planned in December
# 2026 runs into 2028: its 1/2–1/3 were working days with one year ahead; trial28 M1).
YEARS_AHEAD = 2
ASSUMED_NAME = "assumed"  # the name column of an assumed row (no sheet shows it)


def day_events(dates: Iterable[pd.Series]) -> dict[date, int]:
    """Orders and visits per day, from their date columns (NaT left out).

    Counted on datetime64 days, and only the distinct days made Python dates: every
    recalculation runs this over every order and visit (a date object per row cost ~0.5 s
    at a million rows, ~0.1 s this way)."""
    return tally_days([day_numbers(c) for c in dates])


def tally_days(days: Sequence[np.ndarray]) -> dict[date, int]:
    """``day_events`` of columns already made day numbers (``day_numbers``): a column read
    into two tallies (the orders, alone and with the visits) is cast once."""
    if not days:
        return {}
    every = np.concatenate(days)
    if not len(every):
        return {}
    # Counted by day number from the first day (what np.unique's sort gave, in one pass: a
    # million lines span a few thousand days); a span wider than any real history (a stray
    # year 9999) keeps the sort.
    first = int(every.min())
    if int(every.max()) - first <= _COUNT_SPAN:
        tally = np.bincount(every - first)
        at = np.flatnonzero(tally)
        unique, counts = (at + first).astype("datetime64[D]"), tally[at]
    else:
        unique, counts = np.unique(every.astype("datetime64[D]"), return_counts=True)
    return dict(zip(pd.DatetimeIndex(unique).date, counts.tolist(), strict=True))


def summed_tallies(*tallies: Mapping[date, int]) -> dict[date, int]:
    """The day tallies added, in day order: ``tally_days`` of the columns joined, from
    tallies already made (validation tallies the orders alone too: the orders and visits
    joined cost a second cast and count of every line, ~20 ms a million)."""
    out: dict[date, int] = {}
    for tally in tallies:
        for day, count in tally.items():
            out[day] = out.get(day, 0) + count
    return dict(sorted(out.items()))


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Each date's day number (days since 1970-01-01, floored), NaT left out.

    A frame's date column is cast as it is: no copy without its NaT (``dropna``) and no
    ``to_datetime`` first (~35 ms of the 60 this took at a million order lines)."""
    values = dates.to_numpy()
    if values.dtype.kind != "M":  # anything else (not from the validated readers)
        values = pd.to_datetime(dates.dropna()).to_numpy(dtype="datetime64[D]")
    days = values.astype("datetime64[D]", copy=False).view(np.int64)
    return days[days != _NAT]


_NAT = np.datetime64("NaT").view(np.int64)


def first_day(dates: pd.Series) -> date | None:
    """The earliest date of a date column (None when it has none)."""
    first = pd.to_datetime(dates.dropna()).min()
    return None if pd.isna(first) else first.date()


# Days between a history's first and last line up to which ``day_events`` tallies by day
# number (an array of this many counts, 8 MB at most) instead of sorting the lines.
_COUNT_SPAN = 1_000_000


def with_assumed_holidays(
    holidays: pd.DataFrame,
    events: Mapping[date, int],
    checks: list[Check],
    weekdays: frozenset[int] = MON_FRI,
    first_order: date | None = None,
) -> pd.DataFrame:
    """``holidays`` (the Holidays table: date, name) with the assumed company holidays added
    for the years none is typed for, and one info row on Checks naming them; unchanged when
    nothing is assumed. ``events``: orders and visits per day (``day_events``); ``weekdays``:
    the working weekdays (Settings WorkingDays); ``first_order``: the first order's date.

    The days are read from the first order's month on, where the history starts
    (core.orders_start): a visit log kept years before the orders (a trainee's ride-along
    visits on 12/29) says nothing about the company's closures in the years it plans."""
    if first_order is not None:
        since = first_order.replace(day=1)
        events = {d: n for d, n in events.items() if d >= since}
    if not events:
        return holidays
    typed = [d.date() for d in pd.to_datetime(holidays["date"].dropna())]
    first, last = min(events), max(events)
    years = range(first.year, last.year + YEARS_AHEAD + 1)
    assumed = assume_company_holidays(events, typed, years, weekdays)
    if not assumed.days:
        return holidays
    filled = assumed.years
    params = {
        "years": f"{filled[0]}" if len(filled) == 1 else f"{filled[0]}〜{filled[-1]}",
        "year_end": _span(assumed.year_end),
        "yearly": "・".join(f"{m}/{d}" for m, d in assumed.yearly),
        # An English book's: 2023 – 2028, 8/13, 8/14 (trial 31 L2, en42b).
        "years_en": f"{filled[0]}" if len(filled) == 1 else f"{filled[0]} – {filled[-1]}",
        "year_end_en": _span(assumed.year_end, " – ", ", "),
        "yearly_en": ", ".join(f"{m}/{d}" for m, d in assumed.yearly),
        "seen": assumed.seen_years,
        "usual": assumed.usual,
    }
    key = "holidays_assumed"
    if not assumed.yearly:
        key = "holidays_assumed_year_end"
    elif not assumed.year_end:
        key = "holidays_assumed_yearly"
    checks.append(Check(HOLIDAYS.name, None, "", None, key, params, "info"))
    added = pd.DataFrame(
        {"date": pd.to_datetime(list(assumed.days)), "name": ASSUMED_NAME},
        columns=list(holidays.columns),
    )
    frames = [f for f in (holidays, added) if len(f)]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else added


def _span(days: tuple[tuple[int, int], ...], to: str = "〜", sep: str = "・") -> str:
    """12/29〜1/3 for the whole year-end span, else the days listed (12/29・1/2); in English
    ``to=" – ", sep=", "``."""
    if days == YEAR_END_SPAN:
        return f"{days[0][0]}/{days[0][1]}{to}{days[-1][0]}/{days[-1][1]}"
    return sep.join(f"{m}/{d}" for m, d in days)
