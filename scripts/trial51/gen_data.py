# ruff: noqa: E501
"""Trial 51: a seeded auto parts and supplies wholesaler (自動車部品・用品卸) — exports as they come, and truth.json.

gen_data.py DATA_DIR   (seed 51; deterministic)

9 route reps in 3 営業所, ~900 ship-to shops (整備工場 / 板金塗装 / ディーラーサービス工場 / ガソリンスタンド).
Fiscal year = calendar year. Simulated 2023-01-01 … 2027-12-31; exported to 2026-12-05 (Saturday; today 2026-12-06).

Exports (what the 販売管理 / SFA give):
- 売上明細_2023.csv … 売上明細_2026.csv (cp932): 伝票日付, 伝票番号, 行番号, 得意先コード, 得意先名, 請求先コード,
  担当者コード, 商品コード, 商品名, メーカー, 数量, 単価, 金額 (税抜). 担当者コード = the rep AT THE TIME of the slip
  (the sales line stores it); 返品 slips (own 伝票番号, negative 数量/金額, 1–6 weeks after the sale), whole slips reversed
  (赤伝, new number) and re-issued (new number), 値引 lines (商品コード/メーカー/数量/単価 blank, 商品名 値引).
- SFA_activities.csv (UTF-8, English headers): Activity Date, Account ID, Account Name, Owner, Type (Visit/Call/Email),
  Subject; from 2024-01-04. Owner = the rep's NAME (the SFA has no rep code); Account ID = the 得意先コード as the SFA
  holds it now (the renumbered dealer group's visits carry the NEW code on every past row).
- 得意先マスタ.csv (cp932): 得意先コード, 得意先名, 請求先コード, 業態, 営業所, 担当者コード, 担当者名, 取引開始日,
  取引停止 (1 = stopped; no end date; typed for ~75% of the closed shops and for the renumbered old codes).

Events: dealer group 関東日産サービス renumbers its 12 shops on 2025-10-01 (old 3xxxxx end, new 4xxxxx start, same shops);
new rep 009 池田 蓮 from 2025-07-01 (takes a third of 南営業所's accounts); territory reshuffle 2026-04-01 (a third of
the accounts move to another rep of the same branch); maker price increases 2025-04-01 +4% (all makers) and
2026-01-01 +3% (tyre makers BS/YH/DL/TOYO, ENEOS, 関西ペイント only); GS chain 湘南石油 (6 shops) leaves 2026-06-30.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import holidays
import numpy as np

SEED = 51
START = date(2023, 1, 1)
END = date(2027, 12, 31)
EXPORT_END = date(2026, 12, 5)
SFA_START = date(2024, 1, 4)
RENUMBER_DAY = date(2025, 10, 1)
HIRE_DAY = date(2025, 7, 1)
RESHUFFLE_DAY = date(2026, 4, 1)
CHAIN_LOSS_DAY = date(2026, 7, 1)  # first day without the chain

REPS = {
    "001": ("石井 和也", "本社営業所"),
    "002": ("松本 亮介", "本社営業所"),
    "003": ("井上 大樹", "本社営業所"),
    "004": ("木村 拓真", "北営業所"),
    "005": ("林 健一", "北営業所"),
    "006": ("清水 翔", "北営業所"),
    "007": ("山崎 誠", "南営業所"),
    "008": ("森 浩之", "南営業所"),
    "009": ("池田 蓮", "南営業所"),
}
BRANCH_REPS = {
    "本社営業所": ["001", "002", "003"],
    "北営業所": ["004", "005", "006"],
    "南営業所": ["007", "008", "009"],
}

# category: (season by month 1..12, products [(code, name, maker, list price)], quantity choices, weights)
SEASON = {
    "studless": [1.0, 0.3, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.3, 1.5, 3.5, 3.0],
    "summer": [0.3, 0.5, 2.2, 2.4, 1.2, 0.9, 0.8, 0.6, 0.8, 0.8, 0.4, 0.3],
    "shaken": [0.85, 1.0, 1.5, 1.1, 1.0, 1.0, 1.0, 0.75, 1.0, 1.0, 1.0, 1.0],
    "battery": [1.4, 1.2, 1.2, 0.9, 0.8, 0.8, 0.9, 0.8, 0.8, 0.9, 1.1, 1.3],
    "flat": [0.85, 1.0, 1.2, 1.0, 1.0, 1.0, 1.0, 0.75, 1.0, 1.0, 1.0, 1.1],
}
CATS = {
    "studless": (
        "studless",
        [("BS", "ブリヂストン", 16000), ("YH", "ヨコハマ", 14500), ("DL", "ダンロップ", 13500)],
        "スタッドレス",
        [4, 4, 4, 8, 2],
    ),
    "summer": (
        "summer",
        [
            ("BS", "ブリヂストン", 11000),
            ("YH", "ヨコハマ", 9800),
            ("DL", "ダンロップ", 9200),
            ("TY", "TOYO", 8800),
        ],
        "夏タイヤ",
        [4, 4, 4, 8, 2],
    ),
    "oil": (
        "shaken",
        [("EN", "ENEOS", 11800), ("CA", "カストロール", 14500), ("MO", "モービル", 13200)],
        "エンジンオイル 20L",
        [1, 1, 2, 3],
    ),
    "brake": (
        "shaken",
        [("AK", "曙ブレーキ", 4800), ("MK", "MKカシヤマ", 3900)],
        "ブレーキパッド",
        [1, 1, 2, 4],
    ),
    "filter": (
        "shaken",
        [("PI", "PIAA", 900), ("DE", "デンソー", 1100)],
        "オイルフィルター",
        [4, 6, 10, 20],
    ),
    "wiper": (
        "shaken",
        [("PI", "PIAA", 1200), ("NW", "NWB", 950)],
        "ワイパーブレード",
        [2, 4, 6, 10],
    ),
    "battery": (
        "battery",
        [("GY", "GSユアサ", 14000), ("PA", "パナソニック", 15500)],
        "バッテリー",
        [1, 1, 2, 3],
    ),
    "paint": (
        "flat",
        [("KP", "関西ペイント", 8500), ("NP", "日本ペイント", 7900)],
        "補修塗料",
        [1, 2, 3, 6],
    ),
    "goods": (
        "flat",
        [("PI", "PIAA", 2400), ("SO", "ソフト99", 1300), ("CA", "カーメイト", 3100)],
        "カー用品",
        [1, 2, 4, 10],
    ),
}
MIX = {  # share of lines by category per type
    "整備工場": {
        "oil": 22,
        "brake": 12,
        "filter": 12,
        "battery": 10,
        "wiper": 6,
        "summer": 10,
        "studless": 10,
        "goods": 18,
    },
    "板金塗装": {"paint": 55, "goods": 30, "wiper": 5, "battery": 5, "oil": 5},
    "ディーラー": {
        "oil": 20,
        "brake": 15,
        "filter": 15,
        "battery": 10,
        "wiper": 5,
        "summer": 12,
        "studless": 13,
        "goods": 10,
    },
    "GS": {"oil": 22, "battery": 15, "wiper": 12, "summer": 16, "studless": 20, "goods": 15},
}
MEDIAN_SLIPS = {"整備工場": 3.2, "板金塗装": 2.6, "ディーラー": 6.0, "GS": 2.8}
STEP1 = (date(2025, 4, 1), 0.04, None)
STEP2 = (date(2026, 1, 1), 0.03, {"BS", "YH", "DL", "TY", "EN", "KP"})

rng = np.random.default_rng(SEED)
JP_HOL = holidays.Japan(years=range(2022, 2029))


def closed(d: date) -> bool:
    if d.weekday() == 6 or d in JP_HOL:
        return True
    md = (d.month, d.day)
    return md >= (12, 30) or md <= (1, 4) or (8, 13) <= md <= (8, 16)


DAYS = [START + timedelta(i) for i in range((END - START).days + 1)]
WDAY = {d: (0.0 if closed(d) else (0.5 if d.weekday() == 5 else 1.0)) for d in DAYS}
MONTH_W: dict[tuple[int, int], float] = defaultdict(float)
for d, w in WDAY.items():
    MONTH_W[(d.year, d.month)] += w


def price_index(maker: str, d: date) -> float:
    x = 1.0
    for day, pct, makers in (STEP1, STEP2):
        if d >= day and (makers is None or maker in makers):
            x *= 1 + pct
    return x


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


SURN = [
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
    "斎藤",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
    "阿部",
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
PLACE = [
    "相模原",
    "厚木",
    "海老名",
    "座間",
    "大和",
    "綾瀬",
    "藤沢",
    "茅ヶ崎",
    "平塚",
    "秦野",
    "伊勢原",
    "小田原",
    "町田",
    "八王子",
    "日野",
    "立川",
    "府中",
    "調布",
    "多摩",
    "稲城",
    "横浜",
    "川崎",
    "鎌倉",
    "逗子",
    "寒川",
]


def shop_name(kind: str, i: int) -> str:
    s = SURN[i % len(SURN)]
    p = PLACE[(i * 7) % len(PLACE)]
    return {
        "整備工場": f"{s}自動車整備工場" if i % 3 else f"(有){s}モータース",
        "板金塗装": f"{s}ボデー" if i % 2 else f"{p}板金塗装",
        "ディーラー": f"{p}サービス工場",
        "GS": f"{p}SS",
    }[kind]


class Shop:
    def __init__(
        self, code: str, kind: str, branch: str, start: date, name: str, billto: str
    ) -> None:
        self.codes = [(date(1900, 1, 1), code)]  # (from, code)
        self.kind = kind
        self.branch = branch
        self.start = start
        self.end: date | None = None  # first day without business
        self.name = name
        self.billto = billto
        self.size = float(np.exp(rng.normal(0, 0.55)))
        self.kake = float(rng.uniform(0.62, 0.80))
        self.reps: list[tuple[date, str]] = []
        self.drift = float(rng.normal(-0.01, 0.04))  # volume drift per year
        self.group = ""
        self.renumbered = False

    def code_at(self, d: date) -> str:
        c = self.codes[0][1]
        for f, k in self.codes:
            if d >= f:
                c = k
        return c

    def rep_at(self, d: date) -> str:
        r = self.reps[0][1]
        for f, k in self.reps:
            if d >= f:
                r = k
        return r


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    shops: list[Shop] = []
    seq = {"整備工場": 100001, "板金塗装": 200001, "ディーラー": 300001, "GS": 500001}
    name_i = [0]

    def new_shop(
        kind: str, branch: str, start: date, billto: str | None = None, group: str = ""
    ) -> Shop:
        code = str(seq[kind])
        seq[kind] += 1
        name_i[0] += 1
        nm = shop_name(kind, name_i[0] * 13 + len(shops))
        if group:
            nm = f"{group} {nm}"
        s = Shop(code, kind, branch, start, nm, billto or code)
        s.group = group
        shops.append(s)
        return s

    branches = list(BRANCH_REPS)
    # groups: dealer groups and GS chains (bill-to = HQ code 9xxxxx)
    groups = [
        ("神奈川トヨタサービス", "ディーラー", 16, "900001"),
        ("関東日産サービス", "ディーラー", 12, "900002"),
        ("相模ホンダ販売", "ディーラー", 8, "900003"),
        ("湘南石油", "GS", 6, "900011"),
        ("県央エネルギー", "GS", 10, "900012"),
    ]
    for gname, kind, n, hq in groups:
        for _ in range(n):
            st = date(int(rng.integers(1998, 2021)), int(rng.integers(1, 13)), 1)
            new_shop(kind, branches[int(rng.integers(0, 3))], st, hq, gname)
    kinds = ["整備工場"] * 50 + ["板金塗装"] * 22 + ["ディーラー"] * 6 + ["GS"] * 10
    while len(shops) < 860:
        kind = kinds[int(rng.integers(0, len(kinds)))]
        st = date(int(rng.integers(1995, 2023)), int(rng.integers(1, 13)), int(rng.integers(1, 28)))
        new_shop(kind, branches[int(rng.integers(0, 3))], st)
    # new shops and closures, month by month
    m = date(2023, 1, 1)
    while m <= END:
        for s in list(shops):
            if s.end is None and s.start < m and not s.group and rng.random() < 0.0037:
                s.end = m + timedelta(int(rng.integers(0, 28)))
        for _ in range(int(rng.poisson(5.2))):
            kind = kinds[int(rng.integers(0, len(kinds)))]
            if kind == "ディーラー":
                kind = "整備工場"
            ns = new_shop(
                kind, branches[int(rng.integers(0, 3))], m + timedelta(int(rng.integers(0, 27)))
            )
            ns.size *= float(rng.uniform(0.4, 0.9))  # new shops start small
        m = add_months(m, 1)
    for s in shops:
        if s.group == "湘南石油":
            s.end = CHAIN_LOSS_DAY
        if s.group == "関東日産サービス":
            s.codes.append((RENUMBER_DAY, str(400001 + int(s.codes[0][1]) - 300001 + 100)))
            s.renumbered = True
    # reps: before 2025-07 南営業所 has 007/008; 009 then takes a third; 2026-04-01 a third moves within branch
    for s in shops:
        reps = BRANCH_REPS[s.branch]
        first = max(s.start, START)
        if s.branch == "南営業所":
            if first < HIRE_DAY:
                r = reps[int(rng.integers(0, 2))]
                s.reps.append((date(1900, 1, 1), r))
                if rng.random() < 0.36:
                    s.reps.append((HIRE_DAY, "009"))
            else:
                s.reps.append((date(1900, 1, 1), reps[int(rng.integers(0, 3))]))
        else:
            s.reps.append((date(1900, 1, 1), reps[int(rng.integers(0, 3))]))
        if s.start < RESHUFFLE_DAY and rng.random() < 0.34:
            cur = s.rep_at(RESHUFFLE_DAY - timedelta(1))
            other = [r for r in reps if r != cur]
            s.reps.append((RESHUFFLE_DAY, other[int(rng.integers(0, len(other)))]))

    # ---- orders ----
    lines: list[
        list
    ] = []  # date, slip, line, code, name, billto, repcode, prodcode, prodname, maker, qty, price, amount
    slip_no = [100000]
    true_orders: list[
        tuple[date, int, str, str, int]
    ] = []  # date, slip, shop code(current), rep at time, amount

    def next_slip() -> int:
        slip_no[0] += int(rng.integers(1, 4))  # other 伝票 (cash sales, transfers) take numbers too
        return slip_no[0]

    work_days = [d for d in DAYS if WDAY[d] > 0]
    wd_index = {d: i for i, d in enumerate(work_days)}

    events: list[
        tuple[date, int, Shop, list]
    ] = []  # sale slips: (date, slip no, shop, [(cat, prod, qty, price)])
    for s in shops:
        mix = MIX[s.kind]
        cats = list(mix)
        base_w = np.array([mix[c] for c in cats], float)
        seas = np.array([[SEASON[CATS[c][0]][mo] for c in cats] for mo in range(12)])
        slip_season = (seas * base_w).sum(1) / base_w.sum()
        slip_season = slip_season / slip_season.mean()
        lam = MEDIAN_SLIPS[s.kind] * s.size
        for d in work_days:
            if d < s.start or (s.end and d >= s.end):
                continue
            yrs = (d - START).days / 365.25
            mu = (
                lam
                * slip_season[d.month - 1] ** 0.6
                * np.exp(s.drift * yrs)
                * WDAY[d]
                / MONTH_W[(d.year, d.month)]
            )
            k = rng.poisson(mu)
            for _ in range(k):
                nl = 1 + min(int(rng.poisson(0.7)), 4)
                w = base_w * seas[d.month - 1]
                w = w / w.sum()
                items = []
                for _ in range(nl):
                    c = cats[int(rng.choice(len(cats), p=w))]
                    _, prods, pname, qtys = CATS[c]
                    mk, mname, lp = prods[int(rng.integers(0, len(prods)))]
                    v = int(
                        rng.integers(0, 3)
                    )  # a size / grade of the product: its own code and list price
                    q = qtys[int(rng.integers(0, len(qtys)))]
                    price = round(lp * (0.8, 1.0, 1.3)[v] * price_index(mk, d) * s.kake)
                    items.append((c, mk, mname, pname, q, price, v))
                events.append((d, 0, s, items))
    events.sort(key=lambda e: (e[0], e[2].codes[0][1]))
    truth_lines = []  # (date, amount, shop, rep_at_time, kind) for revenue truth (every line incl. 2027)
    for d, _, s, items in events:
        code = s.code_at(d)
        rep = s.rep_at(d)
        no = next_slip()
        slip_lines = []
        for ln, (c, mk, mname, pname, q, price, v) in enumerate(items, 1):
            slip_lines.append(
                [
                    d,
                    no,
                    ln,
                    code,
                    s.name,
                    s.billto,
                    rep,
                    f"{mk}-{c[:3].upper()}{v + 1}",
                    f"{mname} {pname} {'SML'[v]}",
                    mname,
                    q,
                    price,
                    q * price,
                ]
            )
        sub = sum(x[12] for x in slip_lines)
        if rng.random() < 0.06:  # 値引 line without a product
            disc = -int(round(sub * float(rng.uniform(0.03, 0.10)) / 10) * 10)
            slip_lines.append(
                [
                    d,
                    no,
                    len(slip_lines) + 1,
                    code,
                    s.name,
                    s.billto,
                    rep,
                    "",
                    "値引",
                    "",
                    "",
                    "",
                    disc,
                ]
            )
        total = sum(x[12] for x in slip_lines)
        if rng.random() < 0.012:  # whole slip reversed (赤伝) and re-issued with a new number
            i = wd_index[d]
            d2 = work_days[min(i + int(rng.integers(0, 8)), len(work_days) - 1)]
            no2 = next_slip()
            rev = [
                [
                    d2,
                    no2,
                    x[2],
                    code,
                    s.name,
                    s.billto,
                    rep,
                    x[7],
                    x[8],
                    x[9],
                    (-x[10] if x[10] != "" else ""),
                    x[11],
                    -x[12],
                ]
                for x in slip_lines
            ]
            no3 = next_slip()
            fixed = [list(x) for x in slip_lines]
            fixed[0][10] = (
                max(1, fixed[0][10] - 1) if isinstance(fixed[0][10], int) else fixed[0][10]
            )
            fixed[0][12] = (
                fixed[0][10] * fixed[0][11] if isinstance(fixed[0][10], int) else fixed[0][12]
            )
            for x in fixed:
                x[0], x[1] = d2, no3
            lines.extend(slip_lines + rev + fixed)
            total = sum(x[12] for x in fixed)
            true_orders.append((d, no, s.codes[-1][1], rep, total))
            continue
        lines.extend(slip_lines)
        true_orders.append((d, no, s.codes[-1][1], rep, total))
        for x in slip_lines:  # 返品: a line sent back 1–6 weeks later on a slip of its own
            if x[7] and rng.random() < 0.025:
                i = wd_index[d]
                d2 = work_days[min(i + int(rng.integers(5, 37)), len(work_days) - 1)]
                if s.end and d2 >= s.end:
                    continue
                q = x[10] if rng.random() < 0.7 else max(1, x[10] // 2)
                lines.append(
                    [
                        d2,
                        next_slip(),
                        1,
                        s.code_at(d2),
                        s.name,
                        s.billto,
                        s.rep_at(d2),
                        x[7],
                        x[8],
                        x[9],
                        -q,
                        x[11],
                        -q * x[11],
                    ]
                )
    lines.sort(key=lambda x: (x[0], x[1], x[2]))
    for x in lines:
        truth_lines.append(x)

    # ---- exports: orders by year ----
    hdr = [
        "伝票日付",
        "伝票番号",
        "行番号",
        "得意先コード",
        "得意先名",
        "請求先コード",
        "担当者コード",
        "商品コード",
        "商品名",
        "メーカー",
        "数量",
        "単価",
        "金額",
    ]
    by_year: dict[int, list] = defaultdict(list)
    for x in lines:
        if x[0] <= EXPORT_END:
            by_year[x[0].year].append(x)
    for y, rows in by_year.items():
        with open(out / f"売上明細_{y}.csv", "w", encoding="cp932", newline="") as f:
            wr = csv.writer(f, lineterminator="\r\n")
            wr.writerow(hdr)
            for x in rows:
                wr.writerow([x[0].strftime("%Y/%m/%d"), *x[1:]])

    # ---- SFA activities ----
    act = []
    for s in shops:
        vlam = 1.2 + 0.9 * MEDIAN_SLIPS[s.kind] * s.size**0.6
        vseason = [0.8, 1.0, 1.15, 1.05, 1.0, 1.0, 1.0, 0.75, 1.0, 1.05, 1.15, 1.05]
        for d in work_days:
            if d < SFA_START or d > EXPORT_END or d < s.start or (s.end and d >= s.end):
                continue
            mu = vlam * vseason[d.month - 1] * WDAY[d] / MONTH_W[(d.year, d.month)]
            for _ in range(int(rng.poisson(mu))):
                act.append((d, s, "Visit"))
            for _ in range(int(rng.poisson(mu * 0.35))):
                act.append((d, s, "Call"))
            for _ in range(int(rng.poisson(mu * 0.12))):
                act.append((d, s, "Email"))
    act.sort(key=lambda a: (a[0], a[1].codes[0][1]))
    subj = {
        "Visit": ["定期訪問", "納品・御用聞き", "新商品案内", "スタッドレス予約受付"],
        "Call": ["在庫確認", "納期連絡", "見積回答"],
        "Email": ["見積送付", "価格改定のご案内"],
    }
    with open(out / "SFA_activities.csv", "w", encoding="utf-8-sig", newline="") as f:
        wr = csv.writer(f, lineterminator="\r\n")
        wr.writerow(["Activity Date", "Account ID", "Account Name", "Owner", "Type", "Subject"])
        for d, s, t in act:
            wr.writerow(
                [
                    d.strftime("%Y-%m-%d"),
                    s.codes[-1][1],
                    s.name,
                    REPS[s.rep_at(d)][0],
                    t,
                    subj[t][int(rng.integers(0, len(subj[t])))],
                ]
            )

    # ---- customer master (as of 2026-12-06) ----
    with open(out / "得意先マスタ.csv", "w", encoding="cp932", newline="") as f:
        wr = csv.writer(f, lineterminator="\r\n")
        wr.writerow(
            [
                "得意先コード",
                "得意先名",
                "請求先コード",
                "業態",
                "営業所",
                "担当者コード",
                "担当者名",
                "取引開始日",
                "取引停止",
            ]
        )
        for s in shops:
            if s.start > EXPORT_END:
                continue
            rep = s.rep_at(EXPORT_END)
            if s.end and s.end < START:
                continue
            stop_typed = (
                s.end is not None
                and s.end <= EXPORT_END
                and (s.group == "湘南石油" or rng.random() < 0.75)
            )
            if s.renumbered:
                old, new = s.codes[0][1], s.codes[-1][1]
                wr.writerow(
                    [
                        old,
                        s.name,
                        s.billto,
                        s.kind,
                        s.branch,
                        s.rep_at(RENUMBER_DAY - timedelta(1)),
                        REPS[s.rep_at(RENUMBER_DAY - timedelta(1))][0],
                        s.start.strftime("%Y/%m/%d"),
                        "1",
                    ]
                )
                wr.writerow(
                    [
                        new,
                        s.name,
                        s.billto,
                        s.kind,
                        s.branch,
                        rep,
                        REPS[rep][0],
                        RENUMBER_DAY.strftime("%Y/%m/%d"),
                        "",
                    ]
                )
                continue
            wr.writerow(
                [
                    s.codes[0][1],
                    s.name,
                    s.billto,
                    s.kind,
                    s.branch,
                    rep,
                    REPS[rep][0],
                    s.start.strftime("%Y/%m/%d"),
                    "1" if stop_typed else "",
                ]
            )

    # ---- truth ----
    t: dict = {
        "seed": SEED,
        "export_end": str(EXPORT_END),
        "fiscal_year": "calendar (Jan-Dec)",
        "rep_column_on_sales_lines": "rep at the time of the slip",
        "reps": {k: {"name": v[0], "branch": v[1]} for k, v in REPS.items()},
    }
    rev_y: dict[int, int] = defaultdict(int)
    rev_m: dict[str, int] = defaultdict(int)
    for x in truth_lines:
        rev_y[x[0].year] += x[12]
        rev_m[f"{x[0].year}-{x[0].month:02d}"] += x[12]
    t["fy_revenue"] = dict(sorted(rev_y.items()))
    t["month_revenue"] = dict(sorted(rev_m.items()))
    for fy in (2025, 2026, 2027):
        t[f"month_share_{fy}"] = {
            k[5:]: round(v / rev_y[fy], 4) for k, v in rev_m.items() if k.startswith(str(fy))
        }
    ord_y: dict[int, int] = defaultdict(int)
    ord_amt_y: dict[int, int] = defaultdict(int)
    for d, _no, _c, _r, a in true_orders:
        ord_y[d.year] += 1
        ord_amt_y[d.year] += a
    t["fy_orders_true"] = dict(sorted(ord_y.items()))
    t["fy_revenue_per_order"] = {y: round(rev_y[y] / ord_y[y]) for y in ord_y}
    slips_y: dict[int, set] = defaultdict(set)
    for x in truth_lines:
        slips_y[x[0].year].add(x[1])
    t["fy_slip_numbers_all"] = {y: len(v) for y, v in sorted(slips_y.items())}
    # 2026 to the export end and baseline 2025-12..2026-11
    t["fy2026_to_2026_11"] = sum(v for k, v in rev_m.items() if "2026-01" <= k <= "2026-11")
    t["fy2026_to_export_end"] = sum(
        x[12] for x in truth_lines if date(2026, 1, 1) <= x[0] <= EXPORT_END
    )
    t["base_2025_12_to_2026_11"] = sum(v for k, v in rev_m.items() if "2025-12" <= k <= "2026-11")
    # accounts won / lost per year (true: renumbering is no loss; a shop is one account)
    won: dict[int, int] = defaultdict(int)
    lost: dict[int, int] = defaultdict(int)
    for s in shops:
        if s.start >= START:
            won[s.start.year] += 1
        if s.end and s.end >= START:
            lost[s.end.year] += 1
    t["won_per_year"] = dict(sorted(won.items()))
    t["lost_per_year"] = dict(sorted(lost.items()))
    t["lost_note"] = (
        "a closure counts in the year of its first day without business; 湘南石油 (6 GS) lost 2026-07-01; 関東日産サービス 12 shops renumbered 2025-10-01 (no loss, no win)"
    )
    t["renumbered"] = {s.codes[0][1]: s.codes[-1][1] for s in shops if s.renumbered}
    t["alive_2026_12_05"] = sum(
        1 for s in shops if s.start <= EXPORT_END and (s.end is None or s.end > EXPORT_END)
    )
    t["alive_2025_12_31"] = sum(
        1
        for s in shops
        if s.start <= date(2025, 12, 31) and (s.end is None or s.end > date(2025, 12, 31))
    )
    t["closed_typed_share"] = "~75% of closures since 2023 carry 取引停止=1; the rest no flag"
    # per rep: FY revenue by rep at the time; baseline and FY2027 by the holder at 2026-12-05
    per_rep_time: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    shop_of_code: dict[str, Shop] = {}
    for s in shops:
        for _, c in s.codes:
            shop_of_code[c] = s
    per_rep_holder: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for x in truth_lines:
        per_rep_time[x[6]][x[0].year] += x[12]
        s = shop_of_code[x[3]]
        h = s.rep_at(EXPORT_END)
        k = f"{x[0].year}-{x[0].month:02d}"
        if "2025-12" <= k <= "2026-11":
            per_rep_holder[h]["base"] += x[12]
        if x[0].year == 2027:
            # new shops of 2027 go to their own rep; the rest stay with the holder of 2026-12
            per_rep_holder[s.rep_at(x[0])]["fy2027"] += x[12]
        if x[0].year == 2026:
            per_rep_holder[h]["fy2026"] += x[12]
    t["per_rep_revenue_rep_at_time"] = {
        r: dict(sorted(v.items())) for r, v in sorted(per_rep_time.items())
    }
    t["per_rep_by_holder_2026_12"] = {r: dict(v) for r, v in sorted(per_rep_holder.items())}
    t["per_rep_fy2027_share"] = {
        r: round(v["fy2027"] / rev_y[2027], 4) for r, v in sorted(per_rep_holder.items())
    }
    t["accounts_moved_2026_04_01"] = sum(
        1 for s in shops if any(f == RESHUFFLE_DAY for f, _ in s.reps)
    )
    t["accounts_to_009_2025_07_01"] = sum(1 for s in shops if any(f == HIRE_DAY for f, _ in s.reps))
    # visits (SFA Visit rows) per year, per account-month
    vis_y: dict[int, int] = defaultdict(int)
    for d, _s, tp in act:
        if tp == "Visit":
            vis_y[d.year] += 1
    t["sfa_visits_per_year"] = dict(sorted(vis_y.items()))
    t["sfa_rows"] = len(act)
    t["price_steps"] = [
        "2025-04-01 +4% every maker",
        "2026-01-01 +3% BS/YH/DL/TOYO tyres, ENEOS oil, 関西ペイント",
    ]
    # unit price effect of the 2026-01 step on revenue: share of 2025 revenue from those makers
    mk_rev = defaultdict(int)
    for x in truth_lines:
        if x[0].year == 2025 and x[10] != "" and x[12] > 0:
            mk_rev[
                x[9] in ("ブリヂストン", "ヨコハマ", "ダンロップ", "TOYO", "ENEOS", "関西ペイント")
            ] += x[12]
    t["step2_share_of_sales"] = round(mk_rev[True] / (mk_rev[True] + mk_rev[False]), 3)
    t["export_lines"] = sum(len(v) for v in by_year.values())
    # each shop's codes and the first day without business (None: open), to check the flags
    t["shop_end"] = {
        s.codes[-1][1]: (str(s.end) if s.end else None) for s in shops if s.start <= EXPORT_END
    }
    (out / "truth.json").write_text(
        json.dumps(t, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(
        json.dumps(
            {
                k: t[k]
                for k in (
                    "fy_revenue",
                    "fy_orders_true",
                    "fy_revenue_per_order",
                    "won_per_year",
                    "lost_per_year",
                    "alive_2026_12_05",
                    "export_lines",
                    "sfa_rows",
                )
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
