# ruff: noqa: E501
"""Per trial world: pooled reduction vs uniform and rep revenue MdAPE, engine vs each variant.

    R51_OUT=/work/wt/_realism53a PYTHONPATH=$PWD python scripts/realism53a/compare.py base r53share [r53lumps]

Every seed (realism51's own + 100 + 200); a world's plans and seeds pooled with ``combine``;
"all worlds": every plan of every world pooled, and the mean of the worlds' reductions.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realism51"))

import trial_worlds as tw  # noqa: E402


def main() -> None:
    from routekpi.core.backtest import combine, verdict

    variants = sys.argv[1:] or ["base", "r53share"]
    keys = ["" if v == "base" else v for v in variants]
    print(
        "| world | plans | "
        + " | ".join(f"reduction {v}" for v in variants)
        + " | "
        + " | ".join(f"revenue r/u/n {v}" for v in variants)
        + " | lost "
        + " | lost ".join(variants)
        + " |"
    )
    print("|---|---:|" + "---:|" * len(variants) + "---|" * (2 * len(variants)))
    pooled: dict[str, list] = {k: [] for k in keys}
    means: dict[str, list[float]] = {k: [] for k in keys}
    for w in tw.WORLDS:
        # Only the seeds every variant has run (a like-for-like pool).
        seeds = [
            s for s in tw.seeds_of(w, True) if all(tw.pickle_path(w, s, k).exists() for k in keys)
        ]
        loaded = {k: tw.load_results(w, seeds, k)[0] for k in keys}
        if not all(loaded.values()):
            print(
                f"| {w} | missing: {[v for v, k in zip(variants, keys, strict=True) if not loaded[k]]} |"
            )
            continue
        red, rev, lost = [], [], []
        for k in keys:
            s = combine(loaded[k])
            red.append(verdict(s)["pooled_reduction"] * 100)
            means[k].append(red[-1])
            pooled[k].extend(loaded[k])
            r = s.set_index("kpi").loc["revenue"]
            rev.append(
                f"{r['mdape_routekpi'] * 100:.2f} / {r['mdape_uniform'] * 100:.2f} / {r['mdape_no_change'] * 100:.2f}"
            )
            lost.append("; ".join(tw.losses(s)) or "none")
        n = len(loaded[keys[0]])
        print(
            f"| {w} | {n} | "
            + " | ".join(f"{x:.1f}" for x in red)
            + " | "
            + " | ".join(rev)
            + " | "
            + " | ".join(lost)
            + " |"
        )
    cells = []
    for k in keys:
        s = combine(pooled[k])
        cells.append(
            f"{verdict(s)['pooled_reduction'] * 100:.1f} (mean {sum(means[k]) / max(len(means[k]), 1):.2f})"
        )
    print(f"| all worlds | {len(pooled[keys[0]])} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
