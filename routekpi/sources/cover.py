"""core.at_work's cover orders for a history still in DuckDB: the ``orders`` view with each
order another rep booked on a rep's account on his leave days under that rep, before the
handover and before anything is summed (as ``core.at_work.with_cover_orders`` moves the rows).
Which accounts are a rep's for a leave is ``core.at_work.leave_accounts``' rule (the accounts
he held when it began, by the Accounts table and the orders before it); only the data access is
here. ``booked_orders`` keeps the orders as booked: what ``cover_orders.sql`` sums."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from routekpi.core.at_work import LEAVE_ACCOUNT_COLUMNS, leave_accounts
from routekpi.core.calendar import LeaveSpan
from routekpi.core.history import ORDER_COLUMNS

if TYPE_CHECKING:
    import duckdb

# The orders as booked (before a cover's orders move to the rep on leave).
BOOKED = "booked_orders"
# The relation of each account of a rep on leave with the span's days.
LEAVE_ACCOUNTS = "leave_accounts"


def leave_accounts_of(
    run: Callable[[str], pd.DataFrame], accounts: pd.DataFrame, leave: tuple[LeaveSpan, ...]
) -> pd.DataFrame:
    """``core.at_work.leave_accounts`` on ``booked_orders``: only each account × rep's last
    order before each leave's first day is read (what its rule needs: who booked last, and
    whether the Accounts table's rep had booked). Without that view (no orders:
    ``cover_orders_view`` did not run), the Accounts table's only."""
    lasts = []
    for _, first, _ in leave if has_booked(run) else ():
        lasts.append(
            run(
                "SELECT CAST(account AS VARCHAR) AS account, CAST(rep AS VARCHAR) AS rep, "
                f"MAX(date) AS date FROM {BOOKED} WHERE account IS NOT NULL AND rep IS NOT NULL "
                f"AND CAST(date AS DATE) < DATE '{first.isoformat()}' GROUP BY 1, 2"
            )
        )
    orders = pd.concat(lasts, ignore_index=True) if lasts else pd.DataFrame()
    if len(orders):
        orders = orders.assign(
            date=pd.to_datetime(orders["date"]),
            account=orders["account"].astype(str),
            rep=orders["rep"].astype(str),
        )
    else:
        orders = pd.DataFrame({c: pd.Series(dtype=object) for c in ORDER_COLUMNS})
    return leave_accounts(accounts, orders, leave)


def has_booked(run: Callable[[str], pd.DataFrame]) -> bool:
    """Whether the ``booked_orders`` view is there (``cover_orders_view`` defined it)."""
    found = run(
        f"SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = '{BOOKED}'"
    )
    return bool(int(found["n"].iloc[0]))


def cover_orders_view(
    con: duckdb.DuckDBPyConnection,
    relations: Mapping[str, str | None],
    accounts: pd.DataFrame,
    leave: tuple[LeaveSpan, ...],
) -> dict[str, str | None]:
    """Redefine the ``orders`` view with the cover's orders under the rep on leave; the
    relations with ``orders`` naming the moved orders (what the handover reads next)."""
    out = dict(relations)
    relation = relations.get("orders")
    # The orders as booked; without an orders input, the (empty) view the queries read.
    con.execute(f"CREATE OR REPLACE TEMP VIEW {BOOKED} AS SELECT * FROM {relation or 'orders'}")
    if relation is None:
        return out
    if not leave:
        return out
    spans = leave_accounts_of(lambda sql: con.execute(sql).df(), accounts, leave)
    if not len(spans):
        return out
    con.register(
        "routekpi_cover_spans",
        spans.assign(
            first_day=pd.to_datetime(spans["first_day"]), last_day=pd.to_datetime(spans["last_day"])
        )[list(LEAVE_ACCOUNT_COLUMNS)],
    )
    # A line matches one span at most (core.at_work.leave_accounts keeps them apart).
    con.execute(
        "CREATE OR REPLACE TEMP VIEW routekpi_covered_orders AS SELECT o.* REPLACE "
        "(COALESCE(l.holder, CAST(o.rep AS VARCHAR)) AS rep) "
        f"FROM {BOOKED} o LEFT JOIN routekpi_cover_spans l "
        "ON l.account = CAST(o.account AS VARCHAR) "
        "AND CAST(o.date AS DATE) >= CAST(l.first_day AS DATE) "
        "AND CAST(o.date AS DATE) <= CAST(l.last_day AS DATE) "
        "AND l.holder <> CAST(o.rep AS VARCHAR)"
    )
    cols = ", ".join(ORDER_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP VIEW orders AS SELECT {cols} FROM routekpi_covered_orders")
    out["orders"] = "routekpi_covered_orders"
    return out
