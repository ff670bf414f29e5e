"""Targets follow the accounts handed over during the plan year (携行: 担当替えで目標も移す).

The targets are set at the planning moment, each account's under the rep who held it then
(core.handover). When a rep hands accounts to a colleague during the year, from the month of
the handover on the given accounts' part of his month targets goes with them to the taker:
the giver is no longer asked to sell to customers he no longer serves, and the taker's
targets hold the customers he took. The team's targets do not change (the identity: for each
month and each KPI moved, the reps' targets add up to what they did before).

What moves (``CARRIED``): the book's counts, revenue, orders, visits, active accounts and
cancellations, each by the given accounts' share of the giver's baseline of it (the months the
targets were derived from, ``Evidence.baseline_months``: their revenue, order lines, visits
and account-months among his), applied to his month targets as set (a giver who both gives
and takes on the same day hands over a share of his own targets, never of those he took).
The pipeline (meetings, attempts, new accounts) is the rep's own prospecting and stays. A
ratio lever's month target (``RATIOS``: unit price, orders per visit, visits and orders per
account) follows its parts: scaled by how the carry moved its numerator over its
denominator, so revenue = active accounts × visits per account × orders per visit × unit
price still holds month by month. The year rows follow the months: a count is the sum of its
months, active accounts (a year average) moves by the average of its months' moves, and a
ratio as its months did. Each row changed says so in ``basis`` (``HANDOVER_BASIS``).

Not moved: a month or rep the manager typed (``basis`` override: his number stands), a
handover to or from a rep without a plan (a newcomer: core.engine.unplanned_reps; a rep
gone before the year has no target), from a rep who left during the year (his rows stay as
planned, core.engine ``Result.departed``), an account the taker has not served yet (no day
to move it from), a month the taker does not work at all (his working days 0, on leave the
whole month: the giver's part stays that month and moves from the next month he works).

A summed history (files or a database through the Sources sheet) carries as the lines do:
its facts keep the taken accounts' sums per account × rep × month
(``HistoryFacts.handover_months``), which measure the same shares.

``handover_carries`` reads who gave what to whom and the shares (needs the history);
``carry_targets`` is pure on the Targets table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence
from routekpi.core.calendar import month_label
from routekpi.core.history import History
from routekpi.core.measure import monthly_facts
from routekpi.core.target_grid import target_grid

# The Targets rows a handover changed (messages ``basis.handover``).
HANDOVER_BASIS = "handover"
# KPI → the fact column whose baseline share of the giver's moves it.
CARRIED: dict[str, str] = {
    "revenue": "revenue",
    "orders": "orders",
    "visits": "visits",
    "active_accounts": "active_accounts",
    "cancellations": "active_accounts",  # of the book he serves: by its account-months
}
# A ratio lever → (numerator, denominator) among the carried KPIs.
RATIOS: dict[str, tuple[str, str]] = {
    "unit_price": ("revenue", "orders"),
    "orders_per_visit": ("orders", "visits"),
    "visits_per_account": ("visits", "active_accounts"),
    "orders_per_account": ("orders", "active_accounts"),
}
# Typed by the manager (core.overrides): never moved.
OVERRIDE = "override"


@dataclass(frozen=True)
class Carry:
    """Accounts one rep handed to another during the plan year, and their share of his book."""

    giver: str
    taker: str
    since: str  # the first month moved ('YYYY-MM'): the month of the taker's first line
    day: date  # the taker's first line on them (the handover day)
    accounts: int
    shares: Mapping[str, float]  # KPI of ``CARRIED`` → share of the giver's baseline (0–1)


def uncarried_on_summed(history: History, ev: Evidence) -> int:
    """Accounts handed over between two planned reps whose targets did not move because the
    history came summed without their sums per account (``HistoryFacts.handover_months``
    None: facts built without it; the files and databases read through the Sources sheet
    and core.compact build it): the Checks note's count, 0 when none (review28: the same
    book read from files planned them under the giver, pasted under the taker)."""
    handover = history.handover
    if history.facts is None or handover is None or not handover.taken_over:
        return 0
    if history.facts.handover_months is not None:
        return 0  # measured on the taken accounts' sums: carried as from the lines
    reps = set(ev.reps)
    return sum(
        1
        for _, taker, giver, day in handover.taken_over
        if day is not None and taker != giver and taker in reps and giver in reps
    )


def uncarried_accounts(
    history: History, carries: Iterable[Carry], keep: Callable[[str], bool] | None = None
) -> dict[str, set[str]]:
    """A rep whose targets followed some accounts (a carry) → the accounts he handed over or
    took during the year whose targets did not follow them; ``keep``: only those whose other
    rep it accepts (``partly_carried``: one who cannot take or give targets). The Review
    splits them out in rows of their own (core.review ``judged_handed``)."""
    handover = history.handover
    carried = {(c.giver, c.taker) for c in carries}
    if handover is None or not carried:
        return {}
    reps = {r for pair in carried for r in pair}
    out: dict[str, set[str]] = {}
    for account, taker, giver, day in handover.taken_over:
        if day is None or taker == giver or (giver, taker) in carried:
            continue
        for rep, other in ((giver, taker), (taker, giver)):
            if rep in reps and (keep is None or keep(other)):
                out.setdefault(rep, set()).add(str(account))
    return out


def partly_carried(
    history: History, ev: Evidence, carries: Iterable[Carry], departed: Collection[str] = ()
) -> dict[str, int]:
    """Reps whose targets followed some accounts (a carry) and who, during the same year,
    handed accounts to, or took accounts from, a rep whose targets cannot take them or give
    them (no plan: a newcomer; a giver who left during the year, ``departed``): rep → the
    number of those accounts (``uncarried_accounts``), which did not carry. The Checks say so."""
    out = uncarried_accounts(
        history, carries, lambda other: other not in ev.reps or other in departed
    )
    return {rep: len(accounts) for rep, accounts in sorted(out.items())}


def handover_carries(history: History, ev: Evidence, departed: Collection[str] = ()) -> list[Carry]:
    """The handovers of the plan year between two planned reps (``Handover.taken_over``)
    with the given accounts' share of the giver's baseline per carried KPI, measured on their
    lines or, of a summed history, on their sums per account × rep × month
    (``HistoryFacts.handover_months``: the same numbers); [] without them, without baseline
    months or without a handover. None from a rep in
    ``departed`` (left during the year: core.engine ``Result.departed``, whose rows the
    Review and the Attainment keep as planned, his takers judged on their own book)."""
    handover = history.handover
    if (
        handover is None
        or not handover.taken_over
        or not _measurable(history)
        or not ev.baseline_months
        or not ev.plan_months
    ):
        return []
    reps = set(ev.reps)
    pairs: dict[tuple[str, str], tuple[set[str], date]] = {}
    for account, taker, giver, day in handover.taken_over:
        if day is None or taker == giver or taker not in reps or giver not in reps:
            continue
        if giver in departed:
            continue
        accounts, first = pairs.get((giver, taker), (set(), day))
        pairs[(giver, taker)] = ({*accounts, str(account)}, min(first, day))
    if not pairs:
        return []
    months = sorted(ev.baseline_months)
    grid = pd.period_range(months[0], months[-1], freq="M")
    base = ev.facts[ev.facts.index.get_level_values("month").isin(months)]
    total = base.groupby(level="rep").sum()
    last = ev.plan_months[-1]
    # The moved accounts' baseline lines, cut from the history once (a million order lines:
    # one pass, not one per pair).
    every = {a for accounts, _ in pairs.values() for a in accounts}
    history = _lines_of(history, every, grid) if history.facts is None else history
    out = []
    for (giver, taker), (accounts, day) in sorted(pairs.items()):
        since = pd.Period(day, freq="M")
        if since > last:
            continue
        moved = _facts_of(history, accounts, ev, grid)
        mine = moved[moved.index.get_level_values("rep") == giver].sum()
        shares = {}
        for kpi, column in CARRIED.items():
            whole = float(total.at[giver, column]) if giver in total.index else 0.0
            part = float(mine.get(column, 0.0))
            shares[kpi] = min(max(part / whole, 0.0), 1.0) if whole > 0 else 0.0
        out.append(
            Carry(
                giver, taker, month_label(max(since, ev.plan_months[0])), day, len(accounts), shares
            )
        )
    return out


def _measurable(history: History) -> bool:
    """Whether the moved accounts' baseline can be measured: order lines, or the summed
    history's sums per account of the accounts taken over."""
    if history.facts is None:
        return bool(len(history.orders))
    return history.facts.handover_months is not None


def _lines_of(history: History, accounts: set[str], grid: pd.PeriodIndex) -> History:
    """``history`` with only the lines and rows of ``accounts`` up to the grid's end."""
    keep = list(accounts)
    end = grid[-1].end_time

    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        hit = frame["account"].astype(str).isin(keep).to_numpy().copy()
        if "date" in frame.columns:  # the baseline's lines (the grid ends with it)
            hit &= (frame["date"] <= end).to_numpy()
        return frame[hit]

    return replace(
        history,
        orders=rows(history.orders),
        visits=rows(history.visits),
        accounts=rows(history.accounts),
    )


def _facts_of(
    history: History, accounts: set[str], ev: Evidence, grid: pd.PeriodIndex
) -> pd.DataFrame:
    """``monthly_facts`` of a history of only ``accounts`` over ``grid`` (the baseline)."""
    part = (
        _lines_of(history, accounts, grid)
        if history.facts is None
        else _sums_of(history, accounts, grid)
    )
    return monthly_facts(part, ev.as_of, grid, ev.settings.fiscal_start_month)


def _sums_of(history: History, accounts: set[str], grid: pd.PeriodIndex) -> History:
    """A summed history of only ``accounts`` up to the grid's end: its order and visit sums
    per rep × month (and revenue per account × month) from ``HistoryFacts.handover_months``,
    its Accounts rows cut as ``_lines_of`` cuts them. ``monthly_facts`` of it gives what it
    gives of their lines: the same sums, the same account facts (core.measure)."""
    facts = history.facts
    assert facts is not None and facts.handover_months is not None
    hm = facts.handover_months
    keep = hm["account"].astype(str).isin(list(accounts)).to_numpy().copy()
    keep &= np.asarray(pd.PeriodIndex(hm["month"], freq="M") <= grid[-1], dtype=bool)
    rows = hm[keep].astype({"account": str, "rep": str})
    by_rep = rows.groupby(["rep", "month"], sort=True)
    # Only what is carried is kept per account (the quantity and the pipeline are not).
    orders = by_rep[["revenue", "orders"]].sum().reset_index().assign(quantity=0.0)
    visits = by_rep[["visits"]].sum().reset_index()
    visits = visits.assign(attempts=0.0, appointments=0.0, meetings=0.0)
    summed = replace(
        facts,
        rep_months=orders,
        visits=visits,
        account_months=rows.groupby(["account", "month"], sort=True)["revenue"].sum().reset_index(),
        usage=None,
        usage_basis=None,
    )
    acc = history.accounts
    cut = acc[acc["account"].astype(str).isin(list(accounts)).to_numpy()]
    return replace(history, accounts=cut, facts=summed)


def carry_targets(targets: pd.DataFrame, carries: Iterable[Carry], plan_year: int) -> pd.DataFrame:
    """``targets`` (the Targets table) with each carry's share of the giver's month targets
    moved to the taker from its month on (module doc); the same table when nothing moves."""
    carries = list(carries)
    if not carries or not len(targets):
        return targets
    out, at, target, basis, months, fy, period, rep = target_grid(targets, plan_year)
    before = target.copy()
    days = out["working_days"].to_numpy(dtype=float)
    off = {(p, r) for p, r, d in zip(period, rep, days.tolist(), strict=True) if d == 0}
    touched: set[tuple[str, str]] = set()  # (month, rep) whose book moved
    for c in carries:
        # Not into a month the taker does not work at all (on leave the whole month: no day
        # to sell on, the per-day target would be NaN): the giver's part stays that month and
        # moves from the next month the taker works (review28).
        for m in (m for m in months if m >= c.since and (m, c.taker) not in off):
            for key, share in c.shares.items():
                g, t = at.get((m, c.giver, key)), at.get((m, c.taker, key))
                if g is None or t is None or not share > 0:
                    continue
                if OVERRIDE in (basis[g], basis[t]):
                    continue
                if not (math.isfinite(before[g]) and math.isfinite(before[t])):
                    continue  # a KPI without a target (no meetings logged): nothing to move
                amount = share * before[g]  # of his targets as set, not of what he took
                target[g] -= amount
                target[t] += amount
                touched |= {(m, c.giver), (m, c.taker)}
    # NaN != NaN: a KPI without targets is no change (review28: every NaN row read "handover").
    changed = np.flatnonzero(~np.isclose(target, before, rtol=0.0, atol=0.0, equal_nan=True))
    changed = changed.tolist()
    for i in changed:
        basis[i] = HANDOVER_BASIS
    for m, r in touched:  # the ratio levers follow their parts
        for key, (num, den) in RATIOS.items():
            _follow(at, target, before, basis, (m, r, key), (m, r, num), (m, r, den))
    reps = {r for _, r in touched}
    n_months = len(months)
    for r in reps:  # the year rows follow the months
        for key in CARRIED:
            y = at.get((fy, r, key))
            rows = [at[(m, r, key)] for m in months if (m, r, key) in at]
            if y is None or basis[y] == OVERRIDE or not rows:
                continue
            shift = float(np.sum(target[rows] - before[rows]))
            if shift == 0:
                continue
            target[y] += shift / n_months if key == "active_accounts" else shift
            basis[y] = HANDOVER_BASIS
        for key, (num, den) in RATIOS.items():
            _follow(at, target, before, basis, (fy, r, key), (fy, r, num), (fy, r, den))
    out["target"] = target
    out["basis"] = basis
    _per_day_and_ceiling(out, before)
    return out


def _follow(
    at: Mapping[tuple[str, str, str], int],
    target: np.ndarray,
    before: np.ndarray,
    basis: np.ndarray,
    ratio: tuple[str, str, str],
    num: tuple[str, str, str],
    den: tuple[str, str, str],
) -> None:
    """A ratio's target scaled by how its numerator over its denominator moved (module doc);
    the ratio as it was when its parts no longer make one (a book given away whole)."""
    i, n, d = at.get(ratio), at.get(num), at.get(den)
    if i is None or n is None or d is None or basis[i] == OVERRIDE:
        return
    if target[n] == before[n] and target[d] == before[d]:
        return
    new = target[n] / target[d] if target[d] > 0 else math.nan
    old = before[n] / before[d] if before[d] > 0 else math.nan
    if not math.isfinite(new) or new <= 0:
        return
    value = before[i] * new / old if math.isfinite(old) and old > 0 else new
    if math.isfinite(value):
        target[i] = value
        basis[i] = HANDOVER_BASIS


def _per_day_and_ceiling(out: pd.DataFrame, before: np.ndarray) -> None:
    """The changed rows' per working day (a count's target ÷ its days) and a count's
    ceiling, which is spread over the months as its target is (core.engine.targets_table)."""
    target = out["target"].to_numpy(dtype=float)
    moved = np.flatnonzero(out["basis"].to_numpy() == HANDOVER_BASIS)
    if not len(moved):
        return
    per_day = out["per_working_day"].to_numpy(dtype=float).copy()
    days = out["working_days"].to_numpy(dtype=float)
    ceiling = out["ceiling"].to_numpy(dtype=float).copy()
    kpis = out["kpi"].astype(str).to_numpy()
    for i in moved.tolist():
        if kpis[i] in CARRIED and kpis[i] != "active_accounts":
            per_day[i] = target[i] / days[i] if days[i] else math.nan
        if kpis[i] in CARRIED and math.isfinite(ceiling[i]):
            # A taker with no target of his own that month: the moved part came with the
            # giver's room, so his ceiling is at least it (review28: 100 against a ceiling 0).
            if before[i] > 0:
                ceiling[i] = ceiling[i] * target[i] / before[i]
            else:
                ceiling[i] = max(ceiling[i], target[i])
    out["per_working_day"] = per_day
    out["ceiling"] = ceiling


def carried_reps(targets: pd.DataFrame) -> set[str]:
    """The reps whose targets a handover moved (``HANDOVER_BASIS`` rows)."""
    return set(targets.loc[targets["basis"] == HANDOVER_BASIS, "rep"].astype(str))
