"""Under 13 months of history the active-accounts ceiling is the book a rep would hold winning
at the company's faster reps' pace (baselines.PACE_CEILING, pace_book, acquisition_pace)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import PACE_CEILING, build_evidence, pace_book
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM


def _one_year() -> History:
    """Orders 2025-04 – 2026-03 only (12 months: no book a year before). A holds 20 accounts
    (started 2023) and wins one at the start of each month of FY2025; B holds 40 and wins
    none. Every account orders once a month at ¥1,000 on the 10th; none is lost."""
    accounts, orders = [], []
    months = pd.period_range("2025-04", "2026-03", freq="M")

    def account(rep: str, i: int, start: pd.Timestamp) -> None:
        code = f"{rep}{i:03d}"
        accounts.append((code, code, rep, start, pd.NaT))
        for m in months:
            if m.start_time >= start:
                orders.append((m.start_time + pd.Timedelta(days=9), code, rep, 1000.0, 1))

    for i in range(20):
        account("A", i, pd.Timestamp("2023-01-01"))
    for i, m in enumerate(months):
        account("A", 20 + i, m.start_time)
    for i in range(40):
        account("B", i, pd.Timestamp("2023-01-01"))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    a = pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"])
    return History(orders=o, accounts=a)


def test_pace_book_wins_at_the_faster_pace_and_keeps_the_reps_own_losses() -> None:
    """40 held, 8 wins a year of his own, a pace of 0.25 per account held → 10 wins arriving
    evenly: 40 + 10 × 6.5 ÷ 12 = 45.4167. His own 2 first-year losses scale with the wins
    (2.5); lost evenly over the year (timing = m ÷ 12): 45.4167 − 2.5 × 6.5 ÷ 12 = 44.0625. A
    pace below his own keeps his own: 40 + 8 × 6.5 ÷ 12. With 30% churn the kept book is
    40 × 0.7^(m/12)."""
    assert pace_book(40, 0.0, 8, 0.0, 0.25) == pytest.approx(40 + 10 * 6.5 / 12)
    even = tuple(m / 12 for m in range(1, 13))
    assert pace_book(40, 0.0, 8, 2.0, 0.25, even) == pytest.approx(44.0625)
    assert pace_book(40, 0.0, 8, 0.0, 0.1) == pytest.approx(40 + 8 * 6.5 / 12)
    kept = 40 * float(np.mean(0.7 ** (np.arange(1, 13) / 12)))
    assert pace_book(40, 0.3, 0, 0.0, 0.25) == pytest.approx(kept + 10 * 6.5 / 12)


def test_a_one_year_history_bounds_accounts_by_the_faster_reps_pace() -> None:
    """``_one_year``: new accounts a year per account held at the start (credibility
    n ÷ (n + 10)): team 12 ÷ 60 = 0.2; A 12/22 × 0.6 + 10/22 × 0.2 = 4.6/11 → 92/11 a year
    on its 20; B none of his own → the team's 0.2 → 8 on his 40. At the plan year's start
    A holds 32, B 40: paces 92/11 ÷ 32 = 0.261364 and 8 ÷ 40 = 0.2; their 90th percentile
    0.2 + 0.9 × 0.061364 = 0.255227.

    B's ceiling: 40 + 40 × 0.255227 × 6.5 ÷ 12 = 45.5299 (before: his own flows,
    40 + 8 × 6.5 ÷ 12 = 44.3333). A's own pace is the faster: his ceiling stays his flows'
    path, 32 + 92/11 × 6.5 ÷ 12 = 36.5303. The Plan says so (no longer "held at baseline").
    At a KGI of 1.3 × last year B's accounts reach that ceiling, the rest on his ratios."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    ev = build_evidence(_one_year(), settings)
    assert PACE_CEILING == 0.9
    assert ev.flows is not None
    assert ev.flows.new_per_year["A"] == pytest.approx(92 / 11)
    assert ev.flows.new_per_year["B"] == pytest.approx(8.0)
    assert ev.flows.start["A"] == pytest.approx(32.0)
    pace = 0.2 + 0.9 * (92 / 11 / 32 - 0.2)
    assert pace == pytest.approx(0.255227, rel=1e-5)
    b_ceiling = 40 + 40 * pace * 6.5 / 12
    assert b_ceiling == pytest.approx(45.5299, rel=1e-5)
    assert ev.ceiling.at["B", "active_accounts"] == pytest.approx(b_ceiling, rel=1e-9)
    a_path = 32 + 92 / 11 * 6.5 / 12
    assert ev.ceiling.at["A", "active_accounts"] == pytest.approx(a_path, rel=1e-9)
    codes = [n.code for n in ev.notes]
    assert "accounts_pace_ceiling" in codes
    pace_note = next(n for n in ev.notes if n.code == "accounts_pace_ceiling")
    assert pace_note.params == {"top": "10%"}
    assert not any(
        n.code == "no_ceiling_evidence" and n.params.get("kpi_key") == "active_accounts"
        for n in ev.notes
    )
    plan, _ = plan_for(ev, float(ev.base.at[TEAM, "revenue"]) * 1.3)
    assert float(plan.fy.at["B", "active_accounts"]) == pytest.approx(b_ceiling, rel=1e-9)
    assert float(plan.fy.at["B", "active_accounts"]) > 40 + 8 * 6.5 / 12
