"""A partial month never counts as a full one (trial 22: orders exported on 2026-11-20, the
as-of date typed 2026-12-02 made November a whole month: the baseline fell 2% and the growth
asked rose from +12.2% to +14.7%). The baseline's last month is the last month complete by
the as-of date whose orders reach its last working day (baselines.complete_through); the
landing's partial month is the first one not complete."""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.core.baselines import build_evidence, complete_through
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.history import History, PlanSettings
from routekpi.core.landing import landing
from routekpi.core.measure import TEAM
from routekpi.messages import text

CAL = BusinessCalendar()
LAST_ORDER = date(2026, 11, 20)  # a Friday; November's last working day is Monday the 30th


def _daily(last: date = LAST_ORDER) -> History:
    """Three customers ordering ¥1,000 each on every working day, 2024-04-01 to ``last``."""
    days = CAL.working_days(date(2024, 4, 1), last)
    rows = [(pd.Timestamp(d), f"C{i}", "A", 1000.0, 1.0) for d in days for i in range(3)]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=orders)


def _monthly() -> History:
    """Three customers ordering ¥1,000 on the 10th of each month, 2024-04 to 2026-11."""
    months = pd.period_range("2024-04", "2026-11", freq="M")
    rows = [
        (m.start_time + pd.Timedelta(days=9), f"C{i}", "A", 1000.0, 1.0)
        for m in months
        for i in range(3)
    ]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=orders)


def _evidence(history: History, as_of: date) -> object:
    return build_evidence(history, PlanSettings(kgi=1e7, plan_year=2027, as_of=as_of))


def _months(ev: object) -> tuple[str, str, int]:
    months = ev.baseline_months
    return str(months[0]), str(months[-1]), len(months)


def test_an_as_of_inside_the_month_leaves_that_month_out() -> None:
    ev = _evidence(_daily(), date(2026, 11, 20))
    assert _months(ev) == ("2025-11", "2026-10", 12)
    assert "history_ends_early" not in {n.code for n in ev.notes}
    # Hand-computed: ¥3,000 a working day over 2025-11-01 … 2026-10-31.
    days = len(CAL.working_days(date(2025, 11, 1), date(2026, 10, 31)))
    assert float(ev.base.at[TEAM, "revenue"]) == 3000.0 * days


def test_an_as_of_past_an_early_export_leaves_the_cut_month_out() -> None:
    """As of 2026-12-02 November's working days have all passed, but the orders stop on the
    20th of a business that orders every working day: November is partial, the baseline is
    the same 12 months as on the 20th, and the Plan/Checks lines name them."""
    history = _daily()
    on_20th = _evidence(history, date(2026, 11, 20))
    ev = _evidence(history, date(2026, 12, 2))
    assert _months(ev) == ("2025-11", "2026-10", 12)
    assert float(ev.base.at[TEAM, "revenue"]) == float(on_20th.base.at[TEAM, "revenue"])
    assert ev.gap_months == 5  # November … March carried to the plan year
    notes = {n.code: n.params for n in ev.notes}
    early = notes["history_ends_early"]
    assert (early["month"], early["used"], early["last"]) == ("2026-11", "2026-10", "2026-11-20")
    said = text("history_ends_early", "ja", **early)
    assert (
        "2026-11 は途中までの月なので1か月分には数えず、基準期間は 2026-10 までの確定月です" in said
    )
    trailing = text("baseline_trailing", "ja", **notes["baseline_trailing"])
    assert "直近12か月の確定月(2025-11〜2026-10)を基準とし、期首までの5か月は" in trailing
    # The landing counts April … October and expects November whole, its orders so far
    # (¥3,000 × its 14 working days to the 20th) reported, not added.
    found = landing(ev, history)
    assert found is not None
    assert found.actual_months[-1] == pd.Period("2026-10", freq="M")
    assert found.partial == pd.Period("2026-11", freq="M")
    assert len(CAL.working_days(date(2026, 11, 1), LAST_ORDER)) == 14
    assert found.team("partial_to_date") == 3000.0 * 14


def test_one_rule_for_whole_and_sparse_histories() -> None:
    cal = BusinessCalendar()
    # Orders to November's last working day: November is complete as of December 2.
    assert complete_through(_daily(date(2026, 11, 30)), date(2026, 12, 2), cal) == (
        pd.Period("2026-11", freq="M"),
        None,
    )
    # Cut on the 20th: October, with the note saying so.
    last, note = complete_through(_daily(), date(2026, 12, 2), cal)
    assert last == pd.Period("2026-10", freq="M") and note is not None
    # A business ordering on the 10th has no orders on most days by design: November whole.
    ev = _evidence(_monthly(), date(2026, 12, 2))
    assert _months(ev) == ("2025-12", "2026-11", 12)
    assert "history_ends_early" not in {n.code for n in ev.notes}
