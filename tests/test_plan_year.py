"""The plan year a new book starts with, and what Checks says about it (trial finding 16).

``routekpi new`` leaves PlanYear blank: the plan year is then the fiscal year of the as-of
date, said on Checks; a blank plan year more than half over at the as-of date gets an info
row naming the next year. A typed year gets no row (an in-year tracking book is more than half
over from month 7 on), unless it starts more than 6 months after the as-of date: a warning
naming the year before (trial 19: FY2027 typed for a year named by its end). Cases run the
corpus's small valid workbook (history 2024-04 … 2026-06-30, PlanYear 2026, April start)
through ``compute_data`` with the cells changed as a user would, and ``routekpi`` commands
on real files.
"""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from workbook_files import fold_checks, named_copy

from routekpi.cli import main
from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.recalc import compute_data
from routekpi.render import check_message
from routekpi.validation.plan_year import complete_months, months_ahead, months_left

BASE = Path(__file__).parent / "corpus" / "base.xlsm"
CODES = ("plan_year_default", "plan_year_default_mostly_over")


@pytest.fixture(scope="module")
def base_data() -> WorkbookData:
    return read_workbook(BASE)


def _year_checks(data: WorkbookData, **settings: object) -> list[tuple[object, ...]]:
    changed = copy.deepcopy(data)
    changed.settings.update(settings)
    result, checks, _, _ = compute_data(changed)
    rows = [c for c in checks if c.problem in CODES]
    return [
        (
            result.evidence.settings.plan_year,
            c.sheet,
            c.column.split()[-1],
            c.value,
            c.problem,
            c.severity,
            c.params["over"],
            c.params.get("next_year"),
        )
        for c in rows
    ]


def test_complete_months_hand_counted() -> None:
    # FY2026 from April: Apr … Nov are over on 11-30 (8), Apr … Oct on 11-29 (7).
    assert complete_months(2026, 4, date(2026, 11, 30)) == 8
    assert complete_months(2026, 4, date(2026, 11, 29)) == 7
    assert complete_months(2026, 4, date(2026, 3, 31)) == 0
    assert complete_months(2026, 1, date(2027, 2, 1)) == 12  # the year is over


def test_a_blank_plan_year_is_said_and_a_typed_early_one_is_not(base_data: WorkbookData) -> None:
    # History to 2026-06-30, April start: FY2026, Apr … Jun over = 3 of 12: said, no hint.
    assert _year_checks(base_data, PlanYear=None) == [
        (2026, "Settings", "PlanYear", None, "plan_year_default", "info", 3, 2027)
    ]
    # Typed, 3 months in: nothing to say.
    assert _year_checks(base_data, PlanYear=2026) == []


def test_a_plan_year_more_than_half_over_suggests_the_next(base_data: WorkbookData) -> None:
    # December start, blank: FY2025 = 2025-12 … 2026-11; Dec … Jun over on 06-30 = 7 > 6.
    [row] = _year_checks(base_data, PlanYear=None, FiscalStartMonth=12)
    assert row == (
        2025,
        "Settings",
        "PlanYear",
        None,
        "plan_year_default_mostly_over",
        "info",
        7,
        2026,
    )
    # January start, blank: FY2026, Jan … Jun = 6, exactly half: no hint.
    [(*_, code, _, over, _)] = _year_checks(base_data, PlanYear=None, FiscalStartMonth=1)
    assert (code, over) == ("plan_year_default", 6)
    # Typed, even a year that is over (FY2025 with April, ended 2026-03): the user's choice.
    assert _year_checks(base_data, PlanYear=2025) == []


def test_the_hint_reads_in_words(base_data: WorkbookData) -> None:
    changed = copy.deepcopy(base_data)
    changed.settings.update(PlanYear=None, FiscalStartMonth=12)
    _, checks, _, _ = compute_data(changed)
    [check] = [c for c in checks if c.problem in CODES]
    assert check_message(check, "ja") == (
        "計画年度が空欄のため、基準日 2026-06-30 の属する年度 FY2025(2025-12〜2026-11)を"
        "計画年度にしました。12か月のうち7か月が過ぎています。来年度 FY2026 を計画するなら、"
        "設定「計画年度」に 2026 を入力してください"
    )


def test_new_leaves_the_plan_year_blank(tmp_path: Path) -> None:
    book = tmp_path / "new.xlsm"
    assert main(["new", str(book)]) == 0
    wb = openpyxl.load_workbook(book)
    try:
        values = {}
        for name in ("PlanYear", "FiscalStartMonth"):
            sheet, cell = next(iter(wb.defined_names[name].destinations))
            values[name] = wb[sheet][cell.replace("$", "")].value
    finally:
        wb.close()
    # Blank: the fiscal year of the as-of date (said on Checks); the start month keeps its
    # documented default, April.
    assert values == {"PlanYear": None, "FiscalStartMonth": 4}


def _far_ahead(data: WorkbookData, **settings: object) -> list[tuple[object, ...]]:
    changed = copy.deepcopy(data)
    changed.settings.update(settings)
    _, checks, _, _ = compute_data(changed)
    return [
        (c.row, c.column, c.value, c.severity, c.params["ahead"], c.params["meant_year"])
        for c in checks
        if c.problem == "plan_year_far_ahead"
    ]


def test_months_ahead_hand_counted() -> None:
    # Trial 19: FY2027 from October starts 2027-10; as of 2026-12-02 that is 10 months on.
    assert months_ahead(2027, 10, date(2026, 12, 2)) == 10
    assert months_ahead(2026, 10, date(2026, 12, 2)) == -2  # begun two months ago
    assert months_ahead(2027, 4, date(2026, 6, 30)) == 10


def test_a_typed_year_far_ahead_is_a_warning_naming_the_year_before(
    base_data: WorkbookData,
) -> None:
    # History to 2026-06-30 (Settings B5 is PlanYear). April start, 2027: 2027-04 is 10
    # months on: the year meant is 2026 (2026-04 … 2027-03, the one being run).
    assert _far_ahead(base_data, PlanYear=2027) == [(5, "B PlanYear", 2027, "warn", 10, 2026)]
    # January start, 2027: 2027-01 is 7 months on (> 6): warned.
    assert _far_ahead(base_data, PlanYear=2027, FiscalStartMonth=1) == [
        (5, "B PlanYear", 2027, "warn", 7, 2026)
    ]
    # December start, 2026: 2026-12 is exactly 6 months on, a budget made ahead: no row.
    assert _far_ahead(base_data, PlanYear=2026, FiscalStartMonth=12) == []
    # A blank plan year is the as-of date's own year: never ahead.
    assert _far_ahead(base_data, PlanYear=None, FiscalStartMonth=10) == []


def test_the_far_ahead_warning_is_on_checks_and_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The trial's slip on a real file: October start, 2027 typed as of 2026-06-30."""
    book = named_copy(BASE, tmp_path / "book.xlsm", PlanYear=2027, FiscalStartMonth=10)
    assert main(["recalc", str(book)]) == 0
    out, err = capsys.readouterr()
    [counts] = [line for line in out.splitlines() if line.startswith("  チェック:")]
    assert int(counts.split("警告 ")[1].split(" 件")[0]) >= 1  # counted with the warnings
    said = (
        "計画年度 FY2027 は 2027-10 開始です(基準日 2026-06-30 の16か月後)。2026-10 開始の"
        "年度なら 2026 と入力してください(計画年度は年度の始まる年で数えます)"
    )
    assert f"routekpi: {said}" in err.splitlines()
    wb = openpyxl.load_workbook(book)
    rows = fold_checks([list(r) for r in wb["Checks"].iter_rows(values_only=True)][1:])
    assert [r[:6] for r in rows if r[4] == said] == [
        ["Settings", 5, "B PlanYear", "2027", said, "警告"]
    ]


def test_months_left_hand_counted() -> None:
    # Trial 26: FY2026 from April as of 2027-02-15: 13 of February's 28 days and March.
    assert months_left(2026, 4, date(2027, 2, 15)) == pytest.approx(1 + 13 / 28)
    assert months_left(2026, 4, date(2026, 3, 31)) == 12  # not begun
    assert months_left(2026, 4, date(2027, 3, 31)) == 0  # its last day
    assert months_left(2025, 4, date(2026, 6, 30)) == 0  # over


def test_a_blank_plan_year_nearly_over_is_a_warning_on_checks_and_plan(tmp_path: Path) -> None:
    """Trial 26 M7: planned in February with PlanYear blank, the plan was for the year ending
    six weeks later and read 実現可能 without a word of it. August start as of 2026-06-30:
    FY2025 = 2025-08 … 2026-07, Aug … Jun over (11), July left (1 month): a warning on
    Checks, and the Plan says it beside the plan period."""
    book = named_copy(BASE, tmp_path / "book.xlsm", PlanYear=None, FiscalStartMonth=8)
    assert main(["recalc", str(book)]) == 0
    wb = openpyxl.load_workbook(book)
    checks = fold_checks([list(r) for r in wb["Checks"].iter_rows(values_only=True)][1:])
    said = (
        "計画年度が空欄のため、基準日 2026-06-30 の属する年度 FY2025(2025-08〜2026-07)を"
        "計画しました。この年度は12か月のうち11か月が過ぎ、残りは約1か月です。目標と実現可能性は"
        "この年度のもので、来年度の計画ではありません。来年度 FY2026 を計画するなら、"
        "設定「計画年度」に 2026 を入力してください"
    )
    assert [r[:6] for r in checks if r[4] == said] == [
        ["Settings", 5, "B PlanYear", "", said, "警告"]
    ]
    plan = [list(r) for r in wb["Plan"].iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(plan) if r[0] == "計画期間")
    assert plan[at][1] == "FY2025"
    below = plan[at + 1 : next(i for i in range(at + 1, len(plan)) if plan[i][0])]
    lines = [plan[at][2], *(r[2] for r in below)]  # wrapped: a space at a break is dropped
    assert "".join(lines).replace(" ", "") == (
        "2025-08–2026-07。計画年度が空欄のため基準日の年度を計画しました:基準日2026-06-30"
        "で12か月のうち11か月が過ぎ、残りは約1か月です。来年度FY2026を計画するなら、"
        "設定「計画年度」に2026を入力してください"
    )


def test_the_feasibility_of_a_blank_plan_year_nearly_over_says_caution(tmp_path: Path) -> None:
    """Trial 28: with the nearly-over warning on Checks, the Plan's status line and its
    feasibility row still read 実現可能. They say 要注意 with the months left, and the row's
    note says what the judgement was and where to look (the landing), as Checks does."""
    book = named_copy(BASE, tmp_path / "book.xlsm", PlanYear=None, FiscalStartMonth=8)
    assert main(["recalc", str(book)]) == 0
    plan = [list(r) for r in openpyxl.load_workbook(book)["Plan"].iter_rows(values_only=True)]
    [status] = [r[2] for r in plan if r[0] == "最終計算"]
    assert status.endswith(" / 要注意: 年度の残り約1か月(計画年度が空欄)")
    assert "実現可能(社内実績の範囲内) / 要注意" in status  # the judgement is still said
    at = next(i for i, r in enumerate(plan) if r[0] == "実現可能性")
    assert plan[at][1] == "要注意: 年度の残り約1か月"
    below = plan[at + 1 : next(i for i in range(at + 1, len(plan)) if plan[i][0])]
    assert "".join([plan[at][2], *(r[2] for r in below)]).replace(" ", "") == (
        "「実現可能(社内実績の範囲内)」は年度全体(12か月)での判定です。基準日2026-06-30で"
        "この年度は12か月のうち11か月が過ぎ、残りは約1か月のため、KGIに届くかは着地見込み"
        "(下記)で確かめてください。来年度FY2026を計画するなら、設定「計画年度」に2026を"
        "入力してください"
    )


def test_a_typed_plan_year_keeps_its_plain_feasibility(tmp_path: Path) -> None:
    """The same book with its plan year typed: no caution (the manager chose the year)."""
    book = tmp_path / "book.xlsm"
    shutil.copy(BASE, book)
    assert main(["recalc", str(book)]) == 0
    plan = [list(r) for r in openpyxl.load_workbook(book)["Plan"].iter_rows(values_only=True)]
    [status] = [r[2] for r in plan if r[0] == "最終計算"]
    assert "要注意" not in status
    [feasible] = [r[1] for r in plan if r[0] == "実現可能性"]
    assert not str(feasible).startswith("要注意")
