"""R53=meet0 computed from the engine's own backtest rows (no rerun): meetings and
appointment attempts planned at last year's (the "no change" column), the extra wins the
goal asks then come from a better win rate: meeting win rate = new accounts planned ÷ last
year's meetings. Prints per world the MdAPE (%) of meetings, attempts and the win rate:
engine / meet0 / uniform / no change (reps' rows scored as in core.backtest: status ok).

    R51_OUT=/work/wt/_realism53b PYTHONPATH=$PWD python scripts/realism53b/meet0.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "realism51"))
import trial_worlds as tw

KPIS = ("meetings", "appointment_attempts", "meeting_win_rate")


def main() -> None:
    print("| world | KPI | n | engine | meet0 | uniform | no change |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for w in tw.WORLDS:
        res, _ = tw.load_results(w, tw.seeds_of(w, True), "")
        per = {k: {"e": [], "m": [], "u": [], "n": []} for k in KPIS}
        for r in res:
            rows = r.rows[(r.rows.rep != "ALL")]
            rows = rows.set_index(["rep", "kpi"])
            for k in KPIS:
                if k not in rows.index.get_level_values("kpi"):
                    continue
                sub = rows.xs(k, level="kpi")
                sub = sub[sub.status == "ok"]
                for rep, x in sub.iterrows():
                    real = float(x.realised)
                    if k == "meeting_win_rate":
                        try:
                            new = float(rows.loc[(rep, "new_accounts"), "routekpi"])
                            last = float(rows.loc[(rep, "meetings"), "no_change"])
                        except KeyError:
                            continue
                        mine = new / last if last > 0 else np.nan
                    else:
                        mine = float(x.no_change)
                    if not np.isfinite(mine):
                        continue
                    per[k]["e"].append(float(x.ape_routekpi))
                    per[k]["m"].append(abs(mine - real) / abs(real))
                    per[k]["u"].append(float(x.ape_uniform))
                    per[k]["n"].append(float(x.ape_no_change))
        for k in KPIS:
            if per[k]["e"]:
                md = {c: np.median(v) * 100 for c, v in per[k].items()}
                print(
                    f"| {w} | {k} | {len(per[k]['e'])} | {md['e']:.2f} | {md['m']:.2f} | "
                    f"{md['u']:.2f} | {md['n']:.2f} |"
                )


if __name__ == "__main__":
    main()
