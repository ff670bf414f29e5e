"""A product sold in the same month at prices far apart is priced by quote (trial 52 H2).

A housing-equipment wholesaler prices a unit bath's series code per 見積 by spec (grade
0.7–1.6): the code's lines in one month are priced far apart, and its month's median moves
~5% month to month on the spec mix, under the 10% that ``quote_priced`` read as a quote. Kept
in the like-for-like index, twelve such codes (58% of the sales) made a 「2026-03 +7.4%」
revision of the 年度末 project mix and hid TOTO's +8% on its consumables in 2025-10.

``core.price_index.spread_priced``: in its months with at least 4 lines, the middle spread
(log of the 75th over the 25th percentile of the lines' prices per unit) is 0.2 or more.

Hand book, 2022-12 … 2026-11: three list-priced products, one line a month each at ¥100 of
sales (pipe ¥1,000, fitting ¥500, valve ¥2,000 ×1.08 from 2025-10), and a bath sold four times
a month at ¥300,000 × (0.8, 1.0, 1.2, 1.6) × a month's mix: ×1.05 in the even months, ×1.0 the
odd ones (moves of 5%), ×1.25 in March (the 年度末 projects), one unit a line.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any, cast

import duckdb
import numpy as np
import pandas as pd

from routekpi.core.price_index import (
    QUOTE_SPREAD,
    find_step,
    list_priced,
    product_months,
    quote_priced,
    spread_priced,
)
from routekpi.sources.assemble import _product_months

FIRST = pd.Period("2022-12", freq="M")
MONTHS = [FIRST + i for i in range(48)]  # 2022-12 … 2026-11
REVISION = pd.Period("2025-10", freq="M")
GRADES = (0.8, 1.0, 1.2, 1.6)
# Quartiles of the four grades, linear between them: 0.95 and 1.3.
SPREAD = math.log(1.3 / 0.95)


def _mix(month: pd.Period) -> float:
    """The bath's month of spec mix (module doc)."""
    if month.month == 3:
        return 1.25
    return 1.05 if month.month % 2 == 0 else 1.0


def _orders() -> pd.DataFrame:
    """The hand book's order lines (module doc)."""
    rows: list[tuple[pd.Timestamp, float, float, str]] = []
    for month in MONTHS:
        day = month.to_timestamp() + pd.Timedelta(days=9)
        for product, unit in (("pipe", 1_000.0), ("fitting", 500.0), ("valve", 2_000.0)):
            price = unit * (1.08 if product == "valve" and month >= REVISION else 1.0)
            rows.append((day, 100.0, 100.0 / price, product))
        for grade in GRADES:
            rows.append((day, 300_000.0 * grade * _mix(month), 1.0, "bath"))
    return pd.DataFrame(rows, columns=["date", "amount", "quantity", "product"])


def test_spread_is_the_lines_quartiles_apart_in_both_doors() -> None:
    orders = _orders()
    table = product_months(orders)
    bath = table[table["product"] == "bath"]
    assert np.allclose(bath["spread"].to_numpy(dtype=float), SPREAD)
    assert (table.loc[table["product"] != "bath", "spread"] == 0.0).all()
    # The export's door (SQL) reads the same spread.
    con = duckdb.connect()
    con.register("lines", orders)
    loaded = cast(Any, SimpleNamespace(columns={"product": "商品コード"}))
    read = _product_months(con, "lines", loaded)
    assert read is not None
    merged = table.merge(read, on=["product", "month"], suffixes=("", "_sql"))
    assert len(merged) == len(table) == 4 * 48
    assert np.allclose(merged["spread"], merged["spread_sql"])
    assert np.allclose(merged["price"], merged["price_sql"])


def test_a_product_priced_far_apart_in_a_month_is_a_quote() -> None:
    table = product_months(_orders())
    assert SPREAD >= QUOTE_SPREAD
    # Its month's median moves 5% (and 19%–25% around March): under the month-to-month rule.
    assert spread_priced(table) == {"bath"} == quote_priced(table)
    listed = list_priced(table)
    assert listed is not None and set(listed["product"]) == {"pipe", "fitting", "valve"}
    # Without the spread (a table read before it), the bath is kept as a list price.
    assert quote_priced(table.drop(columns="spread")) == set()
    # Fewer than 4 lines a month: no spread is read.
    three = table.assign(lines=3)
    assert spread_priced(three) == set()


def test_the_list_prices_step_is_found_without_the_quotes_mix() -> None:
    table = product_months(_orders())
    step = find_step(table, MONTHS)
    assert step is not None
    assert step.month == REVISION
    # The valve's +8% on a third of the list-priced sales (equal sales each): the year's
    # sales at the new prices against the old, (1.08 + 1 + 1) / 3.
    assert math.isclose(step.size, math.log(3.08 / 3), rel_tol=1e-9)
    # Read with the bath, its mix is the index: March's ×1.25 and the 5% swings bury the step.
    mixed = find_step(table.drop(columns="spread"), MONTHS)
    assert mixed is None or mixed.month != REVISION
