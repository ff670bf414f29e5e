"""A price step needs a month that holds it (levers._holds, trial 37 H2).

A gradual move — a price that climbs with the crude market by about a yen a litre a month for
nine months — is a trend, not a one-off revision: it changes as much across every month.
Where the orders carry a quantity, a step found in revenue per order must be held by the price
per unit too: litres per order rising after a warm winter is no price revision.

The histories: three reps with five accounts each, every account ordering once a month on the
month's last day, April 2022 – March 2026 (48 months); the plan year FY2026.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import _holds
from routekpi.core.measure import TEAM
from tests.history_helpers import OrderLine, rep_accounts

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 48
REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)


def _history(yen: Callable[[int], float], litres: Callable[[int], float | None]) -> History:
    """One order an account a month: ``litres(t)`` at ``yen(t)`` a litre (t = 0: April
    2022); ``litres`` None: the quantity left blank (the amount is 200 litres' worth)."""

    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        t = (month - FIRST).n
        q = litres(t)
        amount = float(yen(t) * (200 if q is None else q))
        return [(month.end_time.normalize(), amount, np.nan if q is None else float(q))]

    return rep_accounts(REPS, FIRST, MONTHS, line)


def _evidence(h: History) -> Evidence:
    return build_evidence(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))


def _creeping(t: int) -> float:
    """¥113 a litre until March 2025 (t = 35), then ¥1 more every month April – December
    2025, ¥122 from then on (trial 37's kerosene, up with the crude market)."""
    return 113.0 + min(max(t - 35, 0), 9)


def _trend(value: Callable[[int], float]) -> float:
    """The mean year-on-year log change of a 12-month window's total of ``value`` over the
    window ends April 2025 … March 2026 (every month the same 15 orders)."""

    def window(last: int) -> float:
        return sum(value(last - i) for i in range(12))

    end = MONTHS - 1
    return sum(math.log(window(end - j) / window(end - j - 12)) for j in range(12)) / 12


def test_the_month_holds_a_step_not_a_climb_by_hand() -> None:
    """24 months, no calendar months' own levels (the line alone), a split at month 12,
    blocks of three months. A step of 0.05: across the month (months 9–11 → 12–14) 0.05,
    beside it (6–8 → 9–11, 12–14 → 15–17) nothing: held 0.05, all of it. With a line of
    0.004 a month beside it: across 0.05 + 0.012, beside 0.012: held 0.05 again. A climb of
    0.01 a month: 0.03 across and 0.03 beside: held 0, none of a "step" of 0.05. The 0.05 over
    the five months 10–14 (0.01 a month): blocks 0, 0.01, 0.04, 0.05: across 0.03, beside 0.01
    on each side: held 0.02, 40% — no month holds it. Over the three months 11–13 (0.05/3 a
    month): blocks 0, 0.05/9, 0.04/0.9 (= 0.0444), 0.05: across 0.0389, beside 0.0056 on each
    side: held 0.0333, two thirds — a step."""
    x = np.arange(24, dtype=float)
    line = np.column_stack([np.ones(24), x])
    step = 0.05 * (x >= 12)
    assert _holds(x, step, line, 12, 0.05)
    assert _holds(x, step + 0.004 * x, line, 12, 0.05)
    assert not _holds(x, 0.01 * x, line, 12, 0.05)
    assert not _holds(x, 0.01 * np.clip(x - 9, 0, 5), line, 12, 0.05)
    assert _holds(x, 0.05 / 3 * np.clip(x - 10, 0, 3), line, 12, 0.05)
    # The same climb the other way holds nothing of a step up, nor of a step down.
    assert not _holds(x, -step, line, 12, 0.05)
    assert not _holds(x, -0.01 * x, line, 12, -0.05)


def test_a_price_that_climbs_for_months_is_a_trend_not_a_step() -> None:
    """No quantity: revenue per order ¥22,600 (200 L at ¥113) climbing to ¥24,400 over April –
    December 2025, then flat. Read as a line and one step it fitted one, but no month holds
    it: the unit-price trend is the mean year-on-year
    change, kept at the team's carry-over, and the month alone jumping +8% is a step."""
    ev = _evidence(_history(_creeping, lambda t: None))
    assert ev.lever_evidence.price_step is None
    carry = float(ev.lever_evidence.team_carry["unit_price"])
    booked = _trend(_creeping)
    assert f"{math.expm1(booked):+.1%}" == "+2.2%"
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(carry * booked, abs=1e-12)

    jump = _evidence(_history(lambda t: 122.0 if t >= 40 else 113.0, lambda t: None))
    step = jump.lever_evidence.price_step
    assert step is not None and str(step.month) == "2025-08"
    assert step.size == pytest.approx(math.log(122 / 113), abs=1e-9)


def test_litres_per_order_up_beside_a_creeping_price_is_no_price_step() -> None:
    """The price per litre creeps (``_creeping``) and each order holds 200 L until September
    2025, 232 L (+16%) from October (a normal winter after a warm one). With the quantity: the
    price per unit holds no step, and the +16% in revenue per order at 2025-10 is not held by
    the price per unit (¥118 → ¥119 a litre across it): no step either way. The quantity left
    blank: revenue per order alone, 2025-10 holds its jump, a step."""

    def litres(t: int) -> float:
        return 232.0 if t >= 42 else 200.0

    read = _evidence(_history(_creeping, litres))
    assert read.lever_evidence.price_step is None

    blank = _evidence(_history(lambda t: _creeping(t) * litres(t) / 200, lambda t: None))
    step = blank.lever_evidence.price_step
    assert step is not None and str(step.month) == "2025-10" and not step.per_unit


def test_a_real_revision_with_the_quantity_read_is_still_found_per_order() -> None:
    """The price per litre ¥113 → ¥122 (+8.0%) in 2025-08 and litres per order 200 every
    month but a ±3% swing repeating every five months: found (per unit: the price per unit
    holds all of it)."""

    def litres(t: int) -> float:
        return 200.0 * (1.00, 1.03, 0.98, 1.02, 0.97)[t % 5]

    ev = _evidence(_history(lambda t: 122.0 if t >= 40 else 113.0, litres))
    step = ev.lever_evidence.price_step
    assert step is not None and str(step.month) == "2025-08" and step.per_unit
    assert step.size == pytest.approx(math.log(122 / 113), abs=1e-9)
