"""A rep who has left: the history of their accounts moves to the reps who hold them now.

When a rep leaves (or moves to another job), their customers are handed to colleagues. The
order and visit lines keep the old rep's name, so, read as they are, the departed rep keeps
a baseline and is handed a target, while the colleagues who took the customers over look as
if they had suddenly grown (their trends and their attainment read too high).

The rule, in plain words: a rep with no order and no visit in the last ``GONE_DAYS`` days of
the history (up to the as-of date, or the eve of the plan year if that is earlier), while
others go on, has left. Each of their accounts
goes, with its whole history, to the rep who holds it now — the rep on the Accounts sheet
when that rep is still active, else the active rep who last sold to or visited it. A
departed rep gets no target; an account nobody holds now keeps its history under the
departed rep's name, in the team's baseline but in no rep's, and the Plan says how many.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # history.py holds a Handover: a runtime import would be circular
    from routekpi.core.history import History

# Days without an order or a visit after which a rep counts as gone: six weeks, longer than
# any holiday (New Year, Golden Week and Obon are under two), and short enough that a plan
# made two months after someone left already sees it.
GONE_DAYS = 45


@dataclass(frozen=True)
class Handover:
    """Who has left, and what moved."""

    gone: tuple[str, ...]  # the departed reps, sorted
    last_seen: dict[str, date]  # rep → their last order or visit
    moved: int  # accounts whose history moved to the rep holding them now
    to: tuple[str, ...]  # the reps who took them over, sorted
    orphans: int  # open accounts of departed reps that nobody holds now


def handover_day(as_of: date, plan_start: date) -> date:
    """The day departures are judged on: the as-of date, but never later than the eve of the
    plan year — a rep who leaves during the year keeps the targets it started with, and the
    Review shows the gap he leaves."""
    return min(as_of, plan_start - timedelta(days=1))


def gone_reps(last_seen: pd.Series) -> dict[str, date]:
    """The rule: of the reps' last order or visit days (rep → Timestamp), those
    ``GONE_DAYS`` or more before the latest of them (rep → that day); none when no rep
    would be left."""
    last_seen = last_seen.dropna()
    if not len(last_seen):
        return {}
    gone = last_seen[last_seen <= last_seen.max() - pd.Timedelta(days=GONE_DAYS)]
    if len(gone) == len(last_seen):
        return {}
    return {str(rep): pd.Timestamp(day).date() for rep, day in gone.sort_index().items()}


def current_owners(
    latest: pd.Series, accounts: pd.DataFrame, gone: set[str] | dict[str, date]
) -> dict[str, str]:
    """account → the active rep who holds it now: the Accounts sheet's rep when active, else
    ``latest`` (account → the active rep of its latest order or visit)."""
    owners = {str(a): str(r) for a, r in latest.dropna().items() if str(a)}
    if len(accounts):
        held = accounts[accounts["rep"].notna() & ~accounts["rep"].isin(list(gone))]
        owners.update(zip(held["account"].astype(str), held["rep"].astype(str), strict=True))
    return owners


def ended_accounts(accounts: pd.DataFrame, last_event: pd.Series, as_of: date) -> set[str]:
    """Accounts already closed on ``as_of``: by the Accounts sheet's end date, or without one
    (accounts from orders) by the lapse rule on ``last_event`` (account → last order or
    visit). A closed account nobody took over is a lost customer, not one waiting for a rep."""
    if len(accounts):
        end = pd.to_datetime(accounts["end"])
        return set(accounts.loc[end.notna() & (end <= pd.Timestamp(as_of)), "account"].astype(str))
    from routekpi.core.lapse import LAPSE_DAYS  # lapse.py reads History: imported late

    lapsed = last_event[last_event <= pd.Timestamp(as_of) - pd.Timedelta(days=LAPSE_DAYS)]
    return set(lapsed.index.astype(str))


def handover_of(
    last_seen: dict[str, date], theirs: set[str], owners: dict[str, str], ended: set[str]
) -> Handover:
    """What moved: the departed reps' accounts (``theirs``) that have a current owner; the
    open ones without one are ``orphans``."""
    moved = sorted(a for a in theirs if a in owners)
    return Handover(
        gone=tuple(sorted(last_seen)),
        last_seen=last_seen,
        moved=len(moved),
        to=tuple(sorted({owners[a] for a in moved})),
        orphans=len(theirs - set(moved) - ended),
    )


def hand_over(history: History, as_of: date) -> tuple[History, Handover | None]:
    """The history with each departed rep's accounts under the rep who holds them now.

    The result's ``handover`` says what moved; a history that has one is returned as it is.
    The compact history (``facts``) was handed over before it was summed per rep (the
    history sources do it in SQL, ``compact_history`` here)."""
    if history.facts is not None or history.handover is not None:
        return history, history.handover  # handed over already (by the sources, or the engine)
    # Every recalculation asks; nobody has left in almost all of them. So who is gone comes
    # from a per-rep maximum of each table, and only then are the events gathered.
    last_seen = gone_reps(_last_seen(history, as_of))
    if not last_seen:
        return history, None
    gone = set(last_seen)
    frames = [
        f.loc[f["date"] <= pd.Timestamp(as_of), ["date", "account", "rep"]]
        for f in (history.orders, history.visits)
        if len(f)
    ]
    events = pd.concat(frames, ignore_index=True).dropna(subset=["date", "rep"])
    active = events[~events["rep"].astype(str).isin(gone)].dropna(subset=["account"])
    # Of two reps on an account's last day, the one that sorts last (as lapse.py's rule).
    active = active.assign(rep=active["rep"].astype(str), account=active["account"].astype(str))
    latest = active.sort_values(["date", "rep"], kind="stable").groupby("account")["rep"].last()
    owners = current_owners(latest, history.accounts, gone)
    theirs: set[str] = set()
    for frame in (history.orders, history.visits, history.accounts):
        if len(frame):
            theirs |= set(frame.loc[frame["rep"].isin(gone), "account"].dropna().astype(str))
    theirs.discard("")
    last_event = events.dropna(subset=["account"]).groupby(events["account"].astype(str))["date"]
    ended = ended_accounts(history.accounts, last_event.max(), as_of)
    history = replace(
        history,
        orders=reassign(history.orders, gone, owners),
        visits=reassign(history.visits, gone, owners),
        accounts=reassign(history.accounts, gone, owners),
    )
    handed = handover_of(last_seen, theirs, owners, ended)
    return replace(history, handover=handed), handed


def _last_seen(history: History, as_of: date) -> pd.Series:
    """rep (text) → the rep's last order or visit up to ``as_of``."""
    day = pd.Timestamp(as_of)
    parts = []
    for frame in (history.orders, history.visits):
        if not len(frame):
            continue
        dates, reps = frame["date"], frame["rep"]
        if dates.max() > day:  # events after the as-of date do not count
            keep = dates <= day
            dates, reps = dates[keep], reps[keep]
        parts.append(dates.groupby(reps, observed=True, sort=False).max())
    if not parts:
        return pd.Series(dtype="datetime64[ns]")
    last = pd.concat(parts)
    return last.groupby(last.index.astype(str)).max()


def reassign(frame: pd.DataFrame, gone: set[str], owners: dict[str, str]) -> pd.DataFrame:
    """``frame`` with a departed rep's rows under the account's current owner, where known."""
    if not len(frame):
        return frame
    mine = frame["rep"].isin(gone)
    if not mine.any():
        return frame
    new = frame.loc[mine, "account"].astype(str).map(owners)
    if not new.notna().any():
        return frame
    out = frame.copy()
    # As plain text: a dictionary-encoded rep column may not know the new owner's name.
    out["rep"] = out["rep"].astype(object)
    out.loc[new.index[new.notna()], "rep"] = new[new.notna()].to_numpy()
    return out
