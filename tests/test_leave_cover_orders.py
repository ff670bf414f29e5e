"""Orders a colleague booked on a rep's accounts during her leave count as hers, as his cover
visits already do (core.at_work.with_cover_orders; trial 23, H1: 佐藤's 育休, her accounts'
orders booked under 清水's rep code, 清水 ¥1,187M and 佐藤 ¥261M). A small workbook written with
openpyxl, recalculated from its sheets and from files (sources.cover, cover_orders.sql), read
back; numbers by hand.

FY2026 (April – March) planned on 2026-03-31: the baseline is 2025-04 … 2026-03. 佐藤 holds
s1 (100 a month) and s2 (200), 清水 c1 (300): one order on the 10th and one visit on the 12th
of every month, January 2024 – March 2026. 佐藤 is on leave 2025-07-01 … 2025-09-30: those
three months' orders and visits of s1 and s2 carry 清水 (the ERP books them under the cover).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.at_work import leave_accounts, with_cover_orders
from routekpi.core.calendar import leave_spans
from routekpi.core.history import History
from routekpi.messages import text
from routekpi.pipeline import Computed, compute_file
from routekpi.recalc import recalculate
from routekpi.share.job import share
from routekpi.sources.base import SourceRef
from routekpi.validation.tables import validate_inputs
from tests.test_leave import _sheets
from tests.test_sources import assert_same_frames
from tests.test_standing_sources import _with_files
from tests.workbook_files import monthly_lines, pasted_book

T = pd.Timestamp
MONTHLY = {"s1": 100, "s2": 200, "c1": 300}
SHEET_REP = {"s1": "佐藤", "s2": "佐藤", "c1": "清水"}
LEAVE = (T("2025-07-01"), T("2025-09-30"))
AS_OF = date(2026, 3, 31)
KGI = 7_200  # the baseline: "same as last year" (a flat history moves no lever)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if SHEET_REP[account] == "佐藤" and LEAVE[0] <= day <= LEAVE[1]:
        return "清水"  # the cover, under his own rep code
    return SHEET_REP[account]


def write_book(path: Path, master: bool = True) -> Path:
    """The book above; ``master=False``: no Accounts sheet rows (the orders tell who holds
    an account)."""
    orders, visits = monthly_lines("2024-01-01", "2026-03-01", MONTHLY, _rep_then)
    rows = {"Orders": orders, "Visits": visits}
    if master:
        rows["Accounts"] = [
            [a, a, r, date(2023, 1, 1), None, None, None] for a, r in SHEET_REP.items()
        ]
    rows["Leave"] = [["佐藤", LEAVE[0].date(), LEAVE[1].date(), "育休"]]
    return pasted_book(path, rows, kgi=KGI, plan_year=2026, start_month=4, as_of=AS_OF)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Computed]:
    """The book computed from its sheets and from files, with and without a master."""
    out: dict[str, Computed] = {}
    for master in (True, False):
        book = write_book(tmp_path_factory.mktemp(f"cover_{master}") / "book.xlsm", master)
        refs: dict[str, SourceRef] = _with_files(book)
        out[f"rows_{master}"] = compute_file(book)[0]
        out[f"files_{master}"] = compute_file(book, sources=refs)[0]
    return out


@pytest.mark.parametrize("key", ["rows_True", "files_True", "rows_False", "files_False"])
def test_her_baseline_has_the_orders_her_cover_booked_and_his_does_not(
    books: dict[str, Computed], key: str
) -> None:
    """佐藤: 12 × (100 + 200) = 3,600 over 24 orders, not the 9 months' 2,700 she booked;
    清水: his own c1, 12 × 300 = 3,600 over 12 orders, not 4,500 over 18. His 6 cover visits
    are hers too: his orders per visit 12 ÷ 12 = 1.0, not 18 ÷ 12."""
    result = books[key].result
    base = result.evidence.base
    assert base.at["佐藤", "revenue"] == pytest.approx(3_600)
    assert base.at["佐藤", "orders"] == pytest.approx(24)
    assert base.at["清水", "revenue"] == pytest.approx(3_600)
    assert base.at["清水", "orders"] == pytest.approx(12)
    assert base.at["清水", "orders_per_visit"] == pytest.approx(1.0)
    assert base.at["佐藤", "orders_per_visit"] == pytest.approx(1.0)
    # The KGI splits as their books do: half each (not 2,700 : 4,500).
    t = result.targets
    fy = t[(t["period"] == "FY2026") & (t["kpi"] == "revenue")].set_index("rep")["target"]
    assert fy["佐藤"] == pytest.approx(KGI / 2)
    assert fy["清水"] == pytest.approx(KGI / 2)


@pytest.mark.parametrize("master", [True, False])
def test_sheets_and_files_give_the_same_plan(books: dict[str, Computed], master: bool) -> None:
    rows, files = books[f"rows_{master}"].result, books[f"files_{master}"].result
    assert files.history is not None and files.history.facts is not None
    pd.testing.assert_frame_equal(rows.targets, files.targets)
    assert_same_frames(rows.attainment, files.attainment)


@pytest.mark.parametrize("key", ["rows_True", "files_True"])
def test_the_plan_and_checks_say_it_once(books: dict[str, Computed], key: str) -> None:
    """6 orders (s1 and s2 in July, August, September), 3 × 300 = ¥900."""
    result = books[key].result
    said = [dict(n.params) for n in result.notes if n.code == "leave_cover_orders"]
    assert said == [{"visitor": "清水", "holder": "佐藤", "orders": "6", "revenue": "900"}]
    line = text("leave_cover_orders", "ja", **said[0])
    assert line.startswith(
        "佐藤 さんの休暇中に 清水 さんが代行した受注 6 件 ¥900 は 佐藤 さんの実績"
    )
    checks = [c for c in books[key].checks if c.problem == "leave_cover_orders"]
    assert len(checks) == 1 and checks[0].severity == "info"


def test_the_book_read_back_says_it_on_checks_and_her_plan_line(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsm")
    recalculate(book, today=date(2026, 4, 1))
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    said = {
        name: [
            v
            for r in wb[name].iter_rows(values_only=True)
            for v in r
            if isinstance(v, str) and "さんが代行した受注 6 件 ¥900" in v
        ]
        for name in ("Checks", "Plan")
    }
    assert [len(v) for v in said.values()] == [1, 1]  # once on each
    # Her Plan line (wrapped over rows under her name): the leave and what was counted.
    plan = [r for r in wb["Plan"].iter_rows(values_only=True) if any(r)]
    start = next(i for i, r in enumerate(plan) if r[0] == "佐藤" and str(r[2]).startswith("前年"))
    end = next(i for i in range(start + 1, len(plan)) if plan[i][0] not in ("", None))
    mine = "".join(str(r[2]) for r in plan[start:end]).replace(" ", "")  # wrapped at spaces
    assert "基準期間に育休(2025-07–2025-09)" in mine
    # Her cover orders are hers; her leave months are left out of her visit ratios with their
    # 6 cover visits, the rest carried by the team's season (fix50g, trial 50 H5).
    assert "代行した受注6件¥900は本人の実績として数えました" in mine
    assert "(代行訪問6件の休暇の月は除く)、チームの月ごとの訪問の多さで1年分に換算" in mine
    assert "清水" not in mine  # her line goes on her copy's cover


def test_her_copys_cover_names_her_leave_and_no_colleague(tmp_path: Path) -> None:
    """Trial 23, L3: her shared copy's cover carried 「前年 ¥247,130,920 → +5.7%」 and nothing
    about the leave; it now carries her Plan line with it, and no colleague's name."""
    book = write_book(tmp_path / "book.xlsm")
    recalculate(book, today=date(2026, 4, 1))
    report = share(book, tmp_path / "out", per_rep=True)
    mine = next(f for f in report.files if f.rep == "佐藤")
    wb = openpyxl.load_workbook(mine.path, read_only=True)
    cover = "".join(
        str(v) for r in wb.worksheets[0].iter_rows(values_only=True) for v in r if v is not None
    ).replace(" ", "")
    assert "前年¥3,600" in cover
    assert "基準期間に育休(2025-07–2025-09)" in cover
    # Her cover orders are hers; her leave months are left out of her visit ratios with their
    # 6 cover visits, the rest carried by the team's season (fix50g, trial 50 H5).
    assert "代行した受注6件¥900は本人の実績として数えました" in cover
    assert "(代行訪問6件の休暇の月は除く)、チームの月ごとの訪問の多さで1年分に換算" in cover
    assert "清水" not in cover


def test_without_a_master_her_accounts_are_hers_by_the_orders_before_the_leave() -> None:
    """No customer master: s1's last order before 2025-07-01 is 佐藤's; c1's 清水's; x1,
    first ordered during the leave, is no one's account on leave."""
    orders = pd.DataFrame(
        [
            (T("2025-06-10"), "s1", "佐藤", 100.0, 1.0),
            (T("2025-06-10"), "c1", "清水", 300.0, 1.0),
            (T("2025-07-10"), "s1", "清水", 100.0, 1.0),
            (T("2025-07-10"), "c1", "清水", 300.0, 1.0),
            (T("2025-07-11"), "x1", "清水", 50.0, 1.0),
            (T("2025-10-10"), "s1", "清水", 100.0, 1.0),  # after the leave: his
        ],
        columns=["date", "account", "rep", "amount", "quantity"],
    )
    leave = pd.DataFrame(
        [("佐藤", LEAVE[0], LEAVE[1], "育休")], columns=["rep", "start", "end", "reason"]
    )
    spans = leave_accounts(orders.iloc[:0], orders, leave_spans(leave))
    assert spans["account"].tolist() == ["s1"] and spans["holder"].tolist() == ["佐藤"]
    moved = with_cover_orders(History(orders, leave=leave), date(2025, 12, 31))
    assert moved.orders["rep"].tolist() == ["佐藤", "清水", "佐藤", "清水", "清水", "清水"]
    assert moved.cover_orders is not None
    assert moved.cover_orders[["visitor", "holder", "revenue", "orders"]].values.tolist() == [
        ["清水", "佐藤", 100.0, 1.0]
    ]


def test_one_bad_leave_row_of_two_is_a_warning_naming_its_row() -> None:
    """Trial 23, L2: 2026/04/31 on Leave row 3 of two rows is named (row 3, column B) and
    the sheet's line is a warning that names row 3, not a critical 「この表の2行の50%」 with
    「上の行」 and no row above it."""
    inputs = validate_inputs(
        _sheets(
            [
                ["林大輔", "2026/10/1", "2026/11/30", "育休"],  # row 2: used
                ["林大輔", "2026/04/31", "2026/05/10", ""],  # row 3: no such date
            ]
        ),
        date(2026, 10, 31),
        today=date(2026, 12, 3),
    )
    mine = [c for c in inputs.checks if c.sheet == "Leave"]
    got = [(c.row, c.column, c.problem, c.severity) for c in mine]
    assert (3, "B 開始日", "impossible_date", "error") in got
    assert (None, "", "leave_rows_skipped", "warn") in got
    assert not [c for c in inputs.checks if c.severity == "critical"]
    line = next(c for c in mine if c.problem == "leave_rows_skipped")
    said = text(line.problem, "ja", **line.params)
    assert said.startswith("休暇・不在シートの 3 行目を使用しませんでした")
    assert "上の行" not in said
