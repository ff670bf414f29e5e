"""An export with both 金額(税抜) and 金額(税込) (trial 52 M9): the 税抜 one is read, and
Checks says so as a revenue basis, not as 「同じ項目」; a KGI typed off the 税込 figures is
asked about at its cell and on the Dashboard's banner.

Two accounts, one slip each on the 10th of every month 2025-01 – 2026-10, ¥10,000 税抜 =
¥11,000 税込 (10%). By hand: the baseline (Nov 2025 – Oct 2026) is 12 × ¥10,000 × 2 =
¥240,000 税抜, ¥264,000 税込. A KGI of +10% typed 税込 is ¥240,000 × 1.10 × 1.10 = ¥290,400:
+21.0% on the 税抜 baseline, ÷1.10 = ¥264,000 (+10.0%). A flat history makes both a
stretch beyond the record. A +10% KGI typed 税抜 (¥264,000) is not asked about: ÷1.10 it is
level, and the range starts at +2%.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.contract import Check
from routekpi.io.dashboard_layout import BANNER_ROW
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.sources.base import SourceRef
from routekpi.validation.tax import (
    NET_READ_PROBLEM,
    TAX_KGI_GROSS_PROBLEM,
    TAX_KGI_PROBLEM,
    TAX_PROBLEM,
    gross_baseline_note,
    tax_kgi_check,
)
from tests.test_transfer import TEMPLATE

REPS = {"K0010": "佐藤 一郎", "K0015": "伊藤 花子"}
NET, GROSS = "金額(税抜)", "金額(税込)"


def _book(
    path: Path, kgi: float, amounts: tuple[str, ...] = (NET, GROSS), reduced: str = ""
) -> Path:
    """``reduced``: an account whose lines are at the 8% rate (¥10,800 税込)."""
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Orders"]
    for j, name in enumerate(["受注日", "得意先コード", "担当者", *amounts], 1):
        ws.cell(1, j, name)
    by_name = {NET: 10_000, GROSS: 11_000, "金額": 10_000}
    i = 2
    for m in pd.date_range("2025-01-01", "2026-10-01", freq="MS"):
        for account, rep in REPS.items():
            row = [(m + pd.Timedelta(days=9)).date(), account, rep]
            gross = {GROSS: 10_800} if account == reduced else {}
            for j, v in enumerate([*row, *({**by_name, **gross}[a] for a in amounts)], 1):
                ws.cell(i, j, v)
            i += 1
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


def _checks(book: Path) -> list[Check]:
    return compute_file(book)[0].checks


def test_the_net_column_is_read_and_checks_says_the_gross_one_is_a_basis(tmp_path: Path) -> None:
    result, _ = compute_file(_book(tmp_path / "b.xlsm", 250_000))
    assert float(result.result.plan.baseline_revenue) == pytest.approx(240_000.0)
    [said] = [c for c in result.checks if c.problem == NET_READ_PROBLEM]
    where = (said.sheet, said.row, said.column, said.severity)
    assert where == ("Orders", 1, "E 金額(税込)", "info")
    assert text(said.problem, "ja", **said.params).startswith(
        "金額は列「金額(税抜)」の税抜で読みました(会計の売上高と同じ)。"
        "列「金額(税込)」は同じ売上の税込の金額のため読みません。"
    )
    assert "same sales including tax" in text(said.problem, "en", **said.params)
    assert not [c for c in result.checks if c.problem in ("column_not_read", TAX_PROBLEM)]


def test_a_kgi_typed_tax_included_is_asked_about_at_its_cell(tmp_path: Path) -> None:
    checks = _checks(_book(tmp_path / "gross.xlsm", 290_400))
    [kgi] = [c for c in checks if c.problem == TAX_KGI_GROSS_PROBLEM]
    assert (kgi.sheet, kgi.row, kgi.severity) == ("Settings", 4, "warn")
    ja = text(kgi.problem, "ja", **kgi.params)
    assert ja.startswith(
        "金額は税抜です(列「金額(税抜)」。列「金額(税込)」の税込は読みません)。"
        "KGI ¥290,400 は基準売上(税抜)¥240,000 比 +21.0% ですが、"
        "基準売上を税込にすると ¥264,000 です。"
        "KGI が税込(請求額など)から決めたものなら、1.10 で割って ¥264,000(基準売上比 +10.0%)を入力"
    )
    assert not [c for c in checks if c.problem == TAX_KGI_PROBLEM]


def test_the_tax_included_baseline_is_the_gross_columns_sum(tmp_path: Path) -> None:
    """K0010's lines at 8% (¥10,800 税込 for ¥10,000): the 税込 column sums 22 months ×
    (10,800 + 11,000) = ¥479,600 for ¥440,000 税抜, ×1.090; the baseline's 税込 figure is
    ¥240,000 × 1.09 = ¥261,600 = 12 × ¥21,800, the column's own sum over the baseline months
    (× 1.10 said ¥264,000). The KGI question keeps the standard rate: ¥290,400 ÷ 1.10."""
    result, _ = compute_file(_book(tmp_path / "mixed.xlsm", 290_400, reduced="K0010"))
    [said] = [c for c in result.checks if c.problem == NET_READ_PROBLEM]
    assert said.params["net_sum"] == pytest.approx(440_000.0)
    assert said.params["gross_sum"] == pytest.approx(479_600.0)
    assert gross_baseline_note(result.checks, 240_000.0, "ja") == (
        "(税込なら約 ¥261,600、×1.090: 税込の列の合計 ÷ 税抜の列の合計)"
    )
    [kgi] = [c for c in result.checks if c.problem == TAX_KGI_GROSS_PROBLEM]
    assert kgi.params["gross_baseline"] == "¥261,600"
    assert kgi.params["net"] == "¥264,000"
    # Without the sums (a line read before them), × 1.10 as before.
    bare = [Check("Orders", 1, "E", GROSS, NET_READ_PROBLEM, {"read": NET, "column": GROSS})]
    assert gross_baseline_note(bare, 240_000.0, "ja") == "(税込なら約 ¥264,000、×1.10)"


def test_from_a_file_the_same_sums(tmp_path: Path) -> None:
    """The same book's Orders as a CSV file (Sources), amounts typed with thousands commas:
    the file's two columns summed in SQL give the same ×1.090 and ¥261,600."""
    book = _book(tmp_path / "mixed.xlsm", 290_400, reduced="K0010")
    wb = openpyxl.load_workbook(book, read_only=True)
    path = tmp_path / "orders.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        for row in wb["Orders"].iter_rows(values_only=True):
            if any(v is not None for v in row):
                cells = ["" if v is None else v for v in row]
                cells = [v.date() if hasattr(v, "date") else v for v in cells]
                out.writerow([f"{v:,}" if isinstance(v, int) else v for v in cells])
    wb.close()
    result, _ = compute_file(book, sources={"Orders": SourceRef("Orders", str(path))})
    [said] = [c for c in result.checks if c.problem == NET_READ_PROBLEM]
    assert said.params["gross_sum"] / said.params["net_sum"] == pytest.approx(1.09)
    assert said.params["net_sum"] == pytest.approx(440_000.0)
    assert gross_baseline_note(result.checks, 240_000.0, "ja") == (
        "(税込なら約 ¥261,600、×1.090: 税込の列の合計 ÷ 税抜の列の合計)"
    )


def test_no_question_for_a_kgi_that_is_not_a_tax_rate_high(tmp_path: Path) -> None:
    # A +10% KGI typed 税抜 (¥264,000, beyond the flat record): ÷1.10 is level, below the
    # range's +2%; the question is not asked (trial 52's right KGI 56億 is this case).
    level = _checks(_book(tmp_path / "b.xlsm", 264_000))
    assert not [c for c in level if c.problem == TAX_KGI_GROSS_PROBLEM]
    # One amount column: nothing says the export had a 税込 figure beside it.
    only = _checks(_book(tmp_path / "one.xlsm", 290_400, ("金額",)))
    assert not [c for c in only if c.problem in (TAX_KGI_GROSS_PROBLEM, NET_READ_PROBLEM)]


def test_the_range_and_the_stretch_decide_the_gross_kgi_question() -> None:
    said = [
        Check("Orders", 1, "E 金額(税込)", GROSS, NET_READ_PROBLEM, {"read": NET, "column": GROSS})
    ]
    cell = {"KGI": (4, "B")}
    # 240,000 × 1.10 × 1.02 = 269,280 (the range's floor) … × 1.12 = 295,680 (its ceiling).
    assert tax_kgi_check(269_280.0, 240_000.0, said, cell, stretch=True) is not None
    assert tax_kgi_check(269_000.0, 240_000.0, said, cell, stretch=True) is None
    assert tax_kgi_check(295_000.0, 240_000.0, said, cell, stretch=True) is not None
    assert tax_kgi_check(295_680.0, 240_000.0, said, cell, stretch=True) is None
    # Within the team's record, the KGI is not questioned.
    assert tax_kgi_check(290_400.0, 240_000.0, said, cell, stretch=False) is None


def _sheet(wb: openpyxl.Workbook, ja: str, en: str) -> list[list[object]]:
    return [list(r) for r in wb[ja if ja in wb.sheetnames else en].iter_rows(values_only=True)]


@pytest.mark.slow  # a recalculation of a workbook
def test_a_written_workbook_says_the_basis_beside_the_baseline_and_the_kgi(tmp_path: Path) -> None:
    """Recalculated and read back: the Plan's baseline ¥240,000 with 「(税込なら約 ¥264,000、
    ×1.100: …)」 (the 税込 column's sum ÷ the 税抜 one's) in its note, the KGI and baseline
    labels marked 「(税抜)」 on the Plan and the Dashboard, and the banner asking about a 税込
    KGI (¥290,400 ÷ 1.10 = ¥264,000)."""
    book = _book(tmp_path / "book.xlsm", 290_400)
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    plan = _sheet(wb, "計画", "Plan")
    [base] = [r for r in plan if str(r[0] or "").startswith("前年実績(基準)売上")]
    assert base[0] == "前年実績(基準)売上(税抜)" and base[1] == pytest.approx(240_000.0)
    assert str(base[2]).endswith("(税込なら約 ¥264,000、×1.100: 税込の列の合計 ÷ 税抜の列の合計)")
    kgi = next(r[0] for r in plan if str(r[0] or "").startswith("KGI"))
    assert kgi == "KGI(年間売上目標)(税抜)"
    dash = _sheet(wb, "ダッシュボード", "Dashboard")
    [baseline] = [r for r in dash if str(r[0] or "").startswith("基準売上")]
    assert str(baseline[0]).startswith("基準売上(税抜)") and baseline[1] == pytest.approx(240_000.0)
    banner = str(dash[BANNER_ROW - 1][0])
    assert "。注意: 金額は税抜ですが、KGI ¥290,400 は基準売上(税抜)¥240,000 比 +21.0% です" in (
        banner
    )
    assert "1.10 で割って ¥264,000(基準売上比 +10.0%)を入力" in banner
