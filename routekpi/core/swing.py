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

**The order frequency too** (``frequency_swing``, trial 50 H1): on a call-in delivery route
(kerosene delivered when the tank needs it) a warm winter shows as fewer deliveries, each the
usual size: the quantity per order holds, the orders and visits per account fall. The same
plain rule on the team's **orders per active account**:

- A season is a run of months each below (above) the same month a year before and a year
  after, at least ``SWING_MONTHS`` of them by ``SWING_MIN`` each way, that the reps holding
  ``SWING_REPS`` of the orders shared (their own orders per account), **in the seasonal part
  of the business**: the run's months are, in the other years, the year's heavier months,
  their orders per account above the year's mean by at least the swing (weather takes or
  adds the season's extra, not more). A dip in the light months, or a company's good year
  across the seasons, is no weather (the wholesale simulation's year effects: swings of
  11–17% on months at most 12% heavier than the year, left as they were).
- **The history's first season** (``edge``, trial 50 M5): with no year before, a run of the
  first year's months each at least ``SWING_MIN`` below (above) the same month a year later,
  in the seasonal part, while the rest of that year moved under ``EDGE_REST`` (median, either
  way) — the season moved alone, not the business — and where a third year holds the same
  month it agrees with the second within ``SWING_MIN``: the first season is read at the
  second year's level. Two years cannot tell a warm first winter from a cold second one; a
  season that moved alone is no trend either way, and the Plan says which year was read.
- Found, each month of the season has its orders, revenue and quantity read at the orders
  per account of the years either side (the year after, at the edge), each order at its
  booked size and price, and its visits at the visits per account of those years, for the
  trend, the strong year, the spread, the ceilings and the month pattern, as above.

**Both on the same months** (``in_yen``): a warm winter can take both how often and how much
(fewer fills, each smaller), but a quantity per order that fell while the orders per account
fell too is often only the mix of what was still delivered: fewer 灯油 deliveries of 200
litres beside the same LPG bills of 20 m³ cut the quantity per order of a column summing
litres and m³ by far more than any delivery shrank (trial 50: −7.5% in quantity where each
delivery was its usual size; read in quantity, the season's revenue was levelled twice). So
for the months both seasons share, the quantity swing is read **in yen**: the team's
revenue per order against the mean of the same month a year before and a year after, the
same way as the quantity's and never larger (a price that moved with a market is no
weather); a month whose revenue per order did not move that way is not levelled. The
quantity itself stays read at its own swing, so the season's price per unit (which a column
of m³ and litres moves with the mix) is the years' too. On one product in one unit the two
readings agree (the smaller fills, levelled as before); on a mix the yen is the size of the
orders the weather took, so the season's revenue is read at the years either side's revenue
per account, not the mix twice.

Pure: no workbook I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
# The same note when some of its months were read in yen (``in_yen``: the orders per account
# swung on those months too).
SWING_YEN_NOTE = "weather_swing_in_yen"
# The Plan's notes on a season of order frequency (``frequency_swing``): years either side,
# or the history's first season read at the year after's level.
FREQUENCY_NOTE = "weather_frequency_levelled"
FREQUENCY_EDGE_NOTE = "weather_frequency_edge"
# …that first season the heavier one (a cold winter; the plan reads low if the later was warm).
FREQUENCY_EDGE_ABOVE_NOTE = "weather_frequency_edge_above"
# At the history's first season: the rest of that year moved less than this (log, median of
# its months' change on a year later, either way): the season moved alone.
EDGE_REST = SWING_MIN / 2


@dataclass(frozen=True)
class Swing:
    """A season whose quantity per order swung and came back (``weather_swing``)."""

    months: tuple[pd.Period, ...]  # the season, in order
    sizes: tuple[float, ...]  # log per month: against the mean of the years either side
    size: float  # log: the season's quantity per order against the years either side
    before: float  # log: the season against the same months a year before
    after: float  # log: the same months a year after against the season
    share: float  # the season's orders held by reps who had it too
    # ``in_yen``: the months whose size is read on revenue per order (the orders per account
    # swung on them too), and that reading's mean size (log) over them.
    in_yen: tuple[pd.Period, ...] = ()
    yen: float = 0.0
    # With ``in_yen``: the quantity's own sizes per month, still what the quantity column is
    # read at (each column at its own years' level: the price per unit of the season too).
    quantity_sizes: tuple[float, ...] | None = None

    @property
    def note(self) -> str:
        """The Plan note's message key."""
        return SWING_YEN_NOTE if self.in_yen else SWING_NOTE

    def lift(self, months: list[pd.Period]) -> np.ndarray:
        """Per month, the log change that reads it at the level of the years either side
        (0 outside the season)."""
        at = dict(zip(self.months, self.sizes, strict=True))
        return np.array([-at.get(m, 0.0) for m in months])

    def removed(self, facts: pd.DataFrame) -> pd.DataFrame:
        """``facts`` with the season's quantity and revenue (every rep and the team) read at
        the quantity per order of the years either side (the revenue at their revenue per
        order on the months ``in_yen``); orders and accounts as booked."""
        months = facts.index.get_level_values("month")

        def factor(sizes: tuple[float, ...]) -> np.ndarray:
            at = dict(zip(self.months, sizes, strict=True))
            return np.exp(-np.asarray(months.map(lambda m: at.get(m, 0.0)), dtype=float))

        revenue = factor(self.sizes)
        quantity = revenue if self.quantity_sizes is None else factor(self.quantity_sizes)
        return facts.assign(
            revenue=facts["revenue"] * revenue, quantity=facts["quantity"] * quantity
        )

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
            "yen_count": len(self.in_yen),
            "yen_first": str(self.in_yen[0]) if self.in_yen else "",
            "yen_last": str(self.in_yen[-1]) if self.in_yen else "",
            "yen": change(self.yen),
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
    for lo, hi in _runs(way):
        hit = np.flatnonzero(strong[lo : hi + 1]) + lo
        if len(hit) >= SWING_MONTHS:
            found = _season(facts, span, orders, quantity, int(hit[0]), int(hit[-1]), a, b)
            if found is not None and (best is None or abs(found.size) > abs(best.size)):
                best = found
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


def levelled(
    facts: pd.DataFrame, swing: Swing | None, frequency: FrequencySwing | None = None
) -> pd.DataFrame:
    """``facts`` with ``swing``'s season (quantity per order) and ``frequency``'s (orders
    per account) read at the level of the years either side (``removed``), as booked
    without them: what the month shares are measured on."""
    out = facts if swing is None else swing.removed(facts)
    return out if frequency is None else frequency.removed(out)


def swings(
    facts: pd.DataFrame, months: list[pd.Period]
) -> tuple[Swing | None, FrequencySwing | None]:
    """The quantity season and the order-frequency season of ``months`` (``weather_swing``,
    ``frequency_swing``), the quantity one read in yen on the months they share
    (``in_yen``)."""
    frequency = frequency_swing(facts, months)
    return in_yen(facts, months, weather_swing(facts, months), frequency), frequency


def in_yen(
    facts: pd.DataFrame,
    months: list[pd.Period],
    swing: Swing | None,
    frequency: FrequencySwing | None,
) -> Swing | None:
    """``swing`` with each month it shares with ``frequency`` read on the team's revenue
    per order (module doc): log, against the mean of the same month a year before and a
    year after, kept the quantity's way and at most its size (0 otherwise). None when no
    month is left to level; ``swing`` as it is when they share no month."""
    if swing is None or frequency is None:
        return swing
    shared = set(swing.months) & set(frequency.months)
    if not shared:
        return swing
    span = list(months[-SWING_SPAN:])
    at = {m: k for k, m in enumerate(span)}
    team = month_tables(facts, [TEAM], span, ["orders", "revenue"])
    orders = team["orders"].to_numpy(dtype=float)[:, 0]
    revenue = team["revenue"].to_numpy(dtype=float)[:, 0]
    ok = (np.nan_to_num(orders) > 0) & (np.nan_to_num(revenue) > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(ok, np.log(np.where(ok, revenue, 1.0) / np.where(ok, orders, 1.0)), np.nan)
    sizes, read = [], []
    for m, q in zip(swing.months, swing.sizes, strict=True):
        if m not in shared:
            sizes.append(q)
            continue
        k = at[m]  # the quantity season has the years either side inside the span
        gap = per[k] - (per[k - 12] + per[k + 12]) / 2
        way = float(np.sign(q))
        yen = way * min(abs(q), max(float(gap) * way, 0.0)) if np.isfinite(gap) else 0.0
        sizes.append(yen)
        read.append(yen)
    if not any(sizes):
        return None
    in_yen_months = tuple(m for m in swing.months if m in shared)
    return replace(
        swing,
        sizes=tuple(sizes),
        in_yen=in_yen_months,
        yen=float(np.mean(read)),
        quantity_sizes=swing.sizes,
    )


def before_year(facts: pd.DataFrame, first: pd.Period) -> tuple[pd.DataFrame, Swing | None]:
    """``facts`` levelled for the swings found in the months before ``first`` (a fiscal
    year's first month), and the quantity one: the same for every book that holds those
    months, whichever year it plans (core.landing reads the year's usual shares from it)."""
    months = sorted(m for m in set(facts.index.get_level_values("month")) if m < first)
    swing, frequency = swings(facts, months) if months else (None, None)
    return levelled(facts, swing, frequency), swing


@dataclass(frozen=True)
class FrequencySwing:
    """A season whose orders per account swung and came back (``frequency_swing``)."""

    months: tuple[pd.Period, ...]  # the season, in order
    orders: tuple[float, ...]  # log per month: orders per account against the level read
    visits: tuple[float, ...]  # the same for visits per account (0: not read)
    size: float  # log: the season's orders per account against the level read
    before: float  # log: against the same months a year before (NaN at the edge)
    after: float  # log: the same months a year after against the season
    share: float  # the season's orders held by reps who had it too
    edge: bool = False  # the history's first season, read at the year after's level

    @property
    def note(self) -> str:
        """The Plan note's message key."""
        if not self.edge:
            return FREQUENCY_NOTE
        return FREQUENCY_EDGE_ABOVE_NOTE if self.size > 0 else FREQUENCY_EDGE_NOTE

    def removed(self, facts: pd.DataFrame) -> pd.DataFrame:
        """``facts`` with the season's orders, revenue and quantity (every rep and the
        team) read at the orders per account of the level read, each order at its booked
        size and price, and its visits at that level's visits per account."""
        months = facts.index.get_level_values("month")

        def factor(sizes: tuple[float, ...]) -> np.ndarray:
            at = dict(zip(self.months, sizes, strict=True))
            return np.exp(-np.asarray(months.map(lambda m: at.get(m, 0.0)), dtype=float))

        per_order = factor(self.orders)
        out = {c: facts[c] * per_order for c in ("orders", "revenue", "quantity") if c in facts}
        if "visits" in facts:
            out["visits"] = facts["visits"] * factor(self.visits)
        return facts.assign(**out)

    def params(self) -> dict[str, object]:
        """The note's parameters, formatted (core stays free of the message catalog)."""
        return {
            "first": str(self.months[0]),
            "last": str(self.months[-1]),
            "count": len(self.months),
            "size": change(self.size),
            "before": change(self.before) if np.isfinite(self.before) else "",
            "after": change(self.after),
            "share": f"{self.share:.0%}",
            "min": f"{float(np.expm1(SWING_MIN)):.0%}",
            "later_first": str(self.months[0] + 12),
            "later_last": str(self.months[-1] + 12),
        }


def _per_account(table: dict[str, pd.DataFrame], column: str) -> np.ndarray:
    """log(``column`` ÷ active accounts) per month and column of ``table`` (NaN where
    either is not positive)."""
    num = table[column].to_numpy(dtype=float)
    den = table["active_accounts"].to_numpy(dtype=float)
    ok = np.nan_to_num(num) > 0
    ok &= np.nan_to_num(den) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ok, np.log(np.where(ok, num, 1.0) / np.where(ok, den, 1.0)), np.nan)


def _runs(way: np.ndarray) -> list[tuple[int, int]]:
    """The runs of consecutive months with the same nonzero ``way``: (first, last)."""
    out = []
    i, n = 0, len(way)
    while i < n:
        if way[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < n and way[j + 1] == way[i]:
            j += 1
        out.append((i, j))
        i = j + 1
    return out


def _seasonal(per: np.ndarray, span: list[pd.Period], lo: int, hi: int, size: float) -> bool:
    """The months ``lo``…``hi`` are, in the other years of ``span``, the year's heavier
    months by at least the swing ``size`` (log, either way): their usual level (each
    calendar month's mean over the months outside the run) that far above the mean of the
    twelve. Weather moves the seasonal part of the business; a swing larger than the
    season's own excess is no season's (a company's good year, a dip in the light months)."""
    inside = set(range(lo, hi + 1))
    usual: dict[int, list[float]] = {}
    for k, m in enumerate(span):
        if k not in inside and np.isfinite(per[k]):
            usual.setdefault(m.month, []).append(float(per[k]))
    if len(usual) < 12:
        return False
    level = {c: float(np.mean(v)) for c, v in usual.items()}
    run = [level[span[k].month] for k in inside]
    return float(np.mean(run)) - float(np.mean(list(level.values()))) >= abs(size)


def frequency_swing(facts: pd.DataFrame, months: list[pd.Period]) -> FrequencySwing | None:
    """The largest season whose team orders per active account swung and came back in the
    last ``SWING_SPAN`` of ``months``, in the seasonal part of the business; else the
    history's first season that moved alone (module doc). None without one."""
    reps_all = facts.index.get_level_values("rep")
    if TEAM not in reps_all or "active_accounts" not in facts.columns:
        return None
    span = list(months[-SWING_SPAN:])
    n = len(span)
    if n < 24:
        return None
    columns = ["orders", "active_accounts", *(["visits"] if "visits" in facts else [])]
    team = month_tables(facts, [TEAM], span, columns)
    per = _per_account(team, "orders")[:, 0]
    visits = _per_account(team, "visits")[:, 0] if "visits" in team else np.full(n, np.nan)
    a = np.full(n, np.nan)
    b = np.full(n, np.nan)
    a[12:] = per[12:] - per[:-12]
    b[:-12] = per[12:] - per[:-12]
    best: FrequencySwing | None = None
    # Years either side: below (above) both by ``SWING_MIN`` each way.
    both = np.isfinite(a) & np.isfinite(b)
    way = np.where(both, np.sign(a) * (np.sign(a) == -np.sign(b)), 0)
    strong = (way != 0) & (np.minimum(np.abs(a), np.abs(b)) >= SWING_MIN)
    for lo, hi in _runs(way):
        hit = np.flatnonzero(strong[lo : hi + 1]) + lo
        if len(hit) < SWING_MONTHS:
            continue
        found = _frequency_season(facts, span, per, visits, int(hit[0]), int(hit[-1]), False)
        if found is not None and (best is None or abs(found.size) > abs(best.size)):
            best = found
    if best is not None:
        return best
    # The history's first season (no year before): below (above) the year after alone.
    # Only where the span starts with the history: a longer one's earlier years are there.
    if len(months) > SWING_SPAN:
        return None
    first = np.isfinite(b) & ~np.isfinite(a)
    first[12:] = False
    edge_way = np.where(first & (np.abs(b) >= SWING_MIN), -np.sign(b), 0)
    for lo, hi in _runs(edge_way):
        if hi - lo + 1 < SWING_MONTHS:
            continue
        rest = [k for k in np.flatnonzero(first) if not lo <= k <= hi]
        if len(rest) < 6 or abs(float(np.median(b[rest]))) >= EDGE_REST:
            continue  # the rest of the year moved too: the business, not the season
        third = [k for k in range(lo, hi + 1) if k + 24 < n and np.isfinite(per[k + 24])]
        if any(abs(per[k + 24] - per[k + 12]) >= SWING_MIN for k in third):
            continue  # the later years disagree: which year was the usual one is unclear
        found = _frequency_season(facts, span, per, visits, lo, hi, True)
        if found is not None and (best is None or abs(found.size) > abs(best.size)):
            best = found
    return best


def _frequency_season(
    facts: pd.DataFrame,
    span: list[pd.Period],
    per: np.ndarray,
    visits: np.ndarray,
    lo: int,
    hi: int,
    edge: bool,
) -> FrequencySwing | None:
    """The season ``lo``…``hi`` of ``span`` as a FrequencySwing when it lies in the
    seasonal part of the business and the team shared it (module doc); ``edge``: read at
    the year after's level (no year before)."""
    inside = slice(lo, hi + 1)
    before_at = slice(lo - 12, hi - 11)
    after_at = slice(lo + 12, hi + 13)

    def level(o: np.ndarray, acc: np.ndarray, at: slice) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(np.nansum(o[at], axis=0) / np.nansum(acc[at], axis=0))

    columns = ["orders", "active_accounts"]
    team = month_tables(facts, [TEAM], span, columns)
    o, acc = team["orders"].to_numpy(dtype=float), team["active_accounts"].to_numpy(dtype=float)
    now, next_ = float(level(o, acc, inside)[0]), float(level(o, acc, after_at)[0])
    after = next_ - now
    before = float("nan") if edge else now - float(level(o, acc, before_at)[0])
    size = -after if edge else (before - after) / 2
    if not _seasonal(per, span, lo, hi, size):
        return None
    reps = [r for r in facts.index.get_level_values("rep").unique() if r != TEAM]
    t = month_tables(facts, reps, span, columns)
    ro, racc = t["orders"].to_numpy(dtype=float), t["active_accounts"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        theirs = level(ro, racc, after_at)
        if not edge:
            theirs = (theirs + level(ro, racc, before_at)) / 2
        own = level(ro, racc, inside) - theirs
    had = np.isfinite(own) & (np.nan_to_num(own * np.sign(size)) >= SWING_REP_SHARE * abs(size))
    weight = np.nansum(ro[inside], axis=0)
    share = float(weight[had].sum() / weight.sum()) if weight.sum() > 0 else 0.0
    if share < SWING_REPS:
        return None

    def sizes(series: np.ndarray) -> tuple[float, ...]:
        # Against the years either side, or the one that has the measure (visit records
        # that begin after the orders: the year after's level, as at the edge).
        out = []
        for k in range(lo, hi + 1):
            sides = [series[k + 12]] if edge else [series[k - 12], series[k + 12]]
            known = [v for v in sides if np.isfinite(v)]
            gap = series[k] - float(np.mean(known)) if known else np.nan
            out.append(float(gap) if np.isfinite(gap) else 0.0)
        return tuple(out)

    return FrequencySwing(
        tuple(span[lo : hi + 1]),
        sizes(per),
        sizes(visits),
        float(size),
        before,
        after,
        share,
        edge,
    )
