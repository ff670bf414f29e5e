"""Trial 42: seeded history of an agricultural supplies / fertilizer seller (農業資材・肥料).

gen_data.py OUT_DIR -> orders.csv (基幹 export: text dates, 税込 amounts, returns as negative rows),
visits.csv (SFA export, its own activity words), accounts.csv (得意先マスタ), leave.csv, truth.json.

Planted truths (fiscal year starts in October; FY named by its END year: FY2027 = 2026-10..2027-09):
- 7 reps, 2 branches (菊池: 山本 高橋 伊藤 中村 / 八代: 佐藤 鈴木 小林); ~300 accounts
  (農家 ~220, 農協支所 ~40, ホームセンター ~40).
- season: spring peak Feb-May, autumn bump Sep-Oct; volume trend +2%/yr.
- 2024 bad weather: Feb-May 2024 volume x0.85.
- fertilizer (肥料) list price +12% from 2025-03-01 (one-off); 農薬/資材 unchanged.
- churn: farms ~6%/yr (retirement), HC/JA ~3%/yr; ~22 new accounts a year from 商談 won.
- 2025-04-01: 高橋 and 伊藤 swap blocks
  (高橋 -> 伊藤: 14 accts incl. 3 農協支所; 伊藤 -> 高橋: 14 farms).
- 佐藤 on 育休 2026-11-01..2027-03-31; 鈴木 covers; the 基幹 books those orders under 鈴木.
- export taken on 2026-12-05 morning: history 2021-10-01..2026-12-04; truth simulated to 2027-09-30.
"""

from __future__ import annotations

import csv
import json
import math
import random
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

SEED = 42
START, EXPORT_END, SIM_END = date(2021, 10, 1), date(2026, 12, 4), date(2027, 9, 30)
SWAP_DAY = date(2025, 4, 1)
LEAVE = ("佐藤", date(2026, 11, 1), date(2027, 3, 31), "鈴木")
PRICE_DAY, PRICE_STEP = date(2025, 3, 1), 1.12
REPS = {
    "山本": "菊池",
    "高橋": "菊池",
    "伊藤": "菊池",
    "中村": "菊池",
    "佐藤": "八代",
    "鈴木": "八代",
    "小林": "八代",
}
SEASON = {
    1: 0.8,
    2: 1.4,
    3: 2.0,
    4: 2.2,
    5: 1.6,
    6: 0.9,
    7: 0.7,
    8: 0.7,
    9: 1.0,
    10: 1.2,
    11: 0.8,
    12: 0.6,
}
SMEAN = sum(SEASON.values()) / 12
# kind: (share, monthly base revenue, orders/month, visits/month, yearly churn)
KINDS = {
    "農家": (0.73, 120_000, 1.6, 1.6, 0.06),
    "農協支所": (0.13, 700_000, 5.0, 3.5, 0.03),
    "ホームセンター": (0.14, 350_000, 3.5, 2.5, 0.03),
}
PRODUCTS = (
    [
        (f"F{i:02d}", f"化成肥料{i}号", "肥料", p)
        for i, p in enumerate([1800, 2200, 2600, 3100, 3500, 4200, 1500, 2900, 5200, 2400], 1)
    ]
    + [
        (f"A{i:02d}", f"殺虫剤{i}", "農薬", p)
        for i, p in enumerate([1200, 3400, 5600, 2300, 4100, 980], 1)
    ]
    + [
        (f"S{i:02d}", f"マルチ資材{i}", "資材", p)
        for i, p in enumerate([650, 1400, 3800, 2100, 900, 7600], 1)
    ]
)
CAT_SHARE = {"肥料": 0.60, "農薬": 0.25, "資材": 0.15}
FARM_NAMES = [
    *("田村", "松尾", "坂本", "宮崎", "緒方", "上田", "荒木", "本田", "西村", "森"),
    *("村上", "前田", "福田", "山下", "池田", "岩下", "永田", "古閑", "中島", "藤本"),
]


def fy_end(d: date) -> int:
    return d.year + 1 if d.month >= 10 else d.year


def workday(d: date) -> bool:
    return d.weekday() < 6 and not (
        (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)
    )


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    accts: list[dict] = []

    def new_account(kind: str, rep: str, start: date) -> dict:
        n = len(accts) + 1
        base = KINDS[kind][1] * math.exp(rng.gauss(0, 0.45) - 0.1)
        name = {
            "農家": f"{rng.choice(FARM_NAMES)}農園{n}",
            "農協支所": f"JA熊本{n}支所",
            "ホームセンター": f"ホームセンターグリーン{n}店",
        }[kind]
        a = {
            "code": f"T{n:04d}",
            "name": name,
            "kind": kind,
            "rep": rep,
            "start": start,
            "end": None,
            "base": base,
            "holders": [(start, rep)],
        }
        accts.append(a)
        return a

    reps = list(REPS)
    for _ in range(285):
        r = rng.random()
        kind = "農家" if r < 0.73 else "農協支所" if r < 0.86 else "ホームセンター"
        st = START - timedelta(days=rng.randint(200, 6000))
        new_account(kind, rng.choice(reps), st)
    # territory swap on 2025-04-01: the blocks are picked on that day among the open accounts
    day = START
    orders: list[list] = []
    visits: list[list] = []
    slip = 100000
    rslip = 900000  # return slips have their own numbers
    truth_rev = defaultdict(float)  # FY -> 税抜
    truth_rep = defaultdict(
        float
    )  # (FY, holder rep) -> 税抜 (cover's bookings count for the holder)
    truth_new = defaultdict(int)
    truth_lost = defaultdict(int)
    month_rev = defaultdict(float)
    prospects = 0
    swapped: dict[str, list[str]] = {}
    while day <= SIM_END:
        if day == SWAP_DAY:
            open_t = [a for a in accts if a["end"] is None and a["rep"] == "高橋"]
            open_i = [
                a for a in accts if a["end"] is None and a["rep"] == "伊藤" and a["kind"] == "農家"
            ]
            ja_t = [a for a in open_t if a["kind"] == "農協支所"][:3]
            farm_t = [a for a in open_t if a["kind"] == "農家"][:11]
            to_i = ja_t + farm_t
            to_t = open_i[:14]
            for a in to_i:
                a["rep"] = "伊藤"
                a["holders"].append((day, "伊藤"))
            for a in to_t:
                a["rep"] = "高橋"
                a["holders"].append((day, "高橋"))
            swapped = {
                "高橋->伊藤": [a["code"] for a in to_i],
                "伊藤->高橋": [a["code"] for a in to_t],
            }
        if day.day == 1:
            # churn and new accounts, monthly
            for a in accts:
                if (
                    a["end"] is None
                    and a["start"] < day
                    and rng.random() < KINDS[a["kind"]][4] / 12
                ):
                    a["end"] = day - timedelta(days=rng.randint(1, 25))
                    truth_lost[fy_end(day)] += 1
            for _ in range(sum(rng.random() < 22 / 12 / 4 for _ in range(4))):
                kind = "農家" if rng.random() < 0.8 else "ホームセンター"
                rep = rng.choice(reps)
                if rep == LEAVE[0] and LEAVE[1] <= day <= LEAVE[2]:
                    rep = LEAVE[3]
                st = day + timedelta(days=rng.randint(0, 20))
                a = new_account(kind, rep, st)
                a["base"] *= 0.7  # new accounts start smaller
                truth_new[fy_end(st)] += 1
                # the meeting(s) that won it, a few weeks before
                if day - timedelta(days=40) >= START:
                    md = st - timedelta(days=rng.randint(5, 30))
                    if workday(md) and md <= EXPORT_END:
                        visits.append([md, rep, a["code"], a["name"], "商談", "受注"])
        if workday(day):
            yrs = (day - START).days / 365.25
            vol = (1.02**yrs) * SEASON[day.month] / SMEAN
            if day.year == 2024 and 2 <= day.month <= 5:
                vol *= 0.85
            on_leave = LEAVE[1] <= day <= LEAVE[2]
            for a in accts:
                if a["start"] > day or (a["end"] is not None and a["end"] < day):
                    continue
                kind = KINDS[a["kind"]]
                holder = a["rep"]
                booked = LEAVE[3] if (on_leave and holder == LEAVE[0]) else holder
                # orders
                p_order = kind[2] * (SEASON[day.month] / SMEAN) ** 0.5 / 25.5
                if rng.random() < p_order:
                    slip += 1
                    amt_target = a["base"] * vol / (kind[2] * (SEASON[day.month] / SMEAN) ** 0.5)
                    nlines = rng.choice([1, 1, 2, 2, 3])
                    for _ in range(nlines):
                        cat = rng.choices(list(CAT_SHARE), weights=list(CAT_SHARE.values()))[0]
                        code, pname, _, price = rng.choice([p for p in PRODUCTS if p[2] == cat])
                        unit = price * (PRICE_STEP if cat == "肥料" and day >= PRICE_DAY else 1)
                        qty = max(1, round(amt_target / nlines / price * rng.uniform(0.6, 1.4)))
                        amount = round(qty * unit)
                        truth_rev[fy_end(day)] += amount
                        truth_rep[(fy_end(day), holder)] += amount
                        month_rev[(day.year, day.month)] += amount
                        if day <= EXPORT_END:
                            orders.append(
                                [
                                    day,
                                    slip,
                                    a["code"],
                                    a["name"],
                                    booked,
                                    code,
                                    pname,
                                    qty,
                                    round(unit),
                                    round(amount * 1.1),
                                    "通常",
                                ]
                            )
                        if rng.random() < 0.02:  # a return some days later
                            rd = day + timedelta(days=rng.randint(3, 20))
                            rq = max(1, qty // 3)
                            ramt = round(rq * unit)
                            truth_rev[fy_end(rd)] -= ramt
                            truth_rep[(fy_end(rd), holder)] -= ramt
                            month_rev[(rd.year, rd.month)] -= ramt
                            if rd <= EXPORT_END and workday(rd):
                                rslip += 1
                                orders.append(
                                    [
                                        rd,
                                        rslip,
                                        a["code"],
                                        a["name"],
                                        booked,
                                        code,
                                        pname,
                                        -rq,
                                        round(unit),
                                        -round(ramt * 1.1),
                                        "返品",
                                    ]
                                )
                # visits (SFA)
                if day <= EXPORT_END:
                    pv = kind[3] * (SEASON[day.month] / SMEAN) ** 0.3 / 25.5
                    if on_leave and holder == LEAVE[0]:
                        pv *= 0.7
                    if rng.random() < pv:
                        w = rng.choices(
                            ["定期訪問", "圃場巡回", "配達", "電話"], weights=[55, 15, 20, 10]
                        )[0]
                        visits.append([day, booked, a["code"], a["name"], w, ""])
            # prospecting: 新規開拓 (cold calls for an appointment) and 商談 with prospects
            if day <= EXPORT_END:
                for rep in reps:
                    if rep == LEAVE[0] and on_leave:
                        continue
                    if rng.random() < 0.35:
                        prospects += 1
                        visits.append(
                            [
                                day,
                                rep,
                                "",
                                f"見込客{prospects}",
                                "新規開拓",
                                rng.choice(["アポ獲得", "不在", "断り", "断り"]),
                            ]
                        )
                    if rng.random() < 0.06:
                        visits.append(
                            [
                                day,
                                rep,
                                "",
                                f"見込客{rng.randint(1, prospects)}",
                                "商談",
                                rng.choice(["失注", "継続", "継続"]),
                            ]
                        )
        day += timedelta(days=1)

    # ---- write files
    def dtext(d: date) -> str:
        return f"{d.year}/{d.month}/{d.day}"

    orders.sort(key=lambda r: (r[0], r[1]))
    with open(out / "orders.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
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
                "税込金額",
                "売上区分",
                "税区分",
            ]
        )
        for r in orders:
            w.writerow(
                [dtext(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], "内税"]
            )
    visits.sort(key=lambda r: r[0])
    with open(out / "visits.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["活動日", "担当者", "顧客コード", "顧客名", "活動区分", "結果"])
        for r in visits:
            w.writerow([f"{r[0].year}/{r[0].month:02d}/{r[0].day:02d}", *r[1:]])
    with open(out / "accounts.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["得意先コード", "得意先名", "担当者名", "取引開始日", "取引停止日", "業態", "営業所"]
        )
        for a in accts:
            if a["start"] > EXPORT_END:
                continue
            end = a["end"] if (a["end"] and a["end"] <= EXPORT_END) else None
            typed_end = end if (end and rng.random() < 0.5) else None
            w.writerow(
                [
                    a["code"],
                    a["name"],
                    a["rep"],
                    dtext(a["start"]),
                    dtext(typed_end) if typed_end else "",
                    a["kind"],
                    REPS[a["rep"]],
                ]
            )
    with open(out / "leave.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["担当者", "開始日", "終了日", "理由", "代行者"])
        w.writerow([LEAVE[0], dtext(LEAVE[1]), dtext(LEAVE[2]), "育休", LEAVE[3]])

    def open_at(d: date) -> int:
        return sum(1 for a in accts if a["start"] <= d and (a["end"] is None or a["end"] >= d))

    truth = {
        "revenue_by_fy_ex_tax": {str(k): round(v) for k, v in sorted(truth_rev.items())},
        "revenue_by_fy_rep_holder": {
            f"{k[0]}:{k[1]}": round(v) for k, v in sorted(truth_rep.items())
        },
        "new_by_fy": dict(sorted(truth_new.items())),
        "lost_by_fy": dict(sorted(truth_lost.items())),
        "open_accounts": {
            str(d): open_at(d)
            for d in [date(2024, 9, 30), date(2025, 9, 30), date(2026, 9, 30), date(2026, 12, 4)]
        },
        "open_by_rep_2026_12_04": {
            r: sum(
                1
                for a in accts
                if a["rep"] == r
                and a["start"] <= EXPORT_END
                and (a["end"] is None or a["end"] > EXPORT_END)
            )
            for r in reps
        },
        "month_rev": {f"{y}-{m:02d}": round(v) for (y, m), v in sorted(month_rev.items())},
        "swapped": swapped,
        "ends": {a["code"]: str(a["end"]) for a in accts if a["end"] is not None},
        "starts": {a["code"]: str(a["start"]) for a in accts},
        "rows": {
            "orders": len(orders),
            "visits": len(visits),
            "accounts": sum(a["start"] <= EXPORT_END for a in accts),
        },
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    print(
        json.dumps(
            {
                k: truth[k]
                for k in [
                    "revenue_by_fy_ex_tax",
                    "new_by_fy",
                    "lost_by_fy",
                    "open_accounts",
                    "open_by_rep_2026_12_04",
                    "rows",
                ]
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
