"""The compact history in pandas: raw order and visit rows → HistoryFacts.

``routekpi.sources`` builds the same tables with SQL (DuckDB, or a warehouse) so that a
history of tens of millions of rows never reaches Python; this is the reference the SQL is
tested against, and what the engine's "raw rows and facts agree" tests use.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from routekpi.core.account_step import step_months_of
from routekpi.core.at_work import cover_months_of, with_cover_orders
from routekpi.core.calendar import leave_spans
from routekpi.core.daily import CAPACITY_WINDOW_DAYS, account_visit_months, order_account_days
from routekpi.core.flags import order_window_bounds
from routekpi.core.handover import hand_over, holders_now
from routekpi.core.history import (
    ACCOUNT_MONTH_COLUMNS,
    HANDOVER_MONTH_COLUMNS,
    LIFETIME_COLUMNS,
    ORDER_DAY_COLUMNS,
    ORDER_DAYS_LOOKBACK,
    REP_DAY_COLUMNS,
    REP_MONTH_COLUMNS,
    RHYTHM_COLUMNS,
    SAME_ACCOUNT_COLUMNS,
    SAME_MONTH_COLUMNS,
    VISIT_FACT_COLUMNS,
    WINDOW_COLUMNS,
    History,
    HistoryFacts,
    empty_frame,
)
from routekpi.core.lapse import (
    last_order_by,
    order_rhythm,
    pause_counts,
    sale_lines,
    year_ago,
)
from routekpi.core.levers import same_account_sums, same_month_account_sums
from routekpi.core.lost import ended_accounts, ended_months_of
from routekpi.core.meetings import own_first_frame, with_customer_meetings
from routekpi.core.orders_start import orders_start_of_facts
from routekpi.core.route_days import route_visit_days
from routekpi.core.visit_days import visit_day_months
from routekpi.core.won import won_months_of


def compact_history(
    history: History,
    as_of: date,
    handover_by: date | None = None,
    contact: date | None = None,
    year_start: date | None = None,
) -> History:
    """The same history with its orders and visits replaced by HistoryFacts as of ``as_of``
    (a departed rep's accounts handed over first, as of ``handover_by`` or ``as_of``, as the
    history sources do, with ``year_start`` the plan year's first day); visits counted as
    contact through ``contact`` (default ``as_of``)."""
    # Who has left and who serves the accounts the sheet still gives them, read from the
    # lines before they are summed (``core.engine.run`` reads it first on raw rows too).
    history, now = holders_now(history, as_of)
    # A colleague's orders on a rep's accounts on his leave days are his (core.at_work).
    history = with_cover_orders(history, as_of)
    history = with_customer_meetings(history)
    # Each rep's first own month, before the handover gives a newcomer his accounts' past.
    own = own_first_frame(history)
    history, handed = hand_over(history, handover_by or as_of, year_start)
    facts = build_facts(history.orders, history.visits, as_of, contact)
    facts = replace(facts, standing=now, own_first=own)
    if handed is not None and handed.taken_over:
        taken = {account for account, _, _, _ in handed.taken_over}
        months = handover_months(history.orders, history.visits, taken, as_of)
        facts = replace(facts, handover_months=months)
    # The ended accounts per account × month: what the plan's baseline takes out (core.lost).
    ended = ended_months_of(history.orders, history.visits, ended_accounts(history, as_of), as_of)
    facts = replace(facts, ended_months=ended)
    # The accounts first ordering in the lookback, per account × month: a material win (core.won).
    firsts = facts.lifetimes.set_index(facts.lifetimes["account"].astype(str))["first"]
    won = won_months_of(history.orders, history.visits, firsts, as_of, facts.first)
    facts = replace(facts, won_months=won)
    # Every account per rep × month over two years: a material account's step down.
    facts = replace(facts, step_months=step_months_of(history.orders, as_of))
    # Colleagues' visits on a holder's leave days: cover, counted for the holder (core.at_work).
    spans = leave_spans(history.leave)
    cover = cover_months_of(history.visits, history.accounts, spans, as_of, history.orders)
    facts = replace(facts, cover_months=cover, cover_orders=history.cover_orders)
    empty = history.orders.iloc[:0], history.visits.iloc[:0]
    return replace(history, orders=empty[0], visits=empty[1], facts=facts)


def build_facts(
    orders: pd.DataFrame, visits: pd.DataFrame, as_of: date, contact: date | None = None
) -> HistoryFacts:
    """HistoryFacts of raw ORDER_COLUMNS / VISIT_COLUMNS rows (see HistoryFacts); the visit
    side (rhythm, rep_days, late_visits) through ``contact`` (default ``as_of``)."""
    seen = max(as_of, contact) if contact is not None else as_of
    stamps = [s for s in (orders["date"], visits["date"]) if len(s)]
    first = min(s.min() for s in stamps).date() if stamps else None
    last = max(s.max() for s in stamps).date() if stamps else None
    orders_last = orders["date"].max().date() if len(orders) else None
    any_visit = bool((visits["kind"] == "visit").any()) if len(visits) else False
    ts = pd.Timestamp(as_of)
    o = orders[orders["date"] <= ts]
    v = visits[visits["date"] <= ts]
    vc = visits[visits["date"] <= pd.Timestamp(seen)]  # contact: rhythm, rep_days

    rep_months = empty_frame(REP_MONTH_COLUMNS)
    same_accounts = empty_frame(SAME_ACCOUNT_COLUMNS)
    same_months = empty_frame(SAME_MONTH_COLUMNS)
    account_months = empty_frame(ACCOUNT_MONTH_COLUMNS)
    lifetimes = empty_frame(LIFETIME_COLUMNS)
    if len(o):
        month = o["date"].dt.to_period("M")
        rep_months = (
            pd.DataFrame(
                {
                    "rep": o["rep"].astype(str),
                    "month": month,
                    "revenue": o["amount"].astype(float),
                    "orders": (o["amount"] > 0).astype(float),
                    "quantity": o["quantity"].astype(float).fillna(0.0),
                }
            )
            .groupby(["rep", "month"], sort=True)
            .sum()
            .reset_index()
        )
        # The unit-price trend on the same customers (core.levers.same_account_sums).
        same_accounts = same_account_sums(
            o["account"], month, o["amount"], (o["amount"] > 0).astype(float)
        )
        # ... and per month against the same month a year before (a short history's pace).
        same_months = same_month_account_sums(
            o["account"], month, o["amount"], (o["amount"] > 0).astype(float)
        )
        account_months = (
            pd.DataFrame(
                {"account": o["account"].astype(str), "month": month, "revenue": o["amount"]}
            )
            .astype({"revenue": float})
            .groupby(["account", "month"], sort=True)
            .sum()
            .reset_index()
        )
        # The rep of the last order; of two on that day, the one that sorts last. An order is
        # a sale: a return is no first or last order (core.lapse ``sale_lines``, trial 53 H1).
        sales = sale_lines(o)
        lifetimes = (
            pd.DataFrame(
                {
                    "account": sales["account"].astype(str),
                    "date": sales["date"],
                    "rep": sales["rep"],
                }
            )
            .sort_values(["date", "rep"], kind="stable")
            .groupby("account", sort=True)
            .agg(first=("date", "min"), last=("date", "max"), rep=("rep", "last"))
            .reset_index()
        )
        lifetimes["last_year_ago"] = (
            last_order_by(o, year_ago(as_of)).reindex(lifetimes["account"]).to_numpy()
        )

    vf = _visit_facts(v)
    late_visits = _visit_facts(vc[vc["date"] > ts])

    # Visit rhythm per account: visits of kind visit with an account (to the contact day),
    # from the history's start (HistoryFacts.start: visits before the first order month are
    # no history, core.orders_start).
    rhythm = empty_frame(RHYTHM_COLUMNS)
    late = orders_start_of_facts(first, rep_months)
    since = pd.Timestamp(late.day) if late is not None else None
    rv = vc[(vc["kind"] == "visit") & vc["account"].notna()]
    if since is not None:
        rv = rv[rv["date"] >= since]
    if len(rv):
        rv = rv.sort_values(["account", "date"], kind="stable")
        days = rv["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
        acct = rv["account"].astype(str).to_numpy()
        same = np.r_[False, acct[1:] == acct[:-1]]
        gaps = np.where(same, np.diff(days, prepend=days[0]), np.nan)
        per = pd.DataFrame({"account": acct, "gap": gaps, "date": rv["date"].to_numpy()})
        rhythm = (
            per.groupby("account", sort=True)
            .agg(count=("date", "size"), usual=("gap", "median"), last_visit=("date", "max"))
            .reset_index()
        )
        rhythm["count"] = rhythm["count"].astype(np.int64)

    lo, mid, _ = order_window_bounds(as_of)
    w = o[o["date"] > lo]
    windows = empty_frame(WINDOW_COLUMNS)
    if len(w):
        recent = w["date"] > mid
        windows = (
            pd.DataFrame(
                {
                    "account": w["account"].astype(str),
                    "recent": w["amount"].astype(float).where(recent, 0.0),
                    "prior": w["amount"].astype(float).where(~recent, 0.0),
                }
            )
            .groupby("account", sort=True)
            .sum()
        )
        # Days with an order (a positive line) in each window, as order_windows.sql counts.
        days = pd.DataFrame(
            {"account": w["account"].astype(str), "date": w["date"], "recent": recent}
        )[(w["amount"] > 0).to_numpy()].drop_duplicates(["account", "date"])
        counted = days.groupby(["account", "recent"]).size().unstack("recent")
        for col, late in (("recent_orders", True), ("prior_orders", False)):
            n = counted[late] if late in counted.columns else pd.Series(dtype=float)
            windows[col] = n.reindex(windows.index).fillna(0.0).astype(float)
        windows = windows.reset_index()

    start = pd.Timestamp(seen - timedelta(days=CAPACITY_WINDOW_DAYS - 1))
    d = vc[(vc["kind"] == "visit") & (vc["date"] >= start)]
    rep_days = empty_frame(REP_DAY_COLUMNS)
    if len(d):
        rep_days = (
            pd.DataFrame({"rep": d["rep"].astype(str), "date": d["date"], "visits": 1.0})
            .groupby(["rep", "date"], sort=True)
            .sum()
            .reset_index()
        )
    account_days = order_account_days(o, as_of)
    return HistoryFacts(
        as_of=as_of,
        first=first,
        last=last,
        any_visit=any_visit,
        rep_months=rep_months,
        account_months=account_months,
        lifetimes=lifetimes,
        visits=vf,
        rhythm=rhythm,
        windows=windows,
        rep_days=rep_days,
        same_accounts=same_accounts,
        same_months=same_months,
        orders_last=orders_last,
        contact=seen,
        late_visits=late_visits,
        order_days=_order_days(o),
        # Each account's order days (the Daily list's 納品 contacts, its off-season rule).
        account_days=account_days,
        # The months each account was met in without an order (open then: closed_months).
        account_visit_months=account_visit_months(visits, as_of, seen, account_days),
        # Each account's visit days in the route weeks: its route weekdays (core.route_days).
        route_visits=route_visit_days(visits, as_of, seen),
        # Each visited account's order and visit days per month: whether orders come with
        # the visits, for any baseline window (core.visit_days.facts_visit_days; the
        # KEPT_MONTHS to the as-of date only: no baseline reads older ones).
        visit_day_months=visit_day_months(o, v, as_of),
        # The pauses after the order days: old customers among the first wins (core.lapse).
        pauses=pause_counts(o, as_of),
        # The orders' rhythm: a large account's own lapse when the accounts are derived from
        # these facts (core.lapse.derive_accounts_from_facts), as from the rows.
        order_rhythm=order_rhythm(o, as_of),
        # ... and a year before: who the rule had lost then (core.lapse.returning).
        order_rhythm_year_ago=order_rhythm(o, year_ago(as_of)),
    )


def handover_months(
    orders: pd.DataFrame, visits: pd.DataFrame, accounts: set[str], as_of: date
) -> pd.DataFrame:
    """HistoryFacts.handover_months: revenue, orders and visits per account × rep × month up
    to ``as_of`` of ``accounts`` (the ones taken over during the plan year), as
    ``core.lost.ended_months_of`` sums the ended ones (``picked_months.sql`` and
    ``picked_visits.sql``): the Review's handover split and core.carry's baseline shares."""
    both = ended_months_of(orders, visits, accounts, as_of)
    return both.reindex(columns=list(HANDOVER_MONTH_COLUMNS))


def _visit_facts(v: pd.DataFrame) -> pd.DataFrame:
    """Visits, attempts, appointments and meetings per rep × month of visit rows."""
    if not len(v):
        return empty_frame(VISIT_FACT_COLUMNS)
    kind = v["kind"]
    return (
        pd.DataFrame(
            {
                "rep": v["rep"].astype(str),
                "month": v["date"].dt.to_period("M"),
                "visits": (kind == "visit").astype(float),
                "attempts": (kind == "attempt").astype(float),
                "appointments": ((kind == "attempt") & (v["outcome"] == "won")).astype(float),
                "meetings": (kind == "meeting").astype(float),
            }
        )
        .groupby(["rep", "month"], sort=True)
        .sum()
        .reset_index()
    )


def _order_days(o: pd.DataFrame) -> pd.DataFrame:
    """The distinct order dates of the ORDER_DAYS_LOOKBACK days to the last order (sorted)."""
    if not len(o):
        return empty_frame(ORDER_DAY_COLUMNS)
    lo = o["date"].max() - pd.Timedelta(days=ORDER_DAYS_LOOKBACK)
    days = np.sort(o.loc[o["date"] >= lo, "date"].unique())
    return pd.DataFrame({"date": pd.to_datetime(days).astype("datetime64[ns]")})
