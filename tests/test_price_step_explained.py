"""A revision on part of the products, found like for like and said so (trial 44 L1).

Trial 44: beer (47% of the revenue) +8% from 2025-10, the rest unchanged. The products'
weighted median change that month is 0 (less than half of the revenue moved), so the like-for-
like index found nothing and the team's amount ÷ quantity found +4.5% (moved by the mix)
where the team's step is 0.53 + 0.47 × 1.08 = +3.8%. Here, by hand: 40% of the revenue +8%,
the rest flat, is found at its month at 0.6 + 0.4 × 1.08 = 1.032; one small product's odd
price is still no revision. And a workbook whose revision is before the baseline says so in
one line, and the trend it would read with the revision left in is said as that (not "if
read as a yearly rise", which was the lower number there).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.price_index import find_step, monthly_changes, step_words
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, PLAN
from tests.workbook_files import fold_checks, paste, template_book

FIRST = pd.Period("2022-04", freq="M")
MONTHS = [FIRST + i for i in range(48)]  # 2022-04 … 2026-03


def _table(rise: dict[str, float], at: pd.Period) -> pd.DataFrame:
    """Ten products at ¥1,000, each ¥10,000 of revenue a month before ``at``; from ``at`` on
    product p's price is × ``rise[p]`` (1 where not named), its revenue as priced."""
    rows = []
    for j in range(10):
        p = f"P{j}"
        for m in MONTHS:
            factor = rise.get(p, 1.0) if m >= at else 1.0
            rows.append((p, m, 1000.0 * factor, 10000.0 * factor, 1))
    return pd.DataFrame(rows, columns=["product", "month", "price", "revenue", "lines"])


def test_a_rise_on_40_percent_of_the_revenue_is_found_and_sized() -> None:
    """Four of ten products (40% of the revenue) +8% from 2025-06: the weighted median of the
    products' changes is 0 that month (60% did not move), yet the step is found there at
    0.6 + 0.4 × 1.08 = 1.032 (+3.2%), 40% (4 of 10 products) +8.0%, the rest +0.0%."""
    at = pd.Period("2025-06", freq="M")
    table = _table({f"P{j}": 1.08 for j in range(4)}, at)
    assert monthly_changes(table, MONTHS)[0][MONTHS.index(at)] == 0.0  # the median misses it
    step = find_step(table, MONTHS)
    assert step is not None and step.month == at
    assert step.size == pytest.approx(math.log(1.032))
    assert step.moved == pytest.approx((0.4, 4, math.log(1.08), 0.0))
    words = step_words(step)
    assert (words["moved_share"], words["moved_size"], words["rest_size"]) == (
        "40%",
        "+8.0%",
        "+0.0%",
    )


def test_one_small_product_s_odd_price_is_still_no_revision() -> None:
    """One product of ten at a third of the others' revenue (¥3,333 of ¥93,333: 3.6%, under
    the 5% the sizing holds each change within) ×1.5 from 2025-06: its change is held to the
    95% of revenue's, 0, so the sized change is 0 and no revision is found."""
    at = pd.Period("2025-06", freq="M")
    table = _table({"P9": 1.5}, at)
    small = table["product"] == "P9"
    table.loc[small, "revenue"] = table.loc[small, "revenue"] / 3.0
    assert monthly_changes(table, MONTHS, sized=True)[0][MONTHS.index(at)] == 0.0
    assert find_step(table, MONTHS) is None


REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)  # plan year 2026 (April): the baseline 2025-04 … 2026-03
QUANTITY = {"P1": 4, "P2": 3, "P3": 3}  # at ¥1,000: P1 40% of the revenue


def _book(path: Path, step: pd.Period) -> Path:
    """Five accounts a rep, one slip a month: P1 ×4, P2 ×3, P3 ×3 at ¥1,000; P1 ¥1,080 from
    ``step`` on (40% of the revenue +8%: the team's step is +3.2%)."""
    rows: list[list[object]] = []
    slip = 0
    for month in MONTHS:
        day = month.start_time.date().replace(day=10)
        for rep in REPS:
            for i in range(5):
                slip += 1
                for product, q in QUANTITY.items():
                    price = 1080 if product == "P1" and month >= step else 1000
                    rows.append([day, f"{rep}{i}", rep, price * q, q, f"S{slip}", product])
    accounts = [[f"{r}{i}", f"{r}{i}", r, date(2022, 4, 1)] for r in REPS for i in range(5)]
    with template_book(path, kgi=1.0, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        ws = wb["Orders"]
        ws.cell(1, ws.max_column + 1, "商品コード")
        paste(wb, "Orders", rows)
        paste(wb, "Accounts", accounts)
    return path


def _read(path: Path) -> tuple[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    plan_tab = PLAN.ja if PLAN.ja in wb.sheetnames else PLAN.name
    checks_tab = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    plan = "".join(str(v) for row in wb[plan_tab].iter_rows(values_only=True) for v in row if v)
    checks = fold_checks([list(r) for r in wb[checks_tab].iter_rows(values_only=True)][1:])
    return plan, checks


def test_a_revision_before_the_baseline_is_said_in_one_line(tmp_path: Path) -> None:
    """The revision in 2024-06, the baseline 2025-04 … 2026-03 all after it: the Plan and the
    Checks say 「2024-06 の価格改定(+3.2%)は基準期間より前で、基準はすべて新価格です」 and the
    price's trend without it (nothing else moved: +0.0%), not the long note's "0 months
    before it brought to the new prices"; the trend with it left in is said as that."""
    path = _book(tmp_path / "before.xlsm", pd.Period("2024-06", freq="M"))
    recalculate(path)
    plan, checks = _read(path)
    lead = "2024-06 の価格改定(+3.2%)は基準期間より前で、基準はすべて新価格です。"
    assert lead in plan
    assert "取引単価の傾向は改定を除いて+0.0%です(改定を分けずに過去1年ごとの伸びから読めば" in plan
    assert "改定前の0か月" not in plan and "毎年の伸びと読めば" not in plan
    assert any(lead in str(r[4]) for r in checks)


def test_a_revision_in_the_baseline_keeps_the_long_note(tmp_path: Path) -> None:
    """The same revision in 2025-10: 7 of the baseline's 12 months (2025-03 … 2026-02) before
    it, brought to the new prices; the orders the same each month, so the baseline's price is
    7 months at 1 ÷ 1.032 of the plan year's and 5 at it: carry
    12 ÷ (7 ÷ 1.032 + 5) = 1.0184 (+1.8%), the trend with nothing else moving +1.8% too. The
    like-for-like line says 40% (1 of 3 products) +8.0% and the team's +3.2%; no
    before-the-baseline line."""
    path = _book(tmp_path / "inside.xlsm", pd.Period("2025-10", freq="M"))
    recalculate(path)
    plan, _ = _read(path)
    assert "価格改定 2025-10 +3.2%(同じ商品どうしの比較で見つけました)" in plan
    assert "売上の40%(3品目中1品目)が+8.0%、残りは+0.0%" in plan
    assert "基準期間12か月のうち改定前の7か月を新しい価格に揃え(+1.8%)" in plan
    assert "取引単価の傾向は+1.8%です(改定を分けずに過去1年ごとの伸びから読めば" in plan
    assert "基準期間より前で" not in plan
