"""Account starts the history cannot see (left-censored), and the KPIs they take away.

An order export that begins with a new ERP (trial 24: 15 months) or at a sheet's row limit
shows no start for a customer held before it. Without a customer master such a customer is
dated from the month-end before the history (core.lapse: the last day of the month before
its first month, as is every first order in the lapse rule's first ``LAPSE_DAYS``), a date in
none of the data. Read as a start it makes two KPIs fiction:

- **Retention period** (months since each account started) is the history's length for every
  such account: 13.0 for every rep, with a target of 24.2 that is only the calendar.
- **Usage to date** (what each account has bought since it started) counts only the history's
  months: its target rose +88% on a +11.6% plan.

The two are counted from each account's start (catalog ``Kpi.from_start``). They are **not
planned** (``engine.target_kpis``; the Plan says why, ``plan.usage_censored``) when
``censored_starts`` finds that the history dates its first accounts at its own start and that
most of the accounts held at the baseline's end (``CENSORED_SHARE``) were held from before
it. Read from the fact table alone, so the rows and the compact history (and the UDF's
model) decide alike:

- dated at the history's start: at the end of the grid's first month no live account is
  older than one started the day before it (the team's mean tenure is at most that month's
  days ÷ the mean month, 30/30.44 = 0.99 for September). A customer master with real starts
  before the history has older accounts, and keeps both KPIs;
- held from before: the accounts live at the baseline's end less every account won since
  the grid's first month (``new_accounts``) were held before it — at least that many, as
  some wins may be lost again: a lower bound of the share.

A rep's copy shows such a start as "<first month> 以前から" (``start_unknown_before``), not
as the month-end before the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence
from routekpi.core.catalog import KPIS
from routekpi.core.held import held_accounts
from routekpi.core.history import History
from routekpi.core.measure import TEAM

# Most of the book held at the baseline's end from before the history: its average tenure
# and usage say more about the history's length than about the accounts.
CENSORED_SHARE = 0.5
# The mean month of core.measure's tenure (365.25 ÷ 12 days).
_DAYS_PER_MONTH = 365.25 / 12
# KPIs counted from each account's start (catalog ``Kpi.from_start``).
FROM_START: tuple[str, ...] = tuple(k.key for k in KPIS if k.from_start)


@dataclass(frozen=True)
class CensoredStarts:
    """Most accounts of the baseline's last month were held from before the history."""

    first: pd.Period  # the history's first month
    at: pd.Period  # the baseline's last month
    held: float  # accounts live at its end
    before: float  # of them held from before the history (at least)

    @property
    def share(self) -> float:
        """At least this share of the accounts held at ``at`` started before ``first``."""
        return self.before / self.held if self.held > 0 else float("nan")


def censored_starts(ev: Evidence) -> CensoredStarts | None:
    """The censored basis of the KPIs counted from each account's start (module doc);
    None when the history shows the starts, or most accounts started inside it."""
    facts = ev.facts
    need = ("active_accounts", "tenure_sum", "new_accounts")
    if not ev.baseline_months or not all(c in facts.columns for c in need):
        return None
    if TEAM not in facts.index.get_level_values(0):
        return None
    team = facts.xs(TEAM, level=0)
    if not len(team):
        return None
    first, end = team.index[0], ev.baseline_months[-1]
    if end not in team.index:
        return None
    held0 = float(team.at[first, "active_accounts"])
    if not held0 > 0:
        return None
    oldest = first.days_in_month / _DAYS_PER_MONTH  # started the day before the history
    if float(team.at[first, "tenure_sum"]) / held0 > oldest + 1e-6:
        return None  # some account is older than the history: its starts are known
    held = float(team.at[end, "active_accounts"])
    positions = (team.index >= first) & (team.index <= end)
    wins = float(np.nansum(team.loc[positions, "new_accounts"].to_numpy(dtype=float)))
    before = max(held - wins, 0.0)
    if not held > 0 or before / held < CENSORED_SHARE:
        return None
    return CensoredStarts(first, end, held, before)


def unmeasured_kpis(ev: Evidence) -> tuple[str, ...]:
    """The KPIs this history cannot measure because their basis is censored (module doc)."""
    return FROM_START if censored_starts(ev) is not None else ()


def held_from_before(history: History | None, at: pd.Period) -> tuple[int, int] | None:
    """(held, before): the customer master's accounts live at the end of ``at`` and, of them,
    those that started before the history's first month — whose purchases before it usage to
    date cannot count (trial 33 L2: 125 of 270, started 83 months earlier on average, gave a
    +63.7% target). None without a master (``censored_starts`` reads the derived starts), no
    history, or none held from before."""
    if history is None or history.accounts_derived or not len(history.accounts):
        return None
    first_day = history.first_date()
    if first_day is None:
        return None
    held = held_accounts(history, at.end_time.date())
    first = pd.Timestamp(first_day).to_period("M").start_time
    before = int((held["start"] < first).sum())
    return (len(held), before) if len(held) and before else None


def start_unknown_before(history: History | None) -> date | None:
    """The history's first day when the accounts were derived from its orders: an account
    dated before it was held from before the history, its real start unknown (module doc).
    None with a customer master (the starts are typed) or no history."""
    if history is None or not history.accounts_derived:
        return None
    return history.first_date()
