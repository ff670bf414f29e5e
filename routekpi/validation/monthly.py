"""Monthly summaries and count-of-orders columns on the order input (trial 50 H2, M3, M8).

An older system often exports sales as a monthly summary: one row per customer × month (×
product category), the month in a 年月 column (`2021/04`), the deliveries in 配送回数. Read
as order lines each row was one order, so orders, orders per visit and unit price stepped at
the switch to the newer system's delivery lines (trial 50: ¥32k an "order" before, ¥24k
after; every rep's unit-price outlook −15.7% where the true ¥/slip rose).

The rules, plainly:

- A table (a sheet, a file of a stack) is a **monthly summary** when every date it holds is
  typed as a month alone (`2021/04`, `2021年4月`, 202104: ``cells.month_only``), or its date
  column is headed as a month (``schema.MONTH_HEADERS``: 年月 …) and every date is a 1st. Its
  rows are dated on the month's 1st and marked (``MONTH_ROW_KEY``): the checks that read a
  weekday or a day of the month from order dates (Saturdays with orders, days off, assumed
  company holidays, a start date after the first order) leave them out.
- A **count-of-orders column** (``schema.ORDER_COUNT``: 配送回数, 件数 …) makes a row of N > 1
  orders N order rows, its amount split in whole yen (the first takes the remainder) and its
  quantity evenly: every reader that counts orders as rows with an amount above 0 (the one
  rule of core.measure) counts N. A row without a count, a return (amount ≤ 0) or a count
  below 1 stays one row, as before. The split comes after repeated lines and a slip's lines
  are read (its equal parts are no repeats).
- A monthly summary without a count column is said on Checks (a warning naming the table and
  the headers to add): its rows are counted as one order each, so orders and unit price
  before the switch are not comparable with the lines after it.
- A **bare count** (``schema.ORDER_COUNT_GENERIC``: 件数, 回数, Count) says nothing of what it
  counts: on daily lines it is pieces or a slip's lines as often as orders (review50b). It
  is read only on a monthly summary's rows; on any other row it is left unread, with a
  warning naming the column when it would have changed the orders (left50b). The specific
  headers (配送回数, 伝票枚数, Deliveries …) count orders on any table.
- A stacked summary file has no slip number and no product by nature (``NOT_IN_SUMMARY``):
  its "column missing" lines are information, not a column to add (sources.assemble).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.messages import text
from routekpi.schema import (
    MONTH_HEADERS,
    ORDER_COUNT,
    ORDER_COUNT_GENERIC,
    ORDER_COUNT_KEY,
    normalize_label,
)
from routekpi.validation.cells import DayNote, month_only, parse_date_column, six_digits

# The marker column of a monthly summary's rows (kept beside the canonical columns until the
# day checks have run; never in the engine's History).
MONTH_ROW_KEY: Final = "_month_row"
MONTHLY_PROBLEM: Final = "monthly_summary"
# The order columns a monthly summary has by nature none of (one row per customer × month):
# a stacked summary file without them is said as information, not as a column to add.
NOT_IN_SUMMARY: Final = frozenset({"order_id", "product"})
MONTHLY_NO_COUNT_PROBLEM: Final = "monthly_summary_no_count"
COUNT_READ_PROBLEM: Final = "order_count_read"
COUNT_IGNORED_PROBLEM: Final = "order_count_generic_ignored"
_GENERIC_COUNT: Final = frozenset(map(normalize_label, ORDER_COUNT_GENERIC))
_MONTH_LABELS: Final = frozenset(map(normalize_label, MONTH_HEADERS))
# A parsed table whose date column's 6-digit cells are yymmdd days (cells.yymmdd_column):
# those cells are no months typed alone.
DAYS_TYPED_ATTR: Final = "dates_yymmdd"
DAYS_PROBLEM: Final = "dates_yymmdd"
# Dates all on a month's 1st over this many months: a monthly summary whatever its header
# (trial 50: the manager typed 2021/04 as 2021/04/01 under 受注日). A short sheet of a few
# orders on the 1st is not one.
MIN_MONTHS: Final = 3


def is_month_header(header: object) -> bool:
    """True when a date column's header names a month (年月, 売上年月, month …)."""
    return normalize_label(header) in _MONTH_LABELS


def typed_month(v: object, days: bool = False) -> bool:
    """A date cell typed as a month alone (2021/04, 202104); with ``days`` (the column's
    6-digit cells are yymmdd days: ``DAYS_TYPED_ATTR``) a 6-digit cell is none."""
    return month_only(v) is not None and not (days and six_digits(v) is not None)


def yymmdd_check(label: str, column: str, note: DayNote) -> Check:
    """The information line of a date column read as yymmdd days: which, and why in plain
    words (``cells.yymmdd_column``); the cells themselves stay as typed."""
    params: dict[str, object] = {
        "source": label,
        "column": column,
        "values": f"{note.values:,}",
        "example": note.example,
        "read": note.read.isoformat(),
        "why": text(f"yymmdd_why.{note.why}", "ja"),
        "why_en": text(f"yymmdd_why.{note.why}", "en"),
    }
    return Check(label, None, column, note.example, DAYS_PROBLEM, params, "info")


def monthly_reason(
    typed: Sequence[object], header: object, months: int, days: bool = False
) -> str | None:
    """Why a table whose dates are all 1sts is a monthly summary ("typed": every usable
    date typed as a month alone; "header": its date column headed as a month; "firsts": 1sts
    over ``MIN_MONTHS`` months or more, which no daily history has), None when it is not.
    ``typed``: its date cells as typed (the distinct ones will do); ``months``: how many
    months its dates span; ``days``: its 6-digit cells are yymmdd days (``typed_month``)."""
    values = list(pd.unique(np.asarray(list(typed), dtype=object)))
    notes: list[DayNote] = []
    parsed, _ = parse_date_column(values, notes=notes)
    days = days or bool(notes)
    ok = np.flatnonzero(~np.isnat(parsed)).tolist()
    if not ok:
        return None
    if all(typed_month(values[i], days) for i in ok):
        return "typed"
    if is_month_header(header):
        return "header"
    return "firsts" if months >= MIN_MONTHS else None


def is_generic_count(header: object) -> bool:
    """True when a count column's header says nothing of what it counts (件数, 回数, Count):
    orders on a monthly summary, anything on daily lines (``schema.ORDER_COUNT_GENERIC``)."""
    return normalize_label(header) in _GENERIC_COUNT


def generic_count_check(label: str, column: str, rows: int, orders: int) -> Check | None:
    """The warning for a generic count column left unread on rows that are no monthly
    summary's (``rows`` sales there, ``orders`` had it been read); None when reading it
    would have changed nothing (every count 1 or blank)."""
    if orders == rows:
        return None
    params: dict[str, object] = {
        "source": label,
        "count_column": column,
        "rows": f"{rows:,}",
        "orders": f"{orders:,}",
        "headers": "・".join((ORDER_COUNT.aliases[0], ORDER_COUNT.ja)),
        "headers_en": ", ".join(("Deliveries", "Order count")),
    }
    return Check(label, None, column, None, COUNT_IGNORED_PROBLEM, params, "warn")


def order_counts(amount: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The orders each row stands for: its count (rounded) where that is 1 or more and the
    row is a sale (amount > 0), else 1 — a return is no order, and a blank count one order."""
    n = np.where(np.isfinite(count), np.round(count), 1.0)
    return np.where((amount > 0) & (n > 1), n, 1.0).astype(np.int64)


def summary_check(
    label: str,
    reason: str | None,
    date_column: str,
    count_column: str | None,
    rows: int,
    orders: int,
) -> Check | None:
    """The Checks line of a table with a monthly date or a count column (None: neither).
    ``label``: the sheet or file; ``reason``: why it is a monthly summary (``monthly_reason``,
    None: it is not); ``rows``/``orders``: its rows and the orders they count."""
    monthly = reason is not None
    why = {
        key: text(f"monthly_why.{reason}", lang, column=date_column)
        for key, lang in (("why", "ja"), ("why_en", "en"))
        if monthly
    }
    params: dict[str, object] = {
        **why,
        "source": label,
        "column": date_column,
        "count_column": count_column or "",
        "rows": f"{rows:,}",
        "orders": f"{orders:,}",
        "headers": "・".join((ORDER_COUNT.ja, *ORDER_COUNT.aliases[:3])),
        "headers_en": ", ".join((ORDER_COUNT.en, "Order count", "Deliveries")),
    }
    if monthly and count_column is None:
        return Check(label, None, date_column, None, MONTHLY_NO_COUNT_PROBLEM, params, "warn")
    if monthly:
        return Check(label, None, date_column, None, MONTHLY_PROBLEM, params, "info")
    if count_column is not None and orders != rows:
        return Check(label, None, count_column, None, COUNT_READ_PROBLEM, params, "info")
    return None


def frame_summary(
    frame: pd.DataFrame,
    typed_dates: Sequence[object],
    keep: np.ndarray,
    columns: dict[str, str],
    label: str,
    checks: list[Check],
) -> None:
    """Mark a parsed order table's rows (``MONTH_ROW_KEY``) and say what it is on Checks.
    ``typed_dates``: the sheet's date cells as typed, ``keep`` the rows of ``frame`` among
    them; ``columns``: key → Checks name."""
    if "date" not in columns or not len(frame):
        frame[MONTH_ROW_KEY] = np.zeros(len(frame), dtype=bool)
        return
    # Only rows dated a 1st can be a summary's (one vectorised test: a daily file's other
    # cells are never scanned as typed).
    first = (frame["date"].dt.day == 1).to_numpy(dtype=bool)
    marked = np.zeros(len(frame), dtype=bool)
    reason = None
    days = bool(frame.attrs.get(DAYS_TYPED_ATTR))  # 6-digit cells are days (200401)
    if first.any():
        at = np.flatnonzero(keep)[first].tolist()
        typed = [typed_dates[i] for i in at]
        dated = frame["date"].notna().to_numpy(dtype=bool)
        if first[dated].all():  # every date a 1st: the whole table may be a summary
            months = int(frame["date"].dt.to_period("M").nunique())
            reason = monthly_reason(typed, columns["date"].split(" ", 1)[-1], months, days)
            marked[:] = reason is not None
        if reason is None:
            # A summary pasted above lines in one table: its rows typed as months alone (each
            # distinct cell tested once).
            cells = pd.Series(np.asarray(typed, dtype=object))
            months = {v for v in cells.unique() if typed_month(v, days)}
            months_only = cells.isin(months).to_numpy(dtype=bool)
            if months_only.any():
                reason, marked[np.flatnonzero(first)[months_only]] = "typed", True
    frame[MONTH_ROW_KEY] = marked
    counted = ORDER_COUNT_KEY in columns
    generic = counted and is_generic_count(columns[ORDER_COUNT_KEY].split(" ", 1)[-1])
    if generic and not marked.all():
        # 件数 / Count on daily rows: no orders there, only on a summary's rows (left50b).
        count = frame[ORDER_COUNT_KEY].to_numpy(dtype=float)
        sale = ~marked & (frame["amount"].to_numpy(dtype=float) > 0)
        amounts = frame["amount"].to_numpy(dtype=float)[sale]
        would = int(order_counts(amounts, count[sale]).sum())
        said = generic_count_check(label, columns[ORDER_COUNT_KEY], int(sale.sum()), would)
        if said is not None:
            checks.append(said)
        frame[ORDER_COUNT_KEY] = np.where(marked, count, np.nan)
        counted = bool(marked.any())
    if not (reason or counted):
        return
    rows = marked if reason else np.ones(len(frame), dtype=bool)
    amount = frame["amount"].to_numpy(dtype=float)[rows]
    count = frame[ORDER_COUNT_KEY].to_numpy(dtype=float)[rows] if counted else np.ones(len(amount))
    said = summary_check(
        label,
        reason,
        columns["date"],
        columns.get(ORDER_COUNT_KEY),
        len(amount),
        int(order_counts(amount, count)[amount > 0].sum()),
    )
    if said is not None:
        checks.append(said)


def with_order_counts(orders: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Each row of N orders (``order_counts``) as N order rows: its amount split in whole
    yen (the remainder on the first), its quantity evenly, every other cell repeated; each
    part keeps the row's number. Nothing to split: ``orders`` as it is."""
    if ORDER_COUNT_KEY not in orders.columns or not len(orders):
        return orders, rows
    amount = orders["amount"].to_numpy(dtype=float)
    n = order_counts(amount, orders[ORDER_COUNT_KEY].to_numpy(dtype=float))
    if not (n > 1).any():
        return orders, rows
    at = np.repeat(np.arange(len(orders)), n)
    first = np.ones(len(at), dtype=bool)
    first[1:] = at[1:] != at[:-1]
    out = orders.iloc[at].reset_index(drop=True)
    share = np.floor(amount / n)  # floor in both doors (DuckDB rounds halves up, NumPy to even)
    parts = np.where(first, amount[at] - share[at] * (n[at] - 1), share[at])
    out["amount"] = np.where(n[at] > 1, parts, amount[at])
    quantity = orders["quantity"].to_numpy(dtype=float)
    out["quantity"] = quantity[at] / n[at]
    return out, rows[at]


# SQL: the orders a row stands for (``order_counts``' rule) over a relation's canonical columns.
ORDERS_SQL: Final = (
    f"(CASE WHEN amount > 0 AND round({ORDER_COUNT_KEY}) > 1 "
    f"THEN CAST(round({ORDER_COUNT_KEY}) AS BIGINT) ELSE 1 END)"
)


def counted_sql(relation: str) -> str:
    """SQL: ``relation``'s rows, each of N orders as N rows (``with_order_counts``' rule)."""
    share = "floor(amount / _n)"
    return (
        f"SELECT * EXCLUDE (_n, _k) REPLACE ("
        f"CASE WHEN _n = 1 THEN amount WHEN _k = 0 THEN amount - {share} * (_n - 1) "
        f"ELSE {share} END AS amount, quantity / _n AS quantity) "
        f"FROM (SELECT *, {ORDERS_SQL} AS _n FROM {relation}) AS r, range(r._n) AS t(_k)"
    )


def rows_with_days(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose day is real (not a monthly summary's 1st): what the checks reading a
    weekday or a day of the month look at."""
    if MONTH_ROW_KEY not in frame.columns or not frame[MONTH_ROW_KEY].any():
        return frame
    return frame[~frame[MONTH_ROW_KEY].to_numpy(dtype=bool)]


def latest_days(orders: pd.DataFrame) -> pd.Series | None:
    """Each order row's latest possible day: a monthly summary's row its month's last day,
    any other its date; None when no row is a summary's. A start date is after an account's
    first order only when it is after that (a summary's April row is no order before a start
    on 5 April)."""
    if MONTH_ROW_KEY not in orders.columns or not orders[MONTH_ROW_KEY].any():
        return None
    dates = pd.to_datetime(orders["date"])
    ends = dates + pd.offsets.MonthEnd(0)
    return dates.where(~orders[MONTH_ROW_KEY].to_numpy(dtype=bool), ends)
