# ruff: noqa: E501
"""realism54b step 1: where the three sets below the bar lose on revenue and unit price.

    PYTHONPATH=$PWD python scripts/realism54b/step1.py ROWS.pkl

ROWS.pkl: realism42's harness rows (``harness.py OUT.pkl wholesale wholesale-x5 wholesale-2y``).
Per set and KPI (revenue, unit price): MdAPE routekpi / uniform / no change; each method's
log error split into a plan's LEVEL (the median over its reps) and each rep's SPREAD around it;
the MdAPE each method would have with the other's level (so: is the loss the level or the
spread?); and per plan, the team level errors.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

M = ("routekpi", "uniform", "no_change")


def mdape(e: pd.Series) -> float:
    return float(np.median(np.abs(np.expm1(e)))) * 100


def main(path: str) -> None:
    rows = pd.read_pickle(path)
    rows = rows[
        rows["kpi"].isin(["revenue", "unit_price", "active_accounts", "orders_per_account"])
    ]
    for name, part in rows.groupby("set", sort=False):
        print(f"\n## {name}")
        for kpi in ("revenue", "unit_price"):
            k = part[(part["kpi"] == kpi) & part["in_pool"]].copy()
            team = part[(part["kpi"] == kpi) & (part["rep"] == "ALL")].set_index("run")
            for m in M:
                k[f"e_{m}"] = np.log(k[m] / k["realised"])
                k[f"lvl_{m}"] = k.groupby("run")[f"e_{m}"].transform("median")
            print(
                f"\n{kpi}: n={len(k)}  MdAPE r/u/n = "
                + " / ".join(f"{mdape(k[f'e_{m}']):.2f}" for m in M)
            )
            # Level swapped: routekpi's spread on uniform's level and the other way round.
            r_on_u = k["e_routekpi"] - k["lvl_routekpi"] + k["lvl_uniform"]
            u_on_r = k["e_uniform"] - k["lvl_uniform"] + k["lvl_routekpi"]
            r_on_0 = k["e_routekpi"] - k["lvl_routekpi"]
            u_on_0 = k["e_uniform"] - k["lvl_uniform"]
            print(
                f"  routekpi spread on uniform level {mdape(r_on_u):.2f}; "
                f"uniform spread on routekpi level {mdape(u_on_r):.2f}; "
                f"spread only (level exact): r {mdape(r_on_0):.2f} u {mdape(u_on_0):.2f}"
            )
            # The rep move routekpi makes beyond uniform, and how much of it came true.
            move = np.log(k["routekpi"] / k["uniform"])
            real = np.log(k["realised"] / k["uniform"])
            move_d = move - move.groupby(k["run"]).transform("mean")
            real_d = real - real.groupby(k["run"]).transform("mean")
            slope = float((move_d * real_d).sum() / (move_d**2).sum())
            print(
                f"  routekpi's move beyond uniform: sd {move_d.std() * 100:.2f}% "
                f"(level sd {move.groupby(k['run']).mean().std() * 100:.2f}%), slope of "
                f"realised on it {slope:.2f}; rows routekpi nearer {int((k['ape_routekpi'] < k['ape_uniform']).sum())}"
                f" / uniform nearer {int((k['ape_routekpi'] > k['ape_uniform']).sum())}"
            )
            # Per plan: team (ALL row) error and MdAPE per method.
            out = []
            for run, g in k.groupby("run"):
                t = team.loc[run]
                out.append(
                    {
                        "run": run,
                        "year": int(g["year"].iloc[0]),
                        "n": len(g),
                        "team r": np.log(t["routekpi"] / t["realised"]) * 100,
                        "team u": np.log(t["uniform"] / t["realised"]) * 100,
                        "lvl r": g["lvl_routekpi"].iloc[0] * 100,
                        "lvl u": g["lvl_uniform"].iloc[0] * 100,
                        "Md r": mdape(g["e_routekpi"]),
                        "Md u": mdape(g["e_uniform"]),
                        "Md n": mdape(g["e_no_change"]),
                    }
                )
            print(pd.DataFrame(out).round(2).to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1])
