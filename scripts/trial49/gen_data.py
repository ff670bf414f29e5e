# ruff: noqa: E501
"""Trial 49: a 理美容ディーラー's exports (seeded), plus the truth.

gen_data.py OUT_DIR [SEED]

12 route reps in 3 営業所 (東京東, 東京西, 横浜), ~900 salons, each visited every 2–4 weeks; an order at
about half the visits (shampoo, colour, perm, tools; a few 8% items: 美容ドリンク); big-ticket equipment
(セット椅子, シャンプー台, デジタルパーマ機 …: ¥300k–2M lines) a few times a year per rep, lumpy, now and then
returned. FY = April–March. History 2022-04-01 … 2026-12-04 is exported; the simulation runs on to
2028-03-31 so the running year's and next year's truth are known (truth.json).

Exports (what the manager has):
* 販売管理_売上明細_2022-2023.csv — the old 販売管理 system, cp932, 2022-04 … 2024-03, tax-EXCLUDED amounts
  under a plain 金額 header (and 得意先コード, 得意先名, 担当者名 without a space), returns as negative lines.
* kintone_受注明細.csv — kintone's export (one row per 明細 subtable row; レコード番号 = the order record, repeated), UTF-8 with BOM, 2024-04 … 2026-12-04, 金額(税込) (10%, 8% for the
  drinks) with a 税率 column, 顧客コード (lookup) and 顧客名, returns as negative lines.
* kintone_受注明細_税率なし.csv — the same without the 税率 column (an app without one).
* kintone_顧客マスタ.csv — UTF-8 BOM: 顧客コード, 顧客名, 担当者 (current), 営業所, 住所, 取引開始日, 閉店日 (only 40% of
  closures typed).
* 訪問記録.csv — Google Sheets download (UTF-8, no BOM): 訪問日, 担当, 顧客 (a name, as typed: some variants),
  種別 (定期訪問 / 講習会 / 新規 / クレーム対応), メモ.

Events: 村上 大輔 moves 横浜 → 東京西 on 2025-10-01 (his 横浜 salons go to the 3 other 横浜 reps; the 4 東京西
reps each hand him ~20% of theirs); 佐々木 健 leaves 2026-03-31 and the new hire 小野 美咲 takes all his
salons from 2026-04-01. Salons close ~0.6%/month; ~30% of closures reopen (居抜き) at the same address
under a new name and code 1–3 months later.
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

BRANCHES = ["東京東", "東京西", "横浜"]
REPS = [  # (name, branch) — index = rep id
    ("佐藤 健一", "東京東"),
    ("鈴木 由美", "東京東"),
    ("高橋 誠", "東京東"),
    ("佐々木 健", "東京東"),  # leaves 2026-03-31
    ("田中 大輝", "東京西"),
    ("伊藤 真理", "東京西"),
    ("渡辺 拓也", "東京西"),
    ("山本 彩", "東京西"),
    ("中村 翔", "横浜"),
    ("小林 恵", "横浜"),
    ("加藤 悠", "横浜"),
    ("村上 大輔", "横浜"),  # moves to 東京西 on 2025-10-01
    ("小野 美咲", "東京東"),  # new hire 2026-04-01
]
LEAVER, NEWHIRE, MOVER = 3, 12, 11
MOVE_DAY = dt.date(2025, 10, 1)
HIRE_DAY = dt.date(2026, 4, 1)
START = dt.date(2022, 4, 1)
KINTONE_FROM = dt.date(2024, 4, 1)
EXPORT_END = dt.date(2026, 12, 4)
SIM_END = dt.date(2028, 3, 31)
# consumables: code, name, tax-excluded unit price, tax rate, weight, typical qty
PRODUCTS = [
    ("SH01", "業務用シャンプー 5L", 6800, 0.10, 0.16, (1, 4)),
    ("TR01", "業務用トリートメント 3kg", 7400, 0.10, 0.13, (1, 3)),
    ("CL01", "ヘアカラー 1剤 80g", 980, 0.10, 0.22, (10, 60)),
    ("CL02", "オキシ 2剤 1000ml", 1200, 0.10, 0.10, (3, 12)),
    ("PM01", "パーマ液 1剤2剤セット", 2600, 0.10, 0.09, (2, 10)),
    ("BL01", "ブリーチパウダー 500g", 3400, 0.10, 0.06, (1, 4)),
    ("ST01", "スタイリングワックス(店販)", 1650, 0.10, 0.08, (3, 12)),
    ("TW01", "フェイスタオル 12枚", 2200, 0.10, 0.05, (1, 5)),
    ("TL01", "シザー", 38000, 0.10, 0.015, (1, 1)),
    ("TL02", "プロ用ドライヤー", 19800, 0.10, 0.025, (1, 2)),
    ("DR01", "美容ドリンク(店販) 30本", 5400, 0.08, 0.06, (1, 3)),
]
EQUIP = [  # code, name, price range (tax-excluded, per unit), qty range
    ("EQ01", "セット椅子", (280_000, 420_000), (1, 4)),
    ("EQ02", "シャンプー台(ユニット)", (850_000, 1_600_000), (1, 2)),
    ("EQ03", "デジタルパーマ機", (550_000, 780_000), (1, 1)),
    ("EQ04", "スチーマー", (320_000, 480_000), (1, 2)),
    ("EQ05", "バーバーチェア", (900_000, 1_900_000), (1, 2)),
]
SEASON = {
    4: 1.02,
    5: 0.98,
    6: 0.95,
    7: 1.05,
    8: 0.88,
    9: 0.95,
    10: 1.0,
    11: 1.05,
    12: 1.25,
    1: 0.82,
    2: 0.88,
    3: 1.17,
}
CLOSE_HAZARD = 0.006  # per month
NEW_PER_MONTH = 5.0
INUKI_SHARE = 0.30
TYPED_CLOSE_SHARE = 0.40
EQUIP_PER_YEAR = 0.075  # per salon
GROWTH = 0.015  # yearly consumables growth per salon


def fy(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def main() -> None:
    out = Path(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 49
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    jp = holidays.country_holidays("JP", years=range(2022, 2029))
    wd: list[dt.date] = []
    d = START
    while d <= SIM_END:
        off = (
            d.weekday() >= 5
            or d in jp
            or (d.month == 12 and d.day >= 29)
            or (d.month == 1 and d.day <= 3)
        )
        if not off:
            wd.append(d)
        d += dt.timedelta(days=1)
    wd_index = {x: i for i, x in enumerate(wd)}

    def next_wd(x: dt.date) -> dt.date:
        while x not in wd_index:
            x += dt.timedelta(days=1)
            if x > SIM_END:
                return x
        return x

    # --- salon names and addresses
    kata = [
        "アルバ",
        "ルーチェ",
        "ソレイユ",
        "フルール",
        "リアン",
        "ミモザ",
        "アンジュ",
        "ブラン",
        "ノア",
        "リーフ",
        "カノン",
        "セレナ",
        "ラポール",
        "エトワール",
        "ココ",
        "ハナ",
        "ルナ",
        "ステラ",
        "オリーブ",
        "プリマ",
        "ベル",
        "シエル",
        "アトリエ",
        "ヴェール",
        "モア",
        "ロータス",
        "クレア",
        "ジュネス",
        "エル",
        "トワ",
    ]
    pre = ["美容室", "ヘアサロン", "hair salon", "HAIR", "理容", "バーバー", "ヘアメイク", "美容院"]
    towns = {
        "東京東": [
            "江東区亀戸",
            "墨田区錦糸",
            "江戸川区小岩",
            "葛飾区金町",
            "足立区北千住",
            "台東区浅草",
        ],
        "東京西": [
            "世田谷区三軒茶屋",
            "杉並区高円寺",
            "中野区中野",
            "練馬区石神井",
            "武蔵野市吉祥寺",
            "調布市国領",
        ],
        "横浜": [
            "横浜市港北区日吉",
            "横浜市青葉区青葉台",
            "横浜市中区元町",
            "横浜市戸塚区戸塚町",
            "川崎市中原区小杉",
            "横浜市神奈川区白楽",
        ],
    }
    used_names: set[str] = set()

    def salon_name() -> str:
        while True:
            n = f"{rng.choice(pre)} {rng.choice(kata)}{rng.choice(['', '', ' ' + rng.choice(kata)])}"
            if rng.random() < 0.15:
                n = "有限会社" + n.replace(" ", "", 1) if rng.random() < 0.5 else "(株)" + n
            if n not in used_names:
                used_names.add(n)
                return n

    accounts: list[dict] = []
    code_no = [10000]

    def new_account(
        branch: str, rep: int, start: dt.date, addr: str | None = None, inuki_of: str | None = None
    ) -> dict:
        code_no[0] += int(rng.integers(1, 4))
        a = {
            "code": f"S{code_no[0]}",
            "name": salon_name(),
            "branch": branch,
            "addr": addr
            or f"{rng.choice(towns[branch])}{rng.integers(1, 6)}-{rng.integers(1, 30)}-{rng.integers(1, 20)}",
            "start": start,
            "end": None,
            "reps": [(start, rep)],  # (from, rep)
            "interval": int(rng.choice([14, 21, 28], p=[0.3, 0.45, 0.25])),
            "p_order": float(np.clip(rng.normal(0.52, 0.1), 0.25, 0.8)),
            "size": float(rng.lognormal(0, 0.55)),
            "inuki_of": inuki_of,
            "typed_end": False,
        }
        accounts.append(a)
        return a

    base_reps = {b: [i for i, (_, bb) in enumerate(REPS[:12]) if bb == b] for b in BRANCHES}
    for b in BRANCHES:
        for k in range(300):
            rep = base_reps[b][k % 4]
            st = dt.date(int(rng.integers(2005, 2022)), int(rng.integers(1, 13)), 1)
            new_account(b, rep, st)

    def rep_at(a: dict, day: dt.date) -> int:
        r = a["reps"][0][1]
        for f, rr in a["reps"]:
            if f <= day:
                r = rr
        return r

    def holders(day: dt.date, branch: str) -> list[int]:
        reps = [i for i in range(len(REPS)) if branch_of(i, day) == branch and active_rep(i, day)]
        return reps

    def branch_of(i: int, day: dt.date) -> str:
        if i == MOVER and day >= MOVE_DAY:
            return "東京西"
        return REPS[i][1]

    def active_rep(i: int, day: dt.date) -> bool:
        if i == LEAVER:
            return day < HIRE_DAY
        if i == NEWHIRE:
            return day >= HIRE_DAY
        return True

    # --- month loop: closures, new salons (incl. 居抜き), reassignment events
    prospects: list[dict] = []  # 新規 visits: (day, rep, name)
    m = START
    months = []
    while m <= SIM_END:
        months.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    pending_inuki: list[tuple[dt.date, dict]] = []
    for m in months:
        mend = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1) - dt.timedelta(days=1)
        if m == MOVE_DAY:
            live = [a for a in accounts if a["end"] is None]
            yk = [r for r in base_reps["横浜"] if r != MOVER]
            k = 0
            for a in live:
                if rep_at(a, m) == MOVER:
                    a["reps"].append((m, yk[k % 3]))
                    k += 1
            for a in live:
                if a["branch"] == "東京西" and rng.random() < 0.2:
                    a["branch_moved"] = True
                    a["reps"].append((m, MOVER))
        if m == HIRE_DAY:
            for a in accounts:
                if a["end"] is None and rep_at(a, m) == LEAVER:
                    a["reps"].append((m, NEWHIRE))
        # closures
        for a in list(accounts):
            if a["end"] is None and a["start"] < m and rng.random() < CLOSE_HAZARD:
                end = m + dt.timedelta(days=int(rng.integers(0, 28)))
                a["end"] = end
                a["typed_end"] = bool(rng.random() < TYPED_CLOSE_SHARE)
                if rng.random() < INUKI_SHARE:
                    pending_inuki.append((end + dt.timedelta(days=int(rng.integers(30, 95))), a))
        # 居抜き reopenings due this month
        for day, old in [p for p in pending_inuki if m <= p[0] <= mend]:
            rep = rep_at(old, day)
            if not active_rep(rep, day) or branch_of(rep, day) != old["branch"]:
                hs = holders(day, old["branch"])
                rep = hs[int(rng.integers(len(hs)))]
            a = new_account(old["branch"], rep, day, addr=old["addr"], inuki_of=old["code"])
            for _j in range(int(rng.integers(1, 3))):
                prospects.append(
                    {
                        "day": day - dt.timedelta(days=int(rng.integers(5, 40))),
                        "rep": rep,
                        "name": a["name"],
                    }
                )
        pending_inuki = [p for p in pending_inuki if p[0] > mend]
        # brand-new salons
        for _ in range(int(rng.poisson(NEW_PER_MONTH * 0.7))):
            b = BRANCHES[int(rng.integers(3))]
            day = m + dt.timedelta(days=int(rng.integers(0, 28)))
            hs = holders(day, b)
            live_by = {
                r: sum(1 for a in accounts if a["end"] is None and rep_at(a, day) == r) for r in hs
            }
            rep = min(hs, key=lambda r: live_by[r])
            a = new_account(b, rep, day)
            for _j in range(int(rng.integers(1, 4))):
                prospects.append(
                    {
                        "day": day - dt.timedelta(days=int(rng.integers(5, 60))),
                        "rep": rep,
                        "name": a["name"],
                    }
                )
        # prospects that never convert: ~2 a month per rep
        for r in range(len(REPS)):
            if not active_rep(r, m):
                continue
            for _ in range(int(rng.poisson(2.0))):
                nm = f"{rng.choice(pre)} {rng.choice(kata)}{rng.choice(kata)}"
                prospects.append(
                    {"day": m + dt.timedelta(days=int(rng.integers(0, 28))), "rep": r, "name": nm}
                )

    # --- visits and orders per salon
    lines: list[dict] = []  # tax-excluded truth lines
    visits: list[dict] = []
    slip = [500000]
    pw = np.array([p[4] for p in PRODUCTS])
    pw = pw / pw.sum()
    for a in accounts:
        first = max(a["start"], START)
        day = next_wd(first + dt.timedelta(days=int(rng.integers(0, a["interval"]))))
        end = a["end"] or dt.date(2100, 1, 1)
        last_day = min(end, SIM_END)
        while day <= last_day:
            rep = rep_at(a, day)
            kind = "定期訪問"
            u = rng.random()
            if u < 0.025:
                kind = "講習会"
            elif u < 0.035:
                kind = "クレーム対応"
            visits.append({"day": day, "rep": rep, "acct": a, "kind": kind})
            if kind != "講習会" and rng.random() < a["p_order"]:
                slip[0] += 1
                yrs = (day - START).days / 365.25
                scale = (
                    2.0
                    * a["size"]
                    * SEASON[day.month]
                    * (1 + GROWTH) ** yrs
                    * (a["interval"] / 21) ** 0.7
                )
                n_lines = int(rng.integers(2, 7))
                for pi in sorted(set(rng.choice(len(PRODUCTS), size=n_lines, p=pw))):
                    code, name, price, rate, _, (q0, q1) = PRODUCTS[pi]
                    q = max(1, int(round(rng.integers(q0, q1 + 1) * scale)))  # noqa: RUF046 (numpy float)
                    lines.append(
                        {
                            "day": day,
                            "slip": slip[0],
                            "acct": a,
                            "rep": rep,
                            "code": code,
                            "name": name,
                            "qty": q,
                            "price": price,
                            "rate": rate,
                        }
                    )
                    if rng.random() < 0.02:  # a return a week or two later
                        rd = next_wd(day + dt.timedelta(days=int(rng.integers(5, 15))))
                        if rd <= last_day:
                            slip[0] += 1
                            rq = max(1, q // 3)
                            lines.append(
                                {
                                    "day": rd,
                                    "slip": slip[0],
                                    "acct": a,
                                    "rep": rep_at(a, rd),
                                    "code": code,
                                    "name": name,
                                    "qty": -rq,
                                    "price": price,
                                    "rate": rate,
                                }
                            )
                # equipment
                if rng.random() < EQUIP_PER_YEAR * a["interval"] / 365.0 / a["p_order"]:
                    code, name, (p0, p1), (q0, q1) = EQUIP[int(rng.integers(len(EQUIP)))]
                    price = int(rng.integers(p0 // 1000, p1 // 1000)) * 1000
                    q = int(rng.integers(q0, q1 + 1))
                    lines.append(
                        {
                            "day": day,
                            "slip": slip[0],
                            "acct": a,
                            "rep": rep,
                            "code": code,
                            "name": name,
                            "qty": q,
                            "price": price,
                            "rate": 0.10,
                        }
                    )
                    if rng.random() < 0.08:  # cancelled after delivery
                        rd = next_wd(day + dt.timedelta(days=int(rng.integers(7, 30))))
                        if rd <= last_day:
                            slip[0] += 1
                            lines.append(
                                {
                                    "day": rd,
                                    "slip": slip[0],
                                    "acct": a,
                                    "rep": rep_at(a, rd),
                                    "code": code,
                                    "name": name,
                                    "qty": -q,
                                    "price": price,
                                    "rate": 0.10,
                                }
                            )
            gap = a["interval"] + int(rng.integers(-3, 4))
            day = next_wd(day + dt.timedelta(days=gap))
    for p in prospects:
        day = next_wd(p["day"])
        if START <= day <= SIM_END:
            visits.append(
                {"day": day, "rep": p["rep"], "acct": None, "name": p["name"], "kind": "新規"}
            )

    # --- truth
    def key(*xs: object) -> str:
        return "|".join(str(x) for x in xs)

    rev: dict[str, float] = defaultdict(float)
    rev_tax: dict[str, float] = defaultdict(float)
    equip: dict[str, float] = defaultdict(float)
    monthly: dict[str, float] = defaultdict(float)
    slips_by: dict[str, set] = defaultdict(set)
    for ln in lines:
        net = ln["qty"] * ln["price"]
        f = fy(ln["day"])
        name = REPS[ln["rep"]][0]
        for k in (key(f, "ALL"), key(f, name)):
            rev[k] += net
            rev_tax[k] += round(net * (1 + ln["rate"]))
            if ln["code"].startswith("EQ"):
                equip[k] += net
            if ln["qty"] > 0:
                slips_by[k].add(ln["slip"])
        monthly[ln["day"].strftime("%Y-%m")] += net
    vis: dict[str, int] = defaultdict(int)
    for v in visits:
        f = fy(v["day"])
        for k in (key(f, "ALL", v["kind"]), key(f, REPS[v["rep"]][0], v["kind"])):
            vis[k] += 1
    new_acc: dict[str, int] = defaultdict(int)
    lost_acc: dict[str, int] = defaultdict(int)
    for a in accounts:
        if a["start"] >= START:
            new_acc[key(fy(a["start"]), "ALL")] += 1
            new_acc[key(fy(a["start"]), REPS[rep_at(a, a["start"])][0])] += 1
        if a["end"]:
            lost_acc[key(fy(a["end"]), "ALL")] += 1
            lost_acc[key(fy(a["end"]), REPS[rep_at(a, a["end"])][0])] += 1

    def alive(day: dt.date) -> int:
        return sum(
            1 for a in accounts if a["start"] <= day and (a["end"] is None or a["end"] > day)
        )

    # baseline a December budget should use: the last 12 complete months before the export end
    base12 = sum(
        monthly[f"{y}-{mm:02d}"] for y, mm in [(2025, 12)] + [(2026, k) for k in range(1, 12)]
    )
    fy26_to_date = sum(v for k, v in monthly.items() if "2026-04" <= k <= "2026-11") + sum(
        ln["qty"] * ln["price"] for ln in lines if dt.date(2026, 12, 1) <= ln["day"] <= EXPORT_END
    )
    truth = {
        "note": "revenue = tax-excluded yen (売上高); rev_taxin = what a 税込 export sums to; orders = slips with a sale; visits by kind",
        "rev": {k: round(v) for k, v in sorted(rev.items())},
        "rev_taxin": {k: round(v) for k, v in sorted(rev_tax.items())},
        "equipment": {k: round(v) for k, v in sorted(equip.items())},
        "orders": {k: len(v) for k, v in sorted(slips_by.items())},
        "visits": dict(sorted(vis.items())),
        "new_accounts": dict(sorted(new_acc.items())),
        "lost_accounts": dict(sorted(lost_acc.items())),
        "monthly": {k: round(v) for k, v in sorted(monthly.items())},
        "alive": {
            x: alive(dt.date.fromisoformat(x))
            for x in [
                "2022-04-01",
                "2023-04-01",
                "2024-04-01",
                "2025-04-01",
                "2026-04-01",
                "2026-12-04",
                "2027-04-01",
                "2028-03-31",
            ]
        },
        "baseline_2025-12_2026-11": round(base12),
        "fy2026_to_2026-12-04": round(fy26_to_date),
        "events": {
            "mover": REPS[MOVER][0] + " 横浜→東京西 2025-10-01",
            "leaver": REPS[LEAVER][0] + " leaves 2026-03-31",
            "newhire": REPS[NEWHIRE][0] + " from 2026-04-01, takes 佐々木's salons",
        },
        "closures_typed_share": TYPED_CLOSE_SHARE,
    }
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )

    with open(out / "truth_accounts.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "code",
                "name",
                "branch",
                "addr",
                "start",
                "end",
                "typed_end",
                "inuki_of",
                "interval",
                "rep_now",
            ]
        )
        for a in accounts:
            w.writerow(
                [
                    a["code"],
                    a["name"],
                    a["branch"],
                    a["addr"],
                    a["start"],
                    a["end"] or "",
                    int(a["typed_end"]),
                    a["inuki_of"] or "",
                    a["interval"],
                    REPS[rep_at(a, min(EXPORT_END, a["end"] or EXPORT_END))][0],
                ]
            )

    # --- exports (only up to EXPORT_END)
    exp = [ln for ln in lines if ln["day"] <= EXPORT_END]
    old = [ln for ln in exp if ln["day"] < KINTONE_FROM]
    new = [ln for ln in exp if ln["day"] >= KINTONE_FROM]
    with open(out / "販売管理_売上明細_2022-2023.csv", "w", encoding="cp932", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "売上日",
                "伝票番号",
                "得意先コード",
                "得意先名",
                "担当者名",
                "商品コード",
                "商品名",
                "数量",
                "単価",
                "金額",
            ]
        )
        for ln in old:
            w.writerow(
                [
                    ln["day"].strftime("%Y/%m/%d"),
                    ln["slip"],
                    ln["acct"]["code"],
                    ln["acct"]["name"],
                    REPS[ln["rep"]][0].replace(" ", ""),
                    ln["code"],
                    ln["name"],
                    ln["qty"],
                    ln["price"],
                    ln["qty"] * ln["price"],
                ]
            )
    for fname, with_rate in (
        ("kintone_受注明細.csv", True),
        ("kintone_受注明細_税率なし.csv", False),
    ):
        with open(out / fname, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            head = [
                "レコード番号",
                "日付",
                "顧客コード",
                "顧客名",
                "担当者",
                "商品名",
                "数量",
                "金額(税込)",
            ]
            if with_rate:
                head.append("税率")
            w.writerow(head)
            for ln in new:
                amt = round(ln["qty"] * ln["price"] * (1 + ln["rate"]))
                row = [
                    ln["slip"] - 500000,
                    ln["day"].isoformat(),
                    ln["acct"]["code"],
                    ln["acct"]["name"],
                    REPS[ln["rep"]][0],
                    ln["name"],
                    ln["qty"],
                    amt,
                ]
                if with_rate:
                    row.append(f"{round(ln['rate'] * 100)}%")
                w.writerow(row)
    with open(out / "kintone_顧客マスタ.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["顧客コード", "顧客名", "担当者", "営業所", "住所", "取引開始日", "閉店日", "備考"]
        )
        for a in accounts:
            if a["start"] > EXPORT_END:
                continue
            ended = a["end"] is not None and a["end"] <= EXPORT_END
            holder = rep_at(a, min(EXPORT_END, a["end"] or EXPORT_END))
            note = f"居抜き(旧 {a['inuki_of']})" if a["inuki_of"] else ""
            w.writerow(
                [
                    a["code"],
                    a["name"],
                    REPS[holder][0],
                    branch_of(holder, EXPORT_END) if not ended else a["branch"],
                    a["addr"],
                    a["start"].strftime("%Y/%m/%d"),
                    a["end"].strftime("%Y/%m/%d") if ended and a["typed_end"] else "",
                    note,
                ]
            )

    def typed_name(nm: str) -> str:
        u = rng.random()
        if u < 0.03:
            return nm.replace(" ", "")
        if u < 0.05:
            return nm.replace(" ", "　")
        if u < 0.06:
            return nm.split(" ", 1)[-1]  # prefix dropped: 「ルーチェ」 for 「美容室 ルーチェ」
        return nm

    with open(out / "訪問記録.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["訪問日", "担当", "顧客", "種別", "メモ"])
        for v in sorted(visits, key=lambda v: (v["day"], v["rep"])):
            if v["day"] > EXPORT_END:
                continue
            nm = v["acct"]["name"] if v["acct"] else v["name"]
            w.writerow(
                [
                    f"{v['day'].year}/{v['day'].month}/{v['day'].day}",
                    REPS[v["rep"]][0],
                    typed_name(nm),
                    v["kind"],
                    "",
                ]
            )
    print(
        f"accounts {len(accounts)}, lines {len(lines)} (exported {len(exp)}), visits {len(visits)}"
    )
    for f_ in range(2022, 2028):
        print(
            f_,
            f"rev ¥{rev[key(f_, 'ALL')]:,.0f}",
            f"equip ¥{equip[key(f_, 'ALL')]:,.0f}",
            "orders",
            len(slips_by[key(f_, "ALL")]),
            "new",
            new_acc[key(f_, "ALL")],
            "lost",
            lost_acc[key(f_, "ALL")],
        )
    print("alive", truth["alive"])
    print("baseline 2025-12..2026-11", f"¥{base12:,.0f}")


if __name__ == "__main__":
    main()
