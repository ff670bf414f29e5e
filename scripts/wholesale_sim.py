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

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Order-rate multipliers from April to March (the season everyone shares).
SEASON = np.array([1.0, 1.05, 0.95, 1.0, 0.85, 1.0, 1.05, 1.1, 1.3, 0.8, 0.9, 1.15])
FIRST_MONTH = "2019-04"
LAST_MONTH = "2025-10"


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
    seed: int, first: str = FIRST_MONTH, last: str = LAST_MONTH, retailers: float = 40.0
) -> pd.DataFrame:
    """Orders (date, account, rep, amount, quantity) of one simulated wholesaler.

    ``retailers``: a territory's typical number of retailers at the start (log-normal around
    it); larger territories make every rep-level ratio less noisy.
    """
    rng = np.random.default_rng(seed)
    months = pd.period_range(first, last, freq="M")
    territories = int(rng.integers(6, 9))
    size = retailers * np.exp(rng.normal(0, 0.6, territories))  # retailers at the start
    arrival_trend = rng.normal(0.03, 0.08, territories)  # yearly log change of arrivals
    price_drift = rng.normal(0.02, 0.02, territories)
    walk = np.cumsum(rng.normal(0, 0.04, len(months) // 12 + 2))
    year_effect = np.exp(walk + rng.normal(0, 0.04, len(walk)))
    count = 0

    def arrive(territory: int, born: int) -> _Retailer:
        nonlocal count
        count += 1
        return _Retailer(
            account=f"R{count:05d}",
            territory=territory,
            rate=float(rng.gamma(1.5, 1.2 / 1.5)),
            drift=float(rng.normal(0, 0.1)),
            hazard=float(rng.beta(2, 80)),
            basket=float(np.exp(rng.normal(np.log(30000), 0.8))),
            born=born,
        )

    alive = [
        arrive(t, -int(rng.integers(0, 60)))
        for t in range(territories)
        for _ in range(int(size[t]))
    ]
    dates: list[pd.Timestamp] = []
    accounts: list[str] = []
    reps: list[str] = []
    amounts: list[float] = []
    for i, month in enumerate(months):
        years = i / 12
        shape = SEASON[(month.month - 4) % 12]
        season = shape * year_effect[i // 12]
        for t in range(territories):
            pace = size[t] * 0.025 * np.exp(arrival_trend[t] * years) * shape
            alive.extend(arrive(t, i) for _ in range(int(rng.poisson(pace))))
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
            level = r.basket * np.exp(price_drift[r.territory] * years)
            values = level * np.exp(rng.normal(0, 0.5, n))
            dates.extend(days[rng.integers(0, len(days), n)])
            accounts.extend([r.account] * n)
            reps.extend([f"T{r.territory + 1}"] * n)
            amounts.extend(np.round(values).tolist())
        alive = kept
    orders = pd.DataFrame(
        {"date": dates, "account": accounts, "rep": reps, "amount": amounts, "quantity": np.nan}
    )
    orders["date"] = pd.to_datetime(orders["date"]).astype("datetime64[ns]")
    return orders.sort_values(["date", "account"], kind="stable").reset_index(drop=True)
