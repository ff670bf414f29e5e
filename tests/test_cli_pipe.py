"""A reader that closes the command's output early (``routekpi daily book.xlsm | head``) is
no file problem: no message, the shell's exit for a closed pipe (walk44: the command said
「ファイルを扱えません: (Broken pipe) / cannot use : Broken pipe」 and exited 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from routekpi.cli import PIPE_CLOSED
from routekpi.io.samplebook import write_sample_workbook


def test_a_closed_output_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "ja", seed=11, orders_rows=4_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "routekpi.cli", "daily", str(book)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    said = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=600) == PIPE_CLOSED
    assert said == ""
