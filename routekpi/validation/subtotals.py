"""Subtotal rows in an export: 小計, 合計 … where an account or a rep belongs.

An ERP report pasted as history often carries one subtotal line per rep and month (a date,
the rep, 小計 as the customer and the month's sum). Read as an order, it doubles the revenue
with no error. Such a line is not dropped (nothing the user typed is changed): a critical
check names it and what it adds, so the user removes the lines from the export.

A grand-total line at the end of an export (trial 19: 合計 in the date column, the account and
rep blank, the sums in the amount columns) can never be read as an order: it would be left
out anyway, as three error rows (not a date, two blanks). It is one info row instead
(``total_rows_check``), both on a pasted sheet and from a file (``sources.tabular``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from routekpi.contract import Check, fold
from routekpi.core.history import History
from routekpi.messages import fmt_yen
from routekpi.schema import ORDERS, normalize_label

# The labels, folded (NFKC, lower case) and without spaces or the brackets around them.
SUBTOTAL_LABELS = frozenset(
    ("小計", "合計", "総計", "総合計", "中計", "計", "total", "subtotal", "grandtotal", "sum")
)
# A month's subtotal: 4月計, ４月合計, 2026年4月小計, 月計 (trial 21: 4月計 rows were two
# 必須項目 errors each). The month in front is dropped, then the label is one of the above.
_MONTH_PREFIX = re.compile(r"^(?:\d{4}年)?\d{1,2}月(?=.)")
_MONTH_LABELS = frozenset(("月計", "月合計", "月小計"))
# Around a label, after folding (NFKC has made （）＜＞＊－＝： and the ideographic space ASCII).
_AROUND = "【】[]()<>《》*※・:-= "
# Row numbers the total-rows line names (as ``tables.LISTED_ROWS``: enough to find them).
TOTAL_ROWS_LISTED = 5


def is_subtotal(value: object) -> bool:
    """True for a text that is only a subtotal label (「小計」, ＊合計＊, Grand Total, 4月計)."""
    if not isinstance(value, str):
        return False
    if value.isascii() and value.isalnum():
        # An account code (C00123, 001016: ~19,000 of them at 1M lines) folds to its lower
        # case (NFKC and the strips leave ASCII letters and digits alone; no month label is
        # ASCII): the set lookup without the Unicode fold.
        return value.lower() in SUBTOTAL_LABELS
    label = fold(value).strip(_AROUND).replace(" ", "")
    if label in SUBTOTAL_LABELS or label in _MONTH_LABELS:
        return True
    return _MONTH_PREFIX.sub("", label) in SUBTOTAL_LABELS


def total_rows_check(sheet: str, rows: Sequence[int], column: str, value: object) -> Check:
    """The one info row for the lines left out as totals: a label (``is_subtotal``) in one of
    their cells and a required value missing or unreadable. ``rows``: their row or line
    numbers, ascending; ``column`` and ``value``: where the first one's label is."""
    listed = ", ".join(str(int(r)) for r in rows[:TOTAL_ROWS_LISTED])
    listed += " …" if len(rows) > TOTAL_ROWS_LISTED else ""
    params = {"value": value, "count": len(rows), "rows": listed}
    return Check(sheet, int(rows[0]), column, value, "total_rows_skipped", params, "info")


def repeats_header(values: Sequence[object], names: Sequence[object]) -> bool:
    """A row that repeats its header: each read column's cell holds that column's header
    text (``names``; width and case folded), all of them or all but one and at least two."""
    folded = [normalize_label(n) for n in names]
    same = sum(1 for v, n in zip(values, folded, strict=True) if n and normalize_label(v) == n)
    return same >= max(min(2, len(folded)), len(folded) - 1)


def header_repeats_check(sheet: str, rows: Sequence[int], column: str) -> Check:
    """The one info row for rows that repeat the header (pasted twice, or one export pasted
    below another with its header): not data, not counted among the rows left out."""
    listed = ", ".join(str(int(r)) for r in rows[:TOTAL_ROWS_LISTED])
    listed += " …" if len(rows) > TOTAL_ROWS_LISTED else ""
    params = {"count": len(rows), "rows": listed}
    return Check(sheet, int(rows[0]), column, None, "header_repeats_skipped", params, "info")


def _subtotals(values: pd.Series) -> np.ndarray:
    """``values.map(is_subtotal)`` as a mask, from the column's list (``tolist``): ~19,000
    account codes at 1M lines, half the time of ``Series.map`` over the Arrow text."""
    return np.array([is_subtotal(v) for v in values.tolist()], dtype=bool)


def subtotal_checks(history: History, source: str = ORDERS.name) -> list[Check]:
    """A critical check per account or rep of the orders named like a subtotal, with the
    revenue its lines add (from the raw rows or the compact facts alike)."""
    found: list[tuple[str, str, float]] = []  # (column, value, revenue)
    facts = history.facts
    if facts is None:
        orders = history.orders
        for column in ("account", "rep"):
            values = pd.Series(orders[column].unique()).dropna().astype(str)
            for value in values[_subtotals(values)]:
                lines = orders[column].astype(str) == value
                found.append((column, value, float(orders.loc[lines, "amount"].sum())))
    else:
        reps = facts.rep_months.groupby("rep", observed=True)["revenue"].sum()
        found += [("rep", str(r), float(v)) for r, v in reps.items() if is_subtotal(str(r))]
        accounts = pd.Series(facts.lifetimes["account"].astype(str).unique())
        months = facts.account_months
        for value in accounts[_subtotals(accounts)]:
            revenue = (
                float(months.loc[months["account"].astype(str) == value, "revenue"].sum())
                if months is not None
                else np.nan
            )
            found.append(("account", value, revenue))
    checks = []
    for column, value, revenue in found:
        # The compact facts of a file hold no yen per account: then said without the sum.
        known = bool(np.isfinite(revenue))
        problem = "subtotal_rows" if known else "subtotal_rows_any"
        params = {"value": value, **({"revenue": fmt_yen(revenue)} if known else {})}
        checks.append(Check(source, None, column, value, problem, params, "critical"))
    return checks
