"""The command line: documented, thin, and one line on failure."""

from __future__ import annotations

import json
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


def test_a_path_the_system_cannot_use_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name too long for the file system: the early read's probe does not raise (review:
    a traceback), the pipeline refuses in one line as before."""
    too_long = tmp_path / ("a" * 300 + ".xlsm")
    assert main(["recalc", str(too_long)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("routekpi: "), err


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="counts threads in /proc")
@pytest.mark.parametrize("given", [None, "3"], ids=["unset", "user-set"])
def test_openblas_keeps_one_thread_unless_the_user_says(tmp_path: Path, given: str | None) -> None:
    """In a fresh process: NumPy imports with one OpenBLAS thread (no worker threads), and
    the variable does not stay behind in the caller's environment; a user's setting is kept."""
    code = (
        "import os, sys\n"
        "from routekpi.cli import main\n"
        "rc = main(['recalc', sys.argv[1]])\n"
        "status = open('/proc/self/status').read().split('Threads:')[1].split()[0]\n"
        "print(rc, status, os.environ.get('OPENBLAS_NUM_THREADS'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    missing = tmp_path / "missing.xlsm"  # refused after the engine's imports: no early read
    done = subprocess.run(
        [sys.executable, "-c", code, str(missing)], env=env, capture_output=True, text=True
    )
    rc, threads, left = done.stdout.split()
    assert rc == "1"
    assert left == (given or "None")
    if given is None:
        # As many threads as the engine's imports start with one OpenBLAS thread set by hand
        # (pyarrow keeps one of its own).
        one = "import os\nos.environ['OPENBLAS_NUM_THREADS'] = '1'\nimport routekpi.pipeline\n"
        one += "print(open('/proc/self/status').read().split('Threads:')[1].split()[0])\n"
        ref = subprocess.run([sys.executable, "-c", one], env=env, capture_output=True, text=True)
        assert threads == ref.stdout.strip(), (done.stdout, ref.stdout)


def test_demo_builds_and_recalculates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "demo workbook:" in out and "実現可能" in out  # the demo book is ja
    # The summary says which year was planned and as of when (the sample: FY2026 in-year).
    assert "  FY2026(2026-04 – 2027-03)、基準日 2026-10-31\n" in out
    wb = openpyxl.load_workbook(tmp_path / "routekpi_demo.xlsm", read_only=True)
    assert wb["Targets"].max_row > 1000


def test_the_command_ends_at_once_with_its_output_and_exit_code(
    sample_book: Path, tmp_path: Path
) -> None:
    """``python -m routekpi.cli recalc`` ends its process without Python's teardown
    (cli._exit_when_done): what it printed to a pipe still arrives whole, the exit code is
    the command's, and the workbook is written — the same as a caller of main() gets."""
    proc = subprocess.run(
        [sys.executable, "-m", "routekpi.cli", "recalc", str(sample_book), "--json"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert document["targets"] and document["plan_year"].startswith("FY")
    assert "Traceback" not in proc.stderr
    wb = openpyxl.load_workbook(sample_book, read_only=True, keep_vba=True)
    assert wb["Targets"]["A2"].value is not None
    # A refusal keeps its exit code and its one line on stderr.
    locked = tmp_path / f"~${sample_book.name}"
    copy = tmp_path / sample_book.name
    copy.write_bytes(sample_book.read_bytes())
    locked.write_text("", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "routekpi.cli", "recalc", str(copy)], capture_output=True, text=True
    )
    assert refused.returncode == 1 and refused.stderr.startswith("routekpi: ")
    assert refused.stderr.count("\n") == 1
