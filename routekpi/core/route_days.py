"""Route weekdays and short closures for the Daily visit list (trial 39: a bakery route).

**A route account** (in plain words): an account seen on the same weekdays week after week —
bread delivered Monday, Wednesday and Friday — is due on those weekdays, never on another
one. It is read from its contact days over the last ``ROUTE_WEEKS`` (26) weeks to the
contact day: **its visit days when the history has at least ``MIN_ROUTE_CONTACTS`` (12) of
them for it — the days the rep goes (visited on Tuesdays, ordering by phone on Thursdays: on
Tuesday's route) —, else its order days and visits together** (a book without visit records:
the order days, each a delivery; ``route_rows``):

- at least ``MIN_ROUTE_CONTACTS`` (12) contact days in those weeks (about one a fortnight);
- its weekdays: each weekday holding at least ``ROUTE_DAY_SHARE`` (10%) of its contact days;
- stable: those weekdays hold at least ``ROUTE_SHARE`` (90%) of its contact days, and on each
  of them it was seen in at least ``ROUTE_WEEK_SHARE`` (60%) of the weeks since its first
  contact in the window (the working days of that weekday; holidays are no missed weeks).

An account every other Monday (seen on half the Mondays), one that stopped two months ago
(seen on a few of the Mondays since its first contact) or one seen on any day keeps the
interval rule (its usual days between visits). For a route account "overdue" is a missed
usual day (its last contact before the last of its weekdays before the list), not a day past
an interval.

**A short closure** (school canteens over the winter and spring breaks, and August): an
account is closed on a day of the list when, in every past year the history shows (at least
``CLOSURE_MIN_YEARS``, 2), the same date fell in a break of its contacts: no contact that day,
a contact before it and after it, the two more than ``CLOSURE_MIN_GAP_DAYS`` (10) days apart and
more than ``CLOSURE_GAP_INTERVALS`` (3) of its usual intervals; only for an account that
orders several times a week (its usual days between order days, and between visits, at most
``CLOSURE_MAX_INTERVAL``, 3: for a weekly one a two-week break is one or two missed orders,
no evidence; the calendar-month rule, ``daily.closed_months``, reads its August), and only on
a date at least one usual interval from the orders either side. Read on the order
days of the two years to the as-of date (``contact_rows``: the same from pasted rows and from
files), whatever the visit log's age; a customer since before them with no order between
their start and the date counts that year too, its break from their start (a school's
August at the start of the two years). A school shut every August and from 12/25 to 1/7 is
off the list on those days, and on the list on 12/24 (the ``季節休業中`` count says so).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.flags import Workdays, order_window_bounds
from routekpi.core.frames import distinct
from routekpi.core.history import ROUTE_VISIT_COLUMNS, History, coded, empty_frame
from routekpi.core.won import first_orders

ROUTE_WEEKS = 26
MIN_ROUTE_CONTACTS = 12
ROUTE_DAY_SHARE = 0.10
ROUTE_SHARE = 0.90
ROUTE_WEEK_SHARE = 0.60
CLOSURE_MIN_YEARS = 2
CLOSURE_MIN_GAP_DAYS = 10
CLOSURE_GAP_INTERVALS = 3.0
CLOSURE_MAX_INTERVAL = 3.0
_THURSDAY = 3  # 1970-01-01, day 0 of ``datetime64[D]``


def weekday_of(days: np.ndarray) -> np.ndarray:
    """Each day number's weekday (0 = Monday)."""
    return (np.asarray(days, dtype=np.int64) + _THURSDAY) % 7


def weekday_bits(days: frozenset[int] | set[int] | list[int]) -> int:
    """A set of weekdays as a bit mask (Monday = 1)."""
    return sum(1 << int(w) for w in days)


def bits_weekdays(bits: int) -> list[int]:
    """The weekdays of a bit mask, Monday first."""
    return [w for w in range(7) if int(bits) >> w & 1]


def contact_rows(
    history: History, wanted: pd.Index, last: date, first: date | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each order day of the accounts ``wanted`` (as text) as (position in ``wanted``, day
    number), dated after ``first`` (None: two years back, ``order_window_bounds``) through
    ``last``: the order lines with an account and a rep (``order_account_days``' rows), or a
    compact history's ``account_days`` (the same two years): the same days either way, so a
    book pasted and the same book from files give one list. The delivery is the contact on a
    route; a visit log's age changes nothing."""
    from routekpi.core.daily import _window_orders, account_days_of  # daily imports this

    lo = order_window_bounds(last)[0].date() if first is None else first
    low = int(np.datetime64(lo, "D").astype(np.int64))
    end = int(np.datetime64(last, "D").astype(np.int64))
    if history.facts is None:
        # Raw rows: the lines ``order_account_days`` reads, their accounts looked up once
        # each (not its text frame sorted and looked up per row: ~0.2 s at 1M rows, issue
        # 14). The same (account, day) pairs, some twice (two reps on a day): every reader
        # takes them distinct (``_distinct``).
        orders = history.orders
        acc, names, keep = _window_orders(orders, last, coded(history, "orders", "account"))
        if not keep.any():
            return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
        day = orders["date"].to_numpy(dtype="datetime64[D]")[keep].astype(np.int64)
        pos = wanted.get_indexer(pd.Index(names).astype(str)).astype(np.int64)[acc[keep]]
        ok = (pos >= 0) & (day > low) & (day <= end)
        return pos[ok], day[ok]
    d = account_days_of(history, last)
    if d is None or not len(d):
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    day = d["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    pos = wanted.get_indexer(d["account"].astype(str)).astype(np.int64)
    ok = (pos >= 0) & (day > low) & (day <= end)
    return pos[ok], day[ok]


def route_rows(
    history: History,
    wanted: pd.Index,
    last: date,
    orders: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """``route_rows_by`` without which accounts read their visit days."""
    pos, day, _ = route_rows_by(history, wanted, last, orders)
    return pos, day


def route_rows_by(
    history: History,
    wanted: pd.Index,
    last: date,
    orders: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The contact rows ``route_weekdays`` reads (trial 40 D1: an account visited on Tuesdays
    and ordering by phone on Thursdays is on Tuesday's route, not Thursday's): an account
    with at least ``MIN_ROUTE_CONTACTS`` visit days (kind visit) in the ``ROUTE_WEEKS`` to
    ``last`` reads its weekdays from those visit days, the days the rep goes; any other from
    its order days (``orders``: ``contact_rows``) and its few visit days together, its
    contact days. Without visit rows (a book without visit records, or a compact history
    built without ``route_visits``) the order days alone, as before. The third array: per
    account, whether its weekdays are read from its visit days (the Daily says 訪問日, not
    納品)."""
    pos, day = visit_rows(history, wanted, last)
    if not len(pos):
        return (*orders, np.zeros(len(wanted), dtype=bool))
    end = int(np.datetime64(last, "D").astype(np.int64))
    pos, day = _distinct(pos, day)
    seen = np.bincount(pos[day > end - ROUTE_WEEKS * 7], minlength=len(wanted))
    by_visits = seen >= MIN_ROUTE_CONTACTS
    o_pos, o_day = orders
    keep = ~by_visits[o_pos] if len(o_pos) else np.zeros(0, dtype=bool)
    return np.r_[o_pos[keep], pos], np.r_[o_day[keep], day], by_visits


def visit_rows(history: History, wanted: pd.Index, last: date) -> tuple[np.ndarray, np.ndarray]:
    """Each visit (kind visit) to the accounts ``wanted`` (as text) in the ``ROUTE_WEEKS`` to
    ``last`` as (position in ``wanted``, day number): of the raw rows, or of a compact
    history's ``route_visits`` (Sources books: the same days; none when built without)."""
    empty = np.array([], dtype=np.int64)
    if history.facts is not None:
        v = history.facts.route_visits
        visits_only = v
    else:
        v = history.visits
        visits_only = None
    if v is None or not len(v) or not len(wanted):
        return empty, empty
    end = np.datetime64(last, "D")
    when = v["date"].to_numpy(dtype="datetime64[D]")
    ok = (when <= end) & (when > end - ROUTE_WEEKS * 7)
    if visits_only is None:  # raw rows: the visits of kind visit (route_visits hold no other)
        ok &= (v["kind"] == "visit").to_numpy(dtype=bool)
    if not ok.any():
        return empty, empty
    # Each distinct account looked up once (not a text per row: ~0.1 s at 1M rows).
    codes, names = pd.factorize(v["account"][ok])
    at = wanted.get_indexer(pd.Index(names).astype(str))
    pos = np.where(codes >= 0, at[np.maximum(codes, 0)], -1).astype(np.int64)
    day = when[ok].astype(np.int64)
    return pos[pos >= 0], day[pos >= 0]


def route_visit_days(visits: pd.DataFrame, as_of: date, contact: date) -> pd.DataFrame:
    """HistoryFacts.route_visits of raw visit rows: the distinct (account, day) of the visits
    of kind visit with an account after ``ROUTE_WEEKS`` before ``as_of`` through ``contact``
    (``route_visits.sql`` in SQL), sorted by account and day."""
    if not len(visits):
        return empty_frame(ROUTE_VISIT_COLUMNS)
    when = visits["date"].to_numpy(dtype="datetime64[D]")
    low = np.datetime64(as_of, "D") - ROUTE_WEEKS * 7
    ok = (when > low) & (when <= np.datetime64(max(as_of, contact), "D"))
    ok &= (visits["kind"] == "visit").to_numpy(dtype=bool) & visits["account"].notna().to_numpy()
    if not ok.any():
        return empty_frame(ROUTE_VISIT_COLUMNS)
    frame = pd.DataFrame(
        {
            "account": visits["account"][ok].astype(str).to_numpy(),
            "date": when[ok].astype("datetime64[ns]"),
        }
    ).drop_duplicates()
    return frame.sort_values(list(ROUTE_VISIT_COLUMNS), kind="stable", ignore_index=True)


def _distinct(pos: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (account, day) pairs, sorted by account then day. A sort, not
    ``np.unique``: NumPy 2.4's hashes first (~0.2 s of the Daily's at 1M rows, issue 14)."""
    if not len(pos):
        return pos, day
    first = int(day.min())
    span = int(day.max()) - first + 1
    keys = distinct(pos * span + (day - first))
    return keys // span, keys % span + first


def _holidays(calendar: BusinessCalendar, first: date, last: date) -> np.ndarray:
    years = range(first.year - 1, last.year + 2)
    off = sorted(set(calendar.company_holidays).union(*map(calendar.national_closed, years)))
    return np.array(off, dtype="datetime64[D]")


def route_weekdays(
    pos: np.ndarray, day: np.ndarray, n: int, contact: date, calendar: BusinessCalendar
) -> np.ndarray:
    """Each account's route weekdays as a bit mask (0: no stable weekday pattern; the
    module doc), from its contact rows (``contact_rows``: positions 0 … ``n`` − 1, day
    numbers) in the ``ROUTE_WEEKS`` to ``contact``."""
    out = np.zeros(n, dtype=np.int64)
    end = int(np.datetime64(contact, "D").astype(np.int64))
    start = end - ROUTE_WEEKS * 7 + 1
    keep = (day >= start) & (day <= end)
    pos, day = _distinct(pos[keep], day[keep])
    if not len(pos):
        return out
    count = np.bincount(pos, minlength=n).astype(float)
    per = np.zeros((n, 7), dtype=float)
    np.add.at(per, (pos, weekday_of(day)), 1.0)
    firsts = np.full(n, end + 1, dtype=np.int64)
    np.minimum.at(firsts, pos, day)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = per / count[:, None]
    mine = share >= ROUTE_DAY_SHARE
    # Each weekday's working days from the account's first contact through the contact day.
    holidays = _holidays(calendar, date.fromordinal(start + 719163), date.fromordinal(end + 719163))
    lo = firsts.astype("datetime64[D]")
    hi = np.datetime64(end + 1, "D")
    weeks = np.zeros((n, 7), dtype=float)
    for w in range(7):
        mask = "".join("1" if k == w else "0" for k in range(7))
        cal = np.busdaycalendar(weekmask=mask, holidays=holidays)
        weeks[:, w] = np.busday_count(np.minimum(lo, hi), hi, busdaycal=cal)
    with np.errstate(divide="ignore", invalid="ignore"):
        seen = np.where(weeks > 0, per / weeks, 0.0)
    held = np.where(mine, share, 0.0).sum(axis=1)
    kept = np.where(mine, seen >= ROUTE_WEEK_SHARE, True).all(axis=1)
    stable = (count >= MIN_ROUTE_CONTACTS) & (held >= ROUTE_SHARE - 1e-9) & kept & mine.any(axis=1)
    bits = (mine * (1 << np.arange(7))).sum(axis=1).astype(np.int64)
    out[stable] = bits[stable]
    return out


def route_of(
    history: History,
    wanted: pd.Index,
    as_of: date,
    calendar: BusinessCalendar,
    rows: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """``route_weekdays`` of the accounts ``wanted`` (as text) from their contact days to
    ``as_of`` (``route_rows``: their visit days where they have enough, else their order
    days and visits; ``rows``: ``contact_rows`` when the caller has them)."""
    return route_and_source(history, wanted, as_of, calendar, rows)[0]


def route_and_source(
    history: History,
    wanted: pd.Index,
    as_of: date,
    calendar: BusinessCalendar,
    rows: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``route_of`` and, per account, whether its route is of its visit days (``route_rows``:
    the days the rep goes, a visit route; else of its order days, each a delivery)."""
    if not len(wanted):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    orders = rows if rows is not None else contact_rows(history, wanted, as_of)
    pos, day, by_visits = route_rows_by(history, wanted, as_of, orders)
    bits = route_weekdays(pos, day, len(wanted), as_of, calendar)
    return bits, by_visits & (bits > 0)


def closed_days(
    pos: np.ndarray,
    day: np.ndarray,
    n: int,
    days: list[date],
    usual: np.ndarray,
    window_lo: int | None = None,
    began: np.ndarray | None = None,
) -> np.ndarray:
    """List day × account: closed that day by a break in its contacts on the same date in
    every past year (the module doc). ``pos``/``day``: contact rows (``contact_rows``);
    ``usual``: each account's usual days between contacts (NaN: none). ``window_lo``: the day
    before the rows' first (they begin after it); ``began``: each account's first order (day
    number, NaN unknown). A customer since before the rows with no contact between their
    start and a past date counts that year with the break from the rows' start (a school's
    August at the start of the two years: its July is just outside them)."""
    out = np.zeros((len(days), n), dtype=bool)
    pos, day = _distinct(pos, day)
    if not len(pos) or not days:
        return out
    first = int(day.min()) if window_lo is None else min(int(day.min()), window_lo)
    span = int(day.max()) - first + 2
    keys = pos * span + (day - first)  # sorted (``_distinct``)
    # Its usual days between order days (their median): only an account ordering several
    # times a week has breaks to read (one ordering monthly has long gaps every year anyway).
    rhythm = _median_steps(pos, day, n)
    rhythm = np.fmax(rhythm, np.nan_to_num(np.asarray(usual, dtype=float)))
    weekly = np.isfinite(rhythm) & (rhythm <= CLOSURE_MAX_INTERVAL)
    gap_min = np.fmax(CLOSURE_MIN_GAP_DAYS, CLOSURE_GAP_INTERVALS * np.nan_to_num(rhythm))
    rhythm_days = np.nan_to_num(rhythm)
    accounts = np.arange(n, dtype=np.int64)
    before = (
        np.nan_to_num(np.asarray(began, dtype=float), nan=np.inf) <= window_lo
        if began is not None and window_lo is not None
        else np.zeros(n, dtype=bool)
    )
    last_key = len(keys) - 1
    for k, d in enumerate(days):
        counted = np.zeros(n, dtype=np.int64)
        closed = np.zeros(n, dtype=np.int64)
        for back in range(1, 20):
            try:
                then = d.replace(year=d.year - back)
            except ValueError:  # 29 February
                then = date(d.year - back, 2, 28)
            at = int(np.datetime64(then, "D").astype(np.int64)) - first
            if at <= (0 if window_lo is None else window_lo - first):
                break
            i = np.searchsorted(keys, accounts * span + at, side="right")
            below, above = keys[np.maximum(i - 1, 0)], keys[np.minimum(i, last_key)]
            has_prev = (i > 0) & (below // span == accounts)
            prev = np.where(has_prev, below % span, -1)
            if window_lo is not None:  # a customer before the rows: the break from their start
                censored = ~has_prev & before
                prev = np.where(censored, window_lo - first, prev)
                has_prev = has_prev | censored
            has_next = (i <= last_key) & (above // span == accounts)
            nxt = np.where(has_next, above % span, -1)
            year = has_prev & has_next
            on_day = has_prev & (prev == at)
            counted += year
            # At least one usual interval from the contacts either side: a date just after
            # the last one before the break is a usual day off, not the break.
            inside = (at - prev >= rhythm_days) & (nxt - at >= rhythm_days)
            closed += year & ~on_day & (nxt - prev > gap_min) & inside
        out[k] = (counted >= CLOSURE_MIN_YEARS) & (closed == counted) & weekly
    return out


def _median_steps(pos: np.ndarray, day: np.ndarray, n: int) -> np.ndarray:
    """Each account's median days between its contact days (``pos``/``day`` distinct and
    sorted: ``_distinct``), NaN with fewer than two: the steps sorted within each account
    (one ``np.sort`` of account × step keys), not a pandas groupby median (~40 ms at 1M)."""
    same = pos[1:] == pos[:-1]
    who = pos[1:][same]
    step = (day[1:] - day[:-1])[same]  # > 0: the days are distinct within an account
    out = np.full(n, np.nan)
    if not len(step):
        return out
    top = int(step.max()) + 1
    step = np.sort(who * top + step) % top  # still grouped by account (``who`` sorted)
    counts = np.bincount(who, minlength=n)
    starts = np.cumsum(counts) - counts
    has = counts > 0
    lo = (starts + (counts - 1) // 2)[has]
    hi = (starts + counts // 2)[has]
    # The two middle steps' mean, as pandas' median (equal for an odd count).
    out[has] = (step[lo].astype(float) + step[hi].astype(float)) / 2
    return out


def closures_of(
    history: History,
    wanted: pd.Index,
    days: list[date],
    as_of: date,
    usual: np.ndarray,
    rows: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """``closed_days`` of the accounts ``wanted`` from their order days of the two years to
    ``as_of`` (``contact_rows``) and their first orders (``won.first_orders``)."""
    if not len(wanted) or not days:
        return np.zeros((len(days), len(wanted)), dtype=bool)
    pos, day = rows if rows is not None else contact_rows(history, wanted, as_of)
    lo = int(np.datetime64(order_window_bounds(as_of)[0].date(), "D").astype(np.int64))
    opened = first_orders(history, as_of)
    began = np.full(len(wanted), np.nan)
    if len(opened):
        firsts = pd.to_datetime(opened.groupby(opened.index.astype(str)).min())
        at = firsts.reindex(wanted)
        ok = at.notna().to_numpy()
        began[ok] = at[ok].to_numpy(dtype="datetime64[D]").astype(np.int64)
    return closed_days(pos, day, len(wanted), days, usual, lo, began)


def next_route_day(after: np.ndarray, bits: np.ndarray, clock: Workdays) -> np.ndarray:
    """Each account's next route day after ``after`` (day numbers): the first day on one of
    its route weekdays (``bits``), moved to the next working day (``clock``) when it is a
    holiday, as every deadline is; ``after`` itself where it has no route weekday."""
    after = np.asarray(after, dtype=np.int64)
    bits = np.asarray(bits, dtype=np.int64)
    out = after.copy()
    todo = bits > 0
    for step in range(1, 8):
        cand = after + step
        hit = todo & ((bits >> weekday_of(cand)) & 1 > 0)
        out = np.where(hit, cand, out)
        todo &= ~hit
    some = bits > 0
    out[some] = clock.roll(out[some].astype("datetime64[D]")).astype(np.int64)
    return out
