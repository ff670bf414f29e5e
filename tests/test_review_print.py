"""The Review on paper: long findings and notes go on in the rows below, never cut.

Trial 18 printed the note 「2026-08: 猛暑でケース単位の提案(2L×6)が通った。チームで共有」 as
「2026-08: 猛暑でケース単」 (a wrapping cell keeps one line's height) and the plan-assumption
finding ran on into the notes column.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd

from routekpi.contract import display_width
from routekpi.core.review import REVIEW_COLUMNS
from routekpi.io.sheetxml import Cell
from routekpi.render import review_sheet_rows, whole_words
from routekpi.schema import OUTPUT_BY_NAME

REVIEW = OUTPUT_BY_NAME["Review"]
KEYS = [c.key for c in REVIEW.columns]
WIDTH = {c.key: c.width for c in REVIEW.columns}
NOTE = "2026-08: 猛暑でケース単位の提案(2L×6)が通った。チームで共有"


def _value(cell: object) -> object:
    return cell.value if isinstance(cell, Cell) else cell


def _result() -> SimpleNamespace:
    row = {
        "rep": "山田恵",
        "kpi": "unit_price",
        "target_ytd": 99_568.0,
        "actual_ytd": 82_984.0,
        "attainment": 82_984 / 99_568,
        "contribution": -19_221_591.0,
        "main": True,
        "trend": "",
        "best_rep": "加藤隆",
        "best_value": 1.053,  # unit price: his attainment of his own target (trial 35 L7)
        "notes": NOTE,
        "planned": True,
        "detail": {},
    }
    review = pd.DataFrame([row], columns=list(REVIEW_COLUMNS))
    months = list(pd.period_range("2026-04", "2027-03", freq="M"))
    ev = SimpleNamespace(
        reps=["山田恵", "加藤隆"],
        plan_months=months,
        as_of=date(2026, 11, 30),
        settings=SimpleNamespace(branches={}),
    )
    return SimpleNamespace(review=review, evidence=ev, history=None, departed={})


def _column(rows: list[list[object]], key: str) -> list[str]:
    at = KEYS.index(key)
    return [str(_value(r[at])) if at < len(r) and _value(r[at]) else "" for r in rows]


def test_the_note_and_the_finding_print_whole_within_their_columns() -> None:
    title, *rows = review_sheet_rows(_result(), "ja")
    # The year block's title row: its span, in the header's band (review37).
    assert _value(title[KEYS.index("kpi")]) == "期初来の振り返り(4/1〜11/30)"
    assert _value(title[KEYS.index("kpi_key")]) == "ytd@2026-11-30"
    notes = _column(rows, "notes")
    assert "".join(notes) == NOTE  # every character, on the rows below
    # At the page's room (46: trial 35 L4, at 20 it took 5 rows, 「2026-08: 」 alone on the first).
    assert notes == ["2026-08: 猛暑でケース単位の提案(2L×6)", "が通った。チームで共有"]
    finding = _column(rows, "comment")
    assert "".join(finding) == "差の主因。加藤隆さん(達成率 105.3%)のやり方を共有してもらいましょう"
    for key in ("notes", "comment"):
        assert all(display_width(line) <= WIDTH[key] for line in _column(rows, key))
    # The lines below repeat the rep (grey), so a filter or a rep's copy keeps them; their
    # KPI cell says the line goes on, not the KPI again (trial 43 L4: printed beside the
    # numbers, a grey 「取引単価」 without numbers read as a second KPI row); the hidden KPI
    # key and the numbers stay on the first row only.
    assert _column(rows, "rep") == ["山田恵"] * 2
    assert _column(rows, "kpi") == ["取引単価", "↳ 所見・メモの続き"]
    assert rows[1][KEYS.index("kpi")].style == "rk_note"
    assert _column(rows, "kpi_key") == ["unit_price", ""]
    assert [_value(r[KEYS.index("contribution")]) for r in rows[:1]] == [-19_221_591.0]
    assert all(r[KEYS.index("rep")].style == "rk_note" for r in rows[1:])


def test_a_break_never_falls_inside_a_name() -> None:
    value = "差の主因。最高の加藤隆さんも 90.3%"
    # Cut after 「加藤」: the break moves to the name's start.
    assert whole_words(value, ["差の主因。最高の加藤", "隆さんも 90.3%"], ["加藤隆"]) == [
        "差の主因。最高の",
        "加藤隆さんも 90.3%",
    ]
    # A name at the very start of a line cut inside it: the break moves to its end instead
    # (the line above is never emptied).
    assert whole_words("加藤隆さん", ["加藤", "隆さん"], ["加藤隆"]) == ["加藤隆", "さん"]
    # Nothing to move: the lines as they were.
    assert whole_words("ab cd", ["ab ", "cd"], ["xy"]) == ["ab ", "cd"]
