"""wave44: the trial-44 new hire's FY2027 ceiling (M5). Run under faketime '2027-01-15 08:30'
after probe.py has cached the history (/tmp/w44/hist.pkl)."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.meetings import with_customer_meetings
from routekpi.core.targets import building_flows, building_reach, split_reasons

history, settings = pickle.loads(Path("/tmp/w44/hist.pkl").read_bytes())
kgi = float(sys.argv[1]) if len(sys.argv) > 1 else 2_937_395_668.0
ev = build_evidence(with_customer_meetings(history), settings)
rep = "加藤 亮"
print("as_of", ev.as_of, "building", ev.building)
print("base\n", ev.base.loc[rep].to_string())
print("ceiling\n", ev.ceiling.loc[rep].to_string())
keys = ("start", "churn", "new_per_year", "win_rate")
print("flows", {k: float(getattr(ev.flows, k).get(rep, float("nan"))) for k in keys})
print("building_flows", building_flows(ev).get(rep))
print("building_reach", building_reach(ev).get(rep))
f = ev.facts.xs(rep, level="rep")
cols = ["revenue", "active_accounts", "new_accounts", "cancellations", "meetings"]
print(f[cols].tail(12).to_string())
plan, targets = plan_for(ev, kgi)
print(split_reasons(ev, plan).loc[rep].to_string())
for n in plan.notes + ev.notes:
    if rep in str(n.params):
        print(" note", n.code, n.params)
