"""How far each part of the split's move came true: per data set, the slope of the realised
revenue against the uniform uplift's (log, less the plan's weighted mean) on each part of
routekpi's move (log, less the plan's mean), one part at a time and together.

    python scripts/realism47/slopes.py /tmp/r47/base_*.pkl
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

sys.path.insert(0, "scripts/realism47")
from offline import load


def demean(df: pd.DataFrame, col: pd.Series) -> pd.Series:
    keys = [df["seeds"], df["set"], df["run"]]
    return col - col.groupby(keys).transform("mean")


def main() -> None:
    df = load(sys.argv[1:])
    df = df[df["realised"].notna()].reset_index(drop=True)
    y = demean(df, np.log(df["realised"] / df["uniform"]))
    parts = {
        "lost": df["lost"],
        "head": df["head"] / 0.5,  # the whole heading (the split carries half)
        "book": np.log(df["start"] / df["accounts"]).replace([np.inf, -np.inf], np.nan).fillna(0),
        "rest": df["hand"] + df["end"],
    }
    parts["fcst"] = parts["head"] - parts["book"]
    x = {k: demean(df, v) for k, v in parts.items()}
    rows = []
    for (seeds, name), idx in df.groupby(["seeds", "set"]).groups.items():
        row = {"seeds": seeds, "set": name, "n": len(idx)}
        for k in ("lost", "head", "book", "fcst"):
            xi, yi = x[k].loc[idx], y.loc[idx]
            den = float((xi * xi).sum())
            row[k] = float((xi * yi).sum() / den) if den > 1e-12 else np.nan
            row[f"sd.{k}"] = float(xi.std()) * 100
        # book and forecast together
        X = np.column_stack([x["book"].loc[idx], x["fcst"].loc[idx]])
        b, *_ = np.linalg.lstsq(X, y.loc[idx].to_numpy(), rcond=None)
        row["book|2"], row["fcst|2"] = b
        row["sd.y"] = float(y.loc[idx].std()) * 100
        rows.append(row)
    pd.set_option("display.width", 250)
    print(pd.DataFrame(rows).round(2).to_string(index=False))


if __name__ == "__main__":
    main()
