"""A warm winter found in both readings at once: the orders per account fell and the
quantity per order fell on the same months (core.swing.in_yen; fix50d's note on trial 50).

The histories: three reps with five accounts each, April 2022 – March 2026 (48 months),
planning FY2026. Every delivery or bill is one order and one visit.

- **Mixed units** (trial 50's book: m³ of LPG and litres of 灯油 summed in one 数量 column):
  each account's LPG bill on the 2nd, 20 m³ for ¥10,000, every month; 灯油 200 litres for
  ¥20,000, delivered twice a month in November – March, never in the other months. A warm
  winter (November 2023 – March 2024): once. Each delivery keeps its size: the quantity per
  order falls only because fewer litres sit beside the same m³.
- **One product** (a warm winter that took both how often and how much): 灯油 only, 200
  litres for ¥20,000, 3 a month in November – March and 1 in the others; the warm winter 2
  a month of 180 litres (¥18,000).
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
from routekpi.core.measure import TEAM
from routekpi.core.swing import SWING_YEN_NOTE, levelled
from routekpi.messages import text

REPS = ("A", "B", "C")
FIRST = pd.Period("2022-04", freq="M")
WINTER = (11, 12, 1, 2, 3)
WARM = (pd.Period("2023-11", freq="M"), pd.Period("2024-03", freq="M"))
SEASON = ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
# An order: (day of the month, amount ¥, quantity).
Order = tuple[int, float, float]


def _history(orders: Callable[[pd.Period], list[Order]]) -> History:
    """Every account's ``orders(month)`` from April 2022 over 48 months, each a visit."""
    rows, visits, accounts = [], [], []
    for rep in REPS:
        for i in range(5):
            acc = f"{rep}{i}"
            accounts.append((acc, acc, rep, FIRST.start_time, pd.NaT))
            for t in range(48):
                m = FIRST + t
                for day, amount, quantity in orders(m):
                    when = m.start_time + pd.Timedelta(days=day - 1)
                    rows.append((when, acc, rep, amount, quantity))
                    visits.append((when, rep, acc, "visit", None))
    return History(
        orders=pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _warm(m: pd.Period) -> bool:
    return WARM[0] <= m <= WARM[1]


def _mixed(warm: bool) -> Callable[[pd.Period], list[Order]]:
    """The LPG bill every month and the 灯油 deliveries of the winter (once in the warm one
    when ``warm``)."""

    def orders(m: pd.Period) -> list[Order]:
        kerosene = 0 if m.month not in WINTER else 1 if warm and _warm(m) else 2
        return [(2, 10_000.0, 20.0)] + [(d, 20_000.0, 200.0) for d in (8, 16)[:kerosene]]

    return orders


def _one_product(warm: bool) -> Callable[[pd.Period], list[Order]]:
    """灯油 only: 3 deliveries of 200 litres a winter month, 1 in the others; 2 of 180 in
    the warm winter when ``warm``."""

    def orders(m: pd.Period) -> list[Order]:
        if warm and _warm(m):
            return [(d, 18_000.0, 180.0) for d in (8, 16)]
        return [(d, 20_000.0, 200.0) for d in (8, 16, 24)[: 3 if m.month in WINTER else 1]]

    return orders


def _evidence(orders: Callable[[pd.Period], list[Order]]) -> Evidence:
    h = _history(orders)
    return build_evidence(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31)))


def test_mixed_units_read_in_yen_by_hand() -> None:
    """A warm month: 2 orders an account against 3 (log 2/3 in orders per account), 220 units
    on 2 orders against 420 on 3 (quantity per order 110 against 140: log 110/140 = −24.1%),
    ¥30,000 on 2 orders against ¥50,000 on 3 (revenue per order ¥15,000 against ¥16,667: log
    0.9 = −10.0%). Both seasons are the five months; the quantity one is read in yen,
    log 0.9, the smaller. Levelled, a warm month's revenue is ¥30,000 × 3/2 ÷ 0.9 = ¥50,000
    an account (¥750,000 the team's), a normal winter month's; read in quantity it was
    ¥30,000 × 3/2 × 140/110 = ¥57,273, the mix counted twice. The quantity stays read at its
    own swing (220 × 3/2 × 140/110 = 420 units an account), so the price per unit of the
    season (which a column summing m³ and litres moves with the mix) is the years' too. A
    normal year: ¥10,000 in April – October and ¥50,000 in November – March, month shares
    1/32 and 5/32, the history without the warm winter's, and no trend."""
    ev = _evidence(_mixed(warm=True))
    lev = ev.lever_evidence
    assert lev.frequency is not None and lev.swing is not None
    assert [str(m) for m in lev.frequency.months] == SEASON
    assert lev.frequency.orders == pytest.approx([math.log(2 / 3)] * 5, abs=1e-12)
    swing = lev.swing
    assert [str(m) for m in swing.months] == SEASON
    assert [str(m) for m in swing.in_yen] == SEASON
    assert swing.size == pytest.approx(math.log(110 / 140))  # as found, in quantity
    assert swing.sizes == pytest.approx([math.log(0.9)] * 5, abs=1e-12)
    assert swing.yen == pytest.approx(math.log(0.9), abs=1e-12)
    team = levelled(ev.facts, swing, lev.frequency).xs(TEAM, level="rep")
    for m in SEASON:
        assert team.at[pd.Period(m, freq="M"), "revenue"] == pytest.approx(750_000.0), m
        assert team.at[pd.Period(m, freq="M"), "orders"] == pytest.approx(45.0), m
        assert team.at[pd.Period(m, freq="M"), "quantity"] == pytest.approx(15 * 420.0), m
    expected = np.array([1 / 32] * 7 + [5 / 32] * 5)
    assert ev.seasonality == pytest.approx(expected, abs=1e-12)
    assert _evidence(_mixed(warm=False)).seasonality == pytest.approx(expected, abs=1e-12)
    # Every window alike once levelled: no trend in revenue, unit price or order frequency.
    for lever in ("revenue", "unit_price", "orders_per_account", "visits_per_account"):
        assert lev.trend.at[TEAM, lever] == pytest.approx(0.0, abs=1e-12), lever
        assert lev.team_best[lever] == pytest.approx(0.0, abs=1e-12), lever
    note = next(n for n in ev.notes if n.code == SWING_YEN_NOTE)
    words = text(SWING_YEN_NOTE, "ja", **note.params)
    assert "2023-11〜2024-03の5か月に" in words and "前後の年の平均より-21.4%" in words
    assert "2023-11〜2024-03の5か月は顧客あたりの受注件数も振れていた" in words
    assert "前後の年の平均との差(-10.0%。数量の振れを上限)" in words


def test_a_smaller_fill_on_one_product_is_levelled_as_before_by_hand() -> None:
    """One product: a warm month's 2 orders of 180 litres against 3 of 200: orders per
    account log 2/3, quantity per order and revenue per order both log 0.9. In yen as in
    quantity: log 0.9, and the warm month's revenue ¥36,000 × 3/2 ÷ 0.9 = ¥60,000, the
    usual 3 × ¥20,000: shares 1/22 and 3/22, as without the warm winter."""
    ev = _evidence(_one_product(warm=True))
    swing = ev.lever_evidence.swing
    assert swing is not None and len(swing.in_yen) == 5
    assert swing.size == pytest.approx(math.log(0.9))
    assert swing.sizes == pytest.approx([math.log(0.9)] * 5, abs=1e-12)
    expected = np.array([1 / 22] * 7 + [3 / 22] * 5)
    assert ev.seasonality == pytest.approx(expected, abs=1e-12)
    assert _evidence(_one_product(warm=False)).seasonality == pytest.approx(expected, abs=1e-12)


def test_a_mix_with_no_yen_in_it_is_not_levelled_again() -> None:
    """The same mixed book with 灯油 at ¥5,000 a delivery (¥25/litre), so the warm winter's
    revenue per order (¥15,000 on 2 orders against ¥20,000 on 3) is log 1.125 = +11.8% above
    the years either side, the other way from its quantity per order (−24.1%): only the orders
    per account are levelled, the quantity season reads nothing in yen and is dropped."""

    def orders(m: pd.Period) -> list[Order]:
        return [(d, 5_000.0 if q == 200.0 else a, q) for d, a, q in _mixed(True)(m)]

    lev = _evidence(orders).lever_evidence
    assert lev.frequency is not None
    assert lev.swing is None
