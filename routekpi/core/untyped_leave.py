"""A leave nobody typed, read from the order days (trial 50 H6).

佐藤 was away 2026-06-01 … 08-31 and 伊藤 drove his round; the ERP booked the deliveries under
the driver, and nobody typed the Leave row (it is optional). The master names 佐藤 as the
holder of all 153 accounts 伊藤 booked in those 13 weeks, none before or after, while 佐藤
booked nothing: 伊藤's baseline took three months of 佐藤's book (FY2027 targets +23.9% for
伊藤, −14.1% for 佐藤) behind one handover line about three accounts.

The pattern, in plain words, per holder (the Accounts sheet's rep of an account) and
colleague: the colleague's order days on the holder's accounts form one stretch (days no more
than ``STRETCH_GAP_DAYS`` apart) of at least ``MIN_DAYS`` days on at least ``MIN_ACCOUNTS``
accounts; the colleague booked those accounts hardly ever outside it (at most
``OUTSIDE_SHARE`` of the days inside); the holder booked next to nothing inside it (at most
``HOLDER_STRAY_SHARE`` of the colleague's order days there: trial 50's office keyed 9 lines
of 佐藤's new accounts under his name while 伊藤 booked 506 on his round), and did before it
and after it (he was there, and came back to his accounts); and no Leave row of his touches
it. Then Checks asks for the Leave row, naming the reps, the days and the counts.

Nothing is moved without the row: a real handover looks the same at its start (the colleague
books the accounts, the holder nothing), and a stretch read back as the holder's might be a
hand-over the manager meant. The holder's return is what tells a leave, and only the manager
knows whether the colleague's weeks were cover (the holder's) or his own work.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.calendar import LeaveSpan

__all__ = [
    "HOLDER_STRAY_SHARE",
    "MIN_ACCOUNTS",
    "MIN_DAYS",
    "OUTSIDE_SHARE",
    "STRETCH_GAP_DAYS",
    "UntypedLeave",
    "untyped_leaves",
    "untyped_leaves_coded",
]

# Four weeks at least: a week or two away is the Daily's business (core.at_work
# absence_cover_stretches), not a baseline moved by months.
MIN_DAYS = 28
# A colleague's order days on the holder's accounts this far apart (calendar days) and less
# are one stretch: a route visits an account every week or two; a holiday week between.
STRETCH_GAP_DAYS = 14
# Accounts the colleague booked in the stretch: fewer is a few customers helped out, not a
# round driven in the holder's place.
MIN_ACCOUNTS = 10
# The colleague's order days on those accounts outside the stretch, as a share of those
# inside it: more is his own business with them, not cover.
OUTSIDE_SHARE = 0.1
# The holder's own order days (account × day, any account) inside the stretch that still
# read as away, as a share of the colleague's on his accounts there: an office key-in under
# his name (a new account's first slip), not his round.
HOLDER_STRAY_SHARE = 0.05
# numpy's day 0 (1970-01-01) as a date ordinal.
EPOCH = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class UntypedLeave:
    """A stretch that reads as ``holder``'s leave covered by ``cover``: the cover's first and
    last order day on the holder's accounts, how many accounts and account-days (orders)."""

    holder: str
    cover: str
    first: date
    last: date
    accounts: int
    orders: int

    @property
    def weeks(self) -> int:
        """The stretch's length in whole weeks (rounded)."""
        return int(np.floor(((self.last - self.first).days + 1) / 7 + 0.5))


def untyped_leaves(
    days: pd.DataFrame, holder_of: Mapping[str, str], declared: Collection[LeaveSpan] = ()
) -> list[UntypedLeave]:
    """The stretches of ``days`` (ACCOUNT_DAY_COLUMNS: account, rep, date of the order lines)
    that read as a leave nobody typed (module doc), by holder and cover. ``holder_of``:
    account → its rep on the Accounts sheet; ``declared``: the Leave rows used (a holder's
    stretch that touches one is said there already)."""
    if not len(days) or not holder_of:
        return []
    keep = (days["account"].notna() & days["rep"].notna()).to_numpy()
    # Integer codes and day numbers (numpy, not a pandas group per pair of text: a million
    # order days and a thousand pairs of reps sharing a customer or two ran 20 s that way).
    kept = days if keep.all() else days[keep]
    # Factorized as they are (an Arrow string column encodes in Arrow, no object array).
    account, accounts = pd.factorize(kept["account"])
    rep, reps = pd.factorize(kept["rep"])
    day = pd.to_datetime(days["date"]).to_numpy(dtype="datetime64[D]").astype(np.int64)[keep]
    return untyped_leaves_coded(account, accounts, rep, reps, day, holder_of, declared)


def untyped_leaves_coded(
    account: np.ndarray,
    accounts: pd.Index,
    rep: np.ndarray,
    reps: pd.Index,
    day: np.ndarray,
    holder_of: Mapping[str, str],
    declared: Collection[LeaveSpan] = (),
) -> list[UntypedLeave]:
    """``untyped_leaves`` of the order days as codes, in ``days``' order: ``account`` and
    ``rep`` index ``accounts`` and ``reps``, the reps numbered as they first come (``pd.
    factorize``: the stretches are found in that order), ``day`` the day numbers."""
    if not len(day) or not holder_of:
        return []
    names = [str(r) for r in reps]
    # Each distinct account's holder as a rep code (-1: a holder who booked nothing; -2: none),
    # looked up once per account, not per line.
    code = {n: i for i, n in enumerate(names)}
    wanted = {
        str(a): code.get(str(r), -1) for a, r in holder_of.items() if isinstance(r, str) and r
    }
    table = np.array([wanted.get(str(a), -2) for a in accounts.tolist()], dtype=np.int64)
    holder = table[account] if len(table) else np.full(len(account), -2, dtype=np.int64)
    other = (holder >= 0) & (rep != holder)
    if not other.any():
        return []
    # Each rep's own order days (any account), sorted: the holder's silence is a count.
    order = np.lexsort((day, rep))
    cuts = np.searchsorted(rep[order], np.arange(len(names) + 1))
    own = [day[order[cuts[i] : cuts[i + 1]]] for i in range(len(names))]
    pairs = pd.DataFrame(
        {"holder": holder[other], "rep": rep[other], "account": account[other], "day": day[other]}
    )
    # Only pairs with enough accounts at all (most books: none to look at closely).
    wide = pairs.groupby(["holder", "rep"])["account"].nunique()
    wide = wide[wide >= MIN_ACCOUNTS]
    if not len(wide):
        return []
    keys = pd.MultiIndex.from_frame(pairs[["holder", "rep"]])
    pairs = pairs[keys.isin(wide.index)].sort_values(["holder", "rep", "day"], kind="stable")
    found: list[UntypedLeave] = []
    for (who, cover), pair in pairs.groupby(["holder", "rep"], sort=True):
        found += _stretch(str(names[who]), str(names[cover]), pair, own[int(who)], declared)
    return found


def _stretch(
    holder: str,
    cover: str,
    pair: pd.DataFrame,
    mine: np.ndarray,
    declared: Collection[LeaveSpan],
) -> list[UntypedLeave]:
    """``cover``'s order days on ``holder``'s accounts (``pair``: account, day numbers, by
    day) as one untyped leave when the module's rule says so (``mine``: the holder's own
    order days, sorted), else nothing."""
    d = pair["day"].to_numpy()
    u, counts = np.unique(d, return_counts=True)
    stretch = np.concatenate([[0], np.cumsum(np.diff(u) > STRETCH_GAP_DAYS)])
    best = int(np.argmax(np.bincount(stretch, weights=counts)))
    first, last = int(u[stretch == best].min()), int(u[stretch == best].max())
    if last - first + 1 < MIN_DAYS:
        return []
    inside = (d >= first) & (d <= last)
    acc = pair["account"].to_numpy()
    accounts = np.unique(acc[inside])
    if len(accounts) < MIN_ACCOUNTS:
        return []
    outside = int((np.isin(acc, accounts) & ~inside).sum())
    n = int(inside.sum())
    if outside > OUTSIDE_SHARE * n or not len(mine):
        return []
    lo, hi = np.searchsorted(mine, first, "left"), np.searchsorted(mine, last, "right")
    if not (lo > 0 and hi < len(mine) and hi - lo <= HOLDER_STRAY_SHARE * n):
        return []  # not there before, not back after, or at work inside
    a, b = (date.fromordinal(EPOCH + x) for x in (first, last))
    if any(r == holder and s <= b and e >= a for r, s, e in declared):
        return []
    return [UntypedLeave(holder, cover, a, b, len(accounts), n)]
