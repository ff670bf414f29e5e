"""wave44: probe the trial-44 book's FY2025 backtest evidence (shock year, churn, record, cap).

Run under faketime '2027-01-15 08:40'. Caches the loaded history in /tmp/w44/hist.pkl."""

from __future__ import annotations

import pickle
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

from routekpi.backtest_job import load
from routekpi.core.backtest import cut_history
from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.measure import TEAM
from routekpi.core.meetings import with_customer_meetings

BOOK = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/wt/_trial44/book.xlsm")
CACHE = Path("/tmp/w44/hist.pkl")
if CACHE.exists():
    history, settings = pickle.loads(CACHE.read_bytes())
else:
    history, settings, _, _ = load(BOOK)
    CACHE.write_bytes(pickle.dumps((history, settings)))
as_of = date(2024, 12, 30)
cut = cut_history(with_customer_meetings(history), date(2024, 12, 31), date(2025, 4, 1))
st = replace(settings, plan_year=2025, as_of=as_of, kgi=2_887_953_635.0, overrides=())
ev = build_evidence(cut, st)
lev = ev.lever_evidence
ch = lev.changes.xs(TEAM, level="rep")[["revenue", "active_accounts"]].dropna()
print("team yoy (revenue, active):\n", np.exp(ch).round(4))
print("team_high", lev.team_high.get("revenue"), "cap", lev.revenue_cap)
print("flows churn", ev.flows.churn.round(3).to_dict())
print("shock", getattr(ev, "churn_shock", None))
plan, _ = plan_for(ev, 2_887_953_635.0)
print(
    "baseline",
    plan.baseline_revenue,
    "record",
    plan.record_kgi,
    "max",
    plan.max_reachable_kgi,
    "feasible",
    plan.feasible,
)
for n in plan.notes:
    print(" note", n.key, n.params)
from routekpi.core.calendar import fiscal_year_of  # noqa: E402

f = ev.facts.xs(TEAM, level="rep")
f = f.assign(fy=[fiscal_year_of(m.start_time.date(), 4) for m in f.index])
g = f.groupby("fy").agg(
    lost=("cancellations", "sum"),
    held=("accounts_start", "sum"),
    n=("cancellations", "count"),
    new=("new_accounts", "sum"),
)
g["rate"] = g.lost / (g.held / 12)
print(g)
from routekpi.core.shock import churn_shock  # noqa: E402

hm = sorted(m for m in set(ev.facts.index.get_level_values("month")) if m <= ev.plan_months[0] - 4)
print(hm[0], hm[-1], churn_shock(ev.facts, hm, 4))
