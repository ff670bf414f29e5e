# ruff: noqa: E501
"""realism53a variants: each rep's share of the KGI from more than one year (env-flag
monkeypatches over the engine; the engine's files are not edited).

    R53=share PYTHONPATH=$PWD python scripts/realism53a/variant.py --only sample ... --no-write
    R51_OUT=/work/wt/_realism53a PYTHONPATH=$PWD python scripts/realism53a/worlds.py bt --seeds-all --variant r53share

In plain words: 「大型案件の年ごとの当たり外れをならすため、担当の取り分は直近3年の平均で決めます」.

R53=share: a rep's revenue his share of the KGI stands on (``targets.split_base``) has the
part made of the customers he sold to in EACH of the last up to three baseline-long years
(the baseline window and the 12 and 24 months before it, each account's lines under the rep
who holds it at the planning moment: ``prepare_history``'s handover and cover) replaced by
those customers' weighted average share of the team's revenue over those years (3 : 2 : 1,
the recent year first) times the team's revenue in the baseline year. Only for a rep who
sold in at least ``MIN_MONTHS`` months of each year used (a leave, a start, a departure
ends his comparable years), with at least two such years, and who is not still building
his first book (``Evidence.building`` / ``part_year``). The reps changed are then rescaled
so that together they keep what they had: the others' shares do not move.
R53=lumps: the same, but only the large-order part of those customers (orders of at least
``lumps.LUMP_RATIO`` × the rep's median order over the years read, every one of them —
frequent or not) is averaged; ordinary orders stay as last year.
R53_W="3,2,1": the years' weights (recent first). R53_SHOW=1: print each rep's change.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import numpy as np
import pandas as pd

MIN_MONTHS = 10
YEARS = 3
_STASH: dict[str, object] = {}


def weights() -> list[float]:
    return [float(x) for x in os.environ.get("R53_W", "3,2,1").split(",")][:YEARS]


def smoothed_delta(ev, history, rule: str) -> pd.Series:  # type: ignore[no-untyped-def]
    """Rep → what to add to his split base (0 for reps left alone), before the rescale."""
    reps = [str(r) for r in ev.reps]
    out = pd.Series(0.0, index=reps)
    orders = history.orders
    if history.facts is not None or not len(orders):
        return out
    need = {"date", "account", "rep", "amount"}
    if not need <= set(orders.columns):
        return out
    months = pd.PeriodIndex(pd.to_datetime(orders["date"]), freq="M")
    amount = pd.to_numeric(orders["amount"], errors="coerce").fillna(0.0).to_numpy()
    base_months = list(ev.baseline_months)
    first = months.min()
    windows = []
    for k in range(YEARS):
        lo, hi = base_months[0] - 12 * k, base_months[-1] - 12 * k
        if lo < first:
            break
        windows.append((lo, hi))
    if len(windows) < 2:
        return out
    frame = pd.DataFrame(
        {
            "rep": orders["rep"].astype(str).to_numpy(),
            "account": orders["account"].astype(str).to_numpy(),
            "month": months,
            "amount": amount,
        }
    )
    frame = frame[(frame["month"] >= windows[-1][0]) & (frame["month"] <= windows[0][1])]
    if rule == "lumps":
        # Large orders: each order (rep, account, day) of at least LUMP_RATIO × his median.
        from routekpi.core.lumps import LUMP_RATIO

        day = pd.to_datetime(orders["date"]).loc[frame.index]
        slips = frame.assign(day=day.to_numpy()).groupby(["rep", "account", "day"], sort=False)
        slip = slips.agg(amount=("amount", "sum"), month=("month", "first")).reset_index()
        slip = slip[slip["amount"] > 0]
        med = slip.groupby("rep")["amount"].median()
        big = slip[slip["amount"] >= LUMP_RATIO * slip["rep"].map(med)]
    team = [
        frame.loc[(frame["month"] >= lo) & (frame["month"] <= hi), "amount"].sum()
        for lo, hi in windows
    ]
    w = weights()
    skip = {*map(str, ev.building), *map(str, ev.part_year)}
    show = os.environ.get("R53_SHOW")
    for rep in reps:
        if rep in skip:
            continue
        own = frame[frame["rep"] == rep]
        used = []
        for k, (lo, hi) in enumerate(windows):
            sold = own.loc[
                (own["month"] >= lo) & (own["month"] <= hi) & (own["amount"] > 0), "month"
            ].nunique()
            if sold < MIN_MONTHS:
                break
            used.append(k)
        if len(used) < 2:
            continue
        # The customers he sold to in each year used.
        per = []
        for k in used:
            lo, hi = windows[k]
            yr = own[(own["month"] >= lo) & (own["month"] <= hi)]
            per.append(yr.groupby("account")["amount"].sum())
        core = set(per[0][per[0] > 0].index)
        for p in per[1:]:
            core &= set(p[p > 0].index)
        if not core:
            continue
        if rule == "lumps":
            src = big[(big["rep"] == rep) & big["account"].isin(core)]
        else:
            src = own[own["account"].isin(core)]
        vals = []
        for k in used:
            lo, hi = windows[k]
            vals.append(src.loc[(src["month"] >= lo) & (src["month"] <= hi), "amount"].sum())
        if team[0] <= 0 or any(team[k] <= 0 for k in used):
            continue
        wk = np.array([w[k] for k in used], dtype=float)
        shares = np.array([vals[i] / team[k] for i, k in enumerate(used)])
        avg = float((wk * shares).sum() / wk.sum()) * team[0]
        out[rep] = avg - vals[0]
        if show:
            print(
                f"  r53 {rep}: years {len(used)} core {vals[0]:,.0f} -> {avg:,.0f}", file=sys.stderr
            )
    return out


def apply() -> None:
    """Patch ``baselines.prepare_history`` (stash the prepared history) and
    ``targets.split_base`` (the rule named by R53)."""
    rule = os.environ.get("R53", "")
    if not rule:
        return
    if rule not in ("share", "lumps"):
        raise SystemExit(f"unknown R53 rule {rule!r}")
    from routekpi.core import baselines, targets

    prepare = baselines.prepare_history

    def stashed(history, settings):  # type: ignore[no-untyped-def]
        prepared = prepare(history, settings)
        _STASH["history"] = prepared.history
        _STASH.pop("memo", None)
        return prepared

    baselines.prepare_history = stashed  # type: ignore[assignment]
    from routekpi.core import engine

    engine.prepare_history = stashed  # type: ignore[attr-defined]
    split_of = targets.split_base

    def split(ev):  # type: ignore[no-untyped-def]
        base = split_of(ev)
        history = _STASH.get("history")
        if history is None:
            return base
        memo = _STASH.get("memo")
        if memo is None or memo[0] is not ev:
            memo = (ev, smoothed_delta(ev, history, rule))
            _STASH["memo"] = memo
        delta = memo[1].reindex(base.index).fillna(0.0)
        changed = delta != 0
        if not changed.any():
            return base
        new = base + delta
        new[new < 0] = 0.0
        kept = float(base[changed].sum())
        moved = float(new[changed].sum())
        if moved <= 0:
            return base
        new[changed] *= kept / moved
        return new

    targets.split_base = split  # type: ignore[assignment]


if __name__ == "__main__":
    apply()
    if sys.argv[1:2] == ["cli"]:
        # ``variant.py cli ARGS``: routekpi's CLI with the variant (recalc, backtest ...).
        from routekpi.cli import main

        sys.argv = ["routekpi", *sys.argv[2:]]
        sys.exit(main())
    script = Path(__file__).resolve().parents[1] / "backtest.py"
    sys.argv = [str(script), *sys.argv[1:]]
    runpy.run_path(str(script), run_name="__main__")
