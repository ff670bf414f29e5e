"""A 税区分 column per order line (trial 38 H5: a 弥生 export, 22% of customers on 内税 slips
summed with the tax-excluded rest, +2.1% on the team, +3.9% on one rep).

Two accounts, one slip each on the 10th of every month 2025-01 – 2026-10 (22 months), two
lines a slip: a 10% product and an 8% one (軽減). K0010 (佐藤) is on 外税 slips: ¥1,000 + ¥500
typed, tax-excluded. K0015 (伊藤) is on 内税 slips: the same goods typed ¥1,100 + ¥540.

By hand, with the 税率 column: K0015's lines are ¥1,100 ÷ 1.10 + ¥540 ÷ 1.08 = ¥1,500 a
slip, as K0010's; 44 lines netted, typed ¥36,080 (22 × 1,640), tax ¥3,080 (22 × 140).
Without it, at the standard 10%: ¥1,100 ÷ 1.1 + ¥540 ÷ 1.1 = ¥1,490.91 a slip, 22 slips
¥32,800, tax ¥3,280.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.io.reader import WorkbookData
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.sources import SourceRef, external_history
from routekpi.validation.tables import validate_inputs
from routekpi.validation.tax import (
    TAX_EXCLUDED_ALL,
    TAX_HEADER_NETTED,
    TAX_PROBLEM,
    is_included_class,
    line_rate,
    net_amounts,
    net_divisor,
    tax_included,
    tax_mark,
)
from tests.test_sources import _workbook_data, assert_same_results
from tests.workbook_files import fold_checks, lines_book

HEADER = [
    "受注日",
    "伝票番号",
    "得意先コード",
    "担当者",
    "商品コード",
    "数量",
    "金額",
    "税区分",
    "税率",
]
TODAY = date(2026, 12, 1)
NETTED = ("tax_netted_rate", "tax_netted_standard", "tax_netted_mixed")


def _rows(rate: bool = True) -> list[list[object]]:
    rows: list[list[object]] = []
    for i, m in enumerate(pd.date_range("2025-01-01", "2026-10-01", freq="MS")):
        day = (m + pd.Timedelta(days=9)).date()
        for account, rep, kind, amounts in (
            ("K0010", "佐藤 一郎", "外税", (1000, 500)),
            ("K0015", "伊藤 花子", "内税", (1100, 540)),
        ):
            slip = f"S{account}-{i}"
            rows.append([day, slip, account, rep, "P1", 1, amounts[0], kind, "10%"])
            rows.append([day, slip, account, rep, "P2", 1, amounts[1], kind, "8%(軽減)"])
    return [r if rate else r[:-1] for r in rows]


def _header(rate: bool = True) -> list[str]:
    return HEADER if rate else HEADER[:-1]


def _data(orders: list[list[object]] | None) -> WorkbookData:
    accounts = [["得意先コード", "担当者", "開始日"]]
    accounts += [["K0010", "佐藤 一郎", date(2024, 1, 1)], ["K0015", "伊藤 花子", date(2024, 1, 1)]]
    sheets: dict[str, RawSheet | None] = {"Accounts": RawSheet(name="Accounts", rows=accounts)}
    if orders is not None:
        sheets["Orders"] = RawSheet(name="Orders", rows=orders)
    return _workbook_data(sheets)


def _said(checks: list) -> list[tuple[object, ...]]:
    return [(c.row, c.column, c.problem, c.params) for c in checks if c.problem in NETTED]


def _by_account(orders: pd.DataFrame) -> dict[str, float]:
    return {k: round(float(v), 6) for k, v in orders.groupby("account")["amount"].sum().items()}


def test_words_and_rates_as_an_export_types_them() -> None:
    assert [is_included_class(w) for w in ("内税", "税込", "内税(10%)", "込", "ﾅｲｾﾞｲ")] == [
        True,
        True,
        True,
        True,
        False,
    ]
    assert not any(is_included_class(w) for w in ("外税", "税抜", "非課税", "免税", None, ""))
    assert [
        line_rate(v) for v in ("10%", "１０％", 10, 0.08, "8%(軽減)", "軽減", "", None, "abc")
    ] == [
        0.10,
        0.10,
        0.10,
        0.08,
        0.08,
        0.08,
        None,
        None,
        None,
    ]
    assert net_divisor("内税", "8%") == (1.08, False)
    assert net_divisor("内税", None) == (1.10, True)  # the standard rate, said on Checks
    assert net_divisor("外税", "10%") is None
    amount, done = net_amounts(
        np.array([1100.0, 540.0, 1000.0, np.nan]), ["内税", "内税", "外税", "内税"], None
    )
    assert amount[:3].tolist() == pytest.approx([1000.0, 490.9090909, 1000.0])
    assert (done.lines, done.gross, done.standard) == (2, 1640.0, 2)


def test_pasted_lines_marked_nai_zei_are_netted_at_their_rate() -> None:
    inputs = validate_inputs(_data([HEADER, *_rows()]).sheets, today=TODAY)
    orders = inputs.history.orders
    assert len(orders) == 44  # one order a slip: the tax columns are no key of it
    assert _by_account(orders) == {"K0010": 22 * 1500.0, "K0015": 22 * 1500.0}
    [(row, column, problem, params)] = _said(inputs.checks)
    assert (row, column, problem) == (1, "H 税区分", "tax_netted_rate")
    said = text(problem, "ja", **params)
    assert said == (
        "税区分が内税(税込)の44行(金額 ¥36,080)は、各行の税率(列「I 税率」)で1+税率に割って"
        "税抜にしました(税 ¥3,080 を除いています)。売上・基準売上・目標はすべて税抜です"
    )


def test_without_a_rate_column_the_standard_rate_is_used_and_said() -> None:
    inputs = validate_inputs(_data([_header(False), *_rows(False)]).sheets, today=TODAY)
    got = _by_account(inputs.history.orders)
    assert got == {"K0010": 33000.0, "K0015": pytest.approx(32800.0)}
    [(_, _, problem, params)] = _said(inputs.checks)
    assert problem == "tax_netted_standard"
    assert (params["lines"], params["gross"], params["tax"]) == ("44", "¥36,080", "¥3,280")
    assert "標準税率10%として1.10で割って" in text(problem, "ja", **params)


def test_an_export_without_nai_zei_lines_is_read_as_typed() -> None:
    rows = [[*r[:7], "外税", r[8]] for r in _rows()]
    inputs = validate_inputs(_data([HEADER, *rows]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 33000.0, "K0015": 36080.0}
    assert not _said(inputs.checks)


def _csv(path: Path, rows: list[list[object]], header: list[str]) -> SourceRef:
    """As Excel on a Japanese PC saves it: CP932, 2026/05/12 dates."""
    lines = [",".join(header)]
    for r in rows:
        lines.append(",".join(f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return SourceRef("Orders", str(path))


def _xlsx(path: Path, rows: list[list[object]], header: list[str]) -> SourceRef:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return SourceRef("Orders", str(path))


@pytest.mark.parametrize("rate", [True, False])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_nets_the_lines_the_pasted_sheet_does(tmp_path: Path, kind: str, rate: bool) -> None:
    rows, header = _rows(rate), _header(rate)
    ref = {"csv": _csv, "xlsx": _xlsx}[kind](tmp_path / f"売上明細.{kind}", rows, header)
    ext = external_history(_data(None), {"Orders": ref}, today=TODAY)
    got = ext.inputs(date(2026, 10, 31))
    want = validate_inputs(_data([header, *rows]).sheets, today=TODAY)
    assert _said(got.checks) == _said(want.checks)
    facts = got.history.facts
    assert facts is not None
    months = facts.rep_months.reset_index() if "rep" not in facts.rep_months else facts.rep_months
    team = months[months["rep"].isin(["佐藤 一郎", "伊藤 花子"])]
    assert float(team["revenue"].sum()) == pytest.approx(float(want.history.orders["amount"].sum()))
    assert float(team["orders"].sum()) == 44.0  # one order a slip, as pasted
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    pd.testing.assert_frame_equal(
        raw.history.orders.reset_index(drop=True),
        want.history.orders.reset_index(drop=True),
        check_dtype=False,
    )


def _book(path: Path) -> Path:
    return lines_book(path, HEADER, _rows(), kgi=40_000)


@pytest.mark.slow  # a recalculation and two computations of a workbook
def test_a_written_workbook_reads_back_the_netted_baseline_and_the_checks_line(
    tmp_path: Path,
) -> None:
    """The book recalculated and read back: the Checks line at the 税区分 header, and both
    reps' baseline revenue the same 12 × ¥1,500 = ¥18,000 (Nov 2025 – Oct 2026); the same
    results from the rows as a CSV named on the command line."""
    book = _book(tmp_path / "book.xlsm")
    sheets = compute_file(book)[0]
    files = compute_file(book, sources={"Orders": _csv(tmp_path / "o.csv", _rows(), HEADER)})[0]
    assert_same_results(sheets[0], files[0])
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    checks = fold_checks(
        [
            list(r)
            for r in wb["チェック" if "チェック" in wb.sheetnames else "Checks"].iter_rows(
                values_only=True
            )
        ][1:]
    )
    [row] = [r for r in checks if "税区分が内税(税込)の44行" in str(r[4])]
    assert row[1:3] == [1, "H 税区分"] and row[5] in ("情報", "info")
    targets = [
        list(r)
        for r in wb["目標" if "目標" in wb.sheetnames else "Targets"].iter_rows(values_only=True)
    ]
    base = {r[1]: r[4] for r in targets[1:] if r[0] == "FY2027" and r[2] == "revenue"}
    assert base["佐藤 一郎"] == pytest.approx(18000.0)
    assert base["伊藤 花子"] == pytest.approx(18000.0)


def _header_says_tax_included(checks: list) -> list[tuple[object, ...]]:
    keys = (TAX_PROBLEM, TAX_HEADER_NETTED)
    return [(c.row, c.column, c.problem, c.params) for c in checks if c.problem in keys]


@pytest.mark.parametrize("netted", [True, False])
def test_a_tax_included_header_whose_lines_were_netted_marks_nothing_tax_included(
    tmp_path: Path, netted: bool
) -> None:
    """Trial 42 H1: the amount column 「税込金額」 with 税区分 内税 on the lines. The lines are
    divided (¥1,500 a slip, as without the header word), so the labels carry no 「(税込)」 and
    Checks says 税抜 once, not 税込 on the row beside it; the same from a CSV. With 外税 on
    every line nothing is netted: each line's class says its amount is net (small46), so one
    line says so in the header's 税込 line's place and the labels carry no 「(税込)」."""
    header = [*HEADER[:6], "税込金額", *HEADER[7:]]
    rows = _rows() if netted else [[*r[:7], "外税", r[8]] for r in _rows()]
    inputs = validate_inputs(_data([header, *rows]).sheets, today=TODAY)
    said = _header_says_tax_included(inputs.checks)
    if not netted:
        assert _by_account(inputs.history.orders) == {"K0010": 33000.0, "K0015": 36080.0}
        assert said == []
        assert [c.problem for c in inputs.checks if c.problem == TAX_EXCLUDED_ALL] == [
            TAX_EXCLUDED_ALL
        ]
        assert tax_mark(inputs.checks, "ja") == ""
        return
    assert _by_account(inputs.history.orders) == {"K0010": 22 * 1500.0, "K0015": 22 * 1500.0}
    assert said == [
        (1, "G 税込金額", TAX_HEADER_NETTED, {"column": "税込金額", "tax_column": "H 税区分"})
    ]
    assert not tax_included(inputs.checks) and tax_mark(inputs.checks, "ja") == ""
    sentence = text(TAX_HEADER_NETTED, "ja", **said[0][3])
    assert sentence.startswith("列名は「税込金額」ですが、税区分(列「H 税区分」)が内税の行は税抜")
    assert "すべて税抜" in sentence and "税込です" not in sentence
    ref = _csv(tmp_path / "売上明細.csv", rows, header)
    ext = external_history(_data(None), {"Orders": ref}, today=TODAY).inputs(date(2026, 10, 31))
    assert _header_says_tax_included(ext.checks) == said
