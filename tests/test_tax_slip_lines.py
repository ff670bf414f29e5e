"""A slip's consumption tax on a line of its own (弥生販売: product name 《消費税》, its 金額
the tax; 税転嫁 外税/伝票計 — a 内税 slip can carry one too, the tax its lines include).

Two accounts, one slip each on the 10th of every month 2025-01 – 2026-10 (22 months), three
lines a slip: a 10% product, an 8% one (軽減), and the 《消費税》 line. K0010 (佐藤) is on
外税 slips: ¥1,000 + ¥500 typed tax-excluded, tax line ¥140 (¥100 + ¥40). K0015 (伊藤) is
on 内税 slips: the same goods typed ¥1,100 + ¥540, tax line ¥140 (the tax they include).

By hand: 44 tax lines, 44 × ¥140 = ¥6,160, left out; each slip is then ¥1,500 tax-excluded
(伊藤's lines netted: ¥1,100 ÷ 1.10 + ¥540 ÷ 1.08), 22 slips ¥33,000 an account; the 内税
line still said once: 44 lines, typed ¥36,080, tax ¥3,080 (the tax lines not among them).
Read as sales, the tax lines made 佐藤 22 × ¥1,640 = ¥36,080 (+9.3%) and 伊藤 22 × (¥1,500 +
¥140 ÷ 1.10) = ¥35,800 (+8.5%).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
from routekpi.validation.tax import is_tax_line_name
from tests.test_sources import _workbook_data, assert_same_results
from tests.workbook_files import fold_checks, lines_book

HEADER = ["受注日", "伝票番号", "得意先コード", "担当者", "商品名", "数量", "金額", "税区分"]
HEADER += ["税率"]
TODAY = date(2026, 12, 1)
SAID = ("tax_lines_removed", "tax_netted_rate")


def _rows(tax_name: str = "《消費税》") -> list[list[object]]:
    rows: list[list[object]] = []
    for i, m in enumerate(pd.date_range("2025-01-01", "2026-10-01", freq="MS")):
        day = (m + pd.Timedelta(days=9)).date()
        for account, rep, kind, amounts in (
            ("K0010", "佐藤 一郎", "外税", (1000, 500)),
            ("K0015", "伊藤 花子", "内税", (1100, 540)),
        ):
            slip = f"S{account}-{i}"
            rows.append([day, slip, account, rep, "生ビール樽 10L", 1, amounts[0], kind, "10%"])
            rows.append([day, slip, account, rep, "唐揚げ粉 2kg", 1, amounts[1], kind, "8%(軽減)"])
            rows.append([day, slip, account, rep, tax_name, None, 140, kind, None])
    return rows


def _data(orders: list[list[object]] | None) -> WorkbookData:
    accounts = [["得意先コード", "担当者", "開始日"]]
    accounts += [["K0010", "佐藤 一郎", date(2024, 1, 1)], ["K0015", "伊藤 花子", date(2024, 1, 1)]]
    sheets: dict[str, RawSheet | None] = {"Accounts": RawSheet(name="Accounts", rows=accounts)}
    if orders is not None:
        sheets["Orders"] = RawSheet(name="Orders", rows=orders)
    return _workbook_data(sheets)


def _said(checks: list) -> list[tuple[object, ...]]:
    return [(c.row, c.column, c.problem, c.params) for c in checks if c.problem in SAID]


def _by_account(orders: pd.DataFrame) -> dict[str, float]:
    return {k: round(float(v), 6) for k, v in orders.groupby("account")["amount"].sum().items()}


def test_names_of_a_tax_line_and_products_that_only_mention_tax() -> None:
    assert all(
        is_tax_line_name(w)
        for w in ("《消費税》", "＜消費税＞", "<<消費税>>", "【消費税額】", " 消費税 ")
    )
    assert not any(
        is_tax_line_name(w)
        for w in ("消費税込みセット", "生ビール(消費税別)", "《値引》", "税", None, float("nan"))
    )


def test_the_tax_lines_are_left_out_and_said_once() -> None:
    inputs = validate_inputs(_data([HEADER, *_rows()]).sheets, today=TODAY)
    orders = inputs.history.orders
    assert len(orders) == 44  # the tax line is no order: still one a slip
    assert _by_account(orders) == {"K0010": 33000.0, "K0015": pytest.approx(33000.0)}
    removed, netted = _said(inputs.checks)
    assert removed[:3] == (1, "E 商品名", "tax_lines_removed")
    assert text("tax_lines_removed", "ja", **removed[3]) == (
        "列「E 商品名」が「《消費税》」の44行(金額 ¥6,160)は消費税の行なので、"
        "売上に数えていません(伝票の数にも入りません)"
    )
    assert netted[2] == "tax_netted_rate"  # the 内税 goods lines only, not the tax lines
    assert (netted[3]["lines"], netted[3]["gross"], netted[3]["tax"]) == ("44", "¥36,080", "¥3,080")


def test_an_export_without_tax_lines_says_nothing() -> None:
    rows = [r for r in _rows() if r[4] != "《消費税》"]
    inputs = validate_inputs(_data([HEADER, *rows]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 33000.0, "K0015": pytest.approx(33000.0)}
    assert [p for _, _, p, _ in _said(inputs.checks)] == ["tax_netted_rate"]


def _csv(path: Path, rows: list[list[object]]) -> SourceRef:
    """As 弥生販売 writes it: CP932, 2026/05/12 dates, a blank quantity on the tax line."""
    lines = [",".join(HEADER)]
    for r in rows:
        cells = ["" if v is None else f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r]
        lines.append(",".join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return SourceRef("Orders", str(path))


def _xlsx(path: Path, rows: list[list[object]]) -> SourceRef:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return SourceRef("Orders", str(path))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_leaves_out_the_lines_the_pasted_sheet_does(tmp_path: Path, kind: str) -> None:
    rows = _rows("【消費税】")
    ref = {"csv": _csv, "xlsx": _xlsx}[kind](tmp_path / f"売上明細.{kind}", rows)
    got = external_history(_data(None), {"Orders": ref}, today=TODAY).inputs(date(2026, 10, 31))
    want = validate_inputs(_data([HEADER, *rows]).sheets, today=TODAY)
    assert _said(got.checks) == _said(want.checks)
    assert _said(got.checks)[0][3]["name"] == "【消費税】"
    facts = got.history.facts
    assert facts is not None
    months = facts.rep_months.reset_index() if "rep" not in facts.rep_months else facts.rep_months
    assert float(months["revenue"].sum()) == pytest.approx(66000.0)
    assert float(months["orders"].sum()) == 44.0
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    pd.testing.assert_frame_equal(
        raw.history.orders.reset_index(drop=True),
        want.history.orders.reset_index(drop=True),
        check_dtype=False,
    )


def _book(path: Path) -> Path:
    return lines_book(path, HEADER, _rows(), kgi=40_000)


@pytest.mark.slow  # a recalculation and two computations of a workbook
def test_a_written_workbook_reads_back_the_baseline_without_the_tax(tmp_path: Path) -> None:
    """The book recalculated and read back: the Checks line at the 商品名 header, and both
    reps' baseline revenue 12 × ¥1,500 = ¥18,000 (Nov 2025 – Oct 2026), not ¥19,680 / ¥19,527
    with the tax lines read as sales; the same results from the rows as a CSV."""
    book = _book(tmp_path / "book.xlsm")
    sheets = compute_file(book)[0]
    files = compute_file(book, sources={"Orders": _csv(tmp_path / "o.csv", _rows())})[0]
    assert_same_results(sheets[0], files[0])
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    name = "チェック" if "チェック" in wb.sheetnames else "Checks"
    checks = fold_checks([list(r) for r in wb[name].iter_rows(values_only=True)][1:])
    [row] = [r for r in checks if "「《消費税》」の44行(金額 ¥6,160)" in str(r[4])]
    assert row[1:3] == [1, "E 商品名"] and row[5] in ("情報", "info")
    name = "目標" if "目標" in wb.sheetnames else "Targets"
    targets = [list(r) for r in wb[name].iter_rows(values_only=True)]
    base = {r[1]: r[4] for r in targets[1:] if r[0] == "FY2027" and r[2] == "revenue"}
    assert base["佐藤 一郎"] == pytest.approx(18000.0)
    assert base["伊藤 花子"] == pytest.approx(18000.0)


# 弥生販売's own layout: 税転嫁 says 外税/内税 for the slip, 税区分 the line's rate.
YAYOI = ["伝票日付", "伝票番号", "得意先コード", "担当者", "税転嫁", "商品名", "数量", "金額"]
YAYOI += ["税区分"]


def _yayoi_rows() -> list[list[object]]:
    tenka = {"外税": "外税/伝票計", "内税": "内税/総額"}
    kubun = {"10%": "課税10.0%", "8%(軽減)": "軽減8.0%", None: None}
    return [[*r[:4], tenka[str(r[7])], r[4], r[5], r[6], kubun[r[8]]] for r in _rows()]


@pytest.mark.parametrize("kind", ["sheet", "csv"])
def test_yayoi_hanbai_columns_tenka_for_the_class_and_kubun_for_the_rate(
    tmp_path: Path, kind: str
) -> None:
    """Both columns, as 弥生販売 exports them: 税転嫁 (外税/伝票計, 内税/総額) is read as the
    tax class and 税区分 (課税10.0%, 軽減8.0%) as the rate — the same ¥1,500 a slip, netted at
    each line's own rate (not 1.10 throughout: ¥32,800 for 伊藤)."""
    rows = _yayoi_rows()
    want = validate_inputs(_data([YAYOI, *rows]).sheets, today=TODAY)
    assert _by_account(want.history.orders) == {"K0010": 33000.0, "K0015": pytest.approx(33000.0)}
    removed, netted = _said(want.checks)
    assert (removed[1], removed[3]["lines"], removed[3]["yen"]) == ("F 商品名", "44", "¥6,160")
    assert (netted[1], netted[3]["rate_column"], netted[3]["tax"]) == (
        "E 税転嫁",
        "I 税区分",
        "¥3,080",
    )
    if kind == "csv":
        path = tmp_path / "売上明細.csv"
        lines = [",".join(YAYOI)]
        lines += [
            ",".join(
                "" if v is None else f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r
            )
            for r in rows
        ]
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
        ext = external_history(_data(None), {"Orders": SourceRef("Orders", str(path))}, today=TODAY)
        got = ext.inputs(date(2026, 10, 31))
        assert _said(got.checks) == _said(want.checks)


def test_the_tax_line_is_found_by_its_name_beside_a_product_code() -> None:
    """商品コード read as the product and 商品名 beside it (not read): the tax line has no code,
    and its name says what it is — the same 44 lines, ¥6,160, at the 商品名 column."""
    header = [*HEADER[:4], "商品コード", *HEADER[4:]]
    rows = [
        [*r[:4], None if r[4] == "《消費税》" else f"P{len(str(r[4]))}", *r[4:]] for r in _rows()
    ]
    inputs = validate_inputs(_data([header, *rows]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 33000.0, "K0015": pytest.approx(33000.0)}
    removed, _ = _said(inputs.checks)
    assert (removed[1], removed[3]["lines"], removed[3]["yen"]) == ("F 商品名", "44", "¥6,160")
