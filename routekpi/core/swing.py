"""A season that swung and came back: weather, not a trend (trial 37).

A heating-oil book after a warm winter: the litres per delivery fall that winter and come
back the next. Read year on year, the rebound looks like growth — the trend carries it and
the team's "strong year" is the rebound (trial 37: +15.1% a year, a team whose price per
litre moved a few percent and whose customers did not grow). The rebound is no growth and
not the reps' doing, and the dip before it was no decline.

In plain words (``weather_swing``):

- Where the orders carry a quantity, the team's **quantity per order** of each month is
  compared with the same month a year before and a year after.
- A month **swung** when it is below both by at least ``SWING_MIN`` (down on the year before,
  back up the year after; or above both: a cold winter). A **season** is the months from the
  first to the last such month, each of them below (above) both years, at least
  ``SWING_MONTHS`` of them by ``SWING_MIN`` each way.
- **The whole team** had it: reps holding at least ``SWING_REPS`` of the season's orders had
  their own quantity per order over those months below (above) the mean of their same months
  a year before and a year after by at least ``SWING_REP_SHARE`` of the team's swing. One
  rep's customer mix is his own.
- Found, each month of the season is read at the level of the years either side (the mean of
  the same month a year before and a year after: its quantity and its revenue at that
  quantity per order) where the trend, the team's strong year, the spread of the levers and
  the ceilings are measured. The baseline and the history the Plan shows are as booked.
- **The month pattern too** (``levelled``): the targets' month shares (core.baselines) and
  the landing's usual shares (core.landing.usual_shares) read the season at that level, so
  a weather-hit spring is no lighter spring in every year to come (trial 42 H3: a spring at
  −15% left October–November 2.5% heavy in the month pattern: the team at 97.3% pace, the
  landing ¥13.6M low, two reps flagged behind).

Only the quantity per order: a price per unit that climbed and eased with a market is a price
(core.levers keeps it a trend unless a month holds a step), and a history without a quantity
cannot tell weather from price.

Pure: no workbook I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from routekpi.core.measure import TEAM, month_tables
from routekpi.core.price_revision import change

# Each way (log, about 5%): below the same month a year before and a year after by this much.
SWING_MIN = 0.05
# Months of the season that swung by ``SWING_MIN`` each way (a season, not one odd month).
SWING_MONTHS = 3
# The share of the season's orders held by reps who had it too, and how much of it each had.
SWING_REPS = 2 / 3
SWING_REP_SHARE = 0.5
# The months read: the last four years (as core.levers.STEP_SPAN).
SWING_SPAN = 48
# The Plan's note on a season found (its month pattern levelled too: trial 42 H3).
SWING_NOTE = "weather_swing_levelled"


@dataclass(frozen=True)
class Swing:
    """A season whose quantity per order swung and came back (``weather_swing``)."""

    months: tuple[pd.Period, ...]  # the season, in order
    sizes: tuple[float, ...]  # log per month: against the mean of the years either side
    size: float  # log: the season's quantity per order against the years either side
    before: float  # log: the season against the same months a year before
    after: float  # log: the same months a year after against the season
    share: float  # the season's orders held by reps who had it too

    def lift(self, months: list[pd.Period]) -> np.ndarray:
        """Per month, the log change that reads it at the level of the years either side
        (0 outside the season)."""
        at = dict(zip(self.months, self.sizes, strict=True))
        return np.array([-at.get(m, 0.0) for m in months])

    def removed(self, facts: pd.DataFrame) -> pd.DataFrame:
        """``facts`` with the season's quantity and revenue (every rep and the team) read at
        the quantity per order of the years either side; orders and accounts as booked."""
        at = dict(zip(self.months, self.sizes, strict=True))
        months = facts.index.get_level_values("month")
        factor = np.exp(-np.asarray(months.map(lambda m: at.get(m, 0.0)), dtype=float))
        return facts.assign(revenue=facts["revenue"] * factor, quantity=facts["quantity"] * factor)

    def params(self) -> dict[str, object]:
        """The note's parameters, formatted (core stays free of the message catalog)."""
        return {
            "first": str(self.months[0]),
            "last": str(self.months[-1]),
            "count": len(self.months),
            "size": change(self.size),
            "before": change(self.before),
            "after": change(self.after),
            "share": f"{self.share:.0%}",
            "min": f"{float(np.expm1(SWING_MIN)):.0%}",
        }


def weather_swing(facts: pd.DataFrame, months: list[pd.Period]) -> Swing | None:
    """The largest season whose team quantity per order swung and came back in the last
    ``SWING_SPAN`` of ``months`` (module doc); None without a quantity on every month's
    orders or without such a season."""
    reps_all = facts.index.get_level_values("rep")
    if TEAM not in reps_all or "quantity" not in facts.columns:
        return None
    span = list(months[-SWING_SPAN:])
    n = len(span)
    if n < 25:
        return None
    team = month_tables(facts, [TEAM], span, ["orders", "quantity"])
    orders = np.nan_to_num(team["orders"].to_numpy()[:, 0])
    quantity = np.nan_to_num(team["quantity"].to_numpy()[:, 0])
    sold = orders > 0
    if not (quantity[sold] > 0).all() or sold.sum() < 25:
        return None  # a quantity blank in some month: not read
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(sold, np.log(quantity / np.where(sold, orders, 1.0)), np.nan)
    a = np.full(n, np.nan)
    b = np.full(n, np.nan)
    a[12 : n - 12] = per[12 : n - 12] - per[: n - 24]
    b[12 : n - 12] = per[24:] - per[12 : n - 12]
    way = np.where(np.isfinite(a) & np.isfinite(b), np.sign(a) * (np.sign(a) == -np.sign(b)), 0)
    strong = (way != 0) & (np.minimum(np.abs(a), np.abs(b)) >= SWING_MIN)
    best: Swing | None = None
    i = 0
    while i < n:
        if way[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < n and way[j + 1] == way[i]:
            j += 1
        hit = np.flatnonzero(strong[i : j + 1]) + i
        if len(hit) >= SWING_MONTHS:
            found = _season(facts, span, orders, quantity, int(hit[0]), int(hit[-1]), a, b)
            if found is not None and (best is None or abs(found.size) > abs(best.size)):
                best = found
        i = j + 1
    return best


def _season(
    facts: pd.DataFrame,
    span: list[pd.Period],
    orders: np.ndarray,
    quantity: np.ndarray,
    lo: int,
    hi: int,
    a: np.ndarray,
    b: np.ndarray,
) -> Swing | None:
    """The season ``lo``…``hi`` of ``span`` as a Swing when the team shared it (module doc)."""
    inside = slice(lo, hi + 1)
    before_at = slice(lo - 12, hi - 11)
    after_at = slice(lo + 12, hi + 13)

    def per(q: np.ndarray, o: np.ndarray, at: slice) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(np.nansum(q[at], axis=0) / np.nansum(o[at], axis=0))

    now, then, next_ = (per(quantity, orders, s) for s in (inside, before_at, after_at))
    before, after = float(now - then), float(next_ - now)
    size = (before - after) / 2
    reps = [r for r in facts.index.get_level_values("rep").unique() if r != TEAM]
    t = month_tables(facts, reps, span, ["orders", "quantity"])
    q, o = t["quantity"].to_numpy(), t["orders"].to_numpy()
    own = per(q, o, inside) - (per(q, o, before_at) + per(q, o, after_at)) / 2
    had = np.isfinite(own) & (np.nan_to_num(own * np.sign(size)) >= SWING_REP_SHARE * abs(size))
    weight = np.nansum(o[inside], axis=0)
    share = float(weight[had].sum() / weight.sum()) if weight.sum() > 0 else 0.0
    if share < SWING_REPS:
        return None
    sizes = tuple(float((a[k] - b[k]) / 2) for k in range(lo, hi + 1))
    return Swing(tuple(span[lo : hi + 1]), sizes, float(size), before, after, share)


def levelled(facts: pd.DataFrame, swing: Swing | None) -> pd.DataFrame:
    """``facts`` with ``swing``'s season read at the level of the years either side
    (``Swing.removed``), as booked without one: what the month shares are measured on."""
    return facts if swing is None else swing.removed(facts)


def before_year(facts: pd.DataFrame, first: pd.Period) -> tuple[pd.DataFrame, Swing | None]:
    """``facts`` levelled for the swing found in the months before ``first`` (a fiscal
    year's first month), and that swing: the same for every book that holds those months,
    whichever year it plans (core.landing reads the year's usual shares from it)."""
    months = sorted(m for m in set(facts.index.get_level_values("month")) if m < first)
    swing = weather_swing(facts, months) if months else None
    return levelled(facts, swing), swing
