# ruff: noqa: E501
"""realism52b: before (main, /work/wt/_realism51) vs after (this branch, /work/wt/_realism52b/after)
per world, seed, year and planning moment: pooled MdAPE routekpi / uniform / no change and the
team's active accounts; then each world's pooled reduction vs uniform (all seeds).

    PYTHONPATH=$PWD python scripts/realism52b/compare.py WORLD [--variant base --variant base@budget]
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path

BEFORE = Path("/work/wt/_realism51")
AFTER = Path("/work/wt/_realism52b/after")


def _load(root: Path, world: str, seed: str, variant: str) -> list:
    p = root / world / seed / f"bt_{variant}.pkl"
    return pickle.loads(p.read_bytes())["results"] if p.exists() else []


def main() -> None:
    from routekpi.core.backtest import combine, verdict

    ap = argparse.ArgumentParser()
    ap.add_argument("worlds", nargs="+")
    ap.add_argument("--variant", action="append", default=None)
    ap.add_argument("--before", type=Path, default=BEFORE, help="the before runs' R51_OUT")
    a = ap.parse_args()
    for world in a.worlds:
        for variant in a.variant or ["base"]:
            print(f"\n{world} {variant}")
            print(
                "| seed | year | planned on | pooled r/u/n before | pooled r/u/n after | team active: realised / before / after |"
            )
            print("|---|---|---|---|---|---|")
            pooled = {"before": [], "after": []}
            for d in sorted((AFTER / world).glob("s*")):
                b, f = _load(a.before, world, d.name, variant), _load(AFTER, world, d.name, variant)
                pooled["before"] += b
                pooled["after"] += f
                for rb, rf in zip(b, f, strict=False):

                    def pr(r):  # type: ignore[no-untyped-def]
                        p = r.summary.set_index("kpi").loc["pooled"]
                        return f"{p.mdape_routekpi * 100:.2f} / {p.mdape_uniform * 100:.2f} / {p.mdape_no_change * 100:.2f}"

                    def act(r):  # type: ignore[no-untyped-def]
                        x = r.rows[(r.rows.rep == "ALL") & (r.rows.kpi == "active_accounts")]
                        return (
                            (float(x.realised.iloc[0]), float(x.routekpi.iloc[0]))
                            if len(x)
                            else (float("nan"),) * 2
                        )

                    (real, ab), (_, af) = act(rb), act(rf)
                    print(
                        f"| {d.name} | {rf.name()} | {rf.plan_as_of} | {pr(rb)} | {pr(rf)} | {real:,.0f} / {ab:,.0f} / {af:,.0f} |"
                    )
            for tag, res in pooled.items():
                if res:
                    s = combine(res)
                    p = s.set_index("kpi").loc["pooled"]
                    print(
                        f"{tag}: {len(res)} plans, reduction vs uniform {verdict(s)['pooled_reduction'] * 100:.1f}% "
                        f"(pooled MdAPE r/u/n {p.mdape_routekpi * 100:.2f} / {p.mdape_uniform * 100:.2f} / {p.mdape_no_change * 100:.2f})"
                    )


if __name__ == "__main__":
    main()
