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
    every = pd.DataFrame(
        {
            "account": days["account"].astype(str).to_numpy(),
            "rep": days["rep"].astype(str).to_numpy(),
            "day": pd.to_datetime(days["date"]).dt.normalize().to_numpy(),
        }
    )[(days["account"].notna() & days["rep"].notna()).to_numpy()]
    holders = {str(a): str(r) for a, r in holder_of.items() if isinstance(r, str) and r}
    every["holder"] = every["account"].map(holders)
    other = every[every["holder"].notna() & (every["rep"] != every["holder"])]
    if not len(other):
        return []
    # Only pairs with enough accounts at all (most books: none to look at closely).
    wide = other.groupby(["holder", "rep"])["account"].nunique()
    wide = wide[wide >= MIN_ACCOUNTS]
    own_days = every.groupby("rep")["day"]
    found: list[UntypedLeave] = []
    for holder, cover in wide.index:
        pair = other[(other["holder"] == holder) & (other["rep"] == cover)]
        per_day = pair.groupby("day").size().sort_index()
        gaps = per_day.index.to_series().diff().dt.days.to_numpy()
        stretch = np.cumsum(gaps > STRETCH_GAP_DAYS)
        best = int(per_day.groupby(stretch).sum().idxmax())
        span = per_day.index[stretch == best]
        first, last = span.min(), span.max()
        if (last - first).days + 1 < MIN_DAYS:
            continue
        inside = pair[(pair["day"] >= first) & (pair["day"] <= last)]
        accounts = set(inside["account"])
        if len(accounts) < MIN_ACCOUNTS:
            continue
        outside = pair[pair["account"].isin(accounts) & ~pair.index.isin(inside.index)]
        if len(outside) > OUTSIDE_SHARE * len(inside):
            continue
        mine = pd.DatetimeIndex(own_days.get_group(holder) if holder in own_days.groups else [])
        if not (
            (mine < first).any()
            and (mine > last).any()
            and int(((mine >= first) & (mine <= last)).sum()) <= HOLDER_STRAY_SHARE * len(inside)
        ):
            continue
        a, b = first.date(), last.date()
        if any(rep == holder and s <= b and e >= a for rep, s, e in declared):
            continue
        found.append(UntypedLeave(holder, cover, a, b, len(accounts), len(inside)))
    return found
