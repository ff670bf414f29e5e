"""An .xlsx source kept one sheet per year, and a ledger keyed by customer name (trial 21).

Real files are written and read back: every tab whose header is the input's is read, one
under another, and Checks names the tabs read and skipped; a names-only Orders header keys
the accounts by name with spaces removed, on a sheet and in a file alike; a file without a
required column stops naming the file and its tab, not シート「Orders」.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from routekpi.contract import InputError, RawSheet
from routekpi.messages import text
from routekpi.sources import SourceRef, external_history
from routekpi.validation.plan_year import far_ahead_checks
from routekpi.validation.tables import validate_inputs
from tests.test_sources import _workbook_data as _data

pytest.importorskip("duckdb")

HEADER = ["日付", "得意先コード", "担当", "金額"]


def _book(path: Path, tabs: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in tabs.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _external(refs: dict[str, SourceRef], sheets: dict[str, RawSheet] | None = None):
    ext = external_history(_data(sheets or {}), refs, today=date(2026, 12, 1))
    return ext.inputs(ext.preview.last_date())


def test_every_year_tab_is_read_in_order_and_checks_names_them(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "台帳.xlsx",
        {
            "2024": [HEADER, [date(2024, 5, 1), "C1", "佐藤", 100]],
            "2025": [HEADER, [date(2025, 5, 1), "C1", "佐藤", 200]],
            "メモ": [["備考"], ["2026 は途中まで"]],
            "2026": [
                ["受注台帳 2026年"],  # a title above a later tab's header is left out too
                HEADER,
                [date(2026, 5, 1), "C2", "佐藤", 400],
                [date(2026, 6, 1), "C1", "佐藤", 800],
            ],
        },
    )
    inputs = _external({"Orders": SourceRef("Orders", str(path))})
    facts = inputs.history.facts
    assert facts is not None
    # All four orders, none of them the first tab's alone: 100 + 200 + 400 + 800.
    assert facts.rep_months["revenue"].sum() == 1500.0
    assert inputs.history.history_end() == date(2026, 6, 1)
    used = [c for c in inputs.checks if c.problem.startswith("source_used")]
    assert [
        (c.problem, c.params["sheets"], c.params["skipped"], c.params["rows"]) for c in used
    ] == [("source_used_stacked_skipped", "2024・2025・2026", "メモ", "4")]
    said = text(used[0].problem, "ja", **used[0].params)
    assert "シート「2024・2025・2026」をこの順に縦につないで" in said and "「メモ」" in said


def test_stacked_tabs_are_the_rows_pasted_one_under_another(tmp_path: Path) -> None:
    """Pointing Sources at the file and pasting the tabs under each other give one history."""
    tabs = {
        "2025": [
            HEADER,
            [date(2025, 5, 1), "C1", "佐藤", 200],
            [date(2025, 5, 2), "C2", "鈴木", 50],
        ],
        "2026": [HEADER, [date(2026, 5, 1), "C2", "鈴木", 400]],
    }
    path = _book(tmp_path / "台帳.xlsx", tabs)
    from_file = _external({"Orders": SourceRef("Orders", str(path))})
    pasted = RawSheet(name="Orders", rows=[*tabs["2025"], *tabs["2026"][1:]])
    from_sheet = _external({}, {"Orders": pasted})
    assert from_file.history.facts is not None and from_sheet.history.facts is not None
    got = from_file.history.facts.rep_months.sort_values(["rep", "month"]).reset_index(drop=True)
    want = from_sheet.history.facts.rep_months.sort_values(["rep", "month"]).reset_index(drop=True)
    assert got[["rep", "revenue", "orders"]].values.tolist() == [
        ["佐藤", 200.0, 1.0],
        ["鈴木", 50.0, 1.0],
        ["鈴木", 400.0, 1.0],
    ]
    assert got[["rep", "revenue", "orders"]].values.tolist() == (
        want[["rep", "revenue", "orders"]].values.tolist()
    )


NAMES_HEADER = ["日付", "得意先名", "担当", "品名", "金額(税込)"]
NAMES_ROWS = [
    [date(2026, 4, 1), "焼肉 秋保 国分町店", "佐藤", "牛タン", 1000],
    [date(2026, 4, 8), "焼肉秋保国分町店", "佐藤", "牛タン", 2000],
    [date(2026, 4, 9), "焼肉　秋保　国分町店", "佐藤", "ホルモン", 500],  # full-width spaces
    [date(2026, 4, 10), "居酒屋 仙台", "佐藤", "牛タン", 300],
]


def test_a_names_only_sheet_keys_accounts_by_name_without_spaces() -> None:
    raw = RawSheet(name="Orders", rows=[NAMES_HEADER, *NAMES_ROWS])
    inputs = validate_inputs({"Orders": raw}, today=date(2026, 12, 1))
    orders = inputs.history.orders
    assert sorted(orders.groupby("account")["amount"].sum().items()) == [
        ("居酒屋仙台", 300.0),
        ("焼肉秋保国分町店", 3500.0),
    ]
    info = [c for c in inputs.checks if c.problem.startswith("account_from_name")]
    assert [(c.sheet, c.row, c.column) for c in info] == [("Orders", 1, "B 得意先名")]
    assert text(info[0].problem, "ja", **info[0].params).startswith(
        "顧客コードがないため得意先名を顧客として使います"
    )


def test_a_names_only_file_is_keyed_alike(tmp_path: Path) -> None:
    """The same rows in an .xlsx and a CSV source: two accounts, the info line on the file."""
    path = _book(tmp_path / "受注台帳.xlsx", {"2026": [NAMES_HEADER, *NAMES_ROWS]})
    csv = tmp_path / "受注台帳.csv"
    csv.write_text(
        "\n".join([",".join(NAMES_HEADER), *(",".join(map(str, r)) for r in NAMES_ROWS)]),
        encoding="utf-8",
    )
    for source in (path, csv):
        inputs = _external({"Orders": SourceRef("Orders", str(source))})
        facts = inputs.history.facts
        assert facts is not None
        got = facts.windows.astype({"account": str}).sort_values("account")
        assert got[["account", "recent"]].values.tolist() == [
            ["居酒屋仙台", 300.0],
            ["焼肉秋保国分町店", 3500.0],
        ], source.name
        info = [c for c in inputs.checks if c.problem.startswith("account_from_name")]
        assert [c.sheet for c in info] == [source.name]


def test_a_file_without_a_required_column_stops_naming_the_file_and_tab(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "受注台帳.xlsx",
        {"2026": [["日付", "担当", "品名", "金額"], [date(2026, 4, 1), "佐藤", "牛タン", 1000]]},
    )
    with pytest.raises(InputError) as stop:
        _external({"Orders": SourceRef("Orders", str(path))})
    said = text(stop.value.key, "ja", **stop.value.params)
    assert said.startswith("「受注台帳.xlsx(2026)」に必須の列「顧客コード / Account」がありません")
    assert "シート「Orders」" not in said and "得意先名" in said


def test_a_plan_year_far_ahead_of_a_stale_history_names_the_history_first() -> None:
    """Trial 21: the 2024 tab alone was read (as-of 2024-12-30), FY2027 from January typed on
    2026-12-03: 25 months ahead of the history, which ends 24 months before today."""
    stale = far_ahead_checks(2027, 1, date(2024, 12, 30), {}, today=date(2026, 12, 3))
    assert [(c.problem, c.params["ahead"], c.params["behind"]) for c in stale] == [
        ("plan_year_far_ahead_stale", 25, 24)
    ]
    said = text(stale[0].problem, "ja", **stale[0].params)
    assert said.startswith("履歴は基準日 2024-12-30 で終わっています(今日 2026-12-03 の24か月前)")
    assert said.index("読まれていない") < said.index("2026 と入力")
    # A history 5 months behind: the plan year is the likelier slip, as before.
    fresh = far_ahead_checks(2027, 1, date(2026, 6, 30), {}, today=date(2026, 11, 1))
    assert [(c.problem, c.params["ahead"]) for c in fresh] == [("plan_year_far_ahead", 7)]


def test_a_file_without_a_header_row_stops_naming_the_file_and_tab(tmp_path: Path) -> None:
    path = _book(tmp_path / "メモ.xlsx", {"一覧": [["売上メモ"], ["4月は好調"]]})
    with pytest.raises(InputError) as stop:
        _external({"Orders": SourceRef("Orders", str(path))})
    assert stop.value.key == "no_header_stop"
    assert text(stop.value.key, "ja", **stop.value.params).startswith("シート「メモ.xlsx 一覧」の")
