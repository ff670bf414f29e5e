"""Small hand-made histories for tests: the pieces several test files build alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from routekpi.core.history import ACCOUNT_COLUMNS, VISIT_COLUMNS, History
from routekpi.sample import SampleHistory

if TYPE_CHECKING:
    import duckdb


def accounts_frame(
    accounts: list[str], rep: str | list[str], *, start: str = "2020-01-01", suffix: str = " Ltd"
) -> pd.DataFrame:
    """An Accounts table: each account held by ``rep`` (or the rep beside it in a list) since
    ``start``, still open, named ``<account><suffix>``, without coordinates."""
    return pd.DataFrame(
        {
            "account": accounts,
            "name": [f"{a}{suffix}" for a in accounts],
            "rep": rep,
            "start": pd.Timestamp(start),
            "end": pd.NaT,
            "lat": np.nan,
            "lon": np.nan,
            "group": "",
        }
    )[list(ACCOUNT_COLUMNS)]


def hand_sample(
    orders: pd.DataFrame, accounts: pd.DataFrame, visits: pd.DataFrame | None = None
) -> SampleHistory:
    """Hand-made lines as a sample history to write into a book (``test_daily_trial.
    _write_book``): ``visits`` none for an empty Visits sheet, no company holidays, KGI
    ¥30,000,000 for FY2026 from April (the book's other Settings are the caller's)."""
    return SampleHistory(
        orders=orders,
        visits=pd.DataFrame(columns=list(VISIT_COLUMNS)) if visits is None else visits,
        accounts=accounts,
        holidays=pd.DataFrame({"date": pd.to_datetime([]), "name": []}),
        settings={"KGI": 30_000_000, "PlanYear": 2026, "FiscalStartMonth": 4},
        planted={},
    )


def sql_views(
    orders: pd.DataFrame, visits: pd.DataFrame | None = None
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with ``orders`` and ``visits`` (none: an empty table) as the
    canonical views the shipped SQL reads (``orders``, ``visits``)."""
    import duckdb  # (imported here: the tests of DuckDB sources skip without it)

    con = duckdb.connect()
    con.register("o_df", orders)
    con.execute(
        "CREATE VIEW orders AS SELECT CAST(date AS DATE) AS date, account, rep, amount, "
        "quantity FROM o_df"
    )
    if visits is None:
        con.execute(
            "CREATE VIEW visits AS SELECT CAST(NULL AS DATE) AS date, CAST(NULL AS VARCHAR) AS "
            "rep, CAST(NULL AS VARCHAR) AS account, CAST(NULL AS VARCHAR) AS kind, "
            "CAST(NULL AS VARCHAR) AS outcome WHERE FALSE"
        )
    else:
        con.register("v_df", visits)
        con.execute(
            "CREATE VIEW visits AS SELECT CAST(date AS DATE) AS date, rep, account, kind, "
            "CAST(outcome AS VARCHAR) AS outcome FROM v_df"
        )
    return con


def newcomer_team(
    first: pd.Period,
    last: pd.Period,
    joins: pd.Period | None,
    *,
    wins: dict[str, pd.Period] | None = None,
    handed: bool = True,
    wins_visited: bool = True,
) -> History:
    """Reps A and B from ``first`` to ``last`` (months), each holding 10 accounts (A0 … B9,
    opened at ``first``: an order of ¥1,000 on the 10th and a visit on the 9th of every month)
    and making 4 appointment attempts (one won) and 1 meeting on the 15th of every month.

    N joins in ``joins`` (None: no N at all): from then on, if ``handed``, he serves A0 … A4
    (the accounts are his on the Accounts sheet; their earlier lines stay A's), and he makes
    6 attempts (two won) and 2 meetings a month. ``wins``: his own accounts by the month he
    won each, ordering ¥1,000 a month from then to ``last`` (visited too if ``wins_visited``)."""
    orders, visits, accounts = [], [], []
    for rep in "AB":
        for i in range(10):
            acc = f"{rep}{i}"
            holder = "N" if joins is not None and handed and rep == "A" and i < 5 else rep
            accounts.append((acc, acc, holder, first.start_time, pd.NaT))
            for m in range((last - first).n + 1):
                month = first + m
                who = holder if joins is not None and month >= joins else rep
                day = month.start_time
                orders.append((day + pd.Timedelta(days=9), acc, who, 1000.0, 1))
                visits.append((day + pd.Timedelta(days=8), who, acc, "visit", None))
    for acc, won in (wins or {}).items():
        accounts.append((acc, acc, "N", won.start_time, pd.NaT))
        for m in range((last - won).n + 1):
            day = (won + m).start_time
            orders.append((day + pd.Timedelta(days=9), acc, "N", 1000.0, 1))
            if wins_visited:
                visits.append((day + pd.Timedelta(days=8), "N", acc, "visit", None))
    for m in range((last - first).n + 1):
        month = first + m
        day = month.start_time + pd.Timedelta(days=14)
        for rep in "AB":
            for k in range(4):
                visits.append((day, rep, None, "attempt", "won" if k == 0 else None))
            visits.append((day, rep, None, "meeting", None))
        if joins is not None and month >= joins:
            for k in range(6):
                visits.append((day, "N", None, "attempt", "won" if k < 2 else None))
            visits.extend([(day, "N", None, "meeting", None)] * 2)
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


# An order line of ``rep_accounts``: its day, amount (yen) and quantity.
OrderLine = tuple[pd.Timestamp, float, float]


def rep_accounts(
    reps: Iterable[str],
    first: pd.Period,
    months: int,
    lines: Callable[[str, int, pd.Period], Iterable[OrderLine]],
    *,
    per_rep: int = 5,
) -> History:
    """Orders only: each rep's ``per_rep`` accounts (<rep>0, <rep>1 …, opened at ``first``)
    over ``months`` months from ``first``, account i of ``rep`` ordering ``lines(rep, i,
    month)`` in each month."""
    orders, accounts = [], []
    for rep in reps:
        for i in range(per_rep):
            acc = f"{rep}{i}"
            accounts.append((acc, acc, rep, first.start_time, pd.NaT))
            for m in range(months):
                for day, amount, quantity in lines(rep, i, first + m):
                    orders.append((day, acc, rep, amount, quantity))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    a = pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"])
    return History(orders=o, accounts=a)
