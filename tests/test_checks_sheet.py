"""The Checks and Flags sheets as a manager reads and prints them (trial14 I6, I11).

A row left out (severity ``error``) is labelled apart from a critical check, in both
languages; a text longer than its column goes on in the rows below (row heights are not
recomputed on opening, so one long cell prints cut at the next column), wrapped at the width
the column is declared with in ``schema.OUTPUTS``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import python_calamine

from routekpi.contract import Check, display_width
from routekpi.render import check_rows
from routekpi.schema import OUTPUT_BY_NAME
from routekpi.wrapping import wrap_text

CHECKS = OUTPUT_BY_NAME["Checks"]
FLAGS = OUTPUT_BY_NAME["Flags"]


def _width(sheet: str, key: str) -> float:
    return next(c.width for c in OUTPUT_BY_NAME[sheet].columns if c.key == key)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("ja", ["重大", "エラー(行を除外)", "警告", "情報"]),
        ("en", ["critical", "error (row left out)", "warning", "info"]),
    ],
)
def test_each_severity_has_its_own_label(language: str, labels: list[str]) -> None:
    checks = [
        Check("Settings", 4, "B KGI", "x", "not_a_number", {}, severity)
        for severity in ("critical", "error", "warn", "info")
    ]
    rows = check_rows(checks, language)
    assert [row[5] for row in rows] == labels
    # The longest label fits its column (no overflow past the sheet's last column).
    assert max(display_width(label) for label in labels) <= _width("Checks", "severity")


def test_a_long_problem_goes_on_in_the_rows_below() -> None:
    # "unknown value; use one of {choices} (row skipped)" with 20 words of 6 letters:
    # 26 + 158 + 14 = 198 characters, wrapped at 80 - 2 = 78 after the last ", " that fits
    # (word05's at index 73; then word14's at 71 of the rest). The space at a break ends
    # the line above, so the lines joined are the sentence again.
    choices = ", ".join(f"word{i:02d}" for i in range(20))
    check = Check(
        "Visits", 12, "E Result", "maybe", "unknown_choice", {"choices": choices}, "error"
    )
    rows = check_rows([check], "en")
    assert rows == [
        [
            "Visits",
            12,
            "E Result",
            "maybe",
            "unknown value; use one of word00, word01, word02, word03, word04, word05, ",
            "error (row left out)",
        ],
        [
            "",
            "",
            "",
            "",
            "word06, word07, word08, word09, word10, word11, word12, word13, word14, ",
        ],
        ["", "", "", "", "word15, word16, word17, word18, word19 (row skipped)"],
    ]


def test_a_value_that_fits_is_kept_as_typed_and_a_long_one_wraps() -> None:
    short = Check("Orders", 3, "C 担当者", "Tanaka ", "unknown_rep", {}, "warn")
    assert check_rows([short], "ja")[0][3] == "Tanaka "  # the trailing space is the problem
    # 10 letters, a space, 30 letters at 20 - 2 = 18 a line: broken after the space (past
    # half the line), then the word without a space cut at 18.
    typed = "A" * 10 + " " + "B" * 30
    long = Check("Orders", 4, "D 金額", typed, "not_a_number", {}, "error")
    rows = check_rows([long], "en")
    assert [row[3] for row in rows] == ["A" * 10 + " ", "B" * 18, "B" * 12]
    assert rows[0][4] == "not a number (row skipped)"
    assert rows[0][5] == "error (row left out)"
    assert all(row[:3] == ["", "", ""] and len(row) == 4 for row in rows[1:])


def _sheet(path: Path, name: str) -> list[list[object]]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    return [list(r) for r in rows.to_python()]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, str]:
    """A small sample book with one order date typed without its year, recalculated."""
    import contextlib
    import io

    import openpyxl

    from routekpi.cli import main
    from routekpi.io.samplebook import write_sample_workbook

    path = tmp_path_factory.mktemp("checks") / "small.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb["Orders"]["A1"].value == "受注日"
    wb["Orders"]["A5"] = "11月25日"
    wb.save(path)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["recalc", str(path)]) == 0
    summary = out.getvalue()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["recalc", str(path), "--json", "--quiet"]) == 0
    return path, json.loads(out.getvalue()), summary


def test_a_row_left_out_is_an_error_on_the_sheet_and_in_the_summary(
    recalculated: tuple[Path, dict, str],
) -> None:
    path, doc, summary = recalculated
    [check] = [c for c in doc["checks"] if c["code"] == "date_without_year"]
    assert (check["sheet"], check["row"], check["severity"]) == ("Orders", 5, "error")
    assert "チェック: 重大 0 件、エラー 1 件(使わなかった行)" in summary  # the book is ja
    rows = _sheet(path, "Checks")
    at = next(i for i, r in enumerate(rows) if r[0] == "Orders" and r[1] == 5)
    # 86 columns of text at 80 - 2 = 78: broken after the space that ends 2026/11/25.
    assert rows[at][2:] == [
        "A 受注日",
        "11月25日",
        "年のない日付です。年を含めて 2026/11/25 ",
        "エラー(行を除外)",
    ]
    assert rows[at + 1][:5] == ["", "", "", "", "のように入力してください(この行は使用しません)"]
    assert rows[at + 1][5:] in ([], [""])
    assert not any(r[5] == "重大" for r in rows[1:] if len(r) > 5)


def test_every_flag_is_one_row_its_texts_whole_and_as_tall_as_their_lines(
    recalculated: tuple[Path, dict, str],
) -> None:
    """Trial 26 L4: a flag's text went on in the rows below, repeating its keys, so 2
    critical flags read as 8 rows under a filter and a sort split them. Now one flag is one
    row: the message and action whole in their (wrapping) cells, the row as tall as the
    most lines at the declared widths (row heights are not recomputed on opening)."""
    import openpyxl

    from routekpi.share.copies import rep_tables

    path, doc, _ = recalculated
    rows = _sheet(path, "Flags")
    keys = FLAGS.keys
    col = {key: keys.index(key) for key in keys}
    assert len(rows) - 1 == len(doc["flags"])
    for row, flag in zip(rows[1:], doc["flags"], strict=True):
        assert row[col["code"]] == flag["code"] and row[col["rep"]] == flag["rep"]
        for key in ("message", "action"):
            assert (row[col[key]] or "") == flag[key]
    ws = openpyxl.load_workbook(path)["Flags"]
    tall = 0
    for r, flag in enumerate(doc["flags"], 2):
        texts = (
            (flag["message"], _width("Flags", "message")),
            (flag["action"], _width("Flags", "action")),
        )
        lines = max(len(wrap_text(value, width)) for value, width in texts)
        if lines > 1:
            tall += 1
            assert ws.row_dimensions[r].height == lines * 18.75
    assert tall > 0
    # A rep's copy keeps that rep's flags, one row each (it keeps rows by the rep column).
    rep = next(f["rep"] for f in doc["flags"] if f["rep"] != "ALL")
    mine = rep_tables({"Flags": rows}, str(rep))["Flags"][1:]
    assert len(mine) == sum(f["rep"] == rep for f in doc["flags"])
