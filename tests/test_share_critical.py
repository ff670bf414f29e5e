"""share refuses a book whose Checks sheet has a critical row (copies would carry wrong
targets to every rep) unless --force; recalc's console counts critical checks too."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from share_helpers import make_master

from routekpi.cli import main
from routekpi.io.reader import read_workbook
from routekpi.share.copies import ShareError
from routekpi.share.job import share


@pytest.fixture(scope="module")
def sen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample master with its KGI typed in thousands of yen (229,000,000 → 229,000)."""
    path = make_master(tmp_path_factory.mktemp("critical") / "sen.xlsm")
    row, col = read_workbook(path).setting_cells["KGI"]
    wb = openpyxl.load_workbook(path, keep_vba=True)
    cell = wb["Settings"][f"{col}{row}"]
    assert cell.value == 229_000_000
    cell.value = 229_000
    wb.save(path)
    return path


def test_share_refuses_a_critical_check_and_writes_nothing(sen: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(ShareError) as stop:
        share(sen, out, per_rep=True)
    message = stop.value.message
    assert message.startswith("共有を中止しました(コピーは作っていません): 重大なチェックが 1 件")
    assert "Settings!B4 KGI: KGI ¥229,000 が前年実績" in message and "--force" in message
    assert not out.exists()


def test_force_writes_the_copies_and_says_what_was_overridden(sen: Path, tmp_path: Path) -> None:
    report = share(sen, tmp_path / "out", per_rep=True, force=True)
    assert len(report.files) == 9 and all(f.path.exists() for f in report.files)  # team + 8
    [problem] = report.problems
    assert problem.startswith("--force: 重大なチェックが 1 件あるままコピーを作りました — ")
    assert "Settings!B4 KGI" in problem


def test_cli_share_exits_1_naming_the_check(
    sen: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["share", str(sen), "--out", str(out), "--per-rep"]) == 1
    err = capsys.readouterr().err
    assert "重大なチェックが 1 件" in err and "KGI ¥229,000" in err
    assert not out.exists()
    assert main(["share", str(sen), "--out", str(out), "--force"]) == 0
    assert [p.name for p in out.iterdir()] == ["sen_team.xlsx"]
    assert "--force" in capsys.readouterr().err


@pytest.mark.slow
def test_recalc_console_counts_critical_checks_beside_flags(
    sen: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsm"
    shutil.copyfile(sen, book)
    assert main(["recalc", str(book)]) == 0
    out = capsys.readouterr().out.splitlines()
    flags = next(line for line in out if line.startswith("  フラグ: "))  # a ja book
    checks = out[out.index(flags) + 1 :]
    line = next(line for line in checks if line.startswith("  チェック: "))
    assert line.startswith("  チェック: 重大 1 件、")
    # Where, then the Checks sheet's words: the code (kgi_scale) is for formulas, not people.
    critical = out[out.index(line) + 1]
    assert critical.startswith("    ! Settings!B4 KGI: KGI ¥")
    assert "単位を確認してください" in critical
    assert "kgi_scale" not in critical
