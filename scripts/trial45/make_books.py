# ruff: noqa: E501, RUF005
"""Trial 45 generator: a 美容ディーラー (hair-care / colour products to salons), 8 route reps, 札幌・旭川.

Writes into OUT (default /work/wt/_trial45/data):
  kikan/売上明細_YYYYMM.csv   48 monthly cp932 ERP exports 2022-12 … 2026-11 (footer 合計 line each)
  sfa_活動履歴.csv            SFA export (UTF-8 BOM) with its own headers and words
  得意先マスタ.xlsx           customer master (hidden 旧担当者 column, half the closures typed)
  truth.json                   planted truth: FY totals per rep, FY2027 simulated forward, events
The simulation runs to 2027-12 so FY2027 "what really happened" is known (truth.json), but only
2022-12-01 … 2026-11-30 is exported.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
from collections import defaultdict
from pathlib import Path

from routekpi.core.calendar import national_holidays

REPS = [  # code, name, branch
    ("S01", "佐藤 健太", "札幌"),
    ("S02", "高橋 美咲", "札幌"),
    ("S03", "田中 大輔", "札幌"),
    ("S04", "伊藤 翔", "札幌"),
    ("S05", "渡辺 彩", "札幌"),
    ("A01", "山本 拓也", "旭川"),
    ("A02", "中村 優子", "旭川"),
    ("A03", "小林 誠", "旭川"),
]
SEASON = {
    1: 0.88,
    2: 0.74,
    3: 1.08,
    4: 0.98,
    5: 0.95,
    6: 0.97,
    7: 1.05,
    8: 0.93,
    9: 0.96,
    10: 1.00,
    11: 1.06,
    12: 1.40,
}
PRODUCTS = [  # code, name, maker, unit price, weight, revised (+8% 2025-04)
    ("C-101", "カラー剤 アッシュ系 80g", "ミルボン", 980, 8, True),
    ("C-102", "カラー剤 ブラウン系 80g", "ミルボン", 980, 8, True),
    ("C-201", "グレイカラー 80g", "ミルボン", 1050, 7, True),
    ("C-301", "オキシ 6% 1000ml", "ミルボン", 1200, 5, True),
    ("P-101", "ブリーチパウダー 500g", "ナプラ", 3600, 3, False),
    ("S-101", "サロンシャンプー 1000ml", "ナプラ", 2800, 6, False),
    ("S-102", "トリートメント 1000g", "ナプラ", 3400, 5, False),
    ("R-101", "店販シャンプー 300ml", "ナプラ", 1700, 4, False),
    ("R-102", "店販オイル 100ml", "ナプラ", 1900, 3, False),
    ("K-101", "パーマ液 1剤2剤セット", "デミ", 2500, 2, False),
    ("T-101", "カラーカップ・刷毛セット", "その他", 650, 1, False),
]
REV_MONTH = dt.date(2025, 4, 1)
REV_PCT = 0.08
START = dt.date(2022, 12, 1)
EXPORT_END = dt.date(2026, 11, 30)
SIM_END = dt.date(2027, 12, 31)
LEAVE = ("S04", dt.date(2026, 3, 1), dt.date(2026, 6, 30), "S01")  # 伊藤 育休, cover 佐藤
CHAIN = "ヘアサロン ルミエール"
CHAIN_MOVE = dt.date(2026, 7, 1)  # 高橋 → 田中
CHAIN_FROM, CHAIN_TO = "S02", "S03"
NAMES1 = ["Hair", "hair salon", "美容室", "ヘアサロン", "Beauty", "atelier", "salon"]
NAMES2 = [
    "ソレイユ",
    "リアン",
    "アンジュ",
    "ルーチェ",
    "フルール",
    "ミモザ",
    "ノエル",
    "カノン",
    "ブラン",
    "ラパン",
    "アムール",
    "シエル",
    "ココ",
    "ルナ",
    "ステラ",
    "ハル",
    "ナチュレ",
    "ルフレ",
    "ポム",
    "アリア",
    "エトワール",
    "リュバン",
    "クレール",
    "モア",
    "ユイ",
    "ミュウ",
    "リリー",
    "ジュエル",
]
AREAS_S = [
    "中央区",
    "北区",
    "東区",
    "白石区",
    "豊平区",
    "南区",
    "西区",
    "手稲区",
    "清田区",
    "厚別区",
]
AREAS_A = ["旭川", "東神楽", "鷹栖", "当麻", "美瑛"]


HOL = national_holidays(range(2022, 2028))


def working_day(d: dt.date, sat_ok: bool) -> bool:
    """Mon–Fri, plus the 1st and 3rd Saturday of a month (the dealer's 出勤土曜)."""
    if d in HOL or (d.month == 12 and d.day >= 30) or (d.month == 1 and d.day <= 3):
        return False
    if d.weekday() < 5:
        return True
    return d.weekday() == 5 and sat_ok and (d.day - 1) // 7 in (0, 2)


def month_iter(a: dt.date, b: dt.date):
    y, m = a.year, a.month
    while (y, m) <= (b.year, b.month):
        yield y, m
        y, m = (y + (m == 12), m % 12 + 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=45)
    ap.add_argument("--out", default="/work/wt/_trial45/data")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = Path(a.out)
    (out / "kikan").mkdir(parents=True, exist_ok=True)

    # ---- salons ----------------------------------------------------------------------------
    salons: list[dict] = []
    used: set[str] = set()

    def new_name() -> str:
        while True:
            n = f"{rnd.choice(NAMES1)} {rnd.choice(NAMES2)}"
            if rnd.random() < 0.5:
                n += f" {rnd.choice(AREAS_S + AREAS_A + ['本店', '駅前店', '2号店', 'annex'])}"
            if len(used) > 1200:  # the name pool is finite: a number then
                n += f" {len(used)}"
            if n not in used:
                used.add(n)
                return n

    def add_salon(start: dt.date, rep: str, group: str = "", size: float | None = None) -> dict:
        code = f"{100000 + len(salons) + 1}"
        br = dict((r[0], r[2]) for r in REPS)[rep]
        s = dict(
            code=code,
            name=new_name() if not group else f"{group} {rnd.choice(AREAS_S)}店",
            rep=rep,
            start=start,
            end=None,
            group=group,
            branch=br,
            size=size if size else math.exp(rnd.gauss(math.log(52000), 0.55)),
            grow=rnd.gauss(0.0, 0.04),
            gap=rnd.choice([7, 10, 14, 14, 14, 21, 28]),
            area=rnd.choice(AREAS_S if br == "札幌" else AREAS_A),
        )
        salons.append(s)
        return s

    reps_codes = [r[0] for r in REPS]
    weights = {
        "S01": 80,
        "S02": 78,
        "S03": 75,
        "S04": 70,
        "S05": 72,
        "A01": 62,
        "A02": 60,
        "A03": 55,
    }
    for rc in reps_codes:
        for _ in range(weights[rc]):
            st = dt.date(2010 + rnd.randint(0, 12), rnd.randint(1, 12), 1)
            add_salon(st, rc)
    for _ in range(10):  # the ルミエール chain
        add_salon(dt.date(2018, 4, 1), CHAIN_FROM, CHAIN, size=rnd.uniform(60000, 90000))
    # churn: ~17%/yr close, ~19%/yr open (many small salons: 面貸し, 独立)
    month_first = list(month_iter(START, SIM_END))
    for y, m in month_first:
        d0 = dt.date(y, m, 1)
        live = [s for s in salons if s["start"] <= d0 and (s["end"] is None or s["end"] >= d0)]
        for s in live:
            if s["group"]:
                continue
            p = 0.017 if s["size"] > 40000 else 0.022
            if rnd.random() < p:
                s["end"] = d0 + dt.timedelta(days=rnd.randint(0, 27))
        for rc in reps_codes:
            lam = weights[rc] * 0.0215
            for _ in range(sum(rnd.random() < lam / 3 for _ in range(3))):
                ns = add_salon(d0 + dt.timedelta(days=rnd.randint(0, 27)), rc)
                ns["size"] *= 0.8  # new independents start smaller
                ns["new"] = True

    # ---- orders ----------------------------------------------------------------------------
    rep_name = {r[0]: r[1] for r in REPS}
    prod_w = [p[4] for p in PRODUCTS]
    lines: list[list] = []
    truth_rev: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    truth_new: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    truth_lost: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    slip = 500000
    days = []
    d = START
    while d <= SIM_END:
        if working_day(d, True):
            days.append(d)
        d += dt.timedelta(days=1)
    market = {2022: 1.0, 2023: 1.0, 2024: 1.015, 2025: 1.03, 2026: 1.045, 2027: 1.06}
    for s in salons:
        s["next"] = max(s["start"], START) + dt.timedelta(days=rnd.randint(0, s["gap"]))
        if s.get("new") and s["start"] >= START:
            truth_new[s["start"].year][s["rep"]] += 1
        if s["end"] and s["end"] >= START:
            truth_lost[s["end"].year][s["rep"]] += 1
    for d in days:
        for s in salons:
            if s["next"] > d or (s["end"] and d > s["end"]):
                continue
            if s["start"] > d:
                continue
            # jitter to next order
            s["next"] = d + dt.timedelta(days=max(3, int(rnd.gauss(s["gap"], s["gap"] * 0.25))))
            rep = s["rep"]
            if s["group"] and d >= CHAIN_MOVE:
                rep = CHAIN_TO
            booked = rep
            if rep == LEAVE[0] and LEAVE[1] <= d <= LEAVE[2]:
                booked = LEAVE[3]
            age = (d - s["start"]).days / 365
            ramp = min(1.0, 0.45 + 0.55 * age / 0.75) if s.get("new") else 1.0
            yrs = (d - START).days / 365
            target = (
                s["size"]
                * s["gap"]
                / 30.4
                * SEASON[d.month]
                * ramp
                * (1 + s["grow"]) ** yrs
                * market[d.year]
            )
            if rep == LEAVE[0] and LEAVE[1] <= d <= LEAVE[2]:
                target *= 0.9  # cover rep visits less often
            slip += 1
            amount_left = target * rnd.uniform(0.7, 1.3)
            nlines = 0
            while amount_left > 0 and nlines < 12:
                p = rnd.choices(PRODUCTS, prod_w)[0]
                price = p[3] * (1 + REV_PCT if p[5] and d >= REV_MONTH else 1)
                q = max(1, int(rnd.expovariate(1 / 6)))
                amt = round(price * q * rnd.choice([1, 1, 1, 0.95, 0.9]))
                kubun = "通常"
                if rnd.random() < 0.012:
                    kubun = "返品"
                lines.append(
                    [
                        d,
                        f"{slip}",
                        s["code"],
                        s["name"],
                        booked,
                        rep_name[booked],
                        p[0],
                        p[1],
                        q,
                        round(price),
                        amt,
                        kubun,
                        s["branch"],
                    ]
                )
                sign = -1 if kubun == "返品" else 1
                truth_rev[d.year][rep] += sign * amt
                amount_left -= amt
                nlines += 1

    # ---- visits (SFA) ----------------------------------------------------------------------
    visits = []
    kinds = (
        ["定期訪問"] * 70
        + ["納品"] * 10
        + ["電話"] * 10
        + ["講習会"] * 3
        + ["新規訪問"] * 4
        + ["飛び込み"] * 3
    )
    for d in days:
        if d > EXPORT_END:
            break
        for s in salons:
            if (s["end"] and d > s["end"]) or s["start"] > d:
                continue
            if rnd.random() < 1 / max(5, s["gap"] * 0.8) * 0.9:
                rep = CHAIN_TO if (s["group"] and d >= CHAIN_MOVE) else s["rep"]
                if rep == LEAVE[0] and LEAVE[1] <= d <= LEAVE[2]:
                    rep = LEAVE[3]
                k = rnd.choice(kinds)
                res = {
                    "定期訪問": rnd.choice(["受注", "受注", "情報提供", "不在", ""]),
                    "納品": "",
                    "電話": rnd.choice(["受注", ""]),
                    "講習会": rnd.choice(["実施", "実施", "次回検討"]),
                    "新規訪問": rnd.choice(["アポ獲得", "NG", "不在"]),
                    "飛び込み": rnd.choice(["アポ獲得", "NG", "NG", "不在"]),
                }[k]
                visits.append([d, rep_name[rep], s["code"], s["name"], k, res, f"{d:%H}:00"])
        # prospects (not yet customers) – cold calls with no code
        for rc in reps_codes:
            if rnd.random() < 0.25:
                visits.append(
                    [
                        d,
                        rep_name[
                            rc if not (rc == LEAVE[0] and LEAVE[1] <= d <= LEAVE[2]) else LEAVE[3]
                        ],
                        "",
                        f"見込み {rnd.choice(NAMES2)}",
                        rnd.choice(["飛び込み", "新規訪問"]),
                        rnd.choice(["アポ獲得", "NG", "NG", "不在"]),
                        "",
                    ]
                )

    # ---- write exports ---------------------------------------------------------------------
    hdr = [
        "伝票日付",
        "伝票番号",
        "得意先コード",
        "得意先名",
        "担当者コード",
        "担当者名",
        "商品コード",
        "商品名",
        "数量",
        "単価",
        "金額",
        "売上区分",
        "営業所",
    ]
    bymonth: dict[tuple[int, int], list] = defaultdict(list)
    for ln in lines:
        if ln[0] <= EXPORT_END:
            bymonth[(ln[0].year, ln[0].month)].append(ln)
    for (y, m), rows in sorted(bymonth.items()):
        with open(
            out / "kikan" / f"売上明細_{y}{m:02d}.csv", "w", encoding="cp932", newline=""
        ) as f:
            w = csv.writer(f)
            w.writerow(hdr)
            for r in rows:
                w.writerow([f"{r[0]:%Y/%m/%d}"] + r[1:])
            w.writerow(
                [
                    "",
                    "",
                    "",
                    "合計",
                    "",
                    "",
                    "",
                    "",
                    sum(r[8] for r in rows),
                    "",
                    sum(r[10] * (-1 if r[11] == "返品" else 1) for r in rows),
                    "",
                    "",
                ]
            )
    # the next month's export (2026-12), for the "second recalc after a month" step
    (out / "next").mkdir(exist_ok=True)
    dec = [ln for ln in lines if (ln[0].year, ln[0].month) == (2026, 12)]
    with open(out / "next" / "売上明細_202612.csv", "w", encoding="cp932", newline="") as f:
        w = csv.writer(f)
        w.writerow(hdr)
        for r in dec:
            w.writerow([f"{r[0]:%Y/%m/%d}"] + r[1:])
        w.writerow(
            [
                "",
                "",
                "",
                "合計",
                "",
                "",
                "",
                "",
                sum(r[8] for r in dec),
                "",
                sum(r[10] * (-1 if r[11] == "返品" else 1) for r in dec),
                "",
                "",
            ]
        )
    with open(out / "sfa_活動履歴.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["活動日", "営業担当", "顧客ID", "顧客名", "活動種別", "活動結果", "開始時刻"])
        for v in visits:
            w.writerow([f"{v[0]:%Y-%m-%d}"] + v[1:])

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "得意先マスタ"
    ws.append(
        [
            "得意先コード",
            "得意先名",
            "担当者名",
            "旧担当者",
            "取引開始日",
            "取引停止日",
            "法人グループ",
            "営業所",
            "地区",
        ]
    )
    for s in salons:
        if s["start"] > EXPORT_END:
            continue
        rep = CHAIN_TO if s["group"] and EXPORT_END >= CHAIN_MOVE else s["rep"]
        old = rep_name[CHAIN_FROM] if s["group"] else ""
        end = s["end"] if (s["end"] and s["end"] <= EXPORT_END and rnd.random() < 0.5) else None
        ws.append(
            [
                s["code"],
                s["name"],
                rep_name[rep],
                old,
                s["start"],
                end,
                s["group"] or None,
                s["branch"],
                s["area"],
            ]
        )
    ws.column_dimensions["D"].hidden = True
    wb.save(out / "得意先マスタ.xlsx")

    truth = {
        "fy_revenue": {
            y: {rep_name[r]: round(v) for r, v in sorted(truth_rev[y].items())} for y in truth_rev
        },
        "fy_total": {y: round(sum(truth_rev[y].values())) for y in truth_rev},
        "new_accounts": {y: dict(truth_new[y]) for y in truth_new},
        "lost_accounts": {y: dict(truth_lost[y]) for y in truth_lost},
        "active_2026_11": sum(
            1
            for s in salons
            if s["start"] <= EXPORT_END and (not s["end"] or s["end"] > EXPORT_END)
        ),
        "events": {
            "price_revision": "2025-04 +8% on ミルボン colour (C-*) items",
            "leave": "伊藤 翔 育休 2026-03-01..2026-06-30, orders booked under 佐藤 健太",
            "chain": f"{CHAIN} 10 salons 高橋 美咲 → 田中 大輔 from 2026-07-01",
            "saturdays": "1st and 3rd Saturday are working days",
        },
        "closed": {s["code"]: str(s["end"]) for s in salons if s["end"] and s["end"] <= EXPORT_END},
        "lines_exported": sum(len(v) for v in bymonth.values()),
        "visits_exported": len(visits),
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, default=str))
    print(
        json.dumps(
            {
                k: truth[k]
                for k in ("fy_total", "lines_exported", "visits_exported", "active_2026_11")
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
