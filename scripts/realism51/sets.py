"""The 14 data sets under each variant: pooled reduction vs uniform and the KPIs lost.

    PYTHONPATH=$PWD python scripts/realism51/sets.py DIR

DIR holds ``<variant>_<seeds>.pkl`` files written by ``variant.py harness`` (realism42's
harness: every scored row with its ``set``); each set is scored with ``summarize_errors`` and
``verdict`` as scripts/backtest.py does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from routekpi.core.backtest import summarize_errors, verdict


def score(rows: pd.DataFrame) -> str:
    """``reduction (lost)``: pooled reduction vs uniform in %, KPIs lost to either."""
    v = verdict(summarize_errors(rows))
    lost = len(set(v["worse_than_uniform"])) + len(set(v["worse_than_no_change"]))
    return f"{v['pooled_reduction'] * 100:.1f} ({lost})"


def main(folder: Path) -> None:
    files = sorted(folder.glob("*.pkl"))
    frames = {f.stem: pd.read_pickle(f) for f in files}
    groups: dict[str, list[str]] = {}
    for stem in frames:
        variant, _, seeds = stem.partition("_")
        groups.setdefault(seeds, []).append(variant)
    for seeds, variants in groups.items():
        variants = sorted(variants, key=lambda v: (v != "base", v))
        print(f"\nseeds {seeds.replace('-', ' ')}: pooled reduction vs uniform (KPIs lost)")
        print("| set | " + " | ".join(variants) + " |")
        print("|---|" + "---:|" * len(variants))
        sets = list(dict.fromkeys(frames[f"{variants[0]}_{seeds}"]["set"]))
        for name in sets:
            cells = []
            for v in variants:
                rows = frames[f"{v}_{seeds}"]
                part = rows[rows["set"] == name]
                cells.append(score(part) if len(part) else "–")
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
