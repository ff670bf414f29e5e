"""Per-KPI losses of one harness output, each with a paired bootstrap interval.

    python scripts/realism42/losses.py RUN.pkl [--boot 1000]

For every KPI where routekpi's MdAPE is above uniform's or no change's by more than the
verdict's tie (0.05 points): the gap and its 90% interval from a bootstrap over rep-years
(the KPI's rows of one rep in one backtest resampled together, both methods on the same draw).
An interval that holds 0 is a gap the data cannot tell from chance.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

TIE = 0.0005


def gap(rows: pd.DataFrame, other: str, n: int) -> tuple[float, float, float]:
    cluster = (rows["run"].astype(str) + "/" + rows["rep"].astype(str)).to_numpy()
    ids, inv = np.unique(cluster, return_inverse=True)
    groups = [np.flatnonzero(inv == i) for i in range(len(ids))]
    a, b = rows["ape_routekpi"].to_numpy(), rows[f"ape_{other}"].to_numpy()
    rng = np.random.default_rng(0)
    draws = []
    for _ in range(n):
        pick = np.concatenate([groups[i] for i in rng.integers(0, len(ids), len(ids))])
        draws.append(np.median(a[pick]) - np.median(b[pick]))
    lo, hi = np.quantile(draws, [0.05, 0.95])
    return float(np.median(a) - np.median(b)), float(lo), float(hi)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run")
    parser.add_argument("--boot", type=int, default=1000)
    args = parser.parse_args()
    data = pd.read_pickle(args.run)
    data = data[(data["status"] == "ok") & (data["rep"] != "ALL")]
    for name in data["set"].unique():
        rows = data[data["set"] == name]
        for kpi, k in rows.groupby("kpi", sort=False):
            for other in ("uniform", "no_change"):
                d, lo, hi = gap(k, other, args.boot)
                if d > TIE:
                    print(
                        f"{name:18s} {kpi:22s} vs {other:9s} {d * 100:+.2f} pts "
                        f"[{lo * 100:+.2f}, {hi * 100:+.2f}]" + ("  REAL" if lo > 0 else "")
                    )


if __name__ == "__main__":
    main()
