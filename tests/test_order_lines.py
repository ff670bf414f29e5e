"""A sales-line export (売上明細: a row per product line, the slip's number beside it) counts
its slips as orders: the same targets as the same orders pasted one row each, on the Orders
sheet and from a file; lines without a number stay orders of their own."""

from __future__ import annotations

import copy
import csv
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from workbook_files import CORPUS

from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.messages import text
from routekpi.pipeline import Computed
from routekpi.recalc import compute_data
from routekpi.sources import SourceRef
from routekpi.validation.tables import duplicate_reason, validate_inputs


@pytest.fixture(scope="module")
def base() -> WorkbookData:
    """base.xlsm (its Orders sheet has an empty 受注番号 column): one row per order."""
    return read_workbook(CORPUS / "base.xlsm")


def _with_orders(data: WorkbookData, rows: list[list[object]]) -> WorkbookData:
    out = copy.deepcopy(data)
    out.sheets["Orders"].rows = rows  # type: ignore[union-attr]
    return out


def _as_lines(rows: list[list[object]]) -> tuple[list[list[object]], int, int]:
    """Each order split into 1, 2 or 3 lines of one slip numbered S<i>. Amounts are whole
    numbers, so the lines add back to the order exactly. Also the
    number of lines in slips of more than one line, and the number of such slips."""
    header, *orders = rows
    out: list[list[object]] = [list(header)]
    lines = slips = 0
    for i, (day, account, rep, amount, qty, _) in enumerate(orders):
        n = 1 + i % 3
        # Distinct parts: a line repeating another of its slip would be a double paste.
        amounts = [float(k + 1) for k in range(n - 1)]
        amounts.append(float(amount) - sum(amounts))
        # Quantity on the first line only: the slip's quantity is still the order's.
        for k, part in enumerate(amounts):
            out.append([day, account, rep, part, qty if k == 0 else None, f"S{i}"])
        if n > 1:
            lines, slips = lines + n, slips + 1
    return out, lines, slips


def _same_targets(a: object, b: object) -> None:
    pd.testing.assert_frame_equal(a.result.targets, b.result.targets, check_exact=True)  # type: ignore[attr-defined]
    pd.testing.assert_frame_equal(a.result.attainment, b.result.attainment, check_exact=True)  # type: ignore[attr-defined]


def test_lines_of_one_slip_give_the_targets_of_one_row_per_order(base: WorkbookData) -> None:
    rows = base.sheets["Orders"].rows  # type: ignore[union-attr]
    lines, n_lines, n_slips = _as_lines(rows)
    assert len(lines) > len(rows) + 1000  # the export really has more lines than orders
    one_row = compute_data(base)
    split = compute_data(_with_orders(base, lines))
    _same_targets(one_row, split)
    merged = [c for c in split.checks if c.problem == "order_lines_merged"]
    assert [(c.sheet, c.row, c.params, c.severity) for c in merged] == [
        ("Orders", None, {"lines": f"{n_lines:,}", "orders": f"{n_slips:,}"}, "info")
    ]
    assert not [c for c in one_row.checks if c.problem == "order_lines_merged"]


def test_the_same_lines_from_a_csv_file_give_the_same_targets(
    base: WorkbookData, tmp_path: Path
) -> None:
    rows = base.sheets["Orders"].rows  # type: ignore[union-attr]
    lines, n_lines, n_slips = _as_lines(rows)
    path = tmp_path / "売上明細.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(["受注日", "顧客コード", "担当者", "金額", "数量", "伝票番号"])
        for day, account, rep, amount, qty, slip in lines[1:]:
            out.writerow([day.isoformat(), account, rep, amount, "" if qty is None else qty, slip])  # type: ignore[union-attr]
    from_file = compute_data(base, sources={"Orders": SourceRef("Orders", str(path))})
    _same_targets(compute_data(base), from_file)
    merged = [c for c in from_file.checks if c.problem == "order_lines_merged"]
    assert [(c.sheet, c.params) for c in merged] == [
        ("売上明細.csv", {"lines": f"{n_lines:,}", "orders": f"{n_slips:,}"})
    ]


def test_what_makes_one_order(base: WorkbookData) -> None:
    """Same number, date, account and rep: one order. Anything else differs: its own."""
    d1, d2 = date(2025, 4, 1), date(2025, 4, 2)
    rows: list[list[object]] = [
        ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号"],
        [d1, "C0019", "Tanaka", 100.0, None, "A1"],  # row 2: A1's first line
        [d1, "C0019", "Tanaka", 250.0, 3.0, "A1"],  # row 3: → row 2 (350, quantity 3)
        [d1, "C0019", "Tanaka", 40.0, None, "A2"],  # row 4: A2, one line, no quantity
        [d1, "C0019", "Tanaka", 60.0, None, "A2"],  # row 5: → row 4 (100, no quantity)
        [d2, "C0019", "Tanaka", 70.0, 1.0, "A1"],  # row 6: A1 on another day: its own
        [d1, "C0019", "Tanaka", 5.0, 1.0, None],  # row 7: no number: its own
        [d1, "C0019", "Tanaka", 5.0, 1.0, None],  # row 8: identical, no number: its own
    ]
    inputs = validate_inputs(_with_orders(base, rows).sheets, today=date(2026, 1, 1))
    got = inputs.history.orders
    assert got["amount"].tolist() == [350.0, 100.0, 70.0, 5.0, 5.0]
    quantity = got["quantity"].tolist()
    assert quantity[0] == 3.0 and math.isnan(quantity[1]) and quantity[2:] == [1.0, 1.0, 1.0]
    merged = [c.params for c in inputs.checks if c.problem == "order_lines_merged"]
    assert merged == [{"lines": "4", "orders": "2"}]
    # The engine's frames are numbered anew and carry no validation attrs (pandas would copy
    # them into every frame made from them).
    assert got.index.tolist() == [0, 1, 2, 3, 4] and got.attrs == {}


@pytest.mark.parametrize(
    "headers, date_at, order_at, ignored",
    [
        # An export with both dates: the order date is read, the slip date left alone
        # (before 伝票日付 was an alias it was an extra column; it must not take over).
        (["伝票日付", "受注日", "顧客コード", "担当者", "金額"], 1, None, [0]),
        (
            ["Invoice Date", "Order Date", "Customer ID", "Rep", "Amount", "Invoice", "Order No"],
            1,
            6,
            [0, 5],
        ),
        (["InvoiceDate", "Customer ID", "Rep", "Amount", "Invoice"], 0, 4, []),
        # A territory stands in for the rep only when there is no rep column.
        (["Date", "Territory", "Customer ID", "Rep", "Amount"], 0, None, [1]),
    ],
)
def test_the_plainest_header_names_a_column(
    headers: list[str], date_at: int, order_at: int | None, ignored: list[int]
) -> None:
    from routekpi.schema import ORDERS, match_headers

    found = match_headers(ORDERS, list(headers))
    assert found.positions["date"] == date_at
    assert found.positions.get("order_id") == order_at
    assert found.unknown == ignored and not found.duplicates
    assert sorted(i for idx in found.unread.values() for i in idx) == ignored
    # The same name twice is still a duplicate, the leftmost read.
    twice = match_headers(ORDERS, ["日付", "顧客", "担当", "金額", "日付"])
    assert twice.positions["date"] == 0 and twice.duplicates == {"date": [4]}


@pytest.mark.parametrize("name", ["Territory", "担当エリア", "ルート"])
def test_a_territory_export_reads_the_territory_as_the_rep(name: str) -> None:
    """A wholesaler's export with no rep column: its territory (route) is the sales unit."""
    from routekpi.schema import ORDERS, VISITS, match_headers
    from routekpi.validation.tables import header_notes

    headers = ["Date", name, "Customer ID", "Amount"]
    found = match_headers(ORDERS, headers)
    assert found.positions["rep"] == 1 and not found.unknown and not found.unread
    # Said, so that "targets per territory" is a choice the user sees.
    assert header_notes(found, headers) == [(1, "rep_from_territory", {"column": name}, "info")]
    # A branch or an area holds several reps: not read as one.
    assert "rep" in match_headers(ORDERS, ["Date", "営業所", "Customer ID", "Amount"]).missing
    assert match_headers(VISITS, ["訪問日", name, "顧客コード"]).positions["rep"] == 1


@pytest.mark.parametrize(
    "headers",
    [
        ["売上日付", "得意先CD", "担当者名", "金額(税抜)", "金額(税込)"],
        ["受注日付", "得意先ｺｰﾄﾞ", "営業担当者名", "純売上額"],
        ["伝票日付", "顧客CD", "担当者コード", "売上高"],
        ["売上日", "取引先CD", "担当営業", "売上金額(税抜)", "売上金額(税込)", "営業所"],
    ],
)
def test_japanese_erp_export_headers(headers: list[str]) -> None:
    """Sales exports from Japanese ERPs, as a new user's trial met them: every required
    column is found, and beside a tax-included amount the tax-excluded one is read."""
    from routekpi.schema import ORDERS, match_headers

    found = match_headers(ORDERS, headers)
    assert not found.missing and [found.positions[k] for k in ("date", "account", "rep")] == [
        0,
        1,
        2,
    ]
    assert found.positions["amount"] == 3


def _slip_rows() -> list[list[object]]:
    d = date(2025, 4, 1)
    return [
        ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号"],
        [d, "C0019", "Tanaka", 200.0, 2.0, "S1"],  # row 2: S1, two products at one price …
        [d, "C0019", "Tanaka", 200.0, 2.0, "S1"],  # row 3: … the same again: both count
        [d, "C0019", "Tanaka", 300.0, 1.0, "S1"],  # row 4: and a third product
        [d, "C0019", "Tanaka", 50.0, 1.0, "S2"],  # rows 5–6: S2 …
        [d, "C0019", "Tanaka", 60.0, 1.0, "S2"],
        [d, "C0019", "Tanaka", 50.0, 1.0, "S2"],  # rows 7–8: … pasted again: counts once
        [d, "C0019", "Tanaka", 60.0, 1.0, "S2"],
    ]


def _april_from_csv(
    base: WorkbookData,
    rows: list[list[object]],
    path: Path,
    settings: dict[str, object] | None = None,
) -> Computed:
    """The book recalculated as of 2025-04-30 with ``rows`` (header first) as its orders
    from the CSV file ``path`` (the compact history), ``settings`` changed too."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(rows[0])
        out.writerows([[r[0].isoformat(), *r[1:]] for r in rows[1:]])  # type: ignore[union-attr]
    data = copy.deepcopy(base)
    data.settings.update({"AsOf": date(2025, 4, 30), **(settings or {})})
    return compute_data(data, sources={"Orders": SourceRef("Orders", str(path))})


def test_equal_lines_of_one_slip_count_a_slip_pasted_twice_does_not(
    base: WorkbookData, tmp_path: Path
) -> None:
    rows = _slip_rows()
    inputs = validate_inputs(_with_orders(base, rows).sheets, today=date(2026, 1, 1))
    assert inputs.history.orders["amount"].tolist() == [700.0, 110.0]
    dropped = [(c.row, c.params) for c in inputs.checks if c.problem == "duplicate_rows"]
    # One row for the slip pasted again: its two lines, the first they repeat, the yen left
    # out, and why (trial 42 L6: beside the row counting S1's equal lines, a contradiction).
    pasted = {"count": "2", "n": 2, "rows": "7, 8", "first": 5, "amount": "¥110"}
    pasted |= duplicate_reason(pasted=True, unnumbered=False)
    assert dropped == [(7, pasted)]
    assert text("duplicate_rows", "ja", **pasted).endswith(
        "合計 ¥110 です。伝票(同じ受注番号)の行がすべて同じ回数ずつ繰り返されているため、"
        "伝票ごとの貼り付けの重複とみなしました(伝票の一部の行だけが同じなら、同じ単価・数量の"
        "別商品として数えます)"
        # … and how to keep one item on two equal lines (trial 45 L3)
        "。同じ商品・同じ数量の行が2行ある伝票も、行番号がなければ貼り付けの重複と区別できず"
        "1行と数えています。別々の行なら、行番号(明細番号)の列もいっしょに貼り付けてください: "
        "行番号の違う行は両方数えます"
    )
    assert not [c for c in inputs.checks if c.problem == "identical_lines"]
    # S1's equal lines are counted, but said: part of a slip pasted again looks the same.
    said = [(c.row, c.params) for c in inputs.checks if c.problem == "slip_lines_repeated"]
    assert said == [(3, {"count": 1, "first": 2})]
    # The same lines from a file: the same orders and the same two dropped lines.
    from_file = _april_from_csv(base, rows, tmp_path / "slips.csv")
    facts = from_file.result.history.facts  # type: ignore[union-attr]
    assert facts is not None
    april = facts.rep_months[facts.rep_months["month"] == pd.Period("2025-04", "M")]
    assert april["revenue"].sum() == 810.0 and april["orders"].sum() == 2.0
    # One row for them, as on the sheet: CSV lines 7 and 8 (header = line 1), 50 + 60 yen.
    dropped = [(c.row, c.params) for c in from_file.checks if c.problem.startswith("duplicate_")]
    assert dropped == [(7, pasted)]
    said = [(c.row, c.params) for c in from_file.checks if c.problem == "slip_lines_repeated"]
    assert said == [(3, {"count": 1, "first": 2})]


def test_many_repeats_dropped_by_the_setting_are_one_row_on_a_sheet_and_from_a_file(
    base: WorkbookData, tmp_path: Path
) -> None:
    """IdenticalOrderLines=drop, seven repeats without an order number: the same one Checks
    row from the sheet and from a CSV file — the first five rows listed, then "…"."""
    d = date(2025, 4, 1)
    rows: list[list[object]] = [
        ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号"],
        [d, "C0019", "Tanaka", 100.0, 1.0, None],  # row 2 …
        *[[d, "C0019", "Tanaka", 100.0, 1.0, None] for _ in range(6)],  # rows 3–8: its repeats
        [d, "C0019", "Tanaka", 1250.0, 2.0, None],  # row 9 …
        [d, "C0019", "Tanaka", 1250.0, 2.0, None],  # row 10: its repeat
    ]
    # 7 repeats: rows 3–8 and 10; the first (row 3) repeats row 2; 6 × 100 + 1,250 = 1,850 yen.
    want = [
        (
            3,
            {
                "count": "7",
                "n": 7,
                "rows": "3, 4, 5, 6, 7 …",
                "first": 2,
                "amount": "¥1,850",
                **duplicate_reason(pasted=False, unnumbered=True),
            },
        )
    ]
    sheet = validate_inputs(
        _with_orders(base, rows).sheets, today=date(2026, 1, 1), drop_identical=True
    )
    assert [(c.row, c.params) for c in sheet.checks if c.problem == "duplicate_rows"] == want
    from_file = _april_from_csv(
        base, rows, tmp_path / "repeats.csv", {"IdenticalOrderLines": "drop"}
    )
    said = [(c.row, c.params) for c in from_file.checks if c.problem.startswith("duplicate_")]
    assert said == want
    facts = from_file.result.history.facts  # type: ignore[union-attr]
    assert facts is not None
    april = facts.rep_months[facts.rep_months["month"] == pd.Period("2025-04", "M")]
    assert april["revenue"].sum() == 1350.0 and april["orders"].sum() == 2.0


def test_a_second_name_for_a_column_is_said_on_checks(base: WorkbookData, tmp_path: Path) -> None:
    """伝票日付 beside 受注日: the order date is read, and Checks says the slip date is not
    (on a sheet and from a file)."""
    d = date(2025, 4, 1)
    rows = [
        ["伝票日付", "受注日", "顧客コード", "担当者", "金額"],
        [date(2025, 4, 3), d, "C0019", "Tanaka", 200.0],
    ]
    inputs = validate_inputs(_with_orders(base, rows).sheets, today=date(2026, 1, 1))
    assert inputs.history.orders["date"].tolist() == [pd.Timestamp(d)]
    said = [
        (c.sheet, c.row, c.column, c.params, c.severity)
        for c in inputs.checks
        if c.problem == "column_not_read"
    ]
    assert said == [("Orders", 1, "A 伝票日付", {"read": "受注日", "column": "伝票日付"}, "info")]
    path = tmp_path / "o.csv"
    path.write_text(
        "伝票日付,受注日,顧客コード,担当者,金額\n2025-04-03,2025-04-01,C0019,Tanaka,200\n"
    )
    data = copy.deepcopy(base)
    data.settings["AsOf"] = date(2025, 4, 30)
    from_file = compute_data(data, sources={"Orders": SourceRef("Orders", str(path))})
    said = [(c.row, c.column, c.params) for c in from_file.checks if c.problem == "column_not_read"]
    assert said == [(1, "A 伝票日付", {"read": "受注日", "column": "伝票日付"})]
