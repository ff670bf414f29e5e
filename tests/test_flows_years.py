"""The book's churn over up to three complete years (flows.py, issue #10).

The histories are those of test_evidence_targets (each live account orders once a month at
¥1,000; no visits; FY2022 … FY2025 = months 0 … 47, the plan year FY2026), so each year's
starting book and its losses can be counted on paper. No account is won and lost within a
year, so every loss is the book's.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.compact import compact_history
from routekpi.core.flows import CREDIBILITY_EVENTS, RECENCY
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from tests.test_evidence_targets import _history

AS_OF = date(2026, 3, 31)
# A: 40 accounts all along, one lost in FY2025 (month 40): three clean years and one loss.
# B: 41 accounts; one lost in FY2022 (month 5: four years back, not counted), then two a year
#    (FY2023: months 14, 20; FY2024: 28, 32; FY2025: 38, 44) — books 40, 38, 36 at the starts.
# C: 30 accounts won in March 2025 (month 35), three lost in FY2025 (months 37, 39, 41): a
#    book of one year only (none at FY2023's or FY2024's start).
BOOKS = {
    "A": [(0, None)] * 39 + [(0, 40)],
    "B": [(0, None)] * 34 + [(0, m) for m in (5, 14, 20, 28, 32, 38, 44)],
    "C": [(35, None)] * 27 + [(35, m) for m in (37, 39, 41)],
}


def _z(n: float) -> float:
    return n / (n + CREDIBILITY_EVENTS)


def _churn(history: History) -> dict[str, float]:
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))
    return {r: float(ev.flows.churn[r]) for r in ("A", "B", "C", TEAM)}


def test_three_years_of_books_and_their_losses_behind_each_reps_churn() -> None:
    """Losses ÷ account-years over FY2023–FY2025, each year's own starting book, FY2024
    counting ½ and FY2023 ¼ (RECENCY): A 1 ÷ (40 + 20 + 10) = 1 ÷ 70; B (2 + 1 + 0.5) ÷
    (36 + 19 + 10) = 3.5 ÷ 65; C 3 ÷ 30 (no book before FY2025); the team 7.5 ÷ 165. Each
    rep's own rate trusted n ÷ (n + 10) by the weighted losses behind it (A 1, B 3.5, C 3).
    On the baseline year alone A's would have been 1 ÷ 40 against a team's 6 ÷ 106."""
    assert RECENCY == 0.5
    team = 7.5 / 165
    want = {
        "A": _z(1) * 1 / 70 + (1 - _z(1)) * team,
        "B": _z(3.5) * 3.5 / 65 + (1 - _z(3.5)) * team,
        "C": _z(3) * 3 / 30 + (1 - _z(3)) * team,
    }
    got = _churn(_history(BOOKS, lambda rep, fy: 1000.0))
    for rep, value in want.items():
        assert got[rep] == pytest.approx(value, rel=1e-12)
    # A: 4.26 %, below the one-year rule's 1/11 × 2.5 % + 10/11 × 5.66 % = 5.37 %.
    assert got["A"] == pytest.approx(0.04262, abs=5e-5)


def test_the_compact_history_measures_the_same_earlier_years() -> None:
    """The earlier years come from the same monthly facts and account rows in the compact
    history (files, SQL) as in raw rows: the same churn to the last bit."""
    history = _history(BOOKS, lambda rep, fy: 1000.0)
    assert _churn(compact_history(history, AS_OF)) == _churn(history)


def test_a_history_of_one_year_keeps_the_baseline_years_rule() -> None:
    """Only FY2025 in the history (the accounts' first orders in April 2025): no earlier
    year, so churn is the baseline year's as before. A: 1 ÷ 40; B: 2 ÷ 36; C: 3 ÷ 30
    (accounts from March 2025 ordering from April: held at the start), team 6 ÷ 106."""
    books = {
        "A": [(36, None)] * 39 + [(36, 40)],
        "B": [(36, None)] * 34 + [(36, 38), (36, 44)],
        "C": [(36, None)] * 27 + [(36, m) for m in (37, 39, 41)],
    }
    history = _history(books, lambda rep, fy: 1000.0)
    accounts = history.accounts.copy()
    # Held from before the history (a customer master): none of them is a win of FY2025.
    accounts["start"] = accounts["start"] - pd.DateOffset(years=5)
    history = History(orders=history.orders, accounts=accounts)
    team = 6 / 106
    got = _churn(history)
    assert got["A"] == pytest.approx(_z(1) / 40 + (1 - _z(1)) * team, rel=1e-12)
    assert got["B"] == pytest.approx(_z(2) * 2 / 36 + (1 - _z(2)) * team, rel=1e-12)
    assert got["C"] == pytest.approx(_z(3) * 3 / 30 + (1 - _z(3)) * team, rel=1e-12)
