# ruff: noqa: E501
"""The trial worlds, base against a variant, on the seeds both have run (pickles in R51_OUT).

    R51_OUT=/work/wt/_realism54b PYTHONPATH=$PWD python scripts/realism54b/worlds_cmp.py r54acct

Per world: plans, pooled reduction vs uniform base → variant, revenue and unit-price MdAPE
(routekpi base → variant; uniform), and the KPIs lost that are new or gone.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realism51"))

import trial_worlds as tw  # noqa: E402

from routekpi.core.backtest import combine, verdict  # noqa: E402


def main(variant: str) -> None:
    print(
        "| world | seeds | plans | reduction base → variant | revenue r base → var (u) | unit price r base → var (u) | newly lost | no longer lost |"
    )
    print("|---|---|---:|---|---|---|---|---|")
    for w in tw.WORLDS:
        seeds = [
            s
            for s in tw.seeds_of(w, True)
            if tw.pickle_path(w, s, "").exists() and tw.pickle_path(w, s, variant).exists()
        ]
        if not seeds:
            continue
        b, _ = tw.load_results(w, seeds, "")
        v, _ = tw.load_results(w, seeds, variant)
        sb, sv = combine(b), combine(v)
        rb, rv = verdict(sb)["pooled_reduction"] * 100, verdict(sv)["pooled_reduction"] * 100
        kb, kv = sb.set_index("kpi"), sv.set_index("kpi")
        cells = []
        for kpi in ("revenue", "unit_price"):
            cells.append(
                f"{kb.at[kpi, 'mdape_routekpi'] * 100:.2f} → {kv.at[kpi, 'mdape_routekpi'] * 100:.2f} ({kb.at[kpi, 'mdape_uniform'] * 100:.2f})"
                if kpi in kb.index
                else "–"
            )
        lb = {x.split(" ")[0] + " " + x.split(" ")[1][0] for x in tw.losses(sb)}
        lv = {x.split(" ")[0] + " " + x.split(" ")[1][0] for x in tw.losses(sv)}
        print(
            f"| {w} | {' '.join(str(s) for s in seeds)} | {len(b)} | {rb:.1f} → {rv:.1f} | {cells[0]} | {cells[1]} | "
            f"{', '.join(sorted(lv - lb)) or 'none'} | {', '.join(sorted(lb - lv)) or 'none'} |"
        )


if __name__ == "__main__":
    main(sys.argv[1])
