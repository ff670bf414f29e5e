"""A one-off step in a frequency ratio, carried as a level reached, not as a yearly trend.

Visits per account, orders per visit and orders per account are planned from the team's
mean year-on-year change over the last year of 12-month windows (core.levers
``TREND_WINDOWS``). A change that happened once — visits logged another way from one month
on (trial 47: every call counted, then only calls with a report: visits per account −15%,
orders per visit +18%, the orders the same) — is read there as a year's trend and planned
again for the next year. In plain words, what this module looks for:

- the team's ratio in each month against the same month a year before (a season cancels)
  stands at one level for months, then jumps at one month and stays at the new level for the
  months after it (up to a year): the ratio stepped in that month;
- where the history reads a year before the months before it, they stood at that old level
  too (a year that dipped and recovered is no step at its recovery);
- where the history reads more than a year past that month, the change against a year
  before is back at its old level (a step lasts a year against the year before; still
  apart the same way, the yearly pace changed: a trend, not one step; apart the other way,
  the level went back: a year that dipped, not a level reached).

Found, the step is a level the team has reached: the plan carries what it still adds to the
baseline (nothing once the baseline lies wholly after it) and, as a trend, only the ratio's
movement without it (the months before it brought to the new level), as core.levers carries
a one-off price revision (``price_step``). The team's year-on-year record of the ratio (its
spread, which shares out the goal's push, its record and best year) is read without it too:
a change in how visits are counted is no sign that the visit frequency moves much here.

Pure: NumPy arrays of the team's monthly sums in, a ``RatioStep`` out. Not integrated
(scripts/realism52a/REPORT.md): written to sit in routekpi/core, wired in core.levers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# The frequency ratios read: lever → (numerator fact, denominator fact), as core.levers'
# ``LEVER_RATIOS`` reads them over 12-month windows.
RATIO_LEVERS: dict[str, tuple[str, str]] = {
    "visits_per_account": ("visits", "active_accounts"),
    "orders_per_visit": ("orders", "visits"),
    "orders_per_account": ("orders", "active_accounts"),
}
# The months searched: the last four years of the history (as the price step's ``STEP_SPAN``).
SPAN = 48
# The step is read with at least this many months of year-on-year change before it (up to a
# year) and this many from it (up to a year), and at least ``SEEN`` of those from it read.
BEFORE = 6
HELD = 6
SEEN = 0.75
# A step is at least this large (log): the frequencies of the trial worlds move 1 – 3% a
# year; a 5% move in one month that holds is no drift.
STEP_MIN = 0.05
# Every month read from the step stands at least this share of the jump away from the level
# before it (the new level holds, month after month).
HOLD = 0.5
# Each side is flat: the jump is at least ``NOISE`` times the months' robust spread around
# their side's middle, and no month lies further than ``FLAT`` of the jump from it (a
# frequency that drifts or swings month to month is no step).
NOISE = 4.0
FLAT = 0.5
# Where the history reads it, the year before the months before the step stood where they
# did, within this share of the jump: a year that dipped and then recovered reads, against
# the year before, as −d for a year and then +d, a "step" of 2d at the recovery (the
# wholesale simulation's orders per account, 2022-04, +18%: its FY2023 trend −0.2% a year
# read −4.8% without it).
YEAR_FLAT = 0.25
# The two visit ratios, and how much of one's step the other must show the other way to be
# carried with it (``ratio_steps``).
VISIT_PAIR = ("visits_per_account", "orders_per_visit")
PAIR = 0.5
# A month's ratio is read only where its denominator is at least this share of the span's
# median month (a month of a few visits says little about orders per visit).
MIN_DEN_SHARE = 0.5


@dataclass(frozen=True)
class RatioStep:
    """A one-off step of a frequency ratio's team level, carried as a level reached."""

    lever: str
    month: pd.Period  # the first month at the new level
    size: float  # log: the jump of the change against a year before
    noise: float  # log: the months' robust spread it cleared
    carry: float  # log: what the step still adds from the baseline to the plan year
    trend: float  # log a year: the team's trend with the step as a level
    replaced: float  # log a year: the team's trend it replaces (the step read as a trend)
    horizon: float  # years from the baseline to the plan year
    old_months: int  # baseline months before the step
    baseline_months: int
    # The team's year-on-year changes per window end without the step (NaN: none): its
    # spread, record and best year are read on these.
    changes: np.ndarray

    def params(self) -> dict[str, object]:
        """The note's parameters (core stays free of the message catalog)."""
        return {
            "kpi_key": self.lever,
            "month": str(self.month),
            "size": _pct(self.size),
            "carry": _pct(self.carry),
            "trend": _pct(self.trend * self.horizon),
            "replaced": _pct(self.replaced * self.horizon),
            "old": self.old_months,
            "months": self.baseline_months,
        }


def _pct(log_change: float) -> str:
    """A log change as a signed percentage with one decimal (+1.2%)."""
    return f"{(np.exp(log_change) - 1) * 100:+.1f}%"


def monthly_yoy(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Each month's log ratio against the same month a year before (NaN where either month
    has too small a denominator, ``MIN_DEN_SHARE``, or no numerator)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    seen = np.isfinite(den) & (den > 0)
    if not seen.any():
        return np.full(len(num), np.nan)
    floor = MIN_DEN_SHARE * float(np.median(den[seen]))
    ok = seen & (den >= floor) & np.isfinite(num) & (num > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.where(ok, np.log(np.where(ok, num, 1.0) / np.where(ok, den, 1.0)), np.nan)
    yoy = np.full(len(num), np.nan)
    yoy[12:] = level[12:] - level[:-12]
    return yoy


def find(yoy: np.ndarray) -> tuple[int, float, float] | None:
    """The step in a month's year-on-year changes (``yoy``, the months in order; module doc):
    (its position, the jump in log, the spread it cleared), the largest where several months
    qualify; None without one."""
    n = len(yoy)
    best: tuple[int, float, float] | None = None
    for k in range(max(12 + BEFORE, n - SPAN + 12 + BEFORE), n - HELD + 1):
        before = yoy[max(0, k - 12) : k]
        window = yoy[k : k + 12]
        before, window = before[np.isfinite(before)], window[np.isfinite(window)]
        if len(before) < BEFORE or not np.isfinite(yoy[k]):
            continue
        if len(window) < max(HELD, SEEN * len(yoy[k : k + 12])):
            continue
        level, middle = float(np.median(before)), float(np.median(window))
        jump = middle - level
        size, way = abs(jump), np.sign(jump)
        if size < STEP_MIN:
            continue
        if not ((window - level) * way >= HOLD * size).all():
            continue  # a month from it back near the old level: not held
        apart = np.abs(np.concatenate([before - level, window - middle]))
        spread = 1.4826 * float(np.median(apart))
        if size < NOISE * spread or float(apart.max()) > FLAT * size:
            continue
        earlier = yoy[max(0, k - 24) : max(0, k - 12)]
        earlier = earlier[np.isfinite(earlier)]
        if len(earlier) >= BEFORE and abs(float(np.median(earlier)) - level) > YEAR_FLAT * size:
            continue  # the year before was itself apart (a dip, then its recovery): no step
        after = yoy[k + 12 :]
        after = after[np.isfinite(after)]
        if len(after) and abs(float(np.median(after)) - level) >= HOLD * size:
            # Still apart a year on the same way: the yearly pace changed (a trend); the
            # other way: the level went back (a year that dipped), no new level reached.
            continue
        if best is None or size > abs(best[1]):
            best = (k, jump, spread)
    return best


def step_of(yoy: np.ndarray, k: int) -> tuple[float, float] | None:
    """The jump of ``yoy`` at position ``k`` as ``find`` reads it (the median from it less the
    median of the year before it; each month from it held at ``HOLD`` of it), without the
    noise tests: (jump, the months' robust spread); None where too few months are read or a
    month from it is not held."""
    before = yoy[max(0, k - 12) : k]
    window = yoy[k : k + 12]
    before, window = before[np.isfinite(before)], window[np.isfinite(window)]
    if len(before) < BEFORE or len(window) < HELD:
        return None
    level, middle = float(np.median(before)), float(np.median(window))
    jump = middle - level
    held = (window - level) * np.sign(jump) >= HOLD * abs(jump)
    if float(held.mean()) < SEEN:
        return None
    apart = np.abs(np.concatenate([before - level, window - middle]))
    return jump, 1.4826 * float(np.median(apart))


def window_changes(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """The ratio's year-on-year log changes per window end: Σ num ÷ Σ den over 12-month
    windows, each against the window a year before (NaN: no full window or no ratio)."""
    n = len(num)
    out = np.full(n, np.nan)
    if n < 24:
        return out
    a = np.nan_to_num(np.asarray(num, dtype=float))
    b = np.nan_to_num(np.asarray(den, dtype=float))
    ca, cb = np.concatenate([[0.0], np.cumsum(a)]), np.concatenate([[0.0], np.cumsum(b)])
    sa, sb = ca[12:] - ca[:-12], cb[12:] - cb[:-12]  # window ending at month 11 … n − 1
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((sa > 0) & (sb > 0), sa / sb, np.nan)
    ends = np.full(n, np.nan)
    ends[11:] = ratio
    out[23:] = np.log(ends[23:] / ends[11:-12])
    return out


def as_level(
    lever: str,
    months: list[pd.Period],
    num: np.ndarray,
    den: np.ndarray,
    at: int,
    jump: float,
    noise: float,
    baseline: list[pd.Period],
    horizon: float,
    share: float,
    replaced: float,
    trend_windows: int,
    booked: np.ndarray,
) -> RatioStep:
    """The step at position ``at`` of log ``jump`` carried as a level: what it still adds to
    the baseline (its months before the step brought to the new level: the baseline's sums
    both ways) and the ratio's movement without it over the last ``trend_windows`` window
    ends, kept at ``share`` (the team's carry-over) as the trend was. ``booked``: the team's
    changes per window end as read (the window ends without a value there stay without)."""
    num = np.asarray(num, dtype=float)
    lift = np.where(np.arange(len(months)) < at, np.exp(jump), 1.0)
    lifted = num * lift
    clean = window_changes(lifted, den)
    clean = np.where(np.isfinite(booked), clean, np.nan)
    recent = clean[-trend_windows:]
    recent = recent[np.isfinite(recent)]
    moved = float(recent.mean()) if len(recent) else 0.0
    pos = {m: i for i, m in enumerate(months)}
    base = [pos[m] for m in baseline if m in pos]
    then = float(np.nansum(num[base]))
    now = float(np.nansum(lifted[base]))
    carry = float(np.log(now / then)) if then > 0 and now > 0 else 0.0
    old = sum(1 for i in base if i < at)
    return RatioStep(
        lever,
        months[at],
        jump,
        noise,
        carry,
        float(share * moved + carry / horizon),
        replaced,
        horizon,
        old,
        len(base),
        clean,
    )


def ratio_steps(
    tables: dict[str, np.ndarray],
    months: list[pd.Period],
    baseline: list[pd.Period],
    horizon: float,
    shares: dict[str, float],
    replaced: dict[str, float],
    booked: dict[str, np.ndarray],
    trend_windows: int,
    blind_until: pd.Period | None = None,
) -> list[RatioStep]:
    """Every frequency ratio's one-off step (module doc), carried as a level.

    ``tables``: the team's monthly sums per fact over ``months`` (NaN: no row); ``shares``:
    the team's carry-over per lever; ``replaced``: the team's trend per lever as read;
    ``booked``: its year-on-year changes per window end as read (NaN where none: before the
    visit records, say). ``blind_until``: accounts derived from orders, the first month
    clear of the lapse rule's start span (core.levers ``seen_changes``): a month against a
    year before inside that span reads too few accounts, and is not read for the levers on
    accounts (their end leaving it a year later is no step)."""
    out = []
    early = np.array([m < blind_until for m in months]) if blind_until is not None else None
    series: dict[str, np.ndarray] = {}
    found_at: dict[str, tuple[int, float, float]] = {}
    for lever, (num_key, den_key) in RATIO_LEVERS.items():
        if num_key not in tables or den_key not in tables or lever not in booked:
            continue
        num, den = tables[num_key], tables[den_key]
        yoy = monthly_yoy(num, den)
        # Only the months whose window ends read the lever (visits before their records
        # start are no months with no visits).
        first = np.flatnonzero(np.isfinite(booked[lever]))
        if not len(first):
            continue
        yoy[: max(int(first[0]) - 23, 0)] = np.nan
        if early is not None and "active_accounts" in (num_key, den_key):
            yoy[12:][early[:-12]] = np.nan  # the year before inside the blind span
            yoy[early] = np.nan
        series[lever] = yoy
        found = find(yoy)
        if found is not None:
            found_at[lever] = found
    # A change in how visits are logged moves both visit ratios at once, opposite ways (the
    # orders the same): one found, the other taken at the same month where its own change
    # against a year before moved the other way by at least ``PAIR`` of it from that month
    # on, as ``find`` reads a step there without its noise test (the visits per account of a
    # small team swing ±5% a month against the year before; orders per visit, steadier,
    # shows the step).
    for one, other in (VISIT_PAIR, VISIT_PAIR[::-1]):
        if one in found_at and other not in found_at and other in series:
            moved = step_of(series[other], found_at[one][0])
            way = found_at[one][1]
            if moved is not None and -moved[0] * np.sign(way) >= PAIR * abs(way):
                found_at[other] = (found_at[one][0], moved[0], moved[1])
    for lever, (num_key, den_key) in RATIO_LEVERS.items():
        if lever not in found_at:
            continue
        num, den = tables[num_key], tables[den_key]
        at, jump, noise = found_at[lever]
        out.append(
            as_level(
                lever,
                months,
                num,
                den,
                at,
                jump,
                noise,
                baseline,
                horizon,
                shares.get(lever, 1.0),
                replaced.get(lever, 0.0),
                trend_windows,
                booked[lever],
            )
        )
    return out
