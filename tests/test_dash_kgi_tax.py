"""The KGI typed 税抜 against 税込 amounts (kgi_tax_excluded_maybe, tax44) on the Dashboard's
banner too, not only on Checks (session 39's note: a manager reads the Dashboard first).

The book is test_tax_rate_column's: 税込金額 with classes naming no rate, so the amounts stay
税込 — the team baseline ¥417,600 — and the KGI ¥400,000 reads −4.2%. ×1.08 = ¥432,000,
×1.10 = ¥440,000. The same book with the rates named nets the baseline to ¥384,000: the KGI
is a rise there, and the banner says nothing of tax."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi.io.dashboard_layout import BANNER_ROW
from routekpi.recalc import recalculate
from tests.test_tax_rate_column import CLASSES, _book

PLAIN = {a: ("A", "B", "C") for a in CLASSES}


def _banner(book: Path, language: str) -> str:
    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb["Settings"]["B8"] = language
    wb.save(book)
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    tab = "ダッシュボード" if "ダッシュボード" in wb.sheetnames else "Dashboard"
    value = next(wb[tab].iter_rows(min_row=BANNER_ROW, max_row=BANNER_ROW, values_only=True))[0]
    wb.close()
    return str(value)


@pytest.mark.slow  # two recalculations
def test_the_banner_says_the_kgi_may_be_tax_excluded(tmp_path: Path) -> None:
    ja = _banner(_book(tmp_path / "ja.xlsm", 400_000, PLAIN), "ja")
    assert "。注意: 金額は税込ですが、KGI ¥400,000 は基準売上(税込)¥417,600 比 -4.2% です" in ja
    assert "×1.08〜1.10(¥432,000〜¥440,000)" in ja
    assert not ja.startswith("。")  # after the banner's own sentence
    en = _banner(_book(tmp_path / "en.xlsm", 400_000, PLAIN), "en")
    assert "the KGI ¥400,000 is -4.2% on the tax-included baseline ¥417,600" in en
    assert "×1.08–1.10 (¥432,000–¥440,000; see the Checks sheet)" in en


@pytest.mark.slow
def test_no_tax_note_when_the_amounts_were_netted(tmp_path: Path) -> None:
    banner = _banner(_book(tmp_path / "rates.xlsm", 400_000), "ja")
    assert "税込" not in banner and "注意" not in banner
