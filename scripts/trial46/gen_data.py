# ruff: noqa: E501
"""Trial 46 generator: a 歯科材料ディーラー, 10 route reps in 仙台 / 盛岡 / 郡山, ~700 歯科医院, FY April–March.

gen_data.py [--seed 46] [--out /work/wt/_trial46/data]
Writes:
  受注明細_202206-202611.csv  ERP 受注明細 (cp932), one line per item, 消費税 its own column, 金額 税抜
  得意先マスタ.csv            master (cp932): 取引開始日, 休止 flag (no end date), 法人名, 請求先コード
  訪問日報.csv                SFA 訪問日報 (UTF-8 BOM), 訪問開始 "2026/11/05 09:30", 訪問目的
  新規開拓.csv                prospecting log (UTF-8 BOM): アポ打診 / アポ獲得 / 商談
  next/*_202612.csv           the same three exports for December 2026 (the month after, for the review)
  truth.json                  FY revenue per rep (税抜), planted events
Events: 佐々木 (盛岡) retires 2026-09-30, clinics split to 千葉 / 菅原; 新井 (仙台) hired 2026-10-01 and given
30 clinics from 佐藤; +4% price revision 2025-07-01; 12/29–1/3 and 8/13–8/16 closed; 医療法人社団さくら会
(7 clinics, one 請求先 code for equipment lines) leaves 2026-04 (休止 flag, no date).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from routekpi.core.calendar import national_holidays

REPS = [  # code, name, branch, hired, retired
    ("T01", "佐藤 健一", "仙台", None, None),
    ("T02", "鈴木 大輔", "仙台", None, None),
    ("T03", "高橋 由美", "仙台", None, None),
    ("T04", "新井 悠斗", "仙台", dt.date(2026, 10, 1), None),
    ("M01", "佐々木 勝", "盛岡", None, dt.date(2026, 9, 30)),
    ("M02", "千葉 亮", "盛岡", None, None),
    ("M03", "菅原 恵", "盛岡", None, None),
    ("M04", "阿部 拓海", "盛岡", None, None),
    ("K01", "渡辺 誠", "郡山", None, None),
    ("K02", "遠藤 美穂", "郡山", None, None),
    ("K03", "斎藤 翔太", "郡山", None, None),
]
START = dt.date(2022, 6, 1)
END = dt.date(2026, 12, 31)  # simulated through December: its part goes to next/ (the month after)
EXPORT_END = dt.date(2026, 11, 30)
RETIRE = dt.date(2026, 10, 1)
HIRE = dt.date(2026, 10, 1)
PRICE_DAY = dt.date(2025, 7, 1)
PRICE_PCT = 0.04
GROUP_LEAVE = dt.date(2026, 4, 1)
SEASON = {
    1: 0.86,
    2: 0.95,
    3: 1.18,
    4: 0.97,
    5: 0.96,
    6: 1.02,
    7: 1.0,
    8: 0.85,
    9: 0.98,
    10: 1.01,
    11: 1.0,
    12: 1.12,
}
ITEMS = [  # code, name, price, weight
    ("D1001", "シリコーン印象材 パテ", 6800, 6),
    ("D1002", "アルジネート印象材 500g", 1900, 8),
    ("D2001", "コンポジットレジン A2 シリンジ", 3200, 9),
    ("D2002", "ボンディング材 5ml", 7400, 4),
    ("D3001", "歯科用麻酔カートリッジ 50本", 5200, 7),
    ("D4001", "ニトリルグローブ M 200枚", 1450, 12),
    ("D4002", "マスク サージカル 50枚", 780, 10),
    ("D5001", "ダイヤモンドバー FG 10本", 4300, 6),
    ("D6001", "グラスアイオノマーセメント", 8900, 4),
    ("D7001", "超硬石膏 3kg", 3600, 3),
    ("D8001", "ペーパーコーン 各種", 650, 8),
    ("D9001", "滅菌パウチ 200枚", 2100, 7),
]
EQUIP = [
    ("E0001", "オートクレーブ 小型", 680000),
    ("E0002", "マイクロモーター ハンドピース", 185000),
    ("E0003", "光重合照射器", 98000),
]
SURN = [
    "青木",
    "石川",
    "井上",
    "上野",
    "大塚",
    "岡田",
    "小野",
    "加藤",
    "川村",
    "木村",
    "工藤",
    "久保",
    "小松",
    "近藤",
    "今野",
    "酒井",
    "桜井",
    "柴田",
    "島田",
    "杉山",
    "関",
    "高木",
    "武田",
    "田村",
    "千田",
    "土屋",
    "中川",
    "中島",
    "西村",
    "野口",
    "橋本",
    "畠山",
    "早坂",
    "平野",
    "藤田",
    "堀",
    "松本",
    "三浦",
    "村上",
    "森",
    "八木",
    "山口",
    "吉田",
    "渡部",
    "及川",
    "熊谷",
    "小山内",
    "昆",
    "佐々木",
    "三上",
]
TOWNS = {
    "仙台": ["青葉", "泉", "宮城野", "若林", "太白", "名取", "多賀城", "塩釜", "富谷", "岩沼"],
    "盛岡": ["盛岡", "滝沢", "矢巾", "紫波", "花巻", "北上"],
    "郡山": ["郡山", "須賀川", "本宮", "田村", "三春", "白河"],
}


def holidays() -> set[dt.date]:
    h = set(national_holidays(range(2022, 2028)))
    for y in range(2022, 2028):
        for d in (
            dt.date(y, 12, 29),
            dt.date(y, 12, 30),
            dt.date(y, 12, 31),
            dt.date(y, 1, 2),
            dt.date(y, 1, 3),
        ):
            h.add(d)
        for dd in (13, 14, 15, 16):
            h.add(dt.date(y, 8, dd))
    return h


def fy(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=46)
    ap.add_argument("--out", default="/work/wt/_trial46/data")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    hol = holidays()
    days = [START + dt.timedelta(i) for i in range((END - START).days + 1)]
    work = [d for d in days if d.weekday() < 5 and d not in hol]
    names = {c: n for c, n, *_ in REPS}
    branch_reps = defaultdict(list)
    for c, _n, b, h, _r in REPS:
        if h is None:
            branch_reps[b].append(c)
    # --- accounts: 640 at start, ~32 opening a year, ~12 closing a year
    accts = []  # dict per clinic
    n0 = 640
    weights = {
        "T01": 1.25,
        "T02": 1.0,
        "T03": 0.9,
        "M01": 1.1,
        "M02": 0.9,
        "M03": 0.85,
        "M04": 0.8,
        "K01": 1.05,
        "K02": 0.95,
        "K03": 0.85,
    }
    reps0 = list(weights)
    p = np.array([weights[r] for r in reps0])
    p /= p.sum()
    code = 10001

    def new_acct(rep: str, start: dt.date, group: str | None = None) -> dict:
        nonlocal code
        b = next(x[2] for x in REPS if x[0] == rep)
        town = TOWNS[b][rng.integers(len(TOWNS[b]))]
        sur = SURN[rng.integers(len(SURN))]
        kind = rng.choice(
            ["歯科医院", "歯科クリニック", "デンタルクリニック", "歯科"], p=[0.45, 0.25, 0.2, 0.1]
        )
        size = float(rng.lognormal(0.0, 0.55))
        ac = {
            "code": str(code),
            "name": f"{sur}{kind}" if rng.random() < 0.6 else f"{town}{sur}{kind}",
            "rep": rep,
            "start": start,
            "end": None,
            "size": size,
            "group": group,
            "bill": None,
            "hist": [],
        }
        code += 1
        accts.append(ac)
        return ac

    for _ in range(n0):
        st = dt.date(2005, 1, 1) + dt.timedelta(int(rng.integers(0, 6200)))
        new_acct(str(rng.choice(reps0, p=p)), st)
    # 医療法人 groups: さくら会 (7 clinics, M-branch? no: 仙台 佐藤/鈴木) leaves 2026-04; 4 other groups stay
    groups = {
        "医療法人社団さくら会": ("90001", [("T01", 4), ("T02", 3)], GROUP_LEAVE, 2.6),
        "医療法人 青葉デンタル会": ("90002", [("T03", 3)], None, 1.6),
        "医療法人 杜の歯科会": ("90003", [("M01", 4)], None, 1.8),
        "医療法人社団 あさか会": ("90004", [("K01", 3), ("K02", 2)], None, 1.5),
    }
    for gname, (bill, members, leave, mult) in groups.items():
        for rep, n in members:
            for _ in range(n):
                ac = new_acct(
                    rep, dt.date(2012, 4, 1) + dt.timedelta(int(rng.integers(0, 2000))), gname
                )
                ac["size"] *= mult
                ac["bill"] = bill
                ac["name"] = (
                    gname.replace("医療法人社団", "").replace("医療法人", "").strip()
                    + " "
                    + ac["name"]
                )
                if leave:
                    ac["end"] = leave - dt.timedelta(int(rng.integers(1, 20)))
    # openings and closures through the span
    for y in range(2022, 2027):
        for _ in range(int(rng.poisson(32 if y > 2022 else 18))):
            st = dt.date(y, 1, 1) + dt.timedelta(int(rng.integers(0, 365)))
            if y == 2022 and st < START:
                st = START + dt.timedelta(int(rng.integers(0, 200)))
            if st > END:
                continue
            r = str(rng.choice(reps0, p=p))
            if r == "M01" and st >= RETIRE:
                r = "M02"
            new_acct(r, st)
        live = [ac for ac in accts if ac["end"] is None and ac["group"] is None]
        for i in rng.choice(len(live), size=int(rng.poisson(12)), replace=False):
            e = dt.date(y, 1, 1) + dt.timedelta(int(rng.integers(0, 365)))
            if START < e <= END and e > live[i]["start"]:
                live[i]["end"] = e
    # retiree's clinics split: north half to 千葉, south half to 菅原 (by code parity); new hire takes 30 of 佐藤's
    for ac in accts:
        ac["hist"] = [(dt.date(1900, 1, 1), ac["rep"])]
        if ac["rep"] == "M01":
            heir = "M02" if int(ac["code"]) % 2 else "M03"
            ac["hist"].append((RETIRE, heir))
    t01 = [ac for ac in accts if ac["rep"] == "T01" and ac["group"] is None and (ac["end"] is None)]
    for ac in rng.choice(np.array(t01, dtype=object), size=30, replace=False):
        ac["hist"].append((HIRE, "T04"))
    # new hire wins 2 clinics in November
    for d in (dt.date(2026, 11, 9), dt.date(2026, 11, 24)):
        ac = new_acct("T04", d)
        ac["hist"] = [(dt.date(1900, 1, 1), "T04")]
        ac["size"] = 0.6

    def rep_on(ac: dict, d: dt.date) -> str:
        r = ac["hist"][0][1]
        for since, who in ac["hist"]:
            if d >= since:
                r = who
        return r

    # --- orders
    warr = np.array([d.toordinal() for d in work])
    wmon = np.array([d.month for d in work])
    seas = np.array([SEASON[m] for m in wmon])
    growth = np.array([1.0 + 0.015 * (d - START).days / 365 for d in work])
    w_items = np.array([w for *_, w in ITEMS], float)
    w_items /= w_items.sum()
    lines = []
    vis = []
    slip = 500000
    fy_rev: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for ac in accts:
        s = ac["start"]
        e = ac["end"] or END
        mask = (warr >= max(s, START).toordinal()) & (warr <= e.toordinal())
        if not mask.any():
            continue
        lam = 0.15 * ac["size"] * seas[mask] * growth[mask]  # orders per working day
        if ac["start"] > START:  # ramp-up over first 4 months
            age = (warr[mask] - s.toordinal()) / 120.0
            lam = lam * np.clip(0.35 + 0.65 * age, 0.35, 1.0)
        hit = rng.random(lam.size) < np.minimum(lam, 0.9)
        odays = warr[mask][hit]
        for o in odays:
            d = dt.date.fromordinal(int(o))
            rep = rep_on(ac, d)
            slip += 1
            k = 1 + int(rng.poisson(1.6))
            idx = rng.choice(len(ITEMS), size=k, p=w_items)
            ln = 0
            for i in idx:
                c, nm, pr, _w = ITEMS[i]
                q = int(rng.choice([1, 2, 2, 3, 3, 5, 10]))
                price = pr * (1 + PRICE_PCT if d >= PRICE_DAY else 1)
                price = int(round(price / 10) * 10)
                ln += 1
                amt = q * price
                lines.append(
                    (f"J{slip}", ln, d, ac["code"], ac["name"], names[rep], c, nm, q, price, amt)
                )
                fy_rev[str(fy(d)) if d <= EXPORT_END else "2026-12"][rep] += amt
            if ac["group"] and rng.random() < 0.015:  # equipment billed to the 法人's 請求先 code
                c, nm, pr = EQUIP[rng.integers(len(EQUIP))]
                price = int(pr * (1 + PRICE_PCT if d >= PRICE_DAY else 1))
                lines.append(
                    (
                        f"J{slip}",
                        ln + 1,
                        d,
                        ac["bill"],
                        ac["group"] + " 本部",
                        names[rep],
                        c,
                        nm,
                        1,
                        price,
                        price,
                    )
                )
                fy_rev[str(fy(d)) if d <= EXPORT_END else "2026-12"][rep] += price
            if rng.random() < 0.55:
                vis.append((d, rep, ac, "納品"))
        # regular visits ~2.2 a month regardless of orders
        vlam = 0.105 * min(ac["size"], 2.5) ** 0.5 * (0.4 + 0.6 * seas[mask])
        vd = warr[mask][rng.random(vlam.size) < vlam]
        for o in vd:
            d = dt.date.fromordinal(int(o))
            vis.append((d, rep_on(ac, d), ac, "クレーム" if rng.random() < 0.012 else "定期訪問"))
    # retiree's returns: a return line (negative) now and then
    # --- prospecting (新規開拓): each rep ~10 アポ打診 a month, 22% 獲得, 商談 on half of those, 20% 成約
    pros = []
    pid = 0
    for c, _n, _b, h, r in REPS:
        for d in work:
            if (h and d < h) or (r and d > r):
                continue
            rate = 0.5 if c == "T04" else 0.45
            if rng.random() < rate:
                pid += 1
                who = f"見込{pid:05d} {SURN[rng.integers(len(SURN))]}歯科"
                won = rng.random() < 0.22
                pros.append((d, c, who, "アポ打診", "獲得" if won else "不可"))
                if won:
                    d2 = d + dt.timedelta(int(rng.integers(3, 15)))
                    if d2 <= END and d2.weekday() < 5:
                        pros.append((d2, c, who, "アポ獲得", ""))
                        vis.append((d2, c, {"code": "", "name": who}, "新規"))
                        if rng.random() < 0.6:
                            d3 = d2 + dt.timedelta(int(rng.integers(7, 30)))
                            if d3 <= END and d3.weekday() < 5:
                                res = rng.choice(["成約", "失注", "検討中"], p=[0.25, 0.5, 0.25])
                                pros.append((d3, c, who, "商談", str(res)))
    # --- write orders (cp932)
    lines.sort(key=lambda x: (x[2], x[0], x[1]))
    (out / "next").mkdir(exist_ok=True)
    oh = [
        "伝票番号",
        "行番号",
        "受注日",
        "得意先コード",
        "得意先名",
        "担当者",
        "品目コード",
        "品名",
        "数量",
        "単価",
        "金額",
        "消費税",
    ]
    with (
        open(out / "受注明細_202206-202611.csv", "w", encoding="cp932", newline="") as f,
        open(out / "next" / "受注明細_202612.csv", "w", encoding="cp932", newline="") as g,
    ):
        w, wn = csv.writer(f), csv.writer(g)
        w.writerow(oh)
        wn.writerow(oh)
        for s_, ln, d, ac, an, rp, c, nm, q, pr, amt in lines:
            (w if d <= EXPORT_END else wn).writerow(
                [s_, ln, d.strftime("%Y/%m/%d"), ac, an, rp, c, nm, q, pr, amt, int(amt * 0.1)]
            )
    # master (cp932): current holder; 休止 flag, no end date; さくら会 本部 billing row too
    with open(out / "得意先マスタ.csv", "w", encoding="cp932", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "得意先コード",
                "得意先名",
                "法人名",
                "請求先コード",
                "担当者",
                "営業所",
                "取引開始日",
                "休止",
            ]
        )
        for ac in accts:
            if ac["start"] > EXPORT_END:
                continue  # December's new clinics are not in November's master
            r = rep_on(ac, EXPORT_END)
            b = next(x[2] for x in REPS if x[0] == r)
            stop = "1" if ac["end"] is not None and ac["end"] <= EXPORT_END else "0"
            w.writerow(
                [
                    ac["code"],
                    ac["name"],
                    ac["group"] or "",
                    ac["bill"] or ac["code"],
                    names[r],
                    b,
                    ac["start"].strftime("%Y/%m/%d"),
                    stop,
                ]
            )
        for gname, (bill, members, leave, _m) in groups.items():
            r = members[0][0]
            r = "M02" if r == "M01" else r
            w.writerow(
                [
                    bill,
                    gname + " 本部",
                    gname,
                    bill,
                    names[r],
                    next(x[2] for x in REPS if x[0] == r),
                    "2012/04/01",
                    "1" if leave else "0",
                ]
            )
    # SFA 訪問日報 (UTF-8 BOM)
    vis.sort(key=lambda v: (v[0], v[1]))
    vh = [
        "日報ID",
        "訪問開始",
        "訪問終了",
        "担当者",
        "得意先コード",
        "得意先名",
        "訪問目的",
        "内容",
    ]
    with (
        open(out / "訪問日報.csv", "w", encoding="utf-8-sig", newline="") as f,
        open(out / "next" / "訪問日報_202612.csv", "w", encoding="utf-8-sig", newline="") as g,
    ):
        w0, wn = csv.writer(f), csv.writer(g)
        w0.writerow(vh)
        wn.writerow(vh)
        for i, (d, rep, ac, purpose) in enumerate(vis):
            w = w0 if d <= EXPORT_END else wn
            hh = 9 + int(rng.integers(0, 8))
            mm = int(rng.choice([0, 15, 30, 45]))
            t0 = dt.datetime(d.year, d.month, d.day, hh, mm)
            t1 = t0 + dt.timedelta(minutes=int(rng.choice([15, 20, 30, 45, 60])))
            w.writerow(
                [
                    f"N{i + 1:07d}",
                    t0.strftime("%Y/%m/%d %H:%M"),
                    t1.strftime("%Y/%m/%d %H:%M"),
                    names[rep],
                    ac["code"],
                    ac["name"],
                    purpose,
                    "",
                ]
            )
    with (
        open(out / "新規開拓.csv", "w", encoding="utf-8-sig", newline="") as f,
        open(out / "next" / "新規開拓_202612.csv", "w", encoding="utf-8-sig", newline="") as g,
    ):
        w0, wn = csv.writer(f), csv.writer(g)
        w0.writerow(["活動日", "担当者", "見込客名", "活動区分", "結果"])
        wn.writerow(["活動日", "担当者", "見込客名", "活動区分", "結果"])
        for d, c, who, kind, res in sorted(pros, key=lambda x: x[0]):
            (w0 if d <= EXPORT_END else wn).writerow(
                [d.strftime("%Y/%m/%d"), names[c], who, kind, res]
            )
    truth = {
        "fy_revenue": {
            y: {names[r]: v for r, v in sorted(reps.items())} | {"_team": sum(reps.values())}
            for y, reps in sorted(fy_rev.items())
        },
        "order_lines": len(lines),
        "visits": len(vis),
        "prospect_rows": len(pros),
        "accounts": len(accts),
        "open_at_end": sum(1 for ac in accts if ac["end"] is None or ac["end"] > EXPORT_END),
        "sakura_clinics": [ac["code"] for ac in accts if ac["group"] == "医療法人社団さくら会"],
        "new_hire_accounts": [ac["code"] for ac in accts if rep_on(ac, EXPORT_END) == "T04"],
        "retiree_heirs": {
            names["M02"]: sum(
                1 for ac in accts if len(ac["hist"]) > 1 and ac["hist"][1][1] == "M02"
            ),
            names["M03"]: sum(
                1 for ac in accts if len(ac["hist"]) > 1 and ac["hist"][1][1] == "M03"
            ),
        },
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    print(
        json.dumps(
            {k: v for k, v in truth.items() if k != "new_hire_accounts"}, ensure_ascii=False
        )[:3000]
    )


if __name__ == "__main__":
    main()
