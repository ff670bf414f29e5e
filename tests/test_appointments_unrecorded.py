"""Appointment attempts logged without outcomes (trial 23 M1).

Her SFA had no 結果 column: 617 attempts in the baseline, no appointment won on record, so the
appointment rate read 0% and every rep's attempts target ("last year's plus the extra
meetings at the rate") had no answer: the team target was 37, the newcomer's alone, and the
Plan said "last year's plus …" beside a number far below last year's. Without a rate each
rep's attempts stay at last year's, the Plan says so, and Checks says why.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.messages import fmt_num, text
from routekpi.pipeline import engine_checks
from routekpi.sample import generate_sample
from tests.test_plan_pipeline_lines import _notes
from tests.workbook_files import checks_sheet, pasted_book

AS_OF = date(2026, 3, 31)


def _result(outcomes: bool) -> object:
    s = generate_sample(3, reps=3, accounts=60)
    visits = s.visits.copy()
    if not outcomes:
        visits["outcome"] = pd.NA  # the log has no outcome column: blank for every row
    history = History(s.orders, visits, s.accounts, s.holidays)
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))
    kgi = float(ev.base.at[TEAM, "revenue"]) * 1.06
    return run(history, PlanSettings(kgi=kgi, plan_year=2026, as_of=AS_OF))


@pytest.fixture(scope="module")
def blank() -> object:
    return _result(outcomes=False)


def _fy(result: object, kpi: str) -> pd.Series:
    t = result.targets  # type: ignore[attr-defined]
    rows = t[(t["period"] == "FY2026") & (t["kpi"] == kpi)]
    return rows.set_index("rep")["target"]


def test_each_reps_attempts_stay_at_last_years(blank) -> None:
    ev = blank.evidence
    attempts = _fy(blank, "appointment_attempts")
    assert ev.base.at[TEAM, "appointment_attempts"] > 0
    for rep in ev.reps:
        assert attempts[rep] == pytest.approx(float(ev.base.at[rep, "appointment_attempts"]))
    # The team's is the reps' sum: last year's, not a fraction of it.
    assert attempts[TEAM] == pytest.approx(float(ev.base.at[TEAM, "appointment_attempts"]))


def test_with_outcomes_the_extra_meetings_still_add_calls() -> None:
    """The rule only stands in for a missing rate: with outcomes recorded, a rep whose
    meetings rise gets last year's attempts plus the extra at his rate (never fewer)."""
    r = _result(outcomes=True)
    ev = r.evidence
    attempts = _fy(r, "appointment_attempts")
    assert all(attempts[rep] >= float(ev.base.at[rep, "appointment_attempts"]) for rep in ev.reps)
    assert "appointments_unrecorded" not in {n.code for n in r.notes}


def test_plan_line_and_checks_say_why(blank) -> None:
    ev = blank.evidence
    a0 = float(ev.base.at[TEAM, "appointment_attempts"])
    note = _notes(blank, "ja", text("plan.pipeline", "ja"))
    assert (
        f"アポ打診 {fmt_num(a0, 0)}件(前年 {fmt_num(a0, 0)}件)は前年の件数のまま".replace(" ", "")
        in note
    )
    assert "足した数" not in note
    checks = [c for c in engine_checks(blank) if c.problem == "appointments_unrecorded"]
    assert len(checks) == 1
    # The note counts the baseline's attempts (the team's last year).
    assert checks[0].params["attempts"] == round(a0)
    assert "結果" in text("appointments_unrecorded", "ja", **checks[0].params)


def test_a_visit_file_without_an_outcome_column(tmp_path: Path, capsys) -> None:
    """Her case end to end: orders pasted into the template, the SFA's CSV read with
    ``--visits`` (no outcome column at all), recalculated: the Checks sheet says why and every
    rep's attempts target in the JSON is last year's."""
    s = generate_sample(3, reps=3, accounts=60)
    rows = {
        "Orders": [
            [r.date.date(), r.account, r.rep, r.amount, r.quantity, None]
            for r in s.orders.itertuples()
        ],
        "Accounts": [
            [r.account, r.name, r.rep, r.start.date(), None, None, None]
            for r in s.accounts.itertuples()
        ],
    }
    book = pasted_book(
        tmp_path / "sfa.xlsm", rows, kgi=1.0e8, plan_year=2026, start_month=4, as_of=AS_OF
    )
    sfa = tmp_path / "sfa.csv"
    s.visits[["date", "rep", "account", "kind"]].to_csv(sfa, index=False)
    from routekpi.cli import main

    assert main(["recalc", str(book), "--visits", str(sfa), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    said = [r for r in checks_sheet(book, "Plan") if "アポ" in str(r[4]) or "attempts" in str(r[4])]
    assert len(said) == 1 and said[0][5] in ("info", "情報")
    rows = [
        t for t in doc["targets"] if t["kpi"] == "appointment_attempts" and t["period"] == "FY2026"
    ]
    last = (
        s.visits[
            (s.visits["kind"] == "attempt")
            & (s.visits["date"] >= "2025-04-01")
            & (s.visits["date"] < "2026-04-01")
        ]
        .groupby("rep")
        .size()
    )
    by_rep = {t["rep"]: t["target"] for t in rows}
    for rep, n in last.items():
        assert by_rep[rep] == pytest.approx(n)


def test_no_appointment_rate_target_without_a_success_value(blank) -> None:
    """Trial 54 L2: no appointment won ever logged (結果 only 継続 / 見送り, or blank): the
    rate is unmeasured, so no 0% target for any rep or the team; with outcomes it has one."""
    rates = _fy(blank, "appointment_rate")
    assert len(rates) == len(blank.evidence.reps) + 1  # the reps' rows and the team's
    assert rates.isna().all()
    measured = _fy(_result(outcomes=True), "appointment_rate")
    assert (measured > 0).all()
    said = text("appointments_unrecorded", "ja", attempts=617)
    assert "結果の列にアポ獲得" in said and "目標は置かず" in said
