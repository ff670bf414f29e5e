"""A rep's visit ratios measured on the months he was at work (trial 20, finding 5).

A rep on leave for most of a baseline month made no visits in it while his customers kept
ordering: over the whole window his visit frequency reads low and his orders per visit high
(林優子, four months of 育休: 0.65 visits a month per account for the team's 0.99, 1.87 orders
per visit for 1.25), and next year's plan would ask a rep back at work for two-thirds of
normal visits. So a month he was away on at least half its working days
(``calendar.PRESENT_SHARE``) is left out of his visit frequency, the months he worked carried
to a year; his stock levers (active accounts, unit price) keep the whole window. Orders per
visit is then the window's orders per account ÷ that visit frequency: the two multiply back
to the orders he had, so his targets still multiply back to his share of the KGI.

The months he worked are carried to a year by the team's visit season (``visit_season``),
not flat (trial 50 H5: 佐藤's Jun–Aug leave on a kerosene route, the three quietest months;
his 3,473 visits in the other nine × 12/9 read 4,631 where his customers had 4,161, and his
next year's visit target asked +24%). One rule, not two: a month left out is left out with
the cover visits in it (they stay off the cover's own frequency, below); a month kept (away
under half of it) keeps them, so it is whole. Counting the cover visits as his *and*
dropping their months carried his year twice over its quiet months.

Visits a colleague made to his customers on his leave days are cover: they count for the
customer's holder (his customers were visited), not for the colleague, whose own visit
frequency would otherwise carry them into a year in which the holder is back.

Leave inside the plan year (trial 20, finding 5 and its running-year review): a rep on
parental leave for five of the twelve plan months keeps his book. His customers go on ordering
(trial 20: 林優子's clinics at ~101% of the year before during her 育休, booked under her name)
and a colleague's cover visits count as his (above), so his share of the KGI, his levers and
his month shape are exactly as without leave: scaling them down moved his book's revenue
onto colleagues' targets and put him far ahead of a target his book would beat anyway. Only
what he does himself scales: his pipeline (``targets.AWAY_COUNTS``: new accounts, meetings,
appointment attempts) by ``plan_presence`` (the plan year's working days he is not on leave
÷ all of them; a month half on leave counts half), on his months at work by
``month_presence`` (nothing on a month wholly on leave); the team's is its reps' sum, not
pushed onto the others. A manager who wants colleagues to carry his accounts reassigns them
on the Accounts sheet.

Orders follow the same rule as cover visits (trial 23: 佐藤's 育休, her clinics' orders booked
under her cover 清水's rep code by the ERP; 清水 read ¥1,187M and orders per visit 12.83 for the
team's 7.32, 佐藤 ¥261M on four months of her book): an order another rep booked on a rep's
account on that rep's leave days is the holder's (``with_cover_orders``), on every table, before
the handover and anything summed. A rep's accounts for a leave (``leave_accounts``) are those he
held when it began: the Accounts sheet's, unless the sheet's rep had not yet booked on one that a
colleague had (the master names today's rep: trial 52, two accounts 中村 served until they came to
小林 after his 育休), and an account the sheet does not name (no customer master): each the rep's
whose order was its last before the leave began.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.calendar import BusinessCalendar, LeaveSpan, leave_spans, month_label
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.history import (
    COVER_MONTH_COLUMNS,
    COVER_ORDER_COLUMNS,
    History,
    empty_frame,
)
from routekpi.core.measure import TEAM

__all__ = [
    "ABSENCE_COVER_COLUMNS",
    "LEAVE_ACCOUNT_COLUMNS",
    "VISITS_STOPPED_WORKING_DAYS",
    "AtWork",
    "absence_cover_orders",
    "absence_cover_stretches",
    "at_work_visits",
    "cover_months_of",
    "cover_order_sums",
    "holders_on_eve",
    "leave_accounts",
    "leave_length",
    "leave_months",
    "leave_reason",
    "lever_values",
    "levers_at_work",
    "month_presence",
    "own_visit_months",
    "own_visit_pace",
    "plan_presence",
    "present_split",
    "season_held",
    "season_visit_frequency",
    "target_to_date",
    "visit_season",
    "with_cover_orders",
    "with_cover_visits",
]


# Working days from a rep's last visit to the last order (the as-of date at the latest) that
# read as a visit log left unpasted: two working weeks, longer than a holiday or a busy week
# (validation.period's Checks warning; core.review leaves those months out of his split).
VISITS_STOPPED_WORKING_DAYS = 10


@dataclass(frozen=True)
class AtWork:
    """What ``at_work_visits`` changed: the reps measured on fewer months (rep → working
    days on leave in the window, months left out, the months worked's share of the team's
    visit year: ``visit_season``) and the cover visits moved (visitor, holder, visits)."""

    away: tuple[tuple[str, int, int, float], ...] = ()
    cover: tuple[tuple[str, str, int], ...] = ()


# Each account of a rep on leave with the span's days (the SQL path's ``leave_accounts``).
LEAVE_ACCOUNT_COLUMNS = ("account", "holder", "first_day", "last_day")


def leave_accounts(
    accounts: pd.DataFrame,
    orders: pd.DataFrame,
    leave: tuple[LeaveSpan, ...],
    derived: bool = False,
) -> pd.DataFrame:
    """LEAVE_ACCOUNT_COLUMNS: per leave span, the accounts its rep held on the span's eve
    (``holders_on_eve``): the Accounts table's rep, unless he had no order on it before the
    span while a colleague had (today's master names the rep it went to later: trial 52, 中村's
    two accounts that came to 小林 after his 育休 moved ¥13.3M of 中村's orders to 小林), then
    the rep of its last order before the span (of two on that day, the one that sorts last);
    an account the table does not name (all of them when ``derived``: the table is the
    orders' own reading, under whoever booked last) the rep of its last order before it.
    ``orders`` needs only date, account and rep; each (account, rep)'s last order before a
    span is all that is read (the SQL path passes just those)."""
    cols = list(LEAVE_ACCOUNT_COLUMNS)
    if not leave:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    sheet = pd.Series(dtype=object)
    if len(accounts) and not derived:
        named = accounts[accounts["account"].notna() & accounts["rep"].notna()]
        named = named.drop_duplicates("account", keep="last")
        sheet = pd.Series(
            named["rep"].astype(str).to_numpy(), index=named["account"].astype(str).to_numpy()
        )
    known = None
    if len(orders):
        ok = (orders["account"].notna() & orders["rep"].notna()).to_numpy()
        known = pd.DataFrame(
            {
                "account": orders["account"].astype(str).to_numpy()[ok],
                "rep": orders["rep"].astype(str).to_numpy()[ok],
                "date": pd.to_datetime(orders["date"]).to_numpy()[ok],
            }
        )
    parts: list[pd.DataFrame] = []
    for rep, a, b in leave:
        mine = holders_on_eve(sheet, known, rep, pd.Timestamp(a))
        if mine:
            parts.append(
                pd.DataFrame(
                    {
                        "account": pd.Series(sorted(mine), dtype=object),
                        "holder": rep,
                        "first_day": pd.Timestamp(a),
                        "last_day": pd.Timestamp(b),
                    }
                )
            )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    found = pd.concat(parts, ignore_index=True)[cols]
    return _apart(found.sort_values(["account", "first_day", "holder"], ignore_index=True))


def holders_on_eve(
    sheet: pd.Series, known: pd.DataFrame | None, rep: str, first: pd.Timestamp
) -> set[str]:
    """The accounts ``rep`` held on the day before ``first`` (``leave_accounts``' rule):
    ``sheet`` account → the Accounts table's rep; ``known`` the orders (account, rep, date
    as texts and days)."""
    on_sheet = set(sheet.index[sheet.to_numpy() == rep])
    if known is None or not len(known):
        return on_sheet
    before = known[known["date"] < first.to_datetime64()]
    # Only an account he booked before the span, or one the table gives him, can be his
    # then (a sheet account of a colleague's is the colleague's, or the last booker's).
    his = set(before.loc[before["rep"].to_numpy() == rep, "account"])
    maybe = before[before["account"].isin(his | on_sheet)]
    if not len(maybe):
        return on_sheet
    pairs = maybe.groupby(["account", "rep"], sort=False)["date"].max().reset_index()
    last = pairs.sort_values(["date", "rep"], kind="stable").groupby("account")["rep"].last()
    sheet_rep = pairs["account"].map(sheet)
    served = set(pairs.loc[(pairs["rep"] == sheet_rep).to_numpy(), "account"])
    out = set()
    for account in his | on_sheet:
        named = sheet.get(account)
        if named is not None and (account in served or account not in last.index):
            holder = named  # the table's rep served it by then, or nobody had
        else:
            holder = last[account]
        if holder == rep:
            out.add(account)
    return out


def _apart(spans: pd.DataFrame) -> pd.DataFrame:
    """``spans`` (sorted by account, first day, holder) with no two of an account's days
    overlapping: a later span starts after the one before it ends (two Leave rows of one
    leave typed twice; two holders by the orders), so a line matches one span at most (a
    join in SQL, not a subquery per line)."""
    keep: list[tuple[str, str, pd.Timestamp, pd.Timestamp]] = []
    for account, holder, a, b in spans.itertuples(index=False, name=None):
        if keep and keep[-1][0] == account and a <= keep[-1][3]:
            a = keep[-1][3] + pd.Timedelta(days=1)
            if a > b:
                continue
        keep.append((account, holder, a, b))
    return pd.DataFrame(keep, columns=list(LEAVE_ACCOUNT_COLUMNS)).astype(
        {"account": object, "holder": object}
    )


def _cover_holder(frame: pd.DataFrame, spans: pd.DataFrame) -> pd.Series:
    """Per row of ``frame`` (date, account, rep): the holder of its account when it falls on
    his leave days (``spans``: ``leave_accounts``) under another rep, else NaN."""
    out = pd.Series(np.nan, index=frame.index, dtype=object)
    if not (len(frame) and len(spans)):
        return out
    rows = pd.DataFrame(
        {
            "row": np.arange(len(frame)),
            "account": frame["account"].astype(str).to_numpy(),
            "rep": frame["rep"].astype(str).to_numpy(),
            "day": pd.to_datetime(frame["date"]).dt.normalize().to_numpy(),
        }
    )[(frame["account"].notna() & frame["rep"].notna()).to_numpy()]
    hit = rows[rows["account"].isin(set(spans["account"]))].merge(spans, on="account")
    hit = hit[
        (hit["day"] >= hit["first_day"])
        & (hit["day"] <= hit["last_day"])
        & (hit["rep"] != hit["holder"])
    ]
    if len(hit):  # one span at most per line (``_apart``)
        out.iloc[hit["row"].to_numpy()] = hit["holder"].to_numpy()
    return out


def with_cover_orders(history: History, as_of: date) -> History:
    """The history with each order another rep booked on a rep's account on his leave days
    (``leave_accounts``) under that rep, and what moved up to ``as_of`` in ``cover_orders``
    (module doc: the cover visits' rule). A derived accounts table follows the orders moved
    (its rep is the last order's). Unchanged without leave, and for the compact history (its
    orders were moved before they were summed)."""
    leave = leave_spans(history.leave)
    if not leave or history.facts is not None or history.cover_orders is not None:
        return history
    orders = history.orders
    if not len(orders):
        return history
    spans = leave_accounts(history.accounts, orders, leave, history.accounts_derived)
    holder = _cover_holder(orders, spans)
    moved = holder.notna().to_numpy()
    if not moved.any():
        return replace(history, cover_orders=empty_frame(COVER_ORDER_COLUMNS))
    out = orders.copy()
    out["rep"] = out["rep"].astype(object)  # a Categorical may not know the holder's name
    booked = out["rep"].to_numpy()[moved]
    out.loc[moved, "rep"] = holder[moved].to_numpy()
    day = pd.to_datetime(orders["date"]).to_numpy()[moved]
    amount = orders["amount"].astype(float).to_numpy()[moved]
    found = pd.DataFrame(
        {
            "visitor": booked.astype(str),
            "holder": holder[moved].astype(str).to_numpy(),
            "month": pd.DatetimeIndex(day).to_period("M"),
            "revenue": amount,
            "orders": (amount > 0).astype(float),
        }
    )[day <= np.datetime64(pd.Timestamp(as_of))]
    sums = found.groupby(["visitor", "holder", "month"]).sum().reset_index()
    accounts = history.accounts
    if history.accounts_derived and len(accounts):
        # The orders' own reading of who holds an account: the rep of its last order, now
        # the holder's where the cover booked it (sorted as core.lapse.derive_accounts).
        last = (
            out.loc[out["date"] <= pd.Timestamp(as_of), ["date", "account", "rep"]]
            .assign(account=lambda f: f["account"].astype(str), rep=lambda f: f["rep"].astype(str))
            .sort_values(["date", "rep"], kind="stable")
            .groupby("account")["rep"]
            .last()
        )
        ids = accounts["account"].astype(str)
        now = ids.map(last)
        change = ids.isin(set(spans["account"])) & now.notna()
        if change.any():
            accounts = accounts.copy()
            accounts["rep"] = accounts["rep"].astype(object)
            accounts.loc[change, "rep"] = now[change].to_numpy()
    return replace(
        history,
        orders=out,
        accounts=accounts,
        cover_orders=sums.reindex(columns=list(COVER_ORDER_COLUMNS)),
    )


def cover_order_sums(
    history: History, months: list[pd.Period] | None = None
) -> tuple[tuple[str, str, int, float], ...]:
    """(booking rep, holder, orders, revenue) of the orders moved to a holder on leave
    (``with_cover_orders``, or the compact history's ``cover_orders``), per pair; only
    ``months``' when given."""
    found = history.facts.cover_orders if history.facts is not None else history.cover_orders
    if found is not None and months is not None:
        found = found[found["month"].isin(months)]
    if found is None or not len(found):
        return ()
    pairs = found.groupby(["visitor", "holder"], sort=True)[["orders", "revenue"]].sum()
    return tuple(
        (str(v), str(h), round(float(n)), float(r))
        for (v, h), n, r in zip(pairs.index, pairs["orders"], pairs["revenue"], strict=True)
    )


def cover_months_of(
    visits: pd.DataFrame,
    accounts: pd.DataFrame,
    leave: tuple[LeaveSpan, ...],
    as_of: date,
    orders: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Visits of kind visit, up to ``as_of``, to an account on its holder's leave days
    (``leave_accounts``: the Accounts table's, else by ``orders``) by another rep:
    COVER_MONTH_COLUMNS, one row per visitor × holder × month."""
    empty = empty_frame(COVER_MONTH_COLUMNS)
    if not (leave and len(visits)):
        return empty
    spans = leave_accounts(accounts, orders if orders is not None else visits.iloc[:0], leave)
    v = visits[(visits["kind"] == "visit").to_numpy(dtype=bool)]
    v = v[(pd.to_datetime(v["date"]) <= pd.Timestamp(as_of)).to_numpy()]
    holder = _cover_holder(v, spans)
    covered = holder.notna().to_numpy()
    if not covered.any():
        return empty
    found = pd.DataFrame(
        {
            "visitor": v["rep"].to_numpy()[covered].astype(str),
            "holder": holder.to_numpy()[covered].astype(str),
            "month": pd.to_datetime(v["date"]).dt.to_period("M").to_numpy()[covered],
        }
    )
    out = found.groupby(["visitor", "holder", "month"]).size().rename("visits").reset_index()
    out["visits"] = out["visits"].astype(float)
    return out.reindex(columns=list(COVER_MONTH_COLUMNS))


# The orders-only book's cover record (``absence_cover_orders``): per rep away × colleague,
# the account-days the colleague booked on his accounts while he booked nothing, and the
# first and last of those days.
ABSENCE_COVER_COLUMNS = ("holder", "visitor", "orders", "first", "last")


def _colleague_days(
    days: pd.DataFrame, holder_of: Mapping[str, str], wanted: set[str], *, keep_blank: bool
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Of ``days`` (ACCOUNT_DAY_COLUMNS), every row (account, rep, day: ``keep_blank`` False
    drops those without an account or rep) and the rows a colleague booked on an account of
    a rep in ``wanted`` (``holder``) between the holder's own first and last day on it; None
    when there is no such row."""
    if not (len(days) and wanted):
        return None
    keep = (
        np.ones(len(days), dtype=bool)
        if keep_blank
        else (days["account"].notna() & days["rep"].notna()).to_numpy()
    )
    every = pd.DataFrame(
        {
            "account": days["account"].astype(str).to_numpy()[keep],
            "rep": days["rep"].astype(str).to_numpy()[keep],
            "day": pd.to_datetime(days["date"]).dt.normalize().to_numpy()[keep],
        }
    )
    frame = every.copy()
    frame["holder"] = frame["account"].map(
        {str(a): str(r) for a, r in holder_of.items() if str(r) in wanted}
    )
    frame = frame[frame["holder"].notna()]
    own = frame[frame["rep"] == frame["holder"]]
    other = frame[frame["rep"] != frame["holder"]]
    if not (len(own) and len(other)):
        return None
    # His own order days on each account: the first and the last.
    bounds = own.groupby("account")["day"].agg(["min", "max"])
    other = other.join(bounds, on="account")
    other = other[(other["day"] > other["min"]) & (other["day"] < other["max"])]
    return every, other


def absence_cover_orders(
    days: pd.DataFrame, holder_of: Mapping[str, str], holders: Collection[str]
) -> pd.DataFrame:
    """Who served a rep's accounts while he was away, read from the orders of a book without
    visit records (trial 34 M2: 佐藤 booked 55 refills on 小川's machines 2026-08-17 … 08-21,
    a week nobody typed on the Leave sheet; in route sales the order day is the visit).

    ``days``: ACCOUNT_DAY_COLUMNS (the distinct account × rep × day of the order lines);
    ``holder_of``: account → its rep now (the Accounts sheet's); ``holders``: the reps asked
    about. A row counts when another rep booked it on a holder's account on a day the holder
    booked no order on any account (he was not on his route), between two of the holder's own
    order days on that account (his account before and after: not one handed to him later,
    nor one he was handed). ABSENCE_COVER_COLUMNS, one row per holder × colleague."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in ABSENCE_COVER_COLUMNS})
    wanted = {str(h) for h in holders}
    found = _colleague_days(days, holder_of, wanted, keep_blank=True)
    if found is None:
        return empty
    every, other = found
    # Days the holder booked anything at all (on any account, his or not).
    busy = pd.MultiIndex.from_frame(every[["rep", "day"]].drop_duplicates())
    worked = pd.MultiIndex.from_arrays([other["holder"].to_numpy(), other["day"].to_numpy()])
    other = other[~worked.isin(busy)]
    if not len(other):
        return empty
    out = (
        other.groupby(["holder", "rep"])["day"]
        .agg(orders="size", first="min", last="max")
        .reset_index()
        .rename(columns={"rep": "visitor"})
    )
    out["first"] = out["first"].dt.date
    out["last"] = out["last"].dt.date
    out["orders"] = out["orders"].astype(int)
    return out.reindex(columns=list(ABSENCE_COVER_COLUMNS))


# Trial 37 M2: a week away nobody typed on the Leave sheet, in a book with visit records
# (鈴木 delivered to and booked for 高橋's accounts 2025-01-19…25 while 高橋 logged 1–2
# visits a day and booked nothing). A day the holder had at most this share of his usual
# order days a day (the median over the days he had any) is a day away from his round.
QUIET_DAY_SHARE = 0.25
# Days a colleague's order days on his quiet days may lie apart and still be one stretch (a
# weekend and a holiday between them), and the fewest that read as a cover (a phone order
# taken for a colleague now and then is not one).
ABSENCE_STRETCH_GAP_DAYS = 4
MIN_ABSENCE_DAYS = 10


def absence_cover_stretches(
    days: pd.DataFrame, holder_of: Mapping[str, str], holders: Collection[str]
) -> pd.DataFrame:
    """Who served a rep's accounts in a stretch he was away that no Leave row declares, read
    from the order days of a book with visit records (``absence_cover_orders``' counterpart:
    for the Daily's cover only, the targets and baselines read declared leave alone).

    ``days``: ACCOUNT_DAY_COLUMNS (account × rep × day of the order lines); ``holder_of``:
    account → its rep now; ``holders``: the reps asked about. A colleague's row counts when
    it falls on a holder's account, between two of his own days on it, on a day the holder
    had at most ``QUIET_DAY_SHARE`` of his usual rows a day (on any account). Per holder ×
    colleague the stretch of such days (no more than ``ABSENCE_STRETCH_GAP_DAYS`` apart)
    with the most rows, when it has at least ``MIN_ABSENCE_DAYS``: ABSENCE_COVER_COLUMNS
    (``orders``: its account-days)."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in ABSENCE_COVER_COLUMNS})
    wanted = {str(h) for h in holders}
    found = _colleague_days(days, holder_of, wanted, keep_blank=False)
    if found is None:
        return empty
    every, other = found
    # Each holder's rows a day (any account) and his usual day: the median of his days.
    mine = every[every["rep"].isin(wanted)].groupby(["rep", "day"]).size()
    usual = mine.groupby(level="rep").median()
    at = pd.MultiIndex.from_arrays([other["holder"].to_numpy(), other["day"].to_numpy()])
    had = mine.reindex(at).fillna(0).to_numpy()
    limit = other["holder"].map(usual).fillna(0).to_numpy() * QUIET_DAY_SHARE
    other = other[had <= limit]
    rows = []
    for (holder, visitor), found in other.groupby(["holder", "rep"], sort=True):
        per_day = found.groupby("day").size().sort_index()
        gaps = per_day.index.to_series().diff().dt.days.to_numpy()
        stretch = np.cumsum(gaps > ABSENCE_STRETCH_GAP_DAYS)
        sums = per_day.groupby(stretch).sum()
        best = int(sums.idxmax())
        span = per_day.index[stretch == best]
        if int(sums[best]) >= MIN_ABSENCE_DAYS:
            rows.append((holder, visitor, int(sums[best]), span.min().date(), span.max().date()))
    if not rows:
        return empty
    return pd.DataFrame(rows, columns=list(ABSENCE_COVER_COLUMNS))


def cover_visits(
    history: History, leave: tuple[LeaveSpan, ...], months: list[pd.Period], as_of: date
) -> pd.DataFrame:
    """The cover visits (``cover_months_of``) in ``months``: from the rows, or the compact
    history's ``cover_months`` (none when it was built without them)."""
    if history.facts is not None:
        found = history.facts.cover_months
        found = found if found is not None else empty_frame(COVER_MONTH_COLUMNS)
    else:
        found = cover_months_of(history.visits, history.accounts, leave, as_of, history.orders)
    return found[found["month"].isin(months)] if len(found) else found


def with_cover_visits(facts: pd.DataFrame, history: History, as_of: date) -> pd.DataFrame:
    """The rep × month facts (before the team's row) with each month's cover visits moved
    from the colleague who made them to the holder on leave (module doc): his visit
    frequency, trends and ceilings read them as the holder's, as the orders moved with them
    (``with_cover_orders``); a leave month holds his customers' orders and their visits."""
    leave = leave_spans(history.leave)
    if not leave or "visits" not in facts.columns or not len(facts):
        return facts
    months = list(facts.index.get_level_values("month").unique())
    cover = cover_visits(history, leave, months, as_of)
    if not len(cover):
        return facts
    out = facts.copy()
    column = out.columns.get_loc("visits")
    for visitor, holder, month, n in zip(
        cover["visitor"], cover["holder"], cover["month"], cover["visits"], strict=True
    ):
        for rep, sign in ((visitor, -1.0), (holder, 1.0)):
            at = out.index.get_indexer([(rep, month)])[0]
            if at >= 0:
                out.iloc[at, column] += sign * float(n)
    return out


def at_work_visits(
    base: pd.DataFrame,
    facts: pd.DataFrame,
    history: History,
    calendar: BusinessCalendar,
    months: list[pd.Period],
    as_of: date,
    team: str,
) -> tuple[pd.DataFrame, AtWork]:
    """``base`` (rep × KPI over ``months``, its facts' cover visits already the holders':
    ``with_cover_visits``) with each rep's visits, visit frequency and orders per visit
    measured on the months he was at work (module doc); the team's visits are the reps' sum
    (its ratios: at the mix, later). Unchanged without leave."""
    if not calendar.leave or "visits" not in base.columns:
        return base, AtWork()
    cover = cover_visits(history, calendar.leave, months, as_of)
    out = base.copy()
    first, last = months[0].start_time.date(), months[-1].end_time.date()
    season = visit_season(facts, calendar, months, team)
    away: list[tuple[str, int, int, float]] = []
    delta = 0.0
    for rep in [str(r) for r in base.index if r != team]:
        present = calendar.present_months(rep, months)
        left_out = len(months) - len(present)
        if not left_out:
            continue
        old_vpa = float(base.at[rep, "visits_per_account"])
        if not (np.isfinite(old_vpa) and old_vpa > 0 and present):
            continue
        visits = sum(_fact(facts, rep, m, "visits") for m in present)
        # His account-months at work, each weighed by its month's usual visit rate (trial 50
        # H5): a summer away on a kerosene route leaves his busiest months, and the months he
        # worked are more than 9/12 of his year.
        held = season_held(facts, rep, present, season)
        if not (held > 0 and visits > 0):
            continue
        factor = visits / held / old_vpa
        new_visits = float(base.at[rep, "visits"]) * factor
        delta += new_visits - float(base.at[rep, "visits"])
        out.at[rep, "visits"] = new_visits
        out.at[rep, "visits_per_account"] = old_vpa * factor
        out.at[rep, "orders_per_visit"] = float(base.at[rep, "orders_per_visit"]) / factor
        share = sum(season[m] for m in present) / len(months)
        away.append((rep, len(calendar.leave_days(rep, first, last)), left_out, share))
    if team in out.index:
        out.at[team, "visits"] = float(base.at[team, "visits"]) + delta
    pairs = cover.groupby(["visitor", "holder"])["visits"].sum() if len(cover) else pd.Series()
    moved_pairs = tuple((str(v), str(h), int(n)) for (v, h), n in pairs.items())
    return out, AtWork(tuple(away), moved_pairs)


def visit_season(
    facts: pd.DataFrame, calendar: BusinessCalendar, months: list[pd.Period], team: str
) -> dict[pd.Period, float]:
    """Month → its usual visit rate over the window's mean (1.0 on average): the visits per
    account of the reps at work in every month of ``months`` (no leave month there: a rep
    away drags his months' rate down, a cover's moved visits are no season), each month's
    sum ÷ its account-months. Flat (1.0 each) when no such rep, or a month without visits
    or accounts, is there to read it from."""
    flat = dict.fromkeys(months, 1.0)
    reps = [
        r
        for r in facts.index.get_level_values("rep").unique()
        if r != team and len(calendar.present_months(r, months)) == len(months)
    ]
    if not reps or not len(months):
        return flat
    rates = []
    for m in months:
        visits = sum(_fact(facts, str(r), m, "visits") for r in reps)
        held = sum(_fact(facts, str(r), m, "active_accounts") for r in reps)
        rates.append(visits / held if held > 0 else np.nan)
    rate = np.array(rates, dtype=float)
    if not (np.isfinite(rate).all() and (rate > 0).all()):
        return flat
    return dict(zip(months, (rate / rate.mean()).tolist(), strict=True))


def season_held(
    facts: pd.DataFrame, rep: str, months: Collection[pd.Period], season: Mapping[pd.Period, float]
) -> float:
    """``rep``'s account-months in ``months``, each weighed by its month's usual visit rate
    (``visit_season``): what the months he worked hold of the window's visit year."""
    return sum(_fact(facts, rep, m, "active_accounts") * season[m] for m in months)


def season_visit_frequency(
    facts: pd.DataFrame,
    rep: str,
    season: Mapping[pd.Period, float],
    kept: Collection[pd.Period],
    elapsed: float,
) -> float:
    """``rep``'s visits per account per month over the months of ``season`` (the team's
    ``visit_season`` of them; ``elapsed`` months gone in them) measured on the months
    ``kept`` (his months at work) and carried to all of them by that season, as his
    baseline is (``at_work_visits``): the figure a colleague's whole period compares with
    (trial 50 H5: 佐藤's Apr–May and Sep–Nov read 1.65 beside colleagues' 1.39–1.50 over a
    year to date with the summer in it; carried by the season, 1.51). A rep with the
    team's month pattern reads his plain visits ÷ (average accounts × ``elapsed``). NaN
    without visits or accounts there."""
    visits = sum(_fact(facts, rep, m, "visits") for m in kept)
    held = season_held(facts, rep, kept, season)
    if not (held > 0 and elapsed > 0):
        return float("nan")
    # The season averages 1.0 a month over its months (one begun a few days ago among them
    # at its few days' rate): × their count ÷ the elapsed months reads per elapsed month.
    return float(visits / held * len(season) / elapsed)


def _fact(facts: pd.DataFrame, rep: str, month: pd.Period, column: str) -> float:
    """One rep-month fact (0 for a month the facts lack)."""
    try:
        return float(facts.at[(rep, month), column])
    except KeyError:
        return 0.0


def month_presence(
    calendar: BusinessCalendar, reps: list[str], months: list[pd.Period]
) -> np.ndarray:
    """Rep × month: the share of each month's working days the rep is not on leave (1.0
    without leave): what of a month's work he can do."""
    out = np.ones((len(reps), len(months)))
    for i, rep in enumerate(reps):
        if calendar.has_leave(rep):
            out[i] = [calendar.available_share(rep, m) for m in months]
    return out


def plan_presence(
    calendar: BusinessCalendar, reps: list[str], months: list[pd.Period]
) -> pd.Series:
    """Rep → the share of the plan year's working days he is at work (1.0 without leave;
    0 for a rep on leave all year): what his own pipeline is scaled by (targets.AWAY_COUNTS)."""
    days = calendar.month_counts(months)
    share = month_presence(calendar, reps, months)
    total = float(days.sum())
    values = share @ days / total if total > 0 else np.ones(len(reps))
    return pd.Series(values, index=list(reps), dtype=float)


def leave_months(calendar: BusinessCalendar, rep: str, months: list[pd.Period]) -> list[pd.Period]:
    """The months ``rep`` is on leave for more than half their working days (the months his
    own trends and the Review's lever split leave out: ``calendar.PRESENT_SHARE``)."""
    present = set(calendar.present_months(rep, months))
    return [m for m in months if m not in present]


def leave_reason(leave: pd.DataFrame | None, rep: str, first: date, last: date) -> str:
    """The reason typed on ``rep``'s first Leave row that overlaps ``first`` – ``last``
    (育休 …; empty when none is typed)."""
    if leave is None or not len(leave) or "reason" not in leave.columns:
        return ""
    rows = zip(leave["rep"], leave["start"], leave["end"], leave["reason"], strict=True)
    for r, a, b, why in rows:
        if (
            str(r) == rep
            and pd.notna(a)
            and pd.notna(b)
            and pd.Timestamp(a).date() <= last
            and pd.Timestamp(b).date() >= first
            and isinstance(why, str)
            and why.strip()
        ):
            return why.strip()
    return ""


def lever_values(
    levers: tuple[str, ...],
    active: float,
    visits: float,
    orders: float,
    revenue: float,
    months: float,
) -> dict[str, float]:
    """Levers to date whose product × ``months`` (elapsed months) is ``revenue`` exactly:
    ``active`` is the average active accounts over those months."""
    nan = float("nan")
    per_account = active * months
    values = {
        "active_accounts": active,
        "visits_per_account": visits / per_account if per_account else nan,
        "orders_per_visit": orders / visits if visits else nan,
        "orders_per_account": orders / per_account if per_account else nan,
        "unit_price": revenue / orders if orders else nan,
    }
    return {k: values[k] for k in levers}


# Every lever a year row can show (``lever_values``' keys).
ALL_LEVERS = (
    "active_accounts",
    "visits_per_account",
    "orders_per_visit",
    "orders_per_account",
    "unit_price",
)


def present_split(
    calendar: BusinessCalendar, rep: str, started: list[pd.Period]
) -> np.ndarray | None:
    """Which of the plan year's started months ``rep``'s levers to date are measured on when
    a leave takes some out: the months he was at work for at least ``PRESENT_SHARE`` of
    their working days (``calendar.present_months``, as his baseline: ``at_work_visits``).
    None when every month counts (no leave, or none of it that long) or none does."""
    if not calendar.has_leave(rep):
        return None
    present = set(calendar.present_months(rep, started))
    keep = np.array([m in present for m in started], dtype=bool)
    return keep if 0 < keep.sum() < len(started) else None


def levers_at_work(
    facts: pd.DataFrame,
    rep: str,
    months: list[pd.Period],
    shares: np.ndarray,
    levers: tuple[str, ...] = ALL_LEVERS,
) -> dict[str, float]:
    """``rep``'s levers to date over ``months`` (each one's elapsed share in ``shares``): his
    visits, orders and revenue there ÷ his average active accounts there and their elapsed
    months (trial 31, H1). The one measure the Attainment's year row and the Review's lever
    split both show for a rep whose leave took months out (``present_split``): the cover
    visits and orders of his months away are left out with those months, not divided by his
    months at work alone (Baker: 678 visits incl. Chen's 99 cover visits ÷ 6.15 months at
    work read 2.20 a month; his own 579 give 1.87)."""
    mine = facts[
        (facts.index.get_level_values("rep") == rep)
        & facts.index.get_level_values("month").isin(months)
    ]
    s = mine.sum()
    active = float(s.get("active_accounts", 0.0)) / len(months) if months else float("nan")
    return lever_values(
        levers,
        active,
        float(s.get("visits", 0.0)),
        float(s.get("orders", 0.0)),
        float(s.get("revenue", 0.0)),
        float(np.sum(shares)),
    )


# A count with fewer units a year than this is due pro rata (the year's target × the share of
# its months gone), not by its whole-number months: 2 new accounts a year sit in June and
# December, and on 5/31 nothing would be due (review 34: 達成率 blank with 2 wins; 381.8%
# on 6/16). From two a month on, the months' rounding moves the due by under 2%.
SMALL_COUNT = 24


def small_count(key: str, year: float) -> bool:
    """A count KPI whose year target is under ``SMALL_COUNT`` units (and above 0)."""
    kpi = KPI_BY_KEY.get(key)
    return bool(kpi is not None and kpi.additive and kpi.unit == "count" and 0 < year < SMALL_COUNT)


def pro_rata(year: float, share: np.ndarray) -> float:
    """The year's target × the months gone (``share``: each started month's share gone) ÷ 12:
    a small count's due to date on its flat unrounded shape (core.targets spreads these
    counts evenly over the months)."""
    return float(year * np.sum(share) / 12)


def _due_at_span_end(vals: np.ndarray, frac: np.ndarray, after: float, year: float) -> float:
    """A KPI read at a span's end (usage or tenure so far) due by the as-of date: the last
    started month's target, less the part of the month still to come (between the month
    before's target and its own; in the first month, its step to the month ``after`` taken
    back). The year's target without month targets."""
    if not len(vals) or not np.isfinite(vals[-1]):
        return year
    last, done = float(vals[-1]), float(frac[-1])
    first_step = 2 * last - after if np.isfinite(after) else last
    before = float(vals[-2]) if len(vals) > 1 else first_step
    if not np.isfinite(before):
        return last
    return before + (last - before) * min(max(done, 0.0), 1.0)


def target_to_date(
    t: Mapping[object, object],
    rep: str,
    key: str,
    started: list[pd.Period],
    frac: np.ndarray,
    fy: str,
) -> float:
    """Target to date over the months ``started`` (each one's elapsed share in ``frac``):
    additive KPIs by elapsed share; a rep's ratio as its numerator's ÷ its denominator's;
    others (a stock such as active accounts, the team's ratios) the frac-weighted monthly
    mean. The one figure the Review's rows and the Attainment's year row show (trial31 L4:
    346.76, the year's average of a rising target, beside the Review's 342.70)."""
    if key in ("retention_rate", "churn_rate"):
        # Monthly rows hold a month's churn; the year to date is measured annualised.
        return float(t.get((fy, rep, key), np.nan))

    def monthly(k: str) -> np.ndarray:
        return np.array([float(t.get((month_label(m), rep, k), np.nan)) for m in started])

    vals = monthly(key)
    kpi = KPI_BY_KEY[key]
    if kpi.at_span_end:
        after = (
            float(t.get((month_label(started[-1] + 1), rep, key), np.nan)) if started else np.nan
        )
        return _due_at_span_end(vals, frac, after, float(t.get((fy, rep, key), np.nan)))
    if kpi.additive:
        if not np.isfinite(vals).any():
            return np.nan
        year = float(t.get((fy, rep, key), np.nan))
        if small_count(key, year):
            return pro_rata(year, frac)
        return float(np.nansum(vals * frac))
    num, den = kpi.numerator, kpi.denominator
    if rep != TEAM and den in KPI_BY_KEY and num in KPI_BY_KEY:
        # A rep's ratio to date is its numerator's target to date ÷ its denominator's (unit
        # price = revenue ÷ orders to date), so the levers multiply back to the revenue target
        # to date whatever month pattern each lever follows. (The team's ratios are at the
        # baseline's mix: their monthly values are averaged below.)
        n, d = monthly(num) * frac, monthly(den) * frac
        if np.isfinite(n).all() and np.isfinite(d).all() and d.sum() > 0:
            return float(n.sum() / d.sum())
    ok = np.isfinite(vals) & (frac > 0)
    if ok.any():
        return float(np.sum(vals[ok] * frac[ok]) / np.sum(frac[ok]))
    return float(t.get((fy, rep, key), np.nan))


def own_visit_months(
    months: Mapping[pd.Period, tuple[float, float]],
    cover: pd.DataFrame,
    calendar: BusinessCalendar,
    rep: str,
    as_of: date,
) -> dict[pd.Period, tuple[float, float]]:
    """A rep with leave, per started month: his own visits and what was due of them on his
    working days (trial 47 H2: a cover making 2 visits a day where he made 6 read his
    November 89.2% of due, as if he were slow). ``months``: each started month's (visits as
    counted for him, month target); the cover's visits on his accounts (``cover_visits``:
    COVER_MONTH_COLUMNS) are taken out of his count, and each month's target is due only on
    the share of its working days gone that he was at work (``rep_elapsed_fraction``). A
    month wholly on leave: (his own, 0.0). The one measure of the Attainment's visits rows
    (core.engine) and so of the behind-pace flag on them (fix48: the sheet read 89.2% where
    the flag read 96.2%)."""
    mine = cover[cover["holder"].astype(str) == rep] if len(cover) else cover
    by_month = mine.groupby("month")["visits"].sum() if len(mine) else pd.Series(dtype=float)
    out: dict[pd.Period, tuple[float, float]] = {}
    for month, (actual, target) in months.items():
        share = calendar.rep_elapsed_fraction(rep, month, as_of)
        own = (
            max(float(actual) - float(by_month.get(month, 0.0)), 0.0)
            if np.isfinite(actual)
            else float(actual)
        )
        due = float(target) * share if share > 0 and np.isfinite(target) else 0.0
        out[month] = (own, due)
    return out


def own_visit_pace(
    months: Mapping[pd.Period, tuple[float, float]],
    cover: pd.DataFrame,
    calendar: BusinessCalendar,
    rep: str,
    as_of: date,
) -> tuple[float, float]:
    """A rep with leave: his own visits to date and what was due of them on his working days
    (``own_visit_months`` summed); (own, 0.0) when he has been away all of it."""
    found = own_visit_months(months, cover, calendar, rep, as_of).values()
    return (
        float(sum(o for o, _ in found if np.isfinite(o))),
        float(sum(d for _, d in found)),
    )


def leave_length(
    calendar: BusinessCalendar, rep: str, months: list[pd.Period]
) -> tuple[int, date, date] | None:
    """``rep``'s leave within ``months`` as the Plan line says it: its length in months worked
    out from its working days (each month's share of working days away, summed and rounded;
    at least 1) and its first and last day inside ``months`` (trial 47 L2: 11/16 – 2/15 touches
    four calendar months but is three months long). None without leave there."""
    if not months or not calendar.has_leave(rep):
        return None
    start, end = months[0].start_time.date(), months[-1].end_time.date()
    spans = [(max(a, start), min(b, end)) for r, a, b in calendar.leave if r == rep]
    spans = [(a, b) for a, b in spans if a <= b]
    if not spans:
        return None
    away = sum(1.0 - calendar.available_share(rep, m) for m in months)
    return max(int(np.floor(away + 0.5)), 1), min(a for a, _ in spans), max(b for _, b in spans)
