"""A rep who left during the tracked year is shown as departed, not as the team's worst
performer (core.handover ``left_during``, ``Result.departed``): no rep flags, no coaching,
never the Review's model, marked on the Dashboard and Attainment, no share copy. A small
workbook written with openpyxl, recalculated and read back; numbers by hand."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.flags import find_flags
from routekpi.core.handover import left_during
from routekpi.core.history import ACCOUNT_COLUMNS, History
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.test_transfer import TEMPLATE, _paste

T = pd.Timestamp

# 田中 t1, 佐藤 s1, 高橋 h1 all through; 伊藤 i1, i2 until September 2026, then i1 goes to
# 田中 and i2 to 佐藤 (the Accounts sheet shows them). One order a month on the 10th, one
# visit on the 12th (伊藤: two, on the 12th and the 20th, till he leaves); 佐藤 sells s1 at
# 330 from April 2026 (110 % of his FY2025 300).
MONTHLY = {"t1": 100, "s1": 300, "h1": 200, "i1": 400, "i2": 500}
SHEET_REP = {"t1": "田中", "s1": "佐藤", "h1": "高橋", "i1": "田中", "i2": "佐藤"}
LEFT = T("2026-10-01")
AS_OF = date(2026, 11, 30)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if account.startswith("i"):
        return "伊藤" if day < LEFT else SHEET_REP[account]
    return SHEET_REP[account]


def _amount(account: str, day: pd.Timestamp) -> int:
    return 330 if account == "s1" and day >= T("2026-04-01") else MONTHLY[account]


def write_book(path: Path) -> Path:
    """FY2026 (April – March) tracked on 2026-11-30; history January 2025 – November 2026;
    KGI = the FY2025 baseline (12 × 1,500)."""
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account in MONTHLY:
            day = m + pd.Timedelta(days=9)
            rep = _rep_then(account, day)
            orders.append([day.date(), account, rep, _amount(account, day), 1, None])
            seen = m + pd.Timedelta(days=11)
            visits.append([seen.date(), _rep_then(account, seen), account, "訪問", None])
            if _rep_then(account, seen) == "伊藤":
                visits.append([(m + pd.Timedelta(days=19)).date(), "伊藤", account, "訪問", None])
    _paste(wb, "Orders", orders)
    _paste(wb, "Visits", visits)
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in SHEET_REP.items()]
    _paste(wb, "Accounts", accounts)
    ws = wb["Settings"]
    ws["B4"], ws["B5"], ws["B6"], ws["B7"], ws["B8"] = 12 * 1500, 2026, 4, AS_OF, "ja"
    ws["B7"].number_format = "yyyy/m/d"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("departed") / "book.xlsm")
    recalculate(path)
    return path


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [r for r in wb[sheet].iter_rows(values_only=True) if any(v is not None for v in r)]


def _history(last: dict[str, str], held: dict[str, str], ended: set[str] = frozenset()) -> History:
    """One order per rep on its last day (and one on 2026-04-01); accounts rep → held."""
    rows = [(T(day), f"a_{rep}", rep, 100.0) for rep, day in last.items()]
    rows += [(T("2026-04-01"), f"a_{rep}", rep, 100.0) for rep in last]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])
    accounts = pd.DataFrame(
        {
            "account": list(held),
            "name": None,
            "rep": list(held.values()),
            "start": T("2020-01-01"),
            "end": [T("2026-06-30") if a in ended else pd.NaT for a in held],
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    return History(orders=orders.assign(quantity=float("nan")), accounts=accounts)


def test_the_rule_six_weeks_quiet_in_the_year_and_no_account_left() -> None:
    """Latest line 2026-11-30; 45 days before it is 2026-10-16."""
    last = {
        "A": "2026-11-30",
        "B": "2026-10-16",  # exactly 45 days: left
        "C": "2026-10-17",  # 44 days: still here
        "D": "2026-09-30",  # left, but still holds an open account: not departed
        "E": "2026-09-30",  # left; his only account ended in June (held by no one now)
    }
    held = {"x1": "A", "x2": "A", "x3": "C", "x4": "D", "x5": "E"}
    history = _history(last, held, ended={"x5"})
    reps = ["A", "B", "C", "D", "E"]
    got = left_during(history, date(2026, 4, 1), AS_OF, reps)
    assert got == {"B": date(2026, 10, 16), "E": date(2026, 9, 30)}
    # Gone before the year began (no plan for him) or not a planned rep: not this rule's.
    assert left_during(history, date(2026, 10, 1), AS_OF, reps) == {"B": date(2026, 10, 16)}
    assert left_during(history, date(2026, 4, 1), AS_OF, ["A", "C"]) == {}
    # Lines after the as-of date do not count: on 2026-10-31 nobody has been quiet 45 days.
    assert left_during(history, date(2026, 4, 1), date(2026, 10, 31), reps) == {}


def test_the_engine_knows_who_left_and_gives_him_no_flag(book: Path) -> None:
    (result, _, _, _), _ = compute_file(book)
    # Last line: the visit on 2026-09-20; the latest anyone's is 2026-11-12 (53 days later).
    assert result.departed == {"伊藤": date(2026, 9, 20)}
    # His year: 6 months × (400 + 500) = 5,400 against a target of 900 a month: ~75 % to
    # date, behind pace — which the flags said before (the same call without ``departed``).
    fy = result.attainment.set_index(["period", "rep", "kpi"])
    assert fy.at[("FY2026", "伊藤", "revenue"), "actual"] == 5400
    assert fy.at[("FY2026", "伊藤", "revenue"), "pace"] < 0.9
    args = (result.history, result.evidence, result.plan, result.targets, result.attainment)
    before = find_flags(*args, review=result.review)
    assert ((before["rep"] == "伊藤") & (before["code"] == "behind_pace")).any()
    assert not (result.flags["rep"] == "伊藤").any()
    # The team keeps his sales: 田中 8 × 100 + 2 × 400, 佐藤 8 × 330 + 2 × 500, 高橋 8 × 200.
    assert fy.at[("FY2026", "ALL", "revenue"), "actual"] == 5400 + 1600 + 3640 + 1600


def test_flags_sheet_has_no_line_for_him(book: Path) -> None:
    flags = _rows(book, "Flags")
    assert flags[0][3] == "担当者"
    assert not [r for r in flags[1:] if r[3] == "伊藤"]


def test_review_never_names_him_and_compares_own_books(book: Path) -> None:
    review = _rows(book, "Review")
    head = review[0]
    col = {k: head.index(label) for k, label in (("rep", "担当者"), ("kpi", "KPIキー"))}
    best, value, comment = (head.index(h) for h in ("ベスト担当者", "ベストの値", "所見"))
    rows = review[1:]
    assert "伊藤" not in {r[best] for r in rows}
    by = {(r[col["rep"]], r[col["kpi"]]): r for r in rows}
    # Revenue on each rep's own book, against 300 a month over the elapsed months (m): 佐藤
    # s1 8 × 330 = 2,640 (1.1 × 8/m), 田中 t1 800 and 高橋 h1 1,600 (8/m); as booked 佐藤
    # would be 3,640 and 田中 1,600 (twice his own).
    actual, target = head.index("実績(期初来)"), head.index("目標(期初来)")
    own = by[("佐藤", "revenue_own")]
    months = own[target] / 300
    assert own[actual] == 2640 and 7 < months <= 8
    assert by[("田中", "revenue")][best] == "佐藤"
    assert by[("田中", "revenue")][value] == f"達成率 {2640 / own[target]:.1%}"
    assert by[("佐藤", "revenue")][actual] == 3640
    # Active accounts: the takers (田中 and 佐藤, 2 accounts since October of 1 planned) are
    # not compared; 高橋 1 of 1.
    assert by[("田中", "active_accounts")][best] == "高橋"
    assert by[("田中", "active_accounts")][value] == "達成率 100.0%"
    # Visit frequency: 伊藤 visited twice a month (2 × 6 visits on 2 accounts); the best still
    # there visits once a month: 8 / m.
    assert by[("田中", "visits_per_account")][value] == f"{8 / months:.2f} 回/顧客・月"
    # His own rows: when he was last seen, and no lever to coach.
    assert by[("伊藤", "revenue")][comment] == text(
        "review.finding.departed", "ja", day="2026-09-20", actual="¥5,400"
    )
    coached = ("差の主因", "チーム最高")
    mine = [r for r in rows if r[col["rep"]] == "伊藤"]
    assert mine and not [r for r in mine if any(c in str(r[comment] or "") for c in coached)]


def test_attainment_and_dashboard_mark_him(book: Path) -> None:
    att = _rows(book, "Attainment")
    fy = [r for r in att if r[0] == "FY2026" and r[1] == "伊藤"]
    keys = [r[2] for r in fy]
    assert keys[:4] == ["revenue", "moved_accounts", "revenue_kept", "departed"]
    mark = fy[3]
    assert mark[3] == text("attainment.departed", "ja", day="2026-09-20") and mark[4] == 5400
    assert fy[0][4] == 5400  # the year's row is kept as it was
    cells = [(i, j, v) for i, r in enumerate(_rows(book, "Dashboard")) for j, v in enumerate(r)]
    label = [(i, j) for i, j, v in cells if v == "伊藤(退職・異動)"]
    assert len(label) == 1
    (i, j), grid = label[0], _rows(book, "Dashboard")
    assert all(v is None for v in grid[i][j + 1 : j + 4])  # no bar in any colour
    assert not [v for _, _, v in cells if v in ("伊藤", "伊藤*")]
    note = text("dash.rep_departed", "ja", rep="伊藤", day="2026-09-20", actual="¥5,400")
    assert [v for _, _, v in cells if isinstance(v, str) and note in v]


def test_share_per_rep_makes_no_copy_for_him(book: Path, tmp_path: Path) -> None:
    report = share(book, tmp_path / "out", per_rep=True)
    reps = {f.rep for f in report.files}
    assert reps == {None, "田中", "佐藤", "高橋"}
    assert not [p for p in (tmp_path / "out").iterdir() if "伊藤" in p.name]
    line = text("share.departed_no_copy", "ja", reps="伊藤 (2026-09-20)", days=45)
    assert report.problems == [line]
