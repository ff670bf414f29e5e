"""Orders cut in one month, visits typed on into the next (AsOf blank: orders to Fri 9/25,
visits to Fri 10/30): the visit-measured KPIs run to the last visit (core.review
``measured_through``) from a history summed from files as from the raw rows — October's
visits, calls and meetings counted, not dropped for want of an October row in the facts."""

from __future__ import annotations

from datetime import date

import pandas as pd
from test_sources import assert_same_results

from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.history import ACCOUNT_COLUMNS, History, PlanSettings
from routekpi.sample import generate_sample


def test_later_visits_in_the_next_month_count_from_files_as_from_rows() -> None:
    small = generate_sample()
    history = History(
        orders=small.orders[small.orders["date"] <= "2026-09-25"],
        visits=small.visits[small.visits["date"] <= "2026-10-30"],
        accounts=small.accounts.reindex(columns=list(ACCOUNT_COLUMNS)),
        holidays=small.holidays,
    )
    as_of, contact = date(2026, 9, 25), date(2026, 10, 30)
    assert history.contact_through(as_of, typed=False) == contact
    settings = PlanSettings(kgi=float(small.settings["KGI"]), plan_year=2026)
    raw = run(history, settings)
    facts = run(compact_history(history, as_of, contact=contact), settings)
    # By hand: the team's October route visits on the rows.
    v = small.visits
    october = v[(v["date"] >= "2026-10-01") & (v["date"] <= "2026-10-30")]
    hand = int((october["kind"] == "visit").sum())
    assert hand > 1000
    for res in (raw, facts):
        a = res.attainment
        row = a[(a["rep"] == "ALL") & (a["kpi"] == "visits") & (a["period"] == "2026-10")]
        assert float(row["actual"].iloc[0]) == hand
    pd.testing.assert_frame_equal(raw.attainment, facts.attainment, check_exact=True)
    assert_same_results(raw, facts)
