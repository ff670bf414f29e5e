# ruff: noqa: RUF046
"""Trial 47: an MRO 商社's ERP as SQLite (order_lines, customers, visits), seed 47.

make_db.py OUT_DIR -> OUT_DIR/erp.db, OUT_DIR/truth.json
7 reps (浜松 4 / 豊橋 3), 400 factory accounts (top 10 ≈ 45% of sales), FY Oct–Sep,
history 2021-10-01 … 2026-12-04 (today 2026-12-06), simulated on to 2027-09 for truth.
Events: K0001 (largest) halves from 2026-04 (production moved abroad); +5% price revision
2025-10 on every line; 鈴木 一郎 育休 2026-11-16 … 2027-02-15, cover 山田 健 (ERP books
his accounts' orders under the cover while away).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPS = [
    ("鈴木 一郎", "浜松"),
    ("山田 健", "浜松"),
    ("中島 亮", "浜松"),
    ("石川 さくら", "浜松"),
    ("松本 大樹", "豊橋"),
    ("井上 真央", "豊橋"),
    ("木村 拓", "豊橋"),
]
START, HIST_END, SIM_END = "2021-10-01", "2026-12-04", "2027-09-30"
LEAVE = ("鈴木 一郎", "2026-11-16", "2027-02-15", "山田 健")
BIG, CUT_FROM = "K0001", "2026-04-01"
PRICE_FROM, PRICE_PCT = "2025-10-01", 5.0


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(47)
    n = 400
    codes = [f"K{i:04d}" for i in range(1, n + 1)]
    # Pareto-ish yearly sales: top 10 ≈ 45%
    w = np.sort(rng.pareto(0.9, n) + 0.05)[::-1]
    w[:10] *= 1.0
    w = w / w.sum()
    top10 = w[:10].sum()
    w[:10] *= 0.45 / top10
    w[10:] *= 0.55 / w[10:].sum()
    yearly = w * 1.35e9  # ¥ at FY2022 prices
    reps = np.array([r for r, _ in REPS])
    rep_of = rng.choice(7, n, p=[0.16, 0.15, 0.14, 0.13, 0.15, 0.14, 0.13])
    rep_of[:10] = [0, 1, 2, 3, 4, 5, 6, 0, 4, 2]
    start = pd.to_datetime("2015-04-01") + pd.to_timedelta(rng.integers(0, 3000, n), "D")
    # ~6%/yr churn, ~6%/yr new among small accounts
    end = pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
    small = np.arange(50, n)
    lost = rng.choice(small, 40, replace=False)
    end[lost] = pd.to_datetime("2022-01-01") + pd.to_timedelta(rng.integers(0, 1800, 40), "D")
    new = rng.choice(np.setdiff1d(small, lost), 45, replace=False)
    start = pd.Series(start)
    start[new] = pd.to_datetime("2022-01-01") + pd.to_timedelta(rng.integers(0, 1750, 45), "D")
    growth = rng.normal(0.02, 0.05, n)  # per-account yearly trend
    days = pd.bdate_range(START, SIM_END)
    season = {
        10: 1.05,
        11: 1.0,
        12: 1.15,
        1: 0.8,
        2: 0.95,
        3: 1.2,
        4: 0.95,
        5: 0.85,
        6: 1.0,
        7: 1.0,
        8: 0.7,
        9: 1.15,
    }
    # a price list: each product has one list price, each account its own discount off it
    n_prod = 3000
    plist = np.exp(rng.normal(np.log(1500), 1.0, n_prod)).round(-1) + 50
    disc = rng.uniform(0.72, 0.95, n)
    rows = []
    oid = 100000
    lines_per_order = 3.0
    avg_line = 23000.0
    for d in days:
        m_f = season[d.month]
        yrs = (d - pd.Timestamp(START)).days / 365.25
        lam = yearly / avg_line / 250 * m_f * (1 + growth) ** yrs / lines_per_order
        lam = lam * ((start.values <= d) & ~(end.values <= d))
        if d >= pd.Timestamp(CUT_FROM):
            lam[0] *= 0.5
        k = rng.poisson(lam)
        idx = np.nonzero(k)[0]
        for a in idx:
            for _ in range(k[a]):
                oid += 1
                nl = 1 + rng.poisson(lines_per_order - 1)
                qty = rng.integers(1, 40, nl)
                prod = rng.integers(0, n_prod, nl)
                unit = (plist[prod] * disc[a]).round(0)
                if d >= pd.Timestamp(PRICE_FROM):
                    unit = (unit * (1 + PRICE_PCT / 100)).round(-1)
                for q, u, pr in zip(qty, unit, prod, strict=True):
                    rows.append(
                        (
                            d,
                            f"J{oid}",
                            codes[a],
                            int(rep_of[a]),
                            int(q),
                            int(q * u),
                            f"P{pr + 1:05d}",
                        )
                    )
    df = pd.DataFrame(
        rows, columns=["受注日", "受注番号", "得意先コード", "rep", "数量", "金額", "品番"]
    )
    df["担当者"] = reps[df["rep"].to_numpy()]
    lv_rep, lv_s, lv_e, lv_cover = LEAVE
    away = (df["担当者"] == lv_rep) & (df["受注日"] >= lv_s) & (df["受注日"] <= lv_e)
    df.loc[away, "担当者"] = lv_cover
    # returns: 1% of lines negative
    ret = rng.random(len(df)) < 0.01
    df.loc[ret, "金額"] = -(df.loc[ret, "金額"] // 3)
    # visits: each rep ~6 a day, weighted by account size (sqrt), 10% 商談 with outcome
    vrows = []
    for d in days:
        for r in range(7):
            if r == 0 and pd.Timestamp(lv_s) <= d <= pd.Timestamp(lv_e):
                continue
            mine = np.nonzero((rep_of == r) & (start.values <= d) & ~(end.values <= d))[0]
            p = np.sqrt(yearly[mine])
            p = p / p.sum()
            nv = rng.poisson(6)
            who = "山田 健" if False else reps[r]
            for a in rng.choice(mine, nv, p=p):
                kind = "商談" if rng.random() < 0.1 else "訪問"
                res = rng.choice(["成功", "失敗", "検討中"]) if kind == "商談" else None
                vrows.append((d, who, codes[a], kind, res))
        # cover visits for 鈴木's biggest accounts while he is away
        if pd.Timestamp(lv_s) <= d <= pd.Timestamp(lv_e):
            mine = np.nonzero(rep_of == 0)[0][:15]
            for a in rng.choice(mine, 2):
                vrows.append((d, lv_cover, codes[a], "訪問", None))
    vis = pd.DataFrame(vrows, columns=["訪問日", "担当者", "得意先コード", "種別", "結果"])
    cust = pd.DataFrame(
        {
            "得意先コード": codes,
            "得意先名": [
                f"{'浜松' if REPS[r][1] == '浜松' else '豊橋'}工業{i:03d}株式会社"
                for i, r in enumerate(rep_of)
            ],
            "担当者": reps[rep_of],
            "取引開始日": start.dt.strftime("%Y-%m-%d"),
            "取引終了日": end.dt.strftime("%Y-%m-%d"),
            "営業所": [REPS[r][1] for r in rep_of],
        }
    )
    cust.loc[0, "得意先名"] = "遠州精機株式会社"
    hist = df[df["受注日"] <= HIST_END].copy()
    hv = vis[vis["訪問日"] <= HIST_END].copy()
    # truth per FY and per rep (rep = account holder, the cover's orders counted as the holder's)
    df["holder"] = reps[df["rep"].to_numpy()]
    df["fy"] = df["受注日"].dt.year + (df["受注日"].dt.month >= 10)
    truth = {
        "fy_total": {int(k): int(v) for k, v in df.groupby("fy")["金額"].sum().items()},
        "fy2027_by_holder": {
            k: int(v) for k, v in df[df.fy == 2027].groupby("holder")["金額"].sum().items()
        },
        "fy2026_by_holder": {
            k: int(v) for k, v in df[df.fy == 2026].groupby("holder")["金額"].sum().items()
        },
        "big_by_fy": {
            int(k): int(v)
            for k, v in df[df["得意先コード"] == BIG].groupby("fy")["金額"].sum().items()
        },
        "top10_share_fy2025": float(
            df[(df.fy == 2025) & df["得意先コード"].isin(codes[:10])]["金額"].sum()
            / df[df.fy == 2025]["金額"].sum()
        ),
        "fy2027_to_hist_end": int(df[(df.fy == 2027) & (df["受注日"] <= HIST_END)]["金額"].sum()),
        "lines_hist": int(len(hist)),
        "visits_hist": int(len(hv)),
    }
    for c in ("受注日",):
        hist[c] = hist[c].dt.strftime("%Y-%m-%d")
    hv["訪問日"] = hv["訪問日"].dt.strftime("%Y-%m-%d")
    db = out / "erp.db"
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    hist[["受注日", "受注番号", "得意先コード", "担当者", "品番", "数量", "金額"]].to_sql(
        "order_lines", con, index=False
    )
    cust.to_sql("customers", con, index=False)
    hv.to_sql("visits", con, index=False)
    con.close()
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    print(json.dumps(truth, ensure_ascii=False))


if __name__ == "__main__":
    main()
