"""A departed rep's prospecting stays his (trial 33 H2: 5 of 鈴木's 27 baseline new accounts
were 木村's wins, his win rate read 65.9% for 22 wins of 41 meetings). The customers he
served go to the colleague who serves them now with their revenue, orders and visits; the
accounts he won, his meetings and calls stay his: in the team's totals, in no colleague's
new accounts, win rate or pace of winning.

Hand-built book, fiscal year from April, FY2027, AsOf blank (the last order, 2026-11-10: the
baseline window is the complete months 2025-11 … 2026-10). Every account orders ¥10,000 on
the 10th of each month from its first month and is visited on the 9th by the rep serving it:

- A and B hold 10 accounts each from 2024-06; K holds 10 (K0 … K9) and leaves after August
  2026: from September A serves all his open accounts and the Accounts sheet names A;
- each rep logs one 商談 a month (A and B through November 2026, K through August 2026), won
  in the month of a win and then typed with the new account's code, on its first day;
- wins: A AW1 (2025-12) and AW2 (2026-03); B BW1 (2026-01); K KW1 (2025-12), KW2 (2026-02)
  and KW3 (2026-04), all inside the window.

By hand, the window:
- A's new accounts: 2 (AW1, AW2) — not 5 with K's three; his meetings 12 — not 15 with K's
  three won ones, typed on K's won accounts; his win rate 2 / 12 = 16.7% (before: 5 / 15);
- A's revenue: his own 10 × 12 + AW1 11 + AW2 8 months, K's 10 × 12 + KW1 11 + KW2 9 + KW3
  7 months = 286 × ¥10,000 = ¥2,860,000 (K's customers are A's book now);
- B: 1 new account of 12 meetings; the team: 6 new accounts (K's three included), ¥4,160,000.
- A's usual pace of winning (core.flows): 20 accounts held at the window's start (his and
  K's), his own 2 wins on them 0.1 a year per account, the team's 6 on 30 = 0.2 (K's wins
  were won on the book A holds now: in the team's pace); trusted 2 ÷ (2 + 10): 1/6 × 0.1 +
  5/6 × 0.2 = 0.18333 × 20 = 3.667 a year (before: his 5 wins, 1/3 × 0.25 + 2/3 × 0.2 =
  0.21667 × 20 = 4.333). K plans none.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.handover import hand_over
from routekpi.core.history import History, PlanSettings
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.workbook_files import csv_history, sources_or_pasted_book, targets_by_key

FIRST = pd.Period("2024-06", "M")
LAST = pd.Period("2026-11", "M")
LEFT = pd.Period("2026-09", "M")  # A serves K's accounts from this month
WINS = {"AW1": "2025-12", "AW2": "2026-03", "BW1": "2026-01"}
K_WINS = {"KW1": "2025-12", "KW2": "2026-02", "KW3": "2026-04"}
KGI = 4_160_000


def _day(month: pd.Period, day: int) -> str:
    return f"{month.year}/{month.month:02d}/{day:02d}"


def _rows() -> dict[str, list[list[object]]]:
    orders: list[list[object]] = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
    visits: list[list[object]] = [["訪問日", "担当者", "顧客コード", "種別", "結果"]]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]]

    def serve(acc: str, rep: str, since: pd.Period) -> None:
        sheet = "A" if rep == "K" else rep
        accounts.append([acc, f"株式会社{acc}", sheet, _day(since, 1), None])
        for month in pd.period_range(since, LAST, freq="M"):
            who = "A" if rep == "K" and month >= LEFT else rep
            orders.append([_day(month, 10), acc, who, 10000, 1])
            visits.append([_day(month, 9), who, acc, "訪問", None])

    for rep in "ABK":
        for i in range(10):
            serve(f"{rep}{i}", rep, FIRST)
    won = {**WINS, **K_WINS}
    for acc, month in won.items():
        serve(acc, acc[0], pd.Period(month, "M"))
    by_month = {(acc[0], pd.Period(m, "M")): acc for acc, m in won.items()}
    for rep in "ABK":
        last = LEFT - 1 if rep == "K" else LAST
        for month in pd.period_range(FIRST, last, freq="M"):
            acc = by_month.get((rep, month))
            if acc is None:
                visits.append([_day(month, 15), rep, None, "商談", "失敗"])
            else:  # the won meeting on the new account's first day, with its code
                visits.append([_day(month, 1), rep, acc, "商談", "成功"])
    return {"Orders": orders, "Visits": visits, "Accounts": accounts}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("departed_wins")
    rows = _rows()
    csv_history(folder, rows)
    pasted = sources_or_pasted_book(folder / "pasted.xlsm", rows, KGI)
    sourced = sources_or_pasted_book(folder / "sourced.xlsm", None, KGI)
    for book in (pasted, sourced):
        recalculate(book)
    return pasted, sourced


def test_the_departed_reps_wins_and_meetings_stay_off_the_takers_baseline(
    books: tuple[Path, Path],
) -> None:
    for book in books:
        got = targets_by_key(book)
        # Targets' baseline column (E).
        assert got[("FY2027", "A", "new_accounts")][4] == 2
        assert got[("FY2027", "A", "meetings")][4] == 12
        assert got[("FY2027", "A", "meeting_win_rate")][4] == pytest.approx(2 / 12)
        assert got[("FY2027", "B", "new_accounts")][4] == 1
        assert got[("FY2027", "B", "meeting_win_rate")][4] == pytest.approx(1 / 12)
        # His customers' sales are A's book now, K's wins in the team's count.
        assert got[("FY2027", "A", "revenue")][4] == 2_860_000
        assert got[("FY2027", "ALL", "revenue")][4] == KGI
        assert got[("FY2027", "ALL", "new_accounts")][4] == 6
        assert not any(rep == "K" for _, rep, _ in got)  # no target for a rep who left


def test_files_and_pasted_rows_give_the_same_targets(books: tuple[Path, Path]) -> None:
    pasted, sourced = targets_by_key(books[0]), targets_by_key(books[1])
    assert pasted.keys() == sourced.keys()
    for key, row in pasted.items():
        assert sourced[key][4:6] == row[4:6], key


def test_the_plan_says_the_rule(books: tuple[Path, Path]) -> None:
    want = text("reps_departed_prospecting", "ja", reps="K").replace(" ", "")
    for book in books:
        wb = openpyxl.load_workbook(book, read_only=True)
        for sheet, column in (("Plan", 2), ("Checks", 4)):  # notes (C), problems (E), wrapped
            rows = wb[sheet].iter_rows(values_only=True)
            said = "".join(str(r[column]) for r in rows if len(r) > column and r[column])
            assert want in said.replace(" ", ""), sheet


def _history() -> History:
    return history_of(_rows())


def history_of(rows: dict[str, list[list[object]]]) -> History:
    """The History of a book's pasted ``rows`` (Orders, Visits with 訪問 / 商談 / テレアポ,
    Accounts), as the engine reads them."""
    orders = pd.DataFrame(rows["Orders"][1:], columns=["date", "account", "rep", "amount", "q"])
    orders = orders.assign(date=pd.to_datetime(orders["date"]), quantity=orders.pop("q"))
    visits = pd.DataFrame(rows["Visits"][1:], columns=["date", "rep", "account", "kind", "o"])
    kinds = {"訪問": "visit", "商談": "meeting", "テレアポ": "attempt"}
    outcome = visits.pop("o").map({"成功": "won", "失敗": "lost"})
    visits = visits.assign(
        date=pd.to_datetime(visits["date"]), kind=visits["kind"].map(kinds), outcome=outcome
    )
    accounts = pd.DataFrame(
        [r[:5] for r in rows["Accounts"][1:]], columns=["account", "name", "rep", "start", "end"]
    )
    accounts = accounts.assign(
        start=pd.to_datetime(accounts["start"]), end=pd.to_datetime(accounts["end"])
    )
    return History(orders=orders, visits=visits, accounts=accounts)


def test_the_handover_names_the_accounts_the_departed_rep_won() -> None:
    from datetime import date

    moved, handed = hand_over(_history(), date(2026, 11, 10), date(2027, 4, 1))
    assert handed is not None and handed.departed == ("K",)
    won = {a for a, r in handed.opened_by if r == "K"}
    assert won >= set(K_WINS) and not won & set(WINS)
    # His won meetings stay his; the route visits of his customers are A's.
    meetings = moved.visits[moved.visits["kind"] == "meeting"]
    assert set(meetings.loc[meetings["account"].isin(list(K_WINS)), "rep"]) == {"K"}
    routes = moved.visits[(moved.visits["kind"] == "visit") & moved.visits["account"].eq("KW1")]
    assert set(routes["rep"]) == {"A"}


def test_the_takers_pace_of_winning_counts_his_own_wins_only() -> None:
    ev = build_evidence(_history(), PlanSettings(kgi=KGI, plan_year=2027))
    assert ev.flows is not None
    # 1/6 × 2/20 + 5/6 × 6/30, on his 20 accounts (module doc).
    assert ev.flows.new_per_year["A"] == pytest.approx((2 / 20 / 6 + 5 / 6 * 6 / 30) * 20)
    assert ev.flows.new_per_year.get("K", 0.0) == 0.0
    # His own record: 3 wins of 10 meetings (before: 0 of 7, his 3 won meetings and their
    # wins with A — a rate of 0 that made the reps' rates look more spread than they are).
    assert ev.base.loc["K", ["new_accounts", "meetings"]].tolist() == [3.0, 10.0]
    assert ev.base.loc["ALL", ["new_accounts", "meetings"]].tolist() == [6.0, 34.0]
