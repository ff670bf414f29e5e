"""Accounts the customer master still gives a rep while another rep alone serves them.

A customer master is exported rarely: one exported before a carve-out was keyed names the
giver on accounts a colleague alone has sold to and visited since (trial 54 H2: 40 clinics
given to a hire on 2026-10-01, the master still naming 山本 and 中島; two reps on pace read
critical on books they no longer held, the hire had no target and no Daily list). The lines
show the handover plainly, so it is read as one: the account is the serving rep's from that
day, as if the sheet had been updated (the sheet is never written) — the same reading as a
master that names him (``core.handover.decide``: handed over for the year, or during it) —
and the Checks name the accounts and the day.

The rule, in plain words: an open account on the Accounts sheet whose rep is active (at work on
his other accounts) but has no order or route visit on it since a day X, while every order and
route visit on it since X is one other active rep's, over a clear stretch: at least
``SWITCH_DAYS`` days from the sheet rep's last line on it to the latest day anyone has, and at
least ``SWITCH_LINES`` of the other rep's lines since. Not a colleague's cover (the sheet's rep
on the Leave sheet in that stretch, or back on the account since: the absence reading of trial
50 needs him back), not a colleague's help on a few visits (the sheet's rep still serves it),
not a renumbered rep (the old code has no line at all, so is not active:
``core.handover.standing``'s departed-rep rule reads it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from routekpi.core.calendar import LeaveSpan

# Two months of another rep's lines alone: longer than a holiday cover or a sick week (the
# absence reading of trial 50 counts weeks), one bimonthly visit cycle at least.
SWITCH_DAYS = 60
# And at least this many of his orders and visits on the account: a monthly customer has two
# orders and two visits in two months; a single call or two is a colleague's help.
SWITCH_LINES = 4

# account → (the sheet's rep, the rep who alone serves it since, the day he began, the sheet
# rep's last order or visit on it)
Switch = tuple[str, str, date, date]


def sheet_holders(accounts: pd.DataFrame, as_of: date, active: set[str]) -> dict[str, str]:
    """The open accounts (no end by ``as_of``) the Accounts sheet gives to an active rep:
    account → that rep."""
    if not len(accounts) or not active:
        return {}
    end = pd.to_datetime(accounts["end"])
    is_open = end.isna() | (end > pd.Timestamp(as_of))
    rep = accounts["rep"]
    named = accounts[accounts["account"].notna() & rep.notna() & is_open]
    reps = named["rep"].astype(str).tolist()  # lists: iterating Arrow strings is ~10 µs each
    ids = named["account"].astype(str).tolist()
    return {a: r for a, r in zip(ids, reps, strict=True) if r in active}


def switched_accounts(
    after: pd.DataFrame,
    sheet: Mapping[str, str],
    gave: Mapping[str, date],
    active: set[str],
    last_day: date,
    leave: tuple[LeaveSpan, ...] = (),
) -> dict[str, Switch]:
    """The accounts handed over by the lines (the module's rule). ``after``: the orders and
    route visits (account, rep, date) on accounts of ``sheet`` (account → its sheet rep, an
    active one) after that rep's own last line on them (``gave``: account → that day), up to
    the as-of date; ``last_day``: the latest day anyone has a line up to then. The stretch
    runs from the sheet rep's last line: a colleague's first visit weeks after it (a clinic
    seen every six weeks) still falls in it."""
    if not len(after):
        return {}
    lines = after.assign(account=after["account"].astype(str), rep=after["rep"].astype(str))
    lines = lines.assign(date=pd.to_datetime(lines["date"]))
    per = lines.groupby("account").agg(
        reps=("rep", "nunique"), rep=("rep", "first"), n=("rep", "size"), first=("date", "min")
    )
    end = pd.Timestamp(last_day)
    found: dict[str, Switch] = {}
    for account, row in per.iterrows():
        a, rep, since = str(account), str(row["rep"]), pd.Timestamp(row["first"])
        giver, last = sheet.get(a), gave.get(a)
        if giver is None or last is None or row["reps"] != 1 or rep == giver:
            continue
        if rep not in active or int(row["n"]) < SWITCH_LINES:
            continue
        if (end.date() - last).days < SWITCH_DAYS:
            continue
        covered = any(
            r == giver and start <= end.date() and stop > last for r, start, stop in leave
        )
        if not covered:  # the sheet's rep away on the Leave sheet then: a colleague's cover
            found[a] = (giver, rep, since.date(), last)
    return found
