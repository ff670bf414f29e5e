"""Whether orders come with the visits: the order days against the visit days.

The visit tree splits revenue as accounts × visit frequency × orders per visit × unit price.
That reads a visit as what brings an order. Two books break it:

- **Orders apart from the visits** (trial 40 M6: a pharmaceutical wholesaler's pharmacies
  order by phone or EDI on their own rhythm while the reps detail them): an order day is a
  visit day of its account hardly more often than chance makes it. Orders per account is then
  no number a visit moves: the Plan keeps visit frequency at its own trend and puts the growth
  on orders per visit, its derived ratio (``hold_visit_frequency``, trial 45 M1), the Review
  names no colleague to copy on orders per visit, and the Daily's yen is no order a late
  visit loses.
- **Visits that are deliveries** (trial 41 L4: 納品 logged only on the days there is a
  delivery): almost every visit day is an order day and almost every order day a visit day.
  Visit frequency is then how often an account orders: a customer skipping orders shows as a
  missed visit, and the Review does not blame the frequency as a cause of its own.

Read from the order and visit rows of the baseline's months (``visit_day_orders``); a
compact history (a Sources book: no rows) from its per-account month counts
(``HistoryFacts.visit_day_months``, ``visit_day_months`` here and visit_day_months.sql),
summed over the same months to the same numbers (``facts_visit_days``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.frames import distinct
from routekpi.core.history import VISIT_DAY_MONTH_COLUMNS, History, HistoryFacts, coded, once
from routekpi.core.levers import LeverEvidence

# Orders follow visits where an order day is a visit day of its account far more often than
# chance would make it: the share of the account's working days it was visited. Below this
# many times chance they do not (sample generator: every order is a visit's, 100% on a visit
# day against 12% by chance, ×8.2; trial 40: 41.3% against 37.3%, ×1.11).
APART_LIFT = 1.5
# Visited on at least this share of its days, an account's order days are visit days by
# chance alone so often that no lift under 1 ÷ share can show (×2 at most at one day in two):
# above it, the rule cannot tell and says nothing.
APART_MAX_CHANCE = 0.5
# Fewer order days than this on visited accounts tell nothing either way.
APART_MIN_ORDER_DAYS = 200
# Visits are deliveries when at least this share of the visit days are order days and at
# least this share of the order days are visit days: nine in ten both ways (trial 41: 納品
# logged on the delivery days only). A rep whose visits sell sometimes and not other times
# (the sample: about two visits in three bring an order) is far below it.
DELIVERY_SHARE = 0.9
# The months HistoryFacts.visit_day_months keeps: the as-of date's month and the 47 before.
# A baseline ends at the latest the month before the plan year starts, a plan year the as-of
# date lies in starts up to 11 months before its month, and a baseline is at most 36 months
# (Settings' BaselineMonths): every baseline the plan can read lies in them. Older months
# (a 1M-line history's whole span held ~1.2M rows, 1–2 s to build) are not kept.
KEPT_MONTHS = 48


def kept_from(as_of: date) -> date:
    """The first day of the months ``visit_day_months`` keeps for ``as_of`` (``KEPT_MONTHS``)."""
    return (pd.Period(as_of, freq="M") - (KEPT_MONTHS - 1)).start_time.date()


# The Evidence notes that say which (core.baselines writes them; the Review and the Daily
# read them from ``Evidence.notes``).
APART_NOTE = "orders_apart_from_visits"
DELIVERY_NOTE = "visits_are_deliveries"


@dataclass(frozen=True)
class VisitDayOrders:
    """How the visited accounts' order days fall on their visit days (``visit_day_orders``)."""

    order_days: int  # distinct (account, day) with an order, on accounts visited in the window
    on_visit_days: float  # the share of them that are a visit day of their account
    # the share chance gives: each order day weighted by its account's visit days ÷ days
    chance: float
    visit_days: int = 0  # distinct (account, day) with a visit
    on_order_days: float = 0.0  # the share of them that are an order day of their account

    @property
    def lift(self) -> float:
        """How many times more often an order day is a visit day than chance makes it."""
        return self.on_visit_days / self.chance if self.chance > 0 else np.inf

    @property
    def apart(self) -> bool:
        """Orders come on their own rhythm, not with the visits (module constants)."""
        return self.chance < APART_MAX_CHANCE and self.lift < APART_LIFT

    @property
    def deliveries(self) -> bool:
        """Visits are the delivery days: visit days and order days are nearly the same days."""
        return (
            not self.apart
            and self.on_order_days >= DELIVERY_SHARE
            and self.on_visit_days >= DELIVERY_SHARE
        )

    def params(self) -> dict[str, object]:
        """The notes' parameters (core stays free of the message catalog)."""
        return {
            "on_visit": f"{self.on_visit_days * 100:.0f}%",
            "chance": f"{self.chance * 100:.0f}%",
            "lift": f"{self.lift:.1f}",
            "days": self.order_days,
            "visit_days": self.visit_days,
            "on_order": f"{self.on_order_days * 100:.0f}%",
        }


def visit_day_orders(
    orders: pd.DataFrame,
    visits: pd.DataFrame,
    first: pd.Period,
    last: pd.Period,
    *,
    codes: tuple[np.ndarray, np.ndarray] | None = None,
) -> VisitDayOrders | None:
    """The order days of months ``first``–``last`` against their accounts' visit days.

    ``orders``: date, account, amount (an order day: a line with amount > 0); ``visits``:
    date, account, kind (only ``visit`` counts). Among the accounts visited in the months, the
    share of their order days (distinct account × day) that are a visit day of that account,
    and the share chance gives: per order day, its account's visit days ÷ the working days
    (the days with any order or visit); and the share of the visit days that are an order day.
    None with too few order days to tell. ``codes``: every order's and every visit's account
    as a code of one code space (−1: none), when the caller has them (``history_visit_days``:
    a million text accounts cost ~0.5 s to code here).
    """
    lo = np.datetime64(first.start_time.date(), "D")
    hi = np.datetime64(last.end_time.date(), "D")
    o_in, o_offset = _in_days(orders["date"], lo, hi)
    v_in, v_offset = _in_days(visits["date"], lo, hi)
    om = o_in & (orders["amount"].to_numpy(dtype=float) > 0)
    vm = v_in & (visits["kind"] == "visit").to_numpy(dtype=bool)
    if codes is None:
        both = pd.concat([orders["account"][om], visits["account"][vm]], ignore_index=True)
        joint, _ = pd.factorize(both.to_numpy(dtype=object))  # a missing account is −1
        o_codes = np.full(len(om), -1, dtype=np.int64)
        v_codes = np.full(len(vm), -1, dtype=np.int64)
        o_codes[om], v_codes[vm] = joint[: int(om.sum())], joint[int(om.sum()) :]
    else:
        o_codes, v_codes = codes
    om &= o_codes >= 0
    vm &= v_codes >= 0
    if not om.any() or not vm.any():
        return None
    o_acc, v_acc = o_codes[om].astype(np.int64), v_codes[vm].astype(np.int64)
    o_off, v_off = o_offset(om), v_offset(vm)
    # Only the accounts in the window, numbered 0…n−1 (the history's codes span all of them);
    # each (account, day) a cell of one flag array (accounts × days: no sort, no search).
    present = np.zeros(int(max(o_acc.max(), v_acc.max())) + 1, dtype=bool)
    present[o_acc] = True
    present[v_acc] = True
    number = np.cumsum(present) - 1
    accounts = int(present.sum())
    span = int(max(o_off.max(), v_off.max())) + 1
    ordered = np.zeros((accounts, span), dtype=bool)
    ordered[number[o_acc], o_off] = True
    seen = np.zeros((accounts, span), dtype=bool)
    seen[number[v_acc], v_off] = True
    per_account = np.count_nonzero(seen, axis=1)  # each account's visit days
    visit_days = int(per_account.sum())
    together = int(np.count_nonzero(ordered & seen))  # order days that are visit days
    own = np.count_nonzero(ordered, axis=1)  # each account's order days
    own[per_account == 0] = 0  # only the visited accounts' order days
    order_days = int(own.sum())
    if order_days < APART_MIN_ORDER_DAYS:
        return None
    active = np.zeros(span, dtype=bool)  # the working days: any order or visit that day
    active[o_off] = True
    active[v_off] = True
    # Chance: each order day weighted by its account's visit days ÷ the working days.
    chance = float((own * per_account).sum()) / order_days / int(active.sum())
    return VisitDayOrders(
        order_days, together / order_days, chance, visit_days, together / visit_days
    )


def _in_days(
    dates: pd.Series, lo: np.datetime64, hi: np.datetime64
) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Which of ``dates`` fall on days ``lo``–``hi`` (a NaT compares False: no day), and a
    function giving the days since ``lo`` of the rows of a mask within those. NumPy
    nanoseconds are compared as they are, and only the rows asked for are divided into days,
    not every line cast to a day (~7 ms a million lines)."""
    values = dates.to_numpy()
    if values.dtype == np.dtype("datetime64[ns]"):
        start = lo.astype("datetime64[ns]")
        inside = (values >= start) & (values < (hi + 1).astype("datetime64[ns]"))
        ticks, first = values.view(np.int64), start.astype(np.int64)
        return inside, lambda rows: (ticks[rows] - first) // _NS_PER_DAY
    day = dates.to_numpy(dtype="datetime64[D]")
    return (day >= lo) & (day <= hi), lambda rows: (day[rows] - lo).astype(np.int64)


_NS_PER_DAY = 86_400 * 10**9


def history_visit_days(
    history: History, first: pd.Period, last: pd.Period
) -> VisitDayOrders | None:
    """``visit_day_orders`` of a history's rows, their accounts coded once per history
    (``core.history.coded``, which the account status and the Daily list share): the visits'
    codes moved into the orders' code space (an account only visited gets a code of its own)."""

    def joint() -> tuple[np.ndarray, np.ndarray]:
        o_codes, o_names = coded(history, "orders", "account")
        v_codes, v_names = coded(history, "visits", "account")
        at = np.append(o_names.get_indexer(v_names), -1)  # a missing account (−1) stays −1
        new = at[:-1] < 0
        at[:-1][new] = len(o_names) + np.arange(int(new.sum()))
        return np.asarray(o_codes), at[v_codes]

    if history.facts is not None:
        return facts_visit_days(history.facts, first, last)
    codes = once(history, "_visit_days codes", joint)
    return visit_day_orders(history.orders, history.visits, first, last, codes=codes)


def facts_visit_days(
    facts: HistoryFacts, first: pd.Period, last: pd.Period
) -> VisitDayOrders | None:
    """``visit_day_orders`` of a compact history: its ``visit_day_months`` summed over the
    months ``first``–``last`` per account, as the rows give them (an account's order days
    and visit days in the window are the sums of its months'; the working days the sum of
    the months'). None when built without them, for a window reaching before the months kept
    (``KEPT_MONTHS``: not a part of the window's days), or with too few order days to tell."""
    table = facts.visit_day_months
    if table is None or not len(table):
        return None
    if first < pd.Period(kept_from(facts.as_of), freq="M"):
        return None
    month = table["month"]
    w = table[((month >= first) & (month <= last)).to_numpy()]
    team = w["account"].isna().to_numpy()
    per = w[~team].groupby("account", sort=False)[["order_days", "visit_days", "together"]].sum()
    per = per[per["visit_days"] > 0]  # the accounts visited in the window
    own = per["order_days"].to_numpy(dtype=np.int64)
    seen = per["visit_days"].to_numpy(dtype=np.int64)
    order_days, visit_days = int(own.sum()), int(seen.sum())
    if order_days < APART_MIN_ORDER_DAYS:
        return None
    together = int(per["together"].to_numpy(dtype=np.int64).sum())
    active = int(w.loc[team, "order_days"].to_numpy(dtype=np.int64).sum())
    chance = float((own * seen).sum()) / order_days / active
    return VisitDayOrders(
        order_days, together / order_days, chance, visit_days, together / visit_days
    )


def visit_day_months(orders: pd.DataFrame, visits: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """HistoryFacts.visit_day_months of raw rows (the caller cuts them at the as-of date;
    visit_day_months.sql in SQL) in the ``KEPT_MONTHS`` to ``as_of``: per account with a
    visit of kind visit and month, its distinct order days (a line with amount > 0), visit
    days and days with both; and per month a row with no account whose ``order_days`` are the
    working days (any order or visit day of an account, as ``visit_day_orders`` counts
    them)."""
    lo_day = np.datetime64(kept_from(as_of), "D")
    o_all = orders["date"].to_numpy(dtype="datetime64[D]")
    v_all = visits["date"].to_numpy(dtype="datetime64[D]")
    # A NaT compares False: no day.
    om = (o_all >= lo_day) & (orders["amount"].to_numpy(dtype=float) > 0)
    om &= orders["account"].notna().to_numpy()
    vm = (v_all >= lo_day) & (visits["kind"] == "visit").to_numpy(dtype=bool)
    vm &= visits["account"].notna().to_numpy()
    o_day, v_day = o_all[om], v_all[vm]
    if not len(o_day) and not len(v_day):
        return visit_day_frame(pd.DataFrame(columns=list(VISIT_DAY_MONTH_COLUMNS)))
    both = pd.concat([orders["account"][om], visits["account"][vm]], ignore_index=True)
    codes, names = pd.factorize(both.astype(str).to_numpy())
    o_acc, v_acc = codes[: len(o_day)].astype(np.int64), codes[len(o_day) :].astype(np.int64)
    days = np.concatenate([o_day, v_day]).astype(np.int64)
    lo = int(days.min())
    span = int(days.max()) - lo + 1
    o_keys = distinct(o_acc * span + (o_day.astype(np.int64) - lo))
    v_keys = distinct(v_acc * span + (v_day.astype(np.int64) - lo))
    visited = np.zeros(len(names), dtype=bool)
    visited[v_acc] = True
    o_keys = o_keys[visited[o_keys // span]]  # the visited accounts' order days only
    with_both = np.intersect1d(o_keys, v_keys, assume_unique=True)

    def months(day: np.ndarray) -> np.ndarray:  # Period ordinals (months since 1970-01)
        return (day + lo).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)

    first_month = int(months(np.zeros(1, dtype=np.int64))[0])
    width = int(months(np.array([span - 1]))[0]) - first_month + 1

    def cells(keys: np.ndarray) -> np.ndarray:  # account × month, sorted as the keys are
        return keys // span * width + (months(keys % span) - first_month)

    def runs(found: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # each cell and its count
        starts = np.flatnonzero(np.r_[True, found[1:] != found[:-1]]) if len(found) else found
        return found[starts], np.diff(np.r_[starts, len(found)])

    o_cells, v_cells = cells(o_keys), cells(v_keys)
    every = distinct(np.concatenate([o_cells, v_cells]))
    counted = {}
    for name, found in (("order_days", o_cells), ("visit_days", v_cells)):
        counted[name] = np.zeros(len(every), dtype=np.int64)
        at, n = runs(found)
        counted[name][np.searchsorted(every, at)] = n
    counted["together"] = np.zeros(len(every), dtype=np.int64)
    at, n = runs(cells(with_both))
    counted["together"][np.searchsorted(every, at)] = n
    work = pd.Series(months(distinct(days) - lo)).value_counts()
    n_team = len(work)
    return visit_day_frame(
        pd.DataFrame(
            {
                "account": np.r_[names[every // width].astype(object), [None] * n_team],
                "month": np.r_[every % width + first_month, work.index.to_numpy(np.int64)],
                "order_days": np.r_[counted["order_days"], work.to_numpy(np.int64)],
                "visit_days": np.r_[counted["visit_days"], np.zeros(n_team, np.int64)],
                "together": np.r_[counted["together"], np.zeros(n_team, np.int64)],
            }
        )
    )


def visit_day_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``visit_day_months`` in the engine's dtypes, from pandas and SQL alike: accounts as
    text (the month rows' missing), months as Periods (from ordinals), counts int64. In no
    order (its one reader groups; a sort of a million text codes took ~0.5 s)."""
    return pd.DataFrame(
        {
            "account": frame["account"].astype(object).to_numpy(),
            "month": pd.PeriodIndex.from_ordinals(
                frame["month"].to_numpy(dtype=np.int64), freq="M"
            ),
            **{c: frame[c].to_numpy(dtype=np.int64) for c in VISIT_DAY_MONTH_COLUMNS[2:]},
        }
    )


def visit_link(codes: Iterable[str]) -> str | None:
    """How orders and visits go together, from the Evidence notes' ``codes``: "apart"
    (``APART_NOTE``), "deliveries" (``DELIVERY_NOTE``), None (visits bring the orders)."""
    found = set(codes)
    if APART_NOTE in found:
        return "apart"
    if DELIVERY_NOTE in found:
        return "deliveries"
    return None


# The lever that takes no share of the goal when the orders come apart from the visits: visit
# frequency, an activity kept at its own trend (trial 45 M1). Held before at orders per visit
# (trial 40 M6), the goal beyond the trends landed on visits per account: the Plan asked +2.0%
# visits (+¥12.8M on the Dashboard's bridge) while its note said visits do not bring the
# orders. Orders per account is the number that does not move with the visits; orders per
# visit is then that number ÷ the visits, and carries the growth as the derived ratio.
HELD_LEVER = "visits_per_account"


def hold_visit_frequency(lev: LeverEvidence) -> LeverEvidence:
    """``lev`` with visit frequency at its own trend (every rep's and the team's, as
    measured) but no spread, so the goal beyond the trends puts no growth on it
    (targets.spread_fill: a lever of weight 0 stays at its offset while the others can carry
    the goal); orders per visit, the orders per account it derives, carries it instead."""
    if HELD_LEVER not in lev.trend.columns:
        return lev
    # Only a measured spread goes to 0: a missing one (too few changes) keeps the plan on the
    # short mix's rule, as it was.
    spread, team = lev.spread.copy(), lev.team_spread.copy()
    for s in (spread, team):
        if HELD_LEVER in s.index and np.isfinite(s[HELD_LEVER]):
            s[HELD_LEVER] = 0.0
    # Its ceiling at its trend (baselines' headroom is never below the trend, nor below the
    # baseline level): where the other levers reach theirs, the rest of a goal is no more
    # visits either; the Plan says the KGI is beyond the levers' reach instead.
    high = lev.high.copy()
    if HELD_LEVER in high.index:
        high[HELD_LEVER] = 0.0
    return replace(lev, spread=spread, team_spread=team, high=high)
