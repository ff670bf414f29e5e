"""Trial 45 L8: a Japanese book's choice settings take English keys (trend, drop, end …); a
Japanese word for one (傾向, 除く, 終わる年) is read as that key, and a value that is neither
is a Checks row naming the keys with their Japanese words — on the sheet, written and read
back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi.contract import Check
from routekpi.io.reader import read_workbook
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import compute_data
from routekpi.render import check_message
from routekpi.schema import SETTING_SPECS
from routekpi.validation.settings import parse_settings

BASE = {"KGI": 100_000_000, "PlanYear": 2026}


@pytest.mark.parametrize(
    ("name", "typed", "key"),
    [
        ("RepSplit", "均等", "equal"),
        ("RepSplit", "前年", "baseline"),
        ("RepSplit", " 傾向 ", "trend"),
        ("LeverMix", "方針", "policy"),
        ("IdenticalOrderLines", "除く", "drop"),
        ("IdenticalOrderLines", "ＤＲＯＰ", "drop"),  # the key as before, full width
        ("FiscalYearLabel", "終わる年", "end"),
    ],
)
def test_a_japanese_word_is_read_as_its_key(name: str, typed: str, key: str) -> None:
    parsed = parse_settings({**BASE, name: typed})
    assert parsed.values[name] == key
    assert not [c for c in parsed.checks if c.problem == "setting_invalid"]


def _invalid(name: str, typed: str) -> Check:
    parsed = parse_settings({**BASE, name: typed}, cell_of={name: (9, "B")})
    (check,) = [c for c in parsed.checks if c.problem == "setting_invalid"]
    return check


def test_an_unknown_value_names_the_keys_with_their_japanese_words() -> None:
    check = _invalid("RepSplit", "比例")
    assert (check.row, check.column) == (9, "B RepSplit")
    assert check_message(check, "ja") == (
        "設定「RepSplit」の値が正しくありません: 値を判別できません: trend=傾向 / baseline=前年 / "
        "equal=均等 / manual=手動 のいずれかを入力してください。英字・日本語のどちらでも読みます"
        "(既定値 trend を使います)"
    )
    assert check_message(check, "en") == (
        "setting 'RepSplit' is invalid: unknown value; use one of trend/baseline/equal/manual "
        "(default trend used)"
    )


def test_a_japanese_word_typed_on_the_settings_sheet_changes_the_run(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Settings"]
    label = next(s.ja for s in SETTING_SPECS if s.name == "RepSplit")  # 担当者配分方法
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    ws.cell(row, 2).value = "均等"
    wb.save(path)
    computed = compute_data(read_workbook(path))
    assert computed.result.evidence.settings.rep_split == "equal"
    assert not [c for c in computed.checks if c.problem == "setting_invalid"]
