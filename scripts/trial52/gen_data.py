# ruff: noqa: E501
"""Trial 52: a 住宅設備・建材卸 (unit baths, toilets, kitchens, 水栓, 合板, 断熱材), 11 route reps in 2 支店, FY Apr–Mar.

gen_data.py DATA_DIR [SEED] — seeded (52 unless given) simulation 2023-04-01 … 2028-03-31; exports up to 2026-12-05 (Sat), written as the
販売管理 / 見積管理 / 日報 give them, plus truth.json:
  売上明細_FY2023.xlsx … 売上明細_FY2026.xlsx  one sheet per 支店 (本店, 東支店: the account's 支店 at the time),
      row 1 a title, row 2 「出力日時: …」, header on row 3: 売上日, 伝票No, 得意先CD, 得意先名, 担当者名 (rep at the time),
      商品CD, 品名, メーカー, 数量, 単価, 金額(税抜), 消費税, 金額(税込). 返品 slips (negative quantities) 1–4 weeks on;
      赤黒: a slip reversed whole (赤伝, own number, negative) and re-issued (黒伝, own number) with a corrected price.
  請求一覧_YYYYMM.csv (cp932) per 締め月 (20日締め: 21st of the month before … 20th): 請求年月, 得意先CD, 得意先名,
      前回請求額, 入金額, 繰越金額, 今回売上額, 消費税額, 今回請求額
  見積一覧.csv (cp932): 見積No, 見積日, 得意先CD, 得意先名, 担当者, 件名, 見積金額, 状態 (受注/失注/検討中), 受注日
  日報/YYYY-MM_<担当者>.xlsx (from 2025-04): title row 「営業日報 令和7年4月 担当: …」, header row 3: 日付, 担当者, 得意先CD,
      得意先名, 区分 (訪問 / 見積提出 / 現場調査 / 打合せ / 電話), 内容; three reps type 和暦 text dates (令和8年4月3日)
  得意先マスタ.csv (cp932): 得意先CD, 得意先名, 業態, 支店, 担当者名 (today's), 取引開始日, 取引区分 (取引中 / 取引停止)
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import openpyxl

from routekpi.core.calendar import national_holidays

SEED = 52
START, END = date(2023, 4, 1), date(2028, 3, 31)
EXPORT_END = date(2026, 12, 5)
NIPPO_START = date(2025, 4, 1)
REORG = date(2026, 4, 1)
LEAVE = (date(2025, 7, 1), date(2025, 12, 31))
PRICE_UP = date(2025, 10, 1)  # TOTO +8%

REPS = [
    ("R01", "高橋 誠", "本店"),
    ("R02", "田中 浩二", "本店"),
    ("R03", "渡辺 大輔", "本店"),
    ("R04", "伊藤 直樹", "本店"),
    ("R05", "中村 健", "本店"),
    ("R06", "加藤 亮", "本店"),
    ("R07", "山本 隆", "東支店"),
    ("R08", "吉田 翔太", "東支店"),
    ("R09", "小林 拓海", "東支店"),
    ("R10", "松本 恵", "東支店"),
    ("R11", "井上 康平", "東支店"),
]
LEAVE_REP = "R09"  # 育休 2025-07 … 2025-12, accounts covered by R10 / R11
WAREKI_REPS = {"R03", "R08", "R11"}
NAME = {c: n for c, n, _ in REPS}
BRANCH = {c: b for c, _, b in REPS}

# consumables: (CD, 品名, メーカー, 単価)
CONS = [
    ("TH-1001", "水栓カートリッジ", "TOTO", 6800),
    ("TH-1002", "パッキンセット", "TOTO", 1200),
    ("TH-1003", "シャワーホース", "TOTO", 4200),
    ("LX-2001", "水栓金具 単水栓", "LIXIL", 9800),
    ("LX-2002", "排水トラップ", "LIXIL", 3500),
    ("KV-3001", "混合水栓 KM", "KVK", 18500),
    ("KV-3002", "止水栓", "KVK", 2900),
    ("DK-4001", "構造用合板 12mm", "大建工業", 1850),
    ("DK-4002", "フロア材 12mm", "大建工業", 7600),
    ("EI-4101", "床材 ジャスト", "永大産業", 6900),
    ("AF-5001", "グラスウール 16K 100mm", "旭ファイバーグラス", 3400),
    ("MI-5002", "断熱材 ハウスロール", "マグ・イゾベール", 4100),
    ("YS-6001", "石膏ボード 12.5mm", "吉野石膏", 720),
    ("PN-7001", "換気扇 FY", "パナソニック", 14800),
    ("PN-7002", "照明 ダウンライト", "パナソニック", 5200),
    ("CM-8001", "接着剤・コーキング", "セメダイン", 850),
]
# project items: (CD, 品名, メーカー, 単価 at grade 1)
UB = [
    ("TH-9001", "ユニットバス サザナ", "TOTO", 980000),
    ("LX-9101", "ユニットバス リデア", "LIXIL", 890000),
    ("TK-9201", "ユニットバス ぴったりサイズ", "タカラスタンダード", 920000),
]
KIT = [
    ("TK-9301", "システムキッチン レミュー", "タカラスタンダード", 1250000),
    ("CL-9401", "システムキッチン ステディア", "クリナップ", 1100000),
    ("LX-9501", "システムキッチン ノクト", "LIXIL", 1180000),
]
WC = [
    ("TH-9601", "トイレ ピュアレスト", "TOTO", 168000),
    ("LX-9701", "トイレ アメージュ", "LIXIL", 152000),
    ("PN-9801", "トイレ アラウーノ", "パナソニック", 235000),
]
SEN = [
    ("TH-9901", "洗面化粧台 オクターブ", "TOTO", 210000),
    ("PN-9902", "洗面化粧台 シーライン", "パナソニック", 168000),
]
KYU = [("RI-9951", "給湯器 エコジョーズ", "リンナイ", 248000)]
BULK = [
    ("DK-4001", "構造用合板 12mm", "大建工業", 1850, 80, 140),
    ("AF-5001", "グラスウール 16K 100mm", "旭ファイバーグラス", 3400, 40, 90),
    ("YS-6001", "石膏ボード 12.5mm", "吉野石膏", 720, 150, 300),
    ("DK-4002", "フロア材 12mm", "大建工業", 7600, 20, 45),
]

# month seasonality (calendar month → factor): March 年度末 and December peaks, quiet Aug and Jan–Feb
SEAS_CONS = {
    4: 0.95,
    5: 0.92,
    6: 1.0,
    7: 1.02,
    8: 0.78,
    9: 1.04,
    10: 1.0,
    11: 1.05,
    12: 1.22,
    1: 0.78,
    2: 0.88,
    3: 1.3,
}
SEAS_PROJ = {
    4: 0.85,
    5: 0.85,
    6: 0.95,
    7: 1.0,
    8: 0.6,
    9: 1.05,
    10: 1.0,
    11: 1.1,
    12: 1.45,
    1: 0.6,
    2: 0.8,
    3: 1.85,
}
TYPES = [
    ("工務店", 0.40),
    ("リフォーム会社", 0.25),
    ("設備工事店", 0.30),
    ("ハウスメーカー下請", 0.05),
]
PROJ_RATE = {
    "工務店": 1.0,
    "リフォーム会社": 1.6,
    "設備工事店": 0.25,
    "ハウスメーカー下請": 1.3,
}  # projects per year
CONS_RATE = {
    "工務店": 2.6,
    "リフォーム会社": 2.2,
    "設備工事店": 4.5,
    "ハウスメーカー下請": 2.0,
}  # orders per month
PREFIX = ["", "株式会社", "有限会社", "(株)"]
WORDS1 = [
    "山田",
    "青葉",
    "みどり",
    "東和",
    "大和",
    "ひかり",
    "富士",
    "桜",
    "北斗",
    "三協",
    "丸栄",
    "中央",
    "新日本",
    "昭和",
    "平成",
    "匠",
    "翔",
    "光",
    "栄",
    "信和",
    "共栄",
    "大成",
    "協和",
    "日進",
    "正和",
]
WORDS2 = {
    "工務店": ["工務店", "建設", "ホーム", "住建", "建築"],
    "リフォーム会社": ["リフォーム", "リノベーション", "住まい工房", "ハウスケア"],
    "設備工事店": ["設備", "水道設備", "管工業", "住設工業", "設備工業"],
    "ハウスメーカー下請": ["施工", "ハウス施工", "建工"],
}


def fy_of(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def shime_month(d: date) -> str:
    """20日締め: the 21st onwards bills in the next month."""
    if d.day >= 21:
        y, m = (d.year + (d.month == 12), d.month % 12 + 1)
    else:
        y, m = d.year, d.month
    return f"{y}-{m:02d}"


def shime_fy(d: date) -> int:
    y, m = map(int, shime_month(d).split("-"))
    return y if m >= 4 else y - 1


def wareki(d: date) -> str:
    return f"令和{d.year - 2018}年{d.month}月{d.day}日"


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    # another draw of the same world (a robustness check)
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else SEED
    rng = np.random.default_rng(seed)
    hol = national_holidays(range(2023, 2029))
    days = []
    d = START
    while d <= END:
        closed = (
            d.weekday() == 6
            or d in hol
            or (d.month == 12 and d.day >= 30)
            or (d.month == 1 and d.day <= 4)
            or (d.month == 8 and 13 <= d.day <= 16)
        )
        if not closed:
            days.append(d)
        d += timedelta(days=1)
    # working days per month, to spread a month's rate
    wd_month: dict[tuple[int, int], int] = defaultdict(int)
    for d in days:
        wd_month[(d.year, d.month)] += 1

    # accounts
    accts: list[dict] = []
    used_names: set[str] = set()

    def new_account(start: date, i: int, typ: str | None = None) -> dict:
        if typ is None:
            typ = TYPES[rng.choice(len(TYPES), p=[p for _, p in TYPES])][0]
        while True:
            nm = str(rng.choice(WORDS1)) + str(rng.choice(WORDS2[typ]))
            if rng.random() < 0.3:
                nm += str(rng.choice(["", "", "東", "西", "南"]))
            full = str(rng.choice(PREFIX)) + nm
            if nm not in used_names:
                used_names.add(nm)
                break
        rep = REPS[int(rng.integers(0, len(REPS)))][0]
        return {
            "cd": f"{100000 + i * 7 + int(rng.integers(0, 7))}",
            "name": full,
            "type": typ,
            "rep0": rep,
            "start": start,
            "end": None,
            "cons_rate": CONS_RATE[typ] * float(rng.lognormal(0, 0.55)),
            "cons_size": float(rng.lognormal(0, 0.5)),
            "proj_rate": PROJ_RATE[typ] * float(rng.lognormal(0, 0.6)),
            "ramp": 1.0,
        }

    n0 = 600
    for i in range(n0):
        a = new_account(date(2015, 4, 1) + timedelta(days=int(rng.integers(0, 2900))), i)
        accts.append(a)
    big = accts[17]
    big.update(
        type="ハウスメーカー下請",
        name="株式会社ミライホーム施工",
        cons_rate=28.0,
        cons_size=1.6,
        proj_rate=62.0,
        rep0="R02",
    )
    # other accounts that move at the 2026-04 支店 reorganisation: 25 本店 accounts to 東支店 reps
    # new accounts: ~32 a year, FY2026 campaign ~50% more; lost ~28 a year
    i = n0
    for fy in range(2023, 2028):
        n_new = int(rng.poisson(48 if fy == 2026 else 32))
        for _ in range(n_new):
            st = date(fy, 4, 1) + timedelta(days=int(rng.integers(0, 365)))
            a = new_account(st, i)
            a["cons_rate"] *= 0.8
            a["proj_rate"] *= 0.7
            a["new"] = True
            accts.append(a)
            i += 1
        alive = [
            a for a in accts if a["start"] < date(fy, 4, 1) and a["end"] is None and a is not big
        ]
        n_lost = int(rng.poisson(28))
        for j in rng.choice(len(alive), n_lost, replace=False):
            alive[j]["end"] = date(fy, 4, 1) + timedelta(days=int(rng.integers(0, 365)))
    # holders
    honten = [
        a
        for a in accts
        if BRANCH[a["rep0"]] == "本店"
        and a is not big
        and a["start"] < REORG
        and (a["end"] is None or a["end"] > REORG)
    ]
    movers = [honten[j] for j in rng.choice(len(honten), 25, replace=False)]
    east = [c for c, _, b in REPS if b == "東支店"]
    for a in accts:
        a["holders"] = [(date(2000, 1, 1), a["rep0"])]
    big["holders"].append((REORG, "R07"))
    for a in movers:
        a["holders"].append((REORG, str(rng.choice(east))))
    cover = {}
    for a in accts:
        if a["rep0"] == LEAVE_REP:
            cover[a["cd"]] = "R10" if rng.random() < 0.5 else "R11"

    def rep_at(a: dict, d: date) -> str:
        r = a["holders"][0][1]
        for since, rr in a["holders"]:
            if d >= since:
                r = rr
        if r == LEAVE_REP and LEAVE[0] <= d <= LEAVE[1]:
            return cover[a["cd"]]
        return r

    def holder_at(a: dict, d: date) -> str:
        r = a["holders"][0][1]
        for since, rr in a["holders"]:
            if d >= since:
                r = rr
        return r

    def branch_at(a: dict, d: date) -> str:
        return BRANCH[holder_at(a, d)]

    # orders
    slip_no = 1000000
    lines: list[
        list
    ] = []  # [date, slip, acct_idx, rep, cd, name, maker, qty, price, net, tax, gross, kind]
    orders: list[dict] = []  # truth orders
    quotes: list[list] = []
    q_no = 50000

    def price_of(cd: str, maker: str, p: float, d: date) -> int:
        if maker == "TOTO" and d >= PRICE_UP:
            p *= 1.08
        return int(round(p / 10.0) * 10)

    def add_slip(d: date, ai: int, rep: str, items: list[tuple], kind: str) -> int:
        nonlocal slip_no
        slip_no += int(rng.integers(1, 4))
        for cd, nm, mk, qty, pr in items:
            net = qty * pr
            tax = int(np.floor(net * 0.1)) if net >= 0 else -int(np.floor(-net * 0.1))
            lines.append([d, slip_no, ai, rep, cd, nm, mk, qty, pr, net, tax, net + tax, kind])
        return slip_no

    growth = {2023: 1.0, 2024: 1.02, 2025: 1.035, 2026: 1.05, 2027: 1.065}
    day_arr = days
    for ai, a in enumerate(accts):
        end = a["end"] or END
        act_days = [d for d in day_arr if a["start"] <= d < end and d >= START]
        if not act_days:
            continue
        lam = np.array(
            [
                a["cons_rate"] * SEAS_CONS[d.month] * growth[fy_of(d)] / wd_month[(d.year, d.month)]
                for d in act_days
            ]
        )
        if a.get("new"):
            age = np.array([(d - a["start"]).days for d in act_days])
            lam = lam * np.clip(0.35 + age / 365.0, 0.35, 1.0)
        n = rng.poisson(lam)
        fy_arr = np.array([fy_of(d) for d in act_days])
        a["exp_cons_n"] = {fy: float(lam[fy_arr == fy].sum()) for fy in range(2023, 2028)}
        for k in np.nonzero(n)[0]:
            d = act_days[k]
            for _ in range(int(n[k])):
                nl = int(rng.integers(1, 5))
                items = []
                for j in rng.choice(len(CONS), nl, replace=False):
                    cd, nm, mk, p = CONS[j]
                    qty = int(
                        max(
                            1,
                            round(
                                rng.lognormal(
                                    np.log(3 * a["cons_size"] * (4000 / p) ** 0.5 + 0.5), 0.6
                                )
                            ),
                        )
                    )
                    items.append((cd, nm, mk, qty, price_of(cd, mk, p, d)))
                rep = rep_at(a, d)
                s = add_slip(d, ai, rep, items, "cons")
                orders.append({"d": d, "slip": s, "ai": ai, "rep": rep, "kind": "cons"})
        # projects
        plam = np.array(
            [
                a["proj_rate"]
                * SEAS_PROJ[d.month]
                * growth[fy_of(d)]
                / 12
                / wd_month[(d.year, d.month)]
                for d in act_days
            ]
        )
        pn = rng.poisson(plam)
        a["exp_proj_n"] = {fy: float(plam[fy_arr == fy].sum()) for fy in range(2023, 2028)}
        for k in np.nonzero(pn)[0]:
            d = act_days[k]
            grade = float(rng.uniform(0.7, 1.6))
            items = []
            if a["type"] == "リフォーム会社" and rng.random() < 0.5:
                picks = [UB, WC, SEN] if rng.random() < 0.5 else [KIT, WC, KYU]
                bulk = BULK[3:]
            else:
                picks = [UB, KIT, WC, WC, SEN, KYU]
                bulk = BULK
            for grp in picks:
                cd, nm, mk, p = grp[int(rng.integers(0, len(grp)))]
                items.append((cd, nm, mk, 1, price_of(cd, mk, p * grade, d)))
            for cd, nm, mk, p, lo, hi in bulk:
                items.append((cd, nm, mk, int(rng.integers(lo, hi)), price_of(cd, mk, p, d)))
            # a larger project (two units: 二世帯 / アパート) now and then → ¥2–8M
            if rng.random() < 0.3:
                items = [(cd, nm, mk, q * 2, p) for cd, nm, mk, q, p in items]
            rep = rep_at(a, d)
            s = add_slip(d, ai, rep, items, "proj")
            amt = sum(q * p for _, _, _, q, p in items)
            orders.append({"d": d, "slip": s, "ai": ai, "rep": rep, "kind": "proj", "amt": amt})
            # the won quote 2–8 weeks before, and 1.3 lost/open ones per won
            qd = d - timedelta(days=int(rng.integers(14, 56)))
            q_no += 1
            quotes.append(
                [
                    q_no,
                    qd,
                    ai,
                    rep_at(a, qd),
                    "新築一式" if len(items) > 6 else "リフォーム",
                    int(amt * rng.uniform(1.0, 1.08)),
                    "受注",
                    d,
                ]
            )
        # lost quotes
        for _ in range(
            int(
                rng.poisson(
                    a["proj_rate"]
                    * 1.3
                    * max(0.0, ((min(end, END) - max(a["start"], START)).days) / 365.0)
                )
            )
        ):
            lo_d = max(a["start"], START)
            span = max(1, (min(end, END) - lo_d).days)
            qd = lo_d + timedelta(days=int(rng.integers(0, span)))
            q_no += 1
            quotes.append(
                [
                    q_no,
                    qd,
                    ai,
                    rep_at(a, qd),
                    "新築一式" if rng.random() < 0.5 else "リフォーム",
                    int(rng.uniform(1.8e6, 7.5e6)),
                    "失注",
                    None,
                ]
            )
    # 返品 and 赤黒 (on the exported period: corrections made later are applied when made)
    by_slip: dict[int, list[list]] = defaultdict(list)
    for ln in lines:
        by_slip[ln[1]].append(ln)
    extra: list[list] = []
    slips = list(by_slip)
    for s in slips:
        ls = by_slip[s]
        if ls[0][12] == "cons" and rng.random() < 0.025:  # a return of one line
            ln = ls[int(rng.integers(0, len(ls)))]
            rd = ln[0] + timedelta(days=int(rng.integers(7, 28)))
            q = -max(1, int(ln[7] * rng.uniform(0.2, 1.0)))
            slip_no += 1
            net = q * ln[8]
            tax = -int(np.floor(-net * 0.1))
            extra.append(
                [
                    rd,
                    slip_no,
                    ln[2],
                    ln[3],
                    ln[4],
                    ln[5],
                    ln[6],
                    q,
                    ln[8],
                    net,
                    tax,
                    net + tax,
                    "ret",
                ]
            )
        elif (
            rng.random() < 0.006
        ):  # 赤黒: the whole slip reversed and re-issued with one price corrected −5%
            rd = ls[0][0] + timedelta(days=int(rng.integers(2, 20)))
            slip_no += 1
            for ln in ls:
                extra.append(
                    [
                        rd,
                        slip_no,
                        ln[2],
                        ln[3],
                        ln[4],
                        ln[5],
                        ln[6],
                        -ln[7],
                        ln[8],
                        -ln[9],
                        -ln[10],
                        -ln[11],
                        "aka",
                    ]
                )
            slip_no += 1
            for j, ln in enumerate(ls):
                pr = round(ln[8] * (0.95 if j == 0 else 1.0))
                net = ln[7] * pr
                tax = int(np.floor(net * 0.1))
                extra.append(
                    [
                        rd,
                        slip_no,
                        ln[2],
                        ln[3],
                        ln[4],
                        ln[5],
                        ln[6],
                        ln[7],
                        pr,
                        net,
                        tax,
                        net + tax,
                        "kuro",
                    ]
                )
    # the corrections were booked: the dates they land on are working days? keep them on their calendar day unless Sunday
    for ln in extra:
        if ln[0].weekday() == 6:
            ln[0] += timedelta(days=1)
    lines += extra
    lines.sort(key=lambda r: (r[0], r[1]))

    # ---- truth
    truth: dict = {"seed": seed, "export_end": str(EXPORT_END), "today": "2026-12-06"}
    rev_fy: dict[int, int] = defaultdict(int)
    rev_fy_shime: dict[int, int] = defaultdict(int)
    rev_fy_gross: dict[int, int] = defaultdict(int)
    rev_month: dict[str, int] = defaultdict(int)
    rev_shime_month: dict[str, int] = defaultdict(int)
    rev_rep_fy: dict[tuple[str, int], int] = defaultdict(int)
    rev_holder_fy: dict[tuple[str, int], int] = defaultdict(int)
    rev_acct_fy: dict[tuple[int, int], int] = defaultdict(int)
    for ln in lines:
        d = ln[0]
        rev_fy[fy_of(d)] += ln[9]
        rev_fy_gross[fy_of(d)] += ln[11]
        rev_fy_shime[shime_fy(d)] += ln[9]
        rev_month[f"{d.year}-{d.month:02d}"] += ln[9]
        rev_shime_month[shime_month(d)] += ln[9]
        rev_rep_fy[(ln[3], fy_of(d))] += ln[9]
        rev_holder_fy[(holder_at(accts[ln[2]], date(2026, 12, 6)), fy_of(d))] += ln[9]
        rev_acct_fy[(ln[2], fy_of(d))] += ln[9]
    truth["fy_revenue_by_uriagebi_zeinuki"] = {str(k): v for k, v in sorted(rev_fy.items())}
    truth["fy_revenue_by_shimegetsu_zeinuki"] = {str(k): v for k, v in sorted(rev_fy_shime.items())}
    truth["fy_revenue_zeikomi"] = {str(k): v for k, v in sorted(rev_fy_gross.items())}
    truth["month_revenue_by_uriagebi"] = dict(sorted(rev_month.items()))
    truth["month_revenue_by_shimegetsu"] = dict(sorted(rev_shime_month.items()))
    for fy in (2026, 2027):
        tot = sum(v for m, v in rev_month.items() if fy_of(date(int(m[:4]), int(m[5:]), 1)) == fy)
        truth[f"month_share_{fy}"] = {
            m[5:]: round(v / tot, 4)
            for m, v in rev_month.items()
            if fy_of(date(int(m[:4]), int(m[5:]), 1)) == fy
        }
    ex = [ln for ln in lines if ln[0] <= EXPORT_END]
    truth["fy2026_to_2026_11_30"] = sum(
        ln[9] for ln in ex if date(2026, 4, 1) <= ln[0] <= date(2026, 11, 30)
    )
    truth["fy2026_to_2026_12_05"] = sum(
        ln[9] for ln in ex if date(2026, 4, 1) <= ln[0] <= EXPORT_END
    )
    truth["fy2026_shime_to_2026_11"] = sum(
        v for m, v in rev_shime_month.items() if "2026-04" <= m <= "2026-11"
    )
    truth["fy2026_zeikomi_to_2026_11_30"] = sum(
        ln[11] for ln in ex if date(2026, 4, 1) <= ln[0] <= date(2026, 11, 30)
    )
    truth["baseline_2025_12_to_2026_11"] = sum(
        ln[9] for ln in ex if date(2025, 12, 1) <= ln[0] <= date(2026, 11, 30)
    )
    o_fy: dict[int, int] = defaultdict(int)
    p_fy: dict[int, list] = defaultdict(list)
    for o in orders:
        o_fy[fy_of(o["d"])] += 1
        if o["kind"] == "proj":
            p_fy[fy_of(o["d"])].append(o["amt"])
    o_m: dict[str, int] = defaultdict(int)
    for o in orders:
        o_m[f"{o['d'].year}-{o['d'].month:02d}"] += 1
    truth["orders_month"] = dict(sorted(o_m.items()))
    truth["orders_fy"] = {str(k): v for k, v in sorted(o_fy.items())}
    truth["project_orders_fy"] = {
        str(k): {
            "n": len(v),
            "yen": int(sum(v)),
            "median": int(np.median(v)),
            "max": int(max(v)),
            "share_of_revenue": round(sum(v) / rev_fy[k], 3),
        }
        for k, v in sorted(p_fy.items())
    }
    won = defaultdict(int)
    lost = defaultdict(int)
    for a in accts:
        if a["start"] >= START:
            won[fy_of(a["start"])] += 1
        if a["end"]:
            lost[fy_of(a["end"])] += 1
    truth["accounts_won_fy"] = dict(sorted((str(k), v) for k, v in won.items()))
    truth["accounts_lost_fy"] = dict(sorted((str(k), v) for k, v in lost.items()))
    truth["accounts_open_2026_12_06"] = sum(
        1
        for a in accts
        if a["start"] <= date(2026, 12, 6) and (a["end"] is None or a["end"] > date(2026, 12, 6))
    )
    truth["reps"] = {c: {"name": n, "branch": b} for c, n, b in REPS}
    truth["per_rep_at_time"] = {
        NAME[r]: {str(fy): rev_rep_fy[(r, fy)] for fy in range(2023, 2028)} for r in NAME
    }
    truth["per_rep_by_holder_2026_12"] = {
        c: {"name": NAME[c], "fy2026": rev_holder_fy[(c, 2026)], "fy2027": rev_holder_fy[(c, 2027)]}
        for c in NAME
    }
    bi = accts.index(big)
    truth["biggest_account"] = {
        "cd": big["cd"],
        "name": big["name"],
        "moves": "田中 浩二 (本店) → 山本 隆 (東支店) 2026-04-01",
        "share_fy": {
            str(fy): round(rev_acct_fy[(bi, fy)] / rev_fy[fy], 3) for fy in range(2023, 2028)
        },
        "yen_fy": {str(fy): rev_acct_fy[(bi, fy)] for fy in range(2023, 2028)},
    }
    truth["reorg_movers"] = len(movers) + 1
    truth["leave"] = {
        "rep": NAME[LEAVE_REP],
        "from": str(LEAVE[0]),
        "to": str(LEAVE[1]),
        "covered_by": [NAME["R10"], NAME["R11"]],
    }
    toto = sum(ln[9] for ln in lines if ln[6] == "TOTO" and date(2024, 10, 1) <= ln[0] < PRICE_UP)
    allv = sum(ln[9] for ln in lines if date(2024, 10, 1) <= ln[0] < PRICE_UP)
    truth["price_up"] = {
        "month": "2025-10",
        "maker": "TOTO",
        "size": 0.08,
        "toto_share": round(toto / allv, 3),
        "company_size": round(0.08 * toto / allv, 4),
    }
    truth["lines_exported"] = len(ex)
    # expected revenue (the rates, not the draws): each account's own mean consumable slip, the mean project of its kind
    cons_sum: dict[int, float] = defaultdict(float)
    cons_cnt: dict[int, int] = defaultdict(int)
    proj_by_type: dict[str, list[float]] = defaultdict(list)
    slip_amt: dict[int, float] = defaultdict(float)
    for ln in lines:
        if ln[12] in ("cons", "proj"):
            slip_amt[ln[1]] += ln[9]
    for o in orders:
        if o["kind"] == "cons":
            cons_sum[o["ai"]] += slip_amt[o["slip"]]
            cons_cnt[o["ai"]] += 1
        else:
            proj_by_type[accts[o["ai"]]["type"]].append(o["amt"])
    mean_proj = {k: float(np.mean(v)) for k, v in proj_by_type.items()}
    exp_holder: dict[tuple[str, int], float] = defaultdict(float)
    exp_fy: dict[int, float] = defaultdict(float)
    for ai, a in enumerate(accts):
        if "exp_cons_n" not in a:
            continue
        mc = cons_sum[ai] / cons_cnt[ai] if cons_cnt[ai] else 0.0
        for fy in range(2023, 2028):
            e = a["exp_cons_n"][fy] * mc + a["exp_proj_n"][fy] * mean_proj[a["type"]]
            exp_holder[(holder_at(a, date(2026, 12, 6)), fy)] += e
            exp_fy[fy] += e
    truth["expected_fy_revenue"] = {str(fy): round(v) for fy, v in sorted(exp_fy.items())}
    truth["expected_per_rep_by_holder_2026_12"] = {
        NAME[c]: {str(fy): round(exp_holder[(c, fy)]) for fy in range(2023, 2028)} for c in NAME
    }
    truth["accounts"] = {
        a["cd"]: {
            "name": a["name"],
            "type": a["type"],
            "start": str(a["start"]),
            "end": str(a["end"]) if a["end"] else None,
            "holder": NAME[holder_at(a, date(2026, 12, 6))],
            "proj_per_year": round(a["proj_rate"], 2),
            "cons_per_month": round(a["cons_rate"], 2),
            "rev_fy": {str(fy): rev_acct_fy[(ai, fy)] for fy in range(2023, 2028)},
        }
        for ai, a in enumerate(accts)
    }
    truth["quotes"] = {
        "won": sum(1 for q in quotes if q[6] == "受注" and q[1] <= EXPORT_END),
        "lost": sum(1 for q in quotes if q[6] == "失注" and q[1] <= EXPORT_END),
    }
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )

    # ---- exports
    stamp = datetime(2026, 12, 6, 8, 41, 12)
    hdr = [
        "売上日",
        "伝票No",
        "得意先CD",
        "得意先名",
        "担当者名",
        "商品CD",
        "品名",
        "メーカー",
        "数量",
        "単価",
        "金額(税抜)",
        "消費税",
        "金額(税込)",
    ]
    for fy in range(2023, 2027):
        wb = openpyxl.Workbook(write_only=True)
        for br in ("本店", "東支店"):
            ws = wb.create_sheet(br)
            ws.append([f"売上明細表 {fy}年度 {br}"])
            ws.append([f"出力日時: {stamp:%Y/%m/%d %H:%M:%S}"])
            ws.append(hdr)
            for ln in lines:
                d = ln[0]
                if fy_of(d) != fy or d > EXPORT_END:
                    continue
                a = accts[ln[2]]
                if branch_at(a, d) != br:
                    continue
                ws.append(
                    [
                        datetime(d.year, d.month, d.day),
                        ln[1],
                        a["cd"],
                        a["name"],
                        NAME[ln[3]],
                        ln[4],
                        ln[5],
                        ln[6],
                        ln[7],
                        ln[8],
                        ln[9],
                        ln[10],
                        ln[11],
                    ]
                )
        wb.save(out / f"売上明細_FY{fy}.xlsx")
    # 請求一覧 per 締め月 (2026-04 … 2026-11 closed, and 2026-12 not yet)
    carry: dict[int, int] = defaultdict(int)
    for ym in [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]:
        if ym < "2025-04" or ym > "2026-11":
            continue
        net: dict[int, int] = defaultdict(int)
        tax: dict[int, int] = defaultdict(int)
        for ln in lines:
            if ln[0] <= EXPORT_END and shime_month(ln[0]) == ym:
                net[ln[2]] += ln[9]
                tax[ln[2]] += ln[10]
        with (out / f"請求一覧_{ym.replace('-', '')}.csv").open(
            "w", encoding="cp932", newline=""
        ) as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(
                [
                    "請求年月",
                    "得意先CD",
                    "得意先名",
                    "前回請求額",
                    "入金額",
                    "繰越金額",
                    "今回売上額",
                    "消費税額",
                    "今回請求額",
                ]
            )
            for ai in sorted(set(net) | {k for k, v in carry.items() if v}):
                prev = carry[ai]
                paid = prev
                bill = net[ai] + tax[ai]
                w.writerow(
                    [
                        ym.replace("-", "/"),
                        accts[ai]["cd"],
                        accts[ai]["name"],
                        prev,
                        paid,
                        0,
                        net[ai],
                        tax[ai],
                        bill,
                    ]
                )
                carry[ai] = bill
    # 見積一覧
    with (out / "見積一覧.csv").open("w", encoding="cp932", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(
            [
                "見積No",
                "見積日",
                "得意先CD",
                "得意先名",
                "担当者",
                "件名",
                "見積金額",
                "状態",
                "受注日",
            ]
        )
        for q in sorted(quotes, key=lambda q: q[1]):
            if q[1] < date(2024, 4, 1) or q[1] > EXPORT_END:
                continue
            st = q[6]
            if st == "受注" and q[7] > EXPORT_END:
                st = "検討中"
            if st == "失注" and q[1] > EXPORT_END - timedelta(days=45):
                st = "検討中"
            a = accts[q[2]]
            w.writerow(
                [
                    f"Q{q[0]}",
                    q[1].strftime("%Y/%m/%d"),
                    a["cd"],
                    a["name"],
                    NAME[q[3]],
                    f"{a['name']} {q[4]}",
                    q[5],
                    st,
                    q[7].strftime("%Y/%m/%d") if st == "受注" else "",
                ]
            )
    # 日報: visits per rep per day from the accounts they serve; a visit on most order days plus some without
    nd = out / "日報"
    nd.mkdir(exist_ok=True)
    order_days: dict[tuple[str, date], set[int]] = defaultdict(set)
    for o in orders:
        order_days[(o["rep"], o["d"])].add(o["ai"])
    q_by: dict[tuple[str, date], list] = defaultdict(list)
    for q in quotes:
        q_by[(q[3], q[1])].append(q)
    months = sorted({(d.year, d.month) for d in days if NIPPO_START <= d <= EXPORT_END})
    n_visits = 0
    for y, m in months:
        mdays = [d for d in days if d.year == y and d.month == m and d <= EXPORT_END]
        for rc, rn, _ in REPS:
            if rc == LEAVE_REP and LEAVE[0] <= mdays[0] <= LEAVE[1]:
                continue
            rows = []
            book = [
                ai
                for ai, a in enumerate(accts)
                if a["start"] <= mdays[0]
                and (a["end"] is None or a["end"] > mdays[0])
                and rep_at(a, mdays[0]) == rc
            ]
            for d in mdays:
                vis = set(ai for ai in order_days.get((rc, d), set()) if rng.random() < 0.6)
                extra_n = int(rng.poisson(2.5))
                if book:
                    vis |= {book[j] for j in rng.integers(0, len(book), extra_n)}
                for ai in sorted(vis):
                    a = accts[ai]
                    kind = str(
                        rng.choice(["訪問", "訪問", "訪問", "訪問", "現場調査", "打合せ", "電話"])
                    )
                    rows.append([d, rn, a["cd"], a["name"], kind, ""])
                for q in q_by.get((rc, d), []):
                    a = accts[q[2]]
                    rows.append([d, rn, a["cd"], a["name"], "見積提出", q[4]])
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = f"{m}月"
            ws.append([f"営業日報 令和{y - 2018}年{m}月 担当: {rn}"])
            ws.append([])
            ws.append(["日付", "担当者", "得意先CD", "得意先名", "区分", "内容"])
            for r in rows:
                r = list(r)
                r[0] = (
                    wareki(r[0]) if rc in WAREKI_REPS else datetime(r[0].year, r[0].month, r[0].day)
                )
                ws.append(r)
                n_visits += 1
            wb.save(nd / f"{y}-{m:02d}_{rn.replace(' ', '')}.xlsx")
    # 得意先マスタ (today's holder; closures flagged for ~70%)
    with (out / "得意先マスタ.csv").open("w", encoding="cp932", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["得意先CD", "得意先名", "業態", "支店", "担当者名", "取引開始日", "取引区分"])
        for a in accts:
            if a["start"] > EXPORT_END:
                continue
            closed = a["end"] is not None and a["end"] <= EXPORT_END
            flag = "取引停止" if closed and rng.random() < 0.7 else "取引中"
            h = holder_at(a, date(2026, 12, 6))
            w.writerow(
                [
                    a["cd"],
                    a["name"],
                    a["type"],
                    BRANCH[h],
                    NAME[h],
                    a["start"].strftime("%Y/%m/%d"),
                    flag,
                ]
            )
    print(
        json.dumps(
            {
                k: truth[k]
                for k in (
                    "fy_revenue_by_uriagebi_zeinuki",
                    "fy_revenue_by_shimegetsu_zeinuki",
                    "orders_fy",
                    "project_orders_fy",
                    "accounts_won_fy",
                    "accounts_lost_fy",
                    "biggest_account",
                    "price_up",
                    "lines_exported",
                )
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print("visits rows", n_visits)


if __name__ == "__main__":
    main()
