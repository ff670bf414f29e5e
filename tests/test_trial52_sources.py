"""Trial 52 (a 住宅設備・建材卸): the Sources path's findings.

M2: a folder of 日報 files (one per rep per month) read as one stack: a word no list knows
is one Checks row over the files (not one per file) and the rows left out one line.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi.contract import SKIPPED_PROBLEMS
from routekpi.io.reader import read_workbook
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.pipeline import validate

pytest.importorskip("duckdb")

WORD = "打合せ"


def _rows(book: Path, tab: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in wb[tab].iter_rows(values_only=True)]
    wb.close()
    return [r for r in rows if any(c is not None for c in r)]


def _daily_file(path: Path, title: str, header: list[object], rows: list[list[object]]) -> None:
    """A 日報 as exported: a title, a blank row, the header on row 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[object]]]:
    """The small ja sample (Orders, Accounts on their sheets), its Visits sheet emptied for
    日報 files under 日報/ read by a wildcard Sources row; the visits' rows (header first)."""
    folder = tmp_path_factory.mktemp("t52_sources")
    path = folder / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    tabs = read_workbook(path).tab_names
    visits = _rows(path, tabs["Visits"])
    header = visits[0]
    rewrite_workbook(
        path,
        {
            tabs["Visits"]: SheetContent(rows=[header]),
            tabs["Sources"]: SheetContent(rows=[["入力", "ソース"], ["訪問", "日報/*.xlsx"]]),
        },
    )
    (folder / "日報").mkdir()
    return path, visits


def test_a_word_in_a_folder_of_daily_files_is_one_row_naming_the_files(
    book: tuple[Path, list[list[object]]],
) -> None:
    """M2: three 日報 files, each with 打合せ on some visit rows: one error row for the word
    (rows summed over the files, the three files named with their counts), one line for the
    rows not used (the stack's, its share over all three files), no row per file."""
    path, (head, *lines) = book
    folder = path.parent / "日報"
    cut = len(lines) // 3
    chunks = [lines[:cut], lines[cut : 2 * cut], lines[2 * cut :]]
    names = ["2025-04_A.xlsx", "2025-05_B.xlsx", "2025-06_C.xlsx"]
    marked = [3, 5, 7]  # 打合せ on this many visit rows of each file
    kind = head.index("種別")
    for name, chunk, n in zip(names, chunks, marked, strict=True):
        rows = [list(r) for r in chunk]
        at = [i for i, r in enumerate(rows) if r[kind] == "訪問"][:n]
        for i in at:
            rows[i][kind] = WORD
        _daily_file(folder / name, f"営業日報 {name}", head, rows)
    checks = validate(read_workbook(path), base=path.parent).inputs.checks
    words = [c for c in checks if c.value == WORD]
    assert [c.problem for c in words] == ["stacked_word_folded"]
    [row] = words
    assert row.severity == "error"
    assert row.params["files"] == "3"
    assert row.params["each"] == "・".join(
        f"{n}({k}行)" for n, k in zip(names, marked, strict=True)
    )
    said = text("stacked_word_folded", "ja", **row.params)
    assert said.startswith(f"「{WORD}」は列「種別」の値として判別できません(15行: {names[0]} ")
    assert "縦につないだ 3 ファイルにこの値があり" in said
    # No per-file word rows, and one "not used" line for the stack: 15 of all its rows.
    assert not [c for c in checks if c.problem.startswith("unknown_choice_rows")]
    skipped = [c for c in checks if c.problem in SKIPPED_PROBLEMS]
    assert len(skipped) == 1
    [line] = skipped
    assert line.sheet not in names  # the stack's label, not one file's
    assert (line.problem, line.params["count"], line.params["total"]) == (
        "rows_skipped",
        15,
        len(lines),
    )
    assert line.severity == "info"  # 15 of ~7,000 rows
