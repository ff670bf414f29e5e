# ruff: noqa: E501
"""Trial 53: a regional book & stationery distributor (書籍・文具の地域卸), FY July–June, a shrinking market.

gen_data.py DIR — writes (seed 53, deterministic):
  売上明細/売上明細_YYYYMM.csv  (Shift_JIS, one file per month 2022-07 … 2026-12, the last to 2026-12-04):
      伝票日付, 伝票番号, 伝票区分 (売上/返品/値引), 得意先コード, 得意先名, 担当者コード, 担当者名 (the rep who booked the
      slip: the rep at the time), 商品コード (ISBN-13 or a 文具 code), 書名・品名, 数量, 本体価格, 掛率(%), 金額
      — returns and discounts are POSITIVE quantity and amount, marked by 伝票区分 返品 / 値引 (this export's convention).
  得意先マスタ.csv (Shift_JIS): 得意先コード, 得意先名, 業態, 担当者コード, 担当者名 (today's), 取引開始日, 取引状態 (取引中/休眠/閉店)
  訪問記録.csv (UTF-8 with BOM, a Google-Sheets export, 2024-07-01 … 2026-12-04): 日付, 担当, 訪問先 (typed name), 目的, メモ
  truth.json
Fiscal year: July–June; named by the year it ENDS in (FY2027 = 2026-07 … 2027-06), as the company does.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import holidays
import numpy as np

SEED = 53
START = dt.date(
    2022, 3, 1
)  # simulated from March 2022 so July 2022 carries the returns of earlier shipments
EXPORT_START = dt.date(2022, 7, 1)
END = dt.date(2027, 6, 30)  # simulate to the end of FY2027
EXPORT_END = dt.date(2026, 12, 4)  # the manager exports on Monday 2026-12-07: lines to Friday 12-04
VISITS_START = dt.date(2024, 7, 1)
RETIRE = dt.date(2026, 6, 30)

REPS = [
    ("S01", "佐藤 健一"),
    ("S02", "鈴木 大輔"),
    ("S03", "高橋 美咲"),
    ("S04", "田中 浩"),
    ("S05", "伊藤 修"),
    ("S06", "渡辺 恵子"),
    ("S07", "中村 翔"),
    ("S08", "山口 正夫"),  # retires 2026-06-30; his accounts go to S02 / S05 from 2026-07-01
]
CHAIN = "ブックスみなと"
CHAIN_CLOSE = {  # three of its stores close in FY2027 (the last after today)
    "みなと 駅前店": dt.date(2026, 8, 31),
    "みなと 北町店": dt.date(2026, 11, 30),
    "みなと 港南店": dt.date(2027, 2, 28),
}

rng = np.random.default_rng(SEED)
JPH = holidays.country_holidays("JP", years=range(2022, 2028))


def fy(d: dt.date) -> int:
    """Fiscal year named by its END year (July start)."""
    return d.year + 1 if d.month >= 7 else d.year


def is_work(d: dt.date) -> bool:
    if d.weekday() >= 5 or d in JPH:
        return False
    if (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3):
        return False
    return not (d.month == 8 and 13 <= d.day <= 15)


def month_days(y: int, m: int) -> list[dt.date]:
    d = dt.date(y, m, 1)
    out = []
    while d.month == m:
        if is_work(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def next_work(d: dt.date) -> dt.date:
    while not is_work(d):
        d += dt.timedelta(days=1)
    return d


MONTHS = []
y, m = START.year, START.month
while dt.date(y, m, 1) <= END:
    MONTHS.append((y, m))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
WDAYS = {ym: month_days(*ym) for ym in MONTHS}

# ---- catalogue: book titles released over time at +3%/yr list prices; stationery with a +6% revision on 2024-10-01
SYL = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
WORDS = [
    "の森",
    "物語",
    "入門",
    "図鑑",
    "の旅",
    "ノート",
    "の時間",
    "新書",
    "大全",
    "ドリル",
    "の地図",
    "日記",
    "の手帖",
    "事典",
]


def isbn(i: int) -> str:
    body = f"97848{i:07d}"
    s = sum(int(c) * (1 if k % 2 == 0 else 3) for k, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


TITLES = []  # (code, name, release date, list price)
for i in range(4000):
    rel = dt.date(2019, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 8 + 180)))
    base = float(np.exp(rng.normal(math.log(1400), 0.45)))
    price = round(base * 1.03 ** ((rel - dt.date(2022, 7, 1)).days / 365.25) / 10) * 10
    name = "".join(rng.choice(list(SYL), int(rng.integers(2, 5)))) + str(rng.choice(WORDS))
    TITLES.append((isbn(i), name, rel, price))
TEXTS = []  # 教材 for schools (bought outright, 掛率 85, priced per year's edition)
for i in range(120):
    TEXTS.append(
        (
            isbn(9000 + i),
            f"{['国語', '数学', '英語', '理科', '社会'][i % 5]}ワーク {i // 5 + 1}",
            float(np.exp(rng.normal(math.log(900), 0.3))),
        )
    )
STAT = []  # 文具 (list price before the 2024-10 revision)
for i in range(400):
    STAT.append(
        (
            f"B{i:05d}",
            f"{['ボールペン', 'ノート', 'ファイル', 'のり', 'はさみ', '消しゴム', '定規', '付箋'][i % 8]} {i:03d}",
            round(float(np.exp(rng.normal(math.log(250), 0.7))), -1) or 100,
        )
    )
STAT_REV = dt.date(2024, 10, 1)


def month_titles(d: dt.date) -> tuple[np.ndarray, np.ndarray]:
    idx = [k for k, t in enumerate(TITLES) if d - dt.timedelta(days=3 * 365) <= t[2] <= d]
    age = np.array([(d - TITLES[k][2]).days / 365 for k in idx])
    w = np.exp(-age / 0.8)
    return np.array(idx), w / w.sum()


TCACHE = {ym: month_titles(dt.date(*ym, 15)) for ym in MONTHS}

# ---- accounts
KANJI = [
    "文栄堂",
    "明林",
    "鳳文館",
    "紀陽",
    "三省",
    "旭屋",
    "東光",
    "大和",
    "金華堂",
    "青雲",
    "松栄",
    "白樺",
    "朝日",
    "春秋",
    "星林",
    "弘文",
    "北斗",
    "清風",
    "若葉",
    "不二",
    "宝文",
    "光陽",
    "栄文",
    "緑風",
    "天神",
    "有隣",
    "共栄",
    "丸三",
    "昭和",
    "平和",
]
TOWNS = [
    "本町",
    "駅前",
    "中央",
    "北口",
    "南町",
    "港",
    "新田",
    "桜台",
    "緑ヶ丘",
    "東町",
    "西町",
    "旭町",
    "栄町",
    "城北",
    "川口",
]


class Acct:
    def __init__(
        self,
        code: str,
        name: str,
        kind: str,
        rep: str,
        start: dt.date,
        monthly: float,
        hist_start: dt.date,
    ):
        self.code, self.name, self.kind, self.rep = code, name, kind, rep
        self.start, self.end = start, None  # end: last day of trading (closure)
        self.monthly = (
            monthly  # net-of-returns revenue a month at FY2023 prices (gross for non-委託)
        )
        self.hist_start = hist_start
        self.rep_hist: list[tuple[dt.date, str]] = [(dt.date(1900, 1, 1), rep)]

    def rep_at(self, d: dt.date) -> str:
        r = self.rep_hist[0][1]
        for since, rr in self.rep_hist:
            if d >= since:
                r = rr
        return r


accts: list[Acct] = []
used_names: set[str] = set()


def uniq(n: str) -> str:
    """A name no other account has: a second store of a name gets a town (no 「…書店2」 a real master would not hold)."""
    base = n
    while n in used_names:
        n = (
            f"{base} {rng.choice(TOWNS)}{rng.choice(['店', '支店', '分室'])}"
            if "学校" not in base
            else base.replace(" ", f" {rng.choice(TOWNS)}", 1)
        )
    used_names.add(n)
    return n


def new_code(kind: str) -> str:
    pre = {"書店": "1", "文具店": "2", "学校": "3", "図書館": "4", "チェーン": "5"}[kind]
    return f"{pre}{len(accts) + 1:05d}"


def rep_pick() -> str:
    # S08 held a bit less than the others (older rep, a smaller book)
    return str(rng.choice([r[0] for r in REPS], p=[0.13, 0.13, 0.12, 0.13, 0.13, 0.13, 0.13, 0.10]))


def old_start() -> dt.date:
    return dt.date(1980, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 42)))


def add(
    kind: str,
    start: dt.date | None = None,
    name: str | None = None,
    rep: str | None = None,
    monthly: float | None = None,
) -> Acct:
    st = start or old_start()
    if name is None:
        k = str(rng.choice(KANJI))
        t = str(rng.choice(TOWNS))
        name = {
            "書店": [f"{k}書店", f"株式会社{k}書店", f"{k}書店 {t}店", f"有限会社{k}書房"][
                int(rng.integers(0, 4))
            ],
            "文具店": [f"{k}文具店", f"株式会社{k}文具", f"{k}事務機", f"有限会社{k}堂文具"][
                int(rng.integers(0, 4))
            ],
            # the master writes the founder apart (「県立 本町高等学校」, 「学校法人 青雲学園 中学校」), as many hand-typed masters do
            "学校": [
                f"市立 {t}中学校",
                f"県立 {t}高等学校",
                f"学校法人 {k}学園 {['中学校', '高等学校', '小学校'][int(rng.integers(0, 3))]}",
                f"市立 {t}小学校",
            ][int(rng.integers(0, 4))],
            "図書館": [f"市立{t}図書館", f"{t}分館図書室", f"県立{t}高等学校 図書館"][
                int(rng.integers(0, 3))
            ],
        }[kind]
    name = uniq(name)
    if monthly is None:
        med = {"書店": 140_000, "文具店": 90_000, "学校": 230_000, "図書館": 80_000}[kind]
        monthly = float(med * np.exp(rng.normal(0, 0.75 if kind == "書店" else 0.5)))
    a = Acct(new_code(kind), name, kind, rep or rep_pick(), st, monthly, max(st, START))
    accts.append(a)
    return a


for _ in range(232):
    add("書店")
for _ in range(118):
    add("文具店")
for _ in range(52):
    add("学校")
for _ in range(36):
    add("図書館")
for store in [
    "みなと 駅前店",
    "みなと 北町店",
    "みなと 港南店",
    "みなと 本店",
    "みなと 西口店",
    "みなと 大通店",
    "みなと 緑ヶ丘店",
    "みなと 空港店",
]:
    add(
        "チェーン",
        name=f"株式会社{CHAIN} {store}",
        rep="S03",
        monthly=float(700_000 * np.exp(rng.normal(0, 0.2))),
    )
for ch, stores in (
    ("ブックスたいよう", ["中央店", "東店", "モール店"]),
    ("ひかり文具センター", ["本店", "南店"]),
):
    for s in stores:
        add(
            "チェーン",
            name=f"株式会社{ch} {s}",
            rep="S07" if ch.startswith("ブ") else "S06",
            monthly=float(450_000 * np.exp(rng.normal(0, 0.3))),
        )

# closures and new accounts over the simulated years
HAZ = {"書店": 0.05, "文具店": 0.04, "学校": 0.01, "図書館": 0.0, "チェーン": 0.0}
for a in list(accts):
    if a.kind == "チェーン":
        for store, d in CHAIN_CLOSE.items():
            if a.name.endswith(store):
                a.end = d
        continue
    h = HAZ[a.kind]
    if h and rng.random() < 1 - math.exp(-h * (END - START).days / 365.25):
        a.end = START + dt.timedelta(days=int(rng.integers(20, (END - START).days)))
        if a.kind == "学校":  # a school merges at a school year's end
            a.end = dt.date(a.end.year, 3, 31)
new_plan = []
for y in range(2022, 2027 + 1):
    for kind, n in (("図書館", 1), ("書店", 1), ("文具店", 1)):
        for _ in range(int(rng.poisson(n * 0.8))):
            d = dt.date(y, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
            if START + dt.timedelta(days=30) < d < END:
                new_plan.append((kind, d))
    if y % 2 == 0:
        new_plan.append(("学校", dt.date(y, 4, 1)))
for kind, d in sorted(new_plan, key=lambda x: x[1]):
    a = add(kind, start=d)
    a.monthly *= 0.6  # new accounts start small

# the retirement: S08's accounts split between S02 and S05 from 2026-07-01
for a in accts:
    if a.rep == "S08":
        if a.start > RETIRE:
            a.rep = "S02"
            a.rep_hist = [(dt.date(1900, 1, 1), "S02")]
            continue
        to = "S02" if int(a.code) % 2 == 0 else "S05"
        a.rep_hist.append((RETIRE + dt.timedelta(days=1), to))
        a.rep = to
REPNAME = dict(REPS)

# ---- simulate lines
TREND = {
    "書店": -0.02,
    "文具店": -0.015,
    "学校": -0.02,
    "図書館": 0.0,
    "チェーン": -0.03,
}  # volume per account a year
ITAKU = {"書店", "チェーン"}
RET_P, RET_FRAC = 0.40, 0.75  # 40% of 委託 lines come back, 3/4 of their copies: ~30% of shipments
KAKE = {"書店": 78, "チェーン": 76, "文具店": 65, "学校": 85, "図書館": 90}
SEAS = [
    1.0,
    0.95,
    0.95,
    1.0,
    1.05,
    1.2,
    0.9,
    0.85,
    1.1,
    1.0,
    0.95,
    0.95,
]  # Jul … Jun, books (夏休み, 年末, 新学期)
lines: list[dict] = []
slip_no = [100000]
pending_returns: dict[tuple[str, dt.date], list] = defaultdict(list)


def new_slip() -> str:
    slip_no[0] += 1
    return f"{slip_no[0]:07d}"


def price_stat(p: float, d: dt.date) -> int:
    return int(round(p * (1.06 if d >= STAT_REV else 1.0), -1))


for a in accts:
    lasts: list[tuple] = []  # shipped 委託 lines (for the closing-month return)
    for ym in MONTHS:
        first = dt.date(*ym, 1)
        days = [d for d in WDAYS[ym] if d >= a.start and (a.end is None or d <= a.end)]
        if not days:
            continue
        yrs = (first - START).days / 365.25
        vol = a.monthly * (1 + TREND[a.kind]) ** yrs
        fm = (ym[1] - 7) % 12
        if a.kind == "学校":
            # the school lump: textbooks and 教材 in March (60%) and April (40%) only; nothing else all year
            if ym[1] not in (3, 4):
                continue
            amt = vol * 12 * (0.6 if ym[1] == 3 else 0.4) * float(np.exp(rng.normal(0, 0.15)))
            nslips = 4 if ym[1] == 3 else 3
        elif a.kind == "図書館":
            amt = (
                vol
                * [0.7, 0.7, 0.9, 1.0, 1.0, 1.1, 0.8, 1.2, 1.6, 0.6, 1.2, 1.2][fm]
                * float(np.exp(rng.normal(0, 0.25)))
            )
            nslips = max(1, int(rng.poisson(2)))
        else:
            gross_up = 1 / (1 - RET_P * RET_FRAC) if a.kind in ITAKU else 1.0
            amt = vol * gross_up * SEAS[fm] * float(np.exp(rng.normal(0, 0.2)))
            nslips = int(rng.poisson(max(0.5, amt / 45_000)))
            nslips = min(nslips, 3 * len(days))
        if nslips == 0:
            continue
        per = amt / nslips
        for _s in range(nslips):
            d = days[int(rng.integers(0, len(days)))]
            sn = new_slip()
            rep = a.rep_at(d)
            left = per * float(np.exp(rng.normal(0, 0.3)))
            book = a.kind in ITAKU or a.kind == "図書館" or (a.kind == "書店")
            slip_total = 0
            while left > 0:
                if a.kind == "学校":
                    t = TEXTS[int(rng.integers(0, len(TEXTS)))]
                    code, name = t[0], t[1]
                    price = int(round(t[2] * 1.03 ** (fy(d) - 2023), -1))
                    qty = int(rng.integers(20, 160))
                elif (
                    a.kind == "文具店"
                    or (a.kind == "チェーン" and "文具" in a.name)
                    or (book and rng.random() < 0.1)
                ):
                    t = STAT[int(rng.integers(0, len(STAT)))]
                    code, name = t[0], t[1]
                    price = price_stat(t[2], d)
                    qty = int(rng.integers(5, 60))
                else:
                    idx, w = TCACHE[ym]
                    t = TITLES[int(rng.choice(idx, p=w))]
                    code, name, price = t[0], t[1], t[3]
                    qty = 1 + int(rng.geometric(1 / 12))
                kake = KAKE[a.kind] if not code.startswith("B") else 65
                amount = round(qty * price * kake / 100)
                lines.append(
                    dict(
                        d=d,
                        no=sn,
                        kbn="売上",
                        acc=a,
                        rep=rep,
                        code=code,
                        name=name,
                        qty=qty,
                        price=price,
                        kake=kake,
                        amt=amount,
                    )
                )
                slip_total += amount
                left -= amount
                if code.startswith("97848") and a.kind in ITAKU:
                    lasts.append((d, code, name, qty, price, kake))
                    if rng.random() < RET_P:
                        rq = int(rng.binomial(qty, RET_FRAC))
                        if rq:
                            rd = next_work(d + dt.timedelta(days=int(rng.integers(30, 122))))
                            pending_returns[(a.code, rd)].append((code, name, rq, price, kake))
                            lasts[-1] = (d, code, name, qty - rq, price, kake)
            if (
                a.kind == "書店" and rng.random() < 0.03
            ):  # a 値引 line (positive, 区分 値引): 3% of the slip
                lines.append(
                    dict(
                        d=d,
                        no=sn,
                        kbn="値引",
                        acc=a,
                        rep=rep,
                        code="",
                        name="値引",
                        qty=None,
                        price=None,
                        kake=None,
                        amt=int(slip_total * 0.03),
                    )
                )
    if a.end is not None and a.kind in ITAKU:
        # 閉店返品: a closing store sends back what it still holds of the last 4 months, 2–4 weeks after closing
        rd = next_work(a.end + dt.timedelta(days=int(rng.integers(14, 30))))
        for d, code, name, q, price, kake in lasts:
            if (a.end - d).days <= 120 and q > 0:
                pending_returns[(a.code, rd)].append(
                    (code, name, max(1, int(q * 0.9)), price, kake)
                )
ACC = {a.code: a for a in accts}
for (code, rd), items in pending_returns.items():
    a = ACC[code]
    sn = new_slip()
    for c, n, q, p, k in items:
        lines.append(
            dict(
                d=rd,
                no=sn,
                kbn="返品",
                acc=a,
                rep=a.rep_at(rd),
                code=c,
                name=n,
                qty=q,
                price=p,
                kake=k,
                amt=round(q * p * k / 100),
            )
        )
lines = [
    r for r in lines if EXPORT_START <= r["d"] <= END
]  # returns of June 2027 shipments fall after the simulated year
lines.sort(key=lambda r: (r["d"], r["no"]))


def signed(r: dict) -> int:
    return r["amt"] if r["kbn"] == "売上" else -r["amt"]


# ---- truth
T: dict = {
    "seed": SEED,
    "fiscal": "July–June, named by END year (FY2027 = 2026-07 … 2027-06)",
    "export_end": str(EXPORT_END),
    "today": "2026-12-07",
    "returns_convention": "positive 数量 and 金額 with 伝票区分 返品 / 値引",
}
fyd: dict = defaultdict(lambda: defaultdict(float))
mon: dict = defaultdict(lambda: defaultdict(float))
rep_fy: dict = defaultdict(lambda: defaultdict(float))
holder_fy: dict = defaultdict(lambda: defaultdict(float))
kind_fy: dict = defaultdict(lambda: defaultdict(float))
slips: dict = defaultdict(set)
acct_month: dict = defaultdict(float)
acct_month_sales: dict = defaultdict(float)
for r in lines:
    f = fy(r["d"])
    s = signed(r)
    fyd[f][r["kbn"]] += r["amt"]
    fyd[f]["net"] += s
    ym = f"{r['d'].year}-{r['d'].month:02d}"
    mon[ym][r["kbn"]] += r["amt"]
    mon[ym]["net"] += s
    if r["d"] <= EXPORT_END:
        mon[ym]["net_exported"] += s
    rep_fy[f][REPNAME[r["rep"]]] += s
    holder_fy[f][REPNAME[r["acc"].rep]] += s
    kind_fy[f][r["acc"].kind] += s
    if r["kbn"] == "売上":
        slips[f].add(r["no"])
    acct_month[(r["acc"].code, ym)] += s
    if r["kbn"] == "売上":
        acct_month_sales[(r["acc"].code, ym)] += r["amt"]
T["fy"] = {
    f"FY{f}": {k: round(v) for k, v in d.items()} | {"orders_sales_slips": len(slips[f])}
    for f, d in sorted(fyd.items())
}
for f in T["fy"]:
    d = T["fy"][f]
    d["returns_rate_of_sales"] = round(d.get("返品", 0) / d["売上"], 4)
T["fy_net_yoy"] = {
    f"FY{f}": round(fyd[f]["net"] / fyd[f - 1]["net"] - 1, 4) for f in sorted(fyd) if f - 1 in fyd
}
T["months"] = {k: {kk: round(vv) for kk, vv in v.items()} for k, v in sorted(mon.items())}
T["rep_fy_at_time"] = {
    f"FY{f}": {k: round(v) for k, v in d.items()} for f, d in sorted(rep_fy.items())
}
T["holder_fy_today"] = {
    f"FY{f}": {k: round(v) for k, v in d.items()} for f, d in sorted(holder_fy.items())
}
T["kind_fy"] = {f"FY{f}": {k: round(v) for k, v in d.items()} for f, d in sorted(kind_fy.items())}
neg = [(k, v) for k, v in acct_month.items() if v < 0 and acct_month_sales.get(k, 0) == 0]
T["account_months_return_only"] = {"count": len(neg), "yen": round(sum(v for _, v in neg))}
T["fy_accounts"] = {}
for f in range(2023, 2028):
    s0, s1 = dt.date(f - 1, 7, 1), dt.date(f, 6, 30)
    T["fy_accounts"][f"FY{f}"] = {
        "lost": sum(1 for a in accts if a.end and s0 <= a.end <= s1),
        "won": sum(1 for a in accts if s0 <= a.start <= s1),
        "held_at_start": sum(1 for a in accts if a.start < s0 and (a.end is None or a.end >= s0)),
    }
T["chain"] = {
    "name": CHAIN,
    "closures": {k: str(v) for k, v in CHAIN_CLOSE.items()},
    "share_FY2026": round(
        sum(v for k, v in kind_fy[2026].items() if k == "チェーン") / fyd[2026]["net"], 4
    ),
}
mn = {}
for f in (2026, 2027):
    mn[f] = sum(
        acct_month[(a.code, ym)]
        for a in accts
        if CHAIN in a.name
        for ym in [f"{y}-{m:02d}" for (y, m) in MONTHS if fy(dt.date(y, m, 1)) == f]
    )
T["chain"]["net_FY2026"], T["chain"]["net_FY2027"] = round(mn[2026]), round(mn[2027])
T["school_lump"] = {
    f"FY{f}": {
        m: round(sum(acct_month[(a.code, f"{f}-{m}")] for a in accts if a.kind == "学校"))
        for m in ("03", "04")
    }
    for f in range(2023, 2028)
}
T["retirement"] = {
    "rep": "山口 正夫",
    "last_day": str(RETIRE),
    "to": {
        "鈴木 大輔": sum(1 for a in accts if len(a.rep_hist) > 1 and a.rep == "S02"),
        "伊藤 修": sum(1 for a in accts if len(a.rep_hist) > 1 and a.rep == "S05"),
    },
}
T["kgi"] = {"FY2027_minus2pct_of_FY2026_net": round(fyd[2026]["net"] * 0.98), "typed": None}
fy27_to = sum(signed(r) for r in lines if fy(r["d"]) == 2027 and r["d"] <= EXPORT_END)
T["FY2027_to_2026-12-04_net"] = round(fy27_to)
T["FY2026_same_period_net"] = round(
    sum(signed(r) for r in lines if fy(r["d"]) == 2026 and r["d"] <= dt.date(2025, 12, 4))
)
T["accounts_open_today"] = sum(
    1 for a in accts if a.start <= EXPORT_END and (a.end is None or a.end >= EXPORT_END)
)
T["accounts_by_kind_today"] = {
    k: sum(
        1
        for a in accts
        if a.kind == k and a.start <= EXPORT_END and (a.end is None or a.end >= EXPORT_END)
    )
    for k in ("書店", "文具店", "学校", "図書館", "チェーン")
}
sm = defaultdict(float)
for f in (2023, 2024, 2025, 2026):
    tot = fyd[f]["net"]
    for y, m in MONTHS:
        if fy(dt.date(y, m, 1)) == f:
            sm[m] += mon[f"{y}-{m:02d}"]["net"] / tot / 4
T["month_share_net_avg_FY2023_26"] = {
    str(m): round(v, 4) for m, v in sorted(sm.items(), key=lambda x: (x[0] - 7) % 12)
}

# ---- exports
out = Path(sys.argv[1])
(out / "売上明細").mkdir(parents=True, exist_ok=True)
HDR = [
    "伝票日付",
    "伝票番号",
    "伝票区分",
    "得意先コード",
    "得意先名",
    "担当者コード",
    "担当者名",
    "商品コード",
    "書名・品名",
    "数量",
    "本体価格",
    "掛率",
    "金額",
]
bym: dict = defaultdict(list)
for r in lines:
    if EXPORT_START <= r["d"] <= EXPORT_END:
        bym[(r["d"].year, r["d"].month)].append(r)
nlines = 0
for (y, m), rs in sorted(bym.items()):
    with open(
        out / "売上明細" / f"売上明細_{y}{m:02d}.csv", "w", encoding="cp932", newline=""
    ) as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(HDR)
        for r in rs:
            w.writerow(
                [
                    r["d"].strftime("%Y/%m/%d"),
                    r["no"],
                    r["kbn"],
                    r["acc"].code,
                    r["acc"].name,
                    r["rep"],
                    REPNAME[r["rep"]],
                    r["code"],
                    r["name"],
                    "" if r["qty"] is None else r["qty"],
                    "" if r["price"] is None else r["price"],
                    "" if r["kake"] is None else r["kake"],
                    r["amt"],
                ]
            )
            nlines += 1
# master: today's rep; closures flagged by hand, not always: 閉店 60%, 休眠 25%, forgotten (取引中) 15%
with open(out / "得意先マスタ.csv", "w", encoding="cp932", newline="") as fh:
    w = csv.writer(fh, lineterminator="\r\n")
    w.writerow(
        ["得意先コード", "得意先名", "業態", "担当者コード", "担当者名", "取引開始日", "取引状態"]
    )
    stat_truth = defaultdict(int)
    for a in accts:
        if a.start > EXPORT_END:
            continue
        if a.end and a.end < EXPORT_END:
            u = rng.random()
            st = "閉店" if u < 0.6 else ("休眠" if u < 0.85 else "取引中")
        else:
            st = "取引中"
        stat_truth[st + ("(closed)" if a.end and a.end < EXPORT_END else "")] += 1
        w.writerow(
            [a.code, a.name, a.kind, a.rep, REPNAME[a.rep], a.start.strftime("%Y/%m/%d"), st]
        )
T["master_status"] = dict(stat_truth)
T["accounts"] = {
    a.code: {
        "name": a.name,
        "kind": a.kind,
        "start": str(a.start),
        "end": str(a.end) if a.end else None,
        "rep_today": REPNAME[a.rep],
        "reps": [[str(d), REPNAME[r]] for d, r in a.rep_hist],
    }
    for a in accts
}
# visits: the shared Google Sheet (UTF-8 BOM); names typed by hand
PURP = ["定期訪問", "フェア提案", "返品回収", "クレーム"]
vrows = []
for a in accts:
    for ym in MONTHS:
        first = dt.date(*ym, 1)
        if first < dt.date(VISITS_START.year, VISITS_START.month, 1):
            continue
        days = [
            d
            for d in WDAYS[ym]
            if a.start <= d <= EXPORT_END and (a.end is None or d <= a.end) and d >= VISITS_START
        ]
        if not days:
            continue
        lam = {"書店": 2.0, "文具店": 1.0, "図書館": 0.5, "チェーン": 3.0}.get(
            a.kind, 2.0 if ym[1] in (1, 2, 3, 4) else 0.2
        )
        lam *= len(days) / len(
            WDAYS[ym]
        )  # a part month (the export's 4 December days, a start or a close) gets its part
        for _ in range(int(rng.poisson(lam))):
            d = days[int(rng.integers(0, len(days)))]
            u = rng.random()
            typed = (
                a.name
                if u < 0.85
                else (
                    a.name.replace("株式会社", "").replace("有限会社", "")
                    if u < 0.95
                    else a.name.replace("書店", "").replace(" 購買部", "")
                )
            )
            vrows.append(
                (d, REPNAME[a.rep_at(d)], typed, str(rng.choice(PURP, p=[0.7, 0.15, 0.1, 0.05])))
            )
vrows.sort()
with open(out / "訪問記録.csv", "w", encoding="utf-8-sig", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["日付", "担当", "訪問先", "目的", "メモ"])
    for d, rep, n, p in vrows:
        w.writerow([d.strftime("%Y/%m/%d"), rep, n, p, ""])
T["exports"] = {"sales_lines": nlines, "files": len(bym), "visits": len(vrows)}
(out / "truth.json").write_text(json.dumps(T, ensure_ascii=False, indent=1), encoding="utf-8")
print(
    json.dumps(
        {
            k: T[k]
            for k in (
                "fy",
                "fy_net_yoy",
                "fy_accounts",
                "chain",
                "school_lump",
                "retirement",
                "kgi",
                "exports",
                "master_status",
            )
        },
        ensure_ascii=False,
        indent=1,
    )
)
