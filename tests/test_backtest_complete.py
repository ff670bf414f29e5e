"""The backtest compares the months the engine counts as complete (baselines.complete_through):
an AsOf date typed past an early export (orders to Friday 2026-11-20, AsOf 2026-12-02) does not
make November a whole month of results; before, the backtest compared it with 14 of its 20
working days and scored every rep against a November short by a third."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.backtest import backtest, company_calendar, default_year
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.history import History, PlanSettings
from routekpi.messages import text

CAL = BusinessCalendar()  # no Holidays sheet: the company calendar is weekdays only
LAST_ORDER = date(2026, 11, 20)  # a Friday; November's last working day is Monday the 30th


def _daily(last: date = LAST_ORDER) -> History:
    """Two reps' customers (C0, C1 of A; C2 of B) ordering ¥1,000 each on every working
    day from 2024-01-01 to ``last``."""
    days = CAL.working_days(date(2024, 1, 1), last)
    rows = [
        (pd.Timestamp(d), f"C{i}", "A" if i < 2 else "B", 1000.0, 1.0)
        for d in days
        for i in range(3)
    ]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=orders)


def _settings(as_of: date) -> PlanSettings:
    return PlanSettings(kgi=1.0, plan_year=2030, fiscal_start_month=1, as_of=as_of)


def test_an_as_of_past_an_early_export_compares_the_complete_months_only() -> None:
    history = _daily()
    cal = company_calendar(history)
    result = backtest(history, _settings(date(2026, 12, 2)), 2026)
    assert [str(m) for m in result.months] == [f"2026-{m:02d}" for m in range(1, 11)]
    # Hand-computed: ¥3,000 a working day over 2026-01-01 … 2026-10-31, November's 14 working
    # days to the 20th left out.
    days = len(cal.working_days(date(2026, 1, 1), date(2026, 10, 31)))
    assert len(cal.working_days(date(2026, 11, 1), LAST_ORDER)) == 14
    assert result.realised_revenue == pytest.approx(3000.0 * days)
    notes = {n.code: n.params for n in result.notes}
    early = notes["backtest_ends_early"]
    assert (early["month"], early["used"], early["last"]) == ("2026-11", "2026-10", "2026-11-20")
    said = text("backtest_ends_early", "en", **early)
    assert "2026-11 is a partial month and is not compared" in said
    assert "the months compared end with 2026-10" in said
    assert notes["backtest_partial"]["months"] == 10
    # Orders to November's last working day: November is compared, nothing said.
    whole = backtest(_daily(date(2026, 11, 30)), _settings(date(2026, 12, 2)), 2026)
    assert len(whole.months) == 11
    assert "backtest_ends_early" not in {n.code for n in whole.notes}
    days_nov = len(cal.working_days(date(2026, 1, 1), date(2026, 11, 30)))
    assert whole.realised_revenue == pytest.approx(3000.0 * days_nov)


def test_the_default_year_is_the_last_one_whose_orders_are_whole() -> None:
    """Orders to Friday 2026-12-18, AsOf 2027-01-05: December's working days have passed but
    its orders stop early, so 2026 is not a complete year; the default is 2025."""
    history = _daily(date(2026, 12, 18))
    assert default_year(history, _settings(date(2027, 1, 5))) == 2025
    assert default_year(_daily(date(2026, 12, 31)), _settings(date(2027, 1, 5))) == 2026
