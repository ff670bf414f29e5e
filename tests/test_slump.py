"""A rep whose visits fell in the baseline's last months is said on the Plan and Checks, not
planned away (core.slump; trial 32 L5: 山本's visits halved from July, his FY2027 visit
frequency target 1.81 carried the drop with nothing said).

The sample (seed 7, FY2026 planned as of 2026-10-31: baseline FY2025 = 2025-04 … 2026-03) has
no such rep. Sato keeps every other visit from 2025-12 (the baseline's last four months): his
visits per account over them, by hand from the rows he keeps and his books, are about half of
the eight months before, far beyond the team's own change: one note, his alone.
"""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.slump import RECENT_MONTHS, SLUMP_SHARE
from routekpi.messages import text
from routekpi.pipeline import engine_checks
from routekpi.sample import generate_sample

CUT = pd.Timestamp("2025-12-01")
END = pd.Timestamp("2026-03-31")
START = pd.Timestamp("2025-04-01")


def _run(visits: pd.DataFrame):
    s = generate_sample(7)
    history = History(s.orders, visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=s.settings["KGI"], plan_year=2026, as_of=s.settings["AsOf"])
    return run(history, settings)


@pytest.fixture(scope="module")
def slumped():
    v = generate_sample(7).visits
    late = (v["rep"] == "Sato") & (v["date"] >= CUT) & (v["date"] <= END) & (v["kind"] == "visit")
    visits = v.drop(index=v.index[late][::2])
    return visits, _run(visits)


def test_the_sample_has_no_slump() -> None:
    result = _run(generate_sample(7).visits)
    assert not [n for n in result.plan.notes if n.code == "visit_slump"]


def test_a_halved_rep_is_said_with_his_months_by_hand(slumped) -> None:
    visits, result = slumped
    notes = [n for n in result.plan.notes if n.code == "visit_slump"]
    assert [n.params["rep"] for n in notes] == ["Sato"]
    params = notes[0].params
    assert (params["months"], params["since"]) == (RECENT_MONTHS, "2025-12")
    # By hand: his visits over each span (the rows) ÷ his account-months (his books).
    mine = visits[(visits["rep"] == "Sato") & (visits["kind"] == "visit")]
    books = result.evidence.facts.xs("Sato", level="rep")["active_accounts"]
    before_months = pd.period_range("2025-04", "2025-11", freq="M")
    recent_months = pd.period_range("2025-12", "2026-03", freq="M")
    before = ((mine["date"] >= START) & (mine["date"] < CUT)).sum() / books[before_months].sum()
    recent = ((mine["date"] >= CUT) & (mine["date"] <= END)).sum() / books[recent_months].sum()
    assert float(params["before"]) == pytest.approx(before, abs=0.005)
    assert float(params["recent"]) == pytest.approx(recent, abs=0.005)
    assert recent / before < SLUMP_SHARE
    year = result.targets[
        (result.targets["rep"] == "Sato")
        & (result.targets["kpi"] == "visits_per_account")
        & (result.targets["period"] == "FY2026")
    ]
    assert params["target"] == f"{float(year['target'].iloc[0]):.2f}"
    # On the Checks sheet as an info row of the Plan, in words.
    (check,) = [c for c in engine_checks(result) if c.problem == "visit_slump"]
    assert (check.sheet, check.severity) == ("Plan", "info")
    said = text("visit_slump", "en", **check.params)
    assert f"fell to {params['recent']} a month over the baseline's last 4 months" in said
    assert "raise it on the Overrides sheet" in said
