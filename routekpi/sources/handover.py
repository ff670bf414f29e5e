"""core.handover for a history still in DuckDB: each account's lines under its holder, in the views.

The compact history is summed per rep, so the rows must move before the sums: the ``orders``
and ``visits`` views are redefined over the validated relations with the lines that move
(``core.handover.decide``: a departed rep's, and a previous holder's before the holder began)
under the rep who holds the account at the planning moment. The rule itself (who has left, who
holds an account) is ``core.handover``'s, on the same account × rep table; only the data
access is here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from routekpi.core.calendar import LeaveSpan
from routekpi.core.handover import (
    PAIR_COLUMNS,
    PROSPECTING_KINDS,
    Handover,
    Standing,
    active_reps,
    decide,
    filled_gaps,
    first_order_days,
    first_order_reps,
    gone_not_hired,
    gone_reps,
    left_before_year,
    move_accounts,
    plan_year_from,
    round_trip_accounts,
    standing_of,
)
from routekpi.core.history import ORDER_COLUMNS, VISIT_COLUMNS
from routekpi.core.lapse import SALE_SQL
from routekpi.core.switched import sheet_holders, switched_accounts
from routekpi.sources.cover import cover_orders_view
from routekpi.sources.sqltext import sql_text

if TYPE_CHECKING:
    import duckdb

# Every order and visit, as one relation (the views the shipped queries read).
EVENTS = "(SELECT date, account, rep FROM orders UNION ALL SELECT date, account, rep FROM visits)"
# The same, each line marked an order or not and a sale or not (who won an account: its
# first order, a sale — core.lapse ``SALE_SQL`` — where it has one: trial 53 H1).
EVENTS_MARKED = (
    f"(SELECT date, account, rep, TRUE AS is_order, ({SALE_SQL}) AS is_sale FROM orders "
    "UNION ALL SELECT date, account, rep, FALSE AS is_order, FALSE AS is_sale FROM visits)"
)


def _first_sales(pairs: pd.DataFrame, sale: str, order: str) -> pd.DataFrame:
    """Per account × rep of ``pairs`` (account, rep, its first sale ``sale`` and first order
    line ``order``) the first order as core.handover reads it (date, account, rep): the first
    sale, where the account has one with any rep (core.lapse ``sale_mask``); else the first
    line (an account with no sale read on its lines). A pair without one is left out."""
    sale_day, line_day = pd.to_datetime(pairs[sale]), pd.to_datetime(pairs[order])
    sells = pairs["account"].isin(pairs.loc[sale_day.notna(), "account"])
    day = sale_day.where(sells, line_day)
    keep = day.notna()
    return pd.DataFrame(
        {"date": day[keep], "account": pairs["account"][keep], "rep": pairs["rep"][keep]}
    )


def holding_events(marked: bool) -> str:
    """``EVENTS`` (``EVENTS_MARKED`` when ``marked``) without the prospecting visits: who
    holds an account is read from its orders and route visits (core.handover.hand_over)."""
    kinds = sql_in_list(PROSPECTING_KINDS)
    visits = f"(SELECT * FROM visits WHERE NOT COALESCE(kind IN {kinds}, FALSE))"
    return (EVENTS_MARKED if marked else EVENTS).replace("FROM visits", f"FROM {visits} v")


def sql_in_list(values: Iterable[str]) -> str:
    """``values`` as a SQL ``IN`` list of quoted literals, ``('meeting', 'attempt')`` (each
    ``'`` doubled); ``(NULL)`` for none, which matches no value. Never a Python repr: a
    one-element tuple's trailing comma, a set's braces or a double-quoted text are no SQL
    every engine reads."""
    quoted = ["'" + str(v).replace("'", "''") + "'" for v in values]
    return f"({', '.join(quoted)})" if quoted else "(NULL)"


def _last_seen(con: duckdb.DuckDBPyConnection, day: str) -> pd.Series:
    """rep → his last order or visit up to ``day`` (a SQL date literal)."""
    seen = con.execute(
        f"SELECT CAST(rep AS VARCHAR) AS rep, MAX(date) AS last FROM {EVENTS} e "
        f"WHERE date <= {day} AND rep IS NOT NULL GROUP BY 1"
    ).df()
    return pd.Series(pd.to_datetime(seen["last"]).to_numpy(), index=seen["rep"].astype(str))


def _record(con: duckdb.DuckDBPyConnection, day: str, reps: set[str]) -> pd.DataFrame:
    """``core.handover.RecordOf`` for ``reps`` up to ``day`` (a SQL date literal): each
    rep's first day, lines and order lines, as ``_Lines.record`` reads them."""
    con.register("routekpi_record", pd.DataFrame({"rep": sorted(reps)}, dtype=object))
    try:
        seen = con.execute(
            "SELECT CAST(e.rep AS VARCHAR) AS rep, MIN(e.date) AS first, COUNT(*) AS lines, "
            f"COUNT(*) FILTER (WHERE e.is_order) AS orders FROM {EVENTS_MARKED} e "
            f"JOIN routekpi_record w ON CAST(e.rep AS VARCHAR) = w.rep WHERE e.date <= {day} "
            "GROUP BY 1"
        ).df()
    finally:
        con.unregister("routekpi_record")
    return pd.DataFrame(
        {
            "first": pd.to_datetime(seen["first"]).to_numpy(),
            "lines": seen["lines"].astype(int).to_numpy(),
            "orders": seen["orders"].astype(int).to_numpy(),
        },
        index=pd.Index(seen["rep"].astype(str), name="rep"),
    )


def _round_trip_lines(
    con: duckdb.DuckDBPyConnection, pairs: pd.DataFrame, day: str
) -> pd.DataFrame:
    """The holding lines (date, account, rep) up to ``day`` of the accounts one rep's lines
    nest inside another's (``core.handover.round_trip_accounts``), for ``filled_gaps``."""
    wanted = round_trip_accounts(pairs)
    if not wanted:
        return pd.DataFrame(columns=["date", "account", "rep"])
    con.register("routekpi_round_trips", pd.DataFrame({"account": sorted(wanted)}))
    try:
        lines = con.execute(
            "SELECT date, CAST(account AS VARCHAR) AS account, CAST(rep AS VARCHAR) AS rep "
            f"FROM {holding_events(False)} e WHERE date <= {day} AND rep IS NOT NULL "
            "AND CAST(account AS VARCHAR) IN (SELECT account FROM routekpi_round_trips)"
        ).df()
    finally:
        con.unregister("routekpi_round_trips")
    return lines.assign(date=pd.to_datetime(lines["date"]))


def standing_in(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    accounts: pd.DataFrame,
    leave: tuple[LeaveSpan, ...] = (),
) -> Standing:
    """``core.handover.standing`` on ``as_of`` from the ``orders``/``visits`` views as they are
    (before ``hand_over_views`` moves any line): each rep's last day, and only for the open
    accounts the Accounts table gives to a gone rep, each rep's last line on them."""
    day = f"DATE '{as_of.isoformat()}'"
    last_seen = _last_seen(con, day)

    def served(wanted: set[str]) -> dict[str, dict[str, pd.Timestamp]]:
        con.register("routekpi_standing", pd.DataFrame({"account": sorted(wanted)}, dtype=object))
        lines = con.execute(
            "SELECT CAST(e.account AS VARCHAR) AS account, CAST(e.rep AS VARCHAR) AS rep, "
            f"MAX(e.date) AS last FROM {holding_events(False)} e JOIN routekpi_standing w "
            f"ON CAST(e.account AS VARCHAR) = w.account WHERE e.date <= {day} "
            "AND e.rep IS NOT NULL GROUP BY 1, 2"
        ).df()
        con.unregister("routekpi_standing")
        out: dict[str, dict[str, pd.Timestamp]] = {}
        days = pd.to_datetime(lines["last"])
        for a, r, d in zip(lines["account"], lines["rep"], days, strict=True):
            out.setdefault(str(a), {})[str(r)] = d
        return out

    now = standing_of(last_seen, accounts, as_of, served, partial(_record, con, day))
    active = active_reps(last_seen, gone_reps(last_seen))
    sheet = sheet_holders(accounts, as_of, active)
    if not sheet:
        return now
    # core.handover._after_sheet_rep: each such account's lines after its sheet rep's last.
    con.register(
        "routekpi_sheet",
        pd.DataFrame({"account": list(sheet), "rep": list(sheet.values())}, dtype=object),
    )
    try:
        after = con.execute(
            "WITH e AS (SELECT CAST(account AS VARCHAR) AS account, CAST(rep AS VARCHAR) AS rep, "
            f"date FROM {holding_events(False)} e WHERE date <= {day} AND rep IS NOT NULL "
            "AND account IS NOT NULL), "
            "l AS (SELECT e.account, MAX(e.date) AS last FROM e JOIN routekpi_sheet s "
            "ON e.account = s.account AND e.rep = s.rep GROUP BY 1) "
            "SELECT e.date, e.account, e.rep, l.last FROM e JOIN l ON e.account = l.account "
            "WHERE e.date > l.last"
        ).df()
    finally:
        con.unregister("routekpi_sheet")
    last_day = pd.Timestamp(last_seen.max()).date()
    days = pd.to_datetime(after["last"])
    given = {str(a): d.date() for a, d in zip(after["account"], days, strict=True)}
    found = switched_accounts(after, sheet, given, active, last_day, leave)
    return replace(now, switched=found) if found else now


def hand_over_views(
    con: duckdb.DuckDBPyConnection,
    relations: Mapping[str, str | None],
    as_of: date,
    accounts: pd.DataFrame,
    year_start: date | None = None,
    leave: tuple[LeaveSpan, ...] = (),
    left: Mapping[str, date] | None = None,
) -> tuple[pd.DataFrame, Handover | None, pd.DataFrame]:
    """Redefine the ``orders``/``visits`` views with each account's lines up to ``as_of``
    (the planning moment) under its holder; the accounts table with the same moves, and what
    moved (None: nothing did and nobody has left). ``year_start``: the plan year's first day
    (``core.handover.decide``: an account handed over in its first month); ``leave`` the
    Leave sheet's spans (``decide``: a colleague's cover is no handover). First, a
    colleague's orders on the accounts of a rep on leave move to the rep (sources.cover).
    Third: ``own_first.sql``'s result, read before any line moves (HistoryFacts.own_first).
    ``left``: the reps departed on the as-of date (``standing_in``), for ``decide``'s reps
    who left before the plan year."""
    relations = cover_orders_view(con, relations, accounts, leave)
    own = con.execute(sql_text("own_first")).df()
    day = f"DATE '{as_of.isoformat()}'"
    last_seen = _last_seen(con, day)
    # The plan year's lines only (``plan_year_from``), as ``core.handover.hand_over`` reads.
    year = f"DATE '{plan_year_from(as_of, year_start).isoformat()}'"
    later = con.execute(
        "SELECT CAST(account AS VARCHAR) AS account, CAST(rep AS VARCHAR) AS rep, "
        f'MIN(date) AS "first" FROM {holding_events(False)} e WHERE date >= {year} '
        "AND rep IS NOT NULL "
        "AND account IS NOT NULL GROUP BY 1, 2"
    ).df()
    late = dict(
        zip(
            zip(later["account"].astype(str), later["rep"].astype(str), strict=True),
            pd.to_datetime(later["first"]),
            strict=True,
        )
    )
    # Who won each account (``Handover.opened_by``: the rep of its first order), read in the
    # same pass as each pair's first order, only when someone has left.
    # Hires who have not started (a ride-along before the first day) are not gone.
    gone, early = gone_not_hired(last_seen, accounts, as_of, partial(_record, con, day))
    someone_left = bool(gone) or bool(
        left_before_year(left, last_seen, as_of, {r for _, r in late})
    )
    won = (
        ', MIN(CASE WHEN is_order THEN date END) AS "first_order", '
        'MIN(CASE WHEN is_sale THEN date END) AS "first_sale"'
        if someone_left
        else ""
    )
    pairs = con.execute(
        "SELECT CAST(account AS VARCHAR) AS account, CAST(rep AS VARCHAR) AS rep, "
        f'COUNT(*) AS n, MIN(date) AS "first", MAX(date) AS "last"{won} '
        f"FROM {holding_events(someone_left)} e WHERE date <= {day} "
        "AND rep IS NOT NULL AND account IS NOT NULL "
        "AND CAST(account AS VARCHAR) <> '' GROUP BY 1, 2 ORDER BY 1, 2"
    ).df()
    first_orders: dict[str, str] = {}
    if someone_left:  # each pair's first order is a line of it: the same rule as on the lines
        first_orders = first_order_reps(_first_sales(pairs, "first_sale", "first_order"))
    pairs = pairs.assign(
        n=pairs["n"].astype(int),
        first=pd.to_datetime(pairs["first"]),
        last=pd.to_datetime(pairs["last"]),
    )[list(PAIR_COLUMNS)]
    pairs = filled_gaps(_round_trip_lines(con, pairs, day), pairs)
    row_moves, sheet_moves, handed = decide(
        pairs,
        last_seen,
        accounts,
        late,
        as_of,
        year_start=year_start,
        leave=leave,
        first_orders=first_orders,
        left=left,
        early=early,
    )
    if handed is None:
        return accounts, None, own
    if not row_moves:
        return move_accounts(accounts, sheet_moves), handed, own
    moves = pd.DataFrame(
        {
            "account": [a for a, _ in row_moves],
            "rep": [r for _, r in row_moves],
            "holder": [h for h, _ in row_moves.values()],
        },
        dtype=object,
    ).assign(
        until=pd.to_datetime([u for _, u in row_moves.values()]),
        # A departed rep's meetings and calls stay his (core.handover.move_rows).
        gone=[r in handed.gone for _, r in row_moves],
    )
    # Each moved account's first order (day, rep) up to the planning moment: a colleague's
    # meeting or call before another rep's first order stays his (core.handover.move_rows).
    con.register("routekpi_handover", moves)
    firsts = con.execute(
        "SELECT CAST(account AS VARCHAR) AS account, CAST(rep AS VARCHAR) AS rep, "
        f'MIN(date) AS "first_order", MIN(CASE WHEN {SALE_SQL} THEN date END) AS "first_sale" '
        f"FROM orders WHERE date <= {day} AND rep IS NOT NULL "
        "AND CAST(account AS VARCHAR) IN (SELECT account FROM routekpi_handover) GROUP BY 1, 2"
    ).df()
    opened = first_order_days(_first_sales(firsts, "first_sale", "first_order"))
    moves = moves.assign(
        opened=pd.to_datetime([opened.get(a, (pd.NaT, ""))[0] for a in moves["account"]]),
        opener=[opened[a][1] if a in opened else None for a in moves["account"]],
    )
    con.unregister("routekpi_handover")
    con.register("routekpi_handover", moves)
    handed = _with_given_months(con, relations, handed)
    for view, columns in (("orders", ORDER_COLUMNS), ("visits", VISIT_COLUMNS)):
        relation = relations.get(view)
        if relation is None:
            continue  # no visits input: the empty view stays
        stays = ""
        if view == "visits" and PROSPECTING_KINDS:
            kinds = sql_in_list(PROSPECTING_KINDS)
            # A line without a kind is no prospecting (``isin`` in core.handover.move_rows).
            lost = "COALESCE(CAST(o.date AS TIMESTAMP) < m.opened AND m.rep <> m.opener, FALSE)"
            stays = f" AND NOT ((m.gone OR {lost}) AND COALESCE(o.kind IN {kinds}, FALSE))"
        select = ", ".join(
            "CASE WHEN m.holder IS NOT NULL AND CAST(o.date AS TIMESTAMP) < m.until"
            f"{stays} THEN m.holder ELSE o.rep END AS rep"
            if c == "rep"
            else f"o.{c}"
            for c in columns
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {select} FROM {relation} o "
            "LEFT JOIN routekpi_handover m ON CAST(o.account AS VARCHAR) = m.account "
            "AND CAST(o.rep AS VARCHAR) = m.rep"
        )
    return move_accounts(accounts, sheet_moves), handed, own


def _with_given_months(
    con: duckdb.DuckDBPyConnection, relations: Mapping[str, str], handed: Handover
) -> Handover:
    """``Handover.given_months`` in SQL (core.handover.given_months on the lines): each
    listed account's orders of its previous rep before they moved, by rep and month."""
    relation = relations.get("orders")
    if relation is None or not handed.received_lines:
        return handed
    lines = pd.DataFrame(
        {
            "account": [a for a, _r, _h, _d in handed.received_lines],
            "rep": [r for _a, r, _h, _d in handed.received_lines],
            "until": pd.to_datetime([d for _a, _r, _h, d in handed.received_lines]),
        },
    )
    con.register("routekpi_given", lines)
    try:
        sums = con.execute(
            "SELECT g.rep AS rep, strftime(CAST(o.date AS TIMESTAMP), '%Y-%m') AS month, "
            f"SUM(o.amount) AS revenue FROM {relation} o JOIN routekpi_given g "
            "ON CAST(o.account AS VARCHAR) = g.account AND CAST(o.rep AS VARCHAR) = g.rep "
            "WHERE CAST(o.date AS TIMESTAMP) < g.until GROUP BY 1, 2 ORDER BY 1, 2"
        ).df()
    finally:
        con.unregister("routekpi_given")
    given = tuple(
        (str(r), str(m), float(v))
        for r, m, v in zip(sums["rep"], sums["month"], sums["revenue"], strict=True)
        if pd.notna(v)
    )
    return replace(handed, given_months=given)
