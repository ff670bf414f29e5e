# ruff: noqa: B023
"""Exploratory (from the engine's rows, worlds only): each rep's meetings and attempts planned at
the mean of last year's and the year before's counts (the year before read off the previous
whole-year plan's "no change" column of the same seed), the win rate max(usual, planned new ÷
those meetings). Prints MdAPE % per world: engine / carry / avg2 / uniform / no change.

    PYTHONPATH=$PWD python scripts/realism54a/avg2.py [--dir /work/wt/_realism54a]
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np

KPIS = ("meetings", "appointment_attempts", "meeting_win_rate")


def main(root: Path) -> None:
    print("| world | KPI | n | engine | carry | avg2 | uniform | no change |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for wd in sorted(root.glob("trial*")):
        ape: dict[str, dict[str, list[float]]] = {k: {} for k in KPIS}
        for f in sorted(wd.glob("s*/bt_base.pkl")):
            res = sorted(pickle.loads(f.read_bytes())["results"], key=lambda r: r.year)
            prev = None
            for r in res:
                rows = r.rows
                t = rows.set_index(["rep", "kpi"])
                before = None
                if (
                    prev is not None
                    and prev.year == r.year - 1
                    and not prev.partial
                    and not r.partial
                ):
                    before = prev.rows.set_index(["rep", "kpi"])["no_change"]
                prev = r
                for k in KPIS:
                    sub = rows[(rows.kpi == k) & (rows.rep != "ALL") & (rows.status == "ok")]
                    for _, x in sub.iterrows():
                        rep, real = x.rep, float(x.realised)

                        def get(kk: str, c: str) -> float:
                            try:
                                return float(t.at[(rep, kk), c])
                            except KeyError:
                                return np.nan

                        def plan(rule: str) -> float:
                            counts = {}
                            for kk in ("meetings", "appointment_attempts"):
                                last = get(kk, "no_change")
                                b = (
                                    float(before.get((rep, kk), np.nan))
                                    if before is not None
                                    else np.nan
                                )
                                counts[kk] = (
                                    np.nanmean([last, b])
                                    if rule == "avg2" and np.isfinite(b) and b > 0
                                    else last
                                )
                            if k != "meeting_win_rate":
                                return counts[k] if np.isfinite(get(k, "routekpi")) else np.nan
                            m = counts["meetings"]
                            return (
                                max(get(k, "routekpi"), get("new_accounts", "routekpi") / m)
                                if m > 0
                                else np.nan
                            )

                        d = ape[k]
                        for name, v in (
                            ("engine", float(x.routekpi)),
                            ("carry", plan("carry")),
                            ("avg2", plan("avg2")),
                        ):
                            d.setdefault(name, []).append(
                                abs(v - real) / real if np.isfinite(v) else np.nan
                            )
                        d.setdefault("uniform", []).append(float(x.ape_uniform))
                        d.setdefault("no_change", []).append(float(x.ape_no_change))
        for k, d in ape.items():
            if d.get("engine") and np.isfinite(np.nanmedian(d["engine"])):
                md = {c: np.nanmedian(v) * 100 for c, v in d.items()}
                print(
                    f"| {wd.name} | {k} | {len(d['engine'])} | "
                    + " | ".join(
                        f"{md[c]:.2f}" for c in ("engine", "carry", "avg2", "uniform", "no_change")
                    )
                    + " |"
                )


if __name__ == "__main__":
    main(Path(sys.argv[2] if len(sys.argv) > 2 else "/work/wt/_realism54a"))
