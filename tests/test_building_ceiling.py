"""No target above its ceiling, for a rep still building his first book too (trial 30: 中村's
revenue target ¥15,735,435 sat above his Targets ceiling ¥15,670,608, seed 7 ¥24,200,550
above ¥22,554,079).

His revenue target is his share of the KGI with his accounts lifted to the book his wins
build (targets.split_with_books); the ceiling shown was his revenue ceiling × his book ÷ his
accounts ceiling, as if at his maximum every lever's growth but the accounts' were what the
revenue ceiling leaves over the accounts ceiling. When the revenue ceiling binds below the
levers' sum, his share's other levers are up more than that, and his target passed the
ceiling. Now the ceiling is raised by what his book adds at his maximum share
(targets.building_reach): his target never passes it (his share never passes his maximum,
and his revenue never falls as his share rises), and is it when he is capped.

The hand-built history of tests/test_building_book_flows.py (N: ¥78,000 over 6.5 accounts on
average, her wins' book 8.875 on average, her accounts ceiling 8.639), her revenue ceiling
tightened to +10% (the evidence's revenue ceiling binding below her levers' sum, as 中村's
+76% against +100%): her maximum share ¥78,000 × e^0.1 = ¥86,203; the old ceiling
¥86,203 × 8.875 ÷ 8.639 = ¥88,554.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core import engine
from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.measure import TEAM
from routekpi.core.targets import building_ceilings, building_flows, building_reach, decompose
from routekpi.recalc import recalculate
from tests.test_building_book_flows import AS_OF, SETTINGS, _history
from tests.workbook_files import frames_book

TIGHT = 0.1  # her revenue ceiling: +10% (log)


def _tighten(ev: Evidence) -> Evidence:
    """Her revenue ceiling at +10%, and the team's (the reps' sum) with it."""
    ev.headroom.loc["N", "revenue"] = TIGHT
    ev.ceiling.loc["N", "revenue"] = float(ev.base.at["N", "revenue"]) * math.exp(TIGHT)
    ev.ceiling.loc[TEAM, "revenue"] = float(ev.ceiling.loc[["A", "B", "N"], "revenue"].sum())
    return ev


@pytest.fixture(scope="module")
def ev() -> Evidence:
    return _tighten(build_evidence(_history(), SETTINGS))


def test_the_old_ceiling_was_below_her_target(ev: Evidence) -> None:
    assert float(ev.base.at["N", "revenue"]) == 78_000
    most, reach = building_reach(ev)["N"]
    assert most == pytest.approx(78_000 * math.exp(TIGHT))  # ¥86,203
    old = most * building_flows(ev)["N"].average / float(ev.ceiling.at["N", "active_accounts"])
    assert old == pytest.approx(88_553.9, abs=0.1)
    assert float(decompose(ev, 250_000.0).fy.at["N", "revenue"]) > old
    # Her ceiling now: her revenue at her maximum share, which the largest KGI gives her.
    top = decompose(ev, 400_000.0)
    assert not top.feasible
    assert reach == pytest.approx(float(top.fy.at["N", "revenue"]))
    assert float(building_ceilings(ev).at["N", "revenue"]) == pytest.approx(reach)


@pytest.mark.parametrize("kgi", np.arange(200_000.0, 420_001.0, 20_000.0))
def test_no_target_above_its_ceiling_at_any_kgi(ev: Evidence, kgi: float) -> None:
    """Every FY and monthly row, every rep and the team: revenue to the yen it is rounded to
    (a month's target is rounded, its ceiling not), every other ceiling exactly."""
    _, table = plan_for(ev, float(kgi))
    t = table[np.isfinite(table["ceiling"]) & (table["kpi"] != "churn_rate")]
    slack = np.where(t["kpi"] == "revenue", 1.0, 1e-9)
    over = t[t["target"] > t["ceiling"] * (1 + 1e-9) + slack]
    assert over.empty, over.to_string()


# --- the written workbook ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The history pasted into a new Japanese book (KGI ¥250,000, FY2026), recalculated with
    her revenue ceiling at +10%."""
    h = _history()
    path = tmp_path_factory.mktemp("building_ceiling") / "book.xlsm"
    settings = {
        "KGI": 250_000,
        "PlanYear": 2026,
        "FiscalStartMonth": 1,
        "AsOf": AS_OF,
    }
    frames_book(path, h, settings)
    with pytest.MonkeyPatch.context() as mp:
        evidence = engine.evidence_of_prepared
        mp.setattr(engine, "evidence_of_prepared", lambda *a, **k: _tighten(evidence(*a, **k)))
        recalculate(path)
    return path


def test_the_targets_sheet_read_back_has_no_target_above_its_ceiling(book: Path) -> None:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        rows = list(wb["Targets"].iter_rows(values_only=True))
    finally:
        wb.close()
    head = rows[0]
    t = pd.DataFrame([r for r in rows[1:] if r[0] is not None], columns=head)
    period, rep, kpi = t.columns[0], t.columns[1], t.columns[2]
    target, ceiling = t.columns[5], t.columns[6]
    t = t[pd.to_numeric(t[ceiling], errors="coerce").notna()]
    t = t.astype({target: float, ceiling: float})

    def fy(who: str, key: str) -> pd.Series:
        return t[(t[period] == "FY2026") & (t[rep] == who) & (t[kpi] == key)].iloc[0]

    # The KGI multiplies back; her revenue target above the old ceiling, under the new one.
    assert sum(float(fy(r, "revenue")[target]) for r in "ABN") == 250_000
    assert float(fy(TEAM, "revenue")[target]) == 250_000
    n = fy("N", "revenue")
    assert n[target] > 88_554
    assert n[target] <= n[ceiling]
    rest = t[t[kpi] != "churn_rate"]
    slack = np.where(rest[kpi] == "revenue", 1.0, 1e-9)
    over = rest[rest[target] > rest[ceiling] * (1 + 1e-9) + slack]
    assert over.empty, over.to_string()


# --- every rep's revenue, generated histories --------------------------------------------------


@pytest.mark.parametrize("h", [(0, 3, 41), (33, 4, 74), (5, 5, 75)])
@pytest.mark.parametrize("factor", [1.0, 1.4, 3.0])
def test_no_revenue_target_above_its_ceiling(h: tuple[int, int, int], factor: float) -> None:
    """The issue-10 property (tests/test_targets.py ``_check_ceilings``) for revenue too, which
    it leaves out: FY and months, every rep and the team, to the yen targets are rounded to;
    an infeasible KGI puts every rep at his ceiling."""
    from tests.test_targets import _evidence

    ev = _evidence(*h)
    _, table = plan_for(ev, float(ev.base.at[TEAM, "revenue"]) * factor)
    t = table[(table["kpi"] == "revenue") & np.isfinite(table["ceiling"])]
    over = t[t["target"] > t["ceiling"] + 1.0]
    assert over.empty, over.to_string()
