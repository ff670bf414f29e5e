"""Rep revenue, routekpi against the uniform uplift, per data set and seed set: MdAPE and mean
|log error| of each, and a 90% paired-bootstrap interval of routekpi − uniform over rep-years.

    python scripts/realism47/paired.py /tmp/r47/base_*.pkl [--variant NAME]

``--variant`` scores offline.py's variant of that name in routekpi's place.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, "scripts/realism47")
import offline


def interval(a: np.ndarray, b: np.ndarray, stat, n: int = 2000) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(a), (n, len(a)))
    diffs = np.array([stat(a[i]) - stat(b[i]) for i in idx])
    lo, hi = np.quantile(diffs, [0.05, 0.95])
    return stat(a) - stat(b), lo, hi


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--variant")
    args = parser.parse_args()
    df = offline.load(args.paths)
    df = df[df["realised"].notna()].reset_index(drop=True)
    ours = df["routekpi"]
    if args.variant:
        dev = offline.variants(df)[args.variant]
        w = df["booked"] * np.exp(dev)
        keys = [df["seeds"], df["set"], df["run"]]
        ours = (
            df["routekpi"]
            * (w / w.groupby(keys).transform("sum"))
            / (df["weight"] / df["weight"].groupby(keys).transform("sum"))
        )
    ape_r = ((ours - df["realised"]).abs() / df["realised"]).to_numpy()
    ape_u = ((df["uniform"] - df["realised"]).abs() / df["realised"]).to_numpy()
    le_r = np.abs(np.log(ours / df["realised"])).to_numpy()
    le_u = np.abs(np.log(df["uniform"] / df["realised"])).to_numpy()
    rows = []
    for (seeds, name), idx in df.groupby(["seeds", "set"]).groups.items():
        i = np.asarray(idx)
        d, lo, hi = interval(ape_r[i], ape_u[i], np.median)
        m, mlo, mhi = interval(le_r[i], le_u[i], np.mean)
        rows.append(
            {
                "seeds": "7 11 23" if seeds == "d" else "5 13 31",
                "set": name,
                "n": len(i),
                "MdAPE rk": np.median(ape_r[i]) * 100,
                "MdAPE uni": np.median(ape_u[i]) * 100,
                "Δ [90%]": f"{d * 100:+.2f} [{lo * 100:+.2f}, {hi * 100:+.2f}]",
                "mean|log| rk": np.mean(le_r[i]) * 100,
                "mean|log| uni": np.mean(le_u[i]) * 100,
                "Δmean [90%]": f"{m * 100:+.2f} [{mlo * 100:+.2f}, {mhi * 100:+.2f}]",
                "rk nearer": f"{np.mean(ape_r[i] < ape_u[i]) * 100:.0f}%",
            }
        )
    print(markdown(pd.DataFrame(rows)))


def markdown(table: pd.DataFrame) -> str:
    """A plain markdown table (no tabulate on this machine)."""

    def cell(v: object) -> str:
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
