"""The rep who handed accounts over is told on her copy's cover why her 前年 is below what
she sold (trial 45 M6: a chain moved 高橋 → 田中 on 2026-07-01; 田中's cover explained
「引き継いだ顧客…前の担当者の分も入っています」, 高橋's said nothing of her ¥8.5M).

The book (tests.test_transfer): one order a month on the 10th, 2025-01 – 2026-12; t1 ¥100
and t2 ¥200 田中's, s1 ¥300 and s2 ¥400 佐藤's; 松本 joins on 2026-07-01 and takes t2 and s2
over (his first lines 2026-07-10); t3 ¥50 went from 田中 to 佐藤 in July 2025. FY2027
planned on 2026-11-30: the baseline 2025-11 – 2026-10 (``Evidence.baseline_months``). By
hand:

- 田中 handed over t2 and t3: 2 accounts; his lines on them in the baseline before they
  moved: t2 2025-11-10 … 2026-06-10, 8 × ¥200 = ¥1,600 (t3 moved before the baseline: ¥0).
  He booked 12 × ¥100 + ¥1,600 = ¥2,800 in it; his baseline is t1's ¥1,200.
- 佐藤 handed over s2: 1 account, 8 × ¥400 = ¥3,200.
- 松本 handed nothing over: no such row (his cover keeps its 「引き継いだ顧客」 line).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from routekpi.messages import text
from tests.test_transfer import orders_to_csv, write_book


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_book(tmp_path_factory.mktemp("given") / "book.xlsm", 2027, date(2026, 11, 30))


def _cover(source: object, rep: str) -> list[tuple[object, ...]]:
    from routekpi.share.copies import build_copy

    data, _ = build_copy(source, rep)  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return list(wb.worksheets[0].iter_rows(values_only=True))


def _row(rows: list[tuple[object, ...]], label: str) -> list[object]:
    return [r[1] for r in rows if r[0] == label]


def test_the_givers_cover_says_what_left_her_last_year(book: Path) -> None:
    from routekpi.share.copies import load_source

    source = load_source(book)
    ev = source.result.evidence
    assert (str(ev.baseline_months[0]), str(ev.baseline_months[-1])) == ("2025-11", "2026-10")
    assert ev.base.at["田中", "revenue"] == pytest.approx(1_200)
    given = text("share.cover_given_away", "en")
    taken = text("share.cover_taken_over", "en")
    tanaka = _cover(source, "田中")
    assert _row(tanaka, given) == [
        "left out of your last year: the 2 accounts you handed over (last year ¥1,600)"
    ]
    assert _row(_cover(source, "佐藤"), given) == [
        "left out of your last year: the 1 account you handed over (last year ¥3,200)"
    ]
    # The taker's cover as before; no giver's line on it.
    matsumoto = _cover(source, "松本")
    assert _row(matsumoto, given) == []
    assert _row(matsumoto, taken) == ["2 from colleagues (since 2026-07-10)"]
    # No colleague's name on the giver's copy.
    blob = "\n".join(str(v) for r in tanaka for v in r if v is not None)
    assert "佐藤" not in blob and "松本" not in blob


def test_the_givers_line_in_japanese(book: Path) -> None:
    from routekpi.share.copies import load_source

    source = load_source(book, language="ja")
    rows = _cover(source, "佐藤")
    line = "担当替えで渡した顧客 1 件(前年 ¥3,200)は前年から除いています"
    assert _row(rows, "渡した顧客") == [line]
    blob = "\n".join(str(v) for r in rows for v in r if v is not None)
    assert "田中" not in blob and "松本" not in blob


def test_the_history_file_path_says_the_same(tmp_path: Path) -> None:
    """The orders from a CSV file (DuckDB, summed facts: sources/handover.py sums what the
    moved lines bought in SQL): the same line (trial 45's book read its orders so)."""
    from routekpi.share.copies import load_source

    path = write_book(tmp_path / "book.xlsm", 2027, date(2026, 11, 30))
    source = load_source(path, sources=orders_to_csv(path))
    assert source.result.history is not None and source.result.history.facts is not None
    handover = source.result.history.handover
    assert handover is not None
    # 田中's t2 lines 2025-01-10 … 2026-06-10 and t3's 2025-01-10 … 2025-06-10, by month.
    tanaka = {m: v for r, m, v in handover.given_months if r == "田中"}
    assert len(tanaka) == 18 and tanaka["2025-03"] == 250 and tanaka["2026-06"] == 200
    given = text("share.cover_given_away", "en")
    assert _row(_cover(source, "佐藤"), given) == [
        "left out of your last year: the 1 account you handed over (last year ¥3,200)"
    ]
