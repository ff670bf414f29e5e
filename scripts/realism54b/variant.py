# ruff: noqa: E501
"""realism54b variants: each rep's unit price planned part of the way back to the team's
(env-flag monkeypatches over ``core.backtest.build_evidence``; the engine's files are not edited).

    R54=acct PYTHONPATH=$PWD python scripts/realism54b/variant.py --only wholesale ... --no-write
    R54=acct PYTHONPATH=$PWD python scripts/realism54b/variant.py harness OUT.pkl SET ... --seeds 7
    R51_OUT=/work/wt/_realism54b PYTHONPATH=$PWD python scripts/realism54b/worlds.py bt --seeds-all --variant r54acct

In plain words (R54=acct): 「担当の単価がチーム平均と違うのは、どの得意先を持っているかの差です。
来年の受注のうち新しく獲得する得意先の分(計画の新規から見た割合 ν)は、その差のうち『少数の得意先の
偶然で説明できる部分』だけチーム平均の単価で買うとみます」 — next year about ν of his orders come from
customers he does not hold yet (the plan's own flows: half a year of each new account the pace
expects, against his starting book less half its churn: realism49's ``new_share``); they buy at
the team's price as far as his gap to the team is the luck of which customers he holds.

- d: his baseline unit price's log gap to the team's (``Evidence.base``).
- The luck: over the baseline months, each of his accounts' log basket xᵢ = log(revenue ÷
  orders), his orders' shares wᵢ; se² = Σ wᵢ²(xᵢ − x̄)²·n/(n − 1) is how far his unit price
  could stand from his territory's by which n customers he happens to hold. τ² = the reps'
  spread of d beyond that (var d − mean se², at least 0). His gap trusted t = τ² ÷ (τ² + se²).
- shift = −ν·(1 − t)·d, carried whole in his share of the KGI and his unit price (as a building
  rep's level at the baseline's end, ``targets.at_end``; ceilings raised alike): no part of it
  lands on his other levers.
- Only with order rows (a book read as compact facts has no account baskets: unchanged), at
  least ``MIN_REPS`` reps with ``MIN_ACCOUNTS`` accounts ordering in the baseline.

R54=acctm: acct × m, how far a rep's monthly unit price has followed which of his accounts
ordered in the month (realism49's ``mix_follow``, the held46 mix slope, 0 … 1: ~0 on the default
sample, whose generator puts every order of a rep's month on his own price path; 0.7 – 1.0 on
the priced sample and the wholesale worlds): a price that does not follow the customers cannot
come back with them.
R54=flat: every rep's shift −K·(1 − t)·d (R54_K, default 0.25; the offline fraction) instead of ν.
R54_SHOW=1: ν, t, d and the shift per plan on stderr (R54_LOG=FILE: appended to FILE).
"""

from __future__ import annotations

import os
import runpy
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

MIN_REPS = 3
MIN_ACCOUNTS = 3


def new_share(ev) -> pd.Series:  # type: ignore[no-untyped-def]
    """Rep → the share of next year's customer-months expected from customers not yet held
    (realism49's ``new_share``)."""
    fl = ev.flows
    if fl is None:
        return pd.Series(dtype=float)
    start = fl.start.astype(float)
    churn = fl.churn.reindex(start.index).astype(float).fillna(0.0).clip(0, 1)
    new = fl.new_per_year.reindex(start.index).astype(float).fillna(0.0).clip(lower=0)
    held = start * (1 - churn / 2)
    share = (new / 2) / (held + new / 2)
    return share.replace([np.inf, -np.inf], np.nan).dropna()


def trust(history, settings, ev) -> pd.Series:  # type: ignore[no-untyped-def]
    """Rep → how far his unit-price gap to the team's is his territory's, not the luck of which
    accounts he holds (empty: not readable)."""
    from routekpi.core.baselines import prepare_history

    prepared = prepare_history(history, settings).history
    o = prepared.orders
    if o is None or not len(o) or "rep" not in o.columns:
        return pd.Series(dtype=float)
    month = o["date"].dt.to_period("M")
    o = o[month.isin(pd.PeriodIndex(ev.baseline_months)) & (o["amount"] > 0)]
    acc = (
        o.assign(rep=o["rep"].astype(str), day=o["date"].dt.normalize())
        .groupby(["rep", "account"])
        .agg(rev=("amount", "sum"), n=("day", "nunique"))
    )
    acc = acc[acc["n"] > 0]
    se2, d = {}, {}
    for rep, g in acc.groupby(level=0):
        if rep not in ev.reps or len(g) < MIN_ACCOUNTS:
            continue
        w = g["n"] / g["n"].sum()
        x = np.log(g["rev"] / g["n"])
        xbar = float((w * x).sum())
        k = len(g)
        se2[rep] = float((w**2 * (x - xbar) ** 2).sum()) * k / (k - 1)
        d[rep] = float(np.log(g["rev"].sum() / g["n"].sum()))
    if len(se2) < MIN_REPS:
        return pd.Series(dtype=float)
    se2s, ds = pd.Series(se2), pd.Series(d)
    tau2 = max(float(ds.var()) - float(se2s.mean()), 0.0)
    return tau2 / (tau2 + se2s)


def mix_follow(history, settings, ev) -> float:  # type: ignore[no-untyped-def]
    """realism49's ``mix_follow`` on the prepared history's orders (each line under the rep who
    holds its account): the slope of a rep-month's log unit price on the mean log price of the
    accounts that ordered in it, both less the rep's mean and the team's month, in [0, 1]."""
    from routekpi.core.baselines import prepare_history

    o = prepare_history(history, settings).history.orders
    month = o["date"].dt.to_period("M")
    o = o[month.isin(pd.PeriodIndex(ev.baseline_months)) & (o["amount"] > 0)]
    if len(o) < 2:
        return 0.0
    level = np.log(o.groupby("account")["amount"].transform("mean"))
    g = (
        o.assign(m=o["date"].dt.to_period("M"), level=level, rep=o["rep"].astype(str))
        .groupby(["rep", "m"])
        .agg(amount=("amount", "sum"), n=("amount", "size"), level=("level", "mean"))
        .reset_index()
    )
    g["actual"] = np.log(g["amount"] / g["n"])
    xy = []
    for col in ("level", "actual"):
        x = g[col] - g.groupby("rep")[col].transform("mean")
        xy.append(x - x.groupby(g["m"]).transform("mean"))
    x, y = xy
    den = float((x * x).sum())
    return float(np.clip((x * y).sum() / den, 0.0, 1.0)) if den > 0 else 0.0


def shifted(history, settings, ev):  # type: ignore[no-untyped-def]
    from routekpi.core.measure import TEAM

    rule = os.environ.get("R54", "")
    if "unit_price" not in ev.levers or TEAM not in ev.base.index:
        return ev
    t = trust(history, settings, ev)
    if not len(t):
        return ev
    reps = [r for r in ev.reps if r in t.index]
    team = float(ev.base.at[TEAM, "unit_price"])
    price = ev.base.loc[reps, "unit_price"].astype(float)
    d = np.log(price / team).replace([np.inf, -np.inf], np.nan).fillna(0.0)
    if rule == "acctm":
        nu = new_share(ev).reindex(reps).fillna(0.0) * mix_follow(history, settings, ev)
    elif rule == "flat":
        nu = pd.Series(float(os.environ.get("R54_K", "0.25")), index=reps)
    else:
        nu = new_share(ev).reindex(reps).fillna(0.0)
    shift = -nu * (1 - t.reindex(reps)) * d
    end = ev.at_end.reindex(index=list(ev.reps), columns=list(ev.levers)).fillna(0.0).astype(float)
    end.loc[reps, "unit_price"] = end.loc[reps, "unit_price"] + shift
    head = ev.headroom.copy()
    at = [r for r in reps if r in head.index]
    if "unit_price" in head.columns:
        head.loc[at, "unit_price"] = head.loc[at, "unit_price"] + shift.reindex(at)
    if "revenue" in head.columns:
        head.loc[at, "revenue"] = head.loc[at, "revenue"] + shift.reindex(at)
    line = f"  R54 {ev.baseline_months[-1]} nu {nu.round(2).tolist()} t {t.reindex(reps).round(2).tolist()} d {d.round(2).tolist()} shift {shift.round(3).tolist()}"
    if os.environ.get("R54_SHOW"):
        print(line, file=sys.stderr)
    if log := os.environ.get("R54_LOG"):
        with open(log, "a") as f:
            f.write(line + "\n")
    return replace(ev, at_end=end, headroom=head)


def apply() -> None:
    """Patch ``core.backtest.build_evidence`` with the rule named by R54."""
    from routekpi.core import backtest as core_bt

    rule = os.environ.get("R54", "")
    if not rule:
        return
    if rule not in ("acct", "acctm", "flat"):
        raise SystemExit(f"unknown R54 rule {rule!r}")
    build = core_bt.build_evidence

    def patched(history, settings):  # type: ignore[no-untyped-def]
        return shifted(history, settings, build(history, settings))

    core_bt.build_evidence = patched  # type: ignore[assignment]


if __name__ == "__main__":
    apply()
    scripts = Path(__file__).resolve().parents[1]
    if sys.argv[1:2] == ["harness"]:
        script, args = scripts / "realism42" / "harness.py", sys.argv[2:]
    else:
        script, args = scripts / "backtest.py", sys.argv[1:]
    sys.argv = [str(script), *args]
    runpy.run_path(str(script), run_name="__main__")
