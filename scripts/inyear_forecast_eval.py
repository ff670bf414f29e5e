"""The Attainment's year-end revenue forecast against the real year, with and without taking
the lost accounts' rest off (core.engine.without_lost_rest; trial 31 M2).

Each history is cut at a date inside a plan year (orders, visits and accounts after it
dropped, an end date after it unknown), recalculated, and its FY revenue forecast (team and
reps) compared with the year's real revenue from the full history. ``old``: the forecast
with the lost accounts' rest kept (the behaviour before). Run:
``PYTHONPATH=$PWD python scripts/inyear_forecast_eval.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

import routekpi.core.engine as eng
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.sample import generate_sample

NEW = eng.without_lost_rest


def _wholesale() -> object:
    path = Path(__file__).with_name("wholesale_sim.py")
    spec = importlib.util.spec_from_file_location("wholesale_sim", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["wholesale_sim"] = module
    spec.loader.exec_module(module)
    return module


def cut(h: History, as_of: date) -> History:
    ts = pd.Timestamp(as_of)
    o = h.orders[h.orders["date"] <= ts].reset_index(drop=True)
    if h.accounts is None or not len(h.accounts):
        return History(orders=o, holidays=h.holidays)
    v = h.visits[h.visits["date"] <= ts].reset_index(drop=True)
    a = h.accounts[h.accounts["start"] <= ts].copy()
    a.loc[a["end"] > ts, "end"] = pd.NaT
    return History(o, v, a, h.holidays)


def one(name: str, h: History, year: int, as_of: date) -> None:
    o = h.orders
    fy = o[(o["date"] >= pd.Timestamp(year, 4, 1)) & (o["date"] < pd.Timestamp(year + 1, 4, 1))]
    per, team = fy.groupby("rep")["amount"].sum(), float(fy["amount"].sum())
    said = []
    lost = 0
    for variant in ("old", "new"):
        eng.without_lost_rest = NEW if variant == "new" else (lambda a, _e, _l: a)
        r = eng.run(cut(h, as_of), PlanSettings(kgi=1.0e8, plan_year=year, as_of=as_of))
        a = r.attainment
        f = a[(a["period"] == f"FY{year}") & (a["kpi"] == "revenue")].set_index("rep")["forecast"]
        lost = len(r.lost_accounts)
        reps = [x for x in f.index if x != TEAM and x in per.index and per[x] > 0]
        mae = float(np.mean([abs(f[x] / per[x] - 1) for x in reps]))
        said.append(f"team {variant} {f[TEAM] / team - 1:+.2%} rep MAE {mae:.2%}")
    eng.without_lost_rest = NEW
    print(f"{name} FY{year} as of {as_of} lost={lost}: " + " | ".join(said), flush=True)


def main() -> None:
    for seed in range(1, 9):
        s = generate_sample(seed)
        h = History(s.orders, s.visits, s.accounts, s.holidays)
        for y in (2024, 2025):
            for d in (date(y, 9, 30), date(y, 11, 30), date(y, 12, 31)):
                one(f"sample {seed}", h, y, d)
    simulate = _wholesale().simulate  # type: ignore[attr-defined]
    for seed in (1, 2, 3):
        for retailers in (40.0, 200.0):
            h = History(orders=simulate(seed, retailers=retailers))
            for y in (2023, 2024):
                one(f"wholesale {seed} ({retailers:g})", h, y, date(y, 11, 30))


if __name__ == "__main__":
    main()
