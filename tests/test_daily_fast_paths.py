"""The Daily list's faster readings give what the plain ones give (issue 14: same cells).

- ``closed_months`` on raw rows reads which account had an order (or a visit) in which month
  straight from the rows (``_raw_month_rows``); the plain reading makes the frames a compact
  history keeps (``order_account_days``, ``account_visit_months``) and reads those. Both, and
  the compact history, on a made-up book of 80 accounts where some close a month every year,
  some are met in it, some orders have no rep and some rows no account.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.compact import compact_history
from routekpi.core.daily import (
    _closed_months,
    _month_rows,
    account_visit_months,
    closed_months,
    order_account_days,
    working_days_from,
)
from routekpi.core.flags import account_status
from routekpi.core.history import VISIT_COLUMNS, History
from routekpi.core.won import first_orders
from tests.test_daily_orders import _accounts

AS_OF = date(2026, 7, 24)


def _book(seed: int) -> History:
    """80 accounts ordering every 5–20 days from 2023-11 (some from later), a third of them
    with one calendar month closed every year (June, July, August or September), a visit or
    a meeting in some closed months (open then) and an appointment attempt in others (still
    closed); a few orders without a rep or an account, visits without an account."""
    rng = np.random.default_rng(seed)
    orders, visits = [], []
    for k in range(80):
        account = f"C{k:03d}" if k % 7 else k  # some codes as numbers, read as text
        rep = "AB"[k % 2]
        shut = int(rng.choice([6, 7, 8, 9])) if k % 3 == 0 else None
        day = date(2023, 11, 1) + timedelta(days=int(rng.integers(0, 300 if k % 5 else 30)))
        step = int(rng.integers(5, 21))
        while day <= AS_OF:
            if day.month != shut:
                who = None if rng.random() < 0.02 else rep
                what = None if rng.random() < 0.01 else account
                orders.append((pd.Timestamp(day), what, who, 1000.0 * (k + 1), 1.0))
                visits.append((pd.Timestamp(day), rep, account, "visit", None))
            elif rng.random() < 0.15:
                kind = str(rng.choice(["visit", "meeting", "appointment_attempt"]))
                visits.append((pd.Timestamp(day), rep, account, kind, None))
            day += timedelta(days=step)
    visits += [(pd.Timestamp(AS_OF - timedelta(days=40)), "A", None, "visit", None)]
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    v = pd.DataFrame(visits, columns=list(VISIT_COLUMNS)).sort_values("date", kind="stable")
    names = sorted({str(a) for a in o["account"].dropna()})
    return History(orders=o, visits=v.reset_index(drop=True), accounts=_accounts(names, "A"))


def _plain(history: History, status: pd.DataFrame, days: list[date], contact: date) -> object:
    """``closed_months`` read through the frames a compact history keeps."""
    wanted = pd.Index(status.index.astype(str))
    d = order_account_days(history.orders, AS_OF)
    m = account_visit_months(history.visits, AS_OF, contact)
    ordered = _month_rows(wanted, d["account"], d["date"].to_numpy(dtype="datetime64[M]"))
    met = _month_rows(wanted, m["account"], pd.PeriodIndex(m["month"], freq="M").asi8)
    return _closed_months(ordered, wanted, days, AS_OF, met, first_orders(history, AS_OF))


def test_closed_months_from_raw_rows_are_the_frames_reading() -> None:
    calendar = BusinessCalendar()
    found = 0
    for seed in (1, 2, 3):
        history = _book(seed)
        status = account_status(history, AS_OF)
        # A compact history is built from orders with an account (validation drops the rest).
        kept = history.orders[history.orders["account"].notna()].reset_index(drop=True)
        clean = replace(history, orders=kept)
        compact = compact_history(clean, AS_OF)
        for first, contact in (
            (date(2026, 7, 27), AS_OF),
            (date(2026, 8, 24), AS_OF),
            (date(2026, 8, 31), AS_OF + timedelta(days=40)),  # visits typed into September
            (date(2026, 9, 1), AS_OF),
        ):
            days = working_days_from(calendar, first, 10)
            want = _plain(history, status, days, contact)
            assert closed_months(history, status, days, AS_OF, contact) == want
            if contact == AS_OF:
                same = _plain(clean, status, days, contact)
                assert closed_months(clean, status, days, AS_OF) == same
                assert closed_months(compact, status, days, AS_OF) == same
            found += len(want)
    assert found > 20  # closed accounts were there to find
