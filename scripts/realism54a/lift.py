# ruff: noqa: E501
"""The engine's pipeline lift against what came, from the rows (REPORT.md step 1).

PYTHONPATH=$PWD python scripts/realism54a/lift.py
"""

import pickle
from pathlib import Path

import pandas as pd

groups = {}
for d in sorted(Path("/work/wt/_realism54a").glob("trial*")):
    for f in sorted(d.glob("s*/bt_base.pkl")):
        groups.setdefault(d.name, []).extend(
            r.rows for r in pickle.loads(f.read_bytes())["results"]
        )
for fn in ("sets_base_7", "sets_base_5"):
    rows = pd.read_pickle(f"/work/wt/_realism54a/{fn}.pkl")
    for s in ("sample", "sample-long", "sample-november"):
        groups.setdefault(s, []).append(rows[rows.set == s])
print(
    "| where | KPI | rows | engine above last year (share) | realised above last year (share) | median engine ÷ last | median realised ÷ last | team engine ÷ last | team realised ÷ last |"
)
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for name, plans in groups.items():
    df = pd.concat(plans)
    for k in ("meetings", "appointment_attempts"):
        x = df[(df.kpi == k) & (df.rep != "ALL") & (df.status == "ok") & df.routekpi.notna()]
        if not len(x):
            continue
        t = df[(df.kpi == k) & (df.rep == "ALL") & df.routekpi.notna()]
        print(
            f"| {name} | {k} | {len(x)} | {(x.routekpi > x.no_change * 1.005).mean():.0%} | {(x.realised > x.no_change * 1.005).mean():.0%} | {(x.routekpi / x.no_change).median():.3f} | {(x.realised / x.no_change).median():.3f} | {(t.routekpi.sum() / t.no_change.sum()):.3f} | {(t.realised.sum() / t.no_change.sum()):.3f} |"
        )
