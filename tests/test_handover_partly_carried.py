"""A handover only partly carried (core.carry ``partly_carried``, fix30): the Review judges
the giver and the taker on what they actually hold, not as booked. A workbook written with
openpyxl, recalculated and read back; numbers by hand.

The book (FY2026 = calendar 2026, as of 2026-10-31: ten whole months; one order a month on
the 10th and one visit on the 12th, January 2024 – December 2026). G (高橋) holds g1 ¥300,
g2 ¥100 and g3 ¥200; T (渡辺) t1 ¥400; L (山田) l1 ¥200 and l2 ¥50. From 2026-07-01 g1
is T's (both planned: its targets follow it, core.carry), g2 goes to a newcomer N (新人, no
history before the plan year: no plan, nothing moves to him), and L leaves: l1 is T's and
l2 N's (L's rows stay as planned: nothing moves from him). KGI ¥15,000 = the 2025 baseline
(G 600 + T 400 + L 250 a month), so each rep's monthly revenue target as set is his baseline.

The carry: g1 is 300 / 600 = half G's baseline revenue, so from July G's month target is
300 and T's 400 + 300 = 700. To date (January – October):

- G: due 6 × 600 + 4 × 300 = 4,800; sold 6 × 600 + 4 × 200 (g3) = 4,400: 91.7% as booked.
  But g2 went to N with its part of his target still in it: 100 / 600 of his target as set,
  10 × 100 = 1,000 to date, against g2's sales while he held it, 6 × 100 = 600. On the book
  he kept: 4,400 − 600 = 3,800 against 4,800 − 1,000 = 3,800: 100%.
- T: due 6 × 400 + 4 × 700 = 5,200; sold t1 4,000 + g1 4 × 300 + l1 4 × 200 = 6,000:
  115.4% as booked. l1 came with no part of his target: 800 of sales since July; his own
  book 6,000 − 800 = 5,200 against 5,200: 100%.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.book_change import CAUSE_KEY
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate

sys.path.insert(0, str(Path(__file__).parent))
from test_handover_both_ways import TEMPLATE, _paste

G, T, L, N = "高橋", "渡辺", "山田", "新人"
MONTHLY = {"g1": 300, "g2": 100, "g3": 200, "t1": 400, "l1": 200, "l2": 50}
NAMES = {
    "g1": "青葉商店",
    "g2": "若葉食堂",
    "g3": "松風学園",
    "t1": "白鷺病院",
    "l1": "港町カフェ",
    "l2": "新町書店",
}
MOVE = pd.Timestamp("2026-07-01")
KGI = 15_000
AS_OF = date(2026, 10, 31)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if day >= MOVE:
        moved = {"g1": T, "g2": N, "l1": T, "l2": N}
        if account in moved:
            return moved[account]
    return {"g": G, "t": T, "l": L}[account[0]]


def write_book(path: Path, language: str) -> Path:
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-12-01", freq="MS"):
        for account, amount in MONTHLY.items():
            day, seen = m + pd.Timedelta(days=9), m + pd.Timedelta(days=11)
            orders.append([day.date(), account, _rep_then(account, day), amount, 1, None])
            visits.append([seen.date(), _rep_then(account, seen), account, "訪問", None])
    _paste(wb, "Orders", orders)
    _paste(wb, "Visits", visits)
    rows = [
        [a, NAMES[a], _rep_then(a, pd.Timestamp(AS_OF)), date(2023, 1, 1), None, None, None]
        for a in MONTHLY
    ]
    _paste(wb, "Accounts", rows)
    ws = wb["Settings"]
    ws["B4"], ws["B5"], ws["B6"], ws["B7"], ws["B8"] = KGI, 2026, 1, AS_OF, language
    ws["B7"].number_format = "yyyy/m/d"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("partly") / "book.xlsm", "ja")
    recalculate(path)
    return path


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return list(wb[sheet].iter_rows(values_only=True))


def test_the_engine_splits_out_only_what_did_not_carry(book: Path) -> None:
    (result, _checks, _, _), _ = compute_file(book)
    (carry,) = result.carries
    assert (carry.giver, carry.taker, carry.accounts) == (G, T, 1)  # g1 only
    assert carry.shares["revenue"] == pytest.approx(0.5)
    notes = {n.params["rep"]: n.params["count"] for n in result.plan.notes}.items()
    assert {(G, 1), (T, 1)} <= set(notes)  # handover_partly_carried: g2, l1
    review = result.review
    got = {
        (r, k): (t, a)
        for r, k, t, a in zip(
            review["rep"], review["kpi"], review["target_ytd"], review["actual_ytd"], strict=True
        )
        if r in (G, T)
    }
    # G: 4,800 due (carried), 4,400 sold; g2 1,000 of his target, 600 sold while his.
    assert got[(G, "revenue")] == pytest.approx((4800, 4400))
    assert got[(G, "moved_accounts")] == pytest.approx((1000, 600))
    assert got[(G, "revenue_kept")] == pytest.approx((3800, 3800))
    # T: 5,200 due (carried: g1's part in it), 6,000 sold; l1 800 with no target.
    assert got[(T, "revenue")] == pytest.approx((5200, 6000))
    assert got[(T, "taken_accounts")][1] == pytest.approx(800)
    assert got[(T, "revenue_own")] == pytest.approx((5200, 5200))
    assert (G, "taken_accounts") not in got and (T, "moved_accounts") not in got
    # G is behind as booked only for g2: no lever to coach, the handover named.
    his = review[review["rep"] == G]
    assert not his["main"].astype(bool).any()
    cause = his[his["kpi"] == "revenue"].iloc[0]["detail"][CAUSE_KEY]
    assert (cause["given"], cause["taken"], cause["basis"]) == (1, 0, "kept")
    assert cause["own"] == pytest.approx(1.0) and cause["booked"] == pytest.approx(4400 / 4800)
    # T's active accounts (raised by l1, no part of his target) are not his main lever.
    mine = review[(review["rep"] == T) & review["main"].astype(bool)]
    assert "active_accounts" not in set(mine["kpi"])
    # Nobody is flagged behind for the handover (G's visits were: g2's went with it).
    flags = result.flags
    assert not len(flags[flags["rep"].isin([G, T])])
    # The Attainment's year rows agree (G's 7,200 as set: g2 1,200, the rest 5,400 − 1,200).
    handed = result.handed_over
    assert [h.kpi for h in handed[G]] == ["moved_accounts", "revenue_kept"]
    assert (handed[G][0].target, handed[G][1].target) == pytest.approx((1200, 4200))
    assert [h.kpi for h in handed[T]] == ["taken_accounts", "revenue_own"]


def test_the_review_sheet_reads_them_on_what_they_hold(book: Path) -> None:
    rows = _rows(book, "Review")
    head = [str(h) for h in rows[0]]
    rep, key, comment = head.index("担当者"), head.index("KPIキー"), head.index("所見")
    target, actual, att = (
        head.index("目標"),
        head.index("実績"),
        head.index("達成率"),
    )

    def row(who: str, kpi: str) -> tuple[object, ...]:
        (hit,) = [r for r in rows[1:] if r[rep] == who and r[key] == kpi]
        return hit

    def said(who: str, kpi: str) -> str:
        mine = [r for r in rows[1:] if r[rep] == who]
        at = next(i for i, r in enumerate(mine) if r[key] == kpi)
        lines = [mine[at]]
        for r in mine[at + 1 :]:  # the finding's continuation lines (no KPI key)
            if r[key]:
                break
            lines.append(r)
        return "".join(str(r[comment] or "") for r in lines).replace(" ", "")

    kept = row(G, "revenue_kept")
    assert (kept[target], kept[actual], kept[att]) == pytest.approx((3800, 3800, 1.0))
    moved = row(G, "moved_accounts")
    assert (moved[target], moved[actual]) == pytest.approx((1000, 600))
    assert "目標の16.7%" in said(G, "moved_accounts")
    assert "渡した顧客を除く達成率100.0%(記帳どおりは91.7%)" in said(G, "revenue_kept")
    assert said(G, "revenue").startswith("期初来の差−¥400は2026-07-10の担当替え(渡した顧客1件)")
    own = row(T, "revenue_own")
    assert (own[target], own[actual], own[att]) == pytest.approx((5200, 5200, 1.0))
    assert row(T, "taken_accounts")[actual] == pytest.approx(800)
    assert "引き継いだ顧客を除く達成率100.0%(記帳どおりは115.4%)" in said(T, "revenue_own")
    assert not any("共有してもらいましょう" in str(r[comment] or "") for r in rows if r[rep] == G)


def test_the_checks_say_the_review_splits_them(book: Path) -> None:
    said = "".join(str(v) for r in _rows(book, "Checks") for v in r if v is not None)
    said = said.replace(" ", "")
    for who in (G, T):
        assert f"{who}さんを移した後の担当先で評価しています" in said
    assert "計上どおりに評価しています" not in said
