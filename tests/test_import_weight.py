"""What a recalculation and the UDF module import: only what a run uses.

Every module a run imports but never calls is paid on every button press and every cold UDF
call (issue 14: the imports alone were two floors of a 10,000-row recalc). Each check runs in
a fresh interpreter and looks at ``sys.modules`` — what was imported, not how long it took.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Imported only by the commands and features that need them.
NEVER_IN_A_RUN = (
    "openpyxl",  # the template and the sample books (a book with every output tab needs neither)
    "xlsxwriter",
    "hypothesis",  # tests only
    "duckdb",  # history sources, only when one is named
    "psycopg",
    "msoffcrypto",  # routekpi share --password-file
    "cryptography",
    "smtplib",  # routekpi share --send
    "email.mime",
    "oletools",
    "scipy",
    "matplotlib",
    "routekpi.sample",  # the sample generator
    "routekpi.io.samplebook",
    "routekpi.io.template",
    "routekpi.io.repair",
    "routekpi.io.xlsm",
    "routekpi.share",
    "routekpi.report",  # PDF export (LibreOffice)
    "routekpi.backtest_job",
    "routekpi.core.backtest",
    "routekpi.repair_job",
    "routekpi.daily_job",
    "routekpi.sources.assemble",  # the DuckDB side of history sources
    "routekpi.sources.tabular",
)
EXCEL_ONLY = ("xlwings", "routekpi.excel")


def _imported(code: str, *args: str) -> list[str]:
    """The modules in ``sys.modules`` after ``code`` ran in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _found(modules: list[str], names: tuple[str, ...]) -> list[str]:
    """The names of ``names`` that are imported, themselves or one of their submodules."""
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


@pytest.mark.parametrize("module", ["routekpi.recalc", "routekpi.cli", "routekpi.pipeline"])
def test_the_recalculation_imports_nothing_it_does_not_run(module: str) -> None:
    modules = _imported(f"import {module}")
    assert module in modules  # the check looks at the right interpreter
    assert _found(modules, NEVER_IN_A_RUN + EXCEL_ONLY) == []


def test_a_whole_recalculation_imports_nothing_it_does_not_run(
    sample_book: Path, tmp_path: Path
) -> None:
    """The command itself on a book with every output tab: no template, no sample generator,
    no Excel or e-mail code, no DuckDB — and the outputs are written."""
    book = tmp_path / "run.xlsm"
    shutil.copyfile(sample_book, book)
    before = book.read_bytes()
    code = (
        "import sys\nfrom routekpi.cli import main\n"
        "assert main(['recalc', sys.argv[1], '--quiet']) == 0"
    )
    modules = _imported(code, str(book))
    assert "routekpi.recalc" in modules and "pandas" in modules
    assert _found(modules, NEVER_IN_A_RUN + EXCEL_ONLY) == []
    assert book.read_bytes() != before  # it did recalculate (the status line's time at least)


def test_the_udf_module_imports_only_what_the_udfs_run() -> None:
    """xlwings is the UDF server's own (its decorator); the rest of NEVER_IN_A_RUN is not
    (cryptography comes with xlwings itself, so it is not asked about here)."""
    modules = _imported("import routekpi.excel.udfs")
    assert "xlwings" in modules and "routekpi.excel.model_cache" in modules
    assert _found(modules, tuple(n for n in NEVER_IN_A_RUN if n != "cryptography")) == []
