"""One large account that stepped to a new level: a level, not a yearly trend (trial 41 M4).

A hotel that is 9% of a wholesaler's revenue renegotiates and from one month on orders 38%
less per delivery, for good. Its deliveries are about nine times the average order, so the
team's revenue per order (unit price) falls about 3% across that month. Read year on year
(core.levers), the fall is a yearly trend: the unit-price target of the next year was
lowered again (−2.7% a year), and the Review then credited the reps with "bigger orders"
when the year simply did not fall a second time. Nothing named the account.

A step in one account is carried as a price revision is (core.levers.as_level, and
core.price_index for the steps read like for like): the new level is kept, the step is not
repeated every year. In plain words (``find_account_steps``):

- **Large**: the account's revenue over the 12 months before the step is at least
  ``ACCOUNT_SHARE`` of the team's over them.
- **Stepped**: its revenue against the rest of the team's (the seasons and the growth the
  others share cancel), over up to 12 months from one month, is at least ``ACCOUNT_STEP``
  below the 12 months before it (or as far above: the same step in log). The month read is
  the one with the largest such step. Its own revenue over those months moved the same way
  by as much against the same months a year before (the rest of the team growing is no
  step of its own: a flat account beside 40 new small ones stays unnamed).
- **Once and stayed**: the year before the step did not move the same way by
  ``ACCOUNT_ONCE`` of it against the months before that (a customer drifting away year after
  year is a trend), nor did the second half of the months after it against the first.
  At least ``ACCOUNT_AFTER`` months are read after it, and it ordered in at least
  ``ACCOUNT_ORDERING`` of them (a customer lost is core.lost's, not a new level).
- **Moves the unit price**: brought to its new level (its revenue and its orders in the
  months before the step scaled by their steps against the rest of the team), the team's
  unit price over the months after the step moves by at least ``ACCOUNT_EFFECT`` (a
  customer that orders less often at the same size moves no unit price), and the step
  explains at least
  ``ACCOUNT_EXPLAINS`` of its rep's own unit-price change over those months against the
  same months a year before (the change is the account's, not the rep's).

Found, in ``core.levers.lever_evidence`` (``AccountLevels.shift``): the account's part of
the team's year-on-year unit-price changes over the trend's window ends (as booked less with
the months before the step at the new level) leaves the trend, and what the step still adds
from the baseline to the plan year (the baseline's months before it, at each rep's mix of
orders) is carried, for the rep who booked those months and the team. The Plan names the
account in one line. Only where the order lines are read (the compact history has no orders
per account and month): nothing of this otherwise.

Pure: no workbook I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from routekpi.core.frames import month_ordinals
from routekpi.core.handover import frame_months
from routekpi.core.history import History, coded, empty_frame, once
from routekpi.core.levers import (
    STEP_SPAN,
    TREND_WINDOWS,
    LeverEvidence,
    PriceStep,
    same_account_changes,
    same_account_sums,
    same_account_trend,
    team_series,
    without_step,
)
from routekpi.core.lost import LOST_WARN_SHARE, is_material
from routekpi.core.lumps import LUMP_RATIO
from routekpi.core.measure import TEAM
from routekpi.core.price_revision import change

# Large: the account's revenue over the 12 months before the step, at least this share of
# the team's (trial 41's hotel: 9%; the material lost account of core.lost is 5% of a rep's).
ACCOUNT_SHARE = 0.05
# Stepped: its level after, against the 12 months before, down by at least a quarter (log
# −0.29; up as far in log: +33%). Trial 41's hotel: −38%.
ACCOUNT_STEP = -float(np.log(0.75))
# Months read on each side of the step: 12 before (a whole year, every season), at least
# ``ACCOUNT_AFTER`` and at most 12 after (half a year shows it held).
ACCOUNT_BEFORE = 12
ACCOUNT_AFTER = 6
# Once: the year before the step did not move the same way by this share of it (against the
# months before that), nor did the second half of the months after it against the first (a
# customer drifting away year after year is a trend, not a step).
ACCOUNT_ONCE = 0.5
# Stayed a customer: it ordered in at least this share of the months after the step.
ACCOUNT_ORDERING = 0.75
# Moves the unit price: at the new level, the team's unit price over the months after the
# step moves at least this much (log, half a percent).
ACCOUNT_EFFECT = 0.005
# Explains the rep's change: at least this share of the rep's unit-price change over the
# months after the step against the same months a year before, the same way.
ACCOUNT_EXPLAINS = 0.5
# Accounts looked at: at least half of ``ACCOUNT_SHARE`` of the span's revenue (a quick
# first cut; the share is read again before the step).
_CANDIDATE = ACCOUNT_SHARE / 2
# Said as the account (almost) stopping: down by this much or more, which in tenths would
# read 「約10割減」 — nothing at all — while it still orders (small44: −97% on the sample).
STOPPED = 0.95


@dataclass(frozen=True)
class AccountStep:
    """One large account's one-off step (module doc)."""

    account: str
    name: str
    rep: str  # who booked its orders in the last month read
    month: pd.Period  # the first month at the new level
    size: float  # log: its revenue against the rest of the team's, after ÷ before
    orders_size: float  # log: its orders against the rest of the team's, after ÷ before
    share: float  # its share of the team's revenue over the 12 months before
    effect: float  # log: the team's unit price after the step, booked ÷ at the new level
    # log: its own revenue over the months after the step against the same months a year
    # before (what the Plan says: a manager checks it so).
    own: float = 0.0
    # (rep, month) → the revenue and orders that bring its months before the step to the
    # new level (added to the booked ones; negative for a step down).
    lift: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    @property
    def down(self) -> bool:
        """Whether it stepped down: read on ``own``, the number the words say (``size``
        moved the same way: ``_step`` requires it)."""
        return self.own < 0

    def words(self) -> dict[str, object]:
        """The note's numbers (core stays free of the message catalog): its own change
        (``change`` signed, ``amount`` unsigned), in tenths (約4割減) or, from twice its
        level up, as a multiple (``times``: "2.5" for +150%; "" below); down by ``STOPPED``
        or more, as the account almost stopping (``stopped``: 「ほぼ取引停止(-97%)」, not
        「約10割減」)."""
        moved = float(np.expm1(self.own))
        tenths = max(1, round(abs(moved) * 10))
        multiple = moved > 0 and tenths >= 10
        return {
            "stopped": moved <= -STOPPED,
            "account": self.account,
            "name": self.name,
            "rep": self.rep,
            "month": str(self.month),
            "change": f"{moved:+.0%}",
            "amount": f"{abs(moved):.0%}",
            "tenths": tenths,
            "times": f"{np.exp(self.own):.1f}".removesuffix(".0") if multiple else "",
            "share": f"{self.share:.1%}",
            "effect": change(self.effect),
        }

    def code(self, first: pd.Period) -> str:
        """The Plan note's message key, its ``words`` said: down or up, ``_after`` when
        the step came before the baseline's ``first`` month (nothing of it to bring to the
        new level), then ``_stop`` (down ``STOPPED`` or more) or ``_times`` (a multiple)."""
        said = self.words()
        return (
            ("account_step_down" if self.down else "account_step_up")
            + ("_after" if self.month <= first else "")
            + ("_stop" if said["stopped"] else "_times" if said["times"] else "")
        )


@dataclass(frozen=True)
class AccountLevels:
    """The steps found and what they change in the unit-price trend (module doc)."""

    steps: tuple[AccountStep, ...]
    part: float  # log a year: their part of the team's unit-price trend as booked
    carry: Mapping[str, float]  # rep (and TEAM) → log: what they still add to the baseline
    # log a year: their part of the trend read on the same customers (core.levers.
    # same_account_trend: each customer's own change, weighted by its orders).
    part_same: float = 0.0
    # Per step (as ``steps``): its own (part, part_same, the team's carry), what its Plan
    # line says (two stepped accounts: each line its own, not both the totals).
    each: tuple[tuple[float, float, float], ...] = ()

    def shift(
        self, rows: Sequence[str], share: float, horizon: float, same: bool = False
    ) -> np.ndarray:
        """Per trend row (rep or TEAM): the change to its unit-price trend (log a year): the
        steps' part of the team's yearly change leaves it (at ``share``, as the team's
        change is carried; ``same``: the trend was read on the same customers), what they
        still add from the row's baseline is carried."""
        h = horizon if horizon > 0 else 1.0
        part = self.part_same if same else self.part
        return np.array([-share * part + self.carry.get(str(r), 0.0) / h for r in rows])

    def read_on_same(
        self,
        facts: pd.DataFrame,
        months: list[pd.Period],
        step: PriceStep | None,
        same: tuple[np.ndarray, np.ndarray] | None,
    ) -> bool:
        """``read_on_same`` (the module's): which of the parts ``shift`` takes out."""
        return read_on_same(facts, months, step, same)

    def note(
        self,
        facts: pd.DataFrame,
        months: list[pd.Period],
        evidence: LeverEvidence,
        same_accounts: np.ndarray | None,
    ) -> list[dict[str, object]]:
        """``words`` per step on the reading core.levers read the trend on (``evidence``,
        from ``facts`` and ``same_accounts`` over ``months``; a season that swung: as
        booked)."""
        booked = team_series(evidence.changes, months, "unit_price")
        same = (
            (same_accounts, booked)
            if same_accounts is not None and evidence.swing is None and evidence.frequency is None
            else None
        )
        on_same = read_on_same(facts, months, evidence.price_step, same)
        return [self.words(on_same, i) for i in range(len(self.steps))]

    def words(self, same: bool = False, step: int = 0) -> dict[str, object]:
        """The numbers step ``step``'s note adds: its part left out of the trend (``same``:
        read on the same customers) and its carry for the team."""
        part, part_same, carry = (
            self.each[step]
            if step < len(self.each)
            else (self.part, self.part_same, self.carry.get(TEAM, 0.0))
        )
        return {
            "part": change(part_same if same else part),
            "carry": change(carry),
            "kpi_key": "unit_price",
        }


def read_on_same(
    facts: pd.DataFrame,
    months: list[pd.Period],
    step: PriceStep | None,
    same: tuple[np.ndarray, np.ndarray] | None,
) -> bool:
    """Whether core.levers read the team's unit-price trend on the same customers (the
    steadier reading, ``same_account_trend``), as it decides it: on the changes as booked,
    or, beside a price step, on both readings without the step (``as_level``)."""
    if same is None:
        return False
    like, booked = same
    if step is not None:
        left = without_step(facts, months, step.offsets(list(months)))
        if not len(left):
            return False
        like, booked = (np.asarray(a, dtype=float)[-len(left) :] for a in same)
        like, booked = like - (booked - left), left
    return bool(np.isfinite(same_account_trend(like, booked, float("nan"))))


def _grid(
    orders: pd.DataFrame,
    span: list[pd.Period],
    upto: pd.Timestamp | None = None,
    coded: tuple[np.ndarray, pd.Index] | None = None,
) -> tuple[np.ndarray, np.ndarray, pd.Index, Callable[[], pd.DataFrame]]:
    """Account × month revenue and orders over ``span`` (lines with an amount above 0), the
    accounts, and the lines read (with their month's position ``at`` and account ``code``),
    built when first asked for: only where an account passes the cheap rules (a million
    lines cost a few tenths of a second more). ``upto``, ``coded``: as ``step_table``'s; the
    accounts in the order their lines come either way."""
    amount, at, keep = _lines_in(orders, span, upto)
    if coded is None:
        codes, accounts = pd.factorize(orders["account"][keep])
    else:
        codes, accounts = _first_seen(coded[0][keep], coded[1])
    cell = codes.astype(np.int64) * len(span) + at[keep]
    size = len(accounts) * len(span)
    revenue = np.bincount(cell, weights=amount[keep], minlength=size).reshape(-1, len(span))
    count = np.bincount(cell, minlength=size).astype(float).reshape(-1, len(span))

    @cache
    def lines() -> pd.DataFrame:
        out = orders.loc[keep, ["date", "account", "rep"]]
        return out.assign(
            account=out["account"].astype(str), amount=amount[keep], at=at[keep], code=codes
        )

    return revenue, count, pd.Index(accounts.astype(str)), lines


def _lines_in(
    orders: pd.DataFrame, span: list[pd.Period], upto: pd.Timestamp | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each order line's amount, its month's position in ``span`` (−1: unread) and whether
    it is read: an amount above 0, a date (up to ``upto``) in ``span`` and an account."""
    amount = pd.to_numeric(orders["amount"], errors="coerce").to_numpy(dtype=float)
    dates = orders["date"]
    ok = (amount > 0) & dates.notna().to_numpy() & orders["account"].notna().to_numpy()
    if upto is not None:
        ok &= (dates <= upto).to_numpy()
    first = span[0].year * 12 + span[0].month - 1
    values = dates.to_numpy()
    if values.dtype.kind == "M":
        # Every date's month at once (core.frames ``month_ordinals``: a day cast once), the
        # lines not read left out after (a filter of the dates first cost ~8 ms a million).
        # Once per frame where it is a history's (``frame_months``: held reads the same).
        months = frame_months(orders)
        if months is None:
            months = month_ordinals(values)
        at = np.where(ok, months + 1970 * 12 - first, -1)
    else:
        at = np.full(len(orders), -1, dtype=np.int64)
        at[ok] = (dates[ok].dt.year * 12 + dates[ok].dt.month - 1).to_numpy(np.int64) - first
    return amount, at, ok & (at >= 0) & (at < len(span))


def _first_seen(codes: np.ndarray, names: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` of the values that ``codes`` (none missing) code in ``names``: the
    codes renumbered in the order the values first come (a factorize of the text again cost
    ~30 ms over a million lines)."""
    first = np.full(len(names), len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes), dtype=np.int64))
    seen = np.flatnonzero(first < len(codes))
    seen = seen[np.argsort(first[seen], kind="stable")]
    renumber = np.full(len(names), -1, dtype=np.int64)
    renumber[seen] = np.arange(len(seen))
    return renumber[codes], names[seen]


def _level(revenue: np.ndarray, rest_r: np.ndarray, months: slice) -> float:
    """log of the account's revenue against the rest of the team's over ``months`` (NaN
    without)."""
    mine, team = revenue[months].sum(), rest_r[months].sum()
    return float(np.log(mine / team)) if mine > 0 and team > 0 else float("nan")


def _levels(revenue: np.ndarray, rest_r: np.ndarray, months: slice) -> np.ndarray:
    """``_level`` per row of account × month ``revenue`` and ``rest_r``."""
    mine, team = revenue[:, months].sum(axis=1), rest_r[:, months].sum(axis=1)
    out = np.full(len(mine), np.nan)
    ok = (mine > 0) & (team > 0)
    out[ok] = np.log(mine[ok] / team[ok])
    return out


def _once(revenue: np.ndarray, rest_r: np.ndarray, k: int, after: slice, size: float) -> bool:
    """Whether the step at position ``k`` happened once and stayed (module doc): the year
    before it did not move the same way by ``ACCOUNT_ONCE`` of it against the (up to 12)
    months before that, nor did the second half of the months after against the first."""
    if k < ACCOUNT_BEFORE + ACCOUNT_AFTER:
        return False  # no year before the step's year to compare with
    prior = _level(revenue, rest_r, slice(k - ACCOUNT_BEFORE, k)) - _level(
        revenue, rest_r, slice(max(0, k - 2 * ACCOUNT_BEFORE), k - ACCOUNT_BEFORE)
    )
    half = (after.stop - after.start) // 2
    later = _level(revenue, rest_r, slice(after.stop - half, after.stop)) - _level(
        revenue, rest_r, slice(after.start, after.start + half)
    )
    bar = ACCOUNT_ONCE * abs(size)
    return bool(
        np.isfinite(prior)
        and np.isfinite(later)
        and prior * np.sign(size) < bar
        and later * np.sign(size) < bar
    )


def _window_price(revenue: np.ndarray, orders: np.ndarray, end: int) -> float:
    """log(Σ revenue ÷ Σ orders) over the 12 months to position ``end`` (NaN without)."""
    r, n = revenue[end - 11 : end + 1].sum(), orders[end - 11 : end + 1].sum()
    return float(np.log(r / n)) if r > 0 and n > 0 else float("nan")


def find_account_steps(
    orders: pd.DataFrame | None,
    names: Mapping[str, str],
    months: list[pd.Period],
    baseline: list[pd.Period],
    upto: pd.Timestamp | None = None,
    coded: tuple[np.ndarray, pd.Index] | None = None,
) -> AccountLevels | None:
    """The large accounts' one-off steps over the last ``STEP_SPAN`` of ``months`` (the
    complete history months, module doc) and what they change in the unit-price trend
    read on those months with ``baseline`` (its months); None without one. ``orders``:
    the order lines (date, account, rep, amount; None or empty: the compact history);
    ``upto``, ``coded``: as ``step_table``'s."""
    if orders is None or not len(orders) or not len(months):
        return None
    span = list(months[-STEP_SPAN:])
    n = len(span)
    if n < ACCOUNT_BEFORE + ACCOUNT_AFTER:
        return None
    revenue, count, accounts, lines_of = _grid(orders, span, upto, coded)
    team_r, team_n = revenue.sum(axis=0), count.sum(axis=0)
    if not len(accounts) or team_r.sum() <= 0:
        return None
    steps: list[AccountStep] = []
    lifts: list[tuple[np.ndarray, np.ndarray]] = []  # the team's, per step
    for i in np.flatnonzero(revenue.sum(axis=1) >= _CANDIDATE * team_r.sum()):
        found = _step(revenue[i], count[i], team_r, team_n, lines_of, int(i), span)
        if found is None:
            continue
        month, rep, size, orders_size, share, effect, own, lift = found
        code = str(accounts[i])
        name = names.get(code, "")
        name = "" if name is None or pd.isna(name) else str(name)
        steps.append(
            AccountStep(code, name, rep, month, size, orders_size, share, effect, own, lift)
        )
        k = span.index(month)
        lift_r, lift_n = np.zeros(n), np.zeros(n)
        lift_r[:k] = revenue[i, :k] * np.expm1(size)
        lift_n[:k] = count[i, :k] * np.expm1(orders_size)
        lifts.append((lift_r, lift_n))
    if not steps:
        return None
    all_r, all_n = sum(r for r, _ in lifts), sum(c for _, c in lifts)
    part = _part(team_r, team_n, all_r, all_n)
    carry = _carry(steps, lines_of(), span, baseline)
    part_same = _same_part(steps, lines_of(), span)
    each = (
        tuple(
            (
                _part(team_r, team_n, r, c),
                _same_part([s], lines_of(), span),
                _carry([s], lines_of(), span, baseline).get(TEAM, 0.0),
            )
            for s, (r, c) in zip(steps, lifts, strict=True)
        )
        if len(steps) > 1
        else ((part, part_same, carry.get(TEAM, 0.0)),)
    )
    return AccountLevels(tuple(steps), part, carry, part_same, each)


def _part(team_r: np.ndarray, team_n: np.ndarray, lift_r: np.ndarray, lift_n: np.ndarray) -> float:
    """The part of the team's year-on-year unit-price change over the trend's window ends
    that the lift (revenue and orders per month bringing months to a new level) takes out:
    the mean of booked less at the new level (0 without a window read)."""
    n = len(team_r)
    parts = []
    for end in range(max(23, n - TREND_WINDOWS), n):
        booked = _window_price(team_r, team_n, end) - _window_price(team_r, team_n, end - 12)
        level = _window_price(team_r + lift_r, team_n + lift_n, end) - _window_price(
            team_r + lift_r, team_n + lift_n, end - 12
        )
        if np.isfinite(booked) and np.isfinite(level):
            parts.append(booked - level)
    return float(np.mean(parts)) if parts else 0.0


def _same_part(steps: Sequence[AccountStep], lines: pd.DataFrame, span: list[pd.Period]) -> float:
    """The steps' part of the unit-price trend read on the same customers: the mean, over
    the trend's window ends, of the like-for-like change as booked less with each step's
    months before it at the new level (its lines' amounts and orders scaled)."""
    scale_r, scale_n = np.ones(len(lines)), np.ones(len(lines))
    account, at = lines["account"].astype(str).to_numpy(), lines["at"].to_numpy()
    for s in steps:
        old = (account == s.account) & (at < span.index(s.month))
        scale_r[old], scale_n[old] = np.exp(s.size), np.exp(s.orders_size)
    month = lines["date"].dt.to_period("M")
    amount = lines["amount"].astype(float)
    booked = same_account_sums(lines["account"], month, amount, pd.Series(1.0, index=lines.index))
    level = same_account_sums(
        lines["account"], month, amount * scale_r, pd.Series(scale_n, index=lines.index)
    )
    recent = span[-TREND_WINDOWS:]
    diff = same_account_changes(booked, recent) - same_account_changes(level, recent)
    diff = diff[np.isfinite(diff)]
    return float(diff.mean()) if len(diff) else 0.0


def _step(
    revenue: np.ndarray,
    orders: np.ndarray,
    team_r: np.ndarray,
    team_n: np.ndarray,
    lines_of: Callable[[], pd.DataFrame],
    code: int,
    span: list[pd.Period],
) -> tuple[pd.Period, str, float, float, float, float, float, pd.DataFrame] | None:
    """One account's step by the module doc's rules: (its first month, the rep of its last
    line, log size of its
    revenue share, of its orders share, its share before, the team's unit-price effect,
    its own revenue against the same months a year before, the lift per rep × month);
    None without one."""
    n = len(span)
    # Against the rest of the team (the account's own weight in the team's sums would
    # dilute its step): the seasons and the growth the others share cancel.
    rest_r, rest_n = team_r - revenue, team_n - orders
    best: tuple[float, int] | None = None
    for k in range(ACCOUNT_BEFORE, n - ACCOUNT_AFTER + 1):
        before, after = slice(k - ACCOUNT_BEFORE, k), slice(k, min(n, k + 12))
        mine0, mine1 = revenue[before].sum(), revenue[after].sum()
        rest0, rest1 = rest_r[before].sum(), rest_r[after].sum()
        # Nothing to read against (a one-account book, the rest without revenue in a
        # window) or nothing of its own: no step at k (and no division by zero).
        if not (mine0 > 0 and mine1 > 0 and rest0 > 0 and rest1 > 0):
            continue
        size = float(np.log((mine1 / rest1) / (mine0 / rest0)))
        if best is None or abs(size) > abs(best[0]):
            best = (size, k)
    if best is None or abs(best[0]) < ACCOUNT_STEP:
        return None
    size, k = best
    before, after = slice(k - ACCOUNT_BEFORE, k), slice(k, min(n, k + 12))
    share = float(revenue[before].sum() / team_r[before].sum())
    if share < ACCOUNT_SHARE:
        return None
    if (orders[after] > 0).mean() < ACCOUNT_ORDERING:
        return None  # no longer a customer: core.lost's
    if not _once(revenue, rest_r, k, after, size):
        return None  # a slide over the years, not one step
    n0, n1 = orders[before].sum() / rest_n[before].sum(), orders[after].sum() / rest_n[after].sum()
    orders_size = float(np.log(n1 / n0)) if n0 > 0 and n1 > 0 else 0.0
    # The team's unit price over the months after, booked against the account at its old
    # level there (the same as the months before brought to the new one, seen from after).
    r, c = team_r[after].sum(), team_n[after].sum()
    old_r = r + revenue[after].sum() * np.expm1(-size)
    old_c = c + orders[after].sum() * np.expm1(-orders_size)
    effect = float(np.log(r / c) - np.log(old_r / old_c))
    if abs(effect) < ACCOUNT_EFFECT:
        return None  # a customer ordering less often at the same size moves no unit price
    lines = lines_of()
    mine = lines[lines["code"] == code]
    rep = str(mine.sort_values("date")["rep"].iloc[-1])
    if not _explains(lines, rep, code, k, after, size, orders_size):
        return None
    pre = mine[mine["at"] < k]
    by = pre.groupby(["rep", "at"]).agg(revenue=("amount", "sum"), orders=("amount", "size"))
    lift = pd.DataFrame(
        {
            "revenue": by["revenue"] * np.expm1(size),
            "orders": by["orders"].astype(float) * np.expm1(orders_size),
        }
    )
    year_before = revenue[after.start - 12 : after.stop - 12].sum()
    own = float(np.log(revenue[after].sum() / year_before)) if year_before > 0 else size
    if own * np.sign(size) < ACCOUNT_STEP:
        # The step against the rest is the rest's own growth (40 new small accounts: a flat
        # account "steps down"): the account itself must move the same way as far.
        return None
    return span[k], rep, size, orders_size, share, effect, own, lift


def _explains(
    lines: pd.DataFrame,
    rep: str,
    code: int,
    k: int,
    after: slice,
    size: float,
    orders_size: float,
) -> bool:
    """Whether the step explains at least ``ACCOUNT_EXPLAINS`` of ``rep``'s unit-price
    change over the months ``after`` against the same months a year before, the same way."""
    mine = lines[lines["rep"] == rep]
    now = mine[(mine["at"] >= after.start) & (mine["at"] < after.stop)]
    then = mine[(mine["at"] >= after.start - 12) & (mine["at"] < after.stop - 12)]
    if not len(now) or not len(then):
        return False
    booked = np.log(now["amount"].sum() / len(now)) - np.log(then["amount"].sum() / len(then))
    # The year before at the new level: its months before the step scaled.
    acct = then[(then["code"] == code) & (then["at"] < k)]
    r = then["amount"].sum() + acct["amount"].sum() * np.expm1(size)
    c = len(then) + len(acct) * np.expm1(orders_size)
    if r <= 0 or c <= 0:
        return False
    without = np.log(now["amount"].sum() / len(now)) - np.log(r / c)
    part = float(booked - without)
    return bool(part * np.sign(booked) >= ACCOUNT_EXPLAINS * abs(booked) and booked != 0)


def _carry(
    steps: Sequence[AccountStep],
    lines: pd.DataFrame,
    span: list[pd.Period],
    baseline: list[pd.Period],
) -> dict[str, float]:
    """Per rep (and TEAM): what the steps still add from the baseline to the plan year, log:
    the baseline's unit price with its months before a step at the new level against as
    booked (0 where the baseline is wholly after the steps)."""
    at = {m: i for i, m in enumerate(span)}
    inside = [at[m] for m in baseline if m in at]
    base = lines[lines["at"].isin(inside)]
    if not len(base):
        return {}
    r = base.groupby("rep")["amount"].sum()
    c = base.groupby("rep")["amount"].size().astype(float)
    dr, dc = pd.Series(0.0, index=r.index), pd.Series(0.0, index=r.index)
    for s in steps:
        lift = s.lift[s.lift.index.get_level_values("at").isin(inside)]
        if not len(lift):
            continue
        by_rep = lift.groupby(level="rep").sum()
        dr = dr.add(by_rep["revenue"], fill_value=0.0)
        dc = dc.add(by_rep["orders"], fill_value=0.0)
    out: dict[str, float] = {}
    for rep in r.index:
        if dr.get(rep, 0.0) == 0.0 and dc.get(rep, 0.0) == 0.0:
            continue
        out[str(rep)] = float(
            np.log((r[rep] + dr[rep]) / (c[rep] + dc[rep])) - np.log(r[rep] / c[rep])
        )
    total_r, total_c = float(r.sum()), float(c.sum())
    if dr.sum() != 0.0 or dc.sum() != 0.0:
        out[TEAM] = float(
            np.log((total_r + dr.sum()) / (total_c + dc.sum())) - np.log(total_r / total_c)
        )
    return out


# --- A material account of a rep that stepped down and stayed down (trial 47 H1) -------------
#
# The unit-price step above names an account only where its step moves the team's unit price.
# A customer that moves production abroad and from one month on orders half as often, at the
# same order size, moves no unit price, nor does it fade by the at-risk rule (it still orders
# every working day): its rep's target went on counting on the old level. In plain words
# (``find_step_downs``):
#
# - **Material**: its revenue over the 12 months before the step is at least
#   ``core.lost.LOST_WARN_SHARE`` (5%) of its rep's revenue over them (the lost-account rule).
# - **Stepped down**: from one month on, over at least ``DOWN_MONTHS`` and at most 12 complete
#   months, its revenue is at most ``DOWN_TO`` (60%) of the same months a year before, and
#   its level against the rest of the team's fell by as much against the 12 months before
#   (the seasons and the team's growth cancel). The month read is the one with the largest
#   such fall.
# - **Stayed down**: its last ``DOWN_STAYED`` months are at most ``DOWN_TO`` of the same months
#   a year before too (a slump that recovered is no new level).
# - **Still a customer**: it ordered in every one of those last months and did not fall by
#   ``STOPPED`` or more (a customer gone is core.lost's and the at-risk flag's).
# - **Not a lumpy account between its large orders** (trial 52 H1): an account whose revenue
#   over the 12 months before the step came mostly (``LUMPY_SHARE``) in large orders
#   (``core.lumps.LUMP_RATIO`` times its typical order or more) stepped down only when its
#   ordinary orders fell — their yen since the step at most ``DOWN_TO`` of the same months a
#   year before and their number fewer than chance allows (``STEP_CHANCE``) — or its large
#   orders came fewer than chance allows at their rate before the step (``_between_lumps``).
#   A builder that buys fittings several times a month and one to three ¥2–11M projects a
#   year is, over 4–12 months, a count of 0–3 projects: a year that held three against a
#   half-year that held none read as an 80–90% fall while it ordered as before (13 of 13
#   flags on trial 52's book).
#
# Said by core.flags (``account_stepped_down``) and, read over ``CARRY_MONTHS`` or more, on the
# Plan (core.baselines ``_step_downs_out``): how much of the old level the baseline holds, or,
# with ``CARRY_STEP_DOWNS``, that the part that stopped left the rep's baseline.

# Down to at most this share of the same months a year before (a 40% fall or more).
DOWN_TO = 0.6
# Months read after the step: at least this many (the flag), at most a year.
DOWN_MONTHS = 4
# The last months that must still be down.
DOWN_STAYED = 3
# Lumpy: at least this share of its revenue over the 12 months before the step came in large
# orders (trial 52's project accounts: 70–97%; an account ordering every day at one size: 0).
LUMPY_SHARE = 0.5
# A lumpy account's fall is read as a step only when chance at its own rate gives it at most
# this often (one in a hundred: the step's month is the one of up to nine read with the
# largest fall, and a few hundred accounts are read each run; at one in twenty, two of trial
# 52's thirteen project accounts between projects still passed).
STEP_CHANCE = 0.01


@dataclass(frozen=True)
class StepDown:
    """One material account that stepped down and stayed down (``find_step_downs``)."""

    account: str
    name: str
    rep: str  # the rep who booked most of it over the 12 months before the step
    month: pd.Period  # the first month at the new level
    months: int  # complete months read at the new level
    before: float  # its revenue a month over the same months a year before
    after: float  # its revenue a month since the step
    usual: float  # its revenue over the 12 months before the step
    share: float  # of its rep's revenue over those 12 months

    @property
    def ratio(self) -> float:
        """Its revenue since the step against the same months a year before."""
        return self.after / self.before if self.before > 0 else float("nan")

    @property
    def lost_month(self) -> float:
        """Yen a month it orders less than a year before."""
        return self.before - self.after


# Candidates (what the SQL path reads per month, ``HistoryFacts.step_months``): accounts whose
# orders over the two 12-month windows to the as-of date reach half of LOST_WARN_SHARE of the
# smallest rep's book over a year (a material account's year before its step lies in them).
# At most ``DOWN_CANDIDATES`` of them, largest first. The rows read every account the rule's
# first test passes (``step_table``), so the two find the same ones below that cap.
DOWN_CANDIDATES = 500
STEP_MONTH_COLUMNS = ("account", "rep", "month", "revenue", "orders")


def step_candidates(windows: pd.DataFrame, smallest_book: float) -> list[str]:
    """The accounts ``find_step_downs`` reads per month on a summed history (the cut above),
    from the 12-month order windows (core.history ``WINDOW_COLUMNS``: recent, prior)."""
    if not len(windows) or not smallest_book > 0:
        return []
    prior = pd.to_numeric(windows["prior"], errors="coerce").to_numpy(dtype=float)
    recent = pd.to_numeric(windows["recent"], errors="coerce").to_numpy(dtype=float)
    both = np.nan_to_num(prior) + np.nan_to_num(recent)
    ok = (both >= LOST_WARN_SHARE / 2 * smallest_book) & (np.nan_to_num(recent) > 0)
    picked = windows.assign(_p=both)[ok].sort_values("_p", ascending=False)
    return picked["account"].astype(str).head(DOWN_CANDIDATES).tolist()


def step_table(
    orders: pd.DataFrame,
    months: list[pd.Period],
    upto: pd.Timestamp | None = None,
    coded: tuple[np.ndarray, pd.Index] | None = None,
) -> pd.DataFrame:
    """The order lines' revenue per account × rep × month (``STEP_MONTH_COLUMNS``) of the
    accounts that pass the rule's first test over the last 24 of ``months``: what
    ``find_step_downs`` reads, from the rows (a summed history sends it:
    ``HistoryFacts.step_months``). ``upto``: only the lines dated up to it; ``coded``:
    ``pd.factorize(orders["account"])`` where known (core.history ``coded``: once a run).

    Read on arrays, the frame built of the candidates' lines alone (a copy of the lines up
    to the as-of date, a frame of every line of the span and a Period per table row cost
    ~0.1 s of CPU on a million-line book)."""
    span = list(months[-(2 * ACCOUNT_BEFORE) :])
    n = len(span)
    if n < 2 * ACCOUNT_BEFORE or not len(orders):
        return empty_frame(STEP_MONTH_COLUMNS)
    amount, at, keep = _lines_in(orders, span, upto)
    if coded is None:
        codes, accounts = pd.factorize(orders["account"][keep])
    else:
        codes, accounts = coded[0][keep], coded[1]
    cell = codes.astype(np.int64) * n + at[keep]
    size = len(accounts) * n
    revenue = np.bincount(cell, weights=amount[keep], minlength=size).reshape(-1, n)
    # The rule's first test (``find_step_downs``): its last months down against a year before.
    last = revenue[:, n - DOWN_STAYED :].sum(axis=1)
    year = revenue[:, n - DOWN_STAYED - 12 : n - 12].sum(axis=1)
    passed = (year > 0) & (last <= DOWN_TO * year) & (last > (1 - STOPPED) * year)
    if not passed.any():
        return empty_frame(STEP_MONTH_COLUMNS)
    mine = keep.copy()
    mine[keep] = passed[codes]
    lines = orders.loc[mine, ["account", "rep"]]
    out = (
        lines.assign(account=lines["account"].astype(str), amount=amount[mine], at=at[mine])
        .assign(orders=1.0)
        .groupby(["account", "rep", "at"], observed=True)[["amount", "orders"]]
        .sum()
        .reset_index()
    )
    month = pd.PeriodIndex(span, freq="M")[out["at"].to_numpy()]
    return pd.DataFrame(
        {
            "account": out["account"].astype(str),
            "rep": out["rep"].astype(str),
            "month": month,
            "revenue": out["amount"].to_numpy(dtype=float),
            "orders": out["orders"].to_numpy(dtype=float),
        }
    ).reindex(columns=list(STEP_MONTH_COLUMNS))


def _positions(month: pd.Series, span: list[pd.Period]) -> np.ndarray:
    """Each row's month's position in ``span`` (−1: not in it), as a look-up of each row's
    period in a dict of ``span`` gives; on the ordinals where both are monthly periods (a
    look-up per row cost ~50 ms over a million-line book's table)."""
    monthly = month.dtype == pd.PeriodDtype("M")
    if not monthly or not all(isinstance(m, pd.Period) and m.freqstr == "M" for m in span):
        where = {m: i for i, m in enumerate(span)}
        return np.asarray([where.get(m, -1) for m in month], dtype=np.int64)
    ordinals = np.asarray([m.ordinal for m in span], dtype=np.int64)
    lo, hi = int(ordinals.min()), int(ordinals.max())
    lookup = np.full(hi - lo + 1, -1, dtype=np.int64)
    lookup[ordinals - lo] = np.arange(len(span))
    raw = np.asarray(month.array.asi8, dtype=np.int64)
    inside = (raw >= lo) & (raw <= hi)  # NaT's ordinal is the least int64: outside
    at = np.full(len(raw), -1, dtype=np.int64)
    at[inside] = lookup[raw[inside] - lo]
    return at


def find_step_downs(
    table: pd.DataFrame | None,
    rep_revenue: pd.Series,
    names: Mapping[str, str],
    months: list[pd.Period],
    ended: Collection[str] = (),
    least: int = DOWN_MONTHS,
) -> list[StepDown]:
    """The material accounts whose orders stepped down and stayed down (the rule above),
    largest yen a month lost first. ``table``: revenue per account × rep × month of the
    candidates (``step_table``, ``HistoryFacts.step_months``; None: nothing read);
    ``rep_revenue``: the facts' revenue by (rep, month), team rows ignored; ``months``: the
    complete history months; ``ended``: accounts that have ended (core.lost's); ``least``: the
    fewest months read after the step."""
    span = list(months[-(2 * ACCOUNT_BEFORE) :])
    n = len(span)
    if table is None or not len(table) or n < 2 * ACCOUNT_BEFORE:
        return []
    at = _positions(table["month"], span)
    rows = table[at >= 0].assign(at=at[at >= 0])
    if gone := {str(a) for a in ended}:
        # Read on each account once (a string isin against thousands of ended accounts
        # cost ~40 ms over a million-line book's table); a missing account is kept, as the
        # isin of its text kept it.
        codes, uniques = pd.factorize(rows["account"])
        distinct = uniques.tolist()  # one conversion: iterating Arrow text boxes each value
        out = np.fromiter((str(u) in gone for u in distinct), dtype=bool, count=len(distinct))
        rows = rows[~np.append(out, False)[codes]]
    if not len(rows):
        return []
    # The first test below for every account at once (a compact history sends them all).
    codes, _ = pd.factorize(rows["account"])
    grid = np.zeros((int(codes.max()) + 1, n))
    np.add.at(grid, (codes, rows["at"].to_numpy()), rows["revenue"].to_numpy(dtype=float))
    last, year = (
        grid[:, n - DOWN_STAYED :].sum(axis=1),
        grid[:, n - DOWN_STAYED - 12 : n - 12].sum(axis=1),
    )
    ok = (grid[:, n - DOWN_STAYED :] > 0).all(axis=1) & (year > 0) & (last <= DOWN_TO * year)
    rows = rows[ok[codes] & (last > (1 - STOPPED) * year)[codes]]
    if not len(rows):
        return []
    # The team's rows (``TEAM``) left out: the facts carry them beside the reps', and summed in
    # they doubled the team a step is read against (the flag and the Daily passed them).
    rep_revenue = rep_revenue[rep_revenue.index.get_level_values("rep") != TEAM]
    by_month = rep_revenue.groupby(level="month").sum()
    team = np.asarray([float(by_month.get(m, 0.0)) for m in span])
    # As a dict: a (rep, month) look-up on the Series' MultiIndex costs ~25 µs, twelve per
    # candidate.
    rep_month = rep_revenue.groupby(level=["rep", "month"]).sum()
    rep_month_of = dict(zip(rep_month.index, rep_month.to_numpy(dtype=float).tolist(), strict=True))
    found: list[StepDown] = []
    # Each candidate's lines as array slices (a frame filter and a groupby per account cost
    # ~1 ms each: 0.4 s over a million-line book's candidates, twice a run).
    ids, accounts = pd.factorize(rows["account"])
    order = np.argsort(ids, kind="stable")
    bounds = np.searchsorted(ids[order], np.arange(len(accounts) + 1))
    at_all, yen_all = rows["at"].to_numpy(), rows["revenue"].to_numpy(dtype=float)
    rep_all = rows["rep"].astype(str).to_numpy()
    # The rule per account, every candidate at once (a row each: the sums along a row are
    # the 1-D sums of a loop per account, bit for bit, at ~1/100 of the numpy calls).
    revenue = np.zeros((len(accounts), n))
    np.add.at(revenue, (ids, at_all), yen_all)
    last, last_before = revenue[:, n - DOWN_STAYED :], revenue[:, n - DOWN_STAYED - 12 : n - 12]
    last_sum, before_sum = last.sum(axis=1), last_before.sum(axis=1)
    held = (
        (last > 0).all(axis=1)
        & (before_sum > 0)
        & ((1 - STOPPED) * before_sum < last_sum)
        & (last_sum <= DOWN_TO * before_sum)
    )
    # Its orders a month, where the table counts them (a lumpy account's ordinary orders).
    count: np.ndarray | None = None
    if "orders" in rows.columns:
        count = np.zeros((len(accounts), n))
        np.add.at(count, (ids, at_all), rows["orders"].to_numpy(dtype=float))
    rest = team - revenue
    best_size, best_at = np.full(len(accounts), np.nan), np.full(len(accounts), -1)
    for k in range(max(ACCOUNT_BEFORE, n - 12), n - least + 1):
        after, year = revenue[:, k:n].sum(axis=1), revenue[:, k - 12 : n - 12].sum(axis=1)
        size = _levels(revenue, rest, slice(k, n)) - _levels(
            revenue, rest, slice(k - ACCOUNT_BEFORE, k)
        )
        better = (
            ~((year <= 0) | (after > DOWN_TO * year))
            & np.isfinite(size)
            & (size <= np.log(DOWN_TO))
            & ((best_at < 0) | (size < best_size))
        )
        best_size[better], best_at[better] = size[better], k
    for j in np.flatnonzero(held & (best_at >= 0)):
        account, k = accounts[j], int(best_at[j])
        mine = order[bounds[j] : bounds[j + 1]]
        # Its rep: who booked most of it over the year before the step (the target that
        # counts on it; not a cover's name on its latest lines).
        inside = mine[(at_all[mine] >= k - ACCOUNT_BEFORE) & (at_all[mine] < k)]
        if not len(inside):  # nothing booked the year before: no level to have stepped from
            continue
        # the first of the sorted names at the largest sum, as groupby(...).idxmax() gives
        names_in, which = np.unique(rep_all[inside], return_inverse=True)
        rep = str(names_in[int(np.argmax(np.bincount(which, weights=yen_all[inside])))])
        year = span[k - ACCOUNT_BEFORE : k]
        book = float(sum(rep_month_of.get((rep, m), 0.0) for m in year))
        usual = float(revenue[j, k - ACCOUNT_BEFORE : k].sum())
        if not is_material(usual, book):
            continue
        if count is not None and _between_lumps(revenue[j], count[j], k):
            continue
        code = str(account)
        name = names.get(code, "")
        found.append(
            StepDown(
                account=code,
                name="" if name is None or pd.isna(name) else str(name),
                rep=rep,
                month=span[k],
                months=n - k,
                before=float(revenue[j, k - 12 : n - 12].sum()) / (n - k),
                after=float(revenue[j, k:n].sum()) / (n - k),
                usual=usual,
                share=usual / book,
            )
        )
    found.sort(key=lambda s: -s.lost_month)
    return found


def _between_lumps(revenue: np.ndarray, orders: np.ndarray, k: int) -> bool:
    """Whether an account whose revenue fell from position ``k`` of its months (``revenue``
    and ``orders`` a month, the last the newest) is a lumpy account between its large orders,
    not stepped down (the rule above): read per month, its typical order is the median of its
    months' revenue per order, and a month holds a large order when its revenue beyond its
    other orders at the typical size is ``LUMP_RATIO`` typical orders or more (that order's
    yen: the month's beyond the others). Not lumpy (less than ``LUMPY_SHARE`` of its 12
    months before ``k`` in large orders), or its ordinary orders fell, or its large orders
    came too seldom for chance (``STEP_CHANCE``): False, a step."""
    n = len(revenue)
    counts = np.rint(np.maximum(orders, 0.0))
    ordering = (counts > 0) & (revenue > 0)
    if not ordering.any():
        return False
    typical = float(np.median(revenue[ordering] / counts[ordering]))
    if not typical > 0:
        return False
    lump = np.where(counts > 0, revenue - (counts - 1) * typical, 0.0)
    large = lump >= LUMP_RATIO * typical
    lump = np.where(large, lump, 0.0)
    before = slice(k - ACCOUNT_BEFORE, k)
    if not lump[before].sum() >= LUMPY_SHARE * revenue[before].sum():
        return False
    # Its ordinary orders (without the large ones) since the step against the same months a
    # year before: fell as far as the rule asks, and fewer than chance allows at one rate.
    since, year = slice(k, n), slice(k - 12, n - 12)
    ordinary, plain = revenue - lump, counts - large
    fell = float(ordinary[since].sum()) <= DOWN_TO * float(ordinary[year].sum())
    if fell and _fewer_chance(int(plain[year].sum()), int(plain[since].sum())) <= STEP_CHANCE:
        return False
    # Its large orders since the step against their rate over its months before it (a month
    # holding one or more counts one): none of three or four expected is chance (5%, 2%).
    expected = float(large[:k].sum()) / k * (n - k)
    return _poisson_at_most(expected, int(large[since].sum())) > STEP_CHANCE


def _fewer_chance(then: int, now: int) -> float:
    """The chance that an account ordering at one steady rate places ``now`` orders or fewer
    after ``then`` over as many months (each of the n = then + now orders in either span
    with probability one half: P(X ≤ now), X ~ Bin(n, ½); 48 then 24: 0.32%), summed in logs
    (n of thousands)."""
    total = then + now
    if total <= 0:
        return 1.0
    whole, half = math.lgamma(total + 1), math.log(0.5) * total
    logs = [whole - math.lgamma(j + 1) - math.lgamma(total - j + 1) + half for j in range(now + 1)]
    top = max(logs)
    return min(1.0, math.exp(top) * math.fsum(math.exp(v - top) for v in logs))


def _poisson_at_most(expected: float, count: int) -> float:
    """P(X ≤ ``count``), X ~ Poisson(``expected``): 0 expected or less, 1; terms in logs
    (e^−λ underflows from λ ≈ 745)."""
    if not expected > 0:
        return 1.0
    rate = math.log(expected)
    terms = (-expected + j * rate - math.lgamma(j + 1) for j in range(count + 1))
    return min(1.0, math.fsum(math.exp(v) for v in terms))


# Carried into the plan (core.baselines): a step down read over at least this many complete
# months before the plan is made (half a year shows it held; fewer could be a slump).
CARRY_MONTHS = 6
# Off (session 41): carried, the backtests lost — wholesale 16.7 → 14.4, 5½ years 51.5 →
# 51.1, priced 41.8 → 41.4 (orders per account: the account's orders cut at its rep's unit
# price), sample and ×5 unchanged. The flag and the Plan note say what the baseline holds of
# the old level instead (core.baselines ``_step_downs_out``).
CARRY_STEP_DOWNS = False


def step_downs_out(
    facts: pd.DataFrame,
    steps: Sequence[StepDown],
    table: pd.DataFrame,
    baseline: list[pd.Period],
) -> tuple[pd.DataFrame, list[tuple[StepDown, float]]]:
    """``facts`` (rep incl. TEAM × month) with each carried step's old level out of its
    rep's baseline months before the step, as a lost account's orders are taken out
    (core.lost): the part of the account's revenue that stopped (its revenue there ×
    (1 − its ratio since)), its rep's orders and quantity by the same share of his month (the
    account's orders at his unit price: his unit price stays). Only steps read over
    ``CARRY_MONTHS`` or more. Returns the facts and each carried step with its yen."""
    carried: list[tuple[StepDown, float]] = []
    if not steps or not len(facts):
        return facts, carried
    out = facts.copy()
    reps = facts.index.get_level_values("rep")
    cols = [c for c in ("revenue", "orders", "quantity") if c in facts.columns]
    # The cells read and cut, as arrays by the rows' positions: a ``.at`` on the (rep, month)
    # index is ~0.1 ms a read or write, 560 of them at 10k order lines (~37 ms; issue 14).
    # Written back into ``out`` at the end, in place (its one float block as it was). The
    # same arithmetic on the same values in the same order: the same bits.
    cells = _step_cells(out, cols)
    for step in steps:
        if step.months < CARRY_MONTHS or not step.ratio < 1 or step.rep not in set(reps):
            continue
        mine = table[table["account"].astype(str) == step.account]
        month = pd.PeriodIndex(mine["month"], freq="M")
        # Its orders by their own step (its order size may not be its rep's): since the
        # step against the same months a year before; without counts, at its revenue's.
        since = (month >= step.month) & (month < step.month + step.months)
        year = (month >= step.month - 12) & (month < step.month + step.months - 12)
        counts = (
            pd.to_numeric(mine["orders"], errors="coerce").to_numpy(dtype=float)
            if "orders" in mine.columns
            else np.zeros(len(mine))
        )
        o_after, o_year = float(counts[since].sum()), float(counts[year].sum())
        o_ratio = o_after / o_year if o_year > 0 else step.ratio
        total = 0.0
        for m in baseline:
            if m >= step.month:
                continue
            at_m = month == m
            cut = float(mine["revenue"][at_m].sum()) * (1 - step.ratio)
            key = (step.rep, m)
            if cells is None:
                if cut <= 0 or key not in out.index:
                    continue
                value, take = _at_cells(out, key, (TEAM, m))
            else:
                where = cells[0]
                if cut <= 0 or key not in where:
                    continue
                value, take = _array_cells(cells, where[key], where.get((TEAM, m)))
            taken = _cut(value, take, cols, cut, counts, at_m, o_year, o_ratio)
            if taken is not None:
                total += taken
        if total > 0:
            carried.append((step, total))
    if cells is not None:
        where, arrays, touched = cells
        if touched:
            rows = sorted(touched)
            for c in cols:
                out.iloc[rows, out.columns.get_loc(c)] = arrays[c][rows]
    return out, carried


# ``step_downs_out``'s cells: the (rep, month) keys' row positions, the cut columns' values
# (copies) and the rows cut; None where ``.at`` must do (keys not unique, a column not float).
_StepCells = tuple[dict[object, int], dict[str, np.ndarray], set[int]]


def _step_cells(out: pd.DataFrame, cols: list[str]) -> _StepCells | None:
    """``out``'s cut columns as arrays by row, when each key is one row and each float."""
    if "revenue" not in cols or not out.index.is_unique or out.columns.has_duplicates:
        return None
    if any(out[c].dtype != np.float64 for c in cols):
        return None
    where = {key: i for i, key in enumerate(out.index)}
    return where, {c: out[c].to_numpy(copy=True) for c in cols}, set()


def _cut(
    value: Callable[[str], float],
    take: Callable[[str, float], None],
    cols: list[str],
    cut: float,
    counts: np.ndarray,
    at_m: np.ndarray,
    o_year: float,
    o_ratio: float,
) -> float | None:
    """A step's cut of one baseline month (``step_downs_out``): the rep's revenue, orders and
    quantity by his share (his orders by the account's own), taken off his cells and the
    team's (``take``); the yen taken out (``share`` × his revenue), None when nothing.
    ``value`` reads the rep's cell: by ``.at`` or on the arrays (``_step_cells``) alike."""
    own = value("revenue")
    if own <= 0:
        return None
    share = min(cut / own, 1.0)
    n_own = value("orders") if "orders" in cols else 0.0
    n_cut = float(counts[at_m].sum()) * (1 - o_ratio) if o_year > 0 else share * n_own
    for c in cols:
        take(c, min(max(n_cut, 0.0), n_own) if c == "orders" else value(c) * share)
    return share * own


def _at_cells(
    out: pd.DataFrame, key: tuple[object, object], team: tuple[object, object]
) -> tuple[Callable[[str], float], Callable[[str, float], None]]:
    """``_cut``'s reads and cuts by ``.at`` on ``out`` (keys not unique, a column not float)."""

    def take(c: str, less: float) -> None:
        out.at[key, c] -= less
        if team in out.index:
            out.at[team, c] -= less

    return lambda c: float(out.at[key, c]), take


def _array_cells(
    cells: _StepCells, row: int, team: int | None
) -> tuple[Callable[[str], float], Callable[[str, float], None]]:
    """``_cut``'s reads and cuts on the arrays (``_step_cells``): the rep's month at ``row``,
    the team's at ``team``."""
    _, arrays, touched = cells

    def take(c: str, less: float) -> None:
        arrays[c][row] -= less
        touched.add(row)
        if team is not None:
            arrays[c][team] -= less
            touched.add(team)

    return lambda c: float(arrays[c][row]), take


def step_months_of(orders: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Every account's revenue and orders (lines above 0) per rep × month over the 25 months
    to ``as_of``'s (``STEP_MONTH_COLUMNS``): the pandas compact history's
    ``HistoryFacts.step_months`` (core.compact), from which ``find_step_downs`` reads what it
    reads of the rows (its first test on the complete months, as ``step_table``)."""
    end = pd.Period(as_of, freq="M")
    amount = pd.to_numeric(orders["amount"], errors="coerce")
    dates = orders["date"]
    keep = (amount > 0) & dates.notna() & orders["account"].notna()
    keep &= (dates <= pd.Timestamp(as_of)) & (dates >= (end - 24).start_time)
    if not bool(keep.any()):
        return empty_frame(STEP_MONTH_COLUMNS)
    part = pd.DataFrame(
        {
            "account": orders["account"][keep].astype(str).to_numpy(),
            "rep": orders["rep"][keep].astype(str).to_numpy(),
            "month": dates[keep].dt.to_period("M").to_numpy(),
            "revenue": amount[keep].to_numpy(dtype=float),
            "orders": 1.0,
        }
    )
    out = part.groupby(["account", "rep", "month"], sort=True).sum().reset_index()
    return out.reindex(columns=list(STEP_MONTH_COLUMNS))


def step_inputs(
    history: History, as_of: date, complete: list[pd.Period]
) -> tuple[pd.DataFrame | None, dict[str, object], set[str]]:
    """What ``find_step_downs`` reads of a history, one rule for the Plan's baseline
    (core.baselines) and the flag (core.flags): the account × rep × month table (the rows' up
    to ``as_of``, or a summed history's ``step_months``), each account's name, and the
    accounts the Accounts sheet ended by ``as_of`` (a set of the caller's own: the baseline
    adds its lost accounts). Read once per history, as-of date and months (core.history
    ``once``): the baseline and the flag read the same (a second pass over a million lines
    cost ~0.2 s)."""
    span = ",".join(str(m) for m in complete[-(2 * ACCOUNT_BEFORE) :])
    table, names, ended = once(
        history, f"_step_inputs {as_of} {span}", lambda: _step_inputs(history, as_of, complete)
    )
    return table, names, set(ended)


def _step_inputs(
    history: History, as_of: date, complete: list[pd.Period]
) -> tuple[pd.DataFrame | None, dict[str, object], frozenset[str]]:
    """``step_inputs`` read."""
    table = (
        step_table(
            history.orders, complete, pd.Timestamp(as_of), coded(history, "orders", "account")
        )
        if history.facts is None
        else history.facts.step_months
    )
    named = history.accounts.drop_duplicates("account", keep="last")
    names = dict(zip(named["account"].astype(str).tolist(), named["name"].tolist(), strict=True))
    ended: frozenset[str] = frozenset()
    if "end" in named.columns:
        over = named["end"].notna() & (named["end"] <= pd.Timestamp(as_of))
        ended = frozenset(named["account"].astype(str)[over].tolist())
    return table, names, ended
