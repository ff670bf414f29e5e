"""A sales export whose lines name the product (商品名, as 弥生販売's 売上明細 does) is read like
for like (core.price_index), so a one-off price rise nobody declared is a new level, not a
yearly trend, and no "recent growth" ceiling counts it as growth (trial 38 M2: the April 2026
+4% on 91% of sales read as 直近6か月の前年同期比 +7.8%, the largest reachable KGI from it).

The book: two reps (A, B), three accounts each, one slip a month per account from 2025-04 to
2026-11 (20 months, orders only via a CSV on the Sources sheet): three products, 1 unit of
唐揚げ粉 at ¥1,000, 2 of 炭酸水 at ¥500 and 1 of ビール at ¥2,000, every price ×1.04 from
2026-04 (rounded to the yen: ¥1,040, ¥520, ¥2,080). By hand: each product's price moves
log 1.04 = 3.92% in 2026-04 (+4.0%) and nothing in any other month; 12 months of changes
before it (May 2025 – April 2026 has the first change in May), eight after.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.workbook_files import csv_history, sources_or_pasted_book

HEADER = ["伝票日付", "伝票番号", "得意先名", "担当者名", "商品名", "数量", "金額"]
PRODUCTS = (
    ("業務用 唐揚げ粉 2kg", 1000, 1),
    ("ハイボール用 炭酸水 24本", 500, 2),
    ("ビール 樽", 2000, 1),
)


def _rows() -> list[list[object]]:
    rows: list[list[object]] = [HEADER]
    n = 0
    for m in pd.period_range("2025-04", "2026-11", freq="M"):
        up = 1.04 if m >= pd.Period("2026-04", freq="M") else 1.0
        for rep in "AB":
            for i in range(3):
                n += 1
                day = f"{m.year}/{m.month:02d}/{10 + i:02d}"
                for name, yen, q in PRODUCTS:
                    rows.append([day, f"S{n}", f"店{rep}{i}", rep, name, q, round(yen * up) * q])
    return rows


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("product_name")
    csv_history(folder, {"Orders": _rows()})
    return sources_or_pasted_book(folder / "book.xlsm", None, 10_000_000, 2027, ("Orders",))


def test_the_product_name_column_finds_the_undeclared_rise_by_hand(book: Path) -> None:
    computed, _ = compute_file(book)
    ev = computed.result.evidence
    table = ev.lever_evidence
    assert table is not None
    step = table.price_step
    assert step is not None and str(step.month) == "2026-04" and step.products == 3
    assert step.size == pytest.approx(math.log(1.04), abs=1e-12)
    # All three products rose: the line says so, with no "the rest" (price_index.step_code).
    assert any(n.code == "price_step_products_all" for n in ev.notes)
    # The short history's revenue ceiling reads every month at the new prices: the last six
    # months (June – November 2026) against the same six a year before, no growth at all.
    cap = table.revenue_cap
    assert cap is not None and cap.basis == "half"
    assert cap.best == pytest.approx(0.0, abs=1e-12)
    # As booked those months are log 1.04 up (every slip ¥4,160 against ¥4,000): the Plan
    # says how much of that recent growth the step was.
    note = next(n for n in ev.notes if n.code == "recent_growth_step_half")
    assert (note.params["booked"], note.params["without"]) == ("+4.0%", "+0.0%")
    assert note.params["steps"] == "2026-04 +4.0%"
    words = text("recent_growth_step_half", "ja", **note.params)
    assert words.startswith("直近6か月の売上の前年同期比は記帳どおりでは+4.0%ですが")
