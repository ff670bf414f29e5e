"""Does a book's "how far routekpi's differences between reps came true" persist a year?

    python scripts/realism50/persist.py BEFORE.pkl

Per data set and plan (harness pickle, plain engine), per KPI family: the slope of
log(realised ÷ uniform) on log(routekpi ÷ uniform) over the reps, each less its mean over the
reps (variant.py's λ before clipping), and its standard error. Pairs consecutive plan years of
the same seed (run n − 1, year − 1): the mean slope, the mean standard error, and the
correlation of year N − 1's slope with year N's (what self-calibration needs to be > 0).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

FAMILIES = {
    "revenue": ("revenue",),
    "active_accounts": ("active_accounts",),
    "frequency": ("visits_per_account", "orders_per_visit", "orders_per_account"),
    "unit_price": ("unit_price",),
    "pooled": ("revenue", "active_accounts", "visits_per_account", "orders_per_visit",
               "orders_per_account", "unit_price"),
}  # fmt: skip


def slopes(rows: pd.DataFrame) -> dict[str, tuple[float, float]]:
    ok = rows[(rows["status"] == "ok") & (rows["rep"] != "ALL") & rows["in_pool"].astype(bool)]
    ok = ok[(ok["routekpi"] > 0) & (ok["uniform"] > 0) & (ok["realised"] > 0)]
    out = {}
    for fam, keys in FAMILIES.items():
        xs, ys = [], []
        for _, g in ok[ok["kpi"].isin(keys)].groupby("kpi"):
            if len(g) < 3:
                continue
            x = np.log(g["routekpi"].to_numpy(float) / g["uniform"].to_numpy(float))
            y = np.log(g["realised"].to_numpy(float) / g["uniform"].to_numpy(float))
            if float(np.std(x)) < 0.002:
                continue  # no planned difference between reps (a ratio carried at 0)
            xs.append(x - x.mean())
            ys.append(y - y.mean())
        if not xs:
            continue
        x, y = np.concatenate(xs), np.concatenate(ys)
        den = float((x * x).sum())
        if den <= 0 or len(x) < 3:
            continue
        b = float((x * y).sum() / den)
        se = float(np.sqrt(((y - b * x) ** 2).sum() / (len(x) - 2) / den))
        out[fam] = (b, se)
    return out


def main() -> None:
    rows = pd.read_pickle(sys.argv[1])
    print("| set | family | plans | mean slope | mean se | pairs | corr(N−1, N) | mean |Δ| |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in rows["set"].unique():
        part = rows[rows["set"] == name]
        per = {}
        years = {}
        for run, g in part.groupby("run"):
            per[run] = slopes(g)
            years[run] = int(g["year"].iloc[0])
        for fam in FAMILIES:
            vals = [per[r][fam] for r in per if fam in per[r]]
            if not vals:
                continue
            pairs = [
                (per[r - 1][fam][0], per[r][fam][0])
                for r in per
                if r - 1 in per
                and years[r - 1] == years[r] - 1
                and fam in per[r]
                and fam in per[r - 1]
            ]
            corr = np.corrcoef(np.array(pairs).T)[0, 1] if len(pairs) > 2 else np.nan
            dif = np.mean([abs(a - b) for a, b in pairs]) if pairs else np.nan
            print(
                f"| {name} | {fam} | {len(vals)} | {np.mean([v[0] for v in vals]):.2f} "
                f"| {np.mean([v[1] for v in vals]):.2f} | {len(pairs)} | {corr:.2f} | {dif:.2f} |"
            )


if __name__ == "__main__":
    main()
