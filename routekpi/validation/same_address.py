"""The address rule on the validated master (core.same_address), and its Checks line.

Both readers of a customer master (the Accounts sheet, validation.tables; a master file or
table, sources.assemble) call ``with_same_address_ends`` once its own ends and the lapse rule's
are read: a new account at a silent one's address ends the old one the day after its last
order, said in one info line with the pairs and the address.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from routekpi.contract import Check
from routekpi.core.lapse import sale_lines
from routekpi.core.same_address import Moved, same_address_ends
from routekpi.schema import ACCOUNTS

SHOWN_PAIRS = 5  # pairs named on the Checks line, the rest counted


def with_same_address_ends(
    accounts: pd.DataFrame, orders: pd.DataFrame, day: date, checks: list[Check]
) -> pd.DataFrame:
    """The master's ``accounts`` with ``same_address_ends`` applied on the order lines
    (account, date; the sales) to ``day``, its Checks line added to ``checks``."""
    if "address" not in accounts.columns or not accounts["address"].notna().any():
        return accounts
    stamp = pd.Timestamp(day)
    # The sales (core.lapse ``sale_lines``, as order_spans.sql): a closed shop's returns are
    # no order, its silence began with its last sale (trial 53 H1).
    o = sale_lines(orders[(orders["date"] <= stamp) & orders["account"].notna()])
    days = o.groupby(o["account"].astype(str))["date"]
    counts = o["date"].dt.normalize().groupby(o["account"].astype(str)).nunique()
    return address_ends_from_days(accounts, days.min(), days.max(), stamp, checks, counts)


def address_ends_from_days(
    accounts: pd.DataFrame,
    first: pd.Series,
    last: pd.Series,
    day: pd.Timestamp,
    checks: list[Check] | None,
    order_days: pd.Series | None = None,
) -> pd.DataFrame:
    """``same_address_ends`` on each account's first and last order day (by code) to
    ``day`` (``order_days``: its number of order days); its Checks line
    (``same_address_check``) added to ``checks``."""
    if "address" not in accounts.columns or not accounts["address"].notna().any():
        return accounts
    accounts, moved = same_address_ends(accounts, first, last, day, order_days)
    if moved and checks is not None:
        checks.append(same_address_check(moved))
    return accounts


def same_address_check(moved: Sequence[Moved], sheet: str = ACCOUNTS.name) -> Check:
    """The info line for the accounts ended because a new one started at their address:
    how many, and the first pairs with the address and the old one's end date."""
    shown = [
        f"{m.old} → {m.new}({m.address}、{m.end.date().isoformat()})" for m in moved[:SHOWN_PAIRS]
    ]
    pairs = ", ".join(shown) + ("…" if len(moved) > SHOWN_PAIRS else "")
    params = {"count": len(moved), "pairs": pairs}
    return Check(sheet, None, "", None, "same_address_closed", params, "info")
