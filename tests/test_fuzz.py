"""Fuzz: random cell edits on a valid workbook's input sheets never crash a recalculation.

Each example rewrites a few cells of Settings/Orders/Visits/Accounts/Holidays in
``tests/corpus/base.xlsm`` (headers included) with the kinds of values people type or
paste, writes a real workbook with the project's zip writer, and runs ``recalculate``.
It may compute (Checks list the problems) or stop with a ``RecalcError``; anything else is
a bug. Either way the input sheets' zip members are byte-for-byte what they were, and a
stopped run leaves the whole file as it was.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routekpi.io.package import sheet_part_names
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.recalc import RecalcError, recalculate

BASE = Path(__file__).parent / "corpus" / "base.xlsm"
SHEETS = ("Settings", "Orders", "Visits", "Accounts", "Holidays")
INPUTS = (*SHEETS, "Overrides", "RepWeights")
# Settings value cells fuzzed: B4 (KGI) through B17, PlanYear, AsOf and BaselineMonths included.
SETTING_ROWS = tuple(range(3, 17))  # 0-based rows of B4…B17

# What ends up in cells of workbooks that travel by email.
TYPED = st.sampled_from(
    [
        "#N/A",
        "#DIV/0!",
        "#REF!",
        "=1+1",
        "+81",
        "-",
        "@x",
        "１２３",
        "¥1,200",
        "△500",
        "(1,200)",
        "1.2万",
        "令和8年2月30日",
        "R8.4.1",
        "2026-02-30",
        "2026/4/1",
        "20260401",
        "",
        " ",
        "未定",
        "Tanaka",
        "C0001",
        "訪問",
        "商談",
        "成功",
        "ja",
        "en",
        "baseline",
        "12,5",
        "1e308",
        "-0",
        "0",
        "NaN",
        "inf",
        "TRUE",
    ]
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=15,
)
VALUES = st.one_of(
    TYPED,
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 12, 31)),
)
EDIT = st.tuples(
    st.sampled_from(SHEETS),
    st.one_of(st.integers(0, 3), st.integers(0, 60)),  # the header row often
    st.integers(0, 6),
    VALUES,
)


def _rows(sheet: str) -> list[list[object]]:
    book = python_calamine.CalamineWorkbook.from_path(str(BASE))
    return [list(r) for r in book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)]


ROWS = {s: _rows(s) for s in SHEETS}


def _input_members(path: Path) -> dict[str, bytes]:
    parts = sheet_part_names(path)
    with zipfile.ZipFile(path) as zf:
        return {parts[s]: zf.read(parts[s]) for s in INPUTS if s in parts}


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("ROUTEKPI_FUZZ_EXAMPLES", "30")),
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(EDIT, min_size=1, max_size=8))
def test_random_cell_edits_never_crash_and_never_touch_inputs(
    edits: list[tuple[str, int, int, object]], tmp_path: Path
) -> None:
    rows = {s: [list(r) for r in ROWS[s]] for s in SHEETS}
    for sheet, r, c, value in edits:
        grid = rows[sheet]
        r = r if sheet != "Settings" else SETTING_ROWS[r % len(SETTING_ROWS)]
        c = c if sheet != "Settings" else 1
        while len(grid) <= r:
            grid.append([])
        grid[r].extend([None] * (c + 1 - len(grid[r])))
        grid[r][c] = value
    path = tmp_path / "fuzz.xlsm"
    shutil.copyfile(BASE, path)
    contents = {s: SheetContent(rows=grid) for s, grid in rows.items()}
    rewrite_workbook(path, contents)
    before, before_bytes = _input_members(path), path.read_bytes()
    try:
        recalculate(path)
    except RecalcError as exc:
        assert "\n" not in exc.message and exc.message
        assert path.read_bytes() == before_bytes
    assert _input_members(path) == before
    for leftover in tmp_path.iterdir():
        assert leftover.name == "fuzz.xlsm"
    path.unlink()
