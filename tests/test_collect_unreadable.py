"""``routekpi collect`` with a file it cannot read: the file named in one stderr line, and
exit 1 when no file named could be read (walk 44: a typo'd name printed
「ファイルが見つかりません: {path}」, the placeholder unfilled, and exited 0 like "nothing new").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from share_helpers import fill_visit_log, make_master, rep_copies

from routekpi.cli import main
from routekpi.share.collect import collect


@pytest.fixture(scope="module")
def master_and_copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    master = make_master(tmp_path_factory.mktemp("unreadable") / "book.xlsm")
    return master, rep_copies(master)


def _book(master_and_copies: tuple[Path, dict], tmp_path: Path) -> Path:
    book = tmp_path / "book.xlsm"
    book.write_bytes(master_and_copies[0].read_bytes())
    return book


def _visit_rows(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True)
    return sum(1 for row in wb["Visits"].iter_rows(min_row=2, values_only=True) if any(row))


def test_a_missing_file_names_its_path_and_exits_1(
    master_and_copies: tuple[Path, dict], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(master_and_copies, tmp_path)
    frozen = book.read_bytes()
    missing = tmp_path / "returned" / "nonexist.xlsx"
    assert main(["collect", str(book), str(missing), "--no-recalc"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"routekpi: nonexist.xlsx: ファイルが見つかりません: {missing}"]
    assert book.read_bytes() == frozen
    report = collect(book, [missing], recalc=False)
    assert report.none_read
    assert report.checks[0].params == {"file": "nonexist.xlsx", "path": str(missing)}


def test_a_folder_is_not_called_missing(
    master_and_copies: tuple[Path, dict], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(master_and_copies, tmp_path)
    folder = tmp_path / "returned.xlsx"
    folder.mkdir()
    assert main(["collect", str(book), str(folder), "--no-recalc"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"routekpi: returned.xlsx: ファイルを扱えません: {folder}(")
    assert "{" not in line


def test_only_the_teams_copy_exits_1_like_a_missing_file(
    master_and_copies: tuple[Path, dict], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(master_and_copies, tmp_path)
    team = master_and_copies[1][None]
    assert main(["collect", str(book), str(team), "--no-recalc"]) == 1
    assert "collect" not in capsys.readouterr().err  # a sentence, not a message key


def test_one_readable_file_collects_and_exits_0(
    master_and_copies: tuple[Path, dict], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(master_and_copies, tmp_path)
    before = _visit_rows(book)
    copies = master_and_copies[1]
    rep = next(r for r in copies if r is not None)
    wb = openpyxl.load_workbook(book, read_only=True)
    account = next(
        r[0] for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[2] == rep
    )
    # A Sunday of the as-of month: the sample has no visit on it, so the row is new.
    filled = fill_visit_log(
        copies[rep], tmp_path / "mine.xlsx", [[dt.date(2026, 10, 4), account, "visit"]]
    )
    missing = tmp_path / "typo.xlsx"
    assert main(["collect", str(book), str(missing), str(filled), "--no-recalc"]) == 0
    captured = capsys.readouterr()
    assert "1 行を追加" in captured.out
    assert captured.err.splitlines() == [
        f"routekpi: typo.xlsx: ファイルが見つかりません: {missing}"
    ]
    assert _visit_rows(book) == before + 1
    # Read but nothing new (an empty log): 0, as "nothing new" always was.
    assert main(["collect", str(book), str(copies[rep]), "--no-recalc"]) == 0
    assert "追加する行はありません" in capsys.readouterr().out
