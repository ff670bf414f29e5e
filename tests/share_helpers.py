"""Helpers for the sharing tests: a small master workbook, LibreOffice over UNO, zip parts."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import openpyxl

from routekpi.io.samplebook import write_sample_workbook
from routekpi.share.job import share

HERE = Path(__file__).resolve().parent
SOFFICE = shutil.which("soffice")
SYSTEM_PYTHON = Path("/usr/bin/python3")
LO_SCRIPT = HERE / "lo_uno.py"


def has_uno() -> bool:
    """soffice plus a Python with the UNO bridge (python3-uno) are installed."""
    if SOFFICE is None or not SYSTEM_PYTHON.exists():
        return False
    proc = subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True)
    return proc.returncode == 0


def make_master(path: Path, language: str = "ja") -> Path:
    """A sample master small enough for LibreOffice round trips (8 reps, ~8,000 orders)."""
    write_sample_workbook(path, language, orders_rows=8_000)
    return path


def rep_copies(master: Path) -> dict[str | None, Path]:
    """``share --per-rep`` of ``master`` into ``out`` beside it: each copy's path by its rep
    (``None``: the team's copy)."""
    report = share(master, master.parent / "out", per_rep=True)
    return {f.rep: f.path for f in report.files}


def fill_visit_log(copy: Path, dst: Path, rows: list[list[object]]) -> Path:
    """The rep types ``rows`` below the visit log's header of ``copy`` and saves it as ``dst``
    (openpyxl, as Excel)."""
    wb = openpyxl.load_workbook(copy)
    ws = wb["訪問入力"]
    for i, row in enumerate(rows, 2):
        for j, v in enumerate(row, 1):
            ws.cell(i, j, v)
    wb.save(dst)
    return dst


def add_reps_sheet(path: Path, emails: dict[str, str]) -> None:
    """Fill the master's Reps sheet (rep, e-mail) below its header, as a manager would type
    it; a book without one (not from the template) gets one."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    if "Reps" in wb.sheetnames:
        ws = wb["Reps"]
        for row, (rep, email) in enumerate(emails.items(), start=2):
            ws.cell(row, 1, rep)
            ws.cell(row, 2, email)
    else:
        ws = wb.create_sheet("Reps")
        ws.append(["担当者", "メールアドレス"])
        for rep, email in emails.items():
            ws.append([rep, email])
    wb.save(path)


def xml_parts(path: Path) -> dict[str, str]:
    """Every XML part of an .xlsx, decoded."""
    with zipfile.ZipFile(path) as zf:
        return {
            n: zf.read(n).decode("utf-8")
            for n in zf.namelist()
            if n.endswith((".xml", ".rels", ".vml"))
        }


def uno(*args: str) -> subprocess.CompletedProcess[str]:
    """Run tests/lo_uno.py with the system Python (it starts and stops its own soffice)."""
    return subprocess.run(
        [str(SYSTEM_PYTHON), str(LO_SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def lo_fill(src: Path, dst: Path, sheet: str, rows: list, password: str | None = None) -> None:
    """A rep types ``rows`` into ``sheet`` of ``src`` in LibreOffice and saves it as ``dst``."""
    spec = dst.with_suffix(".rows.json")
    spec.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    proc = uno("fill", str(src), str(dst), sheet, str(spec), *([password] if password else []))
    assert proc.returncode == 0, proc.stderr
    assert dst.exists()


def soffice_convert(files: list[Path], fmt: str, outdir: Path) -> None:
    """Convert files with one headless soffice run, in a private profile."""
    profile = Path(f"/tmp/lo_share_{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
