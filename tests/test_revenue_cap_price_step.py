"""A price revision is no growth of the team's in a short history's revenue ceiling (review 33
leftover: ``levers.revenue_cap``'s half-year and span readings of 12 – 23 months read raw
revenue, so a one-off price step raised every rep's ceiling by its size). Numbers by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import PriceStep, revenue_cap
from routekpi.core.measure import TEAM


def _team(months: list[pd.Period], revenue: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"revenue": revenue},
        index=pd.MultiIndex.from_tuples([(TEAM, m) for m in months], names=["rep", "month"]),
    )


def _step(month: str, size: float) -> PriceStep:
    """A step at ``month`` of log ``size`` (only its edges matter to the cap)."""
    return PriceStep(pd.Period(month, freq="M"), size, 0.0, 0, 12, 0.0, 0.0, 0.0, 1.0)


def test_across_the_span_a_price_step_is_taken_out() -> None:
    """14 months, 2025-01 – 2026-02: 100 a month, from 2025-09 at a price 10% higher (110,
    the same volume) and from 2025-11 with 10% more volume too (121). The first six months
    (600) against the last six (2025-09 – 2026-02: 2 × 110 + 4 × 121 = 704), eight months
    apart: raw log(704 ÷ 600) × 12 ÷ 8 a year, the step read as growth. Like for like every
    month before 2025-09 is brought to the new price (× 1.1): 660 against 704,
    log(704 ÷ 660) × 12 ÷ 8 — the volume's growth alone."""
    months = list(pd.period_range("2025-01", "2026-02", freq="M"))
    revenue = [100.0] * 8 + [110.0] * 2 + [121.0] * 4
    facts = _team(months, revenue)
    empty = pd.DataFrame(columns=["revenue"])
    raw = revenue_cap(facts, months, empty)
    assert raw is not None and raw.basis == "span"
    assert raw.best == pytest.approx(math.log(704 / 600) * 12 / 8)
    like = revenue_cap(facts, months, empty, _step("2025-09", math.log(1.1)))
    assert like is not None and like.basis == "span" and like.months == 14
    assert like.best == pytest.approx(math.log(704 / 660) * 12 / 8)
    # The ceiling: the growth (≥ none across seasons) plus 20 points.
    assert math.exp(like.cap) == pytest.approx((704 / 660) ** 1.5 + 0.20)


def test_half_year_basis_reads_the_months_at_the_latest_price() -> None:
    """20 months, 2024-08 – 2026-03: 1,000 a month, from 2025-12 at +5% (1,050). The last
    six (2025-10 – 2026-03: 2 × 1,000 + 4 × 1,050 = 6,200) against the same six a year before
    (6,000): raw +3.33%; like for like the months before 2025-12 are × 1.05, so 6,300 against
    6,300: no growth, the ceiling +10 points."""
    months = list(pd.period_range("2024-08", "2026-03", freq="M"))
    revenue = [1000.0] * 16 + [1050.0] * 4
    facts = _team(months, revenue)
    empty = pd.DataFrame(columns=["revenue"])
    raw = revenue_cap(facts, months, empty)
    assert raw is not None and raw.basis == "half"
    assert math.exp(raw.best) == pytest.approx(6200 / 6000)
    like = revenue_cap(facts, months, empty, _step("2025-12", math.log(1.05)))
    assert like is not None and like.basis == "half"
    assert like.best == pytest.approx(0.0, abs=1e-12)
    assert math.exp(like.cap) == pytest.approx(1.10)


def _orders(prices: dict[str, float]) -> History:
    """18 months, 2024-10 – 2026-03: 10 accounts of one rep, one order each on the 10th of
    every month at ``prices``' price from the month given (the first key is the start)."""
    rows = []
    price = 0.0
    for m in pd.period_range("2024-10", "2026-03", freq="M"):
        price = prices.get(str(m), price)
        for k in range(10):
            rows.append((m.start_time + pd.Timedelta(days=9), f"A{k}", "A", price, 1))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    accounts = pd.DataFrame(
        [(f"A{k}", f"A{k}", "A", pd.Timestamp("2020-01-01"), pd.NaT) for k in range(10)],
        columns=["account", "name", "rep", "start", "end"],
    )
    return History(orders=orders, accounts=accounts)


def test_a_declared_revision_does_not_raise_a_short_historys_ceiling() -> None:
    """18 months, the same 10 accounts ordering once a month, ¥1,000 an order until 2025-09
    and ¥1,100 from 2025-10 (a +10% list price, declared on Settings). The last six months
    (6 × 11,000) against the same six a year before (6 × 10,000) read +10% growth, a ceiling
    of +20%; declared, the months before 2025-10 are read at the new price: no growth, the
    ceiling +10 points (×1.10)."""
    history = _orders({"2024-10": 1000.0, "2025-10": 1100.0})
    plain = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    cap = build_evidence(history, plain).lever_evidence.revenue_cap
    assert cap is not None and cap.basis == "half" and cap.months == 18
    assert math.exp(cap.best) == pytest.approx(1.10)
    declared = PlanSettings(
        kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31), price_revision=("2025-10", 0.10)
    )
    ev = build_evidence(history, declared)
    assert ev.lever_evidence.price_step is not None
    cap = ev.lever_evidence.revenue_cap
    assert cap is not None and cap.basis == "half"
    assert cap.best == pytest.approx(0.0, abs=1e-9)
    assert math.exp(cap.cap) == pytest.approx(1.10)
