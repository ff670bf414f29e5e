"""Products of different units in one quantity column (left50b; trial 50 fix50h).

A route shop's lines hold LPG in m³, 灯油 in litres and appliances in 台 under one 数量
header. Each product's own price (金額 ÷ 数量) is still right — the price index compares a
product with itself — but any reading of the quantity summed over products (the quantity per
order of core.swing, 金額÷数量 over all lines) adds m³ to litres to 台.

The rule, plainly: each product's ¥ per unit over its sales with a quantity (at least
``MIN_LINES`` lines); sorted, the products split where two neighbours differ the most. A gap
of ``MIXED_RATIO``× or more, each side holding ``MIN_SHARE`` of those sales or more, is two
kinds of unit (an appliance at ¥200,000 a 台 beside fuel at ¥500 a m³): one information line
names the products on either side. A catalogue of one unit spreads its prices without such a
gap. Nothing is changed: the line says which readings the mix touches.

Where the lines name their unit (a 単位 column beside 数量: 販売管理 exports often have one),
that column says it exactly, m³ beside litres too (5× apart, under the gap's 20×): two units
or more are one information line per table (``units_check``), and the gap's line is not said
besides.

**The quantity left out where it mixes units** (left50d; ``without_mixed_quantity``): when
either line is said, the orders' quantity is read as blank by every reading of the quantity
summed over products — the price per unit (amount ÷ quantity: the unit-price flag's per-unit
words, the plan's price measure and its step, the check of a declared revision against it),
the quantity per order (the plan's order size, the weather swing read in quantity) — which
then read revenue per order, as for a history without a quantity. Each product's own price
(``History.product_months``: the price index, a revision found by product) keeps its
quantity: a product is in one unit. The line says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from typing import Final

import numpy as np
import pandas as pd

from routekpi.contract import Check, normal_text
from routekpi.core.history import History
from routekpi.messages import fmt_yen
from routekpi.schema import QUANTITY_UNIT_HEADERS, normalize_label

MIXED_RATIO: Final = 20.0
MIN_SHARE: Final = 0.01
MIN_LINES: Final = 5
NAMED: Final = 3  # products named on each side, the largest sales first
PROBLEM: Final = "quantity_mixed_units"
UNITS_PROBLEM: Final = "quantity_units_column"
_UNIT_LABELS: Final = frozenset(map(normalize_label, QUANTITY_UNIT_HEADERS))
LISTED_UNITS: Final = 6


def unit_column(headers: Sequence[object], unread: Sequence[int]) -> int | None:
    """The first of the ``unread`` columns headed as a unit of quantity (単位, Unit …)."""
    return next((i for i in unread if normalize_label(headers[i]) in _UNIT_LABELS), None)


def unit_counts(cells: Iterable[object]) -> dict[str, int]:
    """The lines of each unit among a unit column's cells (as typed, spaces trimmed)."""
    counts: dict[str, int] = {}
    for cell in cells:
        unit = normal_text(str(cell)) if cell is not None else ""
        if unit and unit.lower() != "nan":
            counts[unit] = counts.get(unit, 0) + 1
    return counts


def units_check(label: str, column: str, counts: dict[str, int]) -> Check | None:
    """The information line of a unit column holding two units or more; None otherwise."""
    if len(counts) < 2:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    more = "…" if len(ranked) > LISTED_UNITS else ""
    listed = [(u, f"{n:,}") for u, n in ranked[:LISTED_UNITS]]
    params: dict[str, object] = {
        "source": label,
        "column": column,
        "count": len(counts),
        "units": "、".join(f"{u} {n}行" for u, n in listed) + more,
        "units_en": ", ".join(f"{u} ({n} lines)" for u, n in listed) + more,
    }
    return Check(label, None, column, None, UNITS_PROBLEM, params, "info")


def product_prices(product_months: pd.DataFrame) -> pd.DataFrame:
    """Each product's ¥ per unit, sales and lines from its months (``History.product_months``:
    both doors read it alike): the lines-weighted median of its monthly median prices (one
    sort of codes, no loop over a catalogue of thousands)."""
    pm = product_months[product_months["lines"].to_numpy(dtype=float) > 0]
    codes, names = pd.factorize(pm["product"], sort=False)
    price = pm["price"].to_numpy(dtype=float)
    lines = pm["lines"].to_numpy(dtype=float)
    order = np.lexsort((price, codes))
    c, p, w = codes[order], price[order], lines[order]
    totals = np.bincount(c, weights=w, minlength=len(names))
    starts = np.r_[0, np.flatnonzero(np.diff(c)) + 1]
    run = np.cumsum(w)
    before = run - np.repeat(run[starts] - w[starts], np.diff(np.r_[starts, len(c)]))
    # The first month of each product whose running lines reach half of its lines.
    reached = before >= totals[c] / 2
    first = np.full(len(names), -1, dtype=np.int64)
    hits = np.flatnonzero(reached)
    first[c[hits[::-1]]] = hits[::-1]
    revenue = np.bincount(codes, weights=pm["revenue"].to_numpy(dtype=float), minlength=len(names))
    return pd.DataFrame(
        {
            "product": np.asarray(names, dtype=object),
            "price": p[first],
            "revenue": revenue,
            "lines": totals.astype(np.int64),
        }
    )


def mixed_units_checks(history: History, label: str, said: Sequence[Check] = ()) -> list[Check]:
    """The information line when the order lines' products fall into two groups whose ¥ per
    unit differ ``MIXED_RATIO``× or more (none without products and quantities, nor when a
    unit column said it already among ``said``: ``units_check``)."""
    if any(c.problem == UNITS_PROBLEM for c in said):
        return []
    months = history.product_months
    if months is None or months.empty:
        return []
    said = mixed_units_check(product_prices(months), label)
    return [said] if said is not None else []


def mixed_units_check(prices: pd.DataFrame, label: str) -> Check | None:
    """``mixed_units_checks`` on each product's price, revenue and lines (``product_prices``)."""
    usable = prices[(prices["lines"] >= MIN_LINES) & (prices["price"] > 0)]
    if len(usable) < 2:
        return None
    price = usable["price"].to_numpy(dtype=float)
    order = np.argsort(price)
    gaps = np.diff(np.log(price[order]))
    at = int(np.argmax(gaps))
    ratio = float(np.exp(gaps[at]))
    amount = usable["revenue"].to_numpy(dtype=float)[order]
    low_share = float(amount[: at + 1].sum() / amount.sum()) if amount.sum() > 0 else 0.0
    if ratio < MIXED_RATIO or min(low_share, 1 - low_share) < MIN_SHARE:
        return None
    names = usable["product"].to_numpy(dtype=object)[order]
    prices_ = price[order]

    def listed(idx: np.ndarray, comma: str = "、") -> str:
        top = idx[np.argsort(-amount[idx], kind="stable")][:NAMED]
        more = "…" if len(idx) > NAMED else ""
        return comma.join(f"{names[i]} {fmt_yen(prices_[i])}" for i in top) + more

    low, high = np.arange(at + 1), np.arange(at + 1, len(order))
    params: dict[str, object] = {
        "source": label,
        "low": listed(low),
        "high": listed(high),
        "low_en": listed(low, ", "),
        "high_en": listed(high, ", "),
        "low_count": len(low),
        "high_count": len(high),
        "ratio": f"{ratio:,.0f}",
        "high_share": f"{1 - low_share:.1%}",
    }
    return Check(label, None, "", None, PROBLEM, params, "info")


def mixed_quantity(history: History, said: Sequence[Check]) -> bool:
    """Whether the order lines' quantity mixes units: a unit column holding two units or
    more (``units_check`` among ``said``), or products whose prices fall into two groups
    ``MIXED_RATIO``× apart (``mixed_units_checks``)."""
    if any(c.problem == UNITS_PROBLEM for c in said):
        return True
    return bool(mixed_units_checks(history, "", said))


def without_mixed_quantity(history: History, said: Sequence[Check]) -> History:
    """``history`` with the orders' quantity blank where it mixes units (``mixed_quantity``;
    module doc), else as it is. The rows' quantity is NaN (a blank cell), the compact
    history's sums 0 (blanks summed); ``product_months`` keeps each product's own."""
    if not mixed_quantity(history, said):
        return history
    orders = history.orders
    if "quantity" in orders.columns and len(orders):
        orders = orders.assign(quantity=np.nan)
    facts = history.facts
    if facts is not None:
        blank = {
            f.name: value.assign(quantity=0.0)
            for f in fields(facts)
            if isinstance(value := getattr(facts, f.name), pd.DataFrame)
            and "quantity" in value.columns
        }
        facts = replace(facts, **blank)
    return replace(history, orders=orders, facts=facts)
