"""A team whose strong years shrank too has a record below its baseline (core.record; trial
53 H3: a book distributor shrinking 4–7% a year read its KGI −2.0%, better than any 12 months
it had had, as 「実現可能(社内実績の範囲内)」, the strong-year line held at the baseline).

Every history here is test_price_step's: three reps with five accounts each, each account
ordering once a month on the 10th, April 2022 – March 2026 (48 months), no visits; plan year
FY2026 (April 2026 – March 2027), baseline FY2025. The amount of every order moves smoothly by
``RATE`` a year (the order of month k since April 2022 is ¥1,000 × RATE^(k/12)), so every
12-month window is exactly RATE times the one a year before: the team's record (its 90th
percentile) and its best 12 months are both RATE.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.engine import Result, plan_for, run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.record import best_change
from routekpi.core.targets import decompose, team_record
from routekpi.render import flag_message, plan_rows
from routekpi.render_dashboard import BANNER_ROW, dashboard_rows
from routekpi.share.copies import cell_value
from routekpi.validation.settings import shown_feasibility
from tests.history_helpers import OrderLine, rep_accounts
from tests.test_price_step import AS_OF, FIRST, MONTHS, REPS


def _history(rate: float) -> History:
    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        k = (month - FIRST).n
        return [(month.start_time + pd.Timedelta(days=9), 1000.0 * rate ** (k / 12), 1)]

    return rep_accounts(REPS, FIRST, MONTHS, line)


def _baseline(rate: float) -> float:
    """FY2025 = months 36 … 47: 15 accounts × Σ ¥1,000 × rate^(k/12)."""
    return 15 * sum(1000.0 * rate ** (k / 12) for k in range(36, 48))


def _evidence(rate: float) -> Evidence:
    return build_evidence(_history(rate), PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))


def _result(rate: float, kgi: float) -> Result:
    return run(_history(rate), PlanSettings(kgi=kgi, plan_year=2026, as_of=AS_OF))


def _texts(rows: list) -> str:
    return "\n".join(" | ".join(str(cell_value(c)) for c in row) for row in rows)


def test_a_team_shrinking_five_percent_a_year_has_its_record_below_the_baseline() -> None:
    """Record and best both ×0.95: the strong-year line is the baseline × 0.95, not the
    baseline; a KGI −2% is beyond it (not "within the record"), −6% within it."""
    ev = _evidence(0.95)
    base = _baseline(0.95)
    assert float(ev.base.at[TEAM, "revenue"]) == pytest.approx(base, rel=1e-9)
    assert float(ev.lever_evidence.team_high["revenue"]) == pytest.approx(math.log(0.95), rel=1e-9)
    assert best_change(ev) == pytest.approx(0.95, rel=1e-9)
    plan, _ = plan_for(ev, base * 0.98)
    assert plan.record_yearly == pytest.approx(0.95, rel=1e-9)
    assert plan.record_kgi == pytest.approx(base * 0.95, rel=1e-9)
    assert plan.feasible and not plan.within_record
    assert shown_feasibility(plan) == "stretch"
    low, _ = plan_for(ev, base * 0.94)
    assert low.within_record and shown_feasibility(low) == "yes"


def test_the_plan_and_the_dashboard_say_the_kgi_is_better_than_any_12_months() -> None:
    """KGI −2% on a team whose best 12 months were −5.0%: the Plan's feasibility row and the
    Dashboard's banner say so in those figures; the record row says it fell even in its strong
    years, at the baseline × 0.95."""
    base = _baseline(0.95)
    result = _result(0.95, round(base * 0.98))
    plan = _texts(plan_rows(result, "ja"))
    assert "実現可能(社内実績の範囲内)" not in plan
    assert "KGI の前年比 -2.0% は、過去のどの12か月(最良 -5.0%)よりも良い水準です" in plan
    assert "好調な年並みの伸びで届く" not in plan or f"¥{base * 0.95:,.0f}" in plan
    assert "最良の12か月でも -5.0% で、好調な年でも前年を下回っています" in plan
    rows = dashboard_rows(result, "ja")
    banner = str(cell_value(rows[BANNER_ROW - 1][0]))
    assert banner.startswith("チーム実績を超えています: KGI の前年比 -2.0% は、過去のどの12か月")
    assert f"その伸びで届くのは ¥{base * 0.95:,.0f}" in banner
    english = _texts(plan_rows(result, "en"))
    assert "better than any 12 months on record (best -5.0%)" in english
    flags = result.flags[result.flags["code"] == "kgi_beyond_record"]
    assert len(flags) == 1
    said = flag_message(flags.iloc[0], "ja")[0]
    assert said.startswith(
        f"KGI ¥{round(base * 0.98):,} は、チームの好調な年並みの伸び(前年比 年 -5.0%"
    )
    assert "チームの売上は好調な年でも前年を下回っています" in said


def test_a_kgi_within_a_shrinking_record_is_feasible_said_with_its_line() -> None:
    """KGI −6% on the same team: within the record (×0.95), said with the line below the
    baseline, not 「KGI は基準 … 以下です」."""
    base = _baseline(0.95)
    result = _result(0.95, round(base * 0.94))
    banner = str(cell_value(dashboard_rows(result, "ja")[BANNER_ROW - 1][0]))
    assert banner == (
        "実現可能: チームの売上は好調な年でも前年を下回っていますが(前年比 年 -5.0%)、"
        f"KGI はその伸びで届く ¥{base * 0.95:,.0f}(基準比 -5.0%)以下です"
    )


def test_a_growing_team_is_left_as_it_was() -> None:
    """Growing 5% a year: the record is the baseline × 1.05 as before; KGI +2% is within it,
    「実現可能(社内実績の範囲内)」."""
    ev = _evidence(1.05)
    base = _baseline(1.05)
    plan, _ = plan_for(ev, base * 1.02)
    assert plan.record_kgi == pytest.approx(base * 1.05, rel=1e-9)
    assert plan.within_record and shown_feasibility(plan) == "yes"
    rows = _texts(plan_rows(_result(1.05, round(base * 1.02)), "ja"))
    assert "実現可能(社内実績の範囲内)" in rows
    assert "最良の12か月" not in rows


def test_the_strong_year_line_is_set_once_where_the_plan_is_decomposed() -> None:
    """left53b: targets.team_record itself gives the shrinking record (no later correction):
    decompose's line is the baseline × 0.95 on the −5% team (not the baseline), × 1.05 on the
    +5% team, and ``plan_for`` keeps that very line. The ceiling still bounds it: with every
    rep's ceiling below the line (max_reachable = baseline × 0.9) it is that ceiling."""
    for rate in (0.95, 1.05):
        ev, base = _evidence(rate), _baseline(rate)
        plan = decompose(ev, base * 0.98)
        assert plan.record_kgi == pytest.approx(base * rate, rel=1e-9)
        assert plan_for(ev, base * 0.98)[0].record_kgi == plan.record_kgi
        assert team_record(ev, base, base * 0.9) == pytest.approx(base * 0.9, rel=1e-12)
