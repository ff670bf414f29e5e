"""core.handover for a history still in DuckDB: the departed reps' rows renamed in the views.

The compact history is summed per rep, so the rows must move before the sums: the ``orders``
and ``visits`` views are redefined over the validated relations with each departed rep's
account under its current owner. The rule itself (who is gone, who holds an account now) is
``core.handover``'s; only the data access is here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from routekpi.core.handover import (
    Handover,
    current_owners,
    ended_accounts,
    gone_reps,
    handover_of,
    reassign,
)
from routekpi.core.history import ORDER_COLUMNS, VISIT_COLUMNS

if TYPE_CHECKING:
    import duckdb

# Every order and visit, as one relation (the views the shipped queries read).
EVENTS = "(SELECT date, account, rep FROM orders UNION ALL SELECT date, account, rep FROM visits)"


def hand_over_views(
    con: duckdb.DuckDBPyConnection,
    relations: Mapping[str, str | None],
    as_of: date,
    accounts: pd.DataFrame,
) -> tuple[pd.DataFrame, Handover | None]:
    """Redefine the ``orders``/``visits`` views with the departed reps' accounts under their
    current owners; the accounts table with the same moves, and what moved (None: nobody
    has left)."""
    day = f"DATE '{as_of.isoformat()}'"
    seen = con.execute(
        f"SELECT rep, MAX(date) AS last FROM {EVENTS} e "
        f"WHERE date <= {day} AND rep IS NOT NULL GROUP BY rep"
    ).df()
    last_seen = gone_reps(
        pd.Series(pd.to_datetime(seen["last"]).to_numpy(), index=seen["rep"].astype(str))
    )
    if not last_seen:
        return accounts, None
    gone = set(last_seen)
    con.register("routekpi_gone", pd.DataFrame({"rep": sorted(gone)}, dtype=object))
    pairs = con.execute(
        f"SELECT DISTINCT rep, account FROM {EVENTS} e "
        "WHERE rep IN (SELECT rep FROM routekpi_gone) AND account IS NOT NULL AND account <> ''"
    ).df()
    con.register("routekpi_gone_pairs", pairs.astype(object))
    # Of two reps on an account's last day, the one that sorts last (core.handover's rule).
    latest = con.execute(
        "SELECT account, rep FROM (SELECT account, rep, ROW_NUMBER() OVER "
        "(PARTITION BY account ORDER BY date DESC, rep DESC) AS k "
        f"FROM {EVENTS} e WHERE date <= {day} AND rep NOT IN (SELECT rep FROM routekpi_gone) "
        "AND account IN (SELECT account FROM routekpi_gone_pairs)) t WHERE k = 1"
    ).df()
    owners = current_owners(
        pd.Series(latest["rep"].to_numpy(), index=latest["account"].astype(str)), accounts, gone
    )
    theirs = set(pairs["account"].astype(str))
    if len(accounts):
        theirs |= set(accounts.loc[accounts["rep"].isin(gone), "account"].dropna().astype(str))
    theirs.discard("")
    last = con.execute(
        f"SELECT account, MAX(date) AS last FROM {EVENTS} e WHERE date <= {day} "
        "AND account IN (SELECT account FROM routekpi_gone_pairs) GROUP BY account"
    ).df()
    ended = ended_accounts(
        accounts,
        pd.Series(pd.to_datetime(last["last"]).to_numpy(), index=last["account"].astype(str)),
        as_of,
    )
    moves = pairs.assign(owner=pairs["account"].astype(str).map(owners)).dropna(subset=["owner"])
    con.register("routekpi_handover", moves[["rep", "account", "owner"]].astype(object))
    for view, columns in (("orders", ORDER_COLUMNS), ("visits", VISIT_COLUMNS)):
        relation = relations.get(view)
        if relation is None:
            continue  # no visits input: the empty view stays
        select = ", ".join(
            "COALESCE(m.owner, o.rep) AS rep" if c == "rep" else f"o.{c}" for c in columns
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {select} FROM {relation} o "
            "LEFT JOIN routekpi_handover m ON o.rep = m.rep AND o.account = m.account"
        )
    return reassign(accounts, gone, owners), handover_of(last_seen, theirs, owners, ended)
