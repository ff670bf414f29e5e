"""Seasonal accounts on the Daily list (trial 53 M1).

A customer whose orders come in the same few calendar months every year (a school buying
textbooks in March–April) is visited for its season, not on the rhythm of the visits it
had then: in December its usual gap of two weeks reads 「245日訪問なし」 and sent it to the
head of the list and into the important-overdue flags, ahead of bookstores ordering weekly.
Such an account is **off the list in the months that are neither its season nor the month
before a season month** (counted per rep with the other off-season accounts), and **due
from the first list day in the month before its season** (or in it), never at risk nor
overdue for the gap of its silent months: its row says 「季節の取引先: 次の注文期 3月」.

Read on the order days of the two years to the as-of date (``account_days_of``: raw rows
or a compact history's, the same list from both).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

# "A few months": the calendar months it ordered in over the two years, at most this many
# (a school's March–April; a customer ordering in five months or more has a rhythm).
SEASONAL_MAX_MONTHS = 4
# Every year: it ordered in each of the two years to the as-of date (the last 365 days and
# the 365 before), on at least this many days in all.
SEASONAL_MIN_DAYS = 4
# Still ordering lately: in season, whatever its months say (an odd order outside them).
SEASONAL_QUIET_DAYS = 30


def seasonal_months(account_days: pd.DataFrame | None, as_of: date) -> dict[str, frozenset[int]]:
    """Account (as text) → its season, the calendar months (1–12) it ordered in, for each
    account of ``account_days`` (account × date rows, the two years to ``as_of``) ordering
    in at most ``SEASONAL_MAX_MONTHS`` calendar months, in each of the two years, on
    ``SEASONAL_MIN_DAYS`` days or more, and not in the last ``SEASONAL_QUIET_DAYS``."""
    if account_days is None or not len(account_days):
        return {}
    end = np.datetime64(as_of, "D")
    day = pd.to_datetime(account_days["date"]).to_numpy(dtype="datetime64[D]")
    keep = day <= end
    if not keep.any():
        return {}
    day = day[keep]
    age = (end - day).astype(np.int64)  # days (before pandas stores the days as seconds)
    frame = pd.DataFrame(
        {
            "account": account_days["account"].astype(str).to_numpy()[keep],
            "day": day.astype(np.int64),
            "month": day.astype("datetime64[M]").astype(np.int64) % 12 + 1,
            "recent": age < 365,
            "earlier": (age >= 365) & (age < 730),
            "lately": age < SEASONAL_QUIET_DAYS,
        }
    ).drop_duplicates(["account", "day"])
    per = frame.groupby("account", sort=True).agg(
        days=("day", "size"),
        months=("month", "nunique"),
        recent=("recent", "any"),
        earlier=("earlier", "any"),
        lately=("lately", "any"),
    )
    fits = (
        (per["months"] <= SEASONAL_MAX_MONTHS)
        & (per["days"] >= SEASONAL_MIN_DAYS)
        & per["recent"]
        & per["earlier"]
        & ~per["lately"]
    )
    wanted = set(per.index[fits.to_numpy(dtype=bool)])
    if not wanted:
        return {}
    mine = frame[frame["account"].isin(wanted)]
    return {
        str(a): frozenset(int(m) for m in ms)
        for a, ms in mine.groupby("account", sort=True)["month"].unique().items()
    }


def due_months(season: frozenset[int]) -> frozenset[int]:
    """The calendar months a seasonal account is visited in: its season and the month
    before each of its months (January's before is December)."""
    return season | frozenset((m - 2) % 12 + 1 for m in season)


def next_season(season: frozenset[int], day: date) -> int:
    """The calendar month of the account's next season month from ``day`` on (its own
    month when that is one): the month its next orders come in."""
    return min(season, key=lambda m: (m - day.month) % 12)


def season_starts(
    seasons: dict[str, frozenset[int]], days: list[date]
) -> tuple[dict[str, frozenset[int]], dict[str, tuple[date, int]]]:
    """For the list's ``days``: the seasonal accounts off the list in some of their months
    (account → those months as ``datetime64[M]`` ordinals, ``closed_months``' unit), and
    those listed (account → the first list day in a month they are visited in, and the
    calendar month of their next season from it)."""
    off: dict[str, frozenset[int]] = {}
    listed: dict[str, tuple[date, int]] = {}
    months = sorted({(d.year, d.month) for d in days})
    for account, season in seasons.items():
        visited = due_months(season)
        shut = frozenset((y - 1970) * 12 + (m - 1) for y, m in months if m not in visited)
        if shut:
            off[account] = shut
        first = next((d for d in days if d.month in visited), None)
        if first is not None:
            listed[account] = (first, next_season(season, first))
    return off, listed
