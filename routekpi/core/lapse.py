"""Accounts from orders, for a history without an Accounts sheet.

Many order exports have no customer master. Then an account is a customer who orders: it
starts with its first order and is counted as lost ``LAPSE_DAYS`` after its last order, the
day a sales team would call it gone — but only when that day has come by the as-of date (a
customer who ordered last week is not lost because the history stops today).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from routekpi.core.history import History

# Days without an order after which a customer counts as lost (about half a year).
LAPSE_DAYS = 180


def accounts_from_orders(history: History, as_of: date, days: int = LAPSE_DAYS) -> History:
    """The history with an Accounts table derived from its orders (first order → lapse)."""
    o = history.orders[history.orders["date"] <= pd.Timestamp(as_of)]
    if not len(o):
        return history
    o = o.sort_values("date")
    per = o.groupby("account", sort=True).agg(
        start=("date", "min"), last=("date", "max"), rep=("rep", "last")
    )
    end = per["last"] + pd.Timedelta(days=days)
    end = end.where(end <= pd.Timestamp(as_of))
    accounts = pd.DataFrame(
        {
            "account": per.index.astype(object),
            "name": per.index.astype(object),
            "rep": per["rep"].to_numpy(),
            "start": per["start"].dt.normalize().to_numpy(),
            "end": end.dt.normalize().to_numpy(),
        }
    )
    return replace(history, accounts=accounts)
