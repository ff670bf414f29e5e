"""Trial 54 H1: a hire with one training ride-along typed under his name before his first day
is a hire, not a leaver (core/handover.py ``hires_before_start``); and a Reps row the Accounts
source names is on a sheet, from files too (pipeline ``_history_reps``).

Trial 46's hire book (tests/test_trial46_inputs.py): one order a month on the 10th and one
visit on the 12th, January 2025 – November 2026; FY2027 from April, planned on 2026-11-12
(the last line); the master gives two of 佐藤's clinics, y1 (30 a month) and y2 (50), to the
hire 小野寺. Here 小野寺 also has one visit on y1, 2026-08-20: a ride-along with 佐藤, 84 days
before the last line. Before: the 45-day rule read him as gone, y1 and y2 stayed 佐藤's
(4,560) and 小野寺 had no target; Checks asked to rewrite the master.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.handover import HIRE_DAYS, HIRE_LINES, hires_before_start
from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.test_transfer import orders_to_csv
from tests.test_trial46_inputs import HIRE, MASTER, history_rows
from tests.workbook_files import pasted_book

RIDE = date(2026, 8, 20)
REPS_ROWS = [["田中", None, None], ["佐藤", None, None], [HIRE, None, None]]


def ride_book(
    path: Path,
    master: dict[str, str] = MASTER,
    extra: list[list[object]] | None = None,
    reps: list[list[object]] | None = None,
) -> Path:
    """The hire book with 小野寺's ride-along on y1 (and ``extra`` visits, ``reps`` rows)."""
    orders, visits = history_rows()
    visits = [*visits, [RIDE, HIRE, "y1", "訪問", None], *(extra or [])]
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in master.items()]
    rows = {"Orders": [[*row, 1, None] for row in orders], "Visits": visits, "Accounts": accounts}
    if reps:
        rows["Reps"] = reps
    return pasted_book(path, rows, kgi=6_000, plan_year=2027, start_month=4, as_of=None)


def _base(result: object) -> dict[str, float]:
    base = result.evidence.base["revenue"]  # type: ignore[attr-defined]
    return {str(r): float(v) for r, v in base.items() if str(r) != "ALL"}


@pytest.mark.parametrize("files", [False, True], ids=["rows", "files"])
def test_a_hire_with_a_ride_along_is_planned_on_his_clinics(tmp_path: Path, files: bool) -> None:
    """Baseline 2025-11 – 2026-10: 小野寺 12 × (30 + 50) = 960 — every line of y1 and y2
    up to the planning moment, 佐藤's September and October orders on y1 after the
    ride-along too (his ride-along is no start of his holding) — 佐藤 12 × 300 = 3,600,
    田中 12 × 100 = 1,200. Nobody has left; the Checks say why he is a hire, not a leaver."""
    path = ride_book(tmp_path / "book.xlsm")
    sources = orders_to_csv(path) if files else None
    (result, checks, _, _), _ = compute_file(path, sources=sources)
    handed = result.history.handover
    assert handed is not None
    assert handed.gone == () and handed.departed == ()
    assert handed.newcomers == ((HIRE, 2),)
    assert handed.early_hires == ((HIRE, RIDE, 1),)
    assert handed.transfers == ((HIRE, "佐藤", 2),)
    assert result.standing.departed == {} and result.standing.moved == {}
    assert _base(result) == {HIRE: 12 * 80, "佐藤": 12 * 300, "田中": 12 * 100}
    revenue = result.targets[result.targets["kpi"] == "revenue"]
    assert float(revenue.loc[revenue["rep"] == HIRE, "target"].sum()) > 0
    problems = {c.problem for c in checks}
    assert "stale_account_rep" not in problems
    assert "reps_newcomer_accounts" not in problems  # he has a line: the other sentence
    [said] = [c for c in checks if c.problem == "reps_newcomer_early"]
    assert said.severity == "warn"
    assert text(said.problem, "ja", **said.params).startswith(
        "受注がなく、記録が20行以下で最初の記録がこの183日以内の担当者"
        "(担当者 (最初の記録, 行数): 小野寺 (2026-08-20, 1))は、"
        "最後の記録から45日以上たっていても退職・異動とはみなさず、"
    )
    assert "(担当者 件数: 小野寺 2)" in text(said.problem, "ja", **said.params)
    assert "(rep accounts: 小野寺 2)" in text(said.problem, "en", **said.params)


def test_the_same_plan_as_a_hire_with_no_line(tmp_path: Path) -> None:
    """The ride-along changes no revenue baseline and no account's holder: the book without
    it (trial 46's) plans the same revenue per rep."""
    from tests.test_trial46_inputs import hire_book

    (ride, _, _, _), _ = compute_file(ride_book(tmp_path / "ride.xlsm"))
    (blank, _, _, _), _ = compute_file(hire_book(tmp_path / "blank.xlsm"))
    assert _base(ride) == _base(blank)
    assert ride.history.handover.received == blank.history.handover.received


def leaver_book(path: Path, reps: list[list[object]] | None = None) -> Path:
    """The hire book without the hire: 山田 served y1 and y2 (orders and visits) January
    2025 – May 2026, then 佐藤 took them over; the master still names 山田 on both."""
    orders, visits = history_rows()
    left = pd.Timestamp("2026-06-01")

    def then(row: list[object], at: int) -> list[object]:
        moved = row[1 if at == 2 else 2] in ("y1", "y2") and pd.Timestamp(row[0]) < left
        return [*row[:at], "山田", *row[at + 1 :]] if moved else row

    master = {**MASTER, "y1": "山田", "y2": "山田"}
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in master.items()]
    rows = {
        "Orders": [[*then(r, 2), 1, None] for r in orders],
        "Visits": [then(r, 1) for r in visits],
        "Accounts": accounts,
    }
    if reps:
        rows["Reps"] = reps
    return pasted_book(path, rows, kgi=6_000, plan_year=2027, start_month=4, as_of=None)


@pytest.mark.parametrize("files", [False, True], ids=["rows", "files"])
def test_a_leaver_with_a_long_history_is_still_gone(tmp_path: Path, files: bool) -> None:
    """山田 has sold: gone (last line 2026-05-12), his accounts 佐藤's, the master to
    rewrite. 佐藤's baseline 12 × (300 + 80) = 4,560."""
    path = leaver_book(tmp_path / "book.xlsm")
    sources = orders_to_csv(path) if files else None
    (result, checks, _, _), _ = compute_file(path, sources=sources)
    handed = result.history.handover
    assert handed is not None
    assert handed.gone == ("山田",) and handed.early_hires == () and handed.newcomers == ()
    assert result.standing.departed == {"山田": date(2026, 5, 12)}
    assert _base(result) == {"佐藤": 12 * 380, "田中": 12 * 100}
    assert "stale_account_rep" in {c.problem for c in checks}


def _record(first: str, lines: int, orders: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"first": [pd.Timestamp(first)], "lines": [lines], "orders": [orders]},
        index=pd.Index(["新人"], name="rep"),
    )


@pytest.mark.parametrize(
    ("first", "lines", "orders", "end", "hire"),
    [
        ("2026-08-20", 1, 0, None, True),  # trial 54's ride-along
        ("2026-08-20", HIRE_LINES, 0, None, True),  # a fortnight of ride-alongs
        ("2026-08-20", HIRE_LINES + 1, 0, None, False),  # served longer: a leaver
        ("2026-08-20", 1, 1, None, False),  # he sold: a leaver
        ("2026-05-13", 3, 0, None, True),  # 183 days before the moment
        ("2026-05-12", 3, 0, None, False),  # 184 days: too long ago for training
        ("2026-08-20", 1, 0, "2026-10-31", False),  # his only account closed: nothing held
    ],
)
def test_a_hire_is_a_gone_rep_who_never_sold_with_few_recent_lines_and_open_accounts(
    first: str, lines: int, orders: int, end: str | None, hire: bool
) -> None:
    """The rule's thresholds, on the planning moment 2026-11-12 (183 days before: 05-13)."""
    moment = date(2026, 11, 12)
    assert (moment - date(2026, 5, 13)).days == HIRE_DAYS
    accounts = pd.DataFrame({"account": ["a1"], "rep": ["新人"], "end": pd.to_datetime([end])})
    gone = {"新人": date(2026, 8, 20)}
    found = hires_before_start(gone, accounts, moment, lambda reps: _record(first, lines, orders))
    assert found == ({"新人": (date.fromisoformat(first), lines)} if hire else {})


@pytest.mark.parametrize("files", [False, True], ids=["rows", "files"])
def test_a_reps_row_the_accounts_name_is_on_a_sheet_from_files_too(
    tmp_path: Path, files: bool
) -> None:
    """The leaver book with a Reps sheet listing 山田 (gone, still on the master) and 渡部
    (on no sheet). From files the departed rep's accounts and lines move while they are
    summed, before the Reps rows are checked: only 渡部 is warned, as on the pasted rows
    (before: 山田 too, 「受注・訪問・顧客のどのシートにもない担当者です」, from files)."""
    reps = [
        ["田中", None, None],
        ["佐藤", None, None],
        ["山田", None, None],
        ["渡部 正男", None, None],
    ]
    path = leaver_book(tmp_path / "book.xlsm", reps)
    sources = orders_to_csv(path) if files else None
    (result, checks, _, _), _ = compute_file(path, sources=sources)
    assert result.standing.departed == {"山田": date(2026, 5, 12)}
    assert [(c.sheet, c.row, c.value) for c in checks if c.problem == "reps_row_unmatched"] == [
        ("Reps", 5, "渡部 正男")
    ]


@pytest.mark.parametrize("files", [False, True], ids=["rows", "files"])
def test_the_hire_on_the_reps_sheet_is_on_a_sheet(tmp_path: Path, files: bool) -> None:
    """The ride-along book with the hire on the Reps sheet: named on the master, no warning
    (trial 54: 「Reps 9 藤井 翔: … どのシートにもない担当者です」)."""
    path = ride_book(tmp_path / "book.xlsm", reps=REPS_ROWS)
    sources = orders_to_csv(path) if files else None
    (_, checks, _, _), _ = compute_file(path, sources=sources)
    assert not [c for c in checks if c.problem == "reps_row_unmatched"]
