"""A new account at a silent one's address: the old one has closed (trial 49 M2, 居抜き).

A salon closes without anyone typing its end, and a new salon (a new code, a new name) opens
in the same premises — 居抜き, often with the same chairs and the same rep. Read on its orders
alone the old one is only silent: the at-risk flag warns 「108日訪問なし」 and the Daily sends
the rep to a door that is now the new salon's, while the new one is on the same list. A
customer master that carries the address (住所) says it: when an account starts at the address
of one that has not ordered since (no order after the new one's first order or its typed
start, whichever is earlier), the old one has gone, and it ends the day after its last order —
the date the other untyped ends get (core.lapse, "One date for an end nobody typed").

The address is compared normalised (``address_key``: full-width to half-width, case, spaces out,
the hyphen and dash variants as one hyphen, a long-vowel mark between digits as a hyphen),
exactly after that: 「1-1-14」 is not 「1丁目1番14号」, and a building's other tenants only
match when one of them stopped ordering before the other began. Two shops at one address
that both keep ordering (trial 49: S10413 and S12077, 錦糸5-4-16) are not touched. An end
typed on the master, or set already by another rule, stands. Nothing else reads the address.

The old one must also be silent (``QUIET_FLOOR_DAYS``, ``QUIET_GAPS``): a building typed
without its room number is one address for all its tenants, and a new tenant moving in a
week after a steady monthly customer's last order closed that customer (review49b: two
tenants ordering every month, silent 20 and 25 days, ended). Trial 49's pairs were silent
for months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from routekpi.contract import WHITESPACE, fold, lazy_pattern

# The characters an address's hyphen is typed as (after NFKC, which makes －, ｰ half-width).
_DASHES = lazy_pattern(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\uff0d]")
_LONG_MARK = lazy_pattern(r"(?<=\d)[\u30fc\uff70](?=\d)")  # ー between digits: a hyphen

# The old account's silence at the as-of date, at least: this many days, and this many of its
# mean gaps between order days (when they are known) — a steady customer between two orders
# has not gone, whoever moved in next door (the lapse rule's floor, core.lapse).
QUIET_FLOOR_DAYS = 60
QUIET_GAPS = 2.0


def address_key(text: object) -> str | None:
    """The address as compared: the shared text folding (``contract.fold``: NFKC, full-width
    digits and letters half-width, case-folded) with no spaces, every hyphen or dash variant
    (and ー between digits) one ``-``. None: blank."""
    if text is None or (isinstance(text, float) and text != text):
        return None
    s = fold(text, WHITESPACE)
    s = _LONG_MARK.sub("-", s)
    s = _DASHES.sub("-", s)
    return s or None


@dataclass(frozen=True)
class Moved:
    """An account ended because a new one started at its address."""

    old: str
    new: str
    address: str  # as typed on the old account's row
    end: pd.Timestamp  # the day after the old one's last order


def same_address_ends(
    accounts: pd.DataFrame,
    first: pd.Series,
    last: pd.Series,
    as_of: pd.Timestamp,
    order_days: pd.Series | None = None,
) -> tuple[pd.DataFrame, list[Moved]]:
    """``accounts`` (a customer master with an ``address`` column) with the open accounts a
    new one replaced at their address ended the day after their last order (module doc),
    and the pairs. ``first``/``last``: each account's first and last order day (by code) to
    ``as_of``. An account without an order, with an end already, or ordering after the new
    one began is left as it is, and so is one not yet silent (``quiet``); the new one begins
    at the earlier of its typed start and its first order, on or before ``as_of``, after the
    old one's start. ``order_days``: each account's number of order days (by code), for its
    mean gap; without it the floor alone."""
    if "address" not in accounts.columns or not len(accounts):
        return accounts, []
    rows = accounts.drop_duplicates("account", keep="last")
    keys = rows["address"].map(address_key)
    rows = rows[keys.notna()].assign(_key=keys[keys.notna()])
    rows = rows[rows.groupby("_key")["_key"].transform("size") > 1]
    if not len(rows):
        return accounts, []
    code = rows["account"].astype(str)
    start = pd.to_datetime(rows["start"])
    firsts = pd.to_datetime(code.map(first))
    begin = start.where(firsts.isna() | (start <= firsts), firsts)
    lasts = pd.to_datetime(code.map(last))
    table = pd.DataFrame(
        {
            "code": code.to_numpy(),
            "key": rows["_key"].to_numpy(),
            "address": rows["address"].astype(str).to_numpy(),
            "start": start.to_numpy(),
            "begin": begin.to_numpy(),
            "last": lasts.to_numpy(),
            "open": pd.to_datetime(rows["end"]).isna().to_numpy(),
        }
    )
    cutoff = pd.Timestamp(as_of)
    n = code.map(order_days) if order_days is not None else pd.Series(np.nan, index=code.index)
    table["quiet"] = quiet(table["last"], firsts.to_numpy(), n.to_numpy(dtype=float), cutoff)
    moved: list[Moved] = []
    for _, at in table.groupby("key", sort=False):
        newer = at[at["begin"].notna() & (at["begin"] <= cutoff)]
        for old in at.itertuples(index=False):
            if not old.open or pd.isna(old.last) or not old.quiet:
                continue
            after = newer[
                (newer["code"] != old.code)
                & (newer["start"] > old.start)
                & (newer["begin"] >= old.last)
            ]
            if not len(after):
                continue
            new = after.sort_values("begin", kind="stable").iloc[0]
            end = pd.Timestamp(old.last).normalize() + pd.Timedelta(days=1)
            moved.append(Moved(old.code, str(new["code"]), old.address, end))
    if not moved:
        return accounts, []
    ends = {m.old: m.end for m in moved}
    out = accounts.copy()
    codes = out["account"].astype(str)
    hit = codes.isin(list(ends)) & out["end"].isna()
    out.loc[hit, "end"] = codes[hit].map(ends).astype(out["end"].dtype)
    return out, moved


def quiet(last: pd.Series, first: np.ndarray, days: np.ndarray, as_of: pd.Timestamp) -> np.ndarray:
    """Whether each account's silence from its ``last`` order to ``as_of`` reaches
    ``QUIET_FLOOR_DAYS`` and ``QUIET_GAPS`` of its mean gap between its ``days`` order days
    from ``first`` (a gap unknown, one order day or none counted: the floor alone)."""
    silent = (pd.Timestamp(as_of) - pd.to_datetime(last)).dt.days.to_numpy(dtype=float)
    span = (pd.to_datetime(last) - pd.to_datetime(pd.Series(first, index=last.index))).dt.days
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = span.to_numpy(dtype=float) / (days - 1)
    gap = np.where(np.isfinite(gap) & (days > 1), gap, 0.0)
    return (silent >= QUIET_FLOOR_DAYS) & (silent >= QUIET_GAPS * gap)
