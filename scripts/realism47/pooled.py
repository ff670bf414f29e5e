"""Pooled reduction vs uniform per data set and seed set, base against a variant, with the
paired bootstrap of scripts/realism42/compare.py (a rep's rows of one backtest resampled
together) and the per-KPI losses; revenue's MdAPE beside.

    python scripts/realism47/pooled.py /tmp/r47 base R47_buhl_R47_LEVERS_1
"""

from __future__ import annotations

import glob
import sys

import pandas as pd

sys.path.insert(0, "scripts/realism42")
import compare


def rows(out: str, tag: str) -> pd.DataFrame:
    frames = []
    for path in sorted(glob.glob(f"{out}/{tag}_[dh]_*.pkl")):
        seeds = "7 11 23" if f"{tag}_d_" in path else "5 13 31"
        r = pd.read_pickle(path)["rows"]
        frames.append(r.assign(set=r["set"] + " / " + seeds))
    return pd.concat(frames, ignore_index=True)


def revenue(r: pd.DataFrame) -> float:
    ok = r[(r["kpi"] == "revenue") & (r["status"] == "ok") & (r["rep"] != "ALL")]
    return float(ok["ape_routekpi"].median()) * 100


def main() -> None:
    out, base_tag, var_tag = sys.argv[1:4]
    base, var = rows(out, base_tag), rows(out, var_tag)
    head = (
        "| set / seeds | base | variant | Δ pooled MdAPE [90%] | revenue MdAPE | lost (variant) |"
    )
    print(head)
    print("|---|---:|---:|---|---|---|")
    for name in base["set"].unique():
        rb, rv = base[base["set"] == name], var[var["set"] == name]
        if rv.empty:
            continue
        red, wu, wn, _ = compare.scores(rb)
        red2, wu2, wn2, _ = compare.scores(rv)
        d, lo, hi = compare.boot(rb, rv, 500)
        new = sorted(set(wu2) - set(wu)), sorted(set(wn2) - set(wn))
        gone = sorted(set(wu) - set(wu2)), sorted(set(wn) - set(wn2))
        said = compare.lost(wu2, wn2)
        if any(new):
            said += f"; NEW uni {','.join(new[0]) or '-'} nc {','.join(new[1]) or '-'}"
        if any(gone):
            said += f"; gone uni {','.join(gone[0]) or '-'} nc {','.join(gone[1]) or '-'}"
        print(
            f"| {name} | {red * 100:.1f} | {red2 * 100:.1f} | {d * 100:+.2f} [{lo * 100:+.2f}, "
            f"{hi * 100:+.2f}] | {revenue(rb):.2f} → {revenue(rv):.2f} | {said} |"
        )


if __name__ == "__main__":
    main()
