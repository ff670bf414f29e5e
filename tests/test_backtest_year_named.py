"""`backtest --year` takes the year a fiscal year starts in, as PlanYear does; a company that
names its years by their end (FiscalYearLabel end) reads 「FY2026」 for --year 2025 (trial 42
L3). The command says so, as the PlanYear check does, and says nothing when the names agree.

The small ja sample book (history to 2026-10-31, April years): --year 2024 is April 2024 –
March 2025, FY2025 in the end-naming.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook


def _book(path: Path, label: str) -> Path:
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Settings"]
    [row] = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "年度の呼び方"]
    ws.cell(row, 2).value = label
    wb.save(path)
    return path


@pytest.mark.slow  # two backtests of a sample book
def test_a_year_named_by_its_end_is_said_as_plan_year_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "end.xlsm", "end")
    capsys.readouterr()
    assert main(["backtest", str(book), "--year", "2024"]) == 0
    out = capsys.readouterr().out
    note = (
        "routekpi: --year 2024 は 2024-04 開始の FY2025 です(--year には年度の始まる年を"
        "入力します)。FY2024 なら --year 2023"
    )
    assert out.startswith(note + "\n\n")
    assert "FY2025" in out.split("\n\n", 1)[1]  # the scored year printed by its end
    # With --json the note goes to stderr: the JSON stays one document.
    assert main(["backtest", str(book), "--year", "2024", "--json"]) == 0
    both = capsys.readouterr()
    assert json.loads(both.out)["period"] == "FY2024"  # the table key: the start year
    assert both.err.strip() == note


@pytest.mark.slow
def test_no_note_when_the_names_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path / "start.xlsm", "start")
    capsys.readouterr()
    assert main(["backtest", str(book), "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "--year" not in out and "FY2024" in out
