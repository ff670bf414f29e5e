"""Prices like for like (core.price_index; trial 32 M1): each product against itself.

Hand-computed cases: a mix that moves toward the dear product with no price changed finds
nothing; every product ×1.04 from one month is found there at log 1.04; a jump below the
bar (2%, or four times the index's usual movement), a yearly staircase and a spike that
falls back are not. And a workbook written with a 商品コード column beside 数量 and read
back: the Plan and the Checks say the revision found, and the trend no longer repeats it.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.price_index import (
    STEP_MIN,
    STEP_NOISE,
    IndexStep,
    find_step,
    level_change,
    month_change,
    monthly_changes,
    moved_share,
    product_months,
    sized_change,
    step_code,
    step_words,
    weighted_median,
)
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, ORDERS, PLAN
from tests.workbook_files import fold_checks, paste, template_book

FIRST = pd.Period("2022-04", freq="M")
MONTHS = [FIRST + i for i in range(48)]  # 2022-04 … 2026-03


def _table(price: dict[str, list[float]], revenue: dict[str, list[float]]) -> pd.DataFrame:
    """PRODUCT_MONTH_COLUMNS from per-product month lists (index i: MONTHS[i])."""
    rows = [
        (p, MONTHS[i], price[p][i], revenue[p][i], 1)
        for p in price
        for i in range(len(MONTHS))
        if revenue[p][i] > 0
    ]
    return pd.DataFrame(rows, columns=["product", "month", "price", "revenue", "lines"])


def _lines(prices: dict[str, float], quantity: dict[str, list[int]], step=None) -> pd.DataFrame:
    """Order lines, one per product and month: ``quantity[p][i]`` units at ``prices[p]``
    (× ``step[1]`` from month ``step[0]`` on)."""
    rows = []
    for i, m in enumerate(MONTHS):
        for p, yen in prices.items():
            factor = step[1] if step is not None and m >= step[0] else 1.0
            q = quantity[p][i]
            rows.append((m.start_time + pd.Timedelta(days=9), p, float(q), round(yen * factor) * q))
    return pd.DataFrame(rows, columns=["date", "product", "quantity", "amount"])


def test_weighted_median_by_hand() -> None:
    assert weighted_median(np.array([0.0, 0.04]), np.array([1.0, 3.0])) == 0.04
    assert weighted_median(np.array([0.04, 0.0]), np.array([3.0, 1.0])) == 0.04
    assert weighted_median(np.array([0.0, 0.04]), np.array([1.0, 1.0])) == pytest.approx(0.02)
    assert weighted_median(np.array([0.0, 0.01, 0.04]), np.array([1.0, 1.0, 1.0])) == 0.01


def test_a_mix_moving_to_the_dear_product_is_no_price_change() -> None:
    """Two products, ¥100 and ¥1,000, never repriced; the cheap one's quantity falls from 90
    to 10 a month over the four years and the dear one's rises from 10 to 90. Amount ÷
    quantity goes from (9,000 + 10,000) ÷ 100 = ¥190 to (1,000 + 90,000) ÷ 100 = ¥910, but
    each product's price is the same every month: every month's change is 0, no step."""
    n = len(MONTHS)
    cheap = [round(90 - 80 * i / (n - 1)) for i in range(n)]
    dear = [100 - c for c in cheap]
    lines = _lines({"A": 100, "B": 1000}, {"A": cheap, "B": dear})
    first, last = lines[lines["date"] < "2022-05"], lines[lines["date"] >= "2026-03"]
    assert first["amount"].sum() / first["quantity"].sum() == 190
    assert last["amount"].sum() / last["quantity"].sum() == 910
    table = product_months(lines)
    assert list(table["product"].unique()) == ["A", "B"] and len(table) == 2 * n
    # Two products: fewer than MIN_PRODUCTS (3), no month read at all.
    changes, counts = monthly_changes(table, MONTHS)
    assert np.isnan(changes).all() and (counts[1:] == 2).all()
    assert find_step(table, MONTHS) is None
    # A third product, ¥5,000, 5 a month: every month's change is read and is 0.
    lines = _lines({"A": 100, "B": 1000, "C": 5000}, {"A": cheap, "B": dear, "C": [5] * n})
    changes, counts = monthly_changes(product_months(lines), MONTHS)
    assert (changes[1:] == 0).all() and (counts[1:] == 3).all()
    assert find_step(product_months(lines), MONTHS) is None


def test_a_uniform_rise_is_found_at_its_month_with_its_size() -> None:
    """Three products at ¥100, ¥1,000, ¥5,000, each ×1.04 from 2025-02 (rounded to the yen:
    ¥104, ¥1,040, ¥5,200, exactly ×1.04), quantities swinging with the month: the index
    moves only in 2025-02, by log 1.04; held (the year after against the year before:
    log 1.04 too). The size a revision declared there would be checked against: log 1.04;
    a month early, the 6 months from it hold 5 at the new prices: log 1.04 × 5/6."""
    n = len(MONTHS)
    swing = [(i % 5) + 1 for i in range(n)]
    quantity = {
        "A": [90 * s for s in swing],
        "B": [10 + s for s in swing],
        "C": [6 - s for s in swing],
    }
    at = pd.Period("2025-02", freq="M")
    table = product_months(_lines({"A": 100, "B": 1000, "C": 5000}, quantity, (at, 1.04)))
    step = find_step(table, MONTHS)
    assert step is not None
    assert step.month == at and step.size == pytest.approx(math.log(1.04))
    assert step.held == pytest.approx(math.log(1.04)) and step.noise == 0 and step.products == 3
    assert level_change(table, MONTHS, at) == pytest.approx(math.log(1.04))
    assert level_change(table, MONTHS, at - 1) == pytest.approx(math.log(1.04) * 5 / 6)
    # Read to 2025-04 only, two months after it (fewer than STEP_AFTER = 3): not yet.
    assert find_step(table, [m for m in MONTHS if m <= at + 2]) is None
    assert find_step(table, [m for m in MONTHS if m <= at + 3]) is not None


def test_moves_below_the_bar_a_staircase_and_a_spike_are_no_step() -> None:
    """Three products moving alike, so each month's change is exactly the one set:
    - +1.5% once (below STEP_MIN, 2%): none;
    - +3% once among months moving +1%, −1% by turns: their robust spread is 1.4826 × 1% and
      the bar four times that, 5.9%: none (+7% there is found: 7% > 5.9%);
    - +3% every February (a yearly rise, a trend): none;
    - +5% for one month, back the next: it does not hold (the year after it against the year
      before moves by 5% ÷ 12): none."""
    n = len(MONTHS)
    at = MONTHS.index(pd.Period("2025-02", freq="M"))

    def table_of(step: list[float]) -> pd.DataFrame:
        level = np.exp(np.cumsum(step))
        price = {p: list(base * level) for p, base in (("A", 100.0), ("B", 1000.0), ("C", 5000.0))}
        return _table(price, {p: [1000.0] * n for p in price})

    once = [0.0] * n
    once[at] = math.log(1.015)
    assert math.log(1.015) < STEP_MIN and find_step(table_of(once), MONTHS) is None
    noisy = [0.0] + [0.01 if i % 2 else -0.01 for i in range(1, n)]
    noisy[at] = 0.03
    assert STEP_NOISE * 1.4826 * 0.01 > 0.03 and find_step(table_of(noisy), MONTHS) is None
    noisy[at] = 0.07
    found = find_step(table_of(noisy), MONTHS)
    assert found is not None and found.month == MONTHS[at] and found.size == pytest.approx(0.07)
    assert found.noise == pytest.approx(1.4826 * 0.01)
    stairs = [math.log(1.03) if m.month == 2 and i else 0.0 for i, m in enumerate(MONTHS)]
    assert find_step(table_of(stairs), MONTHS) is None
    spike = [0.0] * n
    spike[at], spike[at + 1] = math.log(1.05), -math.log(1.05)
    assert find_step(table_of(spike), MONTHS) is None


# --- a workbook with the product column, written and read back -------------------------------

REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)
STEP = pd.Period("2025-06", freq="M")
PRICES = {"P100": 100, "P200": 1000, "P300": 5000}


def _order_rows() -> list[list[object]]:
    """Five accounts a rep, one slip a month of three lines (one per product); the slip's mix
    swings with the month (the cheap product's quantity 20 … 100, the dear one's 5 … 1), so
    amount ÷ quantity swings far more than the +4% every product's price takes in 2025-06."""
    rows: list[list[object]] = []
    slip = 0
    for t, month in enumerate(MONTHS):
        day = month.start_time.date().replace(day=10)
        k = t % 5
        mix = {"P100": 20 * (k + 1), "P200": 10, "P300": 5 - k}
        for rep in REPS:
            for i in range(5):
                slip += 1
                for product, yen in PRICES.items():
                    price = round(yen * 1.04) if month >= STEP else yen
                    q = mix[product]
                    rows.append([day, f"{rep}{i}", rep, price * q, q, f"S{slip}", product])
    return rows


def _book(path: Path, with_product: bool) -> Path:
    rows = _order_rows()
    accounts = [[f"{r}{i}", f"{r}{i}", r, date(2022, 4, 1)] for r in REPS for i in range(5)]
    with template_book(path, kgi=1.0, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        ws = wb["Orders"]
        width = ws.max_column
        assert [c.value for c in ws[1]][:width] == [c.ja for c in ORDERS.columns if c.laid_out]
        if with_product:
            ws.cell(1, width + 1, "商品コード")  # the contract's header (schema: product)
        paste(wb, "Orders", [r if with_product else r[:-1] for r in rows])
        paste(wb, "Accounts", accounts)
    return path


def _read(path: Path) -> tuple[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    plan_tab = PLAN.ja if PLAN.ja in wb.sheetnames else PLAN.name
    checks_tab = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    plan = "".join(str(v) for row in wb[plan_tab].iter_rows(values_only=True) for v in row if v)
    checks = fold_checks([list(r) for r in wb[checks_tab].iter_rows(values_only=True)][1:])
    return plan, checks


def test_a_workbook_with_the_product_column_says_the_revision_found(tmp_path: Path) -> None:
    """Written with 商品コード beside 数量 and 受注番号, read back: the Plan and the Checks say
    「価格改定 2025-06 +4.0%(同じ商品どうしの比較で見つけました)」 with its three products
    and the three of the baseline's months before it brought to the new prices (+1.0%).
    Without the column: no such line."""
    path = _book(tmp_path / "products.xlsm", with_product=True)
    recalculate(path)
    plan, checks = _read(path)
    lead = "価格改定 2025-06 +4.0%(同じ商品どうしの比較で見つけました)"
    assert lead in plan
    # Every product rose 4%: all moved, no "the rest" clause; the team's mean is the +4.0%.
    assert "(3品目すべてが動き、売上で重み付けした平均+4.0%)" in plan
    assert "売上の100%(3品目中3品目)" not in plan and "残りは+0.0%" not in plan
    assert "基準期間12か月のうち改定前の3か月を新しい価格に揃え(+1.0%)" in plan
    assert any(lead in str(r[4]) for r in checks)
    assert not any("商品コード" in str(r[4]) and "使いません" in str(r[4]) for r in checks)
    bare = _book(tmp_path / "bare.xlsm", with_product=False)
    recalculate(bare)
    plan, _ = _read(bare)
    assert lead not in plan and "同じ商品どうし" not in plan


# --- trial 42 H2: a rise on one product group, sized for the team ---------------------------


def _groups(moved: float, rest: float) -> pd.DataFrame:
    """Ten products at ¥1,000, each ¥10,000 of revenue a month: six are fertilizer (60% of
    the revenue), four the rest (40%). From
    2025-02 the six's prices are × ``moved`` and the four's × ``rest`` (revenue as priced)."""
    at = MONTHS.index(pd.Period("2025-02", freq="M"))
    price: dict[str, list[float]] = {}
    revenue: dict[str, list[float]] = {}
    for j in range(10):
        factor, amount = (moved, 10000.0) if j < 6 else (rest, 10000.0)
        price[f"P{j}"] = [1000.0 * (factor if i >= at else 1.0) for i in range(len(MONTHS))]
        revenue[f"P{j}"] = [amount * price[f"P{j}"][i] / 1000.0 for i in range(len(MONTHS))]
    return _table(price, revenue)


def test_a_rise_on_60_percent_of_the_revenue_is_its_share_for_the_team() -> None:
    """Fertilizer (60% of the revenue the month before) +12%, the rest unchanged: the month
    before's sales cost 0.6 × 1.12 + 0.4 × 1 = 1.072 at the new prices, +7.2% for the team
    (the weighted median, which still finds the month, is +12%). The Plan's words: 60% of
    the revenue (6 of 10 products) +12.0%, the rest +0.0%. A revision typed there is
    checked against +7.2% (6 months at ×1.072 against 6 before), and so is a month's own."""
    at = pd.Period("2025-02", freq="M")
    table = _groups(1.12, 1.0)
    step = find_step(table, MONTHS)
    assert step is not None and step.month == at
    assert monthly_changes(table, MONTHS)[0][MONTHS.index(at)] == pytest.approx(math.log(1.12))
    assert step.size == pytest.approx(math.log(1.072))
    assert step.moved == pytest.approx((0.6, 6, math.log(1.12), 0.0))
    words = step_words(step)
    assert (words["moved_share"], words["moved_products"]) == ("60%", 6)
    assert (words["moved_size"], words["rest_size"], words["products"]) == ("+12.0%", "+0.0%", 10)
    assert level_change(table, MONTHS, at) == pytest.approx(math.log(1.072))
    assert month_change(table, MONTHS, at) == pytest.approx(math.log(1.072))


def test_every_product_up_5_percent_is_5_percent() -> None:
    """All ten products +5%: +5% by the mean as by the median, all of the revenue moved."""
    step = find_step(_groups(1.05, 1.05), MONTHS)
    assert step is not None
    assert step.size == pytest.approx(math.log(1.05))
    assert monthly_changes(_groups(1.05, 1.05), MONTHS)[0][34] == pytest.approx(step.size)
    assert step.moved == pytest.approx((1.0, 10, math.log(1.05), 0.0))
    assert step_code(step, "price_step_products") == "price_step_products_all"


def test_one_product_s_odd_price_is_held_to_the_5_95_percent_of_revenue() -> None:
    """Twenty products of equal revenue; nineteen +5%, one (5% of the revenue) read ×10 (a
    quantity typed in cases): its change is held at the 5% and 95% of revenue's change, +5%,
    so the team's is +5%, where the plain mean would be 0.95 × 1.05 + 0.05 × 10 = ×1.4975."""
    d = np.array([math.log(1.05)] * 19 + [math.log(10.0)])
    w = np.ones(20)
    assert sized_change(d, w) == pytest.approx(math.log(1.05))
    # Two groups: clipping stays inside each, the 60/40 mean is kept.
    d = np.array([math.log(1.12)] * 6 + [0.0] * 4)
    assert sized_change(d, np.ones(10)) == pytest.approx(math.log(1.072))


def test_who_moved_is_sized_on_the_changes_the_step_is_sized_on() -> None:
    """Twenty products of equal revenue (¥10,000 each the month before, 5% each); from
    2025-02 eleven rise 12%, one is read ×10 (a quantity typed in cases), eight stay. The
    step is held within the 5–95% of revenue: the odd one counts as +12%, the team's change
    is 0.60 × 1.12 + 0.40 × 1 = ×1.072 (+7.2%). Who moved: 60% of the revenue (12 of 20
    products) at +12.0% (not their unclipped ×(11 × 1.12 + 10) ÷ 12 = +86.0%), the rest
    +0.0%: 60% × 12.0% + 40% × 0.0% = 7.2%, the step the same line says."""
    at = MONTHS.index(pd.Period("2025-02", freq="M"))
    factor = [1.12] * 11 + [10.0] + [1.0] * 8
    price = {
        f"P{j:02}": [1000.0 * (f if i >= at else 1.0) for i in range(len(MONTHS))]
        for j, f in enumerate(factor)
    }
    revenue = {p: [10.0 * yen for yen in price[p]] for p in price}
    table = _table(price, revenue)
    size = math.log(1.072)
    assert monthly_changes(table, MONTHS, sized=True)[0][at] == pytest.approx(size)
    share, products, moved, rest = moved_share(table, MONTHS, MONTHS[at], size)
    assert (share, products) == (pytest.approx(0.6), 12)
    assert (moved, rest) == (pytest.approx(math.log(1.12)), pytest.approx(0.0, abs=1e-12))
    assert share * math.expm1(moved) + (1 - share) * math.expm1(rest) == pytest.approx(
        math.expm1(size)
    )


def test_a_step_whose_split_was_not_read_says_no_split() -> None:
    """The split into who moved and the rest not read (``moved`` None): the line says the
    products' revenue-weighted mean, not 「売上の100%(N品目中N品目)」, and no rest."""
    step = IndexStep(pd.Period("2025-02", freq="M"), math.log(1.04), 0.002, 0.03, 7)
    code = step_code(step, "price_step_products")
    words = step_words(step)
    assert code == "price_step_products_whole" and "moved_share" not in words
    said = text(
        code,
        "ja",
        **words,
        month="2025-02",
        size="+4.0%",
        months=12,
        old=3,
        carry="+1.0%",
        kpi="取引単価",
        trend="+1.0%",
        replaced="+4.0%",
    )
    assert "2025-02に+4.0%変わり(7品目の売上で重み付けした平均)、その後も" in said
    assert "売上の100%" not in said and "残りは" not in said
    split = IndexStep(step.month, step.size, 0.002, 0.03, 7, (0.5, 3, math.log(1.08), 0.0))
    assert step_code(split, "price_step_products") == "price_step_products"
