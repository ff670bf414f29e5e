"""Small hand-made histories for tests: the pieces several test files build alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from routekpi.core.history import ACCOUNT_COLUMNS

if TYPE_CHECKING:
    import duckdb


def accounts_frame(
    accounts: list[str], rep: str, *, start: str = "2020-01-01", suffix: str = " Ltd"
) -> pd.DataFrame:
    """An Accounts table: each account held by ``rep`` since ``start``, still open, named
    ``<account><suffix>``, without coordinates."""
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
