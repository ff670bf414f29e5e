# ruff: noqa: E501, SIM905, B007, SIM115
"""Trial 54: a regional veterinary-products distributor (動物用医薬品・ペットフード卸), FY October–September counted as 期.

gen_data.py DATA_DIR — seed 54. Simulates 2022-10-01 … 2027-09-30 (第37期 … 第41期), exports to Fri 2026-12-04:
  売上明細/売上明細_第NN期.csv (cp932, 販売管理 export): 売上日, 伝票No, 得意先コード, 得意先名, 納品先コード, 納品先名,
      担当者 (the rep at the time), 商品コード, 商品名, メーカー, 数量, 単価, 金額 (税抜).
  得意先マスタ.csv (cp932): 得意先コード, 得意先名, 業態, 住所, 担当者 (today's), 取引開始日, 開業日, 廃業日, 取引区分.
      請求先 level: each home-center chain is one row (its stores are 納品先 on the lines only).
  訪問日報.csv (SFA, UTF-8 BOM, from 2023-10-01): 訪問日, 担当者, 訪問先, 面談者, 目的 (定期/新規開拓/勉強会), 結果, メモ.
truth.json: revenues by 期 and month, per rep (at the time / today's holder), openings, closures, 承継, price rise.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = int(os.environ.get("SEED", "54"))
START = dt.date(2022, 10, 1)
END = dt.date(2027, 9, 30)
EXPORT_END = dt.date.fromisoformat(os.environ.get("EXPORT_END", "2026-12-04"))
SFA_START = dt.date(2023, 10, 1)
CARVE = dt.date(2026, 10, 1)
PRICE_DAY = dt.date(2026, 4, 1)
PRICE_MAKER = "ベッツファーマ"
PRICE_UP = 0.08

VETS = ["山本 拓也", "中島 健", "小川 真由美", "石田 浩二", "森 優子", "岡田 聡"]
NEW_REP = "藤井 翔"
GIVERS = {"山本 拓也": 22, "中島 健": 18}

# products: (code, name, maker, category, list price)
PRODUCTS = [
    ("VP101", "ハートガード錠 小型犬用 6錠", "ベッツファーマ", "heart", 3800),
    ("VP102", "ハートガード錠 中型犬用 6錠", "ベッツファーマ", "heart", 5200),
    ("VP103", "ハートガード錠 大型犬用 6錠", "ベッツファーマ", "heart", 7400),
    ("VP111", "フロントスポット 犬用 M 3本", "ベッツファーマ", "flea", 3300),
    ("VP112", "フロントスポット 猫用 3本", "ベッツファーマ", "flea", 2900),
    ("VP121", "ベッツ 皮膚ケアシャンプー 200ml", "ベッツファーマ", "general", 1800),
    ("VP131", "ベッツ 抗生剤錠 100錠", "ベッツファーマ", "general", 6200),
    ("NK201", "ニッコー フィラリアチュアブル S 6個", "日光動物薬品", "heart", 3500),
    ("NK202", "ニッコー フィラリアチュアブル M 6個", "日光動物薬品", "heart", 4800),
    ("NK211", "ニッコー ノミダニスプレー 250ml", "日光動物薬品", "flea", 2200),
    ("NK221", "狂犬病ワクチン 10頭分", "日光動物薬品", "rabies", 9800),
    ("NK231", "ニッコー 混合ワクチン 5種 10本", "日光動物薬品", "general", 24000),
    ("NK241", "ニッコー 点眼薬 5ml", "日光動物薬品", "general", 900),
    ("RP301", "ロイヤルペット 療法食 腎臓ケア 2kg", "ロイヤルペット", "food", 4200),
    ("RP302", "ロイヤルペット 療法食 消化器ケア 2kg", "ロイヤルペット", "food", 4000),
    ("RP303", "ロイヤルペット 療法食 減量 3kg", "ロイヤルペット", "food", 5600),
    ("RP311", "ロイヤルペット 成犬用 8kg", "ロイヤルペット", "petfood", 7800),
    ("RP312", "ロイヤルペット 成猫用 4kg", "ロイヤルペット", "petfood", 5400),
    ("HP401", "ハッピーテイル ドライ 小型犬 3kg", "ハッピーテイル", "petfood", 2600),
    ("HP402", "ハッピーテイル ウェット 猫 12缶", "ハッピーテイル", "petfood", 1900),
    ("HP411", "ハッピーテイル おやつ ササミ 100g", "ハッピーテイル", "petfood", 480),
    ("MS501", "メディサプライ 注射器 2.5ml 100本", "メディサプライ", "supply", 2400),
    ("MS502", "メディサプライ 検査キット 10回分", "メディサプライ", "supply", 12000),
    ("MS503", "メディサプライ 手袋 M 100枚", "メディサプライ", "supply", 800),
    ("GR601", "グルーミング シャンプー 業務用 4L", "グルームプロ", "groom", 5200),
    ("GR602", "グルーミング リンス 業務用 4L", "グルームプロ", "groom", 5400),
    ("GR611", "グルームプロ イヤークリーナー 500ml", "グルームプロ", "groom", 1500),
    ("HC701", "ペットシーツ レギュラー 100枚", "ハッピーテイル", "petfood", 1300),
    ("HC702", "猫砂 紙 7L", "ハッピーテイル", "petfood", 700),
    ("HC711", "ノミ取り首輪 犬用", "日光動物薬品", "otcflea", 980),
]
# month weights (Oct=index 0 … Sep=11) per category
MON = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]
W = {
    "heart": {3: 0.13, 4: 0.33, 5: 0.30, 6: 0.18, 7: 0.03, 2: 0.03},
    "flea": {3: 0.14, 4: 0.28, 5: 0.26, 6: 0.18, 7: 0.07, 8: 0.04, 2: 0.03},
    "rabies": {4: 0.45, 5: 0.40, 6: 0.15},
    "otcflea": {3: 0.15, 4: 0.25, 5: 0.25, 6: 0.2, 7: 0.1, 8: 0.05},
}
# account-type category mix (share of an account's year)
MIX = {
    "動物病院": {
        "heart": 0.24,
        "flea": 0.11,
        "rabies": 0.05,
        "general": 0.22,
        "food": 0.26,
        "supply": 0.12,
    },
    "ペットショップ": {"petfood": 0.72, "otcflea": 0.12, "groom": 0.06, "food": 0.10},
    "トリミングサロン": {"groom": 0.65, "petfood": 0.25, "otcflea": 0.10},
    "ホームセンター": {"petfood": 0.85, "otcflea": 0.15},
}
SIZE = {
    "動物病院": 4.0e6,
    "ペットショップ": 2.4e6,
    "トリミングサロン": 0.9e6,
    "ホームセンター": 9.0e6,
}
FREQ = {
    "動物病院": 5.0,
    "ペットショップ": 3.0,
    "トリミングサロン": 1.6,
    "ホームセンター": 4.3,
}  # orders / month
VISITS = {"動物病院": 3.0, "ペットショップ": 2.0, "トリミングサロン": 1.0, "ホームセンター": 0.0}

SURN = "青木 秋山 浅野 新井 池田 石川 市川 井上 今井 上田 遠藤 大野 太田 岡本 小野 加藤 金子 川口 菊地 北村 木下 久保 熊谷 栗原 小島 小松 近藤 斎藤 酒井 坂本 桜井 佐々木 柴田 島田 清水 杉山 鈴村 関 高木 高田 竹内 谷口 千葉 土屋 中川 中西 中野 永井 西田 西村 野口 野村 橋本 長谷川 服部 原田 平野 福田 藤田 古川 前田 松井 松尾 丸山 三浦 水野 宮崎 村上 望月 安田 山口 山崎 山下 横山 吉川 吉村 和田".split()
PLACE = "さくら ひまわり みどり あおば つばさ ほっと こころ すみれ はなまる にじいろ ひだまり かえで けやき わかば やまびこ 駅前 中央 港南 北町 東町 西口 緑ヶ丘 桜台 城北 本町 旭 栄町 若葉 青葉台 泉".split()
TOWN = "青葉区 泉区 宮城野区 若林区 太白区 名取市 多賀城市 塩竈市 富谷市 岩沼市".split()


def fy_of(d: dt.date) -> int:
    """第NN期: 第41期 = 2026-10 … 2027-09."""
    return d.year - 1986 + (1 if d.month >= 10 else 0)


def workdays(a: dt.date, b: dt.date) -> list[dt.date]:
    out = []
    d = a
    while d <= b:
        md = (d.month, d.day)
        closed = md >= (12, 29) or md <= (1, 3) or (d.month == 8 and 13 <= d.day <= 15)
        if d.weekday() < 5 and not closed:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    days = workdays(START, END)
    bymonth: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for d in days:
        bymonth[(d.year, d.month)].append(d)

    # ---- accounts -------------------------------------------------------------------------
    accts: list[dict] = []
    used_names: set[str] = set()
    seq = [100000]

    def code() -> str:
        seq[0] += rng.randint(3, 40)
        return f"{seq[0]:06d}"

    def name(kind: str) -> str:
        while True:
            if kind == "動物病院":
                n = (
                    f"{rng.choice(PLACE)}動物病院"
                    if rng.random() < 0.5
                    else f"{rng.choice(SURN)}動物病院"
                )
                if rng.random() < 0.25:
                    n = f"{rng.choice(PLACE)}{rng.choice(['ペット', 'アニマル'])}クリニック"
            elif kind == "ペットショップ":
                n = (
                    f"ペットショップ{rng.choice(PLACE)}"
                    if rng.random() < 0.6
                    else f"株式会社{rng.choice(SURN)}ペット"
                )
            else:
                n = f"トリミングサロン {rng.choice(['ルナ', 'ココ', 'モカ', 'ハル', 'ソラ', 'リボン', 'ポポ', 'ミント', 'ラテ'])}{rng.choice(PLACE)}"
            n += f" {rng.choice(TOWN)}" if n in used_names else ""
            if n not in used_names:
                used_names.add(n)
                return n

    def addr() -> str:
        t = rng.choice(TOWN)
        return f"宮城県{'仙台市' if t.endswith('区') else ''}{t}{rng.choice(PLACE)}{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"

    def new_acct(kind: str, rep: str, start: dt.date | None, opened: dt.date | None) -> dict:
        a = {
            "code": code(),
            "name": name(kind),
            "kind": kind,
            "addr": addr(),
            "rep0": rep,
            "start": start,
            "opened": opened or dt.date(rng.randint(1985, 2020), rng.randint(1, 12), 1),
            "end": None,
            "size": SIZE[kind] * math.exp(rng.gauss(0, 0.55)),
            "ramp": None,
            "succ_of": None,
            "succ_to": None,
            "typed_end": False,
            "stores": None,
        }
        accts.append(a)
        return a

    for i in range(300):
        r = rng.random()
        kind = "動物病院" if r < 0.60 else "ペットショップ" if r < 0.80 else "トリミングサロン"
        rep = VETS[i % 6]
        tstart = dt.date(rng.randint(2005, 2021), rng.randint(1, 12), 1)
        new_acct(kind, rep, tstart, None)
    # two home-center chains: 請求先 code, 8 / 9 stores (納品先)
    chains = []
    for cname, n in (("株式会社ホームセンターみどり", 8), ("株式会社ダイユーホーム", 9)):
        a = new_acct("ホームセンター", "岡田 聡", dt.date(2012, 4, 1), None)
        a["name"] = cname
        a["size"] = SIZE["ホームセンター"] * n
        a["stores"] = [
            (
                f"{a['code']}-{k + 1:02d}",
                f"{cname.replace('株式会社', '')} {p}店",
                SIZE["ホームセンター"] * math.exp(rng.gauss(0, 0.3)),
            )
            for k, p in enumerate(
                rng.sample(
                    [
                        "泉中央",
                        "長町",
                        "名取",
                        "多賀城",
                        "富谷",
                        "岩沼",
                        "若林",
                        "宮城野",
                        "利府",
                        "大和",
                    ],
                    n,
                )
            )
        ]
        chains.append(a)

    # openings ~15/yr (clinics mostly, a few shops/salons), closures ~5/yr of clinics (2 of them 承継)
    openings = []
    closures = []
    succ = []
    fy_open = {37: 14, 38: 15, 39: 16, 40: 15, 41: 16}
    for fy, n in fy_open.items():
        fy_start = dt.date(fy + 1985, 10, 1)
        for _ in range(n):
            od = fy_start + dt.timedelta(days=rng.randint(0, 364))
            kind = (
                "動物病院"
                if rng.random() < 0.8
                else rng.choice(["ペットショップ", "トリミングサロン"])
            )
            if od >= CARVE:
                rep = NEW_REP if rng.random() < 0.6 else rng.choice(VETS[:5])
            else:
                rep = rng.choice(VETS[:5])
            first = od - dt.timedelta(days=rng.randint(7, 25))  # clinics stock up before 開業
            a = new_acct(kind, rep, first, od)
            a["size"] *= 0.8
            a["ramp"] = od
            openings.append(a)
    olds = [a for a in accts if a["ramp"] is None and a["kind"] != "ホームセンター"]
    fy_close = {37: 5, 38: 4, 39: 6, 40: 5, 41: 5}
    for fy, n in fy_close.items():
        fy_start = dt.date(fy + 1985, 10, 1)
        for k in range(n):
            a = rng.choice([x for x in olds if x["end"] is None and x["kind"] == "動物病院"])
            cd = fy_start + dt.timedelta(days=rng.randint(0, 364))
            a["end"] = cd
            if (
                k < 2
            ):  # 事業承継: same place, new code and (often) new name, new director, same business
                b = new_acct("動物病院", a["rep0"], cd, cd)
                b["addr"] = a["addr"]
                b["size"] = a["size"]
                if (
                    rng.random() < 0.5
                ):  # the successor renames it (new director's style), same address
                    base = a["name"].split(" ")[0]
                    b["name"] = (
                        base.replace("動物病院", "どうぶつ病院")
                        .replace("ペットクリニック", "動物病院")
                        .replace("アニマルクリニック", "動物病院")
                    )
                    b["name"] = b["name"] if b["name"] not in used_names else b["name"] + " 本院"
                    used_names.add(b["name"])
                else:
                    b["name"] = a["name"]  # the name is kept: only the code changes
                b["succ_of"] = a["code"]
                a["succ_to"] = b["code"]
                a["typed_end"] = True
                succ.append((a, b))
            else:
                a["typed_end"] = rng.random() < 0.7
                closures.append(a)
    # carve-out on 2026-10-01: 22 of 山本's, 18 of 中島's open accounts go to 藤井
    moved: dict[str, list[str]] = {}
    for g, n in GIVERS.items():
        pool = [
            a
            for a in accts
            if a["rep0"] == g
            and (a["end"] is None or a["end"] > CARVE)
            and (a["start"] or START) < CARVE
            and a["kind"] != "ホームセンター"
        ]
        pick = rng.sample(pool, n)
        for a in pick:
            a["carve"] = True
        moved[g] = [a["code"] for a in pick]

    pre = {
        a["code"]: rng.choice(VETS[:5]) for a in accts
    }  # who served a hire's future account before he joined

    def rep_at(a: dict, d: dt.date) -> str:
        if a["rep0"] == NEW_REP and d < CARVE:
            return pre[a["code"]]
        return NEW_REP if a.get("carve") and d >= CARVE else a["rep0"]

    # ---- orders ---------------------------------------------------------------------------
    prods_by_cat: dict[str, list[tuple]] = defaultdict(list)
    for p in PRODUCTS:
        prods_by_cat[p[3]].append(p)

    def month_weight(cat: str, m: int) -> float:
        if cat in W:
            return W[cat].get(m, 0.0)
        return (1.15 if m == 12 else 0.9 if m in (1, 2) else 1.0) / 12.0 * 12 / 11.95

    lines: list[tuple] = []
    slip = [500000]
    disc = {a["code"]: rng.uniform(0.72, 0.9) for a in accts}
    for a in accts:
        if a["kind"] == "ホームセンター":
            continue
        a_start = max(a["start"] or START, START)
        a_end = min(a["end"] or END, END)
        mix = MIX[a["kind"]]
        d_ = a_start.replace(day=1)
        while d_ <= a_end:
            y, m = d_.year, d_.month
            mdays = [
                x
                for x in bymonth[(y, m)]
                if a_start <= x <= a_end and (x < a["end"] if a["end"] else True)
            ]
            if mdays:
                yrs = (d_ - START).days / 365.25
                level = a["size"] * (1.012**yrs) * math.exp(rng.gauss(0, 0.08))
                if a["ramp"]:
                    mo = (d_.year - a["ramp"].year) * 12 + d_.month - a["ramp"].month
                    level *= min(1.0, 0.45 + 0.05 * max(mo, 0)) if mo >= 0 else 0.6
                frac = len(mdays) / len(bymonth[(y, m)])
                mexp = {c: level * s * month_weight(c, m) * frac for c, s in mix.items()}
                tot = sum(mexp.values())
                seas = tot / (level / 12 * frac) if level else 1
                nord = max(
                    0, round(rng.gauss(FREQ[a["kind"]] * min(2.2, max(0.6, seas**0.7)) * frac, 0.8))
                )
                if nord and tot > 0:
                    odays = sorted(rng.choice(mdays) for _ in range(nord))
                    cats = list(mexp)
                    cw = [mexp[c] for c in cats]
                    for od in odays:
                        slip[0] += 1
                        nl = rng.choice([1, 1, 2, 2, 3, 4])
                        seen: set[str] = set()
                        for _ in range(nl):
                            c = rng.choices(cats, cw)[0]
                            p = rng.choice(prods_by_cat[c])
                            if p[0] in seen:  # one line per product on a slip
                                continue
                            seen.add(p[0])
                            price = p[4] * (
                                1 + PRICE_UP if p[2] == PRICE_MAKER and od >= PRICE_DAY else 1
                            )
                            unit = round(price * disc[a["code"]])
                            amt_t = tot / nord / nl * math.exp(rng.gauss(0, 0.35))
                            q = max(1, round(amt_t / unit))
                            lines.append(
                                (
                                    od,
                                    f"{slip[0]:07d}",
                                    a,
                                    a["code"],
                                    a["name"],
                                    rep_at(a, od),
                                    p,
                                    q,
                                    unit,
                                )
                            )
            d_ = (d_.replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    for a in chains:  # EDI weekly per store, every Tuesday
        for sc, sn, ss in a["stores"]:
            for d in days:
                if d.weekday() != 1:
                    continue
                m = d.month
                yrs = (d - START).days / 365.25
                level = ss * (1.01**yrs) / 52 * (1 + 0.9 * month_weight("otcflea", m) - 0.075)
                slip[0] += 1
                seen2: set[str] = set()
                for _ in range(rng.randint(3, 6)):
                    c = (
                        "otcflea"
                        if rng.random() < 0.15 * (1.5 if 3 <= m <= 7 else 0.6)
                        else "petfood"
                    )
                    p = rng.choice(prods_by_cat[c])
                    if p[0] in seen2:
                        continue
                    seen2.add(p[0])
                    price = p[4] * (1 + PRICE_UP if p[2] == PRICE_MAKER and d >= PRICE_DAY else 1)
                    unit = round(price * 0.68)
                    q = max(1, round(level / 4.5 * math.exp(rng.gauss(0, 0.3)) / unit))
                    lines.append((d, f"{slip[0]:07d}", a, sc, sn, a["rep0"], p, q, unit))
    lines.sort(key=lambda t: (t[0], t[1]))

    # ---- truth ----------------------------------------------------------------------------
    T: dict = {"fy": {}, "months": {}, "rep_at_time": {}, "holder_today": {}, "fy_maker": {}}
    holder_today = {a["code"]: (NEW_REP if a.get("carve") else a["rep0"]) for a in accts}
    for d, _s, a, _sc, _sn, rep, p, q, unit in lines:
        amt = q * unit
        fy = f"第{fy_of(d)}期"
        mk = d.strftime("%Y-%m")
        T["fy"].setdefault(fy, {"all": 0, "exported": 0, "lines": 0})
        T["fy"][fy]["all"] += amt
        T["fy"][fy]["lines"] += 1
        if d <= EXPORT_END:
            T["fy"][fy]["exported"] += amt
        T["months"][mk] = T["months"].get(mk, 0) + amt
        T["rep_at_time"].setdefault(fy, defaultdict(int))[rep] += amt
        T["holder_today"].setdefault(fy, defaultdict(int))[holder_today[a["code"]]] += amt
        T["fy_maker"].setdefault(fy, defaultdict(int))[p[2]] += amt
    T["carve"] = {
        "day": str(CARVE),
        "moved": {g: len(v) for g, v in moved.items()},
        "moved_40th_revenue": {
            g: sum(q * u for d, _s, a, *_r, p, q, u in lines if a["code"] in v and fy_of(d) == 40)
            for g, v in moved.items()
        },
        "codes": moved,
    }
    T["openings"] = {
        f"第{fy}期": sum(1 for a in openings if fy_of(a["ramp"]) == fy) for fy in fy_open
    }
    T["openings_by_rep"] = {}
    for a in openings:
        T["openings_by_rep"].setdefault(f"第{fy_of(a['ramp'])}期", defaultdict(int))[a["rep0"]] += 1
    T["openings_list"] = [
        (a["code"], a["name"], a["rep0"], str(a["start"]), str(a["ramp"])) for a in openings
    ]
    T["closures"] = [(a["code"], a["name"], str(a["end"]), a["typed_end"]) for a in closures]
    T["closures_per_fy"] = {
        f"第{fy}期": sum(1 for a in closures if fy_of(a["end"]) == fy) for fy in fy_close
    }
    T["succession"] = [
        (a["code"], a["name"], b["code"], b["name"], str(a["end"]), a["addr"]) for a, b in succ
    ]
    T["price_rise"] = {"maker": PRICE_MAKER, "day": str(PRICE_DAY), "pct": PRICE_UP}
    T["kgi"] = {
        "base_40th": T["fy"]["第40期"]["all"],
        "kgi": round(T["fy"]["第40期"]["all"] * 1.06 / 1e6) * 1e6,
    }
    json.dump(
        T,
        open(out / "truth.json", "w", encoding="utf-8"),
        ensure_ascii=False,
        indent=1,
        default=str,
    )

    # ---- exports --------------------------------------------------------------------------
    (out / "売上明細").mkdir(exist_ok=True)
    hdr = [
        "売上日",
        "伝票No",
        "得意先コード",
        "得意先名",
        "納品先コード",
        "納品先名",
        "担当者",
        "商品コード",
        "商品名",
        "メーカー",
        "数量",
        "単価",
        "金額",
    ]
    files: dict[int, list] = defaultdict(list)
    for d, s, a, sc, sn, rep, p, q, unit in lines:
        if d > EXPORT_END:
            continue
        files[fy_of(d)].append(
            [
                d.strftime("%Y/%m/%d"),
                s,
                a["code"],
                a["name"],
                sc,
                sn,
                rep,
                p[0],
                p[1],
                p[2],
                q,
                unit,
                q * unit,
            ]
        )
    for fy, rows in files.items():
        with open(
            out / "売上明細" / f"売上明細_第{fy}期.csv", "w", encoding="cp932", newline=""
        ) as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(hdr)
            w.writerows(rows)
    with open(out / "得意先マスタ.csv", "w", encoding="cp932", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(
            [
                "得意先コード",
                "得意先名",
                "業態",
                "住所",
                "担当者",
                "取引開始日",
                "開業日",
                "廃業日",
                "取引区分",
            ]
        )
        for a in accts:
            if a["start"] and a["start"] > EXPORT_END:
                continue
            ended = a["end"] is not None and a["end"] <= EXPORT_END
            w.writerow(
                [
                    a["code"],
                    a["name"],
                    a["kind"],
                    a["addr"],
                    holder_today[a["code"]],
                    a["start"].strftime("%Y/%m/%d") if a["start"] else "",
                    a["opened"].strftime("%Y/%m/%d") if a["kind"] != "ホームセンター" else "",
                    a["end"].strftime("%Y/%m/%d") if ended and a["typed_end"] else "",
                    ("取引停止" if ended and (a["typed_end"] or rng.random() < 0.5) else "取引中"),
                ]
            )
    # visits: SFA from 2023-10-01
    vis = []
    for a in accts:
        if a["kind"] == "ホームセンター":
            continue
        a_start = max(a["start"] or START, SFA_START)
        a_end = min(a["end"] or EXPORT_END, EXPORT_END)
        for (y, m), mdays in bymonth.items():
            md = [x for x in mdays if a_start <= x < a_end]
            if not md:
                continue
            n = max(0, round(rng.gauss(VISITS[a["kind"]] * len(md) / len(mdays), 0.7)))
            for _ in range(n):
                d = rng.choice(md)
                purpose = "勉強会" if a["kind"] == "動物病院" and rng.random() < 0.05 else "定期"
                vis.append(
                    [
                        d,
                        rep_at(a, d),
                        a["name"],
                        rng.choice(["院長", "スタッフ", "スタッフ"])
                        if a["kind"] == "動物病院"
                        else "店長",
                        purpose,
                        "",
                        "",
                    ]
                )
    # prospects: 開業予定の先生, 2–4 meetings in the 4 months before opening; as many prospects lost
    for a in openings:
        if a["ramp"] < SFA_START + dt.timedelta(days=60) or a["start"] > EXPORT_END + dt.timedelta(
            days=90
        ):
            continue
        for k in range(rng.randint(2, 4)):
            d = a["start"] - dt.timedelta(days=rng.randint(10, 120))
            if SFA_START <= d <= EXPORT_END:
                vis.append(
                    [
                        d,
                        rep_at(a, d),
                        f"開業予定 {rng.choice(SURN)}先生({a['name']})",
                        "院長",
                        "新規開拓",
                        "継続",
                        "",
                    ]
                )
    for i in range(60):
        d = SFA_START + dt.timedelta(days=rng.randint(0, (EXPORT_END - SFA_START).days))
        if d.weekday() >= 5:
            continue
        rep = NEW_REP if d >= CARVE and rng.random() < 0.5 else rng.choice(VETS[:5])
        vis.append(
            [
                d,
                rep,
                f"開業予定 {rng.choice(SURN)}先生",
                "院長",
                "新規開拓",
                rng.choice(["見送り", "継続"]),
                "",
            ]
        )
    vis.sort(key=lambda r: (r[0], r[1]))
    with open(out / "訪問日報.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["訪問日", "担当者", "訪問先", "面談者", "目的", "結果", "メモ"])
        for r in vis:
            w.writerow([r[0].strftime("%Y/%m/%d"), *r[1:]])
    print(
        f"lines {len(lines):,} exported {sum(len(v) for v in files.values()):,} accounts {len(accts)} visits {len(vis):,}"
    )
    for fy, v in sorted(T["fy"].items()):
        print(fy, f"{v['all']:,.0f}", f"exported {v['exported']:,.0f}")


if __name__ == "__main__":
    main()
