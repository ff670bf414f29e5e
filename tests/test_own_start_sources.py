"""A newcomer's start is read the same from files (the Sources sheet) as from pasted rows
(trial 29, H1: 伊藤 logged one 商談 on 2026-05-15, before her first day 2026-06-01; pasted,
her months at work counted from May (7), from the CSV files from June (6): meetings 88
against 75, a different revenue target and verdict).

Hand-built book, fiscal year from April, FY2027, AsOf blank (the last order, 2026-11-10:
the baseline window is the complete months 2025-11 … 2026-10):

- A and B, there since 2024-06, each hold 10 accounts ordering ¥10,000 on the 10th of every
  month, visited on the 9th, and win one more every six months from 2024-12; each logs 3
  appointment attempts (one won) and 2 meetings (one won) a month;
- N joins on 2026-06-01 and is given four of A's accounts (A0 … A3: the Accounts sheet names
  her; their past lines move to her); she logs one 商談 on 2026-05-15 (lost), then from June
  3 attempts and 2 meetings a month and wins one account a month (N0 … N5, ordering from
  their first month).

Her own first line is 2026-05: 6 months at work in the window (May … October). Meetings
1 + 5 × 2 = 11, paced over them 11 × 12 / 6 = 22 a year; attempts 5 × 3 = 15 → 30. Read
from June (what the files gave before): 11 × 12 / 5 = 26.4 and 15 × 12 / 5 = 36.

Six months at work are her ramp months (core.meetings ``RAMP_MONTHS``, session 38): her first
full year is planned at the team's pace per rep where hers is lower — A's and B's 24
meetings and 36 attempts a year (2 and 3 a month): 22 → 24, 30 → 36, and the Plan says so.

H3: she is still building her first book. Her wins in the window: 5 (N0 … N4) of 11
meetings, a win rate of 5/11 = 45.5%; the usual pace per account held plans about 4 a year.
Her new-accounts target is her 22 meetings a year × her planned win rate (her own weighed
with the team's), so that her meetings target × that rate gives it back.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.history import History
from routekpi.recalc import recalculate
from tests.workbook_files import csv_history, sources_or_pasted_book, targets_by_key

FIRST = pd.Period("2024-06", "M")
JOINS = pd.Period("2026-06", "M")
LAST = pd.Period("2026-11", "M")
MEETINGS = 11 * 12 / 6  # 22
ATTEMPTS = 15 * 12 / 6  # 30
TEAM_MEETINGS, TEAM_ATTEMPTS = 2 * 12, 3 * 12  # A's and B's year: her first full year's
WON = {True: "成功", False: "失敗"}


def _day(month: pd.Period, day: int) -> str:
    return f"{month.year}/{month.month:02d}/{day:02d}"


def _rows() -> dict[str, list[list[object]]]:
    orders: list[list[object]] = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
    visits: list[list[object]] = [["訪問日", "担当者", "顧客コード", "種別", "結果"]]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]]

    def serve(acc: str, who_of: object, since: pd.Period) -> None:
        for month in pd.period_range(since, LAST, freq="M"):
            who = who_of(month)  # type: ignore[operator]
            orders.append([_day(month, 10), acc, who, 10000, 1])
            visits.append([_day(month, 9), who, acc, "訪問", None])

    for rep in "AB":
        for i in range(10):
            acc = f"{rep}{i}"
            handed = rep == "A" and i < 4
            accounts.append([acc, f"株式会社{acc}", "N" if handed else rep, "2024/06/01", None])
            serve(acc, lambda m, r=rep, h=handed: "N" if h and m >= JOINS else r, FIRST)
        for won in pd.period_range("2024-12", LAST, freq="M")[::6]:  # a win every six months
            acc = f"{rep}W{won.strftime('%y%m')}"
            accounts.append([acc, f"株式会社{acc}", rep, _day(won, 1), None])
            serve(acc, lambda m, r=rep: r, won)
        for month in pd.period_range(FIRST, LAST, freq="M"):
            for k in range(3):
                visits.append([_day(month, 3 + k), rep, None, "アポ", WON[k == 0]])
            for k in range(2):
                visits.append([_day(month, 15 + k), rep, None, "商談", WON[k == 0]])
    visits.append(["2026/05/15", "N", None, "商談", "失敗"])  # before her first day
    for k, month in enumerate(pd.period_range(JOINS, LAST, freq="M")):
        acc = f"N{k}"
        accounts.append([acc, f"株式会社{acc}", "N", _day(month, 1), None])
        serve(acc, lambda m: "N", month)
        for j in range(3):
            visits.append([_day(month, 3 + j), "N", None, "アポ", WON[j == 0]])
        for j in range(2):
            visits.append([_day(month, 15 + j), "N", None, "商談", WON[j == 0]])
    return {"Orders": orders, "Visits": visits, "Accounts": accounts}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("own_start")
    rows = _rows()
    csv_history(folder, rows)
    pasted = sources_or_pasted_book(folder / "pasted.xlsm", rows, 3_300_000)
    sourced = sources_or_pasted_book(folder / "sourced.xlsm", None, 3_300_000)
    for book in (pasted, sourced):
        recalculate(book)
    return pasted, sourced


def test_files_and_pasted_rows_give_the_same_targets(books: tuple[Path, Path]) -> None:
    pasted, sourced = targets_by_key(books[0]), targets_by_key(books[1])
    assert len(pasted) > 100
    assert pasted.keys() == sourced.keys()
    for key, row in pasted.items():
        # Baseline and target (E, F) as written: the same numbers, not merely close.
        assert sourced[key][4:6] == row[4:6], key


def test_the_newcomers_prospecting_is_paced_over_her_months_from_her_first_line(
    books: tuple[Path, Path],
) -> None:
    for book in books:
        got = targets_by_key(book)
        # Targets' baseline column (E): her first full year at the team's pace per rep, above
        # her own paced over 6 months (from June: 26.4 meetings, above the team's 24).
        assert got[("FY2027", "N", "meetings")][4] == TEAM_MEETINGS == 24
        assert got[("FY2027", "N", "appointment_attempts")][4] == TEAM_ATTEMPTS == 36
        # The Plan says it, with her own pace over her months (22 and 30).
        assert MEETINGS == 22 and ATTEMPTS == 30
        plan = _plan_text(book).replace(" ", "")  # wrapped at a space
        assert "初めての通年:Nさんは基準期間に6か月しか在籍していないため" in plan
        assert "(商談年22→24件、アポ年30→36件。" in plan


def test_a_newcomers_new_accounts_follow_her_meetings_at_her_win_rate(
    books: tuple[Path, Path],
) -> None:
    for book in books:
        got = targets_by_key(book)
        new = got[("FY2027", "N", "new_accounts")]
        meetings = got[("FY2027", "N", "meetings")]
        win = got[("FY2027", "N", "meeting_win_rate")]
        assert new[4] == 5 and win[4] == pytest.approx(5 / 11)  # her wins and rate so far
        assert meetings[5] == 24  # her meetings target: the first full year's pace, not cut
        # Her rate: her 5 of 11 with 50 meetings at the team's 9 of 59 added (flows
        # PRIOR_TRIES; the tries-weighted scatter is worth only 9 meetings): 12.63 ÷ 61 =
        # 20.7%. The year's new accounts are meetings × win rate (whole: 24 × 20.7% = 4.97 →
        # 5), the 5 she won in her first six months, above the usual pace's 4.
        assert win[5] == pytest.approx((5 + 50 * 9 / 59) / 61)
        assert new[5] == round(24 * win[5]) == 5
        plan = _plan_text(book).replace(" ", "")  # wrapped at a space
        assert "Nさんはまだ最初の担当先を作っている途中" in plan
        assert (
            f"初めての通年のため担当者1人あたりのチームのペースの商談24件に成約率{win[5]:.1%}"
            in plan
        )
        assert "通常のペースでは4件" in plan


def _plan_text(path: Path) -> str:
    """The Plan sheet's notes column (C) read back, its wrapped lines joined."""
    ws = openpyxl.load_workbook(path, read_only=True)["Plan"]
    return "".join(str(r[2]) for r in ws.iter_rows(values_only=True) if len(r) > 2 and r[2])


def test_the_sql_and_the_pandas_compact_history_carry_the_same_first_months() -> None:
    """``own_first.sql`` on the lines before the handover = ``own_first_frame`` (pandas):
    N's first own line is her meeting of 2026-05-15, A's and B's 2024-06."""
    from history_helpers import sql_views

    from routekpi.core.meetings import own_first_frame
    from routekpi.sources.sqltext import sql_text

    rows = _rows()
    orders = pd.DataFrame(rows["Orders"][1:], columns=["date", "account", "rep", "amount", "q"])
    orders = orders.assign(date=pd.to_datetime(orders["date"]), quantity=orders.pop("q"))
    visits = pd.DataFrame(rows["Visits"][1:], columns=["date", "rep", "account", "kind", "o"])
    visits = visits.assign(date=pd.to_datetime(visits["date"]), outcome=visits.pop("o"))
    con = sql_views(orders, visits)
    got = con.execute(sql_text("own_first")).df().sort_values("rep", ignore_index=True)
    months = pd.PeriodIndex.from_ordinals(got["month"].to_numpy(dtype="int64"), freq="M")
    want = own_first_frame(History(orders=orders, visits=visits, accounts=pd.DataFrame()))
    assert list(got["rep"]) == list(want["rep"]) == ["A", "B", "N"]
    assert list(months) == list(want["month"]) == [FIRST, FIRST, pd.Period("2026-05", "M")]


def test_the_newcomers_floor_keeps_targets_summing_to_the_kgi_and_monotone(
    books: tuple[Path, Path],
) -> None:
    """The floor is hers, whatever the KGI: each KGI's reps sum to it, and her wins never fall
    as it rises (at a low KGI her first full year's meetings, 24 × her win rate, hold them
    up)."""
    from routekpi.core.engine import plan_for
    from routekpi.pipeline import compute_file

    (result, *_), _ = compute_file(books[1])
    ev = result.evidence
    news = []
    for kgi in (2_000_000, 3_300_000, 4_000_000):
        plan, _ = plan_for(ev, kgi)
        assert plan.fy.loc[list(ev.reps), "revenue"].sum() == pytest.approx(kgi)
        news.append(float(plan.fy.at["N", "new_accounts"]))
    assert news == sorted(news)
    win = float(plan_for(ev, 2_000_000)[0].fy.at["N", "meeting_win_rate"])
    assert news[0] == pytest.approx(TEAM_MEETINGS * win)
