"""A price list that moves for everyone is no rep's unit price (trial 40 M1, 薬価改定).

Small books written with a 商品コード column beside 数量 and read back after a recalculation:
three reps, five accounts each, one slip a month per account (on the month's last weekday)
of three products (¥100 × 20, ¥1,000 × 10, ¥5,000 × 5 = ¥37,000 a slip, 35 units),
2023-04 … 2026-11, the plan year 2026
(April) with its KGI the FY2025 revenue.

- **Every product −5% from 2026-04, for everyone**: the team's like-for-like price over
  2026-09 … 11 against a year before is −5.0% (each product ×0.95); each rep's unit price
  too, −5.0%, which without the price list is +0.0%: no rep is flagged, the team gets one
  info flag 「全社の価格改定(-5.0%)によるもの」. The Review puts the unit-price gap on the
  price list (ln 0.95 by the gap's logarithmic mean) and names no colleague to learn from.
- **Rep A's mix shifts to the cheap product, prices flat** (from 2026-04 his ¥5,000 product
  1 a slip instead of 5: ¥17,000 a slip, 31 units): his unit price 37,000 → 17,000 = −54.1%,
  the price per unit 37,000/35 → 17,000/31 = −48.1%, the same products' prices +0.0%: the
  flag says the mix, not the market, and not a price revision.
- **Rep A alone discounts 10%** (¥90, ¥900, ¥4,500 from 2026-04): −10.0% on his unit price
  and per unit. The team's like-for-like price is the median line price of each product
  (his 5 lines of 15): +0.0%, so no price revision; the words say mix *or his own
  discounts*, as the same products are compared team-wide only.
- **One account carries the gap** (A0 buys only the ¥100 product from 2026-04: ¥2,000 a
  slip): A's gap to date is 8 × ¥35,000 = ¥280,000, A0's orders over the last 12 months
  4 × ¥37,000 + 8 × ¥2,000 = ¥164,000 against ¥444,000 the 12 before: a fall of ¥280,000,
  at least half the gap, so the behind-pace flag names A0. In the mix case the fall is
  spread over A's five accounts (¥160,000 each of an ¥800,000 gap): no account is named.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.recalc import recalculate
from routekpi.schema import FLAGS, ORDERS, REVIEW
from tests.workbook_files import paste, review_lines_joined, template_book

REPS = ("A", "B", "C")
FIRST = pd.Period("2023-04", freq="M")
LAST = pd.Period("2026-11", freq="M")
MONTHS = [FIRST + i for i in range((LAST - FIRST).n + 1)]
CHANGE = pd.Period("2026-04", freq="M")
AS_OF = date(2026, 11, 30)
PRICES = {"P100": 100, "P200": 1000, "P300": 5000}
QUANTITY = {"P100": 20, "P200": 10, "P300": 5}


def _rows(case: str) -> list[list[object]]:
    """The order lines of ``case`` ("list", "mix", "alone"; module doc)."""
    rows: list[list[object]] = []
    slip = 0
    for month in MONTHS:
        # The month's last weekday: the last month is then whole (the as-of date is the
        # last order), and each month holds one slip an account.
        day = month.end_time.date()
        while day.weekday() >= 5:
            day = day.replace(day=day.day - 1)
        after = month >= CHANGE
        for rep in REPS:
            for i in range(5):
                slip += 1
                for product, yen in PRICES.items():
                    q = QUANTITY[product]
                    price = yen
                    if after and case == "list":
                        price = round(yen * 0.95)  # 95, 950, 4,750: exact
                    if after and case == "alone" and rep == "A":
                        price = round(yen * 0.9)
                    if after and case == "mix" and rep == "A" and product == "P300":
                        q = 1
                    if after and case == "one" and f"{rep}{i}" == "A0" and product != "P100":
                        q = 0  # A0 buys only the cheap product: ¥2,000 a slip
                    if q == 0:
                        continue
                    rows.append([day, f"{rep}{i}", rep, price * q, q, f"S{slip}", product])
    return rows


def _book(path: Path, case: str) -> Path:
    rows = _rows(case)
    fy2025 = [pd.Period("2025-04", freq="M") + i for i in range(12)]
    kgi = float(sum(r[3] for r in rows if pd.Period(r[0], freq="M") in fy2025))
    accounts = [[f"{r}{i}", f"{r}{i}", r, date(2023, 4, 1)] for r in REPS for i in range(5)]
    with template_book(path, kgi=kgi, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        ws = wb["Orders"]
        width = ws.max_column
        assert [c.value for c in ws[1]][:width] == [c.ja for c in ORDERS.columns if c.laid_out]
        ws.cell(1, width + 1, "商品コード")  # the contract's header (schema: product)
        paste(wb, "Orders", rows)
        paste(wb, "Accounts", accounts)
    recalculate(path)
    return path


def _flags(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    tab = FLAGS.ja if FLAGS.ja in wb.sheetnames else FLAGS.name
    rows = [list(r) for r in wb[tab].iter_rows(values_only=True)]
    header = [str(v) for v in rows[0]]
    code, rep = header.index("コード"), header.index("担当者")
    said, act = header.index("内容"), header.index("推奨アクション")
    out = []
    for r in rows[1:]:
        r = [*r, *[None] * (len(header) - len(r))]
        if r[code]:
            out.append([r[code], r[rep], str(r[said] or ""), str(r[act] or ""), r[0]])
        elif out:  # a wrapped continuation row
            out[-1][2] += str(r[said] or "")
            out[-1][3] += str(r[act] or "")
    return out


def _review(path: Path) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    tab = REVIEW.ja if REVIEW.ja in wb.sheetnames else REVIEW.name
    rows = [list(r) for r in wb[tab].iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if "KPIキー" in [str(v) for v in r])
    header = [str(v) for v in rows[at]]
    body = [dict(zip(header, r, strict=False)) for r in rows[at + 1 :]]
    # The year-to-date block only: from its title row (``ytd@…``) to the next block's title.
    titles = [i for i, r in enumerate(body) if "@" in str(r.get("KPIキー") or "")]
    assert str(body[titles[0]]["KPIキー"]).startswith("ytd@")
    block = body[titles[0] + 1 : titles[1] if len(titles) > 1 else len(body)]
    joined = review_lines_joined(block, "KPIキー", ("所見",))
    return [r for r in joined if r.get("KPIキー")]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("flags40")
    cases = ("list", "mix", "alone", "one")
    return {case: _book(folder / f"{case}.xlsm", case) for case in cases}


def test_a_price_list_move_for_everyone_flags_the_team_once(books: dict[str, Path]) -> None:
    flags = [f for f in _flags(books["list"]) if f[0] == "unit_price_declining"]
    # No rep: each one's −5.0% is the list's, +0.0% without it.
    assert [f[1] for f in flags] == ["ALL"]
    said, action = flags[0][2], flags[0][3]
    assert "前年同期比 -5.0%" in said
    assert "全社の価格改定(-5.0%)によるもの" in said
    assert "除くと +0.0%" in said
    assert "計画シート" in action and "やり方" not in action


def test_the_review_puts_the_list_part_on_the_price_list(books: dict[str, Path]) -> None:
    review = _review(books["list"])
    flags = _flags(books["list"])
    assert not any("やり方を聞いて" in f[3] for f in flags)
    for rep in REPS:
        rows = {str(r["KPIキー"]): r for r in review if r["担当者"] == rep}
        revenue, unit = rows["revenue"], rows["unit_price"]
        actual, target = float(revenue["実績"]), float(revenue["目標"])
        # The list's part: ln 0.95 by the gap's logarithmic mean (core.review, LMDI).
        weight = (actual - target) / math.log(actual / target)
        listed = weight * math.log(0.95)
        finding = str(unit["所見"] or "")
        assert f"−¥{abs(listed):,.0f} は全社の価格改定(-5.0%)によるもの" in finding
        assert "共有してもらいましょう" not in finding
        # Behind by the list alone: it is the main cause, no lever is.
        assert actual < target
        assert "主因は全社の価格改定(-5.0%" in str(revenue["所見"])


def test_a_mix_shift_with_prices_flat_is_said_as_mix(books: dict[str, Path]) -> None:
    flags = {f[1]: f for f in _flags(books["mix"]) if f[0] == "unit_price_declining"}
    assert "A" in flags and "B" not in flags and "C" not in flags
    _, _, said, action, _ = flags["A"]
    assert "前年同期比 -54.1%" in said  # 37,000 → 17,000 a slip
    assert "1単位あたりの価格は前年同期比 -48.1%" in said  # 37,000/35 → 17,000/31
    assert "同じ商品どうしの価格(全社)は +0.0%、残り -48.1% は商品構成" in said
    assert "価格改定" not in said and "価格表の動きではありません" in action
    assert "市況" not in action


def test_one_rep_discounting_alone_is_no_price_revision(books: dict[str, Path]) -> None:
    flags = {f[1]: f for f in _flags(books["alone"]) if f[0] == "unit_price_declining"}
    assert "A" in flags and "B" not in flags and "C" not in flags
    _, _, said, action, _ = flags["A"]
    # 35 units every slip: the price per unit is the price per order, read as one.
    assert "前年同期比 -10.0%" in said and "1単位あたり" not in said
    assert "同じ商品どうしの価格(全社)は前年同期比 +0.0%、残り -10.0% は商品構成" in said
    assert "この担当者だけの値引き" in said
    assert "全社の価格改定" not in said and "値引き" in action


def test_the_account_that_carries_the_gap_is_named(books: dict[str, Path]) -> None:
    pace = {f[1]: f for f in _flags(books["one"]) if f[0] == "behind_pace"}
    assert "A" in pace
    assert (
        "差の多くは1件の顧客 A0 です(直近12か月の受注 ¥164,000、その前の12か月 ¥444,000)"
        in (pace["A"][2])
    )
    spread = {f[1]: f for f in _flags(books["mix"]) if f[0] == "behind_pace"}
    assert "A" in spread and "差の多くは" not in spread["A"][2]


def test_the_reviews_revenue_row_names_the_account_that_carries_the_gap(
    books: dict[str, Path],
) -> None:
    """The Review's revenue row of A names A0 as his behind-pace flag does (core.flags
    ``gap_carrier``, one test for both): the same words and figures after its finding
    (gap ¥280,000: −¥280,000 to date). B and C (on target) and the mix case's A (the fall
    spread over his five accounts) name none."""
    rows = {(r["担当者"], r["KPIキー"]): str(r.get("所見") or "") for r in _review(books["one"])}
    said = "差の多くは1件の顧客 A0 です(直近12か月の受注 ¥164,000、その前の12か月 ¥444,000)"
    revenue = rows[("A", "revenue")].replace(" ", "")
    assert revenue.startswith("期初来の差 −¥280,000。".replace(" ", ""))
    assert said.replace(" ", "") in revenue
    pace = {f[1]: f for f in _flags(books["one"]) if f[0] == "behind_pace"}
    assert said in pace["A"][2]  # the flag's words, the same account and figures
    assert not any("差の多くは" in rows.get((rep, "revenue"), "") for rep in ("B", "C"))
    spread = {(r["担当者"], r["KPIキー"]): str(r.get("所見") or "") for r in _review(books["mix"])}
    assert spread[("A", "revenue")] and "差の多くは" not in spread[("A", "revenue")]
