"""``routekpi collect`` says each check on one stderr line: a message long enough to wrap on
the Checks sheet is not split onto a second line that reads "routekpi: : …" (trial15
finding 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from share_helpers import make_master

from routekpi.cli import main
from routekpi.contract import Check
from routekpi.render import check_line, check_rows
from routekpi.share.collect import collect
from routekpi.share.job import share


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A master and Sato's copy with a yearless date typed as text and one good visit."""
    folder = tmp_path_factory.mktemp("collect_console")
    master = make_master(folder / "book.xlsm")
    copy = next(
        f.path for f in share(master, folder / "out", per_rep=True).files if f.rep == "Sato"
    )
    wb = openpyxl.load_workbook(master, read_only=True)
    account = next(
        r[0] for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[2] == "Sato"
    )
    wb.close()
    wb = openpyxl.load_workbook(copy)
    ws = wb["訪問入力"]
    for j, v in enumerate(("12/2", account, "訪問"), 1):
        ws.cell(2, j, v)
    for j, v in enumerate((dt.date(2026, 10, 4), account, "訪問"), 1):
        ws.cell(3, j, v)
    filled = folder / "book_Sato.xlsx"
    wb.save(filled)
    return master, filled


def test_a_wrapped_check_is_one_console_line(returned: tuple[Path, Path]) -> None:
    master, filled = returned
    report = collect(master, [filled], recalc=False)
    assert report.added == 1
    (yearless,) = [c for c in report.checks if c.problem == "date_without_year"]
    # On the Checks sheet the message goes on below its row (the line the trial saw alone)…
    rows = check_rows([yearless], "ja")
    assert len(rows) > 1 and rows[1][0] in (None, "")
    # …on the console it is one line: where, the value as typed, the whole message.
    year = yearless.params["example"]
    assert report.check_lines() == [
        f"book_Sato.xlsx › 訪問入力, 2, A 訪問日: [12/2] 年のない日付です。年を含めて {year} "
        "のように入力してください(この行は使用しません)"
    ]


def test_check_line_without_a_place_or_value() -> None:
    check = Check("", None, "", None, "collect.not_a_copy", {"file": "team.xlsx"})
    line = check_line(check, "en")
    assert line and not line.startswith((":", " ", "["))
    located = Check("Orders", 12, "B", 3.0, "collect.not_a_copy", {"file": "team.xlsx"})
    assert check_line(located, "en") == f"Orders, 12, B: [3] {line}"


def test_cli_collect_prints_each_check_on_one_line(
    returned: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master, filled = returned
    copy = tmp_path / master.name
    copy.write_bytes(master.read_bytes())
    assert main(["collect", str(copy), str(filled), "--no-recalc"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err and all(line.startswith("routekpi: ") for line in err)
    assert not [line for line in err if line.startswith("routekpi: :")]
    (said,) = [line for line in err if "[12/2]" in line]
    assert said.endswith("のように入力してください(この行は使用しません)")
