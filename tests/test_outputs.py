"""The output registry: every sheet declared once (schema.OUTPUTS), rows built by column key."""

from __future__ import annotations

import pytest

from routekpi.contract import Check
from routekpi.render import SHEET_ROWS, output_tables
from routekpi.schema import OUTPUT_BY_NAME, OUTPUT_COLUMNS, OUTPUT_SHEETS, OUTPUTS


def test_every_declared_sheet_has_one_rows_function() -> None:
    assert set(SHEET_ROWS) == {o.name for o in OUTPUTS}
    assert [s.name for s in OUTPUT_SHEETS] == list(OUTPUT_COLUMNS) == [o.name for o in OUTPUTS]
    for sheet in OUTPUTS:
        assert len(set(sheet.keys)) == len(sheet.keys), sheet.name  # keys name one column


def test_row_by_key_follows_the_column_order() -> None:
    daily = OUTPUT_BY_NAME["Daily"]  # rep, date, order, account, name, priority, reason, …
    assert daily.row({"name": "x", "rep": "Sato"}) == ["Sato", "", "", "", "x"]
    assert daily.row({}) == []
    with pytest.raises(KeyError, match="Daily has no column"):
        daily.row({"rep": "Sato", "colour": "red"})
    # Every column named, in any order: the whole row in column order.
    every = {key: i for i, key in enumerate(reversed(daily.keys))}
    assert daily.row(every) == list(reversed(range(len(daily.keys))))
    # As many names as columns, one of them unknown: still refused by name.
    with pytest.raises(KeyError, match=r"Daily has no column \['colour'\]"):
        daily.row({**{key: 1 for key in daily.keys[1:]}, "colour": "red"})


def test_without_a_result_only_the_checks_sheet_is_rendered() -> None:
    check = Check("Orders", 7, "B", "x", "not_a_number", {}, "error")
    tables = output_tables(None, [check], "en")
    assert list(tables) == ["Checks"]
    head, row = tables["Checks"]
    assert [c.value for c in head] == ["Sheet", "Row", "Column", "Value", "Problem", "Severity"]
    assert row[:4] == ["Orders", 7, "B", "x"] and row[5] == "error (row left out)"
