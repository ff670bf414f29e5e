# ruff: noqa: B007
"""Trial 48: a 宅配水・乳飲料 route-delivery company's exports (seeded), plus the truth.

gen_data.py OUT_DIR [SEED]

18 reps in 3 営業所, each on one route of ~150–250 offices/shops/clinics visited weekly or twice
weekly (one handheld row per stop, many stops without an order). Fiscal year Jul–Jun. History
2023-07-03 … 2026-12-04 is exported; the simulation runs on to 2027-06-30 so the running year's
truth is known (truth.json). Messy on purpose:

* ERP migration on 2025-07-01: every account got a new code (old T-xxxxx → new 7 digits);
  the old system's exports keep the old codes, the new ERP and the handheld use the new ones
  from that day. The new master carries 旧得意先コード and 取引開始日 = 2025-07-01 for migrated
  accounts (the conversion date), only new codes.
* Old ERP: one line per slip (伝票番号, 金額), returns as negative lines; its FY2023 file
  (2023-07 … 2024-06) came from accounting in 千円 (header 金額(千円), one decimal).
* New ERP: product-level lines (伝票番号 × 商品), returns as positive lines with 伝票区分 返品.
* Handheld: one row per stop (配達 / 集金 / 不在 / 空ボトル回収 / 新規開拓), 受注有無 有/無.
* Route rotation: every April two pairs of reps in one branch swap routes.
* Seasonality: summer peak (Jul–Aug ×1.45), winter low.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

BRANCHES = ["名古屋北", "名古屋南", "岐阜"]
REPS = [
    "青木 翔太",
    "石田 直樹",
    "上野 美香",
    "岡田 健二",
    "川口 大輔",
    "北村 亮",
    "小林 優子",
    "斎藤 拓海",
    "坂本 誠",
    "杉山 早紀",
    "高橋 勇気",
    "田村 修",
    "中川 恵",
    "西田 浩",
    "長谷川 隼",
    "藤井 真一",
    "前田 彩",
    "森本 剛",
]
# route r is in branch r // 6; the rep of route r by fiscal "rotation year" (Apr–Mar)
SWAPS = {2024: [(0, 1), (6, 7)], 2025: [(12, 13), (2, 3)], 2026: [(8, 9), (0, 1)]}
START = dt.date(2023, 7, 3)
EXPORT_END = dt.date(2026, 12, 4)
SIM_END = dt.date(2027, 6, 30)
MIGRATION = dt.date(2025, 7, 1)
PRODUCTS = [  # code, name, price (yen, tax-excluded), weight in an order
    ("W12", "天然水12Lボトル", 1250, 0.34),
    ("W12H", "天然水12L(ホット用)", 1250, 0.06),
    ("W2C", "天然水2L×6ケース", 980, 0.12),
    ("M1L", "牛乳1000ml", 240, 0.14),
    ("YK", "乳酸菌飲料65ml×10", 520, 0.14),
    ("CF", "コーヒー牛乳500ml", 160, 0.08),
    ("TEA", "お茶500ml×24", 2160, 0.07),
    ("CUP", "紙コップ100個", 380, 0.05),
]
SEASON = {
    7: 1.45,
    8: 1.45,
    9: 1.15,
    10: 0.95,
    11: 0.85,
    12: 0.8,
    1: 0.78,
    2: 0.8,
    3: 0.9,
    4: 1.0,
    5: 1.1,
    6: 1.2,
}
JP_HOLIDAYS = {
    "2023-07-17",
    "2023-09-18",
    "2023-09-23",
    "2023-10-09",
    "2023-11-03",
    "2023-11-23",
    "2024-01-01",
    "2024-01-08",
    "2024-02-12",
    "2024-02-23",
    "2024-03-20",
    "2024-04-29",
    "2024-05-03",
    "2024-05-06",
    "2024-07-15",
    "2024-08-12",
    "2024-09-16",
    "2024-09-23",
    "2024-10-14",
    "2024-11-04",
    "2024-11-23",
    "2025-01-01",
    "2025-01-13",
    "2025-02-11",
    "2025-02-24",
    "2025-03-20",
    "2025-04-29",
    "2025-05-05",
    "2025-05-06",
    "2025-07-21",
    "2025-08-11",
    "2025-09-15",
    "2025-09-23",
    "2025-10-13",
    "2025-11-03",
    "2025-11-24",
    "2026-01-01",
    "2026-01-12",
    "2026-02-11",
    "2026-02-23",
    "2026-03-20",
    "2026-04-29",
    "2026-05-04",
    "2026-05-05",
    "2026-05-06",
    "2026-07-20",
    "2026-08-11",
    "2026-09-21",
    "2026-09-22",
    "2026-09-23",
    "2026-10-12",
    "2026-11-03",
    "2026-11-23",
    "2027-01-01",
    "2027-01-11",
    "2027-02-11",
    "2027-02-23",
    "2027-03-22",
    "2027-04-29",
    "2027-05-03",
    "2027-05-04",
    "2027-05-05",
}


def fy(d: dt.date) -> int:
    return d.year if d.month >= 7 else d.year - 1


def rep_of_route(route: int, d: dt.date) -> int:
    """Routes swap reps each April (cumulative swaps)."""
    owner = list(range(18))
    for year in sorted(SWAPS):
        if d >= dt.date(year, 4, 1):
            for a, b in SWAPS[year]:
                owner[a], owner[b] = owner[b], owner[a]
    return owner[route]


def working_days() -> list[dt.date]:
    out = []
    d = START
    while d <= SIM_END:
        closed = (
            d.weekday() >= 5
            or d.isoformat() in JP_HOLIDAYS
            or (d.month == 12 and d.day >= 29)
            or (d.month == 1 and d.day <= 3)
            or (d.month == 8 and 13 <= d.day <= 15)
        )
        if not closed:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def main() -> None:
    out = Path(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 48
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    days = working_days()

    # --- accounts: ~190 per route at the start, new ones every month, churn ~1.1%/month
    kinds = ["(株)", "株式会社", "医療法人", "有限会社", ""]
    words = [
        "中央",
        "みどり",
        "ひかり",
        "さくら",
        "東海",
        "丸栄",
        "大和",
        "協和",
        "三河",
        "千種",
        "熱田",
        "栄",
        "金山",
        "本山",
        "大曽根",
        "長良",
        "柳ケ瀬",
        "加納",
        "鵜沼",
        "星ヶ丘",
    ]
    kinds2 = [
        "歯科",
        "工業",
        "設計",
        "不動産",
        "保育園",
        "薬局",
        "商事",
        "美容室",
        "会計事務所",
        "クリニック",
        "運輸",
        "整骨院",
    ]
    accts: list[dict] = []
    n0 = rng.integers(150, 251, size=18)
    for route in range(18):
        for i in range(n0[route]):
            accts.append(
                {
                    "route": route,
                    "start": dt.date(2015 + int(rng.integers(0, 8)), int(rng.integers(1, 13)), 1),
                    "pre": True,
                }
            )
    # new accounts over the whole simulation, ~2.2 per route per month, a bit more in spring
    m = dt.date(2023, 7, 1)
    while m <= SIM_END:
        for route in range(18):
            k = rng.poisson(2.4 if m.month in (3, 4, 5) else 1.9)
            for _ in range(k):
                day = m + dt.timedelta(days=int(rng.integers(0, 27)))
                accts.append({"route": route, "start": day, "pre": False})
        m = (m.replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    n = len(accts)
    newcodes = rng.permutation(np.arange(100000, 999999))[:n]
    for i, a in enumerate(accts):
        a["id"] = i
        a["old"] = f"T-{10001 + i:05d}"
        a["new"] = f"2{int(newcodes[i]):06d}"
        nm = words[int(rng.integers(0, len(words)))] + kinds2[int(rng.integers(0, len(kinds2)))]
        kind = kinds[int(rng.integers(0, len(kinds)))]
        if kind in ("(株)", "株式会社", "有限会社"):
            a["name_new"] = f"{kind}{nm}{i % 97}" if kind != "(株)" else f"株式会社{nm}{i % 97}"
            a["name_old"] = f"({'株' if kind != '有限会社' else '有'}){nm}{i % 97}"
        elif kind == "医療法人":
            a["name_new"] = a["name_old"] = f"医療法人{nm}{i % 97}"
        else:
            a["name_new"] = a["name_old"] = f"{nm}{i % 97}"
        life_months = rng.exponential(85)  # mean life ~7 years → ~1.2%/month churn
        a["end"] = None
        end = a["start"] + dt.timedelta(days=int(life_months * 30.4))
        if a["pre"]:
            # pre-history accounts: churn from START on at the same hazard
            end = START + dt.timedelta(days=int(rng.exponential(85) * 30.4))
        if end <= SIM_END:
            a["end"] = end
        a["freq"] = 2 if rng.random() < 0.3 else 1
        wd = rng.choice(5, size=a["freq"], replace=False)
        a["wd"] = set(int(x) for x in wd)
        a["size"] = float(rng.lognormal(0.0, 0.55))
        a["p"] = float(np.clip(rng.beta(3, 5), 0.08, 0.8))  # order probability per stop
        mix = rng.dirichlet([p[3] * 8 for p in PRODUCTS])
        a["mix"] = mix
        a["lat"] = 35.17 + rng.normal(0, 0.06) + (0.25 if a["route"] >= 12 else 0)
        a["lon"] = 136.9 + rng.normal(0, 0.06) - (0.15 if a["route"] >= 12 else 0)
    # migrated = alive on the migration day
    for a in accts:
        a["migrated"] = a["start"] < MIGRATION and (a["end"] is None or a["end"] >= MIGRATION)

    # --- simulate stops
    stop_rows = []  # (date, rep, acct, kind, ordered)
    order_rows = []  # (date, rep, acct, slip, [(prod, qty)])
    ret_rows = []  # (date, rep, acct, slip, prod, qty)
    slip = 500000
    price_up = dt.date(
        2026, 1, 1
    )  # +4% on water on the new ERP (price list change), not planted for detection
    for d in days:
        wd = d.weekday()
        sf = SEASON[d.month]
        for a in accts:
            if wd not in a["wd"] or a["start"] > d or (a["end"] is not None and d > a["end"]):
                continue
            rep = rep_of_route(a["route"], d)
            if rng.random() < 0.03:
                continue  # stop skipped, no row
            if rng.random() < 0.04:
                stop_rows.append((d, rep, a["id"], "不在", 0))
                continue
            p = min(0.95, a["p"] * (0.6 + 0.4 * sf) * (1.0 if a["freq"] == 1 else 0.75))
            if rng.random() < p:
                nl = 1 + rng.poisson(0.8)
                prods = rng.choice(
                    len(PRODUCTS), size=min(nl, len(PRODUCTS)), replace=False, p=a["mix"]
                )
                lines = []
                for pi in prods:
                    qty = max(1, int(rng.poisson(1.6 * a["size"] * sf)))
                    lines.append((int(pi), qty))
                slip += 1
                order_rows.append((d, rep, a["id"], slip, lines))
                if rng.random() < 0.012:
                    pi, q = lines[0]
                    slip += 1
                    ret_rows.append(
                        (
                            d + dt.timedelta(days=int(rng.integers(1, 8))),
                            rep,
                            a["id"],
                            slip,
                            pi,
                            max(1, q // 2),
                        )
                    )
                stop_rows.append((d, rep, a["id"], "配達", 1))
            else:
                stop_rows.append(
                    (
                        d,
                        rep,
                        a["id"],
                        "集金"
                        if (d.day >= 25 and rng.random() < 0.5)
                        else ("空ボトル回収" if rng.random() < 0.05 else "配達"),
                        0,
                    )
                )
        # prospecting stops: each rep ~1 a day, 12% won (no account code: prospects)
        for rep in range(18):
            if rng.random() < 0.8:
                stop_rows.append((d, rep, -1, "新規開拓", 2 if rng.random() < 0.12 else 3))

    def price(pi: int, d: dt.date) -> int:
        base = PRODUCTS[pi][2]
        if d >= price_up and PRODUCTS[pi][0].startswith("W"):
            return round(base * 1.04)
        return base

    def code(a: dict, d: dt.date) -> str:
        return a["new"] if d >= MIGRATION else a["old"]

    def name(a: dict, d: dt.date) -> str:
        return a["name_new"] if d >= MIGRATION else a["name_old"]

    # --- truth (by rep at the time, net of returns)
    truth: dict = {"rev": {}, "orders": {}, "visits": {}, "new_accounts": {}, "lost_accounts": {}}
    for d, rep, aid, s, lines in order_rows:
        k = f"{fy(d)}|{REPS[rep]}"
        truth["rev"][k] = truth["rev"].get(k, 0) + sum(price(pi, d) * q for pi, q in lines)
        truth["orders"][k] = truth["orders"].get(k, 0) + 1
    for d, rep, aid, s, pi, q in ret_rows:
        k = f"{fy(d)}|{REPS[rep]}"
        truth["rev"][k] = truth["rev"].get(k, 0) - price(pi, d) * q
    for d, rep, aid, kind, o in stop_rows:
        if aid >= 0 and kind != "不在":
            k = f"{fy(d)}|{REPS[rep]}"
            truth["visits"][k] = truth["visits"].get(k, 0) + 1
    for a in accts:
        if not a["pre"]:
            k = f"{fy(a['start'])}|{REPS[rep_of_route(a['route'], a['start'])]}"
            truth["new_accounts"][k] = truth["new_accounts"].get(k, 0) + 1
        if a["end"] is not None:
            k = f"{fy(a['end'])}|{REPS[rep_of_route(a['route'], a['end'])]}"
            truth["lost_accounts"][k] = truth["lost_accounts"].get(k, 0) + 1
    # monthly company revenue (truth) and the exported part
    mon: dict[str, int] = {}
    for d, rep, aid, s, lines in order_rows:
        mon[d.strftime("%Y-%m")] = mon.get(d.strftime("%Y-%m"), 0) + sum(
            price(pi, d) * q for pi, q in lines
        )
    for d, rep, aid, s, pi, q in ret_rows:
        mon[d.strftime("%Y-%m")] = mon.get(d.strftime("%Y-%m"), 0) - price(pi, d) * q
    truth["monthly"] = dict(sorted(mon.items()))
    fyt: dict[str, int] = {}
    for k, v in truth["rev"].items():
        y = k.split("|")[0]
        fyt[y] = fyt.get(y, 0) + v
    truth["fy_total"] = fyt
    truth["accounts_alive"] = {
        day: sum(
            1
            for a in accts
            if a["start"] <= dt.date.fromisoformat(day)
            and (a["end"] is None or a["end"] >= dt.date.fromisoformat(day))
        )
        for day in ("2024-06-30", "2025-06-30", "2026-06-30", "2026-12-04")
    }
    truth["route_owner"] = {
        str(y): [REPS[rep_of_route(r, dt.date(y, 4, 1))] for r in range(18)]
        for y in (2023, 2024, 2025, 2026)
    }
    truth["branch_of_route"] = [BRANCHES[r // 6] for r in range(18)]

    # --- exports (up to EXPORT_END)
    enc_old = "cp932"
    with (
        open(out / "旧ERP_受注_FY2023.csv", "w", newline="", encoding=enc_old) as f1,
        open(out / "旧ERP_受注_FY2024.csv", "w", newline="", encoding=enc_old) as f2,
    ):
        w1, w2 = csv.writer(f1), csv.writer(f2)
        w1.writerow(["売上日", "伝票番号", "得意先コード", "得意先名", "担当者", "金額(千円)"])
        w2.writerow(["売上日", "伝票番号", "得意先コード", "得意先名", "担当者", "金額"])
        rows = [
            (d, s, aids, REPS[rep], sum(price(pi, d) * q for pi, q in lines))
            for d, rep, aids, s, lines in order_rows
            if d < MIGRATION
        ]
        rows += [
            (d, s, aid, REPS[rep], -price(pi, d) * q)
            for d, rep, aid, s, pi, q in ret_rows
            if d < MIGRATION
        ]
        rows.sort(key=lambda r: (r[0], r[1]))
        for d, s, aid, rep, amt in rows:
            a = accts[aid]
            if fy(d) == 2023:
                w1.writerow(
                    [
                        d.strftime("%Y/%m/%d"),
                        f"S{s}",
                        code(a, d),
                        name(a, d),
                        rep,
                        f"{amt / 1000:.1f}",
                    ]
                )
            else:
                w2.writerow([d.strftime("%Y/%m/%d"), f"S{s}", code(a, d), name(a, d), rep, amt])
    with open(out / "新ERP_売上明細.csv", "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "伝票日付",
                "伝票番号",
                "伝票区分",
                "得意先コード",
                "得意先名",
                "担当者コード",
                "担当者名",
                "商品コード",
                "商品名",
                "数量",
                "単価",
                "金額",
            ]
        )
        rows2 = []
        for d, rep, aid, s, lines in order_rows:
            if MIGRATION <= d <= EXPORT_END:
                for pi, q in lines:
                    rows2.append((d, s, "売上", aid, rep, pi, q))
        for d, rep, aid, s, pi, q in ret_rows:
            if MIGRATION <= d <= EXPORT_END:
                rows2.append((d, s, "返品", aid, rep, pi, q))
        rows2.sort(key=lambda r: (r[0], r[1]))
        for d, s, kind, aid, rep, pi, q in rows2:
            a = accts[aid]
            pr = price(pi, d)
            w.writerow(
                [
                    d.isoformat(),
                    f"{s:08d}",
                    kind,
                    code(a, d),
                    name(a, d),
                    f"E{101 + rep:03d}",
                    REPS[rep],
                    PRODUCTS[pi][0],
                    PRODUCTS[pi][1],
                    q,
                    pr,
                    pr * q,
                ]
            )
    with open(out / "ハンディ訪問記録.csv", "w", newline="", encoding="cp932") as f:
        w = csv.writer(f)
        w.writerow(["訪問日", "担当者", "得意先コード", "得意先名", "訪問区分", "結果", "受注有無"])
        for d, rep, aid, kind, o in sorted(stop_rows, key=lambda r: (r[0], r[1])):
            if d > EXPORT_END:
                continue
            if aid < 0:
                w.writerow(
                    [
                        d.strftime("%Y/%m/%d"),
                        REPS[rep],
                        "",
                        "",
                        kind,
                        "成約" if o == 2 else "見送り",
                        "",
                    ]
                )
            else:
                a = accts[aid]
                w.writerow(
                    [
                        d.strftime("%Y/%m/%d"),
                        REPS[rep],
                        code(a, d),
                        name(a, d),
                        kind,
                        "",
                        "有" if o else "無",
                    ]
                )
    with open(out / "新ERP_得意先マスタ.csv", "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "得意先コード",
                "得意先名",
                "旧得意先コード",
                "担当者",
                "取引開始日",
                "取引終了日",
                "緯度",
                "経度",
            ]
        )
        for a in accts:
            if a["start"] > EXPORT_END:
                continue
            if a["end"] is not None and a["end"] < MIGRATION:
                continue  # closed before the migration: never entered the new ERP
            start = MIGRATION if a["migrated"] else a["start"]
            end = ""
            if a["end"] is not None and a["end"] <= EXPORT_END and rng.random() < 0.6:
                end = a["end"].strftime("%Y/%m/%d")  # only some closures were typed
            rep_now = REPS[rep_of_route(a["route"], min(EXPORT_END, a["end"] or EXPORT_END))]
            w.writerow(
                [
                    a["new"],
                    a["name_new"],
                    a["old"] if a["migrated"] else "",
                    rep_now,
                    start.strftime("%Y/%m/%d"),
                    end,
                    f"{a['lat']:.5f}",
                    f"{a['lon']:.5f}",
                ]
            )
    with open(out / "truth_accounts.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["new", "old", "name_new", "route", "start", "end", "freq", "migrated"])
        for a in accts:
            w.writerow(
                [
                    a["new"],
                    a["old"],
                    a["name_new"],
                    a["route"],
                    a["start"].isoformat(),
                    a["end"].isoformat() if a["end"] else "",
                    a["freq"],
                    int(a["migrated"]),
                ]
            )
    truth["counts"] = {
        "order_slips": len(order_rows),
        "returns": len(ret_rows),
        "stops": len(stop_rows),
        "accounts": n,
        "migrated": sum(1 for a in accts if a["migrated"]),
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    print(json.dumps(truth["counts"], ensure_ascii=False), json.dumps(truth["fy_total"]))


if __name__ == "__main__":
    main()
