"""A rep's own working week: the weekdays a part-timer works, for every per-day figure.

The Daily list already knows a rep's days off (``core.daily.rep_weekdays``: a weekday on
which he visited on fewer than one in five of the last 12 months' such days, judged once it
came up 13 times; no visit records: his order days). Trial 24 (M1) found the Targets sheet
spreading a Monday–Wednesday–Friday part-timer's year over the company's 242 working days
(¥92,227 a day) while the Daily list asked ¥158,159 a day of her own days. One rule
everywhere:

- ``rep_weeks`` reads each rep's weekdays with the Daily list's own function, on the same
  contacts up to the same contact day (``flags.contact_for``), once a recalculation; the
  engine keeps those that are fewer than the company's on the calendar
  (``BusinessCalendar.weeks``).
- ``month_days``: a rep's working days per plan month are the company's working days on his
  weekdays (less his leave where the caller counts it): the Targets sheet's per-working-day
  targets and working days (core.engine), said in words on the Plan (``weeks_note``) and on
  the Targets rows (render).
- ``apart``: whether two reps' working days differ materially (``DAYS_APART_SHARE``): the
  Review compares a KPI that depends on days worked (visits per account per month) only
  between reps who work as many days (core.review).

Without visit records, a rep's contacts are his order days, as the Daily list reads them
(``daily.contact_rep_days``; here every account's order days, where the Daily list takes the
accounts it plans from their order days — the same days when no visit is on record).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence, Note
from routekpi.core.calendar import BusinessCalendar, weekdays_label
from routekpi.core.daily import (
    CAPACITY_WINDOW_DAYS,
    account_days_of,
    contact_rep_days,
)
from routekpi.core.daily import rep_weekdays as worked_weekdays
from routekpi.core.flags import contact_for
from routekpi.core.history import History

# Two reps' working days differ materially when the fewer is more than this share below the
# more (four days a week against five is 20% apart; a holiday or two is not).
DAYS_APART_SHARE = 0.1
WEEKS_NOTE = "rep_own_weekdays"


def rep_weeks(history: History, ev: Evidence) -> dict[str, frozenset[int]]:
    """Rep → the weekdays he works, for the reps of ``history``'s contacts who work fewer
    than the company's (``BusinessCalendar.weekdays``); the Daily list's rule on the Daily
    list's contacts (module doc)."""
    contact = contact_for(history, ev)
    days = _contacts(history, ev, contact)
    if days is None or not len(days):
        return {}
    # The capacity window's rows once (``rep_week`` reads no other); none before the
    # history's start, as the Daily list reads them (daily._capacity_window): a
    # part-timer's ride-along months of daily visits before the first order month are no
    # record of her week.
    start = pd.Timestamp(contact - timedelta(days=CAPACITY_WINDOW_DAYS - 1))
    if (since := history.first_date()) is not None:
        start = max(start, pd.Timestamp(since))
    when = days["date"]
    days = days[((when >= start) & (when <= pd.Timestamp(contact))).to_numpy(dtype=bool)]
    return _weeks(days, contact, ev.calendar)


def _weeks(
    days: pd.DataFrame, contact: date, calendar: BusinessCalendar
) -> dict[str, frozenset[int]]:
    """``rep_weeks`` of contact rows already cut to the window: ``daily.rep_week``'s weekdays
    for every rep at once. The days with a visit counted in one ``bincount`` over (rep code,
    day in the window), and the window's working days listed once, where ``rep_week`` filtered
    every row and listed the days again for each rep (15–25 ms of a cold UDF call): the same
    days with a visit on the same working days (from his first visit day in the window, his
    leave left out), so the same weekdays (``daily.rep_weekdays``; none counted: the company's)."""
    visited = days["kind"] == "visit" if "kind" in days.columns else days["visits"] > 0
    rows = days[visited.to_numpy(dtype=bool)]
    codes, names = pd.factorize(rows["rep"])
    if not len(names):
        return {}
    start = contact - timedelta(days=CAPACITY_WINDOW_DAYS - 1)
    day = rows["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    day = day - np.datetime64(start, "D").astype(np.int64)
    ok = (codes >= 0) & (day >= 0) & (day < CAPACITY_WINDOW_DAYS)
    key = codes[ok].astype(np.int64) * CAPACITY_WINDOW_DAYS + day[ok]
    per_day = np.bincount(key, minlength=len(names) * CAPACITY_WINDOW_DAYS)
    per_day = per_day.reshape(len(names), CAPACITY_WINDOW_DAYS)
    working = calendar.working_days(start, contact)
    window = np.array([(d - start).days for d in working], dtype=np.int64)
    weekday = np.array([d.weekday() for d in working], dtype=np.int64)
    company = calendar.weekdays
    out: dict[str, frozenset[int]] = {}
    for k, name in sorted(enumerate(map(str, names)), key=lambda kn: kn[1]):
        seen = np.flatnonzero(per_day[k])
        if not len(seen):
            continue
        kept = window >= int(seen[0])
        if calendar.has_leave(name):  # his leave days are no quiet days of his
            away = calendar.leave_days(name, start, contact)
            kept &= np.array([d not in away for d in working], dtype=bool)
        week = worked_weekdays(per_day[k][window[kept]], weekday[kept], company)
        if week != company:
            out[name] = week
    return out


def _contacts(history: History, ev: Evidence, contact: date) -> pd.DataFrame | None:
    """The contacts ``rep_week`` reads: raw visit rows (or a compact history's visits per
    rep and day), or without visits in the plan his order days per rep and day."""
    if ev.has_visits:
        if history.facts is not None:
            return history.facts.rep_days
        return history.visits[["date", "rep", "kind"]]
    account_days = account_days_of(history, ev.as_of)
    if account_days is None:
        return history.facts.rep_days if history.facts is not None else None
    start = pd.Timestamp(contact - timedelta(days=CAPACITY_WINDOW_DAYS - 1))
    window = account_days[(account_days["date"] >= start).to_numpy(dtype=bool)]
    accounts = pd.Index(window["account"].astype(str).unique())
    every = pd.DataFrame({"from_orders": True}, index=accounts)
    return contact_rep_days(history, account_days, every, contact)


def with_weeks(calendar: BusinessCalendar, weeks: Mapping[str, frozenset[int]]) -> BusinessCalendar:
    """The calendar with these reps' own weekdays (``BusinessCalendar.weeks``)."""
    return replace(calendar, weeks=tuple(sorted(weeks.items())))


def rep_weekdays(calendar: BusinessCalendar, rep: object) -> frozenset[int]:
    """The weekdays ``rep`` works: his own when fewer than the company's, else the company's."""
    return next((w for r, w in calendar.weeks if r == rep), calendar.weekdays)


def has_own_week(calendar: BusinessCalendar, rep: object) -> bool:
    """True when ``rep`` works fewer weekdays than the company (``rep_weeks``)."""
    return any(r == rep for r, _ in calendar.weeks)


def own_days(
    calendar: BusinessCalendar, rep: object, start: date, end: date, *, leave: bool
) -> int:
    """``rep``'s working days from ``start`` to ``end`` inclusive: the company's working days
    on his weekdays, less his leave when ``leave``."""
    week = rep_weekdays(calendar, rep)
    days = (
        calendar.rep_working_days(rep, start, end) if leave else calendar.working_days(start, end)
    )
    return sum(1 for d in days if d.weekday() in week)


def month_days(
    calendar: BusinessCalendar, rep: object, months: Sequence[pd.Period], *, leave: bool
) -> list[float]:
    """``own_days`` of each of ``months``."""
    return [
        float(own_days(calendar, rep, m.start_time.date(), m.end_time.date(), leave=leave))
        for m in months
    ]


def apart(days: float, other: float) -> bool:
    """True when two reps' working days over one span differ materially (``DAYS_APART_SHARE``)."""
    more = max(days, other)
    return more > 0 and min(days, other) < (1 - DAYS_APART_SHARE) * more


def weeks_note(ev: Evidence, reps: Sequence[str]) -> Note | None:
    """The Plan's line on the reps of ``reps`` who work fewer weekdays than the company: their
    weekdays and working days in the plan year, which their per-working-day targets count
    (None when every rep works the company's week)."""
    own = [r for r in reps if has_own_week(ev.calendar, r)]
    if not own or not ev.plan_months:
        return None
    first, last = ev.plan_months[0].start_time.date(), ev.plan_months[-1].end_time.date()

    def listed(language: str) -> str:
        parts = []
        for rep in own:
            week = weekdays_label(rep_weekdays(ev.calendar, rep), language)
            n = own_days(ev.calendar, rep, first, last, leave=False)
            parts.append(
                f"{rep}({week}、年{n}日)" if language == "ja" else f"{rep} ({week}: {n} days)"
            )
        return ("、" if language == "ja" else "; ").join(parts)

    params = {
        "reps_ja": listed("ja"),
        "reps_en": listed("en"),
        "total": int(ev.working_days.sum()),
    }
    return Note(WEEKS_NOTE, params)
