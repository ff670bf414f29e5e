"""The largest reachable KGI is a number a manager would believe (issue #10 item 3): no rep's
revenue ceiling is above the team's best revenue growth the history shows plus a margin
(levers.revenue_cap, BELIEVABLE_MARGIN, SPAN_MARGIN). Numbers by hand from the rows."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import BELIEVABLE_MARGIN, SPAN_MARGIN, revenue_cap
from routekpi.core.measure import TEAM


def _history(first: str, last: str, rows) -> History:
    """Orders on the 10th of each month of ``first`` … ``last``: ``rows(month index, month)``
    yields (rep, account, amount) per order; each account held from its first order's month
    (customer master), or from 2020 when that is the history's first month."""
    orders, seen = [], {}
    for i, m in enumerate(pd.period_range(first, last, freq="M")):
        for rep, code, amount in rows(i, m):
            seen.setdefault(code, (rep, pd.Timestamp("2020-01-01") if i == 0 else m.start_time))
            orders.append((m.start_time + pd.Timedelta(days=9), code, rep, float(amount), 1))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    a = pd.DataFrame(
        [(c, c, r, start, pd.NaT) for c, (r, start) in seen.items()],
        columns=["account", "name", "rep", "start", "end"],
    )
    return History(orders=o, accounts=a)


def _apart() -> History:
    """36 months, 2023-04 – 2026-03; levers that never rose together. A holds 20 accounts
    and 30 from 2024-04 (his accounts ×1.5 in the second year); B holds 20, and from 2025-04
    ten of them order twice a month (his orders per account ×1.5 in the third). Every order
    ¥1,000, so no price moves. The team's monthly revenue: 40k, 50k, 60k in the three years."""

    def rows(i: int, m: pd.Period):
        for k in range(30 if i >= 12 else 20):
            yield "A", f"A{k:02d}", 1000
        for k in range(20):
            yield "B", f"B{k:02d}", 1000
            if i >= 24 and k < 10:
                yield "B", f"B{k:02d}", 1000

    return _history("2023-04", "2026-03", rows)


def test_levers_that_never_rose_together_reach_no_more_than_the_teams_best_year() -> None:
    """``_apart``: A's active accounts and B's orders per account each rose ×1.5 once, in
    different years; each rep's revenue ×1.5 (A: 240k → 360k, B: 240k → 360k a year later).
    Every lever's ceiling is the largest rep change, ×1.5, so each rep's levers multiply to
    ×2.25 and the reps' own revenue ceiling was ×1.5: largest reachable 1.5 × 720k = 1,080k.

    The team's year-on-year revenue changes over its 13 window ends (2025-03 … 2026-03, j
    months into the third year): (600 + 10j) ÷ (480 + 10j), the largest 600 ÷ 480 = 1.25 at
    2025-03, the smallest 720 ÷ 600 = 1.2 at 2026-03: a swing of 5 points, under 10. Its
    best year +25% plus 10 points: every rep's revenue ceiling ×1.35, the
    largest reachable KGI 1.35 × 720k = 972,000 (the plan runs one year: planned on the
    baseline's last day)."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    ev = build_evidence(_apart(), settings)
    lev = ev.lever_evidence
    assert lev is not None and lev.revenue_cap is not None
    cap = lev.revenue_cap
    assert cap.basis == "yoy" and cap.months == 36
    assert math.exp(cap.best) == pytest.approx(1.25)
    assert cap.swing == pytest.approx(0.05)
    assert BELIEVABLE_MARGIN == 0.10 == cap.margin
    assert math.exp(cap.cap) == pytest.approx(1.35)
    assert math.exp(cap.rep_high) == pytest.approx(1.5)  # the reps' own revenue ceiling
    assert math.exp(lev.high["active_accounts"]) == pytest.approx(1.5)
    assert math.exp(lev.high["orders_per_account"]) == pytest.approx(1.5)
    assert math.exp(lev.high["revenue"]) == pytest.approx(1.35)
    baseline = float(ev.base.at[TEAM, "revenue"])
    assert baseline == pytest.approx(720_000)
    plan, _ = plan_for(ev, 1.3 * baseline)
    assert plan.feasible
    assert plan.max_reachable_kgi == pytest.approx(972_000)
    # Each rep's revenue at most his baseline × 1.35; the targets still add up to the KGI.
    for rep in ("A", "B"):
        assert float(plan.fy.at[rep, "revenue"]) <= 1.35 * 360_000 * (1 + 1e-9)
    assert float(plan.fy.loc[["A", "B"], "revenue"].sum()) == pytest.approx(1.3 * baseline)
    # A KGI beyond it is infeasible: every rep at ×1.35.
    over, _ = plan_for(ev, 1.4 * baseline)
    assert not over.feasible
    assert over.max_reachable_kgi == pytest.approx(972_000)
    assert float(over.fy.at["A", "revenue"]) == pytest.approx(1.35 * 360_000)


def _short() -> History:
    """18 months, 2024-10 – 2026-03: A's 10 accounts order ¥2,000 a month, B's 10 ¥1,000;
    from 2025-10 each rep holds an 11th account. The team's month: 30k, from 2025-10 33k."""

    def rows(i: int, m: pd.Period):
        n = 11 if i >= 12 else 10
        for k in range(n):
            yield "A", f"A{k:02d}", 2000
            yield "B", f"B{k:02d}", 1000

    return _history("2024-10", "2026-03", rows)


def test_a_short_history_reads_its_change_on_the_same_months_a_year_apart() -> None:
    """``_short``: 18 months, no year-on-year change of 12-month windows. The last six months
    (2025-10 – 2026-03, 6 × 33k = 198k) against the same six a year before (2024-10 – 2025-03,
    6 × 30k = 180k): +10%, plus 10 points: every rep's revenue ceiling ×1.2. The baseline
    (2025-04 – 2026-03) 6 × 30k + 6 × 33k = 378k; largest reachable 1.2 × 378k = 453,600
    (the rep-month levels alone let B's unit price rise to A's, far more)."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    ev = build_evidence(_short(), settings)
    cap = ev.lever_evidence.revenue_cap
    assert cap is not None and cap.basis == "half" and cap.months == 18
    assert math.exp(cap.best) == pytest.approx(1.1)
    assert math.exp(cap.cap) == pytest.approx(1.2)
    assert not np.isfinite(cap.rep_high)  # no rep had a year-on-year change
    assert cap.params() == {
        "best": "+10.0%",
        "margin": "10",
        "cap": "+20.0%",
        "months": 18,
        "swing": "0.0",
        "total": "+20.0%",  # one year from the baseline to the plan year
    }
    baseline = float(ev.base.at[TEAM, "revenue"])
    assert baseline == pytest.approx(378_000)
    plan, _ = plan_for(ev, 1.1 * baseline)
    assert plan.max_reachable_kgi == pytest.approx(1.2 * 378_000)
    # The levers alone (every rep at his level ceilings) would reach more than the cap.
    head = ev.headroom.loc[["A", "B"], list(ev.levers)].sum(axis=1)
    assert (head > math.log(1.2)).all()


def test_twelve_to_seventeen_months_compare_the_first_six_with_the_last_six() -> None:
    """``revenue_cap`` on 14 months of a team's facts: the first six 100 each, the last six
    121 each, eight months apart: log(1.21) × 12 ÷ 8 a year = ×1.331; read across seasons, the
    margin is SPAN_MARGIN (20 points): ×1.531. Under 12 months: none."""
    months = list(pd.period_range("2025-01", "2026-02", freq="M"))
    revenue = [100.0] * 6 + [110.0] * 2 + [121.0] * 6
    facts = pd.DataFrame(
        {"revenue": revenue},
        index=pd.MultiIndex.from_tuples([(TEAM, m) for m in months], names=["rep", "month"]),
    )
    empty = pd.DataFrame(columns=["revenue"])
    cap = revenue_cap(facts, months, empty)
    assert cap is not None and cap.basis == "span" and cap.months == 14
    assert cap.best == pytest.approx(math.log(1.21) * 12 / 8)
    assert math.exp(cap.best) == pytest.approx(1.331)
    assert SPAN_MARGIN == 0.20
    assert math.exp(cap.cap) == pytest.approx(1.531)
    assert revenue_cap(facts.iloc[:11], months[:11], empty) is None


def test_across_seasons_a_fall_is_read_as_no_growth() -> None:
    """Review 33: 12 months of a flat book selling 1,200 a month April – September and 800
    October – March read ×0.444 a year (log(4,800 ÷ 7,200) × 12 ÷ 6) and its ceiling below
    its baseline: a KGI of +5% was infeasible. The first six against the last six are other
    seasons, so a fall there is no growth: the ceiling is flat + 20 points, ×1.20."""
    months = list(pd.period_range("2025-04", "2026-03", freq="M"))
    facts = pd.DataFrame(
        {"revenue": [1200.0] * 6 + [800.0] * 6},
        index=pd.MultiIndex.from_tuples([(TEAM, m) for m in months], names=["rep", "month"]),
    )
    cap = revenue_cap(facts, months, pd.DataFrame(columns=["revenue"]))
    assert cap is not None and cap.basis == "span"
    assert math.exp(cap.best) == pytest.approx((4800 / 7200) ** 2)
    assert math.exp(cap.cap) == pytest.approx(1.20)


def test_a_team_whose_years_swing_more_than_ten_points_gets_that_swing_as_its_margin() -> None:
    """``revenue_cap`` on the team's year-on-year changes at six window ends: +8%, +3%, −2%,
    −10.7%, +1%, +5%. Best +8%, worst −10.7%: a swing of 18.7 points, more than 10, so the
    ceiling is +8% + 18.7 points = +26.7% a year (the wholesale simulation, seed 5: a year of
    +25.3% after a best of +8.0% and a worst of −10.7%). The history's 48 months are counted;
    with five window ends the team has no record (None: the reps' own years bound them)."""
    months = list(pd.period_range("2022-01", "2025-12", freq="M"))
    ends = months[-6:]
    growth = [1.08, 1.03, 0.98, 0.893, 1.01, 1.05]
    changes = pd.DataFrame(
        {"revenue": np.log(growth)},
        index=pd.MultiIndex.from_tuples([(TEAM, m) for m in ends], names=["rep", "month"]),
    )
    facts = pd.DataFrame(columns=["revenue"])
    cap = revenue_cap(facts, months, changes)
    assert cap is not None and cap.basis == "yoy" and cap.months == 48
    assert cap.swing == pytest.approx(1.08 - 0.893)
    assert cap.margin == pytest.approx(0.187)
    assert math.exp(cap.cap) == pytest.approx(1.267)
    assert cap.params()["margin"] == "19" and cap.params()["swing"] == "18.7"
    assert revenue_cap(facts, months, changes.iloc[1:]) is None
