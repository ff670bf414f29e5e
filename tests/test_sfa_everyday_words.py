"""Everyday SFA words (trial 42 L1, L5): 不在 / 留守 / 不通 are outcomes (nobody reached: an
attempt lost), 新規開拓 is an appointment attempt, and an unknown kind word that holds a known
one (圃場巡回 holds 巡回) is pointed at the Words row it likely needs.

One account, 佐藤's; visits on 2026-10-05 … typed as an agricultural supplier's SFA writes
them, validated as a pasted Visits sheet.
"""

from __future__ import annotations

from datetime import date

import pytest

from routekpi.contract import RawSheet
from routekpi.io.reader import WorkbookData
from routekpi.messages import text
from routekpi.validation.cells import parse_choice
from routekpi.validation.tables import OUTCOMES, validate_inputs
from routekpi.validation.words import contained_kind
from tests.test_sources import _workbook_data

TODAY = date(2026, 12, 5)


def _data(visits: list[list[object]]) -> WorkbookData:
    orders = [["受注日", "得意先コード", "担当者", "金額"]]
    orders += [[date(2026, m, 10), "T0001", "佐藤", 50_000] for m in range(1, 12)]
    accounts = [["得意先コード", "担当者", "開始日"], ["T0001", "佐藤", date(2020, 1, 1)]]
    sheets: dict[str, RawSheet | None] = {
        "Orders": RawSheet(name="Orders", rows=orders),
        "Accounts": RawSheet(name="Accounts", rows=accounts),
        "Visits": RawSheet(
            name="Visits", rows=[["活動日", "担当者", "顧客コード", "活動区分", "結果"], *visits]
        ),
    }
    return _workbook_data(sheets)


@pytest.mark.parametrize("word", ["不在", "留守", "不通", "留守電"])
def test_nobody_reached_is_an_outcome_lost(word: str) -> None:
    assert parse_choice(word, OUTCOMES) == ("lost", None)


def test_new_business_words_are_attempts_and_their_outcomes_are_read() -> None:
    """Four 新規開拓 rows: アポ獲得 (won), 不在 and 不通 (lost), 断り (lost); no row left out and
    no Checks row about the words: 4 attempts, 1 appointment."""
    rows = [
        [date(2026, 10, 5 + i), "佐藤", "T0001", "新規開拓", outcome]
        for i, outcome in enumerate(["アポ獲得", "不在", "不通", "断り"])
    ]
    inputs = validate_inputs(_data(rows).sheets, today=TODAY)
    visits = inputs.history.visits
    assert list(visits["kind"]) == ["attempt"] * 4
    assert list(visits["outcome"]) == ["won", "lost", "lost", "lost"]
    assert not [c for c in inputs.checks if c.sheet == "Visits" and "choice" in c.problem]


def test_a_word_holding_a_known_one_is_pointed_at_its_kind() -> None:
    assert contained_kind("圃場巡回") == ("巡回", "visit")
    assert contained_kind("新規アポ電話") == ("アポ電話", "attempt")  # the longest word held
    assert contained_kind("打合せ") is None
    assert contained_kind("hotel") is None  # tel, an English word, is not looked for inside
    rows = [[date(2026, 10, 5 + i), "佐藤", "T0001", "圃場巡回", None] for i in range(3)]
    inputs = validate_inputs(_data(rows).sheets, today=TODAY)
    [check] = [c for c in inputs.checks if c.problem == "unknown_choice_rows"]
    assert (check.value, check.severity, check.params["times"]) == ("圃場巡回", "error", "3")
    said = text(check.problem, "ja", **check.params)
    assert said.endswith(
        "(これらの行は使用しません)。「圃場巡回」は「巡回」を含みます。"
        "訪問にあたるなら、「種別」に「訪問」と入れた1行で読めます"
    )
    english = text(check.problem, "en", **check.params)
    assert english.endswith(
        ". '圃場巡回' contains '巡回': if it is a visit, one row with 'visit' under 'Kind' reads it"
    )
