"""Do accounts in their first year order less per active month than older ones? (per data set)

    python scripts/realism48/young.py

For each generator (the sample, the 40- and 200-retailer wholesale simulation, the two-year
log; seeds 7 11 23) and each whole year Y of the history: accounts derived by the lapse rule
as of Y's end (the sample: its customer master), each account's months active in Y and
orders in Y; "young" = started within the 12 months before the month (first year), else
"old". Prints orders per active account-month young ÷ old, and the young share of
account-months.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import backtest as bt

from routekpi.core.history import History
from routekpi.core.lapse import accounts_from_orders


def ratio(
    orders: pd.DataFrame, accounts: pd.DataFrame, year: pd.PeriodIndex
) -> tuple[float, float]:
    o = orders.assign(m=orders["date"].dt.to_period("M"), a=orders["account"].astype(str))
    o = o[o.m.isin(year)]
    per = o.groupby(["a", "m"]).size()
    acc = accounts.assign(a=accounts["account"].astype(str))
    start = pd.to_datetime(acc["start"]).dt.to_period("M")
    end = pd.to_datetime(acc["end"]).dt.to_period("M")
    young_n = old_n = young_m = old_m = 0.0
    for a, s, e in zip(acc["a"], start, end, strict=True):
        for m in year:
            if s <= m and (pd.isna(e) or e >= m):
                n = float(per.get((a, m), 0))
                if (m - s).n < 12:
                    young_n += n
                    young_m += 1
                else:
                    old_n += n
                    old_m += 1
    if young_m == 0 or old_m == 0:
        return float("nan"), float("nan")
    return (young_n / young_m) / (old_n / old_m), young_m / (young_m + old_m)


def main() -> None:
    sim = bt._sibling("wholesale_sim")
    for seed in (7, 11, 23):
        s = bt.generate_sample(seed)
        for a, b in (("2024-04", "2025-03"), ("2025-04", "2026-03")):
            r, share = ratio(s.orders, s.accounts, pd.period_range(a, b, freq="M"))
            print(
                f"{'sample':14s} seed {seed} {a}..{b}: young ÷ old orders per acc-month {r:.2f},"
                f" young share {share:.2f}"
            )
        for name, kw, years in (
            ("wholesale", {}, [("2022-04", "2023-03"), ("2023-04", "2024-03")]),
            ("wholesale-x5", {"retailers": 200.0}, [("2023-04", "2024-03")]),
        ):
            orders = sim.simulate(seed, **kw)
            for a, b in years:
                end = pd.Period(b, freq="M").end_time.date()
                h = accounts_from_orders(
                    History(orders=orders[orders["date"] <= pd.Timestamp(end)]), end
                )
                r, share = ratio(h.orders, h.accounts, pd.period_range(a, b, freq="M"))
                print(
                    f"{name:14s} seed {seed} {a}..{b}: young ÷ old orders per acc-month {r:.2f},"
                    f" young share {share:.2f}"
                )


if __name__ == "__main__":
    main()
