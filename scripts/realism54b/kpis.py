# ruff: noqa: E501
"""Per set: pooled reduction, revenue and unit-price MdAPE (routekpi per variant; uniform, no
change) and the KPIs lost, from harness pickles.

    PYTHONPATH=$PWD python scripts/realism54b/kpis.py BASE.pkl VARIANT.pkl [...]
"""

from __future__ import annotations

import sys

import pandas as pd

from routekpi.core.backtest import summarize_errors, verdict


def main(paths: list[str]) -> None:
    frames = [pd.read_pickle(p) for p in paths]
    print("| set | reduction | revenue r / u / n | unit price r / u / n | KPIs lost |")
    print("|---|---|---|---|---|")
    for name in dict.fromkeys(frames[0]["set"]):
        cells = [[], [], [], []]
        for i, f in enumerate(frames):
            part = f[f["set"] == name]
            if not len(part):
                for c in cells:
                    c.append("–")
                continue
            s = summarize_errors(part).set_index("kpi")
            v = verdict(summarize_errors(part))
            cells[0].append(f"{v['pooled_reduction'] * 100:.1f}")
            for j, kpi in ((1, "revenue"), (2, "unit_price")):
                r = f"{s.at[kpi, 'mdape_routekpi'] * 100:.2f}"
                if i == 0:
                    r += f" / {s.at[kpi, 'mdape_uniform'] * 100:.2f} / {s.at[kpi, 'mdape_no_change'] * 100:.2f}"
                cells[j].append(r)
            lost = [f"{k} u" for k in v["worse_than_uniform"]]
            lost += [f"{k} n" for k in v["worse_than_no_change"]]
            cells[3].append(", ".join(lost) or "none")
        print(f"| {name} | " + " | ".join(" → ".join(c) for c in cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
