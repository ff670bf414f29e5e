"""The English Daily wraps as cheaply as the Japanese one (fix47, item 4): a line of narrow
characters (English, its ¥ and —) finds its break looking back from the limit, without the
per-character scan a Japanese line needs — and the lines are the ones that scan gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_daily_fast_paths import _wrap_reference

from routekpi import wrapping
from routekpi.io.reader import read_workbook
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import compute_data
from routekpi.render_daily import daily_rows

ENGLISH = [
    "overdue by 12 days (usually every 7 days); key account (last 12 months ¥36,000,000); "
    "at stake ¥31,822 (10 days of orders) — visit before Friday",
    "visit due (usually every 10 days), stake ¥1,234,567,890 of orders, 3 visits missed",
    "a" * 50 + " " + "b" * 30,
    "x" * 200,
    "one,two,three;four)five " * 6,
]


def _no_scan(*_: object) -> int:
    raise AssertionError("a narrow line was scanned character by character")


@pytest.mark.parametrize("width", [10, 20, 46, 72, 100])
def test_a_narrow_line_breaks_where_the_scan_would_without_scanning(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    want = {value: _wrap_reference(value, width) for value in ENGLISH}
    monkeypatch.setattr(wrapping, "_scanned_end", _no_scan)
    for value in ENGLISH:
        assert wrapping.wrap_text(value, width) == want[value]


def test_a_japanese_line_is_still_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    value = "期限超過 12日(通常の間隔 7日)、重要顧客(直近12か月売上 ¥36,000,000)、影響額 ¥31,822"
    monkeypatch.setattr(wrapping, "_scanned_end", _no_scan)
    with pytest.raises(AssertionError, match="scanned"):
        wrapping.wrap_text(value, 46)


def test_the_english_daily_sheet_is_the_one_the_scan_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "en.xlsm"
    write_sample_workbook(path, "en", seed=11, orders_rows=4_000)
    plan = compute_data(read_workbook(path)).result.daily
    rows = daily_rows(plan, "en")
    monkeypatch.setattr(wrapping, "wrap_text", _wrap_reference)
    assert daily_rows(plan, "en") == rows
