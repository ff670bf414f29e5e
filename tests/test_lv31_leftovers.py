"""Three leftovers of trial 30 and its helpers, each on a written, recalculated and read-back
workbook, numbers by hand.

1. A newcomer's copy cover named as its biggest month one whose baseline month was before he
   began work (trial 30 L5: 「最も大きい月 2027-12 +560.3%」, its baseline the 10 handed
   accounts' sales under the colleague before him). Hand-built, calendar fiscal year, FY2026
   planned on 2025-12-31: 青木 and 坂井 hold 10 accounts each (¥1,000 a month, visited
   monthly) since 2023-01; N (野村) joins in 2025-04, handed five of 青木's, and wins one in
   2025-07 and one in 2025-10 (¥1,000 a month each). The orders end on 2025-12-10, so the
   window is 2024-12 … 2025-11 and 2026-12's baseline month is 2024-12. N's baseline months:
   2025-01 … 2025-03 ¥5,000 each (青木's sales on the accounts handed to her), 2025-04 …
   2025-06 ¥5,000, 2025-07 … 2025-09 ¥6,000, 2025-10 and 2025-11 ¥7,000, 2024-12 ¥5,000
   (青木's): ¥67,000. Her start is 2025-04, so 2026-01 … 2026-03 and 2026-12 are not
   compared; nor are 2026-04 … 2026-06 (trial 32 L7), whose baseline months' book (5
   accounts) is under three quarters of hers at the baseline's end (7): the change against
   them is her book's growth. The biggest and smallest months are among 2026-07 … 2026-11.
2. A rep on target on his own book (fix30's partly carried handover,
   tests/test_handover_partly_carried.py: T's own book 5,200 / 5,200) had 「引継ぎ分を除く差 +¥0
   の主因は訪問頻度(+¥0)」: no lever is the cause of a ¥0 gap. And the giver's and taker's
   copy covers named only the account that did not carry (g2 / l1): g1, handed over with its
   target in 2026-07, is said too.
3. The Plan's team lever rows showed the evidence's accounts ceiling without a building rep's
   book raise (targets.building_ceilings): tests/test_building_book_flows.py's history, N's
   accounts ceiling set to 7.0, under the book her wins build (about 9: raised to it): the
   Plan's 「上限」 is the Targets sheet's team ceiling (A's + B's + her book's), not the
   evidence's (A's + B's + 7.0).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core import engine
from routekpi.core.history import History
from routekpi.core.measure import TEAM
from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.workbook_files import frames_book

sys.path.insert(0, str(Path(__file__).parent))

FIRST = pd.Period("2023-01", "M")
LAST = pd.Period("2025-12", "M")
JOINED = pd.Period("2025-04", "M")
AS_OF = pd.Timestamp("2025-12-31").date()
OLD, STAY, NEW = "青木", "坂井", "野村"
NAMES = ("青葉", "白鷺", "松風", "若葉", "港町", "桜台", "朝日", "緑丘", "北浜", "東雲")


def _newcomer_history() -> History:
    orders, visits, accounts = [], [], []

    def serve(acc: str, who_of: object, since: pd.Period) -> None:
        for m in range((LAST - since).n + 1):
            month = since + m
            who = who_of(month)  # type: ignore[operator]
            day = month.start_time
            orders.append((day + pd.Timedelta(days=9), acc, who, 1000.0, 1))
            visits.append((day + pd.Timedelta(days=8), who, acc, "visit", None))

    for rep, code in ((OLD, "a"), (STAY, "b")):
        for i in range(10):
            acc = f"{code}{i:02d}"
            holder = NEW if rep == OLD and i < 5 else rep
            accounts.append((acc, f"{NAMES[i]}{code}", holder, FIRST.start_time, pd.NaT))
            serve(acc, lambda m, r=rep, h=holder: h if m >= JOINED else r, FIRST)
    for k, month in enumerate((pd.Period("2025-07", "M"), pd.Period("2025-10", "M"))):
        accounts.append((f"n{k:02d}", f"新町{k}号", NEW, month.start_time, pd.NaT))
        serve(f"n{k:02d}", lambda m: NEW, month)
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _write(path: Path, h: History, kgi: float) -> Path:
    settings = {
        "KGI": kgi,
        "PlanYear": 2026,
        "FiscalStartMonth": 1,
        "AsOf": AS_OF,
    }
    frames_book(path, h, settings)
    return path


def _cover(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        cells = [str(v) for r in wb["表紙"].iter_rows(values_only=True) for v in r if v]
    finally:
        wb.close()
    return "".join(cells).replace(" ", "")


def _targets(path: Path) -> pd.DataFrame:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(wb["Targets"].iter_rows(values_only=True))
    finally:
        wb.close()
    return pd.DataFrame([r[:7] for r in rows[1:] if r[0] is not None], columns=list(range(7)))


# --- 1. the newcomer's cover -------------------------------------------------------------------


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("newcomer")
    path = _write(folder / "book.xlsm", _newcomer_history(), 260_000)
    recalculate(path)
    out = folder / "share"
    share(path, out, per_rep=True)
    return path, out


def test_her_baseline_months_are_as_counted_by_hand(newcomer: tuple[Path, Path]) -> None:
    t = _targets(newcomer[0])
    mine = t[(t[1] == NEW) & (t[2] == "revenue") & (t[0] != "FY2026")]
    base = dict(zip(mine[0], mine[4].astype(float), strict=True))
    by_month = [base[f"2026-{m:02d}"] for m in range(1, 13)]
    assert by_month == [5000] * 6 + [6000] * 3 + [7000] * 2 + [5000]
    (year,) = t[(t[1] == NEW) & (t[2] == "revenue") & (t[0] == "FY2026")][4]
    assert float(year) == 67_000


def test_the_cover_names_no_month_from_before_she_began(newcomer: tuple[Path, Path]) -> None:
    path, out = newcomer
    said = _cover(out / f"book_{NEW}.xlsx")
    before = "2026-01〜2026-03、2026-12は基準の月(2025-01〜2025-03、2024-12)"
    assert before + "があなたの着任(2025-04)より前" in said
    assert "上の比較に入れていません" in said
    small = "2026-04〜2026-06は基準の月(2025-04〜2025-06)の担当顧客数がいまの4分の3に満たない時期"
    assert small in said
    found = re.search(r"最も大きい月(\d{4}-\d\d)([+-][\d.]+)%.*最も小さい月(\d{4}-\d\d)", said)
    assert found, said
    hi, lo = found.group(1), found.group(3)
    months = [f"2026-{m:02d}" for m in range(7, 12)]  # 2026-12's baseline is 2024-12
    assert hi in months and lo in months
    # The biggest of the months she was at work, against the Targets sheet's rows.
    t = _targets(path)
    mine = t[(t[1] == NEW) & (t[2] == "revenue") & t[0].isin(months)]
    change = dict(zip(mine[0], mine[5].astype(float) / mine[4].astype(float), strict=True))
    assert hi == max(change, key=lambda m: change[m])
    assert lo == min(change, key=lambda m: change[m])
    assert float(found.group(2)) == pytest.approx((change[hi] - 1) * 100, abs=0.05)


def test_a_rep_there_all_year_is_compared_on_every_month(newcomer: tuple[Path, Path]) -> None:
    said = _cover(newcomer[1] / f"book_{STAY}.xlsx")
    assert "最も大きい月" in said and "上の比較に入れていません" not in said


# --- 2. on target on his own book; the accounts carried with their targets ----------------------


@pytest.fixture(scope="module")
def partly(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from test_handover_partly_carried import write_book

    folder = tmp_path_factory.mktemp("partly")
    path = write_book(folder / "book.xlsm", "ja")
    recalculate(path)
    out = folder / "share"
    share(path, out, per_rep=True)
    return path, out


def test_no_lever_is_the_cause_of_a_zero_gap(partly: tuple[Path, Path]) -> None:
    wb = openpyxl.load_workbook(partly[0], read_only=True)
    try:
        rows = list(wb["Review"].iter_rows(values_only=True))
    finally:
        wb.close()
    head = [str(h) for h in rows[0]]
    rep, key, comment = head.index("担当者"), head.index("KPIキー"), head.index("所見")
    mine = [r for r in rows[1:] if r[rep] == "渡辺"]
    at = next(i for i, r in enumerate(mine) if r[key] == "revenue")
    lines = [mine[at]]
    for r in mine[at + 1 :]:
        if r[key]:
            break
        lines.append(r)
    said = "".join(str(r[comment] or "") for r in lines).replace(" ", "")
    # 6,000 sold against 5,200 due: +800, all of it l1's (taken with no target); own 0.
    assert said == "期初来の差+¥800。引継ぎ分を除く差+¥0(目標どおり)"
    assert not any("主因" in str(r[comment] or "") for r in mine)


def test_the_covers_say_the_accounts_carried_with_their_targets(
    partly: tuple[Path, Path],
) -> None:
    out = partly[1]
    giver = _cover(out / "book_高橋.xlsx")
    assert "2026-07-10の担当替え(渡した顧客1件)" in giver  # g2, its target left with him
    assert "このほか、目標ごと渡した顧客1件があります(その分の目標は2026-07から" in giver
    taker = _cover(out / "book_渡辺.xlsx")
    assert "2026-07-10の担当替え(引き継いだ顧客1件)" in taker  # l1, no target with it
    assert "このほか、目標ごと引き継いだ顧客1件があります(その分の目標は2026-07から" in taker


# --- 3. the Plan's team ceiling is the Targets sheet's -----------------------------------------

LOW = 7.0  # N's accounts ceiling, under her wins' book (8.875)


@pytest.fixture(scope="module")
def building(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_building_book_flows import _history

    path = _write(tmp_path_factory.mktemp("building") / "book.xlsm", _history(), 270_000)
    evidence = engine.evidence_of_prepared

    def lowered(*a: object, **k: object) -> object:
        ev = evidence(*a, **k)
        was = float(ev.ceiling.at["N", "active_accounts"])
        ev.ceiling.loc["N", "active_accounts"] = LOW
        ev.ceiling.loc[TEAM, "active_accounts"] -= was - LOW
        return ev

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "evidence_of_prepared", lowered)
        recalculate(path)
    return path


def test_the_plan_team_ceiling_is_the_targets(building: Path) -> None:
    t = _targets(building)
    fy = t[t[0] == "FY2026"].set_index([1, 2])
    team = float(fy.at[(TEAM, "active_accounts"), 6])
    reps = sum(float(fy.at[(r, "active_accounts"), 6]) for r in "ABN")
    book = float(fy.at[("N", "active_accounts"), 6])
    assert book > LOW + 1.5  # her wins' book (8.88 on the rows built in memory), not 7.0
    assert team == pytest.approx(reps)  # the reps' ceilings summed, hers raised
    wb = openpyxl.load_workbook(building, read_only=True)
    try:
        plan = [r for r in wb["Plan"].iter_rows(values_only=True) if r and r[0]]
    finally:
        wb.close()
    (row,) = [r for r in plan if str(r[0]) == "レバー: 稼働顧客数"]
    found = re.search(r"上限 ([\d.,]+)", str(row[2]))
    assert found, row
    shown = float(found.group(1).replace(",", ""))
    assert shown == round(team, 1) or shown == round(team)
    evidence = team - (book - LOW)  # what the Plan showed: the evidence's team ceiling
    assert shown != round(evidence) and shown != round(evidence, 1)
