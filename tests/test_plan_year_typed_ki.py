"""A PlanYear the workbook cannot read says what to type (trial 54 L1: 「第41期」 typed for the
company's 期 read 「数値として読めません(空欄として扱います)」, no word on what goes there):
the year the fiscal year starts in, with the book's own year as the example, named as the
company names it (FiscalYearLabel). The corpus's small valid workbook (history to
2026-06-30) with its Settings changed as a user would; no 期 label is read.

By hand: October start, as of 2026-06-30 → the year running then, 2025-10 … 2026-09, the
blank's year: started 2025, named FY2026 by its end (FY2025 by its start).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.recalc import compute_data
from routekpi.render import check_message

BASE = Path(__file__).parent / "corpus" / "base.xlsm"


@pytest.fixture(scope="module")
def base_data() -> WorkbookData:
    return read_workbook(BASE)


def _plan_year_check(data: WorkbookData, **settings: object):
    changed = copy.deepcopy(data)
    changed.settings.update(settings)
    result, checks, _, _ = compute_data(changed)
    [check] = [c for c in checks if c.params.get("name") == "PlanYear"]
    return result, check


def test_ki_typed_says_the_start_year_to_type(base_data: WorkbookData) -> None:
    result, check = _plan_year_check(
        base_data, PlanYear="第41期", FiscalStartMonth=10, FiscalYearLabel="end"
    )
    assert result.evidence.settings.plan_year == 2025  # read as blank: the as-of's year
    assert (check.problem, check.severity, check.value) == (
        "setting_plan_year_invalid",
        "warn",
        "第41期",
    )
    assert check_message(check, "ja") == (
        "設定「PlanYear」の値が正しくありません: 数値として読めません"
        "(空欄として扱い、FY2026(2025-10〜2026-09)を計画します)。"
        "計画年度には年度の始まる年を西暦で入力します(例: FY2026 なら 2025)"
    )
    assert check_message(check, "en") == (
        "setting 'PlanYear' is invalid: not a number (read as blank: planning FY2026, "
        "2025-10 … 2026-09). Type the year the fiscal year starts in (e.g. 2025 for FY2026)"
    )


def test_named_by_its_start_the_example_is_the_same_year(base_data: WorkbookData) -> None:
    _, check = _plan_year_check(base_data, PlanYear="第41期", FiscalStartMonth=10)
    assert check_message(check, "ja").endswith(
        "(空欄として扱い、FY2025(2025-10〜2026-09)を計画します)。"
        "計画年度には年度の始まる年を西暦で入力します(例: FY2025 なら 2025)"
    )
