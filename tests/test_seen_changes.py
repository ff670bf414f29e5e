"""An order export's first months hide accounts: no year-on-year record for the levers that
count accounts until a change clear of the lapse rule's start span exists (levers.py)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import LEVER_RATIOS, seen_changes
from routekpi.core.measure import TEAM


def _changes(first_end: str, ends: int) -> pd.DataFrame:
    """+0.01 on every lever at every window end, for rep A and the team."""
    months = pd.period_range(first_end, periods=ends, freq="M")
    index = pd.MultiIndex.from_product([["A", TEAM], months], names=["rep", "month"])
    return pd.DataFrame(0.01, index=index, columns=list(LEVER_RATIOS))


def test_every_change_reaching_into_the_span_leaves_the_account_levers_without_record() -> None:
    """Orders from 2019-04, span clear from 2019-10. Window ends 2021-03 … 2021-08: the
    earliest window of each change starts 23 months before it, 2019-04 … 2019-09, all before
    2019-10. Active accounts, visits and orders per account lose all six; revenue, orders
    per visit and unit price (no account in them) keep theirs."""
    out = seen_changes(_changes("2021-03", 6), pd.Period("2019-10", "M"))
    for lever in ("active_accounts", "visits_per_account", "orders_per_account"):
        assert out[lever].isna().all()
    for lever in ("revenue", "orders_per_visit", "unit_price"):
        assert (out[lever] == 0.01).all()


def test_one_clear_change_keeps_them_all() -> None:
    """Window ends 2021-03 … 2021-09: 2021-09 − 23 months = 2019-10, clear of the span, so
    the account levers have a record and all seven changes stay (the six early ones too)."""
    changes = _changes("2021-03", 7)
    out = seen_changes(changes, pd.Period("2019-10", "M"))
    pd.testing.assert_frame_equal(out, changes)
    assert seen_changes(changes.iloc[:0], pd.Period("2019-10", "M")).empty


def test_a_customer_master_is_not_touched() -> None:
    """No span (accounts from a master): the same frame back."""
    changes = _changes("2021-03", 6)
    assert seen_changes(changes, None) is changes


def _orders(months: int) -> pd.DataFrame:
    """6 reps × 10 customers from 2023-04, one order a month on the 10th: ¥1,000 in FY2023,
    ¥1,100 in FY2024 (a +10% price, nothing else moves)."""
    rows = []
    for m in range(months):
        month = pd.Period("2023-04", "M") + m
        price = 1000.0 if m < 12 else 1100.0
        for rep in "ABCDEF":
            for i in range(10):
                rows.append((month.start_time + pd.Timedelta(days=9), f"{rep}{i}", rep, price, 1))
    return pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])


def test_two_years_of_orders_plan_the_account_levers_without_a_record() -> None:
    """24 months of orders (2023-04 … 2025-03), no customer master, plan FY2025. The one
    year-on-year change (window 2024-04 … 2025-03 on 2023-04 … 2024-03) reaches into the
    first 180 days: active accounts and orders per account have no spread or ceiling from it
    (the short lever mix and its note); unit price keeps its change, log(1,100 ÷ 1,000)."""
    h = History(orders=_orders(24))
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31))
    ev = build_evidence(h, settings)
    lev = ev.lever_evidence
    assert lev is not None
    assert np.isnan(lev.spread["active_accounts"]) and np.isnan(lev.spread["orders_per_account"])
    assert np.isnan(lev.high["orders_per_account"])
    assert lev.high["unit_price"] == pytest.approx(np.log(1.1))
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(np.log(1.1))
    assert ev.trend.at[TEAM, "orders_per_account"] == 0.0
    assert any(n.code == "few_yoy_changes" for n in ev.notes)
    # The same orders with a customer master keep the account levers' change (0: no move).
    master = History(orders=h.orders, accounts=_master())
    lev = build_evidence(master, settings).lever_evidence
    assert lev is not None and lev.high["orders_per_account"] == pytest.approx(0.0)


def _master() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account": [f"{r}{i}" for r in "ABCDEF" for i in range(10)],
            "name": None,
            "rep": [r for r in "ABCDEF" for _ in range(10)],
            "start": pd.Timestamp("2023-04-01"),
            "end": pd.NaT,
        }
    )
