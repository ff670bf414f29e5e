# ruff: noqa: E501
"""Trial 50: a 燃料・LPガス販売店's exports, simulated (seed 50), and the truth behind them.

gen_data.py OUT_DIR — writes into OUT_DIR:
  売上月報_2021-2023.csv   cp932, the old 基幹's monthly per-customer summary (2021-04 … 2024-03):
                           年月, 得意先コード, 得意先名, 担当, 商品区分, 数量, 金額, 配送回数
  配送明細_2024-.csv       cp932, delivery / billing lines (2024-04-01 … 2026-12-04):
                           配送日, 伝票番号, 得意先コード, 得意先名, 担当者(driver), 商品区分, 商品名, 数量, 単位, 単価, 金額
  ハンディ作業記録.csv     cp932, the handheld's log since 2024-04: 作業日, 担当者, 得意先コード, 得意先名, 作業区分
                           (検針 / ボンベ交換 / 灯油配達 / 保安点検 / 機器納品), 伝票番号, 指針
  得意先マスタ.csv         cp932: 得意先コード, 得意先名, 担当者, 営業所, 住所, 顧客区分, 契約日, 解約日 (half typed)
  truth.json               FY revenues, slips, accounts won / lost, per rep (assigned rep), months, prices.
The simulation runs to 2028-03-31 so FY2026 and FY2027 are known; exports stop at 2026-12-04 (a Friday).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import itertools
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

SEED = 50
WARM = os.environ.get("T50_NO_WARM") != "1"  # T50_NO_WARM=1: no warm winter (the control for H1)
START = dt.date(2021, 4, 1)
END = dt.date(2028, 3, 31)
EXPORT_END = dt.date(2026, 12, 4)
HANDY_START = dt.date(2024, 4, 1)
LPG_STEP = dt.date(2025, 10, 1)  # LPG price +6% in one step
RNG_DAYS = np.random.default_rng(SEED + 1000)  # days within a month
LEAVE = (dt.date(2026, 6, 1), dt.date(2026, 8, 31))  # 佐藤 健 on long leave, 伊藤 翔 covers

REPS = {
    "本店": ["高橋 誠", "田中 浩二", "渡辺 健太", "山本 大輔", "中村 亮"],
    "西営業所": ["小林 直樹", "加藤 翔太", "吉田 拓也", "佐藤 健", "伊藤 翔"],
}
TOWNS = {  # town → (branch, rep)
    "本町": ("本店", "高橋 誠"),
    "中央町": ("本店", "田中 浩二"),
    "東原": ("本店", "渡辺 健太"),
    "北山": ("本店", "山本 大輔"),
    "川端": ("本店", "中村 亮"),
    "西ケ丘": ("西営業所", "小林 直樹"),
    "南浜": ("西営業所", "加藤 翔太"),
    "みどり台": ("西営業所", "吉田 拓也"),
    "山田": ("西営業所", "佐藤 健"),
    "桜台": ("西営業所", "伊藤 翔"),
}
CITY = {"本店": "栃木県宇都宮市", "西営業所": "栃木県鹿沼市"}
COVER = {"佐藤 健": "伊藤 翔"}
WAVE_TOWN = "みどり台"  # 都市ガス reached みどり台 in FY2025

# Monthly shapes (index = month 1..12).
LPG_SEASON = {
    4: 1.0,
    5: 0.85,
    6: 0.75,
    7: 0.65,
    8: 0.6,
    9: 0.65,
    10: 0.8,
    11: 1.0,
    12: 1.25,
    1: 1.4,
    2: 1.4,
    3: 1.2,
}
KERO_HOME = {4: 45, 5: 12, 6: 0, 7: 0, 8: 0, 9: 0, 10: 25, 11: 95, 12: 160, 1: 200, 2: 185, 3: 125}
KERO_BIZ = {
    4: 1.0,
    5: 0.8,
    6: 0.7,
    7: 0.65,
    8: 0.65,
    9: 0.7,
    10: 0.85,
    11: 1.1,
    12: 1.4,
    1: 1.6,
    2: 1.55,
    3: 1.3,
}
# 灯油 delivered price ¥/L (household), anchors by month; business −¥8.
KERO_ANCHORS = {
    (2021, 4): 92,
    (2021, 10): 104,
    (2022, 3): 112,
    (2022, 9): 119,
    (2023, 3): 116,
    (2023, 9): 124,
    (2024, 3): 118,
    (2024, 9): 115,
    (2025, 3): 113,
    (2025, 6): 106,
    (2025, 12): 110,
    (2026, 6): 114,
    (2026, 12): 117,
    (2027, 6): 112,
    (2028, 3): 115,
}
NAMES_SEI = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山崎",
    "森",
    "阿部",
    "池田",
    "橋本",
    "石川",
    "前田",
    "藤田",
    "小川",
    "岡田",
    "後藤",
    "長谷川",
    "村上",
    "近藤",
    "石井",
    "坂本",
    "遠藤",
    "青木",
    "藤井",
    "西村",
    "福田",
    "太田",
    "三浦",
    "藤原",
    "岡本",
    "松田",
    "中川",
    "中野",
    "原田",
    "小野",
]
NAMES_MEI = [
    "一郎",
    "二郎",
    "三郎",
    "和夫",
    "正",
    "茂",
    "勇",
    "清",
    "博",
    "隆",
    "明",
    "実",
    "進",
    "豊",
    "弘",
    "修",
    "昭",
    "幸子",
    "和子",
    "洋子",
    "恵子",
    "京子",
    "節子",
    "美代子",
    "久美子",
    "智子",
    "裕子",
    "直美",
    "由美",
    "真由美",
]
BIZ_KIND = {"飲食店": 0.55, "旅館": 0.2, "工場": 0.25}
BIZ_NAMES = {
    "飲食店": ["食堂", "ラーメン", "焼肉", "寿司", "そば処", "居酒屋", "中華料理", "とんかつ"],
    "旅館": ["旅館", "温泉旅館", "ホテル", "民宿"],
    "工場": ["製作所", "工業", "精機", "食品工場", "金属", "化成"],
}


def fy(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def months(a: dt.date, b: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = a.year, a.month
    while (y, m) <= (b.year, b.month):
        out.append((y, m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def kero_price(y: int, m: int, rng: np.random.Generator, cache: dict) -> float:
    if (y, m) in cache:
        return cache[(y, m)]
    keys = sorted(KERO_ANCHORS)
    t = y * 12 + m
    for k0, k1 in itertools.pairwise(keys):
        t0, t1 = k0[0] * 12 + k0[1], k1[0] * 12 + k1[1]
        if t0 <= t <= t1:
            p = KERO_ANCHORS[k0] + (KERO_ANCHORS[k1] - KERO_ANCHORS[k0]) * (t - t0) / (t1 - t0)
            break
    cache[(y, m)] = round(p + rng.normal(0, 1.2))
    return cache[(y, m)]


def rday(y: int, m: int) -> int:
    """A day drawn over the whole month (a route works to the month's end)."""
    return int(RNG_DAYS.integers(1, calendar.monthrange(y, m)[1] + 1))


def workday(d: dt.date) -> dt.date:
    """Mon–Sat route days: a Sunday moves to Monday."""
    return d + dt.timedelta(days=1) if d.weekday() == 6 else d


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    town_list = list(TOWNS)
    town_w = np.array([1.1, 1.0, 1.0, 0.9, 0.9, 1.0, 0.9, 1.3, 1.0, 0.9])
    town_w = town_w / town_w.sum()

    # ---- customers
    custs: list[dict] = []
    code = 100001

    def new_cust(start: dt.date, biz: bool) -> dict:
        nonlocal code
        town = town_list[rng.choice(len(town_list), p=town_w)]
        branch, rep = TOWNS[town]
        c = {
            "code": str(code),
            "town": town,
            "branch": branch,
            "rep": rep,
            "start": start,
            "end": None,
            "biz": biz,
        }
        code += 1
        addr = (
            f"{CITY[branch]}{town}{rng.integers(1, 6)}-{rng.integers(1, 30)}-{rng.integers(1, 20)}"
        )
        c["addr"] = addr
        if biz:
            kind = rng.choice(list(BIZ_KIND), p=list(BIZ_KIND.values()))
            c["kind"] = str(kind)
            c["name"] = (
                f"{rng.choice(NAMES_SEI)}{rng.choice(BIZ_NAMES[kind])}"
                if kind != "工場"
                else f"(株){rng.choice(NAMES_SEI)}{rng.choice(BIZ_NAMES[kind])}"
            )
            c["lpg"] = True if kind != "工場" else bool(rng.random() < 0.5)
            c["kero"] = kind != "飲食店"
            base = {"飲食店": 80, "旅館": 280, "工場": 450}[kind]
            c["lpg_m3"] = base * rng.lognormal(0, 0.4)
            c["kero_l"] = {"飲食店": 0, "旅館": 1800, "工場": 2600}[kind] * rng.lognormal(0, 0.4)
        else:
            c["kind"] = "家庭"
            c["name"] = f"{rng.choice(NAMES_SEI)} {rng.choice(NAMES_MEI)}"
            r = rng.random()
            c["lpg"] = r < 0.78
            c["kero"] = (r >= 0.78) or (rng.random() < 0.5)
            c["lpg_m3"] = 10 * rng.lognormal(0, 0.35)
            c["kero_l"] = rng.lognormal(0, 0.35)  # a factor on KERO_HOME
        c["day"] = int(rng.integers(1, 29))  # the meter-reading day of the month
        c["switch"] = None  # LPG stopped (都市ガス) but the customer stays
        return c

    for _ in range(1480):
        custs.append(new_cust(START - dt.timedelta(days=int(rng.integers(200, 7000))), False))
    for _ in range(195):
        custs.append(new_cust(START - dt.timedelta(days=int(rng.integers(200, 5000))), True))
    # flows: new households ~55/yr, businesses ~14/yr; churn households ~3.2%/yr, business 7%/yr.
    for d in (START + dt.timedelta(days=i) for i in range((END - START).days + 1)):
        if rng.random() < 55 / 365:
            custs.append(new_cust(d, False))
        if rng.random() < 14 / 365:
            custs.append(new_cust(d, True))
    for c in custs:
        rate = 0.07 if c["biz"] else 0.032
        # exponential life from max(start, START)
        t0 = max(c["start"], START)
        life = rng.exponential(365 / rate)
        e = t0 + dt.timedelta(days=int(life))
        if e <= END:
            c["end"] = e
    # 都市ガス wave: みどり台 households on LPG, FY2025 (2025-06 … 2026-02): 55% switch.
    wave_lost = wave_switch = 0
    for c in custs:
        if (
            c["town"] == WAVE_TOWN
            and not c["biz"]
            and c["lpg"]
            and c["start"] < dt.date(2025, 6, 1)
            and (c["end"] is None or c["end"] > dt.date(2025, 6, 1))
            and rng.random() < 0.55
        ):
            d = dt.date(2025, 6, 1) + dt.timedelta(days=int(rng.integers(0, 270)))
            if c["kero"] and rng.random() < 0.45:
                c["switch"] = d
                wave_switch += 1
            else:
                c["end"] = d
                c["wave"] = True
                wave_lost += 1

    # ---- simulate lines (one line = one slip, except 給湯器 + 工事費)
    lines: list[
        dict
    ] = []  # date, slip, code, rep(driver), assigned, cat, item, qty, unit, price, amount
    visits: list[dict] = []
    price_cache: dict = {}
    slip = 500000
    for c in custs:
        meter = float(rng.integers(100, 3000))
        lpg_stock = 0.0
        for y, m in months(max(c["start"], START), END):
            first = dt.date(y, m, 1)
            if c["end"] and first > c["end"]:
                break
            f = fy(first)
            warm = 0.8 if (WARM and f == 2024 and m in (11, 12, 1, 2, 3)) else 1.0
            # LPG: monthly meter reading → billing line
            lpg_on = (
                c["lpg"]
                and (c["switch"] is None or first < c["switch"])
                and c["start"] <= first + dt.timedelta(days=27)
            )
            if lpg_on:
                d = workday(dt.date(y, m, c["day"]))
                if c["end"] and d > c["end"]:
                    pass
                elif d >= c["start"]:
                    use = (
                        c["lpg_m3"]
                        * LPG_SEASON[m]
                        * (0.95 if warm < 1 else 1.0)
                        * rng.lognormal(0, 0.08)
                    )
                    use = round(use, 1)
                    step = 1.06 if d >= LPG_STEP else 1.0
                    if c["biz"]:
                        unit_p, base = 420 * step, 3000 * step
                    else:
                        unit_p, base = 600 * step, 1800 * step
                    amt = round(base + use * unit_p)
                    slip += 1
                    lines.append(
                        dict(
                            date=d,
                            slip=slip,
                            c=c,
                            cat="LPガス",
                            item="LPガス(従量)",
                            qty=use,
                            unit="m3",
                            price=round(amt / use, 1) if use else 0,
                            amount=amt,
                        )
                    )
                    meter += use
                    visits.append(dict(date=d, c=c, kind="検針", slip="", meter=round(meter, 1)))
                    # cylinder swaps: every ~24 m3 (households) / bulk every ~ 200 m3
                    lpg_stock += use
                    cap = 24 if not c["biz"] else 180
                    while lpg_stock >= cap:
                        lpg_stock -= cap
                        sd = workday(dt.date(y, m, rday(y, m)))
                        if (c["end"] is None or sd <= c["end"]) and sd >= c["start"]:
                            visits.append(dict(date=sd, c=c, kind="ボンベ交換", slip="", meter=""))
                    if rng.random() < 1 / 48:
                        visits.append(
                            dict(
                                date=workday(dt.date(y, m, rday(y, m))),
                                c=c,
                                kind="保安点検",
                                slip="",
                                meter="",
                            )
                        )
            # 灯油 deliveries
            if c["kero"]:
                if c["biz"]:
                    need = c["kero_l"] * KERO_BIZ[m] * warm * rng.lognormal(0, 0.1)
                    per = 600 if c["kind"] == "旅館" else 900
                    pdelta = -8
                else:
                    need = KERO_HOME[m] * c["kero_l"] * warm * rng.lognormal(0, 0.15)
                    per = 90 * rng.lognormal(0, 0.2)
                    pdelta = 0
                n = (
                    int(need // per + (1 if rng.random() < (need % per) / per else 0))
                    if need > 5
                    else 0
                )
                kp = kero_price(y, m, rng, price_cache) + pdelta
                for _ in range(n):
                    d = workday(dt.date(y, m, rday(y, m)))
                    if (c["end"] and d > c["end"]) or d < c["start"]:
                        continue
                    q = round(need / n)
                    slip += 1
                    lines.append(
                        dict(
                            date=d,
                            slip=slip,
                            c=c,
                            cat="灯油",
                            item="灯油",
                            qty=q,
                            unit="L",
                            price=kp,
                            amount=round(q * kp),
                        )
                    )
                    visits.append(dict(date=d, c=c, kind="灯油配達", slip=slip, meter=""))
            # 住設機器
            p = (0.045 if not c["biz"] else 0.03) / 12 * (2.2 if m in (10, 11, 12) else 0.8)
            if rng.random() < p:
                d = workday(dt.date(y, m, rday(y, m)))
                if (c["end"] is None or d <= c["end"]) and d >= c["start"]:
                    slip += 1
                    if m in (10, 11, 12) and rng.random() < 0.5:
                        item, amt = "石油ファンヒーター", int(rng.integers(25, 55)) * 1000
                        lines.append(
                            dict(
                                date=d,
                                slip=slip,
                                c=c,
                                cat="住設機器",
                                item=item,
                                qty=1,
                                unit="台",
                                price=amt,
                                amount=amt,
                            )
                        )
                    elif rng.random() < 0.5:
                        item, amt = "ガス給湯器", int(rng.integers(150, 290)) * 1000
                        lines.append(
                            dict(
                                date=d,
                                slip=slip,
                                c=c,
                                cat="住設機器",
                                item=item,
                                qty=1,
                                unit="台",
                                price=amt,
                                amount=amt,
                            )
                        )
                        lines.append(
                            dict(
                                date=d,
                                slip=slip,
                                c=c,
                                cat="住設機器",
                                item="取付工事費",
                                qty=1,
                                unit="式",
                                price=35000,
                                amount=35000,
                            )
                        )
                    else:
                        item, amt = "ガスコンロ", int(rng.integers(50, 130)) * 1000
                        lines.append(
                            dict(
                                date=d,
                                slip=slip,
                                c=c,
                                cat="住設機器",
                                item=item,
                                qty=1,
                                unit="台",
                                price=amt,
                                amount=amt,
                            )
                        )
                    visits.append(dict(date=d, c=c, kind="機器納品", slip=slip, meter=""))

    def driver(c: dict, d: dt.date) -> str:
        if c["rep"] in COVER and LEAVE[0] <= d <= LEAVE[1]:
            return COVER[c["rep"]]
        return c["rep"]

    lines.sort(key=lambda r: (r["date"], r["slip"]))
    visits.sort(key=lambda r: (r["date"], r["c"]["code"]))

    # ---- exports
    enc = "cp932"
    with open(out / "売上月報_2021-2023.csv", "w", encoding=enc, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["年月", "得意先コード", "得意先名", "担当", "商品区分", "数量", "金額", "配送回数"]
        )
        agg: dict = defaultdict(lambda: [0.0, 0, 0])
        for r in lines:
            if r["date"] < HANDY_START:
                k = (r["date"].year, r["date"].month, r["c"]["code"], r["cat"])
                a = agg[k]
                a[0] += r["qty"] if r["item"] != "取付工事費" else 0
                a[1] += r["amount"]
                a[2] += 1 if r["item"] != "取付工事費" else 0
        byc = {c["code"]: c for c in custs}
        for (y, m, cc, cat), (q, amt, n) in sorted(agg.items()):
            c = byc[cc]
            w.writerow([f"{y}/{m:02d}", cc, c["name"], c["rep"], cat, round(q, 1), amt, n])
    with open(out / "配送明細_2024-.csv", "w", encoding=enc, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "配送日",
                "伝票番号",
                "得意先コード",
                "得意先名",
                "担当者",
                "商品区分",
                "商品名",
                "数量",
                "単位",
                "単価",
                "金額",
            ]
        )
        for r in lines:
            if HANDY_START <= r["date"] <= EXPORT_END:
                c = r["c"]
                w.writerow(
                    [
                        r["date"].strftime("%Y/%m/%d"),
                        r["slip"],
                        c["code"],
                        c["name"],
                        driver(c, r["date"]),
                        r["cat"],
                        r["item"],
                        r["qty"],
                        r["unit"],
                        r["price"],
                        r["amount"],
                    ]
                )
    with open(out / "ハンディ作業記録.csv", "w", encoding=enc, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["作業日", "担当者", "得意先コード", "得意先名", "作業区分", "伝票番号", "指針"])
        for v in visits:
            if HANDY_START <= v["date"] <= EXPORT_END:
                c = v["c"]
                w.writerow(
                    [
                        v["date"].strftime("%Y/%m/%d"),
                        driver(c, v["date"]),
                        c["code"],
                        c["name"],
                        v["kind"],
                        v["slip"],
                        v["meter"],
                    ]
                )
    typed_end = 0
    with open(out / "得意先マスタ.csv", "w", encoding=enc, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["得意先コード", "得意先名", "担当者", "営業所", "住所", "顧客区分", "契約日", "解約日"]
        )
        for c in custs:
            if c["start"] > EXPORT_END:
                continue
            end = ""
            # the office types the 解約 for 都市ガス switchers (a form is filled) and for about 40% of the rest
            if c["end"] and c["end"] <= EXPORT_END and (c.get("wave") or rng.random() < 0.4):
                end = c["end"].strftime("%Y/%m/%d")
                typed_end += 1
            w.writerow(
                [
                    c["code"],
                    c["name"],
                    c["rep"],
                    c["branch"],
                    c["addr"],
                    c["kind"],
                    c["start"].strftime("%Y/%m/%d"),
                    end,
                ]
            )

    # ---- truth
    T: dict = {
        "seed": SEED,
        "export_end": str(EXPORT_END),
        "leave": [str(LEAVE[0]), str(LEAVE[1]), "佐藤 健", "伊藤 翔"],
    }
    rev = defaultdict(float)
    slips = defaultdict(set)
    rep_rev = defaultdict(lambda: defaultdict(float))
    cat_rev = defaultdict(lambda: defaultdict(float))
    cat_qty = defaultdict(lambda: defaultdict(float))
    month_rev = defaultdict(float)
    month_kero_l = defaultdict(float)
    month_kero_amt = defaultdict(float)
    branch_rev = defaultdict(lambda: defaultdict(float))
    for r in lines:
        f = fy(r["date"])
        rev[f] += r["amount"]
        slips[f].add(r["slip"])
        rep_rev[f][r["c"]["rep"]] += r["amount"]
        branch_rev[f][r["c"]["branch"]] += r["amount"]
        cat_rev[f][r["cat"]] += r["amount"]
        if r["item"] != "取付工事費":
            cat_qty[f][r["cat"]] += r["qty"]
        ym = f"{r['date'].year}-{r['date'].month:02d}"
        month_rev[ym] += r["amount"]
        if r["cat"] == "灯油":
            month_kero_l[ym] += r["qty"]
            month_kero_amt[ym] += r["amount"]
    T["fy_revenue"] = {f: round(v) for f, v in sorted(rev.items())}
    T["fy_slips"] = {f: len(s) for f, s in sorted(slips.items())}
    T["fy_rep_revenue"] = {
        f: {k: round(v) for k, v in sorted(d.items())} for f, d in sorted(rep_rev.items())
    }
    T["fy_branch_revenue"] = {
        f: {k: round(v) for k, v in d.items()} for f, d in sorted(branch_rev.items())
    }
    T["fy_cat_revenue"] = {
        f: {k: round(v) for k, v in d.items()} for f, d in sorted(cat_rev.items())
    }
    T["fy_cat_qty"] = {f: {k: round(v) for k, v in d.items()} for f, d in sorted(cat_qty.items())}
    T["month_revenue"] = {k: round(v) for k, v in sorted(month_rev.items())}
    T["month_kero_price"] = {
        k: round(month_kero_amt[k] / month_kero_l[k], 1)
        for k in sorted(month_kero_l)
        if month_kero_l[k]
    }
    T["fy2026_to_2026-11"] = round(
        sum(r["amount"] for r in lines if dt.date(2026, 4, 1) <= r["date"] <= dt.date(2026, 11, 30))
    )
    T["fy2026_to_export_end"] = round(
        sum(r["amount"] for r in lines if dt.date(2026, 4, 1) <= r["date"] <= EXPORT_END)
    )
    T["last12_2025-12_2026-11"] = round(
        sum(
            r["amount"] for r in lines if dt.date(2025, 12, 1) <= r["date"] <= dt.date(2026, 11, 30)
        )
    )
    T["last12_rep"] = {}
    for r in lines:
        if dt.date(2025, 12, 1) <= r["date"] <= dt.date(2026, 11, 30):
            T["last12_rep"][r["c"]["rep"]] = T["last12_rep"].get(r["c"]["rep"], 0) + r["amount"]
    # accounts: a customer is won on its start, lost on its end (any product); LPG switchers stay.
    won = defaultdict(int)
    lost = defaultdict(int)
    lost_wave = defaultdict(int)
    for c in custs:
        if c["start"] >= START:
            won[fy(c["start"])] += 1
        if c["end"]:
            lost[fy(c["end"])] += 1
            if c.get("wave"):
                lost_wave[fy(c["end"])] += 1
    T["fy_won"] = dict(sorted(won.items()))
    T["fy_lost"] = dict(sorted(lost.items()))
    T["fy_lost_wave"] = dict(sorted(lost_wave.items()))
    T["wave"] = {
        "town": WAVE_TOWN,
        "lost_customers": wave_lost,
        "lpg_switched_kept_kerosene": wave_switch,
    }
    for label, day in (
        ("alive_2025-03-31", dt.date(2025, 3, 31)),
        ("alive_2026-03-31", dt.date(2026, 3, 31)),
        ("alive_2026-12-04", EXPORT_END),
    ):
        T[label] = sum(
            1 for c in custs if c["start"] <= day and (c["end"] is None or c["end"] > day)
        )
    T["master_rows"] = sum(1 for c in custs if c["start"] <= EXPORT_END)
    T["master_typed_ends"] = typed_end
    T["master_ends_total_to_export"] = sum(1 for c in custs if c["end"] and c["end"] <= EXPORT_END)
    # visits per FY (handheld) and by kind
    vk = defaultdict(lambda: defaultdict(int))
    for v in visits:
        vk[fy(v["date"])][v["kind"]] += 1
    T["fy_visits_by_kind"] = {f: dict(d) for f, d in sorted(vk.items())}
    mv = defaultdict(int)
    mvd = defaultdict(set)  # distinct customer-days (a 検針 and a 灯油配達 on one day: one stop)
    for v in visits:
        ym = f"{v['date'].year}-{v['date'].month:02d}"
        mv[ym] += 1
        mvd[ym].add((v["date"], v["c"]["code"]))
    T["month_visit_rows"] = dict(sorted(mv.items()))
    T["month_visit_stops"] = {k: len(x) for k, x in sorted(mvd.items())}
    ms = defaultdict(set)
    for r in lines:
        ms[f"{r['date'].year}-{r['date'].month:02d}"].add(r["slip"])
    T["month_slips"] = {k: len(x) for k, x in sorted(ms.items())}
    # accounts alive at each month's end
    T["month_alive"] = {}
    for y, m in months(START, END):
        last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        T["month_alive"][f"{y}-{m:02d}"] = sum(
            1 for c in custs if c["start"] <= last and (c["end"] is None or c["end"] > last)
        )
    T["customers"] = {
        c["code"]: [
            str(c["start"]),
            str(c["end"]) if c["end"] else "",
            c["kind"],
            int(c["lpg"]),
            int(c["kero"]),
            str(c["switch"]) if c["switch"] else "",
            c["town"],
            c["rep"],
        ]
        for c in custs
    }
    # unit price (¥ per slip) per FY
    T["fy_yen_per_slip"] = {f: round(rev[f] / len(slips[f])) for f in rev}
    (out / "truth.json").write_text(
        json.dumps(T, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(
        json.dumps(
            {
                k: T[k]
                for k in (
                    "fy_revenue",
                    "fy_slips",
                    "fy_won",
                    "fy_lost",
                    "wave",
                    "alive_2026-12-04",
                    "fy2026_to_2026-11",
                    "last12_2025-12_2026-11",
                )
            },
            ensure_ascii=False,
            default=str,
        )
    )


if __name__ == "__main__":
    main()
