"""The ``routekpi`` command leaves nothing behind in the temp folder, fast exit or not.

A recalculation run as the command ends its process with ``os._exit`` (cli._exit_when_done),
which skips Python's other exit functions: whatever one of them would have cleaned up or
written must be done before. Each command that writes files runs here as a real process with
TMPDIR pointing at an empty folder of its own; the folder must still be empty afterwards (no
temp workbook, spill folder or LibreOffice profile left), and the work folder must hold only
what the commands wrote (no half-written ``.tmp`` beside a workbook).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from routekpi import cli

SOFFICE = shutil.which("soffice")


def _run(args: list[str], temp: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m routekpi.cli ARGS`` (the command itself: its fast exit is on) with its own
    TMPDIR; the exit code must be 0 and the temp folder empty afterwards."""
    environ = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp), **env}
    proc = subprocess.run(
        [sys.executable, "-m", "routekpi.cli", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd,
        timeout=600,
    )
    assert proc.returncode == 0, (args, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    left = sorted(str(p.relative_to(temp)) for p in temp.rglob("*"))
    assert left == [], (args, left)
    return proc


def _orders_csv(book: Path, path: Path) -> None:
    """The book's Orders sheet as a CSV file (a history source: DuckDB and its spill folder)."""
    wb = openpyxl.load_workbook(book, read_only=True, keep_vba=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for row in wb["Orders"].iter_rows(values_only=True):
            if any(v is not None for v in row):
                writer.writerow(["" if v is None else v for v in row])
    wb.close()


@pytest.mark.slow
def test_every_writing_command_leaves_the_temp_folder_empty(
    sample_book: Path, tmp_path: Path
) -> None:
    temp = tmp_path / "tmp"
    work = tmp_path / "work"
    temp.mkdir()
    work.mkdir()
    book = work / "book.xlsm"
    shutil.move(sample_book, book)
    expected = {"book.xlsm"}

    _run(["new", "fresh.xlsm"], temp, work)
    _run(["new", "sample.xlsm", "--sample", "--lang", "en"], temp, work)
    expected |= {"fresh.xlsm", "sample.xlsm"}

    # The fast exit: recalc in place, to another file, as JSON on a pipe.
    _run(["recalc", "book.xlsm", "--quiet"], temp, work)
    _run(["recalc", "book.xlsm", "--out", "copy.xlsm"], temp, work)
    document = _run(["recalc", "sample.xlsm", "--json"], temp, work).stdout
    assert document.lstrip().startswith("{") and '"targets"' in document
    expected |= {"copy.xlsm"}
    # History from a file: DuckDB's temp folder (spill, transcoded files) is removed too.
    _orders_csv(book, work / "orders.csv")
    _run(["recalc", "book.xlsm", "--orders", "orders.csv", "--out", "sourced.xlsm"], temp, work)
    expected |= {"orders.csv", "sourced.xlsm"}

    _run(["daily", "book.xlsm", "--days", "2"], temp, work)
    _run(["backtest", "book.xlsm", "--json"], temp, work)
    # --sheet writes the results into the workbook's own (empty) Backtest sheet.
    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb.create_sheet("Backtest")
    wb.save(work / "backtest.xlsm")
    _run(["backtest", "backtest.xlsm", "--sheet"], temp, work)
    expected |= {"backtest.xlsm"}
    _run(["repair", "book.xlsm", "--out", "repaired.xlsm"], temp, work)
    expected |= {"repaired.xlsm"}

    shared = work / "shared"
    _run(["share", "book.xlsm", "--out", "shared", "--per-rep"], temp, work)
    copies = sorted(p for p in shared.iterdir() if p.name.startswith("book_"))
    assert len(copies) >= 2 and all(p.suffix == ".xlsx" for p in copies)
    _run(
        ["share", "book.xlsm", "--out", "locked", "--password-env", "BOOK_PASSWORD"],
        temp,
        work,
        BOOK_PASSWORD="s3cret-pass",
    )
    # Returned copies: collect appends their visit logs and recalculates the master.
    collected = _run(["collect", "book.xlsm", *[str(p) for p in copies[:2]]], temp, work)
    assert collected.stdout.strip()
    _run(["demo", "--out", "demo"], temp, work)
    expected |= {"shared", "locked", "demo"}

    assert {p.name for p in work.iterdir()} == expected
    stray = [p for p in work.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]
    assert stray == []
    with zipfile.ZipFile(work / "demo" / "routekpi_demo.xlsm") as zf:
        assert zf.testzip() is None


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_report_leaves_no_libreoffice_profile_behind(sample_book: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    _run(["recalc", str(sample_book), "--quiet"], temp, tmp_path)
    _run(["report", str(sample_book), "--pdf", "book.pdf"], temp, tmp_path)
    assert (tmp_path / "book.pdf").read_bytes().startswith(b"%PDF")


def test_the_fast_exit_flushes_logging_and_the_streams(tmp_path: Path) -> None:
    """What the skipped exit functions would have written is written before ``os._exit``:
    a log record still buffered in a MemoryHandler (flushed to its file only when logging
    shuts down), and a line still in stdout's buffer on a pipe."""
    log = tmp_path / "run.log"
    code = f"""
import logging, logging.handlers, sys
from routekpi import cli
target = logging.FileHandler({str(log)!r}, encoding="utf-8")
buffered = logging.handlers.MemoryHandler(capacity=100, target=target)
logging.getLogger("routekpi.test").addHandler(buffered)
logging.getLogger("routekpi.test").warning("kept at exit")
sys.stdout.write("no newline yet")
cli._flush_and_exit(3)
print("never reached")
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 3
    assert proc.stdout == "no newline yet"
    assert log.read_text(encoding="utf-8") == "kept at exit\n"


def test_flush_and_exit_is_what_the_command_registers(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[tuple[object, tuple[object, ...]]] = []
    monkeypatch.setattr("atexit.register", lambda f, *a: registered.append((f, a)))
    cli._exit_when_done(0)
    assert registered == [(cli._flush_and_exit, (0,))]
