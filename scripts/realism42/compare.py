"""Compare two harness outputs: pooled reduction, per-KPI losses, paired bootstrap.

    python scripts/realism42/compare.py BASE.pkl [VARIANT.pkl] [--boot 1000]

Per data set: the pooled reduction vs uniform (1 − routekpi's pooled MdAPE ÷ uniform's) and the
KPIs lost to uniform / no change (by more than the verdict's 0.05-point tie). With a variant:
the change in pooled MdAPE and a 90% interval from a bootstrap over rep-years (a rep's rows of
one backtest resampled together, the same draws for both variants: a paired comparison).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, ".")
from routekpi.core.backtest import summarize_errors, verdict

TIE = 0.0005


def scores(rows: pd.DataFrame) -> tuple[float, list[str], list[str], pd.DataFrame]:
    summary = combine_rows(rows)
    v = verdict(summary)
    return v["pooled_reduction"], v["worse_than_uniform"], v["worse_than_no_change"], summary


def combine_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return summarize_errors(rows.drop(columns=["set", "run"]))


def lost(uniform: list[str], no_change: list[str]) -> str:
    """The KPIs lost to each method, as one line."""
    return f"lost uni: {','.join(uniform) or '-'}  lost nc: {','.join(no_change) or '-'}"


def pooled(ok: pd.DataFrame, col: str) -> float:
    return float(ok.loc[ok["in_pool"], col].median())


def boot(
    base: pd.DataFrame, var: pd.DataFrame, n: int, kpi: str | None = None
) -> tuple[float, float, float]:
    """Paired bootstrap of (variant − base) routekpi MdAPE over rep-years (pooled or one KPI)."""
    key = ["run", "rep", "kpi"]
    b = base[base["status"] == "ok"].set_index(key)
    v = var[var["status"] == "ok"].set_index(key)
    both = b.index.intersection(v.index)
    b, v = b.loc[both].reset_index(), v.loc[both].reset_index()
    sel = b["in_pool"] if kpi is None else b["kpi"] == kpi
    b, v = b[sel.to_numpy()], v[sel.to_numpy()]
    cluster = (b["run"].astype(str) + "/" + b["rep"].astype(str)).to_numpy()
    ids, inv = np.unique(cluster, return_inverse=True)
    eb, ev = b["ape_routekpi"].to_numpy(), v["ape_routekpi"].to_numpy()
    rng = np.random.default_rng(0)
    diffs = []
    groups = [np.flatnonzero(inv == i) for i in range(len(ids))]
    for _ in range(n):
        pick = np.concatenate([groups[i] for i in rng.integers(0, len(ids), len(ids))])
        diffs.append(np.median(ev[pick]) - np.median(eb[pick]))
    d = np.median(ev) - np.median(eb)
    lo, hi = np.quantile(diffs, [0.05, 0.95])
    return d, lo, hi


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("variant", nargs="?")
    parser.add_argument("--boot", type=int, default=500)
    parser.add_argument("--kpis", action="store_true", help="per-KPI MdAPE for changed KPIs")
    args = parser.parse_args()
    base = pd.read_pickle(args.base)
    var = pd.read_pickle(args.variant) if args.variant else None
    for name in base["set"].unique():
        rb = base[base["set"] == name]
        red, wu, wn, sb = scores(rb)
        print(f"{name:18s} base {red * 100:5.1f}%  {lost(wu, wn)}")
        if var is not None:
            rv = var[var["set"] == name]
            if rv.empty:
                continue
            red2, wu2, wn2, sv = scores(rv)
            d, lo, hi = boot(rb, rv, args.boot)
            print(
                f"{'':18s} var  {red2 * 100:5.1f}%  {lost(wu2, wn2)}"
                f"   pooled Δ {d * 100:+.2f} pts [{lo * 100:+.2f}, {hi * 100:+.2f}]"
            )
            if args.kpis:
                a, c = sb.set_index("kpi"), sv.set_index("kpi")
                for k in a.index:
                    x, y = a.at[k, "mdape_routekpi"], c.at[k, "mdape_routekpi"]
                    if abs(x - y) > 1e-4:
                        uni, nc = c.at[k, "mdape_uniform"], c.at[k, "mdape_no_change"]
                        # The pooled row's interval is the line above; a KPI's own here.
                        kpi_rows = rb["kpi"].eq(k).any()
                        _, klo, khi = boot(rb, rv, args.boot, k) if kpi_rows else (0, lo, hi)
                        print(
                            f"{'':22s}{k:22s} {x * 100:6.2f} → {y * 100:6.2f}"
                            f"  [{klo * 100:+.2f}, {khi * 100:+.2f}]"
                            f"  (uni {uni * 100:.2f}, nc {nc * 100:.2f})"
                        )


if __name__ == "__main__":
    main()
