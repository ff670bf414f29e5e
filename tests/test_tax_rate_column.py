"""A 税込 amount column whose 税区分 names each line's rate (trial 44 H2: a liquor wholesaler's
export, 税込金額 with 酒類 10% / 飲料 軽減8%; read 税込, a 税抜 KGI +3% on the books came out
−5.0%, and in the running year a 5% miss read as a 4% beat).

Two accounts, one slip each on the 10th of every month 2025-01 – 2026-10 (22 months), three
lines a slip, typed tax-included: beer ¥11,000 at 10%, soft drinks ¥5,400 at the reduced 8%
and a container deposit ¥1,000 非課税. K0010 (佐藤) writes the classes 酒類 10% / 飲料 軽減8% /
非課税, K0015 (伊藤) 酒類 １０％ / 飲料 軽減税率８％ / 対象外 (full-width, other words).

By hand: a slip nets to ¥10,000 + ¥5,000 + ¥1,000 = ¥16,000 (typed ¥17,400, tax ¥1,400);
22 slips ¥352,000 an account. 44 slips: 44 lines at each of 10%, 8%, 0% (132 lines), typed
¥765,600, tax ¥61,600. The baseline (Nov 2025 – Oct 2026, 12 months): ¥192,000 a rep,
¥384,000 the team; read 税込 it would be ¥208,800 a rep, ¥417,600 the team.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.contract import Check, RawSheet
from routekpi.io.reader import WorkbookData
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.sources import SourceRef, external_history
from routekpi.validation.tables import validate_inputs
from routekpi.validation.tax import (
    TAX_CLASS_UNKNOWN,
    TAX_CLASS_UNKNOWN_MIXED,
    TAX_KGI_PROBLEM,
    TAX_NETTED_BY_CLASS,
    TAX_PROBLEM,
    class_rate,
    net_amounts,
    net_divisor,
    tax_kgi_check,
    tax_mark,
)
from tests.test_sources import _workbook_data
from tests.test_transfer import TEMPLATE
from tests.workbook_files import fold_checks

HEADER = [
    "受注日",
    "伝票番号",
    "得意先コード",
    "担当者",
    "商品コード",
    "数量",
    "税込金額",
    "税区分",
]
TODAY = date(2026, 12, 1)
CLASSES = {
    "K0010": ("酒類 10%", "飲料 軽減8%", "非課税"),
    "K0015": ("酒類 １０％", "飲料 軽減税率８％", "対象外"),
}
PRODUCTS = ("P1", "P2", "P3")
REPS = {"K0010": "佐藤 一郎", "K0015": "伊藤 花子"}
SAID = (TAX_PROBLEM, TAX_NETTED_BY_CLASS, TAX_CLASS_UNKNOWN, TAX_CLASS_UNKNOWN_MIXED)


def _rows(classes: dict[str, tuple[str, str, str]] = CLASSES) -> list[list[object]]:
    rows: list[list[object]] = []
    for i, m in enumerate(pd.date_range("2025-01-01", "2026-10-01", freq="MS")):
        day = (m + pd.Timedelta(days=9)).date()
        for account, words in classes.items():
            slip = f"S{account}-{i}"
            for product, amount, word in zip(PRODUCTS, (11000, 5400, 1000), words, strict=True):
                rows.append([day, slip, account, REPS[account], product, 1, amount, word])
    return rows


def _data(orders: list[list[object]] | None) -> WorkbookData:
    accounts: list[list[object]] = [["得意先コード", "担当者", "開始日"]]
    accounts += [[a, rep, date(2024, 1, 1)] for a, rep in REPS.items()]
    sheets: dict[str, RawSheet | None] = {"Accounts": RawSheet(name="Accounts", rows=accounts)}
    if orders is not None:
        sheets["Orders"] = RawSheet(name="Orders", rows=orders)
    return _workbook_data(sheets)


def _said(checks: list[Check]) -> list[tuple[object, ...]]:
    return [(c.row, c.column, c.problem, c.params, c.severity) for c in checks if c.problem in SAID]


def _by_account(orders: pd.DataFrame) -> dict[str, float]:
    return {k: round(float(v), 6) for k, v in orders.groupby("account")["amount"].sum().items()}


def test_the_rates_a_class_names_as_exports_type_them() -> None:
    words = ["酒類 10%", "飲料 軽減8%", "軽減税率8%", "軽減税率８％", "１０％", "課税10.0%"]
    words += ["標準税率", "軽減", "非課税", "不課税", "対象外", "酒類", "区分1", "", None]
    got = [class_rate(w) for w in words]
    assert got[:11] == [0.10, 0.08, 0.08, 0.08, 0.10, 0.10, 0.10, 0.08, 0.0, 0.0, 0.0]
    assert got[11:] == [None] * 4  # a bare number is a code here, not 1%
    # Only under a 税込 header does a class with a rate say the line includes the tax.
    assert net_divisor("酒類 10%", None) is None
    assert net_divisor("酒類 10%", None, gross=True) == (1.10, False)
    assert net_divisor("飲料", "8%", gross=True) == (1.08, False)  # a rate column's rate
    assert net_divisor("外税 10%", None, gross=True) is None  # the class says 税抜
    assert net_divisor("酒類", None, gross=True) is None
    assert net_divisor("内税 8%", None) == (1.08, False)  # 内税 naming its own rate
    amount, done = net_amounts(
        np.array([11000.0, 5400.0, 1000.0, 2200.0, np.nan]),
        ["酒類 10%", "飲料 軽減8%", "非課税", "酒類", "酒類 10%"],
        None,
        gross=True,
    )
    assert amount[:4].tolist() == pytest.approx([10000.0, 5000.0, 1000.0, 2200.0])
    assert (done.lines, done.gross, done.net, done.by_class) == (3, 17400.0, 16000.0, 3)
    assert done.rates == ((0.1, 1), (0.08, 1), (0.0, 1))
    assert (done.unknown, done.unknown_lines, done.unknown_yen) == (("酒類",), 1, 2200.0)


def test_pasted_lines_are_netted_by_the_rate_their_class_names() -> None:
    inputs = validate_inputs(_data([HEADER, *_rows()]).sheets, today=TODAY)
    orders = inputs.history.orders
    assert len(orders) == 44  # one order a slip: the class is no key of it
    assert _by_account(orders) == {"K0010": 352000.0, "K0015": 352000.0}
    # One line, in the place of the header's 税込 one: the labels carry no 税込 mark.
    [(row, column, problem, params, severity)] = _said(inputs.checks)
    assert (row, column, problem, severity) == (1, "H 税区分", TAX_NETTED_BY_CLASS, "info")
    assert tax_mark(inputs.checks, "ja") == ""
    assert text(problem, "ja", **params) == (
        "金額の列「G 税込金額」は税込のため、税区分(列「H 税区分」)の税率で各行を1+税率に割って"
        "税抜にしました(税率ごとの行数 10%: 44 / 8%: 44 / 0%: 44、計132行、金額 ¥765,600 から"
        "税 ¥61,600 を除いています)。KGI・基準売上・着地見込み・目標はすべて税抜です。"
        "KGI も税抜(会計の売上高と同じ)で入力してください"
    )
    assert "lines per rate 10%: 44 / 8%: 44 / 0%: 44, 132 in all" in text(problem, "en", **params)


def test_without_the_tax_included_header_the_class_rate_nets_nothing() -> None:
    header = [*HEADER[:6], "金額", HEADER[7]]
    inputs = validate_inputs(_data([header, *_rows()]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 382800.0, "K0015": 382800.0}
    assert not _said(inputs.checks)


def test_a_class_word_naming_no_rate_is_kept_as_typed_and_named() -> None:
    """伊藤's beer lines say only 酒類: they stay ¥11,000 (22 × ¥1,000 of tax left in), and a
    warning names the value, its lines and yen; the rest is netted as before."""
    classes = {**CLASSES, "K0015": ("酒類", "飲料 軽減8%", "非課税")}
    inputs = validate_inputs(_data([HEADER, *_rows(classes)]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 352000.0, "K0015": 374000.0}
    netted, unknown = _said(inputs.checks)
    assert netted[2] == TAX_NETTED_BY_CLASS and netted[3]["lines"] == "110"
    assert unknown[:3] == (1, "H 税区分", TAX_CLASS_UNKNOWN_MIXED) and unknown[4] == "warn"
    assert text(unknown[2], "ja", **unknown[3]).startswith(
        "税区分(列「H 税区分」)の値 「酒類」(全1種類)の22行(金額 ¥242,000)は税率が読めないため、"
        "税込のまま読んでいます"
    )


def test_classes_naming_no_rate_at_all_keep_the_amounts_tax_included() -> None:
    classes = {a: ("A", "B", "C") for a in CLASSES}
    inputs = validate_inputs(_data([HEADER, *_rows(classes)]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 382800.0, "K0015": 382800.0}
    header_line, unknown = _said(inputs.checks)
    assert header_line[2] == TAX_PROBLEM and tax_mark(inputs.checks, "ja") == "(税込)"
    assert unknown[2:] == (
        TAX_CLASS_UNKNOWN,
        {
            "column": "H 税区分",
            "amount": "G 税込金額",
            "values": "「A」「B」「C」",
            "values_en": "'A', 'B', 'C'",
            "kinds": "3",
            "lines": "132",
            "yen": "¥765,600",
        },
        "info",
    )


def _csv(path: Path, rows: list[list[object]]) -> SourceRef:
    """As Excel on a Japanese PC saves it: CP932 (the full-width １０％ too), 2026/05/12."""
    lines = [",".join(HEADER)]
    for r in rows:
        lines.append(",".join(f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return SourceRef("Orders", str(path))


@pytest.mark.parametrize("known", [True, False])
def test_a_file_nets_the_lines_the_pasted_sheet_does(tmp_path: Path, known: bool) -> None:
    rows = _rows() if known else _rows({**CLASSES, "K0015": ("酒類", "飲料 軽減8%", "非課税")})
    ref = _csv(tmp_path / "売上明細.csv", rows)
    got = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    want = validate_inputs(_data([HEADER, *rows]).sheets, today=TODAY)
    assert _said(got.checks) == _said(want.checks)
    assert _by_account(got.history.orders) == _by_account(want.history.orders)
    assert _by_account(got.history.orders)["K0010"] == pytest.approx(352000.0)


def test_the_kgi_check_fires_on_tax_included_amounts_a_tax_rate_above_the_kgi() -> None:
    said = [Check("Orders", 1, "G 税込金額", "税込金額", TAX_PROBLEM, {"column": "税込金額"})]
    cell = {"KGI": (4, "B")}
    check = tax_kgi_check(400_000.0, 417_600.0, said, cell)
    assert check is not None
    assert (check.sheet, check.row, check.column, check.severity) == (
        "Settings",
        4,
        "B KGI",
        "warn",
    )
    assert text(check.problem, "ja", **check.params).startswith(
        "金額は税込です(列「税込金額」)。KGI ¥400,000 は基準売上(税込)¥417,600 比 -4.2% です。"
        "KGI が税抜(会計の売上高)なら、税込に直して ×1.08〜1.10(¥432,000〜¥440,000)で入力"
    )
    assert tax_kgi_check(370_000.0, 417_600.0, said, cell) is None  # −11%: more than the tax
    assert tax_kgi_check(420_000.0, 417_600.0, said, cell) is None  # a rise
    assert tax_kgi_check(400_000.0, 417_600.0, [], cell) is None  # the amounts are 税抜


def _book(path: Path, kgi: float, classes: dict[str, tuple[str, str, str]] = CLASSES) -> Path:
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Orders"]
    for j, name in enumerate(HEADER, 1):
        ws.cell(1, j, name)
    for i, r in enumerate(_rows(classes), 2):
        for j, v in enumerate(r, 1):
            ws.cell(i, j, v)
    acc = wb["Accounts"]
    for i, (a, rep) in enumerate(REPS.items(), 2):
        acc.cell(i, 1, a)
        acc.cell(i, 2, f"株式会社{a}")
        acc.cell(i, 3, rep)
        acc.cell(i, 4, date(2024, 1, 1))
    s = wb["Settings"]
    s["B4"], s["B5"], s["B6"], s["B7"], s["B8"] = kgi, 2027, 4, date(2026, 11, 5), "ja"
    s["B7"].number_format = "yyyy/m/d"
    wb.save(path)
    return path


def test_a_kgi_typed_tax_excluded_against_tax_included_amounts_is_a_warning_at_its_cell(
    tmp_path: Path,
) -> None:
    """Classes naming no rate: the amounts stay 税込 (team baseline ¥417,600) and the KGI
    ¥400,000 (+4.2% on the ¥384,000 of the books) reads −4.2%: a warning at Settings B4.
    With the rates named, the same KGI is a rise on the netted baseline, and no warning."""
    plain = {a: ("A", "B", "C") for a in CLASSES}
    checks = compute_file(_book(tmp_path / "plain.xlsm", 400_000, plain))[0].checks
    [kgi] = [c for c in checks if c.problem == TAX_KGI_PROBLEM]
    assert (kgi.sheet, kgi.row, kgi.severity) == ("Settings", 4, "warn")
    assert kgi.params["baseline"] == "¥417,600" and kgi.params["change"] == "-4.2%"
    checks = compute_file(_book(tmp_path / "rates.xlsm", 400_000))[0].checks
    assert not [c for c in checks if c.problem in (TAX_KGI_PROBLEM, TAX_PROBLEM)]


def _sheet(wb: openpyxl.Workbook, ja: str, en: str) -> list[list[object]]:
    return [list(r) for r in wb[ja if ja in wb.sheetnames else en].iter_rows(values_only=True)]


@pytest.mark.slow  # a recalculation of a workbook
def test_a_written_workbook_reads_back_the_netted_baseline_and_the_checks_line(
    tmp_path: Path,
) -> None:
    """The book recalculated and read back: each rep's revenue baseline 12 × ¥16,000 =
    ¥192,000, the Dashboard's 基準売上 ¥384,000 without a 税込 mark, its KGI ¥400,000 a rise
    of +4.2%; the Checks line at the 税区分 header."""
    book = _book(tmp_path / "book.xlsm", 400_000)
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    targets = _sheet(wb, "目標", "Targets")
    base = {r[1]: r[4] for r in targets[1:] if r[0] == "FY2027" and r[2] == "revenue"}
    assert base["佐藤 一郎"] == pytest.approx(192000.0)
    assert base["伊藤 花子"] == pytest.approx(192000.0)
    dash = _sheet(wb, "ダッシュボード", "Dashboard")
    [baseline] = [r for r in dash if str(r[0] or "").startswith("基準売上")]
    assert baseline[1] == pytest.approx(384000.0) and "税込" not in str(baseline[0])
    [growth] = [r for r in dash if str(r[0] or "").startswith("必要な伸び率")]
    assert growth[1] == pytest.approx(400000 / 384000 - 1)
    checks = fold_checks(_sheet(wb, "チェック", "Checks")[1:])
    [row] = [r for r in checks if "税区分(列「H 税区分」)の税率で各行を" in str(r[4])]
    assert row[1:3] == [1, "H 税区分"] and row[5] in ("情報", "info")
    assert "計132行、金額 ¥765,600 から税 ¥61,600 を除いています" in str(row[4])
    assert not [r for r in checks if "金額は税込" in str(r[4])]
