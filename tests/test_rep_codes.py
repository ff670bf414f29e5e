"""A customer master with both 担当者コード and 担当者名 (trial 22): the code decides the rep
(validation/reps.py ``key_by_code``), so a reassignment typed in the code column only moves
the account. One warning names the column and the rows whose code another rep's rows carry
(``code_name_check``), the same from a sheet and from a file (sources/tabular.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from routekpi.contract import RawSheet
from routekpi.messages import text
from routekpi.sources import SourceRef
from routekpi.validation.tables import validate_inputs
from tests.test_sources import _external

HEADER = ["顧客コード", "顧客名", "担当者コード", "担当者名", "取引開始日"]
# a3 was 山口's: the master gives it 田中's code S01 and still the name 山口 茂 (row 4).
# 佐藤 花子 is typed with and without a space: one rep (validation.reps.rep_key), no warning.
ACCOUNTS = [
    ["a1", "酒店A", "S01", "田中 一郎", "2020-04-01"],
    ["a2", "酒店B", "S01", "田中 一郎", "2020-04-01"],
    ["a3", "酒店C", "S01", "山口 茂", "2020-04-01"],
    ["b1", "酒店D", "S02", "佐藤 花子", "2020-04-01"],
    ["b2", "酒店E", "S02", "佐藤花子", "2020-04-01"],
    ["y1", "酒店F", "S03", "山口 茂", "2020-04-01"],
]
ORDERS = [
    ["受注日", "顧客コード", "担当者", "金額(円)"],
    *[[f"2025-0{m}-10", a[0], a[3], "100"] for m in (4, 5, 6) for a in ACCOUNTS],
]


def _warned(checks: list) -> list[tuple[object, ...]]:
    return [
        (c.row, c.column, c.value, c.params, c.severity)
        for c in checks
        if c.problem == "rep_code_name_mismatch"
    ]


def test_a_code_only_reassignment_is_one_warning_naming_its_rows(tmp_path: Path) -> None:
    want_params = {
        "count": 1,
        "code_column": "担当者コード",
        "name_column": "担当者名",
        "code": "S01",
        "usual": "田中 一郎",
        "name": "山口 茂",
        "rows": "4",
        "row": 4,
    }
    # From files (DuckDB): the Accounts CSV's line 4.
    orders = tmp_path / "o.csv"
    orders.write_text("\n".join(",".join(r) for r in ORDERS) + "\n", encoding="utf-8")
    master = tmp_path / "master.csv"
    master.write_text("\n".join(",".join(r) for r in [HEADER, *ACCOUNTS]) + "\n", encoding="utf-8")
    refs = {
        "Orders": SourceRef("Orders", str(orders)),
        "Accounts": SourceRef("Accounts", str(master)),
    }
    _, inputs = _external(refs, {})
    from_files = [c for c in inputs.checks if c.problem == "rep_code_name_mismatch"]
    assert [c.sheet for c in from_files] == ["master.csv"]
    assert _warned(from_files) == [(4, "担当者コード", "S01", want_params, "warn")]
    # The same rows pasted as sheets: the same warning, on the Accounts sheet's row 4.
    typed = [[date.fromisoformat(r[0]), r[1], r[2], float(r[3])] for r in ORDERS[1:]]
    sheets: dict[str, RawSheet | None] = {
        "Orders": RawSheet(name="Orders", rows=[ORDERS[0], *typed]),
        "Accounts": RawSheet(name="Accounts", rows=[HEADER, *ACCOUNTS]),
    }
    on_sheets = validate_inputs(sheets, today=date(2026, 12, 1))
    said = [c for c in on_sheets.checks if c.problem == "rep_code_name_mismatch"]
    assert [c.sheet for c in said] == ["Accounts"]
    assert _warned(said) == _warned(from_files)
    # The code is read: a3 is 田中's (S01), as the warning says, from a sheet and a file.
    acc = on_sheets.history.accounts.set_index("account")["rep"]
    assert acc["a3"] == "田中 一郎"
    assert inputs.history.accounts.set_index("account")["rep"]["a3"] == "田中 一郎"
    words = text("rep_code_name_mismatch", "ja", **want_params)
    assert "食い違う行が 1 行あります(4 行目)。" in words
    assert "この行は「田中 一郎」の担当として数えます" in words
    assert "担当者コード S01 はほかの行では「田中 一郎」ですが、4 行目は「山口 茂」です" in words


def test_codes_that_agree_with_the_names_say_nothing(tmp_path: Path) -> None:
    rows = [
        r if r[0] != "a3" else ["a3", "酒店C", "S03", "山口 茂", "2020-04-01"] for r in ACCOUNTS
    ]
    sheets: dict[str, RawSheet | None] = {
        "Orders": RawSheet(
            name="Orders",
            rows=[
                ORDERS[0],
                *[[date.fromisoformat(r[0]), r[1], r[2], float(r[3])] for r in ORDERS[1:]],
            ],
        ),
        "Accounts": RawSheet(name="Accounts", rows=[HEADER, *rows]),
    }
    checks = validate_inputs(sheets, today=date(2026, 12, 1)).checks
    assert not [c for c in checks if c.problem == "rep_code_name_mismatch"]


def test_a_reassignment_by_name_with_the_old_code_left_says_nothing() -> None:
    """The README's way: 山口's open accounts renamed to 田中 and 佐藤, his code S03 left on
    them. S03 has no rep most of its open rows name, and his closed account (an end date)
    is not an assignment: no warning."""
    header = [*HEADER, "取引終了日"]
    rows = [
        *[[*r, None] for r in ACCOUNTS if r[0] not in ("a3", "y1")],
        ["y1", "酒店F", "S03", "田中 一郎", "2020-04-01", None],
        ["y2", "酒店G", "S03", "佐藤 花子", "2020-04-01", None],
        ["y3", "酒店H", "S03", "山口 茂", "2020-04-01", "2024-03-31"],
        ["y4", "酒店I", "S03", "山口 茂", "2020-04-01", "2024-03-31"],
    ]
    typed = [[date.fromisoformat(r[0]), r[1], r[2], float(r[3])] for r in ORDERS[1:]]
    sheets: dict[str, RawSheet | None] = {
        "Orders": RawSheet(name="Orders", rows=[ORDERS[0], *typed]),
        "Accounts": RawSheet(name="Accounts", rows=[header, *rows]),
    }
    checks = validate_inputs(sheets, today=date(2026, 12, 1)).checks
    assert not [c for c in checks if c.problem == "rep_code_name_mismatch"]
    # The same master with y3 and y4 open and y2 under 佐藤's code S02: S03 is 山口's on 2
    # of its 3 open rows, so y1 (row 6, 田中 一郎) is listed.
    rows[-1][-1] = rows[-2][-1] = None
    rows[-3][2] = "S02"
    sheets["Accounts"] = RawSheet(name="Accounts", rows=[header, *rows])
    checks = validate_inputs(sheets, today=date(2026, 12, 1)).checks
    said = [c for c in checks if c.problem == "rep_code_name_mismatch"]
    assert [(c.value, c.params["usual"], c.params["name"], c.params["rows"]) for c in said] == [
        ("S03", "山口 茂", "田中 一郎", "6")
    ]
