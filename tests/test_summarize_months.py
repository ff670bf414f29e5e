"""summarize_each_month: one summarize for many single months, equal to one call each."""

from __future__ import annotations

import pandas as pd

from routekpi.core.baselines import build_evidence, summarize_each_month
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import summarize
from routekpi.sample import generate_sample


def test_each_month_equals_its_own_summarize() -> None:
    s = generate_sample(reps=4, accounts=120)
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=s.settings["KGI"], plan_year=2026, as_of=s.settings["AsOf"])
    facts = build_evidence(history, settings).facts
    months = sorted(set(facts.index.get_level_values("month")))
    absent = pd.Period("2031-01", freq="M")  # no facts: summarize's empty frame
    wanted = [months[5], months[0], months[-1], months[5], absent, *months[10:14]]
    got = summarize_each_month(facts, wanted)
    assert list(got) == list(dict.fromkeys(wanted))
    for month, frame in got.items():
        pd.testing.assert_frame_equal(frame, summarize(facts, [month]), check_exact=True)
    assert summarize_each_month(facts, []) == {}
