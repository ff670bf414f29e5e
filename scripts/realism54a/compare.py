# ruff: noqa: E501
"""Base vs a variant, exactly as core.backtest scores them: per world / set the pooled reduction
vs uniform, the KPIs lost (gap in points, u uniform / n no change), and the pipeline rows'
MdAPE (%) routekpi base → variant (uniform / no change).

    PYTHONPATH=$PWD python scripts/realism54a/compare.py worlds r54carry [--dir /work/wt/_realism54a]
    PYTHONPATH=$PWD python scripts/realism54a/compare.py sets BASE.pkl VARIANT.pkl
    PYTHONPATH=$PWD python scripts/realism54a/compare.py worlds base          # the engine alone
    PYTHONPATH=$PWD python scripts/realism54a/compare.py sets BASE.pkl -      # the engine alone
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pandas as pd

from routekpi.core.backtest import pooled_rows, summarize_errors, verdict

PIPE = ("meetings", "appointment_attempts", "meeting_win_rate", "appointment_rate")


def lost(s: pd.DataFrame) -> str:
    out = []
    for _, r in s.iterrows():
        if r["kpi"] == "pooled" or not r["n"]:
            continue
        gu = (r["mdape_routekpi"] - r["mdape_uniform"]) * 100
        gn = (r["mdape_routekpi"] - r["mdape_no_change"]) * 100
        parts = [f"u+{gu:.2f}" if gu > 0.05 else "", f"n+{gn:.2f}" if gn > 0.05 else ""]
        if any(parts):
            out.append(f"{r['kpi']} " + " ".join(p for p in parts if p))
    return "; ".join(out) or "none"


def step1(name: str, a: pd.DataFrame) -> None:
    """The engine alone: reduction, the pipeline rows r / u / n, every KPI lost."""
    sa = summarize_errors(a)
    ia = sa.set_index("kpi")
    cells = [
        f"{ia.at[k, 'mdape_routekpi'] * 100:.2f} / {ia.at[k, 'mdape_uniform'] * 100:.2f} / {ia.at[k, 'mdape_no_change'] * 100:.2f}"
        if k in ia.index and ia.at[k, "n"]
        else "–"
        for k in PIPE
    ]
    print(
        f"| {name} | {verdict(sa)['pooled_reduction'] * 100:.1f} | "
        + " | ".join(cells)
        + f" | {lost(sa)} |"
    )


def row(name: str, a: pd.DataFrame, b: pd.DataFrame) -> None:
    if b is None:
        step1(name, a)
        return
    sa, sb = summarize_errors(a), summarize_errors(b)
    ra, rb = verdict(sa)["pooled_reduction"] * 100, verdict(sb)["pooled_reduction"] * 100
    ia, ib = sa.set_index("kpi"), sb.set_index("kpi")
    cells = []
    for k in PIPE:
        if k in ia.index and ia.at[k, "n"]:
            cells.append(
                f"{ia.at[k, 'mdape_routekpi'] * 100:.2f} → {ib.at[k, 'mdape_routekpi'] * 100:.2f} "
                f"({ia.at[k, 'mdape_uniform'] * 100:.2f} / {ia.at[k, 'mdape_no_change'] * 100:.2f})"
            )
        else:
            cells.append("–")
    moved = [
        k
        for k in ia.index
        if k not in PIPE
        and k in ib.index
        and abs(ia.at[k, "mdape_routekpi"] - ib.at[k, "mdape_routekpi"]) > 1e-12
    ]
    print(
        f"| {name} | {ra:.1f} → {rb:.1f} | "
        + " | ".join(cells)
        + f" | {lost(sa)} | {lost(sb)} | {', '.join(moved) or 'none'} |"
    )


def main() -> None:
    what = sys.argv[1]
    if "base" in sys.argv[2:3] or sys.argv[3:4] == ["-"]:
        print(
            "| where | reduction | meetings r / u / n | attempts | win rate | appointment rate | KPIs lost |"
        )
        print("|---|---:|---|---|---|---|---|")
    else:
        print(
            "| where | reduction base → variant | meetings | attempts | win rate | appointment rate | lost base | lost variant | other KPIs moved |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
    if what == "worlds":
        variant = sys.argv[2]
        root = Path(sys.argv[4] if len(sys.argv) > 4 else "/work/wt/_realism54a")
        for wd in sorted(root.glob("trial*")):
            ra, rb = [], []
            for sd in sorted(wd.glob("s*")):
                pa, pb = sd / "bt_base.pkl", sd / f"bt_{variant}.pkl"
                if pa.exists() and pb.exists():
                    ra += pickle.loads(pa.read_bytes())["results"]
                    rb += pickle.loads(pb.read_bytes())["results"]
            if ra:
                row(
                    f"{wd.name} ({len(ra)})",
                    pooled_rows(ra),
                    None if variant == "base" else pooled_rows(rb),
                )
    else:
        a = pd.read_pickle(sys.argv[2])
        b = None if sys.argv[3] == "-" else pd.read_pickle(sys.argv[3])
        for name in dict.fromkeys(a["set"]):
            row(name, a[a["set"] == name], None if b is None else b[b["set"] == name])


if __name__ == "__main__":
    main()
