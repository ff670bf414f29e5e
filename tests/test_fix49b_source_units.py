"""A Sources row's 単位 as a user types it (fix49b, trial 48 L1): 「1000円」 stopped the run
(「単位「1000円」がわかりません」) while 1000 and 千円 were read. 1000円, 1,000円, ¥1,000,
千円単位 and 千 are 千円; a value that names no unit still stops, naming the Sources row,
the value and what the column takes — never a traceback.

The book: a template with two reps' weekly orders of ¥10,000 from 2024-01-01 to 2025-12-29,
named on Sources as six files of four months: the first five kept in 千円 (10 a line), each
with its own spelling of the unit, the last in yen with no unit. Written, recalculated and
read back: every line is ¥10,000.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.core.measure import TEAM
from routekpi.io.template import NEW_BOOK_SETTINGS, write_template
from routekpi.recalc import recalculate
from routekpi.validation.units import typed_unit

pytest.importorskip("duckdb")

SPELLINGS = ["1000円", "千円単位", "¥1,000", "1,000円", "千"]
ACCOUNTS = [("A1", "青木"), ("A2", "青木"), ("B1", "石田"), ("B2", "石田")]


@pytest.mark.parametrize(
    ("typed", "factor"),
    [("1000円", 1_000), ("１，０００円", 1_000), ("¥1,000", 1_000), ("￥1000", 1_000),
     ("1,000円", 1_000), ("千", 1_000), ("千円単位", 1_000), ("単位:千円", 1_000),
     ("(単位:千円)", 1_000), ("1000円単位", 1_000), ("×1,000円", 1_000), (1000.0, 1_000),
     ("10,000円", 10_000), ("1,000,000円", 1_000_000), ("1円", 1), ("円", 1)],
)  # fmt: skip
def test_a_unit_typed_as_the_yen_it_stands_for_is_read(typed: object, factor: int) -> None:
    got = typed_unit(typed)
    assert got is not None and got.factor == factor


@pytest.mark.parametrize("typed", ["千円(税抜)", "2000円", "1.5", "ドル", "1/1000", "0"])
def test_a_value_naming_no_unit_is_not_guessed(typed: str) -> None:
    assert typed_unit(typed) is None


def _mondays() -> list[date]:
    first = date(2024, 1, 1)  # a Monday
    return [first + timedelta(days=7 * i) for i in range(105)]  # to 2025-12-29


def _book(folder: Path, units: list[object]) -> tuple[Path, int]:
    """The book and how many order lines its files hold."""
    days = _mondays()
    parts = [days[i : i + 18] for i in range(0, len(days), 18)]  # six files of ~4 months
    assert len(parts) == 6
    rows: list[list[object]] = []
    lines = 0
    for n, part in enumerate(parts, start=1):
        kyen = n <= len(units)
        name = f"orders_{n}.csv"
        with (folder / name).open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["受注日", "顧客コード", "担当者", "金額"])
            for day in part:
                for account, rep in ACCOUNTS:
                    writer.writerow(
                        [day.strftime("%Y/%m/%d"), account, rep, 10 if kyen else 10_000]
                    )
                    lines += 1
        rows.append(["受注", name, None, None, units[n - 1] if kyen else None])
    path = folder / "book.xlsm"
    write_template(path, "ja", settings=NEW_BOOK_SETTINGS)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B4"] = 2_200_000
    wb["Settings"]["B5"] = 2026
    ws = wb["Sources"]
    ws.cell(1, 5, "単位")
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j, value)
    next(iter(ws.tables.values())).ref = f"A1:E{len(rows) + 1}"
    wb.save(path)
    return path, lines


def _checks(path: Path) -> list[str]:
    """Each Checks row's message, its wrapped continuation rows joined on."""
    ws = openpyxl.load_workbook(path, read_only=True)["Checks"]
    out: list[str] = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if any(c not in (None, "") for c in row[:4]) or not out:
            out.append(str(row[4] or ""))
        else:
            out[-1] += str(row[4] or "")
    return out


def test_each_spelling_of_thousands_on_sources_reads_the_file_times_a_thousand(
    tmp_path: Path,
) -> None:
    book, lines = _book(tmp_path, list(SPELLINGS))
    report = recalculate(book)
    assert lines == 105 * 4
    # Every line ¥10,000 (the 千円 ones ×1,000): 2024-01 has 5 Mondays × 4 accounts.
    team = report.result.evidence.facts.xs(TEAM, level="rep")["revenue"]
    assert team.sum() == lines * 10_000
    assert team.iloc[0] == 5 * 4 * 10_000
    said = _checks(book)
    for row, typed in enumerate(SPELLINGS, start=2):
        (line,) = [s for s in said if s.startswith(f"データソース {row}行目の単位「{typed}」")]
        assert "千円単位として ×1,000 で読みました(72行)" in line
    assert not [s for s in said if "千円単位ではありませんか" in s]  # no slip left


def test_a_unit_it_cannot_read_stops_with_the_row_the_value_and_what_it_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, _ = _book(tmp_path, ["千円", "千円(税抜)"])
    assert main(["recalc", str(book)]) != 0
    err = capsys.readouterr()
    said = err.out + err.err
    assert "Traceback" not in said
    assert "データソース 3行目の単位「千円(税抜)」がわかりません" in said
    assert "円・千円・万円・百万円" in said
