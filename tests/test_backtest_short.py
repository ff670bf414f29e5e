"""A backtest planned from less than a year of history says so first and gives no verdict
(trial 24 M8: FY2026 planned from the one month 2025-09 read "判定: …一律の伸び率のほうが近い"
with the "only 1 month" caveat at the bottom)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.backtest_job import SHORT_HISTORY, history_months_before
from routekpi.cli import main
from tests.workbook_files import set_named


@pytest.mark.parametrize(
    "first, planned, months",
    [
        (date(2023, 12, 1), date(2023, 12, 31), 1),  # the trial: one month before the year
        (date(2023, 1, 1), date(2023, 12, 31), 12),  # a whole year: a verdict
        (date(2023, 1, 20), date(2023, 12, 31), 12),  # a first month begun late counts
        (date(2023, 2, 1), date(2023, 12, 31), 11),
        (date(2023, 2, 1), date(2023, 11, 30), 10),  # planned a month before the eve
        (date(2023, 2, 1), date(2023, 11, 29), 9),  # November not over on the planning day
        (date(2023, 12, 5), date(2023, 11, 30), 0),
    ],
)
def test_months_of_history_before_the_planning_day(first: date, planned: date, months: int) -> None:
    assert history_months_before(first, planned) == months


def _orders(start: str = "2023-12") -> list[tuple[object, ...]]:
    """a1 (rep A) and b1 (rep B) order once a month on the 15th from ``start`` to 2025-06:
    100 each before 2025, a1 120 from 2025."""
    rows: list[tuple[object, ...]] = []
    for month in pd.period_range(start, "2025-06", freq="M"):
        day = pd.Timestamp(month.year, month.month, 15)
        rows.append((day, "a1", "A", 120 if month.year == 2025 else 100, 1))
        rows.append((day, "b1", "B", 100, 1))
    return rows


def _book(
    path: Path,
    lang: str,
    *,
    start: str = "2023-12",
    as_of: datetime = datetime(2025, 6, 30),
    plan_year: int = 2025,
) -> Path:
    """A workbook whose orders start on 2023-12-15: FY2024 (calendar years) has one month of
    history before it, FY2025 thirteen. AsOf 2025-06-30 inside PlanYear 2025 (each year is
    planned on its eve); an empty Backtest sheet."""
    assert main(["new", str(path), "--lang", lang]) == 0
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders = wb["Orders"]
    for i, rec in enumerate(_orders(start), start=2):
        for j, value in enumerate(rec, start=1):
            orders.cell(i, j, value.to_pydatetime() if j == 1 else value)
    accounts = wb["Accounts"]
    for i, (code, name, rep) in enumerate((("a1", "Alpha", "A"), ("b1", "Beta", "B")), start=2):
        for j, value in enumerate((code, name, rep, datetime(2022, 7, 1)), start=1):
            accounts.cell(i, j, value)
    set_named(wb, AsOf=as_of, FiscalStartMonth=1, PlanYear=plan_year)
    wb.create_sheet("Backtest")
    wb.save(path)
    return path


def test_one_month_before_the_year_is_said_first_and_gives_no_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "short.xlsm", "en")
    capsys.readouterr()
    # Default year: FY2024, the last complete one, planned on 2023-12-31 from 2023-12 alone.
    assert main(["backtest", str(book)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("— Backtest FY2024")
    assert lines[2] == (
        "No verdict: the history before FY2024's planning day 2023-12-31 holds 1 of the 12 "
        "months a year needs (it starts on 2023-12-15), too little to tell how well targets "
        "are set (the figures below are for reference only); FY2025 has a year of history "
        "before it (--year 2025)"
    )
    assert lines[4].startswith("Planned on 2023-12-31")  # the figures come after it
    assert not any(line.startswith("Verdict") for line in lines)
    # Said once: not again among the notes at the bottom (the engine's own note stays).
    assert sum("No verdict" in line for line in lines) == 1
    assert any("only 1 of 12 baseline months" in line for line in lines)
    # FY2025, planned on 2024-12-31 from 13 months (2023-12 … 2024-12): a verdict.
    assert main(["backtest", str(book), "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "No verdict" not in out and "\nVerdict: " in out


def test_the_json_the_sheet_and_the_years_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "short_ja.xlsm", "ja")
    capsys.readouterr()
    assert main(["backtest", str(book), "--json", "--sheet"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["notes"][0] == {
        "code": SHORT_HISTORY,
        "n": "1",
        "first": "2023-12-15",
        "day": "2023-12-31",
        "plan": "FY2024",
        "year": "2025",
        "later": "FY2025",
    }
    cells = [r[0] for r in openpyxl.load_workbook(book)["Backtest"].iter_rows(values_only=True)]
    assert cells[0] == "バックテスト FY2024"
    # Right under the title, before the planning day and every figure; no verdict.
    assert str(cells[1]).startswith("判定なし: FY2024 の計画日 2023-12-31 より前の履歴は")
    said = "".join(str(c) for c in cells[1 : cells.index("計画時点")])
    assert said == (
        "判定なし: FY2024 の計画日 2023-12-31 より前の履歴は 2023-12-15 からの1か月分しかなく、"
        "1年(12か月)に満たないため、この比較では目標の立て方の良し悪しを判断できません"
        "(下の数字は参考です)。前に1年分の履歴がある年度は FY2025 です(--year 2025)"
    )
    assert not any(str(c).startswith("判定:") for c in cells if c)
    # Both years together: no pooled verdict either, in one line naming the short year.
    assert main(["backtest", str(book), "--year", "2024", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert out.count("判定:") == 1  # FY2025's own
    assert (
        "判定なし: FY2024 は計画日より前の履歴が1年に満たないため、合算の判定もしていません" in out
    )
    assert main(["backtest", str(book), "--year", "2024", "--year", "2025", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["pooled"]["verdict"] == [
        "判定なし: FY2024 は計画日より前の履歴が1年に満たないため、合算の判定もしていません"
    ]


def test_a_book_planning_ahead_is_told_the_year_and_the_day_that_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trial 33 M6: a book planning FY2026 on 2025-06-30 moves that day back to each year it
    backtests (FY2025 on 2024-06-30), too early for a year of history; the hints named only
    --year, the very run that had said so. They now give the eve that works."""
    book = _book(tmp_path / "ahead.xlsm", "en", as_of=datetime(2025, 6, 30), plan_year=2026)
    capsys.readouterr()
    # Default FY2024 (the last complete one), moved back to 2023-06-30: before the history.
    # FY2025 on its own moment 2024-06-30 has 7 months (2023-12 … 2024-06); on its eve 13.
    assert main(["backtest", str(book)]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith(
        "FY2025 has a year of history before it (--year 2025 --planned-on 2024-12-31)"
    )
    assert main(["backtest", str(book), "--year", "2025"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].startswith(
        "No verdict: the history before FY2025's planning day 2024-06-30 holds 7 of the 12"
    )
    assert lines[2].endswith(
        "; planned on 2024-12-31, the eve of the year, FY2025 has a year of history before "
        "it (--year 2025 --planned-on 2024-12-31)"
    )
    # The command it names gives a verdict.
    assert main(["backtest", str(book), "--year", "2025", "--planned-on", "2024-12-31"]) == 0
    out = capsys.readouterr().out
    assert "No verdict" not in out and "\nVerdict: " in out


def test_a_history_without_a_closed_year_names_the_year_to_compare_so_far(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Orders from 2024-01-15 (the fiscal year's first month): FY2024 has nothing before it
    and FY2025 is open, so no year is closed; FY2025 planned on its eve has 12 months
    (2024-01 … 2024-12) and its months to 2025-06 to compare."""
    book = _book(tmp_path / "young.xlsm", "ja", start="2024-01", plan_year=2026)
    capsys.readouterr()
    assert main(["backtest", str(book)]) == 1
    assert capsys.readouterr().err.strip() == (
        "routekpi: 履歴(2024-01-15〜2025-06-30)には、前に1年分の履歴がある完了済みの年度が"
        "まだありません。FY2025 なら実績のある月で比べられます"
        "(--year 2025 --planned-on 2024-12-31)"
    )
    assert main(["backtest", str(book), "--year", "2025", "--planned-on", "2024-12-31"]) == 0
    assert "判定: " in capsys.readouterr().out
