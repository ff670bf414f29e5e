"""Rare large orders ("lumps"): a few big-ticket lines a rep books in a year (trial 49 M1).

A salon dealer sells consumables (about ¥130k a slip) and, a few times a year, a chair or a
shampoo unit (¥0.3–1.9M a line), at random salons. A year that held ¥12.8M of such orders
(15% of the rep's revenue) sets her unit-price baseline high; the next year without them
reads as a unit price "behind", and the flag told her to learn it from a colleague.

The rule, in plain words (chosen on trial 49's book: slips ÷ their rep's median slip fall
off smoothly to about 7× at the 99th percentile — consumables — while the equipment slips
stand at 10× and beyond, ~4 a rep-year, 7% of the revenue):

- **A lump** is an order (a slip; the lines of one order number are one order) of at least
  ``LUMP_RATIO`` times the rep's median order over the history read.
- **Only a few**: a rep-year (calendar year) with more than ``LUMP_MAX_PER_YEAR`` such orders
  has none — large orders that often are the rep's business, not a lump.

``lump_months`` gives, per rep × month, the large orders' amounts and count
(LUMP_MONTH_COLUMNS), every one of them; ``lumps_in`` sums the lumps (``rare``) over months.

Where large orders are the ordinary business (trial 52 H3: a housing-equipment wholesaler's
¥2–11M projects, 72% of revenue, ~65 a rep-year), they land as a count from the rep's
accounts: a year with fewer of them so far than the same months of the baseline held, by no
more than chance gives, is short on projects landed, not on a way of selling
(``projects_short``). The SQL path computes the same table
(``LUMP_MONTHS_SQL``). Pure: no workbook I/O.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd

from routekpi.core.held import held_accounts
from routekpi.core.history import History, once

# An order of at least this many times the rep's median order is a lump candidate.
LUMP_RATIO = 10.0
# More such orders than this in one rep's calendar year: none of them is a lump (his business).
LUMP_MAX_PER_YEAR = 12

LUMP_MONTH_COLUMNS = ("rep", "month", "revenue", "orders")
# Every large order, one row each: its slip's rep, its account (None: none typed), its day and
# amount (``lump_orders``): the per-account sums (core.flags ``gap_carrier``) and the holder's
# count (``projects_short``) read them.
LUMP_ORDER_COLUMNS = ("rep", "account", "date", "amount")

# A lump table's column names, index and column values (``rare``'s check of its own copy).
_Values = tuple[tuple[object, ...], pd.Index, tuple[np.ndarray, ...]]


def lump_orders(orders: pd.DataFrame) -> pd.DataFrame | None:
    """Every large order (LUMP_ORDER_COLUMNS: its slip's rep, account, day and amount), from
    order rows (date, rep, amount, account; one row per order), in the rows' order. None: none."""
    if not len(orders) or not {"date", "rep", "amount"} <= set(orders.columns):
        return None
    amount, days = orders["amount"], orders["date"]
    # Each run reads a million order lines here: typed columns as they are (a conversion
    # copies), the reps as codes and each rep's median from one stable sort of the codes
    # (no per-line strings, no grouped transform).
    amount = (
        amount if pd.api.types.is_float_dtype(amount) else pd.to_numeric(amount, errors="coerce")
    ).to_numpy(dtype=float)
    days = (days if pd.api.types.is_datetime64_dtype(days) else pd.to_datetime(days)).to_numpy()
    codes, reps = pd.factorize(orders["rep"])
    ok = (amount > 0) & (codes >= 0) & ~np.isnat(days)
    if not ok.any():
        return None
    rows = np.flatnonzero(ok)
    codes, amount, days = codes[ok], amount[ok], days[ok]
    # Codes that fit 16 bits sort by radix (half the time of a 64-bit sort).
    order = np.argsort(codes.astype(np.int16) if len(reps) < 2**15 else codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    median = np.zeros(len(reps))
    for group in np.split(order, bounds):
        median[codes[group[0]]] = np.median(amount[group])
    big = amount >= LUMP_RATIO * median[codes]
    if not big.any():
        return None
    if "account" in orders.columns:
        named = orders["account"].iloc[rows[big]]
        account = np.where(named.notna(), named.astype(str), None).astype(object)
    else:
        account = np.full(int(big.sum()), None, dtype=object)
    frame = pd.DataFrame(
        {
            "rep": np.asarray(reps.astype(str), dtype=object)[codes[big]],
            "account": account,
            "date": pd.to_datetime(days[big]).astype("datetime64[ns]"),
            "amount": amount[big],
        }
    )
    # Sorted as the SQL path sorts them (``lump_orders_sql``): one table from either path.
    frame = frame.sort_values(
        ["rep", "date", "account", "amount"], kind="stable", na_position="last"
    )
    return frame.reset_index(drop=True).reindex(columns=list(LUMP_ORDER_COLUMNS))


def lump_months(orders: pd.DataFrame) -> pd.DataFrame | None:
    """Per rep × month (Period[M]): the large orders' summed amount (``revenue``) and their
    number (``orders``), from order rows (date, rep, amount; one row per order). None: none."""
    return months_of(lump_orders(orders))


def months_of(big: pd.DataFrame | None) -> pd.DataFrame | None:
    """``lump_months`` of the large orders ``lump_orders`` gives (None: none)."""
    if big is None or not len(big):
        return None
    frame = pd.DataFrame(
        {
            "rep": big["rep"].to_numpy(dtype=object),
            "month": pd.PeriodIndex(pd.DatetimeIndex(big["date"]), freq="M"),
            "amount": big["amount"].to_numpy(dtype=float),
        }
    )
    out = frame.groupby(["rep", "month"], sort=True).agg(
        revenue=("amount", "sum"), orders=("amount", "size")
    )
    return out.reset_index().reindex(columns=list(LUMP_MONTH_COLUMNS))


def by_holder(big: pd.DataFrame | None, holders: Mapping[str, str]) -> pd.DataFrame | None:
    """``lump_months`` of the large orders ``big`` (``lump_orders``), each under its account's
    rep in ``holders`` (account → rep), under the slip's rep where its account has none."""
    if big is None or not len(big):
        return None
    rep = big["account"].map(holders)
    return months_of(big.assign(rep=rep.where(rep.notna(), big["rep"])))


def held_lump_months(history: History, as_of: date) -> pd.DataFrame | None:
    """``History.lump_months`` with each large order under the rep who holds its account on
    ``as_of`` (core.held ``held_accounts``: the Accounts table after the handover and the
    leave's cover), once per history and day; the slip's rep for an account nobody holds.
    Trial 52: 井上 and 松本 booked 小林's projects while covering his 育休; under the slip's rep
    they stayed short of projects the next year that were 小林's (``projects_short``). The
    slips' table as it is without the orders one by one."""
    if history.lump_orders is None:
        return history.lump_months

    def made() -> pd.DataFrame | None:
        held = held_accounts(history, as_of)["rep"].dropna()
        holders = dict(zip(held.index.astype(str), held.astype(str), strict=True))
        return by_holder(history.lump_orders, holders)

    return once(history, f"_held_lumps {as_of.isoformat()}", made)


def _large_sql(rel: str, account: bool = False) -> str:
    """The large orders of the order relation ``rel`` (``lump_orders``' test) as a CTE list
    ending in ``big`` (rep, d, amount, and ``account`` when asked)."""
    named = "CAST(account AS VARCHAR) AS account, " if account else ""
    return (
        f"WITH o AS (SELECT CAST(rep AS VARCHAR) AS rep, {named}"
        f"CAST(date AS DATE) AS d, CAST(amount AS DOUBLE) AS amount FROM {rel} "
        "WHERE amount > 0 AND rep IS NOT NULL AND date IS NOT NULL), "
        "m AS (SELECT rep, MEDIAN(amount) AS med FROM o GROUP BY rep), "
        f"big AS (SELECT o.* FROM o JOIN m USING (rep) WHERE o.amount >= {LUMP_RATIO} * m.med) "
    )


def lump_months_sql(rel: str) -> str:
    """``lump_months`` in DuckDB over the order relation ``rel`` (date, rep, amount; one row
    per order); ``month`` as months since 1970-01 (a Period[M] ordinal)."""
    return (
        _large_sql(rel) + "SELECT big.rep AS rep, "
        "EXTRACT(YEAR FROM d) * 12 + EXTRACT(MONTH FROM d) - 1 - 23640 AS month, "
        "SUM(amount) AS revenue, COUNT(*) AS orders "
        "FROM big GROUP BY ALL ORDER BY rep, month"
    )


def lump_orders_sql(rel: str) -> str:
    """``lump_orders`` in DuckDB over the order relation ``rel`` (sorted: rep, day, account,
    amount)."""
    return (
        _large_sql(rel, account=True) + "SELECT rep, account, d AS date, amount FROM big "
        "ORDER BY rep, d, account NULLS LAST, amount"
    )


def lump_order_frame(table: pd.DataFrame) -> pd.DataFrame | None:
    """``lump_orders_sql``'s result as ``lump_orders`` gives it (sorted as the SQL sorts);
    None when empty."""
    if not len(table):
        return None
    account = table["account"]
    return pd.DataFrame(
        {
            "rep": table["rep"].astype(str).to_numpy(dtype=object),
            "account": np.where(account.notna(), account.astype(str), None).astype(object),
            "date": pd.to_datetime(table["date"]).astype("datetime64[ns]"),
            "amount": table["amount"].to_numpy(dtype=float),
        }
    ).reindex(columns=list(LUMP_ORDER_COLUMNS))


def lump_frame(table: pd.DataFrame) -> pd.DataFrame | None:
    """``lump_months_sql``'s result as ``lump_months`` gives it; None when empty."""
    if not len(table):
        return None
    return pd.DataFrame(
        {
            "rep": table["rep"].astype(str).to_numpy(dtype=object),
            "month": pd.PeriodIndex.from_ordinals(table["month"].to_numpy(np.int64), freq="M"),
            "revenue": table["revenue"].to_numpy(dtype=float),
            "orders": table["orders"].to_numpy(dtype=np.int64),
        }
    ).reindex(columns=list(LUMP_MONTH_COLUMNS))


# ``rare`` for every rep of the last table asked, made at its first call: the Review asks it
# per rep, twice a rep and twice a run (28 filters and grouped sums of one table at 100k
# order lines, ~30 ms; issue 14). The table is known by identity (held weakly) and by a copy
# of its few hundred rows' values, compared at each call: a table changed in place since, or
# another one, is read anew.
_rare_made: tuple[weakref.ref[pd.DataFrame], _Values, dict[object, _Rare]] | None = None


def _values(table: pd.DataFrame) -> _Values:
    """What ``rare`` reads of ``table``, copied: its columns' names and values and its index."""
    return (
        tuple(table.columns),
        table.index.copy(),
        tuple(_column(table, c).copy() for c in table.columns),
    )


def _column(table: pd.DataFrame, column: object) -> np.ndarray:
    """A column's values as NumPy holds them (months as their ordinals: no Period objects)."""
    values = table[column].array
    return values.asi8 if isinstance(values, pd.arrays.PeriodArray) else np.asarray(values)


def _same(table: pd.DataFrame, values: _Values) -> bool:
    """``table`` holds ``values`` still (NaN is never equal: read anew)."""
    columns, index, arrays = values
    return (
        tuple(table.columns) == columns
        and table.index.equals(index)
        and all(np.array_equal(_column(table, c), a) for c, a in zip(columns, arrays, strict=True))
    )


class _Rare(NamedTuple):
    """A rep's ``rare`` rows, and for ``lumps_in`` their months' ordinals (None unless the
    column is ``period[M]``), amounts (None unless float) and counts."""

    frame: pd.DataFrame
    months: np.ndarray | None
    revenue: np.ndarray | None
    orders: np.ndarray


def rare(table: pd.DataFrame | None, rep: str) -> pd.DataFrame | None:
    """The rep's rows of ``table`` in the calendar years holding at most
    ``LUMP_MAX_PER_YEAR`` large orders (his lumps); None when none."""
    found = _rare_of(table, rep)
    return None if found is None else found.frame


def _rare_of(table: pd.DataFrame | None, rep: str) -> _Rare | None:
    """``rare`` with its arrays, from the table's every rep's made once (``_rare_made``)."""
    global _rare_made
    if table is None or not len(table):
        return None
    made = _rare_made
    if made is None or made[0]() is not table or not _same(table, made[1]):
        made = _rare_made = (weakref.ref(table), _values(table), _rare_by_rep(table))
    return made[2].get(rep)


def _rare_by_rep(table: pd.DataFrame) -> dict[object, _Rare]:
    """``rare``'s rows of every rep with any (each rep's rows in the table's order, as a
    filter on his name gives them)."""
    years = pd.PeriodIndex(table["month"]).year
    count = table.groupby([table["rep"].to_numpy(), years])["orders"].transform("sum")
    kept = table[count.to_numpy() <= LUMP_MAX_PER_YEAR]
    monthly = kept["month"].dtype == pd.PeriodDtype("M")
    float_revenue = kept["revenue"].dtype == np.float64
    return {
        rep: _Rare(
            mine,
            mine["month"].array.asi8.copy() if monthly else None,
            mine["revenue"].to_numpy(copy=True) if float_revenue else None,
            mine["orders"].to_numpy(copy=True),
        )
        for rep, mine in kept.groupby("rep", sort=False)
    }


def lumps_in(table: pd.DataFrame | None, rep: str, months: list[pd.Period]) -> tuple[float, int]:
    """The rep's lumps over ``months`` (his large orders in years with only a few, ``rare``):
    their summed amount and their number."""
    found = _rare_of(table, rep)
    if found is None or not months:
        return 0.0, 0
    if (
        found.months is not None
        and found.revenue is not None
        and found.orders.dtype.kind in "iuf"
        and all(type(m) is pd.Period and m.freqstr == "M" for m in months)
    ):
        # The months by ordinal, the sums as pandas' (NaN skipped, the same pairwise sum of
        # the same rows in order): ~0.5 ms of a Series filter and two sums a call, 28 calls.
        wanted = np.unique(np.array([m.ordinal for m in months], dtype=np.int64))
        at = np.minimum(np.searchsorted(wanted, found.months), len(wanted) - 1)
        hit = wanted[at] == found.months
        return float(np.nansum(found.revenue[hit])), int(np.nansum(found.orders[hit]))
    mine = found.frame[found.frame["month"].isin(months)]
    return float(mine["revenue"].sum()), int(mine["orders"].sum())


# The baseline's lumps explain a unit-price gap when their share of the baseline's revenue
# exceeds their share of this year's revenue to date by at least this (five points: one
# ¥1M chair in a ¥20M year is no story; trial 49's ¥12.8M of ¥87.1M against ¥2.8M is).
LUMP_GAP_SHARE = 0.05
# … and, the unit price short of its target, make at least this share of that gap (log):
# ¥12.8M of ¥87.1M missing is −13% of the unit price, 55% of trial 49's 伊藤 −22%.
LUMP_EXPLAINS = 0.5
# The finding's keys (a Review row's ``detail``, a behind-pace flag's parameters).
LUMP_KEYS = ("lumps", "lumps_n", "lumps_now", "lumps_now_n")


def lumps_missing(
    table: pd.DataFrame | None,
    rep: str,
    base_months: list[pd.Period],
    base_revenue: float,
    now_months: list[pd.Period],
    now_revenue: float,
    shortfall: float = math.nan,
) -> dict[str, object]:
    """When the rep's baseline carried lumps this year lacks (``LUMP_GAP_SHARE``): the
    baseline's lumps (``lumps`` yen, ``lumps_n``) and this year's to date (``lumps_now``,
    ``lumps_now_n``); else empty. A gap so made is no way of selling to learn from anyone.
    ``shortfall``: the unit price's actual ÷ target; given, the missing lumps must make at
    least ``LUMP_EXPLAINS`` of that gap (the unit price less their share of revenue)."""
    base, n = lumps_in(table, rep, base_months)
    if not n or not base_revenue > 0:
        return {}
    now, now_n = lumps_in(table, rep, now_months)
    now_share = now / now_revenue if now_revenue > 0 else 0.0
    drop = base / base_revenue - now_share
    if drop < LUMP_GAP_SHARE:
        return {}
    # Lumps of more than the baseline's revenue (the rest of it net of returns, or the lumps
    # read under the slip's rep before a handover) explain the whole gap: no log to take.
    if 0 < shortfall < 1 and drop < 1 and math.log1p(-drop) > LUMP_EXPLAINS * math.log(shortfall):
        return {}
    return {"lumps": base, "lumps_n": n, "lumps_now": now, "lumps_now_n": now_n}


# Large orders as the ordinary business (``projects_short``): a rep whose baseline held more
# than ``LUMP_MAX_PER_YEAR`` large orders lands them at his accounts' usual rate, a count that
# swings by chance (a Poisson count: about its square root), each of its own size. This year's
# complete months so far holding fewer large orders than the same calendar months of the
# baseline, the shortfall no more than ``PROJECTS_CHANCE`` standard deviations of such a count
# (more is no luck: lost accounts, a lost way of quoting), and their yen short of those months'
# making at least ``LUMP_EXPLAINS`` of the revenue gap to date: the gap is fewer (and smaller)
# projects landed so far. Trial 52's 高橋 誠 (77.4%): his accounts kept their rates, 33 of his
# projects landed against 43, and the flag sent him to copy a colleague's unit price.
PROJECTS_CHANCE = 2.0
# The finding's keys (a behind-pace flag's parameters).
PROJECT_KEYS = ("projects_expected", "projects_n", "projects_base", "projects_now")


def projects_short(
    table: pd.DataFrame | None,
    rep: str,
    base_months: list[pd.Period],
    now_months: list[pd.Period],
    gap: float,
) -> dict[str, object]:
    """When the rep's large orders are his ordinary business and fewer of them landed this
    year so far than the same months of the baseline, by a chance-sized count, their yen short
    making at least ``LUMP_EXPLAINS`` of ``gap`` (revenue to date short of its target, yen >
    0): the baseline's count and yen in those months (``projects_expected``,
    ``projects_base``) and this year's (``projects_n``, ``projects_now``); else empty.
    ``now_months``: this year's complete months."""
    if table is None or not len(table) or not now_months or not gap > 0:
        return {}
    mine = table[table["rep"] == rep]
    base = mine[mine["month"].isin(base_months)]
    if int(base["orders"].sum()) <= LUMP_MAX_PER_YEAR * len(base_months) / 12:
        return {}  # a few a year: lumps (``lumps_missing``), not the business
    calendar = {m.month for m in now_months}
    same = base[[m.month in calendar for m in base["month"]]]
    now = mine[mine["month"].isin(now_months)]
    expected, now_n = int(same["orders"].sum()), int(now["orders"].sum())
    short = expected - now_n
    if short < 1 or short > PROJECTS_CHANCE * math.sqrt(expected):
        return {}
    had, got = float(same["revenue"].sum()), float(now["revenue"].sum())
    if had - got < LUMP_EXPLAINS * gap:
        return {}
    return {
        "projects_expected": expected,
        "projects_n": now_n,
        "projects_base": had,
        "projects_now": got,
    }
