"""A wholesaler's order export, simulated independently of routekpi's sample generator.

The backtest's second synthetic yardstick (scripts/backtest.py). The sample generator was
written with the engine; this one was not, and it is built the way the statistics of repeat
buying describe customers (the "buy till you die" family behind CDNOW studies), so that a
method tuned to one generator can be caught out by the other:

- **Territories** of very different sizes (log-normal) stand in for reps, as in a real export
  where the territory is the only sales unit.
- **Retailers** arrive at random (Poisson) at a pace that grows or shrinks per territory; each
  orders at its own rate (gamma-distributed across retailers, drifting with its age), drops out
  with its own monthly hazard (beta-distributed), and buys its own basket size (log-normal,
  each order ± 50%).
- **Prices** drift per territory (about +2% a year); a **season** shared by everyone (December
  high, August and January low); a company-wide **year effect** on ordering, half lasting (a
  random walk) and half passing.
- **Orders only**: no customer master, no visits. The engine derives the accounts (lapse rule).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Order-rate multipliers from April to March (the season everyone shares).
SEASON = np.array([1.0, 1.05, 0.95, 1.0, 0.85, 1.0, 1.05, 1.1, 1.3, 0.8, 0.9, 1.15])
FIRST_MONTH = "2019-04"
LAST_MONTH = "2025-10"


@dataclass(frozen=True)
class Countries:
    """Territories sized like a wholesaler's export countries: ``count`` territories, the
    first (the home market) holding ``home`` of the retailers at the start, the others of
    log-normal size (``spread``: the standard deviation of their log) around ``retailers``.

    The shape of the public "Online Retail II" log (2009-12 – 2011-12): one country with
    ~85-90% of the revenue and some forty small ones, several with a handful of customers.
    """

    count: int = 12
    home: float = 0.85
    spread: float = 1.0


@dataclass
class _Retailer:
    account: str
    territory: int
    rate: float  # orders a month at age 0, before season and year effect
    drift: float  # yearly log change of the rate with the retailer's age
    hazard: float  # monthly probability of dropping out
    basket: float  # mean order value (yen) at the territory's starting prices
    born: int  # month index of arrival (negative: before the history)


def simulate(
    seed: int,
    first: str = FIRST_MONTH,
    last: str = LAST_MONTH,
    retailers: float = 40.0,
    *,
    countries: Countries | None = None,
) -> pd.DataFrame:
    """Orders (date, account, rep, amount, quantity) of one simulated wholesaler.

    ``retailers``: a territory's typical number of retailers at the start (log-normal around
    it); larger territories make every rep-level ratio less noisy. ``countries``: territories
    sized like an exporter's countries instead (one home market and many small ones); None
    keeps the 6–8 territories of log-normal size (every seed's log as it always was).
    """
    world = _World(seed, first, last, retailers, countries)
    world.run(len(world.months))
    return world.orders()


def redraws(
    seed: int,
    redraw_from: str,
    draws: list[int],
    *,
    stop: str = LAST_MONTH,
    first: str = FIRST_MONTH,
    last: str = LAST_MONTH,
    retailers: float = 40.0,
    countries: Countries | None = None,
) -> list[pd.DataFrame]:
    """The same world re-lived from ``redraw_from``: one order log per seed in ``draws``.

    Everything before ``redraw_from`` is ``simulate`` with the same arguments as it happened,
    and so is the world (territory sizes and trends, price drift, the year effects,
    the retailers then alive with their own rates, hazards and baskets). From that month to
    ``stop`` the random draws (arrivals, drop-outs, orders, order values) come from a fresh
    generator per draw seed: what could have happened instead. The average of a KPI over many
    redraws is its expected value given the world (the backtest's noise floor, an oracle).
    """
    world = _World(seed, first, last, retailers, countries)
    begin = int(world.months.get_loc(pd.Period(redraw_from, freq="M")))
    end = int(world.months.get_loc(pd.Period(stop, freq="M"))) + 1
    world.run(begin)
    out = []
    for draw in draws:
        twin = world.copy(np.random.default_rng(draw))
        twin.run(end, begin)
        out.append(twin.orders())
    return out


class _World:
    """One wholesaler's world and the history it has lived so far (``run`` lives months)."""

    def __init__(
        self,
        seed: int,
        first: str,
        last: str,
        retailers: float,
        countries: Countries | None = None,
    ) -> None:
        rng = np.random.default_rng(seed)
        self.rng = rng
        self.months = pd.period_range(first, last, freq="M")
        territories = int(rng.integers(6, 9))
        if countries is None:
            self.size = retailers * np.exp(rng.normal(0, 0.6, territories))  # at the start
        else:
            territories = countries.count
            size = retailers * np.exp(rng.normal(0, countries.spread, territories))
            # The home market: ``home`` of all the retailers (the others keep their draws).
            size[0] = countries.home / (1 - countries.home) * size[1:].sum()
            self.size = size
        self.territories = territories
        self.arrival_trend = rng.normal(0.03, 0.08, territories)  # yearly log change of arrivals
        self.price_drift = rng.normal(0.02, 0.02, territories)
        walk = np.cumsum(rng.normal(0, 0.04, len(self.months) // 12 + 2))
        self.year_effect = np.exp(walk + rng.normal(0, 0.04, len(walk)))
        self.count = 0
        self.alive = [
            self.arrive(t, -int(rng.integers(0, 60)))
            for t in range(territories)
            for _ in range(int(self.size[t]))
        ]
        self.dates: list[pd.Timestamp] = []
        self.accounts: list[str] = []
        self.reps: list[str] = []
        self.amounts: list[float] = []

    def copy(self, rng: np.random.Generator) -> _World:
        """This world so far, to be lived on with another random generator."""
        twin = copy.copy(self)
        twin.rng = rng
        twin.alive = list(self.alive)
        twin.dates, twin.accounts = list(self.dates), list(self.accounts)
        twin.reps, twin.amounts = list(self.reps), list(self.amounts)
        return twin

    def arrive(self, territory: int, born: int) -> _Retailer:
        rng = self.rng
        self.count += 1
        return _Retailer(
            account=f"R{self.count:05d}",
            territory=territory,
            rate=float(rng.gamma(1.5, 1.2 / 1.5)),
            drift=float(rng.normal(0, 0.1)),
            hazard=float(rng.beta(2, 80)),
            basket=float(np.exp(rng.normal(np.log(30000), 0.8))),
            born=born,
        )

    def run(self, end: int, begin: int = 0) -> None:
        """Live months ``begin`` to ``end`` − 1 (indexes into ``months``)."""
        rng = self.rng
        alive = self.alive
        for i in range(begin, end):
            month = self.months[i]
            years = i / 12
            shape = SEASON[(month.month - 4) % 12]
            season = shape * self.year_effect[i // 12]
            for t in range(self.territories):
                pace = self.size[t] * 0.025 * np.exp(self.arrival_trend[t] * years) * shape
                alive.extend(self.arrive(t, i) for _ in range(int(rng.poisson(pace))))
            days = pd.bdate_range(month.start_time, month.end_time)
            kept = []
            for r in alive:
                if rng.random() < r.hazard:
                    continue
                kept.append(r)
                mean = r.rate * np.exp(r.drift * (i - r.born) / 12) * season
                n = int(rng.poisson(mean))
                if not n:
                    continue
                level = r.basket * np.exp(self.price_drift[r.territory] * years)
                values = level * np.exp(rng.normal(0, 0.5, n))
                self.dates.extend(days[rng.integers(0, len(days), n)])
                self.accounts.extend([r.account] * n)
                self.reps.extend([f"T{r.territory + 1}"] * n)
                self.amounts.extend(np.round(values).tolist())
            alive = kept
        self.alive = alive

    def orders(self) -> pd.DataFrame:
        """The orders lived so far, as ``simulate`` returns them."""
        orders = pd.DataFrame(
            {
                "date": self.dates,
                "account": self.accounts,
                "rep": self.reps,
                "amount": self.amounts,
                "quantity": np.nan,
            }
        )
        orders["date"] = pd.to_datetime(orders["date"]).astype("datetime64[ns]")
        return orders.sort_values(["date", "account"], kind="stable").reset_index(drop=True)
