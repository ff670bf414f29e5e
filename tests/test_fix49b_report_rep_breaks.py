"""report --rep: one rep's Daily opens with the sheet's title and that rep's stops on page 1
(fix49b). The Daily has a page break before each rep; a ``--rep`` print hid the other reps'
rows but kept their breaks, so the title printed alone and the rep began on page 3. The
print copy keeps only the breaks that still part two printed reps. Real books, written by
recalc and read back."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.report import _outputs_only_copy, breaks_printed, daily_print, find_soffice


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("breaks") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    recalculate(path)
    return path


def _breaks(book: Path, part: str) -> list[int]:
    with zipfile.ZipFile(book) as zf:
        xml = zf.read(part).decode()
    return [int(b) for b in re.findall(r'<brk id="(\d+)"', xml)]


def _printed_breaks(book: Path, tmp: Path, rep: str | None, days: int | None) -> list[int]:
    found = daily_print(book, rep, days)
    assert found is not None
    copy = tmp / "copy.xlsm"
    _outputs_only_copy(book, copy, frozenset({"Daily"}), found, days)
    return _breaks(copy, found.part)


def test_one_reps_print_keeps_no_break(book: Path, tmp_path: Path) -> None:
    found = daily_print(book, "Sato", 1)
    assert found is not None
    master = _breaks(book, found.part)
    assert len(master) >= 3  # one before each rep after the first: the sample has 8 reps
    # Sato is the third rep: two breaks above his rows, one below; none parts two shown reps.
    assert _printed_breaks(book, tmp_path, "Sato", 1) == []
    assert _printed_breaks(book, tmp_path, "Sato", None) == []
    assert _breaks(book, found.part) == master  # the master is only read


def test_a_days_print_of_every_rep_keeps_every_break(book: Path, tmp_path: Path) -> None:
    found = daily_print(book, None, 1)
    assert found is not None
    # Each break ends on a hidden row (a rep's last day) and the rep's first day shows above.
    assert _printed_breaks(book, tmp_path, None, 1) == _breaks(book, found.part)


def test_the_breaks_by_hand() -> None:
    """Rows 2-3 notes, 4-5 rep A, 6-7 rep B, 8-9 rep C; breaks after 5 and 7."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"/></row>' for r in range(1, 10))
    xml = (
        f"<worksheet><sheetData>{rows}</sheetData>"
        '<rowBreaks count="2" manualBreakCount="2"><brk id="5" max="16383" man="1"/>'
        '<brk id="7" max="16383" man="1"/></rowBreaks></worksheet>'
    ).encode()

    def kept(hidden: set[int]) -> list[int]:
        out = breaks_printed(xml, frozenset(hidden), 4)
        return [int(b) for b in re.findall(rb'<brk id="(\d+)"', out)]

    assert kept(set()) == [5, 7]  # nothing hidden: as written
    assert kept({4, 5, 8, 9}) == []  # B alone: the notes print with B on page 1
    assert kept({4, 5}) == [7]  # B and C: B's page ends at 7 (the notes above B)
    assert kept({6, 7}) == [5]  # A and C: 5 ends A's page (7 closes no shown row)
    assert kept({5, 7, 9}) == [5, 7]  # each rep's first day: every break
    out = breaks_printed(xml, frozenset({4, 5, 8, 9}), 4)
    assert b"<rowBreaks" not in out and b"</sheetData></worksheet>" in out


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="soffice")
def test_the_pdf_of_one_rep_opens_with_the_title_and_his_stops(book: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "sato.pdf"
    args = ["report", str(book), "--pdf", str(pdf), "--sheets", "Daily", "--rep", "Sato"]
    assert main([*args, "--days", "1"]) == 0
    first = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "1営業日分の訪問計画" in first
    assert "【11/2(月)】" in first and "Sato" in first
