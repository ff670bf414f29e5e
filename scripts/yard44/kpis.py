"""Per data set × KPI: each method's MdAPE (%), from harness pickles (scripts/realism42).

    python scripts/yard44/kpis.py RUN.pkl [RUN2.pkl …] [--by-year] [--kpis revenue unit_price]

The same rows the backtest pools (status ok, reps only). ``--by-year``: one line per plan
year too, to see which plan moment a loss comes from.
"""

from __future__ import annotations

import argparse

import pandas as pd

METHODS = ("routekpi", "uniform", "no_change")


def table(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """MdAPE (%) per ``keys`` group and method, and the rows counted."""
    g = rows.groupby(keys, sort=False)
    out = pd.DataFrame({m: g[f"ape_{m}"].median() * 100 for m in METHODS})
    out["n"] = g.size()
    return out.round(2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--by-year", action="store_true")
    parser.add_argument("--kpis", nargs="*")
    args = parser.parse_args()
    data = pd.concat([pd.read_pickle(p) for p in args.runs], ignore_index=True)
    data = data[(data["status"] == "ok") & (data["rep"] != "ALL")]
    if args.kpis:
        data = data[data["kpi"].isin(args.kpis)]
    keys = ["set", "kpi", "year"] if args.by_year else ["set", "kpi"]
    shown = ("display.max_rows", 500, "display.width", 200, "display.max_columns", 10)
    with pd.option_context(*shown):
        print(table(data, keys))


if __name__ == "__main__":
    main()
