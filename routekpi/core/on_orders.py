"""A rep who sold last year but holds no account: his share of the KGI carried on his orders.

Each rep's revenue target is his levers' product (core.targets): accounts × visits per
account × orders per visit × unit price. A rep with last year's revenue and no account in
the baseline nor at the plan year's start (his customers are not on the Accounts sheet, or
the sheet names someone else who never served them) has no book for those levers: 0
accounts × anything is no revenue. Read as it was, his target was blank and his share of the
KGI went to nobody, so the reps' targets summed short of it (trial 51: the sales lines' rep
codes beside the same reps by name on the master; core.kgi_total raises that as critical).

What a manager expects: the orders are what he sold, so he carries his share on them — his
unit price and orders per visit planned as any rep's (his levers' share of the goal), and
the orders (and the visits they need) carry the rest, the part his accounts would have
carried too. His accounts and the frequencies per account have no target (none held). The
team's targets then add up to the KGI, and the Plan names him with a warning: put his
customers under his name on the Accounts sheet and his accounts get targets too.

A rep whose accounts were all moved to colleagues is not this case: their history moves
with them (core.handover), he has no sale left and no target (``Handover.released``).
"""

from __future__ import annotations

import math

import numpy as np

from routekpi.core.baselines import Evidence, Note
from routekpi.core.history import once

LISTED_REPS = 8  # reps named in the note; more end with "…"
# Levers with no value for a rep who holds no account (a count of 0, a ratio per account).
PER_ACCOUNT = ("visits_per_account", "orders_per_account")


def unheld_reps(ev: Evidence) -> tuple[str, ...]:
    """The planned reps (revenue last year) with orders in the baseline but no account in it
    nor at the plan year's start (module doc), in the reps' order. Once per evidence."""
    return once(ev, "_unheld_reps", lambda: _unheld(ev))


def _unheld(ev: Evidence) -> tuple[str, ...]:
    if "active_accounts" not in ev.levers or not ev.reps:
        return ()
    base = ev.base.reindex(list(ev.reps))
    start = ev.start_accounts.reindex(list(ev.reps)).fillna(0.0)
    out = []
    for rep in ev.reps:
        accounts = float(base.at[rep, "active_accounts"])
        orders, price = float(base.at[rep, "orders"]), float(base.at[rep, "unit_price"])
        if (
            not accounts > 0
            and not float(start[rep]) > 0
            and orders > 0
            and math.isfinite(price)
            and price > 0
        ):
            out.append(rep)
    return tuple(out)


def carry_on_orders(
    ev: Evidence, row: dict[str, float], rep: str, x: np.ndarray, share: float
) -> None:
    """His row of targets (``row``, in place) for his ``share`` of the KGI: revenue the
    share, unit price and orders per visit his levers' (``x``: log against his baseline, as
    any rep's fill), orders the share at that price, visits those orders at that rate; no
    account and no per-account frequency target."""
    at = {key: j for j, key in enumerate(ev.levers)}
    price = float(ev.base.at[rep, "unit_price"]) * math.exp(float(x[at["unit_price"]]))
    row["revenue"] = share
    row["unit_price"] = price
    row["orders"] = share / price
    row["active_accounts"] = 0.0
    for key in PER_ACCOUNT:
        row[key] = math.nan
    if ev.has_visits and "orders_per_visit" in at:
        per_visit = float(ev.base.at[rep, "orders_per_visit"])
        per_visit *= math.exp(float(x[at["orders_per_visit"]]))
        row["orders_per_visit"] = per_visit
        row["visits"] = row["orders"] / per_visit if per_visit > 0 else math.nan


def on_orders_note(ev: Evidence, revenue: dict[str, float]) -> Note | None:
    """The Plan's warning naming the reps carried on their orders (``revenue``: rep → his
    revenue target), None when there are none."""
    reps = [r for r in unheld_reps(ev) if r in revenue]
    if not reps:
        return None
    listed = ", ".join(
        f"{r} (¥{float(ev.base.at[r, 'revenue']):,.0f} → ¥{revenue[r]:,.0f})"
        for r in reps[:LISTED_REPS]
    )
    return Note(
        "reps_carried_on_orders",
        {
            "count": len(reps),
            "reps": listed + (" …" if len(reps) > LISTED_REPS else ""),
            "base": f"¥{sum(float(ev.base.at[r, 'revenue']) for r in reps):,.0f}",
        },
    )
