# ruff: noqa: E501, SIM103, B905, RUF046  (trial helper: long Japanese literals; seeded logic kept as run)
"""Trial 40: a seeded pharmaceutical wholesaler's history (医薬品卸, 9 MS, 2 branches).

Writes cp932 CSV exports as a 基幹システム / SFA would (own headers, 返品 as positive lines)
plus truth.json with what was planted, so the plan's numbers can be judged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

import holidays
import numpy as np

SEED = 40
START = dt.date(2022, 4, 1)
END = dt.date(2026, 11, 30)

REPS = {
    "佐藤 健一": "東支店",
    "鈴木 美穂": "東支店",
    "高橋 誠": "東支店",
    "田中 裕子": "東支店",
    "伊藤 大輔": "東支店",
    "渡辺 拓也": "西支店",
    "山本 沙織": "西支店",
    "中村 翔": "西支店",
    "小林 直樹": "西支店",
}
# Rep-specific extra yearly quantity drift (truth: 高橋 weak, 山本 strong).
REP_DRIFT = {r: 0.0 for r in REPS}
REP_DRIFT["高橋 誠"] = -0.04
REP_DRIFT["山本 沙織"] = 0.04

QTY_DRIFT = 0.05  # volumes grow ~5%/yr (aging population, generics)
# 薬価改定: every April, plus the 2024-10 special revision (negative price steps).
PRICE_STEPS = {
    dt.date(2023, 4, 1): -0.045,
    dt.date(2024, 4, 1): -0.052,
    dt.date(2024, 10, 1): -0.015,
    dt.date(2025, 4, 1): -0.040,
    dt.date(2026, 4, 1): -0.058,
}
SEASON = {
    1: 1.20,
    2: 1.12,
    3: 1.03,
    4: 0.97,
    5: 0.95,
    6: 0.95,
    7: 0.97,
    8: 0.94,
    9: 0.96,
    10: 1.00,
    11: 1.03,
    12: 1.15,
}
SHORTAGE = {(2024, 7): 0.86, (2024, 8): 0.84, (2024, 9): 0.88, (2024, 10): 0.92}
CHAIN_EXIT = dt.date(2025, 10, 1)  # さくら薬局 (8 stores) move to a competitor

TOWNS = [
    "本町",
    "駅前",
    "中央",
    "東口",
    "西口",
    "南町",
    "北町",
    "緑町",
    "旭町",
    "栄町",
    "桜台",
    "若葉",
    "青葉台",
    "新町",
    "港町",
    "平和台",
    "朝日",
    "日の出",
    "松原",
    "富士見",
    "川端",
    "山手",
    "泉",
    "柳町",
    "宮前",
    "大通",
    "元町",
    "城南",
    "城北",
    "錦町",
]
DOCS = [
    "山田",
    "森",
    "池田",
    "橋本",
    "石井",
    "斎藤",
    "清水",
    "岡田",
    "後藤",
    "長谷川",
    "村上",
    "近藤",
    "坂本",
    "遠藤",
    "青木",
    "藤井",
    "西村",
    "福田",
    "太田",
    "三浦",
    "岡本",
    "松田",
    "中川",
    "中野",
    "原田",
    "小野",
    "田村",
    "竹内",
    "金子",
    "和田",
]
SPEC = [
    "内科",
    "クリニック",
    "医院",
    "小児科",
    "整形外科",
    "内科クリニック",
    "耳鼻咽喉科",
    "皮膚科",
    "眼科",
    "内科医院",
]


def price_index(d: dt.date) -> float:
    f = 1.0
    for day, step in PRICE_STEPS.items():
        if d >= day:
            f *= 1 + step
    return f


def main(out: Path) -> None:
    rng = np.random.default_rng(SEED)
    out.mkdir(parents=True, exist_ok=True)
    jp = holidays.country_holidays("JP", years=range(2022, 2027))

    def working(d: dt.date) -> bool:
        if d.weekday() >= 5 or d in jp:
            return False
        if (d.month, d.day) in {
            (12, 29),
            (12, 30),
            (12, 31),
            (1, 1),
            (1, 2),
            (1, 3),
            (8, 13),
            (8, 14),
            (8, 15),
        }:
            return False
        return True

    days = [START + dt.timedelta(i) for i in range((END - START).days + 1)]
    wdays = [d for d in days if working(d)]

    # Products: 90 items, prices 80–25,000 yen per box; per-product step jitter.
    n_prod = 90
    base_price = np.round(np.exp(rng.uniform(np.log(80), np.log(25000), n_prod)), -1)
    prod_names = [
        f"{k}錠{m}mg"
        for k, m in zip(
            rng.choice(
                [
                    "アムロ",
                    "ロスバ",
                    "メトホ",
                    "ランソ",
                    "ファモ",
                    "ロキソ",
                    "カロナ",
                    "オセル",
                    "モンテ",
                    "ビソプ",
                    "テルミ",
                    "エソメ",
                    "セレコ",
                    "レバミ",
                    "タケキャ",
                ],
                n_prod,
            ),
            rng.choice([5, 10, 20, 25, 50, 100], n_prod),
        )
    ]
    prod_names = [f"{n}({i:03d})" for i, n in enumerate(prod_names)]
    jitter = {day: rng.normal(0, 0.012, n_prod) for day in PRICE_STEPS}
    flu = np.zeros(n_prod, bool)
    flu[rng.choice(n_prod, 12, replace=False)] = True  # influenza-related items swing more

    def prod_price(p: int, d: dt.date) -> int:
        f = 1.0
        for day, step in PRICE_STEPS.items():
            if d >= day:
                f *= 1 + step + jitter[day][p]
        return int(round(base_price[p] * f))

    reps = list(REPS)
    accounts: list[dict] = []
    code = 100100

    def new_acct(kind: str, rep: str, start: dt.date, name: str, chain: str = "") -> dict:
        nonlocal code
        code += int(rng.integers(1, 7))
        a = dict(
            code=str(code),
            kind=kind,
            rep=rep,
            start=start,
            end=None,
            name=name,
            chain=chain,
            size=float(rng.lognormal(0, 0.45)),
            basket=rng.choice(n_prod, int(rng.integers(8, 25)), replace=False),
            typed_end=False,
        )
        accounts.append(a)
        return a

    used: set[str] = set()

    def clinic_name() -> str:
        while True:
            n = f"{rng.choice(DOCS)}{rng.choice(SPEC)}"
            if n not in used:
                used.add(n)
                return n

    def old_start() -> dt.date:
        return dt.date(2005, 1, 1) + dt.timedelta(int(rng.integers(0, 6200)))

    # Existing book at 2022-04: ~225 clinics, ~150 independent pharmacies, 2 chains, 9 hospitals.
    for i in range(225):
        new_acct("診療所", reps[i % 9], old_start(), clinic_name())
    for i in range(150):
        t = TOWNS[i % len(TOWNS)]
        new_acct(
            "調剤薬局",
            reps[(i * 7) % 9],
            old_start(),
            f"{rng.choice(['ひまわり', 'すずらん', 'つばさ', 'いろは', 'のぞみ', 'みどり', 'たんぽぽ'])}薬局 {t}{['', '二丁目', '駅南', '北'][i // 30 % 4]}店"
            if i % 3 == 0
            else f"{rng.choice(['有限会社', '株式会社', ''])}{t}{['薬局', '調剤薬局', 'ファーマシー'][i % 3]}{i}",
        )
    sakura_towns = ["本町", "駅前", "中央", "東口", "緑町", "旭町", "栄町", "港町"]
    for j, t in enumerate(sakura_towns):
        new_acct(
            "調剤薬局",
            "鈴木 美穂" if j < 5 else "渡辺 拓也",
            old_start(),
            f"さくら薬局 {t}店",
            chain="株式会社さくらファーマ",
        )
    for j, t in enumerate(["本町", "若葉", "泉", "元町", "松原"]):
        new_acct(
            "調剤薬局",
            "山本 沙織" if j < 3 else "中村 翔",
            old_start(),
            f"あおば調剤薬局 {t}店",
            chain="あおばメディカル株式会社",
        )
    for j in range(9):
        a = new_acct(
            "病院",
            reps[j],
            old_start(),
            f"{TOWNS[j * 3]}{rng.choice(['中央', '記念', '第一'])}病院",
        )
        a["size"] *= 6

    # Events: clinic closures (doctor retires), new clinics + a pharmacy next to each.
    events = []
    clinics = [a for a in accounts if a["kind"] == "診療所"]
    closed = rng.choice(len(clinics), 18, replace=False)
    for k, ci in enumerate(closed):
        d = START + dt.timedelta(int(rng.integers(120, (END - START).days - 30)))
        clinics[ci]["end"] = d
        clinics[ci]["typed_end"] = bool(k % 2 == 0)  # half of the closures typed in the master
        events.append(("閉院", d.isoformat(), clinics[ci]["code"], clinics[ci]["name"]))
    for k in range(16):
        d = START + dt.timedelta(int(rng.integers(60, (END - START).days - 40)))
        rep = reps[int(rng.integers(0, 9))]
        c = new_acct("診療所", rep, d, clinic_name())
        c["size"] *= 0.6
        p = new_acct(
            "調剤薬局",
            rep,
            d + dt.timedelta(int(rng.integers(0, 20))),
            f"{rng.choice(['なの花', 'クオール', 'そうごう', 'アイン'])}薬局 {rng.choice(TOWNS)}{k}号店",
        )
        events.append(("開業", d.isoformat(), c["code"], c["name"] + " / " + p["name"]))
    for a in accounts:
        if a["chain"] == "株式会社さくらファーマ":
            a["end"] = CHAIN_EXIT - dt.timedelta(1)

    # Probabilities per working day.
    p_order = {"診療所": 0.22, "調剤薬局": 0.42, "病院": 0.65}
    lines_lam = {"診療所": 0.6, "調剤薬局": 1.2, "病院": 3.0}
    p_visit = {"診療所": 0.22, "調剤薬局": 0.58, "病院": 0.6}

    order_rows: list[list] = []
    visit_rows: list[list] = []
    truth_rev = defaultdict(float)  # (rep, yyyymm) -> net revenue
    truth_qty = defaultdict(float)
    slip = 5000000
    for d in wdays:
        yrs = (d - START).days / 365.25
        mkey = f"{d.year}-{d.month:02d}"
        season = SEASON[d.month]
        short = SHORTAGE.get((d.year, d.month), 1.0)
        act = [a for a in accounts if a["start"] <= d and (a["end"] is None or d <= a["end"])]
        for a in act:
            rep = a["rep"]
            growth = (1 + QTY_DRIFT + REP_DRIFT[rep]) ** yrs
            # visits (SFA)
            if rng.random() < p_visit[a["kind"]] * (1.05 if d.month in (12, 1, 2) else 1):
                u = rng.random()
                kind = (
                    "定期訪問"
                    if u < 0.58
                    else "納品"
                    if u < 0.80
                    else "ディテール"
                    if u < 0.93
                    else "電話"
                    if u < 0.99
                    else "説明会"
                )
                visit_rows.append([d.strftime("%Y/%m/%d"), rep, a["code"], a["name"], kind])
            if rng.random() >= p_order[a["kind"]] * (0.5 + 0.5 * season):
                continue
            slip += 1
            nl = 1 + rng.poisson(lines_lam[a["kind"]])
            for p in rng.choice(a["basket"], min(nl, len(a["basket"])), replace=False):
                mu = 2.2 * a["size"] * growth * (0.5 + 0.5 * season) * short
                if flu[p] and d.month in (12, 1, 2):
                    mu *= 1.8
                q = max(1, int(rng.poisson(mu)))
                price = prod_price(int(p), d)
                amt = q * price
                ret = rng.random() < 0.012
                order_rows.append(
                    [
                        d.strftime("%Y/%m/%d"),
                        f"S{slip}",
                        a["code"],
                        a["name"],
                        rep,
                        f"Y{int(p):04d}",
                        prod_names[p],
                        q,
                        price,
                        amt,
                        "返品" if ret else "売上",
                    ]
                )
                truth_rev[(rep, mkey)] += -amt if ret else amt
                truth_qty[(rep, mkey)] += -q if ret else q

    # Write exports (cp932, as Excel on a Japanese PC saves CSV).
    with open(out / "売上明細_2022-2026.csv", "w", encoding="cp932", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "伝票日付",
                "伝票番号",
                "得意先コード",
                "得意先名",
                "担当者名",
                "商品コード",
                "商品名",
                "数量",
                "単価",
                "金額",
                "伝票区分",
            ]
        )
        w.writerows(order_rows)
    with open(out / "SFA活動履歴.csv", "w", encoding="cp932", newline="") as f:
        w = csv.writer(f)
        w.writerow(["活動日", "担当者名", "得意先コード", "得意先名", "活動区分"])
        w.writerows(visit_rows)
    with open(out / "得意先マスタ.csv", "w", encoding="cp932", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "得意先コード",
                "得意先名",
                "業態",
                "担当者名",
                "営業所",
                "チェーン名",
                "取引開始日",
                "取引停止日",
            ]
        )
        for a in accounts:
            end = a["end"].strftime("%Y/%m/%d") if a["end"] and a["typed_end"] else ""
            w.writerow(
                [
                    a["code"],
                    a["name"],
                    a["kind"],
                    a["rep"],
                    REPS[a["rep"]],
                    a["chain"],
                    a["start"].strftime("%Y/%m/%d"),
                    end,
                ]
            )

    # Truth.
    def fy(m: str) -> int:
        y, mm = int(m[:4]), int(m[5:])
        return y if mm >= 4 else y - 1

    fy_rev = defaultdict(float)
    fy_rep = defaultdict(float)
    for (rep, m), v in truth_rev.items():
        fy_rev[fy(m)] += v
        fy_rep[(rep, fy(m))] += v
    sakura = {a["code"] for a in accounts if a["chain"]}
    sak_rev = defaultdict(float)
    for r in order_rows:
        if r[2] in sakura and "さくら" in r[3]:
            m = r[0][:7].replace("/", "-")
            sak_rev[fy(m)] += -r[9] if r[10] == "返品" else r[9]
    truth = {
        "seed": SEED,
        "as_of": END.isoformat(),
        "price_steps": {k.isoformat(): v for k, v in PRICE_STEPS.items()},
        "price_index_by_fy_start": {
            str(y): price_index(dt.date(y, 4, 1)) for y in range(2022, 2027)
        },
        "qty_drift": QTY_DRIFT,
        "rep_drift": REP_DRIFT,
        "season": SEASON,
        "shortage": {f"{k[0]}-{k[1]:02d}": v for k, v in SHORTAGE.items()},
        "chain_exit": CHAIN_EXIT.isoformat(),
        "fy_revenue": {str(k): round(v) for k, v in sorted(fy_rev.items())},
        "sakura_revenue_by_fy": {str(k): round(v) for k, v in sorted(sak_rev.items())},
        "fy_rep_revenue": {f"{r}|{y}": round(v) for (r, y), v in sorted(fy_rep.items())},
        "monthly_revenue": {
            m: round(sum(v for (r, mm), v in truth_rev.items() if mm == m))
            for m in sorted({m for _, m in truth_rev})
        },
        "monthly_qty": {
            m: round(sum(v for (r, mm), v in truth_qty.items() if mm == m))
            for m in sorted({m for _, m in truth_qty})
        },
        "events": events,
        "n_accounts": len(accounts),
        "order_lines": len(order_rows),
        "visit_rows": len(visit_rows),
    }
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"orders {len(order_rows):,} lines, visits {len(visit_rows):,}, accounts {len(accounts)}")
    for y, v in sorted(fy_rev.items()):
        print(f"FY{y}: ¥{v:,.0f}  (さくら ¥{sak_rev.get(y, 0):,.0f})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/wt/_trial40/data"))
