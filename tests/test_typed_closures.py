"""A closure typed on Accounts under the lost-account bar is named as information with its
revenue (core.flags ``typed_closures``; trial 53: the chain store 北町店, closed 11-30 and typed,
3.4% of 高橋's revenue, raised no flag while her gap came partly from it).

The book (written, recalculated, its Flags sheet read back): reps A and B, twenty accounts
each (A00 … A19, B00 … B19), one order a month on the 5th, ¥10,000 each, 2024-04 … 2026-11;
fiscal year from April, plan year FY2026, as of 2026-11-20. A00 orders ¥100,000, A02
¥2,000. Ends typed on Accounts (orders stop after them): A00 2026-09-30, A01 (北町店)
2026-08-31, A02 2026-07-31. A03 stops ordering after 2026-04-05 with no end typed (no
closure known: an at-risk account, not a known loss).

By hand, A's FY2025 (2025-04 … 2026-03): A00 ¥1,200,000 + A02 ¥24,000 + 18 × ¥120,000 =
¥3,384,000.
- A00: ¥1,200,000 = 35.5% ≥ 20%: the critical lost_account flag, as before.
- A01 北町店: ¥120,000 = 3.5% (under 5%, over 1%): one info row for A naming it —
  「取引終了が入力された顧客 1件: 北町店(終了 2026-08-31、¥120,000)。FY2025の売上は合計
  ¥120,000(担当のFY2025売上の 3.5%)」.
- A02: ¥24,000 = 0.7% (under 1%): not named. A03: no end typed: not named.
- B: no closure, no row.

A company naming its years by their end (FiscalYearLabel end) reads the same row under
FY2027 on the sheet, its words 「FY2026の売上」 (the year 2025-04 … 2026-03).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import python_calamine

from routekpi.cli import main
from routekpi.render import flag_message
from tests.workbook_files import edit, fold_flags, pasted_book, set_named

ENDS = {"A00": date(2026, 9, 30), "A01": date(2026, 8, 31), "A02": date(2026, 7, 31)}
AMOUNT = {"A00": 100_000, "A02": 2_000}
NAMES = {"A01": "北町店"}


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    accounts: list[list[object]] = []
    codes = [f"{r}{i:02d}" for r in "AB" for i in range(20)]
    for code in codes:
        end = ENDS.get(code)
        last = date(2026, 4, 5) if code == "A03" else end
        for m in pd.period_range("2024-04", "2026-11", freq="M"):
            day = date(m.year, m.month, 5)
            if last is None or day <= last:
                orders.append([day, code, code[0], AMOUNT.get(code, 10_000), 1, None])
        accounts.append([code, NAMES.get(code, code), code[0], date(2020, 4, 1), end, None, None])
    rows = {"Orders": orders, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=7_000_000, plan_year=2026, start_month=4, as_of=date(2026, 11, 20)
    )


def _flags(book: Path) -> list[list[object]]:
    assert main(["recalc", str(book)]) == 0
    sheet = python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Flags")
    return fold_flags(sheet.to_python()[1:])


@pytest.fixture(scope="module")
def flags(tmp_path_factory: pytest.TempPathFactory) -> list[list[object]]:
    return _flags(_book(tmp_path_factory.mktemp("typed") / "book.xlsm"))


def test_a_typed_closure_under_the_bar_is_named_as_information(
    flags: list[list[object]],
) -> None:
    typed = [r for r in flags if r[1] == "typed_closures"]
    assert [(r[0], r[3], r[4]) for r in typed] == [("情報", "A", "FY2026")]
    message = str(typed[0][6])
    assert message.startswith(
        "取引終了が入力された顧客 1件: 北町店(終了 2026-08-31、¥120,000)。"
        "FY2025の売上は合計 ¥120,000(担当のFY2025売上の 3.5%)。"
    )
    assert "A02" not in message and "A03" not in message
    assert "埋め合わせ" in str(typed[0][7])


def test_the_material_one_keeps_its_lost_account_flag(flags: list[list[object]]) -> None:
    lost = [(r[0], r[3], r[5]) for r in flags if r[1] == "lost_account"]
    assert lost == [("重大", "A", "A00")]


def test_the_year_is_named_as_the_company_names_it(tmp_path: Path) -> None:
    book = _book(tmp_path / "end.xlsm")
    with edit(book) as wb:
        set_named(wb, FiscalYearLabel="end")
    typed = [r for r in _flags(book) if r[1] == "typed_closures"]
    assert [(r[3], r[4]) for r in typed] == [("A", "FY2027")]
    assert "FY2026の売上は合計 ¥120,000(担当のFY2026売上の 3.5%)" in str(typed[0][6])


def test_the_english_words() -> None:
    flag = {
        "code": "typed_closures",
        "kpi": "revenue",
        "params": {
            "count": 7,
            "names": ["Kitamachi"],
            "ends": ["2026-08-31"],
            "revenues": [120_000.0],
            "revenue": 300_000.0,
            "share": 0.0354,
            "year": "FY2025",
            "this_year": "FY2026",
        },
    }
    message, action = flag_message(flag, "en")
    assert message.startswith(
        "7 accounts with a closure typed: Kitamachi (ended 2026-08-31, ¥120,000)"
    )
    assert "Together ¥300,000 in FY2025 (3.5% of the rep's FY2025 revenue)" in message
    assert "make up for them" in action
