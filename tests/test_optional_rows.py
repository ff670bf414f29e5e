"""The optional lists' rows left out: one warning naming each row, its column, the value and
what is wrong, never the history tables' critical line (fix24a, after trial 23's Leave fix).

A bad row on Words, Holidays, Overrides, RepWeights or Notes stands alone: one of two rows
left out read 「1行(この表の2行の50%)を使用しませんでした …: 上の行の理由を直して」 as critical
(share then refused the book), and 「上の行」 had no row above it on stderr.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from workbook_files import checks_sheet, edit

from routekpi.cli import main
from routekpi.contract import RawSheet
from routekpi.render import check_message
from routekpi.schema import INPUT_SHEETS
from routekpi.validation.tables import validate_inputs

TODAY = dt.date(2026, 12, 3)


def _sheets() -> dict[str, RawSheet | None]:
    orders = [["受注日", "顧客コード", "担当者", "金額"]] + [
        [f"2026/{m}/10", "C1", "長谷川", 1000] for m in range(1, 11)
    ]
    accounts = [["顧客コード", "担当者", "取引開始日"], ["C1", "長谷川", "2020/1/1"]]
    sheets: dict[str, RawSheet | None] = {s.name: None for s in INPUT_SHEETS}
    sheets["Orders"] = RawSheet("Orders", orders)
    sheets["Accounts"] = RawSheet("Accounts", accounts)
    sheets["Holidays"] = RawSheet(
        "会社休日",
        [["日付", "名称"], ["2026/8/13", "夏季休業"], ["2026/8/32", "夏季休業"]],  # row 3
    )
    sheets["Overrides"] = RawSheet(
        "目標上書き",
        [["KPI", "担当者", "期間", "目標"], ["revenue", "長谷川", "FY2026", "たくさん"]],  # row 2
    )
    sheets["RepWeights"] = RawSheet(
        "担当者配分", [["担当者", "配分"], ["長谷川", 2], [None, 1], ["長谷川", "多め"]]
    )
    sheets["Notes"] = RawSheet("メモ", [["担当者", "年月", "KPI", "メモ"], ["長谷川", "2026-05"]])
    return sheets


def test_each_optional_list_says_its_rows_in_one_warning() -> None:
    inputs = validate_inputs(_sheets(), dt.date(2026, 10, 31), today=TODAY)
    assert not [c for c in inputs.checks if c.severity == "critical"]
    lines = {c.sheet: c for c in inputs.checks if c.problem == "optional_rows_skipped"}
    assert set(lines) == {"Holidays", "Overrides", "RepWeights", "Notes"}
    assert all(c.severity == "warn" for c in lines.values())
    said = {sheet: check_message(c, "ja") for sheet, c in lines.items()}
    assert said["Holidays"] == (
        "会社休日シートの 1 行を使用しませんでした: 3行目 A 日付「2026/8/32」(存在しない日付)。"
        "その日は会社の休日に入れず、営業日として数えています。直して再計算してください"
    )
    assert said["Overrides"] == (
        "目標上書きシートの 1 行を使用しませんでした: 2行目 D 目標「たくさん」(数値でない)。"
        "その目標は上書きしていません(計算した目標のままです)。直して再計算してください"
    )
    # Row 3 has no rep, row 4 a negative weight: 2 of 3 rows, named in row order.
    assert said["RepWeights"] == (
        "担当者配分シートの 2 行を使用しませんでした: 3行目 A 担当者(空欄)、"
        "4行目 B 配分「多め」(数値でない)。"
        "その担当者の配分は使っていません。直して再計算してください"
    )
    assert said["Notes"] == (
        "メモシートの 1 行を使用しませんでした: 2行目 D メモ(空欄)。"
        "そのメモは表示していません。直して再計算してください"
    )
    assert check_message(lines["Holidays"], "en") == (
        "1 row of the Holidays sheet not used: row 3, A 日付 '2026/8/32' (no such date). "
        "Those days are not company holidays: they count as working days. "
        "Fix them and recalculate"
    )
    # The rows' own Checks are still there, each naming its cell.
    rows = {(c.sheet, c.row, c.column, c.problem) for c in inputs.checks if c.severity == "error"}
    assert ("Holidays", 3, "A 日付", "impossible_date") in rows
    assert ("RepWeights", 4, "B 配分", "not_a_number") in rows
    # The good rows are used: the typed holiday, the weight of 2.
    assert dt.date(2026, 8, 13) in set(inputs.history.holidays["date"].dt.date)
    assert inputs.rep_weights == {"長谷川": 2.0}


def test_more_rows_than_listed_are_counted() -> None:
    sheets = _sheets()
    sheets["Holidays"] = RawSheet(
        "会社休日", [["日付", "名称"], *[[f"2026/2/{d}", "x"] for d in range(30, 30 + 12)]]
    )
    inputs = validate_inputs(sheets, dt.date(2026, 10, 31), today=TODAY)
    (line,) = [c for c in inputs.checks if c.problem == "optional_rows_skipped"][:1]
    assert line.sheet == "Holidays" and line.params["count"] == 12
    said = check_message(line, "ja")
    # Ten rows named (rows 2-11), the other two counted.
    assert "2行目 A 日付「2026/2/30」(存在しない日付)" in said
    assert "11行目 A 日付「2026/2/39」" in said and "12行目" not in said
    assert "ほか 2 行。" in said


# --- a workbook written and read back --------------------------------------------------------


def test_a_bad_row_on_words_and_holidays_in_a_book_is_a_warning_not_critical(
    copy_case: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """One Holidays row typed badly under 36 good ones and one Words row of two: before, the
    Words line was critical (「1行(この表の2行の50%)」) and recalc printed it with 「上の行」."""
    path = copy_case("base.xlsm")
    with edit(path) as wb:
        ws = wb["Words"]
        ws["A2"], ws["B2"] = "見積提出", "商談"
        ws["A3"], ws["B3"] = "打合せ", "会議"
        ws.tables["Words"].ref = "A1:B3"
        hol = wb["Holidays"]
        hol["A38"], hol["B38"] = "2026/13/1", "創立記念日"
        hol.tables["Holidays"].ref = "A1:B38"
    assert main(["recalc", str(path)]) == 0
    out = capsys.readouterr()
    assert "上の行" not in out.out + out.err
    assert "チェック: 重大 0 件" in out.out
    words = [r for r in checks_sheet(path, "Words") if r[1] is None and r[5] == "警告"]
    assert [r[4] for r in words] == [
        "種別の読み替えシートの 1 行を使用しませんでした: "
        "3行目 B 種別「会議」(routekpiの種別・結果でない)。"
        "その言葉は種別として読み替えていません。直して再計算してください"
    ]
    holidays = [r for r in checks_sheet(path, "Holidays") if r[5] == "警告"]
    assert [r[4] for r in holidays] == [
        "会社休日シートの 1 行を使用しませんでした: 38行目 A 日付「2026/13/1」(存在しない日付)。"
        "その日は会社の休日に入れず、営業日として数えています。直して再計算してください"
    ]


def test_a_sources_row_left_out_is_named_in_one_warning(tmp_path: Path) -> None:
    """A Sources row whose input is no input's name (row 3) and one without a source (row 4):
    each is its own error, and the sheet's line names both (it was critical: 2 of 3 rows)."""
    from routekpi.sources.sheet import sources_from_sheet

    raw = RawSheet(
        "データソース",
        [
            ["入力", "ソース"],
            ["受注", "orders.csv"],  # row 2: used
            ["受注履歴2", "old.csv"],  # row 3: no such input
            ["訪問", None],  # row 4: no source
        ],
    )
    checks: list = []
    refs = sources_from_sheet(raw, tmp_path, checks)
    assert list(refs) == ["Orders"] and refs["Orders"].location == "orders.csv"
    assert not [c for c in checks if c.severity == "critical"]
    (line,) = [c for c in checks if c.problem == "optional_rows_skipped"]
    assert check_message(line, "ja") == (
        "データソースシートの 2 行を使用しませんでした: "
        "3行目 A 入力「受注履歴2」(入力の名前でない)、"
        "4行目 B ソース(空欄)。その行のファイル・データベースは読んでいません"
        "(その入力はほかの行の指定、なければシートから読みます)。直して再計算してください"
    )


def test_share_no_longer_refuses_a_book_for_a_bad_words_row(
    copy_case: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The corpus's words_bad_rows: share stopped on 「重大なチェックが 1 件あります — Words:
    3行(この表の6行の50%)…」; the Words rows are a warning now, so the copies are written."""
    path = copy_case("words_bad_rows.xlsm")
    out = tmp_path / "copies"
    assert main(["share", str(path), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "重大" not in said.err and "上の行" not in said.out + said.err
    assert (out / "words_bad_rows_team.xlsx").is_file()


def test_every_leave_row_bad_with_orders_from_a_file_is_a_warning(tmp_path: Path) -> None:
    """With the orders in a file (sources.assemble), Leave rows all left out were still the
    critical 「すべての行を使用しませんでした … 上の行」: the leave warning was added on the
    sheets' path only. read_table now writes the Leave line itself, on both paths."""
    import pandas as pd

    from routekpi.sources import SourceRef, external_history
    from tests.test_sources import _workbook_data

    orders = tmp_path / "orders.csv"
    pd.DataFrame(
        [[f"2026-{m:02d}-10", "C1", "林大輔", 1000] for m in range(1, 11)],
        columns=["受注日", "顧客コード", "担当者", "金額"],
    ).to_csv(orders, index=False)
    leave = RawSheet(
        "休暇・不在",
        [["担当者", "開始日", "終了日"], ["林大輔", "2026/04/31", "2026/05/10"]],  # row 2
    )
    data = _workbook_data({"Leave": leave})
    ext = external_history(
        data, {"Orders": SourceRef("Orders", str(orders))}, today=dt.date(2026, 12, 1)
    )
    checks = ext.inputs(ext.preview.last_date()).checks
    mine = [(c.row, c.column, c.problem, c.severity) for c in checks if c.sheet == "Leave"]
    assert mine == [
        (2, "B 開始日", "impossible_date", "error"),
        (None, "", "leave_rows_skipped", "warn"),
    ]
    assert not [c for c in checks if c.severity == "critical"]
