"""What shrinking routekpi's differences between reps toward uniform could give at most.

    python scripts/realism50/offline.py BEFORE.pkl [--pooled]

On a plain harness pickle, each plan's pooled rows (revenue + levers) re-scored with
routekpi's per-KPI differences between reps (x = log(routekpi ÷ uniform), less its mean over
the reps) kept λ of the way: routekpi' = uniform × exp(mean x + λ (x − mean x)). Each KPI on
its own (the levers need not multiply to the revenue here: an upper bound, not a rule). λ
fixed (0, 0.5, 0.75, 1) or the oracle: each plan's own slope per family (variant.py's λ
read on the very year scored, clipped to [0, 1]) — what self-calibration could reach if
last year's slope were this year's.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

sys.path.insert(0, ".")
from routekpi.core.backtest import summarize_errors, verdict

FAM = {
    "revenue": "revenue",
    "active_accounts": "active_accounts",
    "visits_per_account": "frequency",
    "orders_per_visit": "frequency",
    "orders_per_account": "frequency",
    "unit_price": "unit_price",
}


def shrunk(rows: pd.DataFrame, lam) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    out = rows.copy()
    sel = (out["status"] == "ok") & (out["rep"] != "ALL") & out["in_pool"].astype(bool)
    sel &= (out["routekpi"] > 0) & (out["uniform"] > 0)
    for (_run, kpi), g in out[sel].groupby(["run", "kpi"]):
        x = np.log(g["routekpi"] / g["uniform"])
        if float(x.std()) < 0.002:
            continue
        lv = lam(g, kpi) if callable(lam) else lam
        new = g["uniform"] * np.exp(x.mean() + lv * (x - x.mean()))
        out.loc[g.index, "routekpi"] = new
        out.loc[g.index, "ape_routekpi"] = (new - g["realised"]).abs() / g["realised"].abs()
    return out


def oracle(rows: pd.DataFrame):  # type: ignore[no-untyped-def]
    ok = rows[(rows["status"] == "ok") & (rows["rep"] != "ALL") & rows["in_pool"].astype(bool)]
    ok = ok[(ok["routekpi"] > 0) & (ok["uniform"] > 0) & (ok["realised"] > 0)]
    lam: dict[tuple[int, str], float] = {}
    for run, part in ok.groupby("run"):
        fams: dict[str, list] = {}
        for kpi, g in part.groupby("kpi"):
            x = np.log(g["routekpi"] / g["uniform"])
            y = np.log(g["realised"] / g["uniform"])
            if float(x.std()) < 0.002 or len(g) < 3:
                continue
            fams.setdefault(FAM.get(str(kpi), str(kpi)), []).append((x - x.mean(), y - y.mean()))
        for fam, parts in fams.items():
            x = np.concatenate([p[0] for p in parts])
            y = np.concatenate([p[1] for p in parts])
            den = float((x * x).sum())
            lam[(int(run), fam)] = float(np.clip((x * y).sum() / den, 0, 1)) if den else 1.0

    def pick(g: pd.DataFrame, kpi: str) -> float:
        return lam.get((int(g["run"].iloc[0]), FAM.get(kpi, kpi)), 1.0)

    return pick


def red(rows: pd.DataFrame) -> str:
    v = verdict(summarize_errors(rows.drop(columns=["set", "run"])))
    lost = len(v["worse_than_uniform"]) + len(v["worse_than_no_change"])
    return f"{v['pooled_reduction'] * 100:.1f} ({lost})"


def main() -> None:
    rows = pd.read_pickle(sys.argv[1])
    lams = [1.0, 0.75, 0.5, 0.0]
    print("| set | " + " | ".join(f"λ = {x:g}" for x in lams) + " | oracle λ per plan |")
    print("|---|" + "---:|" * (len(lams) + 1))
    for name in rows["set"].unique():
        part = rows[rows["set"] == name]
        cells = [red(shrunk(part, lam)) for lam in lams]
        cells.append(red(shrunk(part, oracle(part))))
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__" and len(sys.argv) == 2:
    main()


def pooled_lambda(rows: pd.DataFrame):  # type: ignore[no-untyped-def]
    """λ per family: the slope over every plan of the set together (as if the book had many
    years to check itself on), clipped to [0, 1]: the long-run end of self-calibration."""
    ok = rows[(rows["status"] == "ok") & (rows["rep"] != "ALL") & rows["in_pool"].astype(bool)]
    ok = ok[(ok["routekpi"] > 0) & (ok["uniform"] > 0) & (ok["realised"] > 0)]
    fams: dict[str, list] = {}
    for (_run, kpi), g in ok.groupby(["run", "kpi"]):
        x = np.log(g["routekpi"] / g["uniform"])
        y = np.log(g["realised"] / g["uniform"])
        if float(x.std()) < 0.002 or len(g) < 3:
            continue
        fams.setdefault(FAM.get(str(kpi), str(kpi)), []).append((x - x.mean(), y - y.mean()))
    lam = {}
    for fam, parts in fams.items():
        x = np.concatenate([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        lam[fam] = float(np.clip((x * y).sum() / (x * x).sum(), 0, 1))

    def pick(g: pd.DataFrame, kpi: str) -> float:
        return lam.get(FAM.get(kpi, kpi), 1.0)

    pick.lam = lam  # type: ignore[attr-defined]
    return pick


def main_pooled() -> None:
    rows = pd.read_pickle(sys.argv[1])
    print("| set | λ per family (whole set) | before | shrunk |")
    print("|---|---|---:|---:|")
    for name in rows["set"].unique():
        part = rows[rows["set"] == name]
        pick = pooled_lambda(part)
        lams = " ".join(f"{k} {v:.2f}" for k, v in pick.lam.items())
        print(f"| {name} | {lams} | {red(part)} | {red(shrunk(part, pick))} |")


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[2] == "--pooled":
    main_pooled()
