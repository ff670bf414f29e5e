# ruff: noqa: E501, SIM109
"""Trial 41: seeded history of a food & liquor wholesaler (6 route reps, ~250 accounts).

Writes orders/visits/accounts CSVs and truth.json into OUT (default /work/wt/_trial41/data).
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

SEED = 41
START, END = date(2023, 1, 1), date(2026, 11, 30)
HOTEL = "H001"
PRICE_DAY = date(2025, 10, 1)  # +6% on liquor only
NEWCOMER, RETIREE, TAKER = "渡辺", "田中", "鈴木"
NEW_START, HANDOVER2, RETIRE_LAST = date(2025, 7, 1), date(2025, 10, 1), date(2025, 9, 30)
REPS0 = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "山本"]
LIQ_SEASON = {
    1: 0.8,
    2: 0.85,
    3: 1.0,
    4: 1.0,
    5: 1.0,
    6: 1.1,
    7: 1.35,
    8: 1.35,
    9: 1.0,
    10: 1.0,
    11: 1.05,
    12: 1.6,
}
FOOD_SEASON = {
    1: 0.85,
    2: 0.9,
    3: 1.0,
    4: 1.0,
    5: 1.0,
    6: 1.0,
    7: 1.0,
    8: 1.05,
    9: 1.0,
    10: 1.0,
    11: 1.05,
    12: 1.3,
}
KINDS = ["居酒屋", "レストラン", "焼肉", "寿司", "バー", "ビストロ", "割烹", "中華"]


def closed(d: date) -> bool:
    return (d.month == 12 and d.day == 31) or (d.month == 1 and d.day <= 3) or d.weekday() == 6


def main(out: Path) -> None:
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    accounts: dict[str, dict] = {}
    n = 0

    def new_account(rep: str, start: date, kind: str | None = None, hotel: bool = False) -> str:
        nonlocal n
        if hotel:
            code = HOTEL
            name = "グランドホテル港町"
            weekly, liq, days = 1_150_000, 0.5, [0, 2, 4]
        else:
            n += 1
            code = f"C{n:04d}"
            kind = kind or rng.choice(KINDS)
            name = f"{kind} {rng.choice(['えん', 'たけ', 'まる', 'ひの', 'さくら', '港', '駅前', '本町', '柳', '鶴'])}{n}"
            weekly = rng.lognormvariate(math.log(40_000), 0.55)
            liq = {"居酒屋": 0.6, "バー": 0.8, "焼肉": 0.5}.get(kind, 0.35)
            days = [rng.randrange(6)] if rng.random() < 0.7 else rng.sample(range(6), 2)
        accounts[code] = dict(
            code=code,
            name=name,
            rep=rep,
            start=start,
            end=None,
            weekly=weekly,
            liq=liq,
            days=days,
            p=rng.uniform(0.75, 0.95),
            collect=rng.random() < 0.4,
            reps=[(start, rep)],
        )
        return code

    new_account("佐藤", date(2019, 4, 1), hotel=True)
    for i in range(244):
        new_account(REPS0[i % 6], date(2023, 1, 1) - timedelta(days=rng.randint(60, 3000)))
    # handover plan: half of 田中's accounts to 渡辺 on 2025-07-01, the rest to 鈴木 on 2025-10-01
    orders: list[tuple] = []
    visits: list[tuple] = []
    truth_new = defaultdict(int)
    truth_lost = defaultdict(int)
    pending: list[tuple[date, str, str]] = []  # (first order day, rep, kind) from won meetings
    d = START
    month_seen = None
    while d <= END:
        if d.day == 1 and month_seen != (d.year, d.month):
            month_seen = (d.year, d.month)
            reps_now = [r for r in REPS0 if not (r == RETIREE and d > RETIRE_LAST)]
            if d >= NEW_START:
                reps_now.append(NEWCOMER)
            if d == NEW_START or d == HANDOVER2:
                mine = sorted(
                    c for c, a in accounts.items() if a["rep"] == RETIREE and a["end"] is None
                )
                if d == NEW_START:
                    moved = mine[::2]
                    to = NEWCOMER
                else:
                    moved, to = mine, TAKER
                for c in moved:
                    accounts[c]["rep"] = to
                    accounts[c]["reps"].append((d, to))
                    if to == NEWCOMER:
                        accounts[c]["p"] *= 0.93  # a new face: a few more missed orders
            # churn ~15%/yr (plus a handover bump for accounts moved to the newcomer)
            for a in accounts.values():
                if a["end"] is None and a["code"] != HOTEL and a["start"] < d:
                    h = 0.0135 + (0.01 if a["rep"] == NEWCOMER and d < date(2026, 1, 1) else 0)
                    if rng.random() < h:
                        a["end"] = d + timedelta(days=rng.randint(0, 27))
                        truth_lost[a["end"].year] += 1
            # prospecting: アポ attempts -> 商談 -> won (a new restaurant opens and orders)
            for rep in reps_now:
                if rep == RETIREE and d >= date(2025, 4, 1):
                    continue  # winding down
                ramp = 0.5 if rep == NEWCOMER and d < date(2026, 1, 1) else 1.0
                spring = 1.4 if d.month in (3, 4) else (1.2 if d.month in (9, 10) else 1.0)
                for _ in range(int(rng.gauss(10 * ramp * spring, 2))):
                    day = d + timedelta(days=rng.randint(0, 26))
                    while closed(day):
                        day += timedelta(days=1)
                    if day > END:
                        continue
                    ok = rng.random() < 0.30
                    visits.append((day, rep, "", "テレアポ", "成功" if ok else "失敗"))
                    if ok:
                        mday = day + timedelta(days=rng.randint(3, 12))
                        while closed(mday):
                            mday += timedelta(days=1)
                        if mday > END:
                            continue
                        won = rng.random() < 0.20
                        kind = rng.choice(KINDS)
                        if won:
                            pending.append(
                                (mday + timedelta(days=rng.randint(5, 20)), rep, kind, mday)
                            )
                        else:
                            visits.append(
                                (mday, rep, "", "商談", rng.choice(["失敗", "失敗", "継続"]))
                            )
        # new accounts due today
        still = []
        for first, rep, kind, mday in pending:
            if first <= d and not closed(d):
                code = new_account(rep, d, kind)
                visits.append((mday, rep, code, "商談", "成功"))
                truth_new[d.year] += 1
                accounts[code]["ramp_until"] = d + timedelta(days=60)
            else:
                still.append((first, rep, kind, mday))
        pending = still
        if not closed(d):
            for a in accounts.values():
                if a["end"] is not None and a["end"] <= d:
                    continue
                if a["start"] > d or d.weekday() not in a["days"]:
                    continue
                rep = a["rep"]
                if rep == RETIREE and d > RETIRE_LAST:
                    rep = TAKER
                if rng.random() < a["p"]:
                    wk = a["weekly"] / len(a["days"])
                    if a["code"] == HOTEL and d >= date(2025, 4, 1):
                        wk *= 0.62  # renegotiated in 2025: a second supplier took a share
                    if a.get("ramp_until") and d < a["ramp_until"]:
                        wk *= 0.6
                    noise = rng.lognormvariate(0, 0.25)
                    liq_vol = wk * a["liq"] * LIQ_SEASON[d.month] * noise
                    food_vol = wk * (1 - a["liq"]) * FOOD_SEASON[d.month] * noise
                    price = 1.06 if d >= PRICE_DAY else 1.0
                    amount = round(liq_vol * price + food_vol)
                    qty = max(1, round(liq_vol / 3_200 + food_vol / 1_800))
                    orders.append((d, a["code"], rep, amount, qty))
                    visits.append((d, rep, a["code"], "納品", ""))
                if a["collect"] and d.day <= 7 and d.weekday() == a["days"][0]:
                    visits.append((d, rep, a["code"], "集金", ""))
                elif rng.random() < 0.04:
                    visits.append((d, rep, a["code"], "営業", ""))
        d += timedelta(days=1)

    orders.sort(key=lambda r: r[0])
    visits.sort(key=lambda r: r[0])
    with open(out / "orders.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["受注日", "顧客コード", "担当者", "金額", "数量"])
        w.writerows((r[0].isoformat(), *r[1:]) for r in orders)
    with open(out / "visits.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["訪問日", "担当者", "顧客コード", "種別", "結果"])
        w.writerows((r[0].isoformat(), *r[1:]) for r in visits)
    with open(out / "accounts.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"])
        for a in accounts.values():
            rep = TAKER if a["rep"] == RETIREE and a["end"] is None else a["rep"]
            typed_end = a["end"] if (a["end"] and a["end"] <= END and rng.random() < 0.6) else None
            w.writerow(
                [
                    a["code"],
                    a["name"],
                    rep,
                    a["start"].isoformat(),
                    typed_end.isoformat() if typed_end else "",
                ]
            )
    # truth
    rev = defaultdict(float)
    rev_rep = defaultdict(float)
    hotel = defaultdict(float)
    for r in orders:
        rev[r[0].year] += r[3]
        rev_rep[(r[0].year, r[2])] += r[3]
        if r[1] == HOTEL:
            hotel[r[0].year] += r[3]
    active = {}
    for y in range(2023, 2027):
        active[y] = len({r[1] for r in orders if r[0].year == y and r[0].month == 11})
    truth = dict(
        revenue_by_year={y: round(v) for y, v in rev.items()},
        revenue_by_rep_year={f"{y}-{r}": round(v) for (y, r), v in sorted(rev_rep.items())},
        hotel_by_year={y: round(v) for y, v in hotel.items()},
        hotel_share={y: round(hotel[y] / rev[y], 4) for y in rev},
        new_accounts_by_year=dict(truth_new),
        lost_accounts_by_year=dict(truth_lost),
        active_in_november=active,
        open_accounts_at_end=sum(
            1 for a in accounts.values() if a["end"] is None or a["end"] > END
        ),
        notes="FY = calendar year; 2026 is through 11-30. Price +6% on liquor from 2025-10-01 (liquor ~45-60% of amount). "
        "Hotel H001 -38% from 2025-04. 渡辺 joined 2025-07-01 with half of 田中's accounts; rest to 鈴木 2025-10-01.",
        rows=dict(orders=len(orders), visits=len(visits), accounts=len(accounts)),
    )
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    print(json.dumps(truth, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/wt/_trial41/data"))
