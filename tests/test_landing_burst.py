"""A burst of losses leaves its holder's pace as one lost account (trial 36 M2).

A 6-clinic hospital group lost in July: 7.5% of its rep's book together, 1.25% a clinic —
each under the 5% a lost account must be to leave the pace, so the landing carried the
group's orders on (his landing ¥101.16M, ¥99.18M without them, truth ¥98.74M). The baseline
already reads such a burst as one loss (core.lost.bursts); the landing now does too.

tests.test_flags.synth: reps A and B with 40 accounts each ordering ¥100 a month from
2023-04. A's first six accounts end on 2025-05-15 (after May's order): together 6 of 40 =
15% of his book, each 2.5%. FY2025 (April) as of 2025-06-30: April–June actual.
"""

from __future__ import annotations

from datetime import date

import pytest

from routekpi.core.engine import run
from routekpi.core.history import PlanSettings
from routekpi.core.landing import year_landing
from routekpi.core.measure import TEAM
from tests.test_flags import MONTHS, flat, synth

AS_OF = date(2025, 6, 30)
MAY = list(MONTHS).index(MONTHS[MONTHS.get_loc("2025-05")])


def _landing(lost: int):  # type: ignore[no-untyped-def]
    history = synth({"A": flat(), "B": flat()}, accounts=40, cancel={"A": {MAY: lost}})
    result = run(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    found = year_landing(result.evidence, 2025, result.history)
    assert found is not None
    return found


def test_a_burst_of_small_losses_leaves_the_pace_together() -> None:
    found = _landing(6)
    assert len(found.lost_accounts) == 6
    # A: April and May 40 × ¥100, June 34 × ¥100 = ¥11,400 so far; the six accounts' orders
    # out of the pace: 34 accounts × ¥100 for the 9 months left = ¥30,600 more.
    a = found.table.loc["A"]
    assert a["actual"] == pytest.approx(11_400)
    assert a["expected"] == pytest.approx(30_600, rel=0.01)


def test_one_small_loss_stays_in_the_usual_churn() -> None:
    found = _landing(1)
    assert found.lost_accounts == ()
    assert found.table.at[TEAM, "landing"] > 0
