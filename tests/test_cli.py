"""The command line: documented, thin, and one line on failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import COMMANDS, build_parser, main
from routekpi.pipeline import RecalcError, read_file

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_command_and_option_is_documented() -> None:
    readme = README.read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for name, cmd in sub.choices.items():
        assert f"`routekpi {name}" in readme, name
        for action in cmd._actions:
            for opt in action.option_strings:
                if opt not in ("-h", "--help"):
                    assert opt in readme, f"{name} {opt} is not in the README"


def test_new_writes_the_template_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fresh.xlsm"
    assert main(["new", str(path), "--lang", "en"]) == 0
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.sheetnames[0] == "Settings"
    assert wb["Orders"]["A1"].value == "Date"
    assert main(["new", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_recalc_of_a_fresh_template_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fresh.xlsm"
    main(["new", str(path)])
    before = path.read_bytes()
    assert main(["recalc", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("routekpi: ")
    assert path.read_bytes() == before


def test_not_a_workbook_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsm"
    path.write_text("hello", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "routekpi.cli", "recalc", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0


def test_the_early_read_refuses_as_the_pipeline_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """recalc starts reading the file while the engine imports: a refusal is the same line."""
    path = tmp_path / "notes.xlsm"
    path.write_text("hello", encoding="utf-8")
    assert main(["recalc", str(path)]) == 1
    early = capsys.readouterr().err
    with pytest.raises(RecalcError) as refused:
        read_file(path, sources={})
    assert early == f"routekpi: {refused.value.message}\n"


@pytest.mark.parametrize(("given", "used"), [(None, "1"), ("4", "4")])
def test_openblas_keeps_one_thread_unless_the_user_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str | None, used: str
) -> None:
    """Set before NumPy imports in a fresh process (routekpi does no big linear algebra)."""
    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)
    path = tmp_path / "notes.xlsm"
    path.write_text("hello", encoding="utf-8")
    assert main(["recalc", str(path)]) == 1
    assert os.environ["OPENBLAS_NUM_THREADS"] == used


def test_demo_builds_and_recalculates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "demo workbook:" in out and "feasible" in out
    # The summary says which year was planned and as of when (the sample: FY2026 in-year).
    assert "  FY2026 (2026-04 – 2027-03), as of 2026-10-31\n" in out
    wb = openpyxl.load_workbook(tmp_path / "routekpi_demo.xlsm", read_only=True)
    assert wb["Targets"].max_row > 1000
