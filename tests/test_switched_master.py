"""A customer master exported before a handover was keyed (trial 54 H2): accounts the
Accounts sheet still gives to an active rep while another active rep alone has sold to and
visited them for a clear stretch are read as handed over (core.switched), with one Checks
warning naming them — the same targets, attainment, flags and Daily list as the book whose
sheet was updated, from pasted rows and from files (parity).

The book: FY2026 (April – March) tracked on 2026-11-30, history January 2025 – November
2026, one order a month on the 10th and one visit on the 12th per account. 田中 holds t1,
t2, t3 and 佐藤 s1, s2; a hire, 藤井, serves t2, t3 and s2 from August 2026 (his first order
2026-08-10; 田中's and 佐藤's last lines on them the visits of 2026-07-12). The stale sheet
still names 田中 and 佐藤. 佐藤 helps on t1 twice (2026-10-20, 2026-11-20) while 田中 goes on
serving it: no handover.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.switched import SWITCH_DAYS, SWITCH_LINES, switched_accounts
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources.base import SourceRef
from tests.test_sources import assert_same_frames
from tests.test_standing_sources import _with_files
from tests.workbook_files import pasted_book

T = pd.Timestamp
MONTHLY = {"t1": 100, "t2": 200, "t3": 300, "s1": 400, "s2": 500}
SHEET = {"t1": "田中", "t2": "田中", "t3": "田中", "s1": "佐藤", "s2": "佐藤"}
UPDATED = {**SHEET, "t2": "藤井", "t3": "藤井", "s2": "藤井"}
HANDOVER = T("2026-08-01")
# The Daily list's day: t2, t3 and s2 are due then (read on the stale sheet as it is, 田中 was
# sent to t2 and t3 and 佐藤 to s2, and 田中's revenue read critical).
TODAY = date(2026, 12, 10)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    return UPDATED[account] if day >= HANDOVER else SHEET[account]


def write_book(path: Path, sheet: dict[str, str]) -> Path:
    """The book with the Accounts sheet's reps ``sheet``; KGI 12 × 1,500 (FY2025's)."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account, amount in MONTHLY.items():
            day = m + pd.Timedelta(days=9)
            orders.append([day.date(), account, _rep_then(account, day), amount, 1, None])
            seen = m + pd.Timedelta(days=11)
            visits.append([seen.date(), _rep_then(account, seen), account, "訪問", None])
    visits += [[date(2026, 10, 20), "佐藤", "t1", "訪問", None]]
    visits += [[date(2026, 11, 20), "佐藤", "t1", "訪問", None]]
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in sheet.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=12 * 1500, plan_year=2026, start_month=4, as_of=None)


@pytest.fixture(scope="module")
def stale(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, SourceRef]]:
    book = write_book(tmp_path_factory.mktemp("switched_stale") / "book.xlsm", SHEET)
    return book, _with_files(book)


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, SourceRef]]:
    book = write_book(tmp_path_factory.mktemp("switched_updated") / "book.xlsm", UPDATED)
    return book, _with_files(book)


def test_parity_the_stale_master_reads_as_the_updated_one_from_rows_and_files(
    stale: tuple[Path, dict[str, SourceRef]], updated: tuple[Path, dict[str, SourceRef]]
) -> None:
    (rows, _, _, _), _ = compute_file(stale[0], today=TODAY)
    (files, _, _, _), _ = compute_file(stale[0], sources=stale[1], today=TODAY)
    (right, _, _, _), _ = compute_file(updated[0], today=TODAY)
    (right_files, _, _, _), _ = compute_file(updated[0], sources=updated[1], today=TODAY)
    assert files.history is not None and files.history.facts is not None
    # 田中's and 佐藤's last lines on t2, t3, s2: the visits of 2026-07-12; 藤井's first: the
    # order of 2026-08-10, then 7 more lines each (Aug–Nov); t1 still 田中's (his visit
    # 2026-11-12 after 佐藤's help of 2026-10-20).
    handed = {
        "t2": ("田中", "藤井", date(2026, 8, 10), date(2026, 7, 12)),
        "t3": ("田中", "藤井", date(2026, 8, 10), date(2026, 7, 12)),
        "s2": ("佐藤", "藤井", date(2026, 8, 10), date(2026, 7, 12)),
    }
    for got in (rows, files):
        assert got.standing.switched == handed
        assert got.standing.moves == {"t2": "藤井", "t3": "藤井", "s2": "藤井"}
    assert right.standing.switched == {} and right_files.standing.switched == {}
    for got, want in ((rows, right), (files, right_files)):
        pd.testing.assert_frame_equal(got.targets, want.targets)
        pd.testing.assert_frame_equal(got.attainment, want.attainment)
        assert_same_frames(got.flags, want.flags)
        assert_same_frames(got.daily.stops, want.daily.stops)
    # (Rows and files differ by one info flag on 田中's visits, the same with the updated
    # sheet: not this rule's; each path reads the stale sheet as it reads the updated one.)
    # By hand: 藤井's revenue in the year is t2 + t3 + s2 from August to November, 4 × 1,000;
    # 田中's t1 alone (4 × 100 since August, 100 a month before: 8 × 100).
    revenue = rows.attainment[
        (rows.attainment["kpi"] == "revenue") & (rows.attainment["period"] == "FY2026")
    ].set_index("rep")["actual"]
    assert revenue["藤井"] == pytest.approx(4 * 1000)
    assert revenue["田中"] == pytest.approx(8 * 100 + 4 * (200 + 300))
    for got in (rows, files):
        stops = got.daily.stops
        assert set(stops.loc[stops["rep"] == "田中", "account"]) == {"t1"}
        assert set(stops.loc[stops["rep"] == "佐藤", "account"]) == {"s1"}
        assert "critical" not in set(got.flags["severity"])


def test_the_checks_name_the_accounts_the_day_and_the_reps(
    stale: tuple[Path, dict[str, SourceRef]],
) -> None:
    (_, checks, _, _), _ = compute_file(stale[0])
    said = [c for c in checks if c.problem == "switched_account_rep"]
    assert len(said) == 1
    check = said[0]
    assert check.sheet == "Accounts" and check.row == 3 and check.severity == "warn"
    assert check.value == "佐藤, 田中"
    assert text("switched_account_rep", "ja", **check.params) == (
        "顧客シートの担当者と違う担当者だけが 2026-08-10 から受注・訪問している顧客 3社: "
        "田中 → 藤井 2社、佐藤 → 藤井 1社(t2, t3, s2)。"
        "その日からこの担当者に担当替えしたものとして、計画・実績・日次リストを計算しました"
        f"(目安: {SWITCH_DAYS}日以上・{SWITCH_LINES}件以上の受注・訪問、"
        "その間 顧客シートの担当者の受注・訪問なし)。顧客シートの担当者を確かめてください"
    )
    assert "3 accounts" in text("switched_account_rep", "en", **check.params)


def _after(*lines: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(lines, columns=["date", "account", "rep"]).assign(
        date=lambda f: pd.to_datetime(f["date"])
    )


GAVE = {"a": date(2026, 7, 31)}


def test_the_stretch_and_the_lines_by_hand() -> None:
    """60 days from the giver's last line (2026-07-31) is 2026-09-29; 4 lines of one rep."""
    four = _after(
        ("2026-08-03", "a", "B"),
        ("2026-08-20", "a", "B"),
        ("2026-09-03", "a", "B"),
        ("2026-09-20", "a", "B"),
    )
    sheet, active = {"a": "A"}, {"A", "B"}
    got = switched_accounts(four, sheet, GAVE, active, date(2026, 9, 29))
    assert got == {"a": ("A", "B", date(2026, 8, 3), date(2026, 7, 31))}
    assert switched_accounts(four, sheet, GAVE, active, date(2026, 9, 28)) == {}  # 59 days
    assert switched_accounts(four.iloc[:3], sheet, GAVE, active, date(2026, 9, 29)) == {}
    assert switched_accounts(four, sheet, GAVE, {"A"}, date(2026, 9, 29)) == {}  # B not active
    two = pd.concat([four, _after(("2026-09-25", "a", "C"))])  # two reps since: no one's
    assert switched_accounts(two, sheet, GAVE, {"A", "B", "C"}, date(2026, 9, 29)) == {}
    # A on the Leave sheet in the stretch: a colleague covering, not a handover.
    leave = (("A", date(2026, 8, 1), date(2026, 9, 30)),)
    assert switched_accounts(four, sheet, GAVE, active, date(2026, 9, 29), leave) == {}
    before = (("A", date(2026, 7, 1), date(2026, 7, 20)),)  # a leave before: no matter
    assert switched_accounts(four, sheet, GAVE, active, date(2026, 9, 29), before) == got
