"""Run backtest data sets, keep every scored row and, per plan, what each rep's share stood on.

    python scripts/realism47/capture.py OUT.pkl SET ... [--seeds 7 11 23]

OUT.pkl holds {"rows": the scored rows (as scripts/realism42/harness.py; compare.py reads them),
"reps": per plan × rep the split's parts}. The split's parts (log space, against the rep's
baseline as booked, what the uniform uplift keeps): ``lost`` = log(baseline ÷ as booked) (material
accounts lost before the plan year left out), ``won`` = log(split base ÷ baseline), ``head`` =
SPLIT_CARRY × Σ heading, ``hand`` and ``end`` (building reps), ``acc`` = the active-accounts
heading, ``team_head`` = the team's Σ trend; ``weight`` = rep_weights, ``share`` = the share the
plan gave, ``target`` = its revenue target. offline.py re-splits the KGI from these.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("backtest_script", HERE.parent / "backtest.py")
assert spec is not None and spec.loader is not None
bt = importlib.util.module_from_spec(spec)
sys.modules["backtest_script"] = bt
spec.loader.exec_module(bt)

from routekpi.core import backtest as core_bt  # noqa: E402
from routekpi.core import targets  # noqa: E402
from routekpi.core.measure import TEAM  # noqa: E402

CAPTURED: list[pd.DataFrame] = []


def _parts(ev, plan) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    reps = list(ev.reps)
    booked = ev.booked_base.loc[reps, "revenue"].astype(float)
    base = ev.base.loc[reps, "revenue"].astype(float)
    split = targets.split_base(ev).reindex(reps).astype(float)
    heads = targets._headings(ev)
    hand = targets.in_hand(ev).reindex(reps).fillna(0.0)
    end = targets.at_end(ev).sum(axis=1).reindex(reps).fillna(0.0)
    weights = targets.rep_weights(ev).reindex(reps).astype(float)
    team = float(ev.trend.loc[TEAM, list(ev.levers)].sum()) if TEAM in ev.trend.index else 0.0
    target = plan.fy.loc[reps, "revenue"].astype(float)
    lift = plan.lift.reindex(reps).fillna(0.0)
    out = pd.DataFrame(
        {
            "booked": booked,
            "base": base,
            "split": split,
            "lost": np.log(base / booked),
            "won": np.log(split / base),
            "head": targets.SPLIT_CARRY * heads.sum(axis=1),
            "acc": heads.get("active_accounts", 0.0),
            "hand": (1 - targets.SPLIT_CARRY) * hand,
            "end": end,
            "team_head": team,
            "weight": weights,
            "target": target,
            "share": target - lift,
            "kgi": plan.kgi,
            "rule": plan.lever_mix,
            "feasible": plan.feasible,
        }
    )
    for key in heads.columns:
        out[f"h.{key}"] = heads[key]
    if ev.flows is not None:
        out["start"] = ev.flows.start.reindex(reps).astype(float)
        out["new"] = pd.Series(ev.flows.new_per_year).reindex(reps).astype(float)
        out["churn"] = ev.flows.churn.reindex(reps).astype(float)
    if "active_accounts" in ev.base.columns:
        out["accounts"] = ev.base.loc[reps, "active_accounts"].astype(float)
    # The rep's monthly revenue over the baseline (for noise rules offline).
    facts = ev.facts
    months = list(ev.baseline_months)
    try:
        rev = facts["revenue"].unstack("rep").reindex(months)
        out["monthly_rev"] = [rev[r].to_numpy(dtype=float) if r in rev else None for r in reps]
        team_rev = rev.sum(axis=1).to_numpy(dtype=float)
        out["team_monthly"] = [team_rev] * len(reps)
    except Exception as e:
        print("monthly:", e, file=sys.stderr)
    return out.rename_axis("rep").reset_index()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    args = parser.parse_args()
    real = core_bt.plan_for
    last: dict[str, object] = {}

    def plan_for(ev, kgi):  # type: ignore[no-untyped-def]
        plan, table = real(ev, kgi)
        last["ev"], last["plan"] = ev, plan
        return plan, table

    core_bt.plan_for = plan_for
    real_backtest = core_bt.backtest
    parts: list[pd.DataFrame] = []

    def backtest(*a, **k):  # type: ignore[no-untyped-def]
        result = real_backtest(*a, **k)
        p = _parts(last["ev"], last["plan"])
        p["bt_id"] = id(result)
        parts.append(p)
        result._r47 = p  # type: ignore[attr-defined]
        return result

    bt.backtest = backtest
    core_bt.backtest = backtest
    rows, reps = [], []
    for name in args.sets:
        if name == "cdnow":
            path = bt.cdnow_path()
            assert path is not None
            run = bt.run_cdnow(path)
        else:
            run = bt.DATA_SETS[name](args.seeds)
        for i, result in enumerate(run.results):
            rows.append(result.rows.assign(set=name, year=result.year, run=i))
            reps.append(result._r47.assign(set=name, year=result.year, run=i))
        print(name, "done", file=sys.stderr, flush=True)
    pd.to_pickle(
        {"rows": pd.concat(rows, ignore_index=True), "reps": pd.concat(reps, ignore_index=True)},
        args.out,
    )


if __name__ == "__main__":
    main()
