"""The Plan's landing line names the partial month and what it means (trial 22's early export:
orders to Friday 2026-11-20, AsOf 2026-12-02). November is over by the calendar, so "November
has not ended" read wrongly: the line now says the orders stop on the 20th, that November is
a partial month expected whole, and that its orders so far are part of that, not added."""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.render import plan_rows

CAL = BusinessCalendar()
LAST_ORDER = date(2026, 11, 20)  # a Friday; November's last working day is Monday the 30th


def _daily() -> History:
    """Three customers of rep A ordering ¥1,000 each on every working day, 2024-04-01 to the
    20th of November 2026."""
    days = CAL.working_days(date(2024, 4, 1), LAST_ORDER)
    rows = [(pd.Timestamp(d), f"C{i}", "A", 1000.0, 1.0) for d in days for i in range(3)]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=orders)


def _landing_note(as_of: date, language: str) -> tuple[float, str]:
    result = run(_daily(), PlanSettings(kgi=1e7, plan_year=2027, as_of=as_of))
    rows = plan_rows(result, language)
    head = "FY2026 actual to date" if language == "en" else "FY2026 実績(確定月)"
    at = next(i for i, r in enumerate(rows) if r[0] == head)
    end = next(i for i in range(at + 1, len(rows)) if rows[i][0] != "")
    # The note wrapped over printed lines: English breaks at spaces, Japanese anywhere.
    joint = " " if language == "en" else ""
    return float(rows[at][1].value), joint.join(str(r[2]) for r in rows[at:end])


def test_an_early_export_names_the_partial_month_and_its_orders_so_far() -> None:
    # Hand-computed: April … October 2026 at ¥3,000 a working day; November's 14 working
    # days to the 20th are ¥42,000, reported and not added.
    actual_days = len(CAL.working_days(date(2026, 4, 1), date(2026, 10, 31)))
    assert len(CAL.working_days(date(2026, 11, 1), LAST_ORDER)) == 14
    actual, note = _landing_note(date(2026, 12, 2), "en")
    assert actual == 3000.0 * actual_days
    assert "2026-11 is over, but the orders stop on 2026-11-20" in note
    assert "2026-11 is a partial month, not counted here but expected whole below" in note
    assert "¥42,000 of orders to 2026-11-20 is part of that, not added to it" in note
    assert "has not ended" not in note
    _, ja = _landing_note(date(2026, 12, 2), "ja")
    said = ja.replace(" ", "")  # wrapped at its spaces
    assert "2026-11は暦の上では終わっていますが、受注データは2026-11-20まで" in said
    assert "2026-11は途中までの月なので実績に含めず、月全体を見込みに入れます" in said
    assert "2026-11-20までの受注¥42,000はその一部で、見込みに上乗せしません" in said


def test_a_month_still_running_keeps_its_own_words() -> None:
    actual, note = _landing_note(date(2026, 11, 20), "en")
    assert actual == 3000.0 * len(CAL.working_days(date(2026, 4, 1), date(2026, 10, 31)))
    assert "2026-11 has not ended" in note
    assert "¥42,000 so far is part of it" in note
