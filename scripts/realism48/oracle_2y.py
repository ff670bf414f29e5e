"""The noise floor of the two-year wholesale set (``wholesale-2y``), as scripts/oracle_floor.py
measures it for the 40- and 200-retailer worlds: each rep × KPI's oracle target is its mean
realised value over re-lives of the plan year (``wholesale_sim.redraws`` with the two-year
world's countries), scored like the backtest.

    python scripts/realism48/oracle_2y.py --seeds 7 11 23 --draws 24
"""

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import oracle_floor as of

from routekpi.core.backtest import realised_values
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.history import History
from routekpi.core.meetings import with_customer_meetings


def rows_for(seeds: list[int], draws: int) -> pd.DataFrame:
    bt = of._script("backtest")
    sim = of._sim()
    parts = []
    for seed in seeds:
        for result in bt.run_wholesale_2y([seed]).results:
            start = str(pd.Period(result.plan_as_of + timedelta(days=1), freq="M"))
            stop = str(result.months[-1])
            lives = sim.redraws(
                seed,
                start,
                [10_000 + k for k in range(draws)],
                stop=stop,
                first=bt.SHORT_FIRST,
                last=bt.SHORT_LAST,
                retailers=bt.SHORT_RETAILERS,
                countries=sim.Countries(),
            )
            frames = []
            for orders in lives:
                history = with_customer_meetings(History(orders=orders))
                realised = realised_values(
                    history, result.months, result.plan_as_of, result.months[0].start_time.date()
                )
                for key in realised.columns:
                    if KPI_BY_KEY[key].additive:
                        realised[key] = realised[key].fillna(0.0)
                frames.append(realised)
            stack = np.stack([f.reindex_like(frames[0]).to_numpy(dtype=float) for f in frames])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                oracle = pd.DataFrame(
                    np.nanmean(stack, axis=0), index=frames[0].index, columns=frames[0].columns
                )
            rows = result.rows.copy()
            rows["oracle"] = [
                float(oracle.at[r, k]) if r in oracle.index and k in oracle.columns else np.nan
                for r, k in zip(rows["rep"], rows["kpi"], strict=True)
            ]
            rows["ape_oracle"] = (rows["oracle"] - rows["realised"]).abs() / rows["realised"].abs()
            base = rows[rows["kpi"] == "active_accounts"].set_index("rep")["no_change"]
            rows["base_accounts"] = rows["rep"].map(base)
            parts.append(rows.assign(seed=seed, year=result.year, planned_on=result.plan_as_of))
            print(f"  seed {seed} planned {result.plan_as_of} done", file=sys.stderr, flush=True)
    return pd.concat(parts, ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    ap.add_argument("--draws", type=int, default=24)
    ap.add_argument("--save", type=Path)
    args = ap.parse_args()
    rows = rows_for(args.seeds, args.draws)
    if args.save:
        rows.to_pickle(args.save)
    pd.set_option("display.width", 200)
    print(f"wholesale-2y seeds {args.seeds} draws {args.draws}")
    print(of.table(rows).round(4).to_string())


if __name__ == "__main__":
    main()
