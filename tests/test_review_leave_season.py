"""The Review's best at visit frequency measures a rep back from leave as his plan does
(trial 50 H5, the Review half): his months at work carried to the year so far by the team's
visit season (core.at_work.season_visit_frequency), not his busy months read as his way of
working.

佐藤 was away June–August on a kerosene route; his April–May and September–November read 1.65
visits a month per account beside colleagues' 1.39–1.50 over a year to date with the summer
in it, and the Review named him every rep's model (「チーム最高」), the Flags told 吉田 to ask him.

The book (hand-built, FY2025 planned on the FY2024 baseline, as of 2025-11-30: April …
November started, each whole): reps A, B and C hold 10 accounts each, each ordering ¥100 a
month. In FY2025 each account is visited per month (April first)
  A: 2 2 – – – 2 2 2 (on leave June–August; B visits A's accounts twice a month then),
  B: 2 2 1 1 1 2 2 2 (13 in 8 months: 1.625 a month),
  C: 2 2 2 2 1 2 2 2 (15: 1.875 a month);
the year before every rep visits B's pattern (the baseline).
A's own months read 100 visits ÷ (10 accounts × 5 months) = 2.0 a month — above C's 1.875.
The season (B and C, at work every month): 2, 2, 1.5, 1.5, 1, 2, 2, 2 a month, mean 1.75.
A's five months hold 10 × (2+2+2+2+2) ÷ 1.75 = 57.14 season-weighed account-months; his
100 visits over them, × 8 months ÷ 8 elapsed, are 1.75 a month: below C, so C is the model.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.engine import Result, run
from routekpi.core.examples import example_reps
from routekpi.core.history import History, PlanSettings
from routekpi.core.review import SEASON_KEY, at_work
from routekpi.render_daily import review_rows

BASE = pd.period_range("2024-04", periods=12, freq="M")
YEAR = pd.period_range("2025-04", periods=8, freq="M")
BASE_PATTERN = [2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 2]
PATTERN = {
    "A": [2, 2, 2, 2, 2, 2, 2, 2],  # Jun–Aug made by B (the cover): left out with the leave
    "B": [2, 2, 1, 1, 1, 2, 2, 2],
    "C": [2, 2, 2, 2, 1, 2, 2, 2],
}
AWAY = {pd.Period("2025-06", "M"), pd.Period("2025-07", "M"), pd.Period("2025-08", "M")}


def _book(leave: bool) -> History:
    """The book above; ``leave``: with A's Leave row (2025-06-01 … 08-31, cover B)."""
    orders, visits, accounts = [], [], []
    for rep in ("A", "B", "C"):
        names = [f"{rep}{i:02d}" for i in range(10)]
        accounts += [(n, n, rep, pd.Timestamp("2020-01-01"), pd.NaT) for n in names]
        months = [(m, BASE_PATTERN[i]) for i, m in enumerate(BASE)]
        months += [(m, PATTERN[rep][i]) for i, m in enumerate(YEAR)]
        for month, n in months:
            who = "B" if rep == "A" and month in AWAY else rep
            for name in names:
                orders.append((month.start_time + pd.Timedelta(days=9), name, rep, 100.0, 1.0))
                for k in range(n):
                    day = month.start_time + pd.Timedelta(days=9 + k)
                    visits.append((day, who, name, "visit", None))
    frame = pd.DataFrame(
        [("A", pd.Timestamp("2025-06-01"), pd.Timestamp("2025-08-31"), "")] if leave else [],
        columns=["rep", "start", "end", "reason"],
    )
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
        leave=frame,
    )


def _run(leave: bool) -> Result:
    settings = PlanSettings(kgi=36_000.0, plan_year=2025, as_of=date(2025, 11, 30))
    return run(_book(leave), settings)


@pytest.fixture(scope="module")
def with_leave() -> Result:
    return _run(True)


def _row(review: pd.DataFrame, rep: str, kpi: str) -> pd.Series:
    return review[(review["rep"] == rep) & (review["kpi"] == kpi)].iloc[0]


def test_the_model_is_measured_on_the_season_not_his_busy_months(with_leave: Result) -> None:
    review = with_leave.review
    ev = with_leave.evidence
    # A can be named (back at work, five months of eight; his cover's visits make his leave
    # look worked): the rule that keeps him out is the measure, not the pool.
    assert "A" in at_work(ev) & example_reps(ev)
    a = _row(review, "A", "visits_per_account")
    # His row keeps his months' own figure against his target over them (the gap's split).
    assert float(a["actual_ytd"]) == pytest.approx(2.0)
    assert a["detail"][SEASON_KEY] == pytest.approx(1.75)
    for rep in ("A", "B", "C", "ALL"):
        row = _row(review, rep, "visits_per_account")
        assert row["best_rep"] == "C"
        assert float(row["best_value"]) == pytest.approx(1.875)
    # B and C worked every month: no seasoned figure on their rows.
    assert SEASON_KEY not in (_row(review, "B", "visits_per_account")["detail"] or {})
    assert float(_row(review, "B", "visits_per_account")["actual_ytd"]) == pytest.approx(1.625)


def test_the_row_says_the_figure_he_is_compared_on(with_leave: Result) -> None:
    rows = review_rows(with_leave.review, "ja")
    text = " ".join(str(c) for r in rows if r and r[0] == "A" for c in r if c)
    assert "期間全体にならすと 1.75 回/顧客・月(同僚との比較はこの値)" in text
    en = " ".join(str(c) for r in review_rows(with_leave.review, "en") for c in r if c)
    assert "carried to the whole period by the team's month-by-month visits it is 1.75" in en


def test_without_the_leave_row_nothing_is_seasoned() -> None:
    """No Leave row: A's June–August are B's visits (A has none), his split is the whole
    year and no row is seasoned; he is no model (no visits of his in three months)."""
    review = _run(False).review
    assert not any(isinstance(d, dict) and SEASON_KEY in d for d in review["detail"])
    assert _row(review, "B", "visits_per_account")["best_rep"] != "A"
