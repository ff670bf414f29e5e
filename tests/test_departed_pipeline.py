"""A rep who left during the plan year takes his prospecting with him (trial 35 L6: 加藤's
October–June 6 new accounts and 30 meetings stayed in the team's targets, and the team's
to-date pipeline target counted months nobody would work).

The test_departed book (FY2026 from April, tracked on 2026-11-30; 伊藤 serves i1, i2 until
September 2026, then 田中 and 佐藤 do) with one 商談 (失敗) a month on the 15th for each rep
while he works, so every rep's meetings target is 1 a month (baseline 12 a year, KGI = the
baseline). By hand:

- 伊藤: April–September 1 each, October–March 0 → his year 6 (before: 12);
- the team, its reps' sum month by month: 田中 12 + 佐藤 12 + 伊藤 6 + 高橋 6 = 36 (before: 42);
- due by the history's end (2026-11-15): the team's months April – October and 8/18 of
  November; 伊藤 6, made 6 → 100%;
- his revenue targets stay as planned (his customers order on under 田中 and 佐藤).
(Each rep also wins two ¥10 accounts in the baseline, so the meetings have a win rate.)
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.departed import without_departed_pipeline
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.test_departed import AS_OF, LEFT, write_book
from tests.workbook_files import targets_by_key

MONTHS = [p.strftime("%Y-%m") for p in pd.period_range("2026-04", "2027-03", freq="M")]


# Each rep wins a small account (¥10 a month) in June and December 2025: the wins that give
# the meetings a win rate, so a target.
WINS = {"2025-06": "w1", "2025-12": "w2"}


def _with_meetings(path: Path) -> Path:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    visits, orders, accounts = wb["Visits"], wb["Orders"], wb["Accounts"]
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for rep in ("田中", "佐藤", "伊藤"):
            if rep == "伊藤" and m >= LEFT:
                continue
            won = WINS.get(m.strftime("%Y-%m"))
            if won is None:
                visits.append([(m + pd.Timedelta(days=14)).date(), rep, None, "商談", "失敗"])
                continue
            code = f"{rep}{won}"
            visits.append([m.date(), rep, code, "商談", "成功"])
            keeper = {"伊藤": "田中"}.get(rep, rep)
            accounts.append([code, code, keeper, m.date(), None, None, None])
            for n in pd.date_range(m, "2026-11-01", freq="MS"):
                who = keeper if rep == "伊藤" and n >= LEFT else rep
                orders.append([(n + pd.Timedelta(days=9)).date(), code, who, 10, 1, None])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = _with_meetings(write_book(tmp_path_factory.mktemp("pipeline") / "book.xlsm"))
    recalculate(path)
    return path


REPS = ("田中", "佐藤", "伊藤", "高橋")


def test_his_pipeline_months_after_he_left_are_zero_and_the_team_loses_them(book: Path) -> None:
    got = targets_by_key(book)
    target = {k: row[5] for k, row in got.items()}
    for m in MONTHS:
        assert target[(m, "伊藤", "meetings")] == (1 if m <= "2026-09" else 0), m
        assert target[(m, "田中", "meetings")] == 1
        # The team is its reps' sum, month by month, without his months after he left.
        assert target[(m, "ALL", "meetings")] == sum(target[(m, r, "meetings")] for r in REPS)
    for who in ("伊藤", "ALL"):
        for key in ("meetings", "new_accounts"):
            months = sum(target[(m, who, key)] for m in MONTHS)
            assert target[("FY2026", who, key)] == months, (who, key)
    assert target[("FY2026", "伊藤", "meetings")] == 6  # April – September (before: 12)
    assert target[("FY2026", "ALL", "meetings")] == 36  # 田中 12 + 佐藤 12 + 伊藤 6 + 高橋 6
    said = text("basis.departed", "ja")
    assert got[("FY2026", "伊藤", "meetings")][9] == said
    assert got[("2026-10", "伊藤", "meetings")][9] == said
    assert got[("2026-10", "ALL", "meetings")][9] == said
    assert got[("2026-09", "伊藤", "meetings")][9] != said  # the month he left in stands
    # His book's targets stay as planned: the colleagues serve his customers.
    assert target[("2026-10", "伊藤", "revenue")] > 0


def test_the_team_is_due_only_the_months_someone_works(book: Path) -> None:
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    rows = {(r[0], r[1], r[2]): r for r in wb["Attainment"].iter_rows(min_row=2, values_only=True)}
    # Judged to 2026-11-15 (the history's end): November's 8 working days of 18 gone
    # (11/3 a holiday, 11/11 an assumed company holiday). 伊藤: April – September, 6.
    his = rows[("FY2026", "伊藤", "meetings")]
    assert his[9] == pytest.approx(6) and his[6] == pytest.approx(1.0)
    target = {k: row[5] for k, row in targets_by_key(book).items()}
    team = [target[(m, "ALL", "meetings")] for m in MONTHS[:8]]  # April – November
    assert team[6] == 2  # October: 田中, 佐藤, 高橋 (伊藤's 1 gone)
    due = sum(team[:7]) + team[7] * 8 / 18
    assert rows[("FY2026", "ALL", "meetings")][9] == pytest.approx(due)
    assert AS_OF.month == 11


def test_a_typed_month_stands() -> None:
    rows = [
        ("FY2026", "A", "meetings", 3.0, "derived"),
        ("2026-08", "A", "meetings", 1.0, ""),
        ("2026-09", "A", "meetings", 1.0, "override"),
        ("2026-10", "A", "meetings", 1.0, ""),
        ("FY2026", "ALL", "meetings", 3.0, "derived"),
        ("2026-08", "ALL", "meetings", 1.0, ""),
        ("2026-09", "ALL", "meetings", 1.0, ""),
        ("2026-10", "ALL", "meetings", 1.0, ""),
    ]
    frame = pd.DataFrame(rows, columns=["period", "rep", "kpi", "target", "basis"])
    frame["working_days"] = 20.0
    frame["per_working_day"] = frame["target"] / 20
    out = without_departed_pipeline(frame, {"A": pd.Timestamp("2026-08-20").date()}, 2026)
    assert out["target"].tolist() == [2.0, 1.0, 1.0, 0.0, 2.0, 1.0, 1.0, 0.0]
    assert out.loc[3, "per_working_day"] == 0.0
    assert out.loc[0, "basis"] == "departed" and out.loc[2, "basis"] == "override"


def test_the_dashboard_says_why_the_teams_target_is_below_the_plan(book: Path) -> None:
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    cells = [str(r[0]) for r in wb["Dashboard"].iter_rows(max_col=1, values_only=True) if r[0]]
    said = text("dash.departed_change", "ja", target=36, planned=42, cut=6, reps="伊藤")
    assert said.replace(" ", "") in "".join(cells).replace(" ", "")  # wrapped over lines
