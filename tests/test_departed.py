"""A rep who left during the tracked year is shown as departed, not as the team's worst
performer (core.handover ``left_during``, ``Result.departed``): no rep flags, no coaching,
never the Review's model, marked on the Dashboard and Attainment, no share copy. A small
workbook written with openpyxl, recalculated and read back; numbers by hand."""

from __future__ import annotations

import itertools
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from workbook_files import review_lines_joined

from routekpi.core.flags import find_flags
from routekpi.core.handover import holders_now, left_during, standing
from routekpi.core.history import ACCOUNT_COLUMNS, History
from routekpi.daily_job import print_daily
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.share.collect import collect
from routekpi.share.job import share
from tests.workbook_files import pasted_book

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


def write_book(path: Path, sheet: dict[str, str] | None = None) -> Path:
    """FY2026 (April – March) tracked on 2026-11-30; history January 2025 – November 2026;
    KGI = the FY2025 baseline (12 × 1,500). ``sheet``: the Accounts sheet's reps where they
    differ from those who serve the accounts (a customer master not updated)."""
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
    typed = {**SHEET_REP, **(sheet or {})}
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in typed.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=12 * 1500, plan_year=2026, start_month=4, as_of=AS_OF)


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
    rows = review_lines_joined(review[1:], col["kpi"], (comment, head.index("メモ(メモシート)")))
    assert "伊藤" not in {r[best] for r in rows}
    by = {(r[col["rep"]], r[col["kpi"]]): r for r in rows}
    # Revenue on each rep's own book, against 300 a month over the elapsed months (m): 佐藤
    # s1 8 × 330 = 2,640 (1.1 × 8/m), 田中 t1 800 and 高橋 h1 1,600 (8/m); as booked 佐藤
    # would be 3,640 and 田中 1,600 (twice his own).
    actual, target = head.index("実績"), head.index("目標")
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
    # No kept row: he handed his whole book over (trial 39 H3: a ratio over nothing).
    assert keys[:3] == ["revenue", "moved_accounts", "departed"]
    mark = fy[2]
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


# --- a customer master not updated: i2 is still 伊藤's on the Accounts sheet --------------


def _lines(rows: list[tuple[str, str, str]], held: dict[str, str]) -> History:
    """One order per (day, account, rep); the Accounts sheet gives each account to ``held``."""
    orders = pd.DataFrame(
        [(T(d), a, r, 100.0) for d, a, r in rows], columns=["date", "account", "rep", "amount"]
    )
    accounts = pd.DataFrame(
        {
            "account": list(held),
            "name": None,
            "rep": list(held.values()),
            "start": T("2020-01-01"),
            "end": pd.NaT,
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    return History(orders=orders.assign(quantity=float("nan")), accounts=accounts)


def test_a_gone_rep_whose_sheet_accounts_colleagues_serve_has_departed() -> None:
    """Latest line 2026-11-30, so quiet since 2026-10-16 or earlier is gone (45 days).

    D (last 2026-09-30) is still on the sheet for d1 and d2: A serves d1 since 10-05 and K
    d2 since 11-02 — departed, d1 is A's and d2 K's. K's ride-along on d1 (09-20, before
    D's own last line on it) is no takeover: d1 goes to A. L (on leave, last 2026-09-30)
    holds l1 and l2: K covered l1, nobody l2 — L's customers wait for him, not departed.
    M is on leave too, but the ERP books his accounts' orders under him: not even gone."""
    rows = [
        ("2026-11-30", "a1", "A"),
        ("2026-11-20", "k1", "K"),
        ("2026-09-30", "d1", "D"),
        ("2026-09-20", "d1", "K"),  # ride-along while D still served d1
        ("2026-10-05", "d1", "A"),
        ("2026-09-28", "d2", "D"),
        ("2026-11-02", "d2", "K"),
        ("2026-09-30", "l1", "L"),
        ("2026-09-30", "l2", "L"),
        ("2026-10-20", "l1", "K"),  # cover visit during the leave
        ("2026-11-25", "m1", "M"),  # booked under M during his leave
        ("2026-04-01", "m1", "M"),
    ]
    held = {"a1": "A", "k1": "K", "d1": "D", "d2": "D", "l1": "L", "l2": "L", "m1": "M"}
    history = _lines(rows, held)
    now = standing(history, AS_OF)
    assert now.departed == {"D": date(2026, 9, 30)}
    assert now.moved == {"d1": "A", "d2": "K"}
    assert now.sheet_rep == {"d1": "D", "d2": "D"}
    reps = ["A", "K", "D", "L", "M"]
    assert left_during(history, date(2026, 4, 1), AS_OF, reps) == {"D": date(2026, 9, 30)}
    moved, _ = holders_now(history, AS_OF)
    assert dict(zip(moved.accounts["account"], moved.accounts["rep"], strict=True)) == {
        **held,
        "d1": "A",
        "d2": "K",
    }
    assert history.accounts["rep"].tolist() == list(held.values())  # the input is untouched
    # Had A's line on d1 come before D's last one (a ride-along too), nobody serves d1 since
    # D left: D's customer waits for him and he is not called departed.
    early = [(("2026-09-10", "d1", "A") if r == ("2026-10-05", "d1", "A") else r) for r in rows]
    assert standing(_lines(early, held), AS_OF).departed == {}
    assert standing(_lines(early, held), AS_OF).moved == {}


@pytest.fixture(scope="module")
def stale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The departed book with i2 left under 伊藤 on the Accounts sheet (row 6: t1, s1, h1,
    i1, i2 from row 2) although 佐藤 has served it since October."""
    path = write_book(tmp_path_factory.mktemp("stale") / "book.xlsm", sheet={"i2": "伊藤"})
    recalculate(path)
    return path


def test_a_stale_account_row_does_not_keep_him_working(stale: Path, book: Path) -> None:
    (result, checks, _, _), _ = compute_file(stale)
    # 伊藤's last line 2026-09-20, 53 days before 2026-11-12; 佐藤's last on i2 is 11-12.
    assert result.departed == {"伊藤": date(2026, 9, 20)}
    assert result.standing.moved == {"i2": "佐藤"}
    assert not (result.flags["rep"] == "伊藤").any()
    # The Daily list: nothing for him (no stops, no pace or prospecting days); i2 is 佐藤's.
    daily = result.daily
    assert "伊藤" not in set(daily.stops["rep"]) and "伊藤" not in set(daily.days["rep"])
    assert result.account_status.at["i2", "rep"] == "佐藤"
    assert set(daily.stops.loc[daily.stops["account"] == "i2", "rep"]) <= {"佐藤"}
    # Everything else as in the book whose sheet was updated (i2 → 佐藤).
    (fixed, fixed_checks, _, _), _ = compute_file(book)
    pd.testing.assert_frame_equal(result.attainment, fixed.attainment)
    pd.testing.assert_frame_equal(result.flags, fixed.flags)
    pd.testing.assert_frame_equal(result.targets, fixed.targets)
    # One warning names the sheet's row to update; the fixed book has none.
    [check] = [c for c in checks if c.problem == "stale_account_rep"]
    assert (check.sheet, check.row, check.value, check.severity) == ("Accounts", 6, "伊藤", "warn")
    assert check.column == "C 担当者"
    assert check.params["rows"] == "6" and check.params["accounts"] == "i2 → 佐藤"
    assert not [c for c in fixed_checks if c.problem == "stale_account_rep"]
    wb = openpyxl.load_workbook(stale, read_only=True)
    assert [r[2] for r in wb["Accounts"].iter_rows(min_row=6, max_row=6, values_only=True)] == [
        "伊藤"
    ]  # the row as typed: never written
    # On the Checks sheet: sheet, row, column, value, the sentence (wrapped on the rows below).
    rows = _rows(stale, "Checks")
    [at] = [i for i, r in enumerate(rows) if r[0] == "Accounts"]
    after = list(itertools.takewhile(lambda r: r[0] == "", rows[at + 1 :]))
    assert rows[at][1:4] == (6, "C 担当者", "伊藤") and rows[at][5] == "警告"
    said = "".join(str(r[4]) for r in [rows[at], *after])
    assert said == text("stale_account_rep", "ja", **check.params)
    assert "行 6 " in said and "(i2 → 佐藤)" in said


def test_share_and_collect_give_his_stale_account_to_the_colleague(
    stale: Path, tmp_path: Path
) -> None:
    master = tmp_path / "book.xlsm"
    shutil.copyfile(stale, master)
    report = share(master, tmp_path / "out", per_rep=True)
    assert {f.rep for f in report.files} == {None, "田中", "佐藤", "高橋"}
    copy = next(f.path for f in report.files if f.rep == "佐藤")
    wb = openpyxl.load_workbook(copy)
    ws = wb["訪問入力"]
    # 佐藤 logs his visit to i2 (his since October) and one to 田中's t1 (a cover visit).
    for i, row in enumerate([[date(2026, 12, 1), "i2", "訪問"], [date(2026, 12, 1), "t1", "訪問"]]):
        for j, value in enumerate(row, start=1):
            ws.cell(i + 2, j, value)
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    got = collect(master, [returned], recalc=False)
    [f] = got.files
    assert (f.rep, f.rows, f.added, f.refused) == ("佐藤", 2, 2, 0)
    # i2 is his own (the departed rep's stale row); t1 is a cover visit, collected with a
    # warning naming the holder.
    [cover] = [c for c in got.checks if c.problem == "collect.cover_visit"]
    assert cover.params == {"account": "t1", "rep": "田中", "visitor": "佐藤"}
    assert [c.params["account"] for c in got.checks if c.problem == "collect.cover_visit"] == ["t1"]
    visits = openpyxl.load_workbook(master, read_only=True)["Visits"]
    last = list(visits.iter_rows(values_only=True))[-2:]
    assert [row[1:3] for row in last] == [("佐藤", "i2"), ("佐藤", "t1")]


def test_daily_for_him_says_why_there_is_no_list(
    stale: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert print_daily(stale, rep="伊藤") == 0
    said = capsys.readouterr().out.strip()
    assert said == text("daily.departed_rep", "ja", rep="伊藤", last="2026-09-20")


# --- a rep gone before the tracked year (trial 26: planning FY2027 in February 2027) -------


def _gone_before_the_plan_year() -> History:
    """A and B through; I until September 2026: his i1 goes to A (A orders it from October),
    his i2 ended 2026-07-31 (its last order in July). Orders on the 10th, ¥100 a month each,
    i2 ¥300; the Accounts sheet still gives i1 and i2 to I (an ERP master not updated)."""
    rows = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        day = m + pd.Timedelta(days=9)
        rows += [(day, "a1", "A", 100.0), (day, "b1", "B", 100.0)]
        rows.append((day, "i1", "I" if day < LEFT else "A", 100.0))
        if day < T("2026-08-01"):
            rows.append((day, "i2", "I", 300.0))
    rows.append((T("2026-09-20"), "i1", "I", 100.0))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])
    accounts = pd.DataFrame(
        {
            "account": ["a1", "b1", "i1", "i2"],
            "name": None,
            "rep": ["A", "B", "I", "I"],
            "start": T("2020-01-01"),
            "end": [pd.NaT, pd.NaT, pd.NaT, T("2026-07-31")],
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    return History(orders=orders.assign(quantity=float("nan")), accounts=accounts)


def test_a_rep_gone_before_the_plan_year_gets_no_lost_account_flag() -> None:
    """Planning FY2027 on 2026-11-30: I is no rep of the plan (no target) and none of the
    tracked year's leavers, but gone (``Result.gone``). His i2 ended in FY2026; with his
    history under A his FY2025 revenue is what is left under him, so the loss's share of it
    (trial 26: 27.4% where it was 1.4%) is no flag of his."""
    from routekpi.core.engine import run
    from routekpi.core.history import PlanSettings

    result = run(_gone_before_the_plan_year(), PlanSettings(5_000.0, 2027, as_of=AS_OF))
    assert "I" not in result.evidence.reps and result.departed == {}
    assert result.gone == {"I": date(2026, 9, 20)}
    flags = result.flags
    assert not len(flags[(flags["rep"] == "I") & (flags["code"] == "lost_account")])
    # The loss itself is still read (the held-book landing's gate, Plan's notes).
    assert [row["account"] for row in result.lost_accounts] == ["i2"]


def test_share_makes_no_copy_for_a_rep_gone_before_the_plan_year(tmp_path: Path) -> None:
    """The same book planning FY2027 on 2026-11-30: 伊藤 (last seen 2026-09-20) left before
    the plan year, so he is none of its leavers, but still gets no copy (trial 26 mailed one
    to a rep gone three months)."""
    path = write_book(tmp_path / "book.xlsm")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B5"] = 2027
    wb.save(path)
    report = share(path, tmp_path / "out", per_rep=True)
    assert {f.rep for f in report.files} == {None, "田中", "佐藤", "高橋"}
    line = text("share.departed_no_copy", "ja", reps="伊藤 (2026-09-20)", days=45)
    assert line in report.problems
