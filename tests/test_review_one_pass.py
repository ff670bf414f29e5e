"""The month block read as the year judges each rep (core.review ``_as_the_year``): one pass
over the year's rows does both of what two passes did — the handover named as the cause of
a rep behind in the month, and no kept/own row nor lever for a rep whose year shows no book
of his own. Frames by hand."""

from __future__ import annotations

import math

import pandas as pd

from routekpi.core.book_change import CAUSE_KEY
from routekpi.core.review import KEPT, MOVED, OWN, REVIEW_COLUMNS, TAKEN, _as_the_year


def _frame(rows: list[tuple[str, str, float, bool, dict[str, object]]]) -> pd.DataFrame:
    full = [
        {c: None for c in REVIEW_COLUMNS}
        | {"rep": r, "kpi": k, "contribution": c, "main": m, "detail": d}
        for r, k, c, m, d in rows
    ]
    return pd.DataFrame(full, columns=list(REVIEW_COLUMNS))


CAUSE = {"handover": "2026-07-01", "given": 2, "taken": 2, "own": 1.0, "basis": "before"}


def _year() -> pd.DataFrame:
    return _frame(
        [
            # A: behind only for a handover in the year; B the same, ahead in the month;
            # C handed his whole book over (MOVED, no KEPT row); D an ordinary rep.
            ("A", "revenue", -2_000.0, False, {CAUSE_KEY: CAUSE}),
            ("B", "revenue", -500.0, False, {CAUSE_KEY: CAUSE}),
            ("C", "revenue", 300.0, False, {}),
            ("C", MOVED, math.nan, False, {}),
            ("C", TAKEN, math.nan, False, {}),
            ("D", "revenue", -100.0, False, {}),
            ("D", MOVED, math.nan, False, {}),
            ("D", KEPT, math.nan, False, {}),
        ]
    )


def _month() -> pd.DataFrame:
    return _frame(
        [
            ("A", "revenue", -700.0, False, {"own_gap": -10.0}),
            ("A", "unit_price", -700.0, True, {}),
            ("B", "revenue", 40.0, False, {"own_gap": 5.0}),
            ("B", "active_accounts", 40.0, True, {}),
            ("C", "revenue", -60.0, False, {"own_gap": -600.0, "own_main": "unit_price", "x": 1}),
            ("C", "unit_price", -60.0, True, {}),
            ("C", OWN, math.nan, False, {}),
            ("D", "revenue", -30.0, False, {"own_gap": -3.0}),
            ("D", "unit_price", -30.0, True, {}),
            ("D", KEPT, math.nan, False, {}),
        ]
    )


def test_one_pass_judges_the_month_as_the_year() -> None:
    out = _as_the_year(_month(), _year())
    got = [(r, k, bool(m), d) for r, k, m, d in out[["rep", "kpi", "main", "detail"]].to_numpy()]
    assert got == [
        # Behind in the month (−¥700): the year's cause, no lever.
        ("A", "revenue", False, {CAUSE_KEY: CAUSE}),
        ("A", "unit_price", False, {}),
        # Ahead in the month (+¥40): his own detail stays, still no lever.
        ("B", "revenue", False, {"own_gap": 5.0}),
        ("B", "active_accounts", False, {}),
        # No book of his own in the year: no own row, no own_* words, no lever.
        ("C", "revenue", False, {"x": 1}),
        ("C", "unit_price", False, {}),
        # An ordinary rep (he kept a book): untouched.
        ("D", "revenue", False, {"own_gap": -3.0}),
        ("D", "unit_price", True, {}),
        ("D", KEPT, False, {}),
    ]


def test_nothing_to_carry_leaves_the_month_as_it_is() -> None:
    month = _month()
    year = _year()
    year = year[year["rep"] == "D"].reset_index(drop=True)
    out = _as_the_year(month, year)
    pd.testing.assert_frame_equal(out, month)
