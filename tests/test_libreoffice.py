"""LibreOffice headless as the stand-in for Excel: open, read, render the recalculated book."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.schema import OUTPUT_SHEETS

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed"),
]
# Export every sheet as its own CSV (LibreOffice ≥ 7.2: the 12th token -1 = all sheets).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _soffice(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    profile = Path(f"/tmp/lo_{uuid.uuid4().hex}")
    try:
        return subprocess.run(
            [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A smaller history than the demo keeps each LibreOffice conversion to seconds.
    folder = tmp_path_factory.mktemp("lo")
    path = folder / "demo.xlsm"
    write_sample_workbook(path, "ja", orders_rows=8_000)
    recalculate(path)
    return path


@pytest.mark.slow
def test_renders_to_pdf(recalculated: Path) -> None:
    """What a manager prints: ``routekpi report --pdf`` renders the output sheets only (the
    8,000-row Orders sheet alone would be hundreds of pages), and leaves the book as it was."""
    before = recalculated.read_bytes()
    pdf = recalculated.parent / "demo.pdf"
    assert main(["report", str(recalculated), "--pdf", str(pdf)]) == 0
    assert recalculated.read_bytes() == before
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-" and len(data) > 20_000
    # Every output sheet prints (Targets and Attainment run to pages of their own: ≈70 pages;
    # the Review's month block ≈10 more); the 8,000 Orders rows alone would add 150+ pages
    # at ≈50 rows a page.
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert len(OUTPUT_SHEETS) <= pages < 140, pages


def test_sees_the_vba_module_and_the_button(recalculated: Path) -> None:
    folder = recalculated.parent
    _soffice(["--convert-to", "ods", "--outdir", str(folder), str(recalculated)], folder)
    with zipfile.ZipFile(folder / "demo.ods") as ods:
        module = ods.read("Basic/VBAProject/RouteKPI.xml").decode("utf-8")
        content = ods.read("content.xml").decode("utf-8")
    assert "Sub RecalculatePlan()" in module and "RunPython" in module
    button = re.search(r"<form:button .*?</form:button>", content, re.S)
    assert button is not None
    assert "VBAProject.RouteKPI.RecalculatePlan" in button.group(0)


def test_reads_the_same_numbers_as_openpyxl(recalculated: Path) -> None:
    folder = recalculated.parent / "csv"
    folder.mkdir()
    _soffice(["--convert-to", CSV_ALL_SHEETS, "--outdir", str(folder), str(recalculated)], folder)
    targets_csv = next(folder.glob("*Targets*.csv"))
    with targets_csv.open(encoding="utf-8") as fh:
        lo_rows = list(csv.reader(fh))
    wb = openpyxl.load_workbook(recalculated, read_only=True, data_only=True)
    ox_rows = list(wb["Targets"].iter_rows(values_only=True))
    wb.close()
    assert len(lo_rows) == len(ox_rows)
    # Spot-check the numeric target column on every 50th row (LibreOffice shows it formatted).
    for lo, ox in list(zip(lo_rows, ox_rows, strict=True))[1::50]:
        assert lo[:3] == [str(x) for x in ox[:3]]
        if ox[5] is not None:
            shown = float(re.sub(r"[^\d.\-]", "", lo[5]) or "nan")
            if lo[5].endswith("%"):
                shown /= 100
            assert shown == pytest.approx(ox[5], rel=1e-2, abs=0.01)
