"""A plan the outputs do not judge gets no landing over its 「判定なし」, from one rule.

core.kgi_total.unjudged says why a plan has no verdict (the reps' targets short of the KGI, a
KGI in another unit); validation.settings.shown_feasibility states it and core.stretch's
landing gates (``running_landing``, ``status_landing``) give no landing for it, so the status
line, the Plan's feasibility row and the share copies' cover agree. Before (b6275d65) the
status line dropped the landing itself for "short"/"unit" while the Plan's row took it from
``status_landing``, which knew "short" only.

The history is test_trial53_stops_and_words' M3 book: three reps with five accounts each,
one order a month on the 10th, ¥1,000 × 1.05^(k/12) for month k since April 2022 up to March
2026, then held at March's amount to September 2026; as of 2026-09-30, FY2026 running. The
baseline (FY2025) is 15 × Σ_{k=36..47} ¥1,000 × 1.05^(k/12).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import Note
from routekpi.core.engine import Result, run
from routekpi.core.history import PlanSettings
from routekpi.core.kgi_total import kgi_unit_slip, unjudged
from routekpi.core.stretch import running_landing, status_landing
from routekpi.core.targets import Plan
from routekpi.messages import text
from routekpi.pipeline import status_line
from routekpi.render import plan_rows
from routekpi.validation.settings import shown_feasibility
from tests.history_helpers import OrderLine, rep_accounts
from tests.test_price_step import FIRST, MONTHS, REPS

BASE = 15 * sum(1000.0 * 1.05 ** (k / 12) for k in range(36, 48))


def _result(kgi: float) -> Result:
    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        k = min((month - FIRST).n, MONTHS - 1)
        return [(month.start_time + pd.Timedelta(days=9), 1000.0 * 1.05 ** (k / 12), 1)]

    history = rep_accounts(REPS, FIRST, MONTHS + 6, line)
    return run(history, PlanSettings(kgi=kgi, plan_year=2026, as_of=date(2026, 9, 30)))


def _with_plan(result: Result, plan: Plan) -> Result:
    told = copy.copy(result)  # a Result keeps its caches by instance: a shallow copy
    told.plan = plan
    return told


def _feasibility_row(result: Result) -> str:
    row = next(r for r in plan_rows(result, "ja") if r[0] == text("plan.feasible", "ja"))
    return str(row[1].value if hasattr(row[1], "value") else row[1])


def test_the_unit_slip_bounds() -> None:
    """1/10 and 10× the baseline are still plans; beyond them a unit slip; no baseline: none."""
    assert not kgi_unit_slip(100.0, 1000.0) and not kgi_unit_slip(10_000.0, 1000.0)
    assert kgi_unit_slip(99.0, 1000.0) and kgi_unit_slip(10_001.0, 1000.0)
    assert not kgi_unit_slip(99.0, 0.0)


def test_targets_short_or_a_unit_slip_get_no_landing_anywhere() -> None:
    """KGI +4.5% (within the +5% record) lands short: the landing is stated (trial 53 M3).
    The same plan with the short note, or turned into a KGI 11× the baseline still within a
    record of 12× (a unit slip that the record would call reachable), is not judged: no
    landing from either gate, 「判定なし」 on the status and on the Plan's row."""
    result = _result(BASE * 1.045)
    assert unjudged(result.plan) is None
    landed = status_landing(result)
    assert landed is not None and 0.9 < landed < 1
    assert _feasibility_row(result) == text("stretch.plan_landing", "ja", ratio=f"{landed:.1%}")

    note = Note("kgi_targets_short", {})
    short = _with_plan(result, replace(result.plan, notes=[*result.plan.notes, note]))
    kgi = BASE * 11  # a slip: the record (×12) and the ceiling (×13) would call it reachable
    slip_plan = replace(
        result.plan, kgi=kgi, record_kgi=BASE * 12, max_reachable_kgi=BASE * 13, feasible=True
    )
    slip = _with_plan(result, slip_plan)
    # Without the rule the slip's year lands at about 1/11 of its KGI, "short of it".
    assert slip_plan.within_record and slip_plan.kgi > slip_plan.baseline_revenue * 10
    for told, why in ((short, "short"), (slip, "unit")):
        assert unjudged(told.plan) == why and shown_feasibility(told.plan) == why
        assert running_landing(told) is None and status_landing(told) is None
        said = status_line("ja", 100, 0, why, landing=status_landing(told))
        assert text(f"plan.feasible_{why}", "ja") in said and "着地" not in said
        assert "着地" not in _feasibility_row(told)


@pytest.mark.parametrize("factor", [1.0, 1.045])
def test_a_judged_plan_keeps_its_gates(factor: float) -> None:
    """Reaching the KGI (×1.0): no landing, the verdict stays; ×1.045: the landing."""
    result = _result(BASE * factor)
    assert unjudged(result.plan) is None
    assert (status_landing(result) is None) == (factor == 1.0)
