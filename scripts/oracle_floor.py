"""The backtest's noise floor on the wholesale simulation: how close could any method get?

The simulator is ours, so the truth is known. For each wholesale backtest plan year (as
``scripts/backtest.py`` runs it) the **oracle** target of a rep × KPI is the average realised
value over many re-lives of the plan year (``wholesale_sim.redraws``): the same world — the
territories, price drift, the company's year effects, the retailers alive at the planning
moment with their own order rates, drop-out hazards and baskets — with fresh random draws from
the planning moment on (arrivals, drop-outs, orders, order values). That is the expected value
given everything a method could ever know (and more: each retailer's hidden parameters and the
year effect the KGI only hints at). Its error against what really happened is luck alone, so
no method can beat it by much: the oracle's reduction vs the uniform uplift is the best a
method could reach on this data.

Scored exactly as ``routekpi.core.backtest`` scores (per rep × KPI absolute percentage error
vs realised, the same rows, MdAPE per KPI and pooled over revenue + levers).

    python scripts/oracle_floor.py --seeds 7 11 23 --draws 24          # wholesale
    python scripts/oracle_floor.py --seeds 7 11 23 --retailers 200      # bigger territories
"""

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.backtest import TEAM, BacktestResult, realised_values
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.history import History
from routekpi.core.meetings import with_customer_meetings

METHODS = ("routekpi", "uniform", "no_change", "oracle")


def _script(name: str) -> object:
    """A module of this folder: backtest.py's own loader (scripts/ is no package), reached
    through backtest.py, which ``python scripts/oracle_floor.py`` finds beside it."""
    if str(Path(__file__).parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).parent))
    import backtest  # this folder, put on the path just above

    return backtest if name == "backtest" else backtest._sibling(name)


def _sim() -> object:
    return _script("backtest")._sibling("wholesale_sim")


def _plans(seed: int, retailers: float) -> list[tuple[BacktestResult, str, str]]:
    """scripts/backtest.py's wholesale backtests of one seed, each with the first month after
    its planning moment (the redraw starts there) and its last compared month."""
    run = _script("backtest").run_wholesale([seed], retailers=retailers)
    out = []
    for result in run.results:
        start = pd.Period(result.plan_as_of + timedelta(days=1), freq="M")
        out.append((result, str(start), str(result.months[-1])))
    return out


def oracle_values(
    seed: int, retailers: float, result: BacktestResult, start: str, stop: str, draws: int
) -> pd.DataFrame:
    """rep × KPI: the mean realised value over ``draws`` re-lives from ``start`` to ``stop``."""
    lives = _sim().redraws(
        seed, start, [10_000 + k for k in range(draws)], stop=stop, retailers=retailers
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
    with warnings.catch_warnings():  # a KPI never measurable (visits: orders only) stays NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(stack, axis=0)
    return pd.DataFrame(mean, index=frames[0].index, columns=frames[0].columns)


def scored_rows(seeds: list[int], retailers: float, draws: int) -> pd.DataFrame:
    """Every backtest row of the data set with its oracle target and APE."""
    parts = []
    for seed in seeds:
        for result, start, stop in _plans(seed, retailers):
            oracle = oracle_values(seed, retailers, result, start, stop, draws)
            rows = result.rows.copy()
            rows["oracle"] = [
                float(oracle.at[r, k]) if r in oracle.index and k in oracle.columns else np.nan
                for r, k in zip(rows["rep"], rows["kpi"], strict=True)
            ]
            rows["ape_oracle"] = (rows["oracle"] - rows["realised"]).abs() / rows["realised"].abs()
            base = rows[rows["kpi"] == "active_accounts"].set_index("rep")["no_change"]
            rows["base_accounts"] = rows["rep"].map(base)
            parts.append(rows.assign(seed=seed, year=result.year))
            print(f"  seed {seed} FY{result.year} done", file=sys.stderr, flush=True)
    return pd.concat(parts, ignore_index=True)


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """Per KPI and pooled: n and MdAPE of each method (status ok, oracle finite, reps only)."""
    reps = rows[(rows["rep"] != TEAM) & (rows["status"] == "ok") & rows["oracle"].notna()]
    out = {}
    for key, part in [*reps.groupby("kpi", sort=False), ("POOLED", reps[reps["in_pool"]])]:
        out[key] = {"n": len(part), **{m: part[f"ape_{m}"].median() for m in METHODS}}
    frame = pd.DataFrame(out).T
    frame["routekpi_red"] = 1 - frame["routekpi"] / frame["uniform"]
    frame["oracle_red"] = 1 - frame["oracle"] / frame["uniform"]
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    parser.add_argument("--retailers", type=float, default=40.0)
    parser.add_argument("--draws", type=int, default=24)
    parser.add_argument("--save", type=Path, help="write the scored rows here (CSV)")
    args = parser.parse_args(argv)
    rows = scored_rows(args.seeds, args.retailers, args.draws)
    if args.save:
        rows.to_csv(args.save, index=False)
    pd.set_option("display.width", 200)
    print(f"wholesale retailers={args.retailers:g} seeds {args.seeds} draws {args.draws}")
    print((table(rows) * 1).round(4).to_string())
    pooled = rows[rows["in_pool"] & (rows["rep"] != TEAM) & (rows["status"] == "ok")]
    sizes = pd.qcut(pooled["base_accounts"], 3)
    print("\npooled by rep size (baseline active accounts, terciles):")
    for size, part in pooled.groupby(sizes, observed=True):
        md = {m: part[f"ape_{m}"].median() for m in METHODS}
        print(
            f"  {size}: n={len(part)} "
            + " ".join(f"{m}={md[m] * 100:.1f}%" for m in METHODS)
            + f" red routekpi={1 - md['routekpi'] / md['uniform']:.1%}"
            + f" oracle={1 - md['oracle'] / md['uniform']:.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
