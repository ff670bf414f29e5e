"""Run backtest data sets and keep every scored row (for paired comparisons between variants).

    python scripts/realism42/harness.py OUT.pkl sample sample-long ... [--seeds 7 11 23]

Each data set's rows (all backtests, with ``set``, ``year`` and ``run`` = the backtest's index)
are pickled to OUT.pkl; compare.py reads two such files. The engine variant is whatever the
working tree (and its environment switches) give.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("backtest_script", HERE.parent / "backtest.py")
assert spec is not None and spec.loader is not None
bt = importlib.util.module_from_spec(spec)
sys.modules["backtest_script"] = bt
spec.loader.exec_module(bt)


def _wholesale_november(seeds: list[int], retailers: float = 40.0) -> list:
    """The wholesale simulation's FY2021 planned on 30 November 2020 (20 months of orders):
    a plan from under two years that the data sets do not make (a held-out check)."""
    sim = bt._sibling("wholesale_sim")
    out = []
    for seed in seeds:
        orders = sim.simulate(seed, retailers=retailers)
        end = bt.date(2025, 3, 31)
        closed = bt.History(
            orders=orders[orders["date"] <= bt.pd.Timestamp(end)].reset_index(drop=True)
        )
        settings = bt.PlanSettings(kgi=1.0, plan_year=2025, as_of=end)
        for year in (2021, 2022):
            out.append(
                bt.backtest(
                    closed, settings, year, data_end=end, planned_on=bt.date(year - 1, 11, 30)
                )
            )
    return out


def _wholesale_2y_july(seeds: list[int]) -> list:
    """The two-year log's July year FY2023 planned at its start from 19 months (held out)."""
    sim = bt._sibling("wholesale_sim")
    out = []
    for seed in seeds:
        orders = sim.simulate(
            seed,
            bt.SHORT_FIRST,
            bt.SHORT_LAST,
            retailers=bt.SHORT_RETAILERS,
            countries=sim.Countries(),
        )
        log = bt.History(orders=orders[orders["date"] <= bt.pd.Timestamp(bt.SHORT_END)])
        for fsm in (7, 9):
            settings = bt.PlanSettings(
                kgi=1.0, plan_year=2023, fiscal_start_month=fsm, as_of=bt.SHORT_END
            )
            out.append(bt.backtest(log, settings, 2023, data_end=bt.SHORT_END))
    return out


def _trace() -> None:
    """Print to stderr what ``levers.same_month_trend`` returns on each call (which data sets
    exercise the short path: a value, not None)."""
    from routekpi.core import levers

    read = levers.same_month_trend

    def traced(facts, months, *args, **kwargs):  # type: ignore[no-untyped-def]
        out = read(facts, months, *args, **kwargs)
        print(
            f"  same_month_trend {months[0]}..{months[-1]} ({len(months)}): {out}", file=sys.stderr
        )
        return out

    levers.same_month_trend = traced  # type: ignore[assignment]
    step = getattr(levers, "same_month_step", None)
    if step is not None:

        def traced_step(facts, months, *args, **kwargs):  # type: ignore[no-untyped-def]
            out = step(facts, months, *args, **kwargs)
            if out is not None:
                print(f"  same_month_step {months[0]}..{months[-1]}: {out}", file=sys.stderr)
            return out

        levers.same_month_step = traced_step  # type: ignore[assignment]


def _planted(seeds: list[int], month: str, size: float = 0.05) -> list:
    """The sample planned in November for FY2025 (20 months of history) with every order
    from ``month`` on at ``size`` higher prices: a one-off revision among the months a year
    apart (robust44), the new prices carried through the year scored."""
    out = []
    for seed in seeds:
        s = bt.generate_sample(seed)
        orders = s.orders.copy()
        late = orders["date"] >= bt.pd.Timestamp(month + "-01")
        orders.loc[late, "amount"] = orders.loc[late, "amount"] * (1.0 + size)
        history = bt.History(orders, s.visits, s.accounts, s.holidays)
        as_of = s.settings["AsOf"]
        settings = bt.PlanSettings(kgi=1.0, plan_year=int(s.settings["PlanYear"]), as_of=as_of)
        on = bt.date(2024, 11, 30)
        out.append(bt.backtest(history, settings, 2025, data_end=as_of, planned_on=on))
    return out


def _outlier(seeds: list[int], month: str, times: float = 40.0) -> list:
    """The sample planned in November for FY2025 with one extra order in ``month`` (on the
    first rep's first account, ``times`` the month's mean order): one outlier month among
    the months a year apart (robust44)."""
    out = []
    for seed in seeds:
        s = bt.generate_sample(seed)
        orders = s.orders
        day = bt.pd.Timestamp(month + "-15")
        inside = orders["date"].dt.to_period("M") == bt.pd.Period(month, freq="M")
        first = orders[inside].iloc[0]
        extra = first.copy()
        extra["date"] = day
        extra["amount"] = round(float(orders.loc[inside, "amount"].mean()) * times)
        orders = bt.pd.concat([orders, extra.to_frame().T.astype(orders.dtypes)])
        history = bt.History(orders.reset_index(drop=True), s.visits, s.accounts, s.holidays)
        as_of = s.settings["AsOf"]
        settings = bt.PlanSettings(kgi=1.0, plan_year=int(s.settings["PlanYear"]), as_of=as_of)
        on = bt.date(2024, 11, 30)
        out.append(bt.backtest(history, settings, 2025, data_end=as_of, planned_on=on))
    return out


EXTRA = {
    **{f"outlier-{m}": (lambda seeds, m=m: _outlier(seeds, m)) for m in ("2024-05", "2024-09")},
    **{
        f"planted-{m}": (lambda seeds, m=m: _planted(seeds, m))
        for m in ("2023-08", "2024-01", "2024-06", "2024-08", "2024-10")
    },
    "wholesale-nov": lambda seeds: _wholesale_november(seeds),
    "wholesale-x5-nov": lambda seeds: _wholesale_november(seeds, 200.0),
    "wholesale-2y-jul": _wholesale_2y_july,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    parser.add_argument(
        "--trace", action="store_true", help="print each plan's same-month price reading"
    )
    args = parser.parse_args()
    if args.trace:
        _trace()
    frames = []
    for name in args.sets:
        if name == "cdnow":
            path = bt.cdnow_path()
            assert path is not None
            run = bt.run_cdnow(path)
        elif name in EXTRA:
            run = bt.DataSetRun(name, name, EXTRA[name](args.seeds))
        else:
            run = bt.DATA_SETS[name](args.seeds)
        for i, result in enumerate(run.results):
            frames.append(result.rows.assign(set=name, year=result.year, run=i))
        print(name, "done", file=sys.stderr, flush=True)
    pd.concat(frames, ignore_index=True).to_pickle(args.out)


if __name__ == "__main__":
    main()
