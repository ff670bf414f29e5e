"""Material lost accounts: the one rule the flag, the baseline and the landings share.

In plain words: an account is **lost** when it has ended (an end date on Accounts, or the
lapse rule's end without a customer master) by the as-of date, and **material** when what it
bought over a reference span was at least ``LOST_WARN_SHARE`` (5%) of its rep's revenue over
the same span. Smaller losses are the usual churn, which the trends and the churn hazard
carry already.

Two readers, two spans, one rule (``is_material``):

- the ``lost_account`` flag (core.flags): ended this fiscal year, measured on the fiscal year
  before (the hole the rep has to fill this year);
- the plan's baseline (core.baselines, ``lost_before_plan``): ended after the baseline's
  first month began and before the plan year starts, measured on the baseline months — or,
  planning a later year, flagged (so every account the flag names then is out). Such an
  account's orders, visits and place in the book are taken out of its rep's baseline, so
  the targets and the rep's share of the KGI stand on the book he still holds. An account
  that ends once the plan year has begun stays in (targets do not move under a rep during
  his year; the flag and the held-book landing speak for it then).

Decided from the history and the baseline months alone, before the evidence is built (no
circle through ``Evidence``). Only from order and visit rows: summed histories
(``HistoryFacts``) have no per-account orders and visits, so for them no account is taken
out (the flag, which needs only the amounts, still names it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from routekpi.core.calendar import fiscal_months, fiscal_year_of
from routekpi.core.history import History

# A lost account is material when its revenue was this share of its rep's (the flag warns).
LOST_WARN_SHARE = 0.05


def is_material(revenue: float, rep_revenue: float) -> bool:
    """Whether an account's revenue is a material share of its rep's (module doc)."""
    return revenue > 0 and rep_revenue > 0 and revenue >= LOST_WARN_SHARE * rep_revenue


def ended_between(history: History, first: date, last: date) -> pd.DataFrame:
    """Accounts whose end lies in [first, last], one row each (the last Accounts row), indexed
    by account (rep, end, name …: the Accounts columns)."""
    acc = history.accounts
    end = acc["end"]
    ended = acc[end.notna() & (end >= pd.Timestamp(first)) & (end <= pd.Timestamp(last))]
    return ended.drop_duplicates("account", keep="last").set_index("account")


@dataclass(frozen=True)
class LostAccount:
    """One material account taken out of the plan's baseline."""

    account: str
    name: str
    rep: str  # the rep who holds it on Accounts
    end: date
    revenue: float  # its revenue over the baseline months
    share: float  # of its rep's baseline revenue


def lost_before_plan(
    history: History,
    revenue: pd.Series,
    baseline_months: list[pd.Period],
    plan_start: pd.Period,
    as_of: date,
) -> list[LostAccount]:
    """The material accounts that ended before the plan year, largest first (module doc).

    ``revenue``: the facts' revenue by (rep, month). Material on the baseline months, or —
    ended in the fiscal year holding ``as_of`` — on the fiscal year before, as the flag
    reads it: every account the flag names while a later year is planned is out of that
    plan's baseline. Empty for a summed history (no per-account rows)."""
    if history.facts is not None or not baseline_months or not len(history.orders):
        return []
    last = min(as_of, plan_start.start_time.date() - timedelta(days=1))
    ended = ended_between(history, baseline_months[0].start_time.date(), last)
    if not len(ended):
        return []
    start_month = plan_start.month  # the fiscal year's first month
    this_year = fiscal_months(fiscal_year_of(as_of, start_month), start_month)
    year_before = [m - 12 for m in this_year]
    o = history.orders
    o = o[o["account"].isin(ended.index) & (o["date"] <= pd.Timestamp(as_of))]
    month = o["date"].dt.to_period("M")
    bought = o[month.isin(baseline_months)].groupby("account")["amount"].sum()
    before = o[month.isin(year_before)].groupby("account")["amount"].sum()
    month_of = revenue.index.get_level_values("month")
    rep_base = revenue[month_of.isin(baseline_months)].groupby(level="rep").sum()
    rep_before = revenue[month_of.isin(year_before)].groupby(level="rep").sum()
    out = []
    for account, amount in bought.items():
        row = ended.loc[account]
        rep = str(row["rep"])
        base = float(rep_base.get(rep, 0.0))
        flagged = row["end"] >= this_year[0].start_time and is_material(
            float(before.get(account, 0.0)), float(rep_before.get(rep, 0.0))
        )
        if not (is_material(float(amount), base) or flagged) or base <= 0:
            continue
        name = row.get("name")
        out.append(
            LostAccount(
                account=str(account),
                name="" if name is None or pd.isna(name) else str(name),
                rep=rep,
                end=row["end"].date(),
                revenue=float(amount),
                share=float(amount) / base,
            )
        )
    out.sort(key=lambda a: -a.revenue)
    return out


def only_accounts(history: History, accounts: set[str]) -> History:
    """The history of ``accounts`` alone (their orders, visits and Accounts rows; the
    holidays and handover as they are): what the baseline takes out (core.baselines)."""
    keep = {str(a) for a in accounts}

    def of(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["account"].astype(str).isin(keep)].reset_index(drop=True)

    return replace(
        history,
        orders=of(history.orders),
        visits=of(history.visits) if len(history.visits) else history.visits,
        accounts=of(history.accounts),
    )
