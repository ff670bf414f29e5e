# ruff: noqa: E501
"""Trial 44: seeded history of a 業務用酒類・飲料卸 (liquor and drinks wholesaler to 飲食店).

make_books.py OUT_DIR -> OUT_DIR/data/
  orders.csv      基幹 販売管理 export, history 2022-04-01 .. 2026-12-31 (December closed).
  visits.csv      SFA export taken 2027-01-15 morning (activities to 2027-01-14).
  visits_w2.csv   the same SFA export a week later (to 2027-01-21).
  accounts.csv    得意先マスタ (current 担当, 取引停止日 typed for ~55% of closures, 法人グループ).
  reps.csv        担当者一覧 (営業所, mail).
  full_*.csv      the same exports simulated on to 2028-03-31 (the truth book).
  truth.json      planted truth (税抜): revenue by FY, by FY x rep, month revenue, new/lost by FY.

Planted (FY = April..March, named by its START year as the manager types PlanYear):
- 9 reps in 3 営業所 (新宿: 佐藤 鈴木 高橋 / 渋谷: 田中 伊藤 渡辺 / 池袋: 山本 中村 小林);
  渡辺 retires 2025-09-30, his accounts alternate to 田中 and 伊藤 from 2025-10-01;
  加藤 (池袋) starts 2026-04-01 with no accounts and wins his book by 飛び込み.
- ~900 open accounts: 居酒屋 55%, レストラン 26%, ホテル, 2 居酒屋チェーン, and the
  東都ホテルグループ (9 hotels, ~6% of revenue) that moves to a competitor: last orders 2026-05-31.
- season: December 1.45, August 1.22, July 1.1; volume trend per rep (-2 .. +3 %/yr).
- churn (閉店) ~18%/yr for 居酒屋/レストラン, x2.2 in FY2023 (a covid-like wave), ~4% hotels/chains;
  ~20%/yr new accounts, each won by 飛び込み (outcomes 新規訪問/商談化/不在/断られ) then 商談 (成約/失注/検討中).
- beer (~45% of revenue) list price +8% from 2025-10-01; other products unchanged.
- amounts 税込 (税込金額) with 税区分 「酒類 10%」 / 「飲料 軽減8%」 (soft drinks are food: 8%).
- SFA: 活動日時 as text "2026/12/05 14:30", its own activity words (ルート訪問, 飛び込み, 商談, 電話, 試飲会)
  and outcomes (受注, 提案, 情報収集, 不在, 新規訪問, 商談化, 断られ, 成約, 失注, 検討中).
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

SEED = 44
START, ORD_END, VIS_END, VIS_END2, SIM_END = (
    date(2022, 4, 1),
    date(2026, 12, 31),
    date(2027, 1, 14),
    date(2027, 1, 21),
    date(2028, 3, 31),
)
PRICE_DAY, BEER_STEP = date(2025, 10, 1), 1.08
RETIRE_DAY, NEWHIRE_DAY, CHAIN_LAST = date(2025, 10, 1), date(2026, 4, 1), date(2026, 5, 31)
REPS = {  # name: (branch, route visits per account-month, volume trend per year, wins per month)
    "佐藤 健一": ("新宿", 2.0, 0.01, 1.7),
    "鈴木 大輔": ("新宿", 1.5, -0.02, 1.5),
    "高橋 誠": ("新宿", 1.2, 0.00, 2.0),
    "田中 美穂": ("渋谷", 1.8, 0.02, 1.8),
    "伊藤 翔": ("渋谷", 1.4, 0.03, 2.2),
    "渡辺 正男": ("渋谷", 1.0, -0.01, 0.8),
    "山本 直樹": ("池袋", 2.2, 0.03, 1.6),
    "中村 優子": ("池袋", 1.3, -0.01, 1.5),
    "小林 拓也": ("池袋", 1.6, 0.01, 1.9),
    "加藤 亮": ("池袋", 2.5, 0.02, 3.2),
}
RETIREE, HEIRS, NEWHIRE = "渡辺 正男", ("田中 美穂", "伊藤 翔"), "加藤 亮"
SEASON = {
    1: 0.82,
    2: 0.85,
    3: 1.05,
    4: 0.98,
    5: 1.0,
    6: 0.94,
    7: 1.1,
    8: 1.22,
    9: 0.95,
    10: 1.0,
    11: 1.02,
    12: 1.45,
}
SMEAN = sum(SEASON.values()) / 12
# kind: (share of opening book, monthly base 税抜, slips per month, yearly churn)
KINDS = {
    "居酒屋": (0.55, 210_000, 4.0, 0.19),
    "レストラン": (0.26, 160_000, 3.0, 0.17),
    "ホテル": (0.05, 850_000, 6.0, 0.04),
    "チェーン店": (0.035, 380_000, 4.0, 0.04),
}
CHAIN = "東都ホテルグループ"
CHAINS = ["炉端ダイニング株式会社", "株式会社とりまる"]
# code, name, category, price 税抜, tax rate
PRODUCTS = [
    ("B101", "生ビール樽 10L", "beer", 5_200, 10),
    ("B102", "生ビール樽 20L", "beer", 10_000, 10),
    ("B201", "瓶ビール大瓶 12本", "beer", 6_800, 10),
    ("B301", "缶ビール350ml 24缶", "beer", 5_600, 10),
    ("S101", "純米酒 1.8L", "sake", 2_400, 10),
    ("S102", "本醸造 1.8L", "sake", 1_900, 10),
    ("S201", "吟醸酒 1.8L", "sake", 3_200, 10),
    ("C101", "芋焼酎 1.8L", "shochu", 1_800, 10),
    ("C102", "麦焼酎 1.8L", "shochu", 1_600, 10),
    ("C201", "甲類焼酎 4L", "shochu", 3_000, 10),
    ("W101", "ハウスワイン赤 1.5L", "wine", 1_200, 10),
    ("W201", "スパークリング 750ml", "wine", 1_800, 10),
    ("H101", "ウイスキー ハイボール用 4L", "whisky", 6_500, 10),
    ("D101", "烏龍茶 2L 6本", "soft", 2_000, 8),
    ("D201", "コーラ BIB 20L", "soft", 5_500, 8),
    ("D301", "炭酸水 500ml 24本", "soft", 1_800, 8),
]
CAT_SHARE = {
    "居酒屋": {
        "beer": 0.48,
        "sake": 0.14,
        "shochu": 0.17,
        "wine": 0.03,
        "whisky": 0.07,
        "soft": 0.11,
    },
    "レストラン": {
        "beer": 0.40,
        "sake": 0.08,
        "shochu": 0.07,
        "wine": 0.22,
        "whisky": 0.05,
        "soft": 0.18,
    },
    "ホテル": {
        "beer": 0.42,
        "sake": 0.12,
        "shochu": 0.06,
        "wine": 0.22,
        "whisky": 0.06,
        "soft": 0.12,
    },
    "チェーン店": {
        "beer": 0.50,
        "sake": 0.10,
        "shochu": 0.18,
        "wine": 0.02,
        "whisky": 0.08,
        "soft": 0.12,
    },
}
STORE_NAMES = [
    "とり",
    "炉端",
    "海鮮",
    "串焼",
    "酒場",
    "食堂",
    "ビストロ",
    "トラットリア",
    "鮨",
    "やきとん",
    "餃子",
    "焼肉",
    "もつ",
    "おでん",
    "天ぷら",
]
AREAS = {
    "新宿": ["西新宿", "歌舞伎町", "新宿三丁目", "四谷", "高田馬場"],
    "渋谷": ["道玄坂", "恵比寿", "代官山", "三軒茶屋", "中目黒"],
    "池袋": ["東池袋", "西池袋", "大塚", "目白", "巣鴨"],
}


def fy(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def workday(d: date) -> bool:
    return d.weekday() < 6 and not (
        (d.month == 12 and d.day == 31) or (d.month == 1 and d.day <= 3)
    )


def months(a: date, b: date) -> list[date]:
    out, m = [], date(a.year, a.month, 1)
    while m <= b:
        out.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


def mdays(m: date) -> list[date]:
    d, out = m, []
    while d.month == m.month:
        if workday(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def pois(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    l_, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p < l_:
            return k
        k += 1


def main() -> None:
    out = Path(sys.argv[1]) / "data"
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    accts: list[dict] = []
    by_branch: dict[str, list[str]] = defaultdict(list)
    for r, (b, *_x) in REPS.items():
        if r != NEWHIRE:
            by_branch[b].append(r)
    initial_reps = [r for r in REPS if r != NEWHIRE]

    def new_account(
        kind: str, rep: str, start: date, group: str = "", base: float | None = None
    ) -> dict:
        n = len(accts) + 1
        branch = REPS[rep][0]
        area = rng.choice(AREAS[branch])
        if kind == "ホテル":
            name = (
                f"ホテル{area}{rng.choice(['プラザ', 'イン', 'ガーデン', 'パレス'])}"
                if not group
                else f"東都ホテル{area}{n}"
            )
        elif kind == "チェーン店":
            name = f"{'炉端だいにんぐ' if group == CHAINS[0] else 'とりまる'} {area}店{n}"
        else:
            name = f"{rng.choice(STORE_NAMES)}{rng.choice(['処', '屋', '家', '亭', ' はな', ' 結', ' 宗'])} {area}{n}"
            if rng.random() < 0.25:
                name = f"株式会社{name}"
        b = base if base is not None else KINDS[kind][1] * math.exp(rng.gauss(0, 0.5) - 0.125)
        a = {
            "code": f"{20000 + n}",
            "name": name,
            "kind": kind,
            "group": group,
            "start": start,
            "end": None,
            "base": b,
            "holders": [(start, rep)],
            "branch": branch,
            "closing": False,
        }
        accts.append(a)
        return a

    def holder(a: dict, d: date) -> str:
        h = a["holders"][0][1]
        for day, r in a["holders"]:
            if day <= d:
                h = r
        return h

    # opening book
    for r in initial_reps:
        n = 100 if r != RETIREE else 70
        for _ in range(n):
            x = rng.random()
            kind = (
                "居酒屋"
                if x < 0.57
                else "レストラン"
                if x < 0.84
                else "ホテル"
                if x < 0.90
                else "チェーン店"
            )
            grp = rng.choice(CHAINS) if kind == "チェーン店" else ""
            new_account(kind, r, START - timedelta(days=rng.randint(60, 6000)), grp)
    for r, k in [("佐藤 健一", 4), ("田中 美穂", 3), ("山本 直樹", 2)]:
        for _ in range(k):
            new_account(
                "ホテル",
                r,
                START - timedelta(days=rng.randint(2000, 5000)),
                CHAIN,
                1_350_000 * math.exp(rng.gauss(0, 0.15)),
            )

    orders: list[
        list
    ] = []  # [date, slip, code, name, rep, pcode, pname, qty, unit 税抜, amount 税込, taxclass, amount 税抜]
    visits: list[list] = []  # [datetime text, rep, code, name, kind, outcome, memo, date]
    slip = 500000
    prospect_n = 0
    truth_new: dict[int, int] = defaultdict(int)
    truth_lost: dict[int, int] = defaultdict(int)
    truth_new_rep: dict[str, int] = defaultdict(int)
    trend_start = START

    def vis(
        d: date, rep: str, code: str, name: str, kind: str, outcome: str, memo: str = ""
    ) -> None:
        hh = rng.choice([9, 10, 11, 13, 14, 15, 16, 17])
        visits.append(
            [
                f"{d:%Y/%m/%d} {hh:02d}:{rng.choice([0, 15, 30, 45]):02d}",
                rep,
                code,
                name,
                kind,
                outcome,
                memo,
                d,
            ]
        )

    def prospect_name(rep: str) -> str:
        area = rng.choice(AREAS[REPS[rep][0]])
        return f"{rng.choice(STORE_NAMES)}{rng.choice(['処', '屋', '家', '亭'])} {area}(新規)"

    for m in months(START, SIM_END):
        days = mdays(m)
        # --- events
        if m == RETIRE_DAY:
            book = [a for a in accts if a["end"] is None and holder(a, m) == RETIREE]
            for i, a in enumerate(book):
                a["holders"].append((RETIRE_DAY, HEIRS[i % 2]))
        if m == date(2026, 6, 1):
            for a in accts:
                if a["group"] == CHAIN:
                    a["end"] = CHAIN_LAST
                    truth_lost[fy(CHAIN_LAST)] += 1
        active_reps = [
            r
            for r in REPS
            if not (r == RETIREE and m >= RETIRE_DAY) and not (r == NEWHIRE and m < NEWHIRE_DAY)
        ]
        # --- churn: decided at month start, the account tapers for a month and closes within this month
        wave = 2.2 if fy(m) == 2023 else 1.0
        for a in accts:
            if a["end"] is not None or a["start"] >= m or a["group"] == CHAIN:
                continue
            hz = KINDS[a["kind"]][3] * (wave if a["kind"] in ("居酒屋", "レストラン") else 1.0) / 12
            if rng.random() < hz:
                a["end"] = rng.choice(days)
                truth_lost[fy(a["end"])] += 1
        # --- new accounts won by 飛び込み -> 商談 -> 成約, plus prospects that come to nothing
        for r in active_reps:
            lam = REPS[r][3]
            if r == NEWHIRE and m < NEWHIRE_DAY + timedelta(days=60):
                lam = 1.6
            wins = pois(rng, lam)
            for _ in range(wins):
                st = rng.choice(days)
                x = rng.random()
                kind = "居酒屋" if x < 0.65 else "レストラン"
                base = KINDS[kind][1] * math.exp(rng.gauss(0, 0.5) - 0.125) * 0.8
                a = new_account(kind, r, st, "", base)
                # the pipeline, dated before the first order (kept only once the history runs)
                d0 = st - timedelta(days=rng.randint(20, 60))
                if r == NEWHIRE and d0 < NEWHIRE_DAY:
                    # His pipeline starts at his hire, not before (session 39: steps in
                    # February for an April hire): the steps and the first order move on by
                    # whole weeks (the same weekdays), and the account starts that much later.
                    shift = timedelta(days=7 * math.ceil((NEWHIRE_DAY - d0).days / 7))
                    d0, st = d0 + shift, st + shift
                    a["start"], a["holders"] = st, [(st, r)]
                truth_new[fy(st)] += 1
                truth_new_rep[f"{fy(st)}|{r}"] += 1
                steps = (
                    [("飛び込み", "新規訪問")] * rng.randint(0, 2)
                    + [("飛び込み", "商談化")]
                    + [("商談", "検討中")] * rng.randint(0, 1)
                    + [("商談", "成約")]
                )
                d = d0
                for kind_, outc in steps:
                    while not workday(d):
                        d += timedelta(days=1)
                    if START <= d < st:
                        vis(d, r, a["code"], a["name"], kind_, outc)
                    d += timedelta(days=rng.randint(4, 12))
            n_walk = pois(rng, 24 if r != NEWHIRE else 45)
            for _ in range(n_walk):
                prospect_n += 1
                code, name = f"M{prospect_n:05d}", prospect_name(r)
                d = rng.choice(days)
                x = rng.random()
                outc = (
                    "新規訪問"
                    if x < 0.55
                    else "不在"
                    if x < 0.72
                    else "断られ"
                    if x < 0.93
                    else "商談化"
                )
                vis(d, r, code, name, "飛び込み", outc)
                if outc == "商談化":
                    d2 = d + timedelta(days=rng.randint(5, 15))
                    if workday(d2):
                        vis(d2, r, code, name, "商談", rng.choice(["失注", "失注", "検討中"]))
        # --- orders and route visits
        for a in accts:
            if a["start"] > days[-1] or (a["end"] is not None and a["end"] < m):
                continue
            rep = holder(a, days[0])
            if rep == RETIREE and m >= RETIRE_DAY:
                rep = holder(a, RETIRE_DAY)
            b, rate, trend, _w = (*REPS[rep][:3], 0)
            yrs = (m - trend_start).days / 365.25
            age_m = (m - a["start"]).days / 30.4
            ramp = 0.6 + 0.4 * min(1.0, max(0.0, age_m) / 4)
            vol = a["base"] * SEASON[m.month] / SMEAN * (1 + trend) ** yrs * ramp
            open_days = [d for d in days if d >= a["start"] and (a["end"] is None or d <= a["end"])]
            if not open_days:
                continue
            frac = len(open_days) / len(days)
            if a["end"] is not None and a["end"] <= days[-1] and a["group"] != CHAIN:
                vol *= 0.7  # a closing restaurant orders less in its last month
            n_slips = max(1, pois(rng, KINDS[a["kind"]][2] * frac))
            month_amt = vol * frac * math.exp(rng.gauss(0, 0.12))
            shares = CAT_SHARE[a["kind"]]
            for d in sorted(rng.choice(open_days) for _ in range(n_slips)):
                slip += 1
                amt = month_amt / n_slips
                cats = rng.choices(
                    list(shares), weights=list(shares.values()), k=rng.choice([1, 2, 2, 3])
                )
                picked = [rng.choice([x for x in PRODUCTS if x[2] == cat]) for cat in cats]
                picked = list(dict.fromkeys(picked))  # one line per product on a slip
                for p in picked:
                    cat = p[2]
                    qty = max(1, round(amt / len(picked) / p[3] * math.exp(rng.gauss(0, 0.2))))
                    price = round(p[3] * BEER_STEP) if (cat == "beer" and d >= PRICE_DAY) else p[3]
                    net = qty * price
                    gross = math.floor(net * (1 + p[4] / 100))
                    taxc = "酒類 10%" if p[4] == 10 else "飲料 軽減8%"
                    orders.append(
                        [
                            d,
                            slip,
                            a["code"],
                            a["name"],
                            rep,
                            p[0],
                            p[1],
                            qty,
                            price,
                            gross,
                            taxc,
                            net,
                        ]
                    )
            # route visits by the holder (hotels more often)
            nv = pois(rng, rate * frac * (1.4 if a["kind"] == "ホテル" else 1.0))
            for _ in range(nv):
                d = rng.choice(open_days)
                x = rng.random()
                outc = (
                    "受注"
                    if x < 0.25
                    else "提案"
                    if x < 0.37
                    else "情報収集"
                    if x < 0.55
                    else "不在"
                    if x < 0.62
                    else ""
                )
                vis(d, rep, a["code"], a["name"], "ルート訪問", outc)
            if rng.random() < 0.15:
                vis(rng.choice(open_days), rep, a["code"], a["name"], "電話", "")
            if m.month in (3, 9) and rng.random() < 0.04:
                vis(rng.choice(open_days), rep, a["code"], a["name"], "試飲会", "提案")

    orders.sort(key=lambda o: (o[0], o[1]))
    visits.sort(key=lambda v: (v[7], v[0]))

    def write_orders(path: Path, end: date) -> None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(
                [
                    "売上日",
                    "伝票No",
                    "得意先コード",
                    "得意先名",
                    "担当者",
                    "商品コード",
                    "商品名",
                    "数量",
                    "単価",
                    "税込金額",
                    "税区分",
                ]
            )
            for o in orders:
                if o[0] <= end:
                    # the 基幹 writes names with a full-width space; the SFA with a half-width one
                    w.writerow(
                        [
                            f"{o[0].year}/{o[0].month}/{o[0].day}",
                            o[1],
                            o[2],
                            o[3],
                            o[4].replace(" ", "\u3000"),
                            o[5],
                            o[6],
                            o[7],
                            o[8],
                            o[9],
                            o[10],
                        ]
                    )

    def write_visits(path: Path, end: date) -> None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(
                ["活動日時", "担当者名", "顧客コード", "顧客名", "活動種別", "活動結果", "メモ"]
            )
            for v in visits:
                if v[7] <= end:
                    w.writerow(v[:7])

    def write_accounts(path: Path, asof: date) -> None:
        rr = random.Random(SEED + 1)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(
                [
                    "得意先コード",
                    "得意先名",
                    "業態",
                    "営業所",
                    "担当者",
                    "取引開始日",
                    "取引停止日",
                    "法人グループ",
                ]
            )
            for a in accts:
                if a["start"] > asof:
                    continue
                rep = holder(a, asof)
                if rep == RETIREE and asof >= RETIRE_DAY:
                    rep = holder(a, RETIRE_DAY)
                end = ""
                if (
                    a["end"] is not None
                    and a["end"] <= asof
                    and (a["group"] == CHAIN or rr.random() < 0.55)
                ):
                    end = f"{a['end']:%Y/%m/%d}"
                grp = a["group"]
                w.writerow(
                    [
                        a["code"],
                        a["name"],
                        a["kind"],
                        REPS[rep][0],
                        rep.replace(" ", "\u3000"),
                        f"{a['start']:%Y/%m/%d}",
                        end,
                        grp,
                    ]
                )

    write_orders(out / "orders.csv", ORD_END)
    write_visits(out / "visits.csv", VIS_END)
    write_visits(out / "visits_w2.csv", VIS_END2)
    write_accounts(out / "accounts.csv", date(2027, 1, 15))
    write_orders(out / "full_orders.csv", SIM_END)
    write_visits(out / "full_visits.csv", SIM_END)
    write_accounts(out / "full_accounts.csv", SIM_END)
    with open(out / "reps.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["担当者", "メールアドレス", "営業所"])
        for i, (r, (b, *_x)) in enumerate(REPS.items()):
            if r != RETIREE:
                w.writerow([r.replace(" ", "\u3000"), f"rep{i}@example.co.jp", b])

    # --- truth (税抜)
    rev_fy: dict[int, float] = defaultdict(float)
    rev_rep: dict[str, float] = defaultdict(float)
    month_rev: dict[str, float] = defaultdict(float)
    beer: dict[int, float] = defaultdict(float)
    for o in orders:
        rev_fy[fy(o[0])] += o[11]
        rev_rep[f"{fy(o[0])}|{o[4]}"] += o[11]
        month_rev[f"{o[0]:%Y-%m}"] += o[11]
        if o[5].startswith("B"):
            beer[fy(o[0])] += o[11]
    chain_rev = defaultdict(float)
    codes = {a["code"] for a in accts if a["group"] == CHAIN}
    for o in orders:
        if o[2] in codes:
            chain_rev[fy(o[0])] += o[11]
    open_at = {
        f"{y}-04-01": sum(
            1
            for a in accts
            if a["start"] <= date(y, 4, 1) and (a["end"] is None or a["end"] >= date(y, 4, 1))
        )
        for y in range(2022, 2028)
    }
    truth = {
        "revenue_by_fy": {k: round(v) for k, v in sorted(rev_fy.items())},
        "revenue_by_fy_rep": {k: round(v) for k, v in sorted(rev_rep.items())},
        "month_rev": {k: round(v) for k, v in sorted(month_rev.items())},
        "beer_share": {k: round(beer[k] / rev_fy[k], 3) for k in sorted(rev_fy)},
        "chain_rev": {k: round(v) for k, v in sorted(chain_rev.items())},
        "chain_share": {k: round(chain_rev[k] / rev_fy[k], 3) for k in sorted(rev_fy)},
        "new_by_fy": dict(sorted(truth_new.items())),
        "lost_by_fy": dict(sorted(truth_lost.items())),
        "new_by_fy_rep": dict(sorted(truth_new_rep.items())),
        "open_accounts": open_at,
        "lines": {
            "orders": sum(1 for o in orders if o[0] <= ORD_END),
            "visits": sum(1 for v in visits if v[7] <= VIS_END),
        },
    }
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(
        json.dumps(
            {
                k: truth[k]
                for k in (
                    "revenue_by_fy",
                    "beer_share",
                    "chain_share",
                    "new_by_fy",
                    "lost_by_fy",
                    "open_accounts",
                    "lines",
                )
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
