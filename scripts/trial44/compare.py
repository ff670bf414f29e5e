# ruff: noqa: E501
"""Trial 44: score a January book's FY2027 targets per rep x KPI against what the simulation did.

compare.py OUT_DIR BOOK [BOOK ...]
Realised = truth.xlsm's Attainment FY2027 actuals (routekpi measuring the simulated year itself,
so definitions and the 税込 basis are the same). Methods, as docs/backtest.md defines them:
routekpi = the book's Targets FY2027 row; uniform = 基準値 x g (levers g^(1/4), visits g^(2/4),
orders g^(3/4), other counts as the baseline) with g = KGI / team 基準値; no change = 基準値.
(基準値 is the engine's baseline, which leaves out the hotel chain lost in 2026-05: that favours
uniform and no change on revenue.) Prints per-KPI MdAPE and the pooled MdAPE over revenue + the
four levers, and the FY2026 landing against the truth.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import openpyxl

LEVERS = ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
KPIS = ["revenue", *LEVERS, "visits", "orders", "new_accounts", "meetings", "cancellations"]
POW = {"revenue": 1.0, "visits": 0.5, "orders": 0.75, **{k: 0.25 for k in LEVERS}}


def sheet_rows(path: Path, name: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [r for r in wb[name].iter_rows(values_only=True)]


def fy_rows(rows: list[tuple], fy: str, value_col: int, base_col: int | None = None) -> dict:
    out = {}
    for r in rows:
        if r and r[0] == fy and isinstance(r[value_col], (int, float)):
            out[(r[1], r[2])] = (r[value_col], r[base_col] if base_col is not None else None)
    return out


def main() -> None:
    out = Path(sys.argv[1])
    truth = json.loads((out / "data" / "truth.json").read_text(encoding="utf-8"))
    real = fy_rows(sheet_rows(out / "truth.xlsm", "Attainment"), "FY2027", 4)
    for b in sys.argv[2:]:
        book = out / b
        tg = fy_rows(sheet_rows(book, "Targets"), "FY2027", 5, 4)
        kgi, base_all = tg[("ALL", "revenue")]
        g = kgi / base_all
        print(f"\n=== {b}: KGI {kgi:,.0f}  team 基準値 {base_all:,.0f}  g {g:.4f}")
        ape: dict[str, dict[str, list[float]]] = {
            k: {"routekpi": [], "uniform": [], "no change": []} for k in KPIS
        }
        detail = []
        for (rep, kpi), (target, base) in tg.items():
            if rep == "ALL" or kpi not in KPIS or (rep, kpi) not in real:
                continue
            r = real[(rep, kpi)][0]
            if not r or base is None:
                continue
            uni = base * g ** POW.get(kpi, 0.0)
            for m, v in (("routekpi", target), ("uniform", uni), ("no change", base)):
                ape[kpi][m].append(abs(v - r) / abs(r) * 100)
            if kpi == "revenue":
                detail.append((rep, r, target, uni, base))
        pooled = {m: [] for m in ("routekpi", "uniform", "no change")}
        print(f"{'KPI':22s} {'n':>2s} {'routekpi':>9s} {'uniform':>9s} {'no chg':>9s}")
        for k in KPIS:
            if not ape[k]["routekpi"]:
                continue
            md = {m: statistics.median(v) for m, v in ape[k].items()}
            print(
                f"{k:22s} {len(ape[k]['routekpi']):2d} {md['routekpi']:8.1f}% {md['uniform']:8.1f}% {md['no change']:8.1f}%"
            )
            if k in ("revenue", *LEVERS):
                for m in pooled:
                    pooled[m] += ape[k][m]
        pm = {m: statistics.median(v) for m, v in pooled.items()}
        print(
            f"{'pooled (rev+levers)':22s} {len(pooled['routekpi']):2d} {pm['routekpi']:8.1f}% {pm['uniform']:8.1f}% {pm['no change']:8.1f}%"
            f"   reduction vs uniform {100 * (1 - pm['routekpi'] / pm['uniform']):.1f}%"
        )
        print("revenue per rep (realised / routekpi / uniform / no change):")
        for rep, r, t, u, n in sorted(detail):
            print(
                f"  {rep:8s} {r:14,.0f} {t:14,.0f} ({(t / r - 1) * 100:+6.1f}%) {u:14,.0f} ({(u / r - 1) * 100:+6.1f}%) {n:14,.0f} ({(n / r - 1) * 100:+6.1f}%)"
            )
        tr_all = real[("ALL", "revenue")][0]
        print(
            f"team revenue: realised {tr_all:,.0f}; KGI {kgi:,.0f} ({(kgi / tr_all - 1) * 100:+.1f}%)"
        )
    # FY2026 landing in the tool's basis: scale the 税抜 truth by the tool's own Apr-Dec reading
    m = truth["month_rev"]
    aprdec = sum(v for k, v in m.items() if "2026-04" <= k <= "2026-12")
    print(
        f"\ntruth 税抜: FY2026 {truth['revenue_by_fy']['2026']:,}  Apr-Dec {aprdec:,}  Jan-Mar 2027 {sum(v for k, v in m.items() if '2027-01' <= k <= '2027-03'):,}"
    )


if __name__ == "__main__":
    main()
