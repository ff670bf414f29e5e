"""Columns routekpi does not read are named once per sheet on Checks (info): a manager who
pasted an export with 営業所, 業種 or 消費税 learns they are not used — and, for a branch
column, that there is no per-branch view — instead of guessing (trial 19: 営業所 ignored
silently). Another name for a column already read keeps its own note (column_not_read)."""

from __future__ import annotations

from pathlib import Path

from routekpi.contract import Check
from routekpi.messages import text
from routekpi.schema import ORDERS
from routekpi.sources import SourceRef
from routekpi.validation.headers import header_match
from routekpi.validation.tables import LISTED_HEADERS, header_notes
from tests.test_sources import _external, _orders_csv


def _notes(header: list[object]) -> list[tuple[int, str, dict[str, object], str]]:
    return header_notes(header_match(ORDERS, header), header)


def test_every_unread_column_is_named_in_one_note_at_the_first_of_them() -> None:
    # 得意先名 beside the code is read (the account's name where Accounts gives none); 品名
    # too, as the product (no product code beside it: trial 39 M3).
    header = ["受注日", "顧客コード", "得意先名", "担当者", "金額", "業種", "地区", None, "消費税"]
    [note] = _notes(header)
    assert note == (
        5,
        "columns_not_used",
        {"columns": "業種・地区・消費税", "columns_en": "業種, 地区, 消費税", "count": 3},
        "info",
    )
    # An English book lists the same headers as English lists words (no 「・」 between).
    assert text(note[1], "en", **note[2]).startswith("columns 業種, 地区, 消費税 are not used")
    assert text(note[1], "ja", **note[2]) == (
        "列 業種・地区・消費税 は使いません(目標の計算に要らない列です。"
        "読むだけで、シートやファイルの中身は変えません)"
    )


def test_a_branch_column_says_there_is_no_branch_view() -> None:
    [note] = _notes(["受注日", "顧客コード", "担当者", "金額", "営業所"])
    assert (note[0], note[1], note[2]["columns"]) == (4, "columns_not_used_branch", "営業所")
    assert "営業所別の小計は「担当者」シート" in text(note[1], "ja", **note[2])


def test_another_name_for_a_read_column_keeps_its_own_note_and_a_tidy_sheet_has_none() -> None:
    # 税込金額 is another name for the amount: said by column_not_read, not listed again.
    notes = _notes(["受注日", "顧客コード", "担当者", "金額", "税込金額"])
    assert [n[1] for n in notes] == ["column_not_read"]
    assert _notes(["受注日", "顧客コード", "担当者", "金額", "数量"]) == []


def test_a_long_list_ends_with_an_ellipsis() -> None:
    extra = [f"項目{i}" for i in range(LISTED_HEADERS + 2)]
    [note] = _notes(["受注日", "顧客コード", "担当者", "金額", *extra])
    assert note[2]["count"] == LISTED_HEADERS + 2
    assert note[2]["columns"] == "・".join(extra[:LISTED_HEADERS]) + " …"


def _csv_column_check(tmp_path: Path, column: str, value: str) -> Check:
    """The one columns_not_used check of an orders CSV (受注.csv, UTF-8) whose fifth column,
    ``column``, routekpi does not read (one order line, ``value`` in that column)."""
    ref: SourceRef = _orders_csv(
        tmp_path / "受注.csv",
        [f"受注日,顧客コード,担当者,金額,{column}", f"2025/04/01,C001,佐藤,1000,{value}"],
        "utf-8",
    )
    _, inputs = _external({"Orders": ref}, {})
    [check] = [c for c in inputs.checks if c.problem.startswith("columns_not_used")]
    return check


def test_a_csv_source_says_the_same(tmp_path: Path) -> None:
    check = _csv_column_check(tmp_path, "営業所", "札幌")
    assert (check.sheet, check.row, check.column, check.value, check.severity) == (
        "受注.csv",
        1,
        "E 営業所",
        "営業所",
        "info",
    )


def test_the_note_is_true_of_a_file_as_of_a_sheet(tmp_path: Path) -> None:
    """Trial 24 L3: a row about a CSV said 「シートはそのままです」 ("the sheet is left as it
    is"); the note says the columns are only read and the sheet or file is not changed."""
    check = _csv_column_check(tmp_path, "備品区分", "文具")
    assert check.sheet == "受注.csv"
    ja, en = (text(check.problem, lang, **check.params) for lang in ("ja", "en"))
    assert ja == (
        "列 備品区分 は使いません(目標の計算に要らない列です。"
        "読むだけで、シートやファイルの中身は変えません)"
    )
    assert "シートはそのまま" not in ja and "left as it is" not in en
    assert en.endswith("they are only read: the sheet or file itself is not changed)")
