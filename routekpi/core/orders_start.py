"""Order records that begin after the visit records: the history starts with the orders.

The mirror of ``core.levers.visits_start``. An order export too long for a sheet is pasted
for its last years only while the SFA's whole visit log is kept (trial 23: orders from
2025-01, visits from 2022-01). The months before the company's first month with an order are
no months without sales: counted, every 12-month window reaching into them reads the revenue
levers as years of growth (+171% a year), a strong year nine times the baseline and a lapse
rule that sees every customer won in the first month of orders.

So the history the plan reads starts at the first order month when the visit records (visits,
calls and meetings alike) begin in an earlier month: ``History.first_date`` and
``HistoryFacts.start`` give that month's first day, and the month grid every lever, trend,
spread, ceiling, record, landing and season estimate is read on (``core.measure.month_grid``)
starts there. The book's rows stay as typed; only the computation leaves the earlier visits
out. Both the rows and the compact history (pandas or DuckDB) pass through here, so both
paths give the same plan, and the same plan as a book whose visits were cut at that month.

A first order month well below the ones after it (an export starting mid-month) is a part of
a month: it is left out too, as ``visits_start`` leaves out a partial first month of visits
(same share and look-ahead). This is checked only when the rule applies (visits earlier).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

# As ``core.levers.VISITS_START_SHARE`` / ``VISITS_START_LOOKAHEAD`` (not imported: levers
# imports core.history, which imports this module): a first month under half the median of
# the next twelve months' orders is a part of a month.
ORDERS_START_SHARE = 0.5
ORDERS_START_LOOKAHEAD = 12


@dataclass(frozen=True)
class OrdersStart:
    """Order records that begin after the visit records do."""

    first: pd.Period  # the company's first month with an order
    visits: pd.Period  # its first month with a visit record (visit, call or meeting)
    counted: pd.Period  # the first month counted (after a partial first month of orders)

    @property
    def day(self) -> date:
        """The first day the history counts from."""
        return self.counted.start_time.date()

    def code(self) -> str:
        """The note's message key."""
        return "orders_start_late" if self.counted == self.first else "orders_start_partial"

    def params(self) -> dict[str, object]:
        """The note's parameters (core stays free of the message catalog)."""
        return {"orders": str(self.first), "visits": str(self.visits), "from": str(self.counted)}


def orders_start(
    first_order: pd.Period | None, first_visit: pd.Period | None, orders: pd.Series
) -> OrdersStart | None:
    """The start when the visit records begin in a month before the first order's, else None.

    ``orders``: the count of order lines (amount > 0) per month (a ``Period[M]`` index) from
    the first order month on; months missing count 0.
    """
    if first_order is None or first_visit is None or first_visit >= first_order:
        return None
    span = pd.period_range(first_order, periods=ORDERS_START_LOOKAHEAD * 2 + 1, freq="M")
    counts = orders.groupby(level=0).sum().reindex(span, fill_value=0.0).to_numpy(dtype=float)
    at = first_full(
        counts, 0, ORDERS_START_SHARE, ORDERS_START_LOOKAHEAD, most=ORDERS_START_LOOKAHEAD
    )
    return OrdersStart(first_order, first_visit, first_order + at)


def first_full(
    values: np.ndarray, at: int, share: float, lookahead: int, most: int | None = None
) -> int:
    """The first position from ``at`` on whose value is at least ``share`` of the median of
    the next ``lookahead`` positive values: a first month of records well below the months
    that follow (a system that went live, or an export that starts, mid-month) is skipped, and
    so is the next while it is too. ``most``: skip no further than this position. The one rule
    of the orders' start here and the visits' (core.levers.visits_start)."""
    while at + 1 < len(values) and (most is None or at < most):
        later = values[at + 1 : at + 1 + lookahead]
        later = later[later > 0]
        if not len(later) or values[at] >= share * float(np.median(later)):
            break
        at += 1
    return at


def orders_start_of_rows(orders: pd.DataFrame, visits: pd.DataFrame) -> OrdersStart | None:
    """``orders_start`` of raw order and visit rows (``date``, ``amount``).

    As the compact history reads it: the first order is the first line with an amount, the
    first visit month the first month of any line (``HistoryFacts.first``)."""
    dates = orders["date"]
    amount = orders["amount"].to_numpy(dtype=float)
    first_order = _first_month(dates[amount != 0])
    firsts = [m for m in (_first_month(dates), _first_month(visits["date"])) if m is not None]
    first_event = min(firsts, default=None)
    if first_order is None or first_event is None or first_event >= first_order:
        return None
    # Each line's month among the months the partial-month test reads, by the months' first
    # days (a Period or a datetime64[M] per line cost 25–50 ms at 700,000 lines).
    span = pd.period_range(first_order, periods=ORDERS_START_LOOKAHEAD * 2 + 1, freq="M")
    edges = pd.period_range(span[0], span[-1] + 1, freq="M").start_time
    edges = edges.to_numpy(dtype="datetime64[ns]").view(np.int64)
    stamps = dates.to_numpy(dtype="datetime64[ns]").view(np.int64)
    at = np.searchsorted(edges, stamps[amount > 0], side="right") - 1
    tally = np.bincount(at[(at >= 0) & (at < len(span))], minlength=len(span))
    counts = pd.Series(tally.astype(float), index=span)
    return orders_start(first_order, first_event, counts)


def orders_start_of_facts(first: date | None, rep_months: pd.DataFrame) -> OrdersStart | None:
    """``orders_start`` of a compact history: ``first`` its first order or visit, and its
    order lines per rep × month (``HistoryFacts.rep_months``)."""
    if first is None or not len(rep_months):
        return None
    sold = rep_months[(rep_months["orders"] > 0) | (rep_months["revenue"] != 0)]
    if not len(sold):
        return None
    first_order = pd.Period(sold["month"].min(), freq="M")
    counts = pd.Series(
        rep_months["orders"].to_numpy(dtype=float), index=pd.PeriodIndex(rep_months["month"])
    )
    return orders_start(first_order, pd.Period(first, freq="M"), counts)


def _first_month(dates: pd.Series) -> pd.Period | None:
    """The month of the earliest date, None without one."""
    if not len(dates):
        return None
    first = dates.min()
    return None if pd.isna(first) else pd.Period(first, freq="M")
