"""A KGI typed as a change on last year (「-2%」), as the president said it: what to type.

The KGI is an amount in yen. A manager told "−2% on last year" types 「-2%」 (text) or −2% in
a cell formatted as percent (−0.02): the run stops, as for any KGI that is no amount, but the
stop says what to type — last year's revenue times the change, named with its months and the
cell (trial 53 L1: 「0 より大きい金額を入力してください」 left him to work it out). The cell is
never changed: the figure is a suggestion, the KGI is the manager's.

"Last year" is the 12 months before the plan year, summed as the order lines give them (returns
net): the figure a manager reads in his sales system, not the plan's baseline (which may leave
out accounts that ended, core.lost), which is known only once the plan is made.
"""

from __future__ import annotations

import math

import pandas as pd

from routekpi.contract import InputError, fold
from routekpi.core.calendar import fiscal_months
from routekpi.core.history import History
from routekpi.messages import fmt_yen
from routekpi.validation.cells import parse_number

# A number typed in a cell formatted as percent reads as a fraction: −2% is −0.02. A negative
# KGI above −1 (−100%) is such a change; −5 or −1,000,000 stays "no amount" (kgi_not_positive).
CHANGE_FLOOR = -1.0


def typed_change(cell: object) -> float | None:
    """The KGI cell read as a change on last year (−0.02 for 「-2%」 or a percent cell's
    −0.02), or None when it is typed as an amount (or not a number)."""
    if isinstance(cell, str) and "%" in fold(cell):
        value, problem = parse_number(cell)
        return value if value is not None and not problem else None
    if isinstance(cell, int | float) and not isinstance(cell, bool) and math.isfinite(cell):
        return float(cell) if CHANGE_FLOOR < cell < 0 else None
    return None


def change_error(cell: object, where: dict[str, str]) -> InputError | None:
    """The stop for a KGI typed as a change (``kgi_change``), or None: typed as an amount."""
    change = typed_change(cell)
    if change is None:
        return None
    typed = cell.strip() if isinstance(cell, str) else f"{change * 100:+g}%"
    return InputError("kgi_change", typed=typed, factor=f"{1 + change:g}", **where)


def last_year_revenue(
    history: History, plan_year: int, fiscal_start_month: int
) -> tuple[pd.Period, pd.Period, float] | None:
    """The 12 months before the plan year and their revenue as the order lines sum them
    (None: the history does not cover all 12 months)."""
    months = fiscal_months(plan_year - 1, fiscal_start_month)
    first, last = months[0], months[-1]
    if history.facts is not None:
        frame = history.facts.rep_months
        month = pd.PeriodIndex(frame["month"], freq="M")
        amount = frame["revenue"].to_numpy(dtype=float)
    else:
        frame = history.orders
        month = pd.PeriodIndex(pd.to_datetime(frame["date"]), freq="M")
        amount = frame["amount"].to_numpy(dtype=float)
    if not len(month) or month.min() > first:
        return None
    inside = (month >= first) & (month <= last)
    return first, last, float(amount[inside].sum())


def with_last_year(
    err: InputError, history: History, plan_year: int | None, fiscal_start_month: int
) -> InputError:
    """``err`` with last year's revenue and the amount the change gives (``kgi_change_amount``)
    when it is a KGI typed as a change and the history covers last year; else ``err``."""
    if err.key != "kgi_change" or plan_year is None:
        return err
    found = last_year_revenue(history, plan_year, fiscal_start_month)
    if found is None or not found[2] > 0:
        return err
    first, last, revenue = found
    amount = revenue * float(str(err.params["factor"]))
    return InputError(
        "kgi_change_amount",
        **err.params,
        months=f"{first} – {last}",
        last=fmt_yen(revenue),
        amount=fmt_yen(amount),
        typed_amount=f"{round(amount)}",
    )
