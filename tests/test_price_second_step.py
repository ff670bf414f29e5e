"""A second price revision beside the first (trial 51: every maker +4% on 2025-04-01, then the
tyre makers +3% on 2026-01-01, half of a year's sales: +1.5% for the company, under the 2% bar
a one-off step must clear, so read as a yearly rise of every rep's unit price).

``core.price_index.find_second_step``: sought as the first is, the first's months not read,
and kept only where products holding at least a third of a year's sales each moved by 2% or
more the same way, the rest less than 1% on their mean, and the company by 1% or more. The
Review (``core.review._price_list_log``) takes such a step in the year's own months off every
rep's unit price whatever its size (before: under 2% it was the reps' doing).

Hand books, 2023-01 … 2026-11, amounts at the old prices each month: two tyres (¥10,000 a
unit; ¥450 of sales in December, ¥60 in November, ¥30 in January, ¥10 the other months), and
four other products (oil ¥1,000, parts ¥500, filter ¥2,000, wiper ¥800; ¥25 a month each).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.flags import like_for_like_change
from routekpi.core.history import History, PlanSettings
from routekpi.core.price_index import (
    SECOND_MIN,
    SECOND_REST,
    SECOND_SHARE,
    STEP_MIN,
    find_second_step,
    find_step,
    product_months,
    second_words,
)
from routekpi.core.review import _price_list_log
from routekpi.messages import text
from tests.history_helpers import rep_accounts

FIRST = pd.Period("2023-01", freq="M")
HISTORY = [FIRST + i for i in range(47)]  # 2023-01 … 2026-11
FIRST_STEP = pd.Period("2025-04", freq="M")
SECOND_STEP = pd.Period("2026-01", freq="M")
UNIT = {
    "tyre_a": 10_000.0,
    "tyre_b": 10_000.0,
    "oil": 1_000.0,
    "parts": 500.0,
    "filter": 2_000.0,
    "wiper": 800.0,
}
TYRES = ("tyre_a", "tyre_b")

Amounts = Callable[[str, pd.Period], float]
Factor = Callable[[str, pd.Period], float]


def _tyre_season(product: str, month: pd.Period) -> float:
    """The old-price amount of a product in a month (module doc)."""
    if product in TYRES:
        return {12: 450.0, 11: 60.0, 1: 30.0}.get(month.month, 10.0)
    return 25.0


def _two_steps(tyre: float = 1.03, rest: float = 1.0) -> Factor:
    """Every product ×1.04 from ``FIRST_STEP``; from ``SECOND_STEP`` the tyres ×``tyre`` and
    the others ×``rest``."""

    def factor(product: str, month: pd.Period) -> float:
        f = 1.04 if month >= FIRST_STEP else 1.0
        if month >= SECOND_STEP:
            f *= tyre if product in TYRES else rest
        return f

    return factor


def _table(
    factor: Factor, amounts: Amounts = _tyre_season, jitter: np.ndarray | None = None
) -> pd.DataFrame:
    """The product months of one line per product and month: the old amount's quantity at the
    month's price (× 1 + ``jitter[product, month]`` where given)."""
    rows = []
    for j, month in enumerate(HISTORY):
        for i, product in enumerate(UNIT):
            quantity = amounts(product, month) / UNIT[product]
            price = UNIT[product] * factor(product, month)
            if jitter is not None:
                price *= 1.0 + jitter[i, j]
            rows.append(
                (month.start_time + pd.Timedelta(days=1), product, quantity * price, quantity)
            )
    return product_months(pd.DataFrame(rows, columns=["date", "product", "amount", "quantity"]))


def _share(products: tuple[str, ...], factor: Factor, amounts: Amounts = _tyre_season) -> float:
    """By hand: ``products``' share of the sales over the 12 months before ``SECOND_STEP``."""
    year = [SECOND_STEP - 12 + i for i in range(12)]
    own = sum(amounts(p, m) * factor(p, m) for p in products for m in year)
    return own / sum(amounts(p, m) * factor(p, m) for p in UNIT for m in year)


def test_the_tyres_step_on_half_the_sales_is_found_beside_the_first() -> None:
    factor = _two_steps()
    table = _table(factor)
    first = find_step(table, HISTORY)
    assert first is not None and first.month == FIRST_STEP
    assert first.size == pytest.approx(math.log(1.04), abs=1e-9)
    share = _share(TYRES, factor)
    assert 0.45 < share < 0.55  # half of the year's sales
    second = find_second_step(table, HISTORY, first.month)
    assert second is not None and second.month == SECOND_STEP
    # The company's size: the tyres' +3% on their share of the year, the rest unchanged.
    assert second.size == pytest.approx(math.log(share * 1.03 + 1.0 - share), abs=1e-9)
    assert math.expm1(second.size) < STEP_MIN  # under the one-off bar for the company …
    assert second.moved is not None  # … but half of the sales moved by +3% each
    moved_share, products, moved, rest = second.moved
    assert moved_share == pytest.approx(share) and products == 2
    assert moved == pytest.approx(math.log(1.03)) and rest == pytest.approx(0.0, abs=1e-12)
    # The Plan's line: who moved, by how much, the company's size and the first revision.
    # (The baseline's months before it and the lift: the Plan's, core.levers.PriceStep.)
    carried = {"old": 1, "months": 12, "carry": "+0.3%"}
    said = {**second_words(second, first.month, first.size), **carried}
    line = text("price_step_second", "ja", **said)
    assert line.startswith("価格改定 2026-01 +1.5%(同じ商品どうしの比較で見つけました)")
    assert "2025-04 の改定(+4.0%)とは別に" in line
    assert f"売上の{share:.0%}を占める2品目の単価が+3.0%変わり、残りの商品は+0.0%" in line
    assert "売上の33%以上の商品がそれぞれ2%以上" in line
    assert "基準期間12か月のうち改定前の1か月を新しい価格に揃え、改定を合わせて+0.3%" in line
    en = text("price_step_second", "en", **said)
    assert "apart from the revision in 2025-04 (+4.0%)" in en


def test_one_step_alone_has_no_second() -> None:
    table = _table(_two_steps(tyre=1.0))
    first = find_step(table, HISTORY)
    assert first is not None and first.month == FIRST_STEP
    assert find_second_step(table, HISTORY, first.month) is None


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_prices_wobbling_by_one_percent_name_nothing(seed: int) -> None:
    """Each product's price ±1% (uniform) around its level every month: the first step is
    still found, no second one; without any step, nothing at all."""
    jitter = np.random.default_rng(seed).uniform(-0.01, 0.01, (len(UNIT), len(HISTORY)))
    table = _table(_two_steps(tyre=1.0), jitter=jitter)
    first = find_step(table, HISTORY)
    assert first is not None and first.month == FIRST_STEP
    assert find_second_step(table, HISTORY, first.month) is None
    flat = _table(lambda p, m: 1.0, jitter=jitter)
    assert find_step(flat, HISTORY) is None
    assert find_second_step(flat, HISTORY, FIRST_STEP) is None


def test_a_month_where_the_rest_moved_too_is_no_revision_of_some_products() -> None:
    """The tyres +4% and the other products −1.2% the same month: +1.4% for the company, the
    tyres half of the sales, but the rest is not flat (−1.2%, the bar ``SECOND_REST`` 1%)."""
    factor = _two_steps(tyre=1.04, rest=0.988)
    table = _table(factor)
    first = find_step(table, HISTORY)
    assert first is not None and first.month == FIRST_STEP
    candidate = find_step(table, HISTORY, apart=first.month)  # what the search alone finds
    assert candidate is not None and candidate.month == SECOND_STEP
    assert candidate.moved is not None and abs(candidate.moved[3]) >= SECOND_REST
    assert candidate.size >= SECOND_MIN and candidate.moved[0] >= SECOND_SHARE
    assert find_second_step(table, HISTORY, first.month) is None


def test_a_step_on_under_a_third_of_the_sales_is_no_second_revision() -> None:
    """One tyre, nearly all of it sold in December (¥900 there, ¥5 the other months), the
    others ¥50 a month: 27% of the year's sales, two thirds of December's and January's. It
    rises +6%: +1.6% for the company, but on less than a third of the sales."""

    def amounts(product: str, month: pd.Period) -> float:
        if product == "tyre_a":
            return 900.0 if month.month == 12 else 5.0
        return 10.0 if product == "tyre_b" else 50.0

    def factor(product: str, month: pd.Period) -> float:
        f = 1.04 if month >= FIRST_STEP else 1.0
        return f * (1.06 if product == "tyre_a" and month >= SECOND_STEP else 1.0)

    table = _table(factor, amounts)
    share = _share(("tyre_a",), factor, amounts)
    assert 0.25 < share < SECOND_SHARE
    first = find_step(table, HISTORY)
    assert first is not None and first.month == FIRST_STEP
    candidate = find_step(table, HISTORY, apart=first.month)
    assert candidate is not None and candidate.month == SECOND_STEP
    assert candidate.size == pytest.approx(math.log(share * 1.06 + 1.0 - share), abs=1e-9)
    assert candidate.size >= SECOND_MIN
    assert find_second_step(table, HISTORY, first.month) is None


# --- the Review of the running year (FY2026) --------------------------------------------


def _history(tyre: float) -> History:
    """Three reps, five accounts each, one order a month of the products' lines (each
    account the same), the product months of those lines."""
    factor = _two_steps(tyre=tyre)

    def order(rep: str, i: int, month: pd.Period) -> list[tuple[pd.Timestamp, float, float]]:
        amount = sum(_tyre_season(p, month) * factor(p, month) for p in UNIT)
        quantity = sum(_tyre_season(p, month) / UNIT[p] for p in UNIT)
        return [(month.end_time.normalize(), amount, quantity)]

    h = rep_accounts("ABC", FIRST, len(HISTORY), order)
    return replace(h, product_months=_table(factor))


def test_the_review_takes_a_second_revision_in_the_year_off_the_reps() -> None:
    """Keeping score for FY2026: the 2025-04 step is the Plan's (found in the history to
    2025-12); the tyres' 2026-01 step is in the year's months. Its +1.5% was under the 2%
    bar and so every rep's own unit price; named, it is the price list's part."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1, as_of=date(2026, 12, 5))
    started = [pd.Period(f"2026-{m:02d}", freq="M") for m in range(1, 12)]
    for tyre in (1.0, 1.03):
        history = _history(tyre)
        ev = build_evidence(history, settings)
        step = ev.lever_evidence.price_step
        assert step is not None and step.month == FIRST_STEP and not step.declared
        move = math.log1p(like_for_like_change(history, started, list(ev.baseline_months)))
        share = _share(TYRES, _two_steps(tyre=tyre))
        own = math.log(share * (tyre - 1.0) + 1.0)  # the year's own move: the tyres' step
        assert move - step.carry == pytest.approx(own, abs=0.004)
        listed = _price_list_log(history, ev, started, 0.99)
        if tyre > 1.0:
            assert 0.01 < math.expm1(listed) < STEP_MIN  # under the bar, named all the same
            assert listed == pytest.approx(move - step.carry, abs=1e-12)
        else:
            assert listed == 0.0  # no revision in the year: nothing taken off
        if tyre > 1.0:
            # Typed on Settings, the revision is the manager's: the Plan plans it, the target
            # holds it, nothing is left to take off (the 2% bar stays).
            typed = replace(settings, price_revision=(str(SECOND_STEP), share * 0.03))
            ev_typed = build_evidence(history, typed)
            assert _price_list_log(history, ev_typed, started, 0.99) == 0.0
