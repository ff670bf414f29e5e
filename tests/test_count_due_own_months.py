"""A count's year-to-date target follows its own month targets, not revenue's season.

Trial 35 H1: a school supplier's revenue peaks in March and April, its visits do not. The
Attainment's year row judged visits on the year's target × revenue's share to date (40.6%),
so every rep read ~7% ahead (visits 5,082 ÷ 4,766 = 106.6%) while the visits' own month
targets (43.3% of the year) had him on plan (99.97%), and the Review said otherwise.

Here (tests.test_flags.synth: 2 reps × 20 accounts, one order and one visit per account per
month, 2023-04 … 2025-06): every order is ¥300 in March and April and ¥100 otherwise, so
revenue's April–June is (300 + 100 + 100) ÷ (2 × 300 + 10 × 100) = 31.25% of the year while
orders and visits, one per account and month, are flat: 3 ÷ 12 = 25% by 2025-06-30.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.at_work import SMALL_COUNT, target_to_date
from routekpi.core.engine import Result, run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from tests.test_flags import MONTHS, synth

AS_OF = date(2025, 6, 30)  # April – June of FY2025 complete


def _at_last_year(history: History, as_of: date) -> Result:
    """FY2025 planned at last year's revenue (KGI = the baseline), as of ``as_of``."""
    probe = run(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=as_of))
    kgi = float(probe.evidence.base.at[TEAM, "revenue"])
    return run(history, PlanSettings(kgi=kgi, plan_year=2025, as_of=as_of))


@pytest.fixture(scope="module")
def result() -> Result:
    season = [300.0 if m.month in (3, 4) else 100.0 for m in MONTHS]
    history = synth({"A": season, "B": season})
    return _at_last_year(history, AS_OF)


@pytest.mark.parametrize("key", ["visits", "orders"])
@pytest.mark.parametrize("rep", ["A", TEAM])
def test_a_flat_count_is_due_on_its_own_months(result: Result, rep: str, key: str) -> None:
    table = result.attainment
    rows = table[(table["rep"] == rep) & (table["kpi"] == key)]
    months = rows[rows["period"].str.match(r"\d{4}-\d{2}$")]
    assert list(months["period"]) == ["2025-04", "2025-05", "2025-06"]
    year = rows[rows["period"] == "FY2025"].iloc[0]
    # Three whole months: due = their month targets' sum, as the Review reads it.
    assert year["target_to_date"] == pytest.approx(months["target"].sum())
    # ≈ a quarter of the year on the flat count's own months, not revenue's 31.25%.
    share = year["target_to_date"] / year["target"]
    assert share == pytest.approx(0.25, abs=0.01)
    # On plan: 20 (or 40) accounts × 3 months done, the targets kept at last year's level.
    assert year["actual"] == (60 if rep == "A" else 120)
    assert year["attainment"] == pytest.approx(1.0, abs=0.02)


def test_revenue_still_follows_its_season(result: Result) -> None:
    table = result.attainment
    year = table[(table["rep"] == TEAM) & (table["kpi"] == "revenue")]
    year = year[year["period"] == "FY2025"].iloc[0]
    assert year["target_to_date"] / year["target"] == pytest.approx(0.3125, abs=0.01)
    assert isinstance(year["actual"], float | int) and not pd.isna(year["actual"])


def test_the_month_in_progress_reads_attainment_to_date() -> None:
    """Trial 35 M1: on 12/5 December read 19.3% (actual ÷ the whole month) in red while
    96.3% of what was due by then was done. As of 2025-06-16 June's orders (on the 10th) are
    in and 11 of its 21 working days gone (Jun 2–16, Mon–Fri): 達成率(経過分比) = actual ÷ the
    month's target × 11/21, the same as the pace; a complete month keeps actual ÷ target."""
    season = [300.0 if m.month in (3, 4) else 100.0 for m in MONTHS]
    history = synth({"A": season, "B": season})
    as_of = date(2025, 6, 16)
    table = _at_last_year(history, as_of).attainment
    rows = table[(table["rep"] == "A") & (table["kpi"] == "visits")].set_index("period")
    june, may = rows.loc["2025-06"], rows.loc["2025-05"]
    assert june["target_to_date"] == pytest.approx(june["target"] * 11 / 21)
    assert june["attainment"] == pytest.approx(june["actual"] / june["target_to_date"])
    assert june["attainment"] == pytest.approx(june["pace"])
    assert june["attainment"] > 1.5  # 20 visits done against 20 × 11/21 due, not 100%
    assert may["attainment"] == pytest.approx(may["actual"] / may["target"])


def test_a_small_count_is_due_pro_rata_not_on_its_whole_months() -> None:
    """Review 34: 2 new accounts a year sit in two whole months (core.rounding), so before the
    first nothing was due (達成率 blank with 2 wins) and a part of it read 381.8%. A count
    under SMALL_COUNT a year is due pro rata: A loses one account every six months (2 a
    year); as of 2025-06-30 three months of twelve are gone, a quarter of his allowance, on
    the Attainment and the Review (core.at_work.target_to_date) alike."""
    season = [100.0] * len(MONTHS)
    cancel = {"A": {m: 1 for m in range(3, len(MONTHS), 6)}}
    history = synth({"A": season, "B": season}, cancel=cancel)
    result = _at_last_year(history, AS_OF)
    table = result.attainment
    rows = table[(table["rep"] == "A") & (table["kpi"] == "cancellations")]
    year = rows[rows["period"] == "FY2025"].iloc[0]
    assert 0 < year["target"] < SMALL_COUNT
    assert year["target_to_date"] == pytest.approx(year["target"] * 3 / 12)
    targets = result.targets[["period", "rep", "kpi", "target"]]
    t = {(p, r, k): v for p, r, k, v in targets.itertuples(index=False)}
    started = list(pd.period_range("2025-04", "2025-06", freq="M"))
    review_due = target_to_date(t, "A", "cancellations", started, np.ones(3), "FY2025")
    assert review_due == pytest.approx(year["target_to_date"])
    # The months keep their whole numbers: the month rows are unchanged.
    months = rows[rows["period"] != "FY2025"]
    assert (months["target"] == months["target"].round()).all()


def test_a_complete_month_with_leave_is_judged_whole() -> None:
    """Review 34: a complete month with a leave read its attainment on the days at work
    (May away 5/1–20: ¥1,000 against ¥2,000 read 71.4%) and forecast actual ÷ the share
    worked (¥2,500 for ¥1,000 booked). A complete month is judged and forecast whole; the
    month in progress (June, as of 6/16) to date, its attainment its pace."""
    from dataclasses import replace

    season = [100.0] * len(MONTHS)
    history = synth({"A": season, "B": season})
    leave = pd.DataFrame(
        {
            "rep": ["A"],
            "start": [pd.Timestamp("2025-05-01")],
            "end": [pd.Timestamp("2025-05-20")],
            "reason": ["休暇"],
        }
    )
    history = replace(history, leave=leave)
    as_of = date(2025, 6, 16)
    table = _at_last_year(history, as_of).attainment
    rows = table[(table["rep"] == "A") & (table["kpi"] == "revenue")].set_index("period")
    may, june = rows.loc["2025-05"], rows.loc["2025-06"]
    assert may["attainment"] == pytest.approx(may["actual"] / may["target"])
    assert may["forecast"] == pytest.approx(may["actual"])
    assert june["attainment"] == pytest.approx(june["pace"])
