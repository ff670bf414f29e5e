"""Under two years of history, the unit price's pace on the months a year apart
(core.levers.same_month_trend) held against one outlier month, and a price revision among
those months carried as a level, not read as a yearly pace (core.levers.same_month_step).

Every number is worked out on paper: each account orders once a month, so a rep's monthly
unit price is the price he charges that month and the team's is the orders-weighted mean.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import same_month_step, same_month_trend
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.test_price_revision import _book as revision_book
from tests.test_price_revision import _history as revision_history
from tests.test_price_revision import _read as revision_read
from tests.test_price_revision import _step

START = pd.Period("2024-01", freq="M")


def _facts(prices: dict[str, list[float]], orders: float = 10.0) -> tuple[pd.DataFrame, list]:
    """Monthly facts (revenue, orders) per rep and the team, ``orders`` orders a rep-month."""
    n = len(next(iter(prices.values())))
    months = [START + i for i in range(n)]
    rows = []
    for rep, series in prices.items():
        rows += [(rep, m, p * orders, orders) for m, p in zip(months, series, strict=True)]
    frame = pd.DataFrame(rows, columns=["rep", "month", "revenue", "orders"])
    team = frame.groupby("month", as_index=False)[["revenue", "orders"]].sum().assign(rep=TEAM)
    frame = pd.concat([frame, team], ignore_index=True).set_index(["rep", "month"])
    return frame, months


# --- one outlier month -------------------------------------------------------------------------


def test_one_outlier_month_makes_no_pace() -> None:
    # 18 months at 100 for both reps, but rep A's month 15 (the fourth a year apart) at 160
    # (one large order): the team's price that month (160 + 100) ÷ 2 = 130, so the six changes
    # are 0, 0, 0, log 1.3, 0, 0. Their plain mean, log 1.3 ÷ 6 = +4.4%, would be a pace; the
    # highest held to the second highest (0) leaves 0 everywhere: no pace, nothing carried.
    a = [100.0] * 15 + [160.0] + [100.0] * 2
    b = [100.0] * 18
    facts, months = _facts({"A": a, "B": b})
    assert same_month_trend(facts, months) == (0.0, 0.0, 6)
    # Nor a revision: split 3 | 3 the runs are 0 and log 1.3 ÷ 3 apart, one standard error.
    assert same_month_step(facts, months) is None


def test_a_steady_pace_with_one_outlier_month_is_read_whole() -> None:
    # One rep, 100 for a year then 102 (+2% on each month a year apart) but 130 in month 14:
    # changes log 1.02, log 1.02, log 1.3, log 1.02 ×3. Held, every change is log 1.02: the
    # pace is read exactly, with no scatter (one rep: no reps' term), carried whole.
    prices = [100.0] * 12 + [102.0, 102.0, 130.0, 102.0, 102.0, 102.0]
    facts, months = _facts({"A": prices})
    carried, pace, pairs = same_month_trend(facts, months)
    assert pairs == 6
    assert pace == pytest.approx(math.log(1.02), abs=1e-12)
    assert carried == pytest.approx(math.log(1.02), abs=1e-12)


def test_the_held_mean_and_its_scatter_by_hand() -> None:
    # One rep, log changes 0.01, 0.03, 0.02, 0.02, 0.10, 0.02. Held: the highest (0.10) to the
    # second highest (0.03), the lowest (0.01) to the second lowest (0.02): 0.02, 0.03, 0.02,
    # 0.02, 0.03, 0.02. Mean m = 0.14 ÷ 6 = 7 ÷ 300; deviations −1/300 four times and +2/300
    # twice, squares summing to 12 ÷ 90,000 = 1 ÷ 7,500; variance (n − 1) 1 ÷ 37,500, the
    # mean's squared error e² = 1 ÷ 225,000. Carried m³ ÷ (m² + e²).
    logs = [0.01, 0.03, 0.02, 0.02, 0.10, 0.02]
    prices = [100.0] * 12 + [100.0 * math.exp(x) for x in logs]
    facts, months = _facts({"A": prices})
    carried, pace, pairs = same_month_trend(facts, months)
    m, e2 = 7 / 300, 1 / 225_000
    assert pairs == 6
    assert pace == pytest.approx(m, abs=1e-12)
    assert carried == pytest.approx(m**3 / (m**2 + e2), rel=1e-9)
    assert same_month_step(facts, months) is None  # 1.6 standard errors at best: no revision


# --- a price revision among the months a year apart ----------------------------------------


def _orders(price: list[float]) -> History:
    """Two reps of five accounts, each ordering once a month from 2024-08 (20 months to
    2026-03) at ``price[i]`` in month i."""
    start = pd.Period("2024-08", freq="M")
    rows = []
    for rep in ("R1", "R2"):
        for k in range(5):
            for i, p in enumerate(price):
                day = (start + i).start_time + pd.Timedelta(days=9)
                rows.append((day, f"{rep}{k}", rep, p, 1))
    o = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=o)


SETTINGS = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))


@pytest.mark.parametrize("yearly", [1.0, 1.02])
def test_a_revision_among_the_months_is_a_level_not_a_yearly_pace(yearly: float) -> None:
    # 20 months (2024-08 – 2026-03) at 1,000 × ``yearly`` ^ (i ÷ 12), +5% from 2025-10 (month
    # 14: 14 months before it, too few for price_step's search, STEP_FLAT_BEFORE = 15). The 8
    # months a year apart (2025-08 – 2026-03) change by log yearly, log yearly, then log
    # yearly + log 1.05 six times: two runs 5% apart with no scatter, so a step at 2025-10
    # (the team's price moved there by log 1.05 + log yearly ÷ 12; in 2024-10, by only log
    # yearly ÷ 12). Carried as a level: FY2025 (2025-04 – 2026-03) has 6 months before it
    # of its 12 (equal orders), so it adds −log((6 ÷ 1.05 + 6) ÷ 12) = log(12.6 ÷ 12.3),
    # +2.4%; without it every change is log yearly, carried whole. The trend: both.
    d = math.log(1.05)
    price = [1000.0 * yearly ** (i / 12) * (1.05 if i >= 14 else 1.0) for i in range(20)]
    ev = build_evidence(_orders(price), SETTINGS)
    step = ev.lever_evidence.price_step
    assert step is not None and not step.declared
    assert step.month == pd.Period("2025-10", freq="M")
    assert step.size == pytest.approx(d, abs=1e-9)
    assert (step.old_months, step.baseline_months) == (6, 12)
    assert step.carry == pytest.approx(math.log(12.6 / 12.3), abs=1e-9)
    trend = math.log(12.6 / 12.3) + math.log(yearly)
    assert float(ev.trend.at[TEAM, "unit_price"]) == pytest.approx(trend, abs=1e-9)
    # Read as a pace (what the note's "if read as a yearly rise" says): the 8 changes' mean
    # (held: nothing moves) m = log yearly + 6 d ÷ 8; their variance (n − 1) 1.5 d² ÷ 7 (two
    # at −0.75 d, six at +0.25 d), e² = that ÷ 8; both reps alike (no reps' scatter).
    m, e2 = math.log(yearly) + 0.75 * d, 1.5 * d * d / 7 / 8
    assert step.replaced == pytest.approx(m**3 / (m * m + e2), rel=1e-9)
    # Said on the Plan as a found step is, and not also as the months' pace.
    assert ev.lever_evidence.same_months_read is None
    notes = [n for n in ev.notes if n.code in ("price_step", "price_same_months_held")]
    assert [n.code for n in notes] == ["price_step"]
    said = text("price_step", "en", **notes[0].params)
    assert "changed once, by +5.0% in 2025-10" in said
    assert "6 of the baseline's 12 months were before it, which adds +2.4%" in said


def test_a_revision_a_year_before_the_months_lifts_their_first_run() -> None:
    # 1,000 until 2024-12, 1,050 from 2025-01 (month 5). The months a year apart 2025-08 –
    # 2025-12 are +5% (their year before is before it), 2026-01 – 2026-03 are 0: a run of
    # five then of three, 5% apart. The team's price moved by log 1.05 into 2025-01 and by 0
    # into 2026-01: the revision is 2025-01's, +5%. FY2025 is wholly after it (it adds 0)
    # and without it every change is 0: no unit-price trend. Read as a pace it was the mean
    # m = 5 d ÷ 8, variance (n − 1) 1.875 d² ÷ 7 (five at +0.375 d, three at −0.625 d).
    price = [1000.0 * (1.05 if i >= 5 else 1.0) for i in range(20)]
    ev = build_evidence(_orders(price), SETTINGS)
    step = ev.lever_evidence.price_step
    assert step is not None
    assert step.month == pd.Period("2025-01", freq="M")
    assert step.size == pytest.approx(math.log(1.05), abs=1e-9)
    assert step.old_months == 0 and step.carry == pytest.approx(0.0, abs=1e-12)
    assert float(ev.trend.at[TEAM, "unit_price"]) == pytest.approx(0.0, abs=1e-12)
    d = math.log(1.05)
    m, e2 = 0.625 * d, 1.875 * d * d / 7 / 8
    assert step.replaced == pytest.approx(m**3 / (m * m + e2), rel=1e-9)


def test_one_reps_jump_is_no_revision() -> None:
    # Only rep A's price jumps (+10% from month 14, of 18); rep B stays. The team's changes
    # run 0, 0, then log 1.05 four times: a step by the runs alone, but B holds half the
    # orders and did not move (STEP_REPS: two thirds must): his own price, no revision.
    a = [100.0] * 14 + [110.0] * 4
    b = [100.0] * 18
    facts, months = _facts({"A": a, "B": b})
    assert same_month_step(facts, months) is None
    both = [100.0] * 14 + [110.0] * 4
    facts, months = _facts({"A": both, "B": both})
    found = same_month_step(facts, months)
    assert found is not None and found[0] == months[14]
    assert found[1] == pytest.approx(math.log(1.1), abs=1e-12)


def test_a_pace_that_fades_month_by_month_is_no_revision() -> None:
    # The changes a year apart fall steadily, 8%, 7% … 1% (one rep at 100, then each month a
    # year apart at 100 × e^change): split 4 | 4 the runs are 4 points apart at 4.4 standard
    # errors, but the changes move 1 point every month, so 4 points is 4 of their usual
    # moves (1.4826 × 1 point each: under INDEX_NOISE = 4 of them): no month holds a revision.
    logs = [0.08, 0.07, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01]
    prices = [100.0] * 12 + [100.0 * math.exp(x) for x in logs]
    facts, months = _facts({"A": prices, "B": prices})
    assert same_month_step(facts, months) is None
    read = same_month_trend(facts, months)
    assert read is not None and read[1] == pytest.approx(float(np.mean(logs)), abs=1e-12)


def test_the_plan_says_a_revision_found_among_the_months(tmp_path: Path) -> None:
    """The book: three reps of five accounts from 2024-08 (20 months), ¥1,000 until 2025-09
    and ¥1,050 from 2025-10 (``price_step``'s search needs 15 months before it; it has 14).
    The Plan says the step as a found one is: +5.0% in 2025-10, 6 of the baseline's 12 months
    before it, +2.4% (log 12.6 ÷ 12.3), the trend +2.4%; the months' pace is not said."""
    h = revision_history("2024-08", 20, _step("2025-10", 1000.0, 1050.0))
    path = revision_book(tmp_path / "found.xlsm", h, 15 * 12 * 1050, None, None)
    recalculate(path)
    plan, _, targets = revision_read(path)
    line = next(s for s in plan.split("。") if "2025-10に一度+5.0%変わりました" in s)
    assert "基準期間12か月のうち改定前は6か月で、その分の+2.4%" in plan
    assert "の傾向は+2.4%です" in plan
    assert "前年同月と比べられる" not in plan and line
    # FY2026 at the new price: the baseline's 1,025 × 12.6 ÷ 12.3 = 1,050.
    assert targets[("FY2026", "unit_price")] == pytest.approx(1050.0, rel=1e-9)
