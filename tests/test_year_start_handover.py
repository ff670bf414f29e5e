"""An account handed over in the plan year's first month, before any line of the old rep's
in the year, is part of the new rep's book at the year's start (core.handover.decide; trial
19: 小川陽菜 started on 10/1 with 12 of 中島's accounts and got no target, 中島 kept theirs
and showed red).

FY2026 = calendar 2026, as of 2026-02-28 (two months in: the planning moment is the eve,
2025-12-31). One order a month on the 10th and one visit on the 12th, January 2024 –
February 2026, and a visit on 2026-02-27 (the month's last working day): 田中 t1 ¥100 and
t2 ¥200, 佐藤 s1 ¥300. Newcomer 松本 serves t2 from the year's first order (2026-01-10); the
Accounts sheet gives t2 to him. Baseline (2025): t1 1,200 + t2 2,400 + s1 3,600 = 7,200;
KGI 6,480 = ×0.9 (a history flat to the yen has no evidence of growth: a KGI above it
would stop at the baseline). Rows pasted in the workbook and the same rows as CSV files
(DuckDB, sources/handover.py) give the same plan.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.handover import hand_over, year_start_handovers
from routekpi.core.history import ACCOUNT_COLUMNS, History
from routekpi.core.measure import TEAM
from routekpi.pipeline import compute_file
from tests.test_standing_sources import _with_files
from tests.workbook_files import pasted_book

T = pd.Timestamp
KGI = 6_480
GROWTH = 0.9  # KGI ÷ the team's 2025 baseline of 7,200
MONTHLY = {"t1": 100, "t2": 200, "s1": 300}


def _rep_then(account: str, day: pd.Timestamp, newcomer_from: str) -> str:
    if account == "t2" and day >= T(newcomer_from):
        return "松本"
    return "田中" if account.startswith("t") else "佐藤"


def write_book(path: Path, newcomer_from: str) -> Path:
    """The template with the history above pasted; 松本 serves t2 from ``newcomer_from``."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-02-01", freq="MS"):
        for account, amount in MONTHLY.items():
            day, seen = m + pd.Timedelta(days=9), m + pd.Timedelta(days=11)
            orders.append([day.date(), account, _rep_then(account, day, newcomer_from), amount, 1])
            visits.append([seen.date(), _rep_then(account, seen, newcomer_from), account, "訪問"])
    # A visit on February's last working day: the data cover the as-of month to its end.
    end = T("2026-02-27")
    visits += [[end.date(), _rep_then(a, end, newcomer_from), a, "訪問"] for a in MONTHLY]
    sheet = {"t1": "田中", "t2": "松本", "s1": "佐藤"}
    accounts = [[a, a, r, date(2020, 1, 1)] for a, r in sheet.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=KGI, plan_year=2026, start_month=1, as_of=date(2026, 2, 28), language="en"
    )


def _fy(result: object, column: str) -> dict[str, float]:
    t = result.targets  # type: ignore[attr-defined]
    fy = t[(t["period"] == "FY2026") & (t["kpi"] == "revenue")]
    return {str(r): float(v) for r, v in zip(fy["rep"], fy[column], strict=True)}


def _attainment(result: object) -> dict[str, tuple[float, float]]:
    a = result.attainment  # type: ignore[attr-defined]
    fy = a[(a["period"] == "FY2026") & (a["kpi"] == "revenue")]
    return {
        str(r): (float(x), float(t))
        for r, x, t in zip(fy["rep"], fy["actual"], fy["target_to_date"], strict=True)
    }


@pytest.fixture(scope="module")
def day_one(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    """The book with 松本 from 2026-01-01, computed from its sheets and from CSV files."""
    book = write_book(tmp_path_factory.mktemp("day_one") / "book.xlsm", "2026-01-01")
    refs = _with_files(book)
    (rows, _, _, _), _ = compute_file(book)
    (files, _, _, _), _ = compute_file(book, sources=refs)
    return rows, files


def test_the_newcomer_is_planned_on_the_accounts_history(day_one: tuple[object, object]) -> None:
    for result in day_one:
        ev = result.evidence  # type: ignore[attr-defined]
        assert ev.reps == ["佐藤", "松本", "田中"]
        # 松本's baseline is t2's 2025 under 田中; 田中 keeps t1 only.
        assert ev.base.at["松本", "revenue"] == 12 * 200
        assert ev.base.at["田中", "revenue"] == 12 * 100
        assert ev.base.at[TEAM, "revenue"] == 7_200
        assert not any(n.code == "reps_without_baseline" for n in ev.notes)
        assert not any(n.code == "accounts_transferred_in_year" for n in ev.notes)
        handover = result.history.handover  # type: ignore[attr-defined]
        assert handover.transfers == (("松本", "田中", 1),) and handover.later == ()
        # His first line on it in the year, for his cover's "taken over since".
        assert handover.received == (("松本", "田中", 1, date(2026, 1, 10)),)
        # Targets: each rep's baseline × the team's growth, summing to the KGI.
        target = _fy(result, "target")
        assert target["松本"] == pytest.approx(12 * 200 * GROWTH)
        assert target["田中"] == pytest.approx(12 * 100 * GROWTH)
        assert target["佐藤"] == pytest.approx(12 * 300 * GROWTH)
        assert target["松本"] + target["田中"] + target["佐藤"] == pytest.approx(KGI)
        # Two flat months of twelve: 松本 sold t2's 2 × 200 against 2,160 × 2/12 = 360;
        # 田中 t1's 200 against 180 (not against 3,240 × 2/12 = 540 with t2 still his).
        got = _attainment(result)
        assert got["松本"] == pytest.approx((400, 360))
        assert got["田中"] == pytest.approx((200, 180))
    rows, files = day_one
    for column in ("baseline", "target"):
        assert _fy(rows, column) == pytest.approx(_fy(files, column))
    a, b = _attainment(rows), _attainment(files)
    assert sorted(a) == sorted(b)
    assert [x for r in sorted(a) for x in a[r]] == pytest.approx(
        [x for r in sorted(b) for x in b[r]]
    )


def test_a_handover_in_the_second_month_stays_with_the_giver(tmp_path: Path) -> None:
    """田中 still sold t2 in January; 松本 from February: a handover during the year, the
    year's target stays 田中's and 松本 has none (as before)."""
    book = write_book(tmp_path / "book.xlsm", "2026-02-01")
    (result, _, _, _), _ = compute_file(book)
    assert "松本" not in result.evidence.reps
    assert result.history.handover.later == (("松本", "田中", 1),)
    assert _fy(result, "target")["田中"] == pytest.approx(12 * 300 * GROWTH)


def _accounts(sheet: dict[str, str]) -> pd.DataFrame:
    rows = [(a, a, r, T("2020-01-01"), pd.NaT, None, None, "") for a, r in sheet.items()]
    return pd.DataFrame(rows, columns=list(ACCOUNT_COLUMNS))


def test_only_a_first_month_handover_before_any_other_line_counts_at_the_start() -> None:
    """The rule on each account's first lines after the planning moment (year from April)."""
    sheet = {"a": "N", "b": "N", "c": "N", "d": "N", "e": "N"}
    late = {
        ("a", "N"): T("2026-04-01"),  # the first day, nobody else: his
        ("b", "N"): T("2026-05-01"),  # the second month: taken over during the year
        ("c", "N"): T("2026-04-20"),
        ("c", "O"): T("2026-04-10"),  # the old rep served it in the year first
        ("d", "N"): T("2026-04-15"),
        ("d", "O"): T("2026-04-15"),  # the same day: the introduction, his
        ("e", "O"): T("2026-04-03"),  # N has no line yet
    }
    got = year_start_handovers(set(sheet), _accounts(sheet), late, date(2026, 4, 1))
    assert got == {"a": T("2026-04-01"), "d": T("2026-04-15")}


def test_a_rep_back_from_a_long_leave_with_a_book_for_the_year_is_not_gone() -> None:
    """N sold n1 until June 2025 (gone on the eve of 2026 by the 45-day rule; A has served n1
    since July) and takes x over from A on 2026-01-10: he holds x at the planning moment,
    with its 2025 (A's 12 × 50), and has not left."""
    orders = []
    for m in pd.date_range("2025-01-01", "2026-02-01", freq="MS"):
        day = m + pd.Timedelta(days=9)
        orders.append((day, "a1", "A", 100.0, 1.0))
        orders.append((day, "n1", "N" if m < T("2025-07-01") else "A", 70.0, 1.0))
        orders.append((day, "x", "A" if m < T("2026-01-01") else "N", 50.0, 1.0))
    history = History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        accounts=_accounts({"a1": "A", "n1": "A", "x": "N"}),
    )
    moved, handed = hand_over(history, date(2025, 12, 31), year_start=date(2026, 1, 1))
    assert handed is not None and handed.gone == ()
    assert ("N", "A", 1) in handed.transfers and handed.later == ()
    o = moved.orders
    x = o[(o["account"] == "x") & (o["date"] < T("2026-01-01"))]
    assert set(x["rep"]) == {"N"} and x["amount"].sum() == 12 * 50
