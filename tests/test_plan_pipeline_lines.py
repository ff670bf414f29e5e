"""The Plan's lines on the meetings target (render._pipeline_rows) and on a unit price read on
the same customers (render._same_accounts_rows, levers.LeverEvidence.same_accounts_read).

Issue #10 trial: a manager saw meetings +21% beside revenue +4% and did not believe it. The
line gives the arithmetic: the new-accounts target ÷ the team's win rate, and the rest, which
is each rep's floor (never fewer meetings than last year's).
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.messages import fmt_num, fmt_pct, fmt_uplift, text
from routekpi.render import plan_rows
from routekpi.sample import generate_sample
from tests.test_same_accounts import _mix_history


def _notes(result: object, language: str, item: str) -> str:
    """The note column of a Plan item, its wrapped lines joined."""
    rows = plan_rows(result, language)  # type: ignore[arg-type]
    out, inside = [], False
    for row in rows:
        cells = [getattr(v, "value", v) for v in row]
        first = str(cells[0] or "")
        if first == item:
            inside = True
        elif first:
            inside = False
        if inside:
            out.append(str(cells[2] or ""))
    return "".join(out).replace(" ", "")  # wrapped at spaces: compared without them


@pytest.fixture(scope="module")
def sample_result() -> object:
    s = generate_sample(3, reps=3, accounts=60)
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    ev = build_evidence(history, settings)
    kgi = float(ev.base.at[TEAM, "revenue"]) * 1.04
    return run(history, PlanSettings(kgi=kgi, plan_year=2026, as_of=date(2026, 3, 31)))


def test_meetings_line_is_new_accounts_over_the_win_rate_plus_the_floor(sample_result) -> None:
    r = sample_result
    ev, plan = r.evidence, r.plan
    t = r.targets
    fy = t[(t["rep"] == TEAM) & (t["period"] == "FY2026")].set_index("kpi")["target"]
    m1, n1 = float(fy["meetings"]), float(fy["new_accounts"])
    win = float(plan.fy.at[TEAM, "meeting_win_rate"])
    # Each rep's meetings: max(his new accounts ÷ his win rate, last year's) (targets.py).
    floor = sum(
        max(
            float(ev.base.at[rep, "meetings"])
            - plan.fy.at[rep, "new_accounts"] / plan.fy.at[rep, "meeting_win_rate"],
            0.0,
        )
        for rep in ev.reps
    )
    assert floor > 0.5  # some rep is held at last year's count
    note = _notes(r, "ja", text("plan.pipeline", "ja"))
    assert (
        f"商談の目標 {fmt_num(m1, 0)}件(前年 {fmt_num(ev.base.at[TEAM, 'meetings'], 0)}件".replace(
            " ", ""
        ).replace(" ", "")
        in note
    )
    assert f"新規獲得の目標 {fmt_num(n1, 0)}件".replace(" ", "") in note
    # The reps' planned rates differ (flows.credible_rates), so the wins' meetings are each
    # rep's at his own rate and the rest the floor's, summed rep by rep (wins47): the two
    # parts make the target.
    rates = plan.fy.loc[list(ev.reps), "meeting_win_rate"].astype(float)
    assert rates.max() - rates.min() > 5e-4
    assert f"成約率(チーム{fmt_pct(win)})で得るには商談{fmt_num(m1 - round(floor), 0)}件" in note
    assert f"残りの {fmt_num(round(floor), 0)}件は".replace(" ", "") in note
    assert fmt_uplift(m1 / float(ev.base.at[TEAM, "meetings"])).replace(" ", "") in note
    en = _notes(r, "en", text("plan.pipeline", "en"))
    assert (
        f"needs {fmt_num(m1 - round(floor), 0)} meetings at each rep's own win rate (team "
        f"{fmt_pct(win)})".replace(" ", "")
        in en
    )


def test_no_attempts_logged_no_attempts_sentence(sample_result) -> None:
    """Meetings logged, calls not (trial 22's SFA): the line explains the meetings and says
    nothing of appointment attempts (it read 「アポ架電 —件(前年 0件)…(チーム —)」)."""
    s = generate_sample(3, reps=3, accounts=60)
    visits = s.visits[s.visits["kind"] != "attempt"]
    history = History(s.orders, visits, s.accounts, s.holidays)
    kgi = float(sample_result.evidence.base.at[TEAM, "revenue"]) * 1.04
    r = run(history, PlanSettings(kgi=kgi, plan_year=2026, as_of=date(2026, 3, 31)))
    note = _notes(r, "ja", text("plan.pipeline", "ja"))
    assert "商談の目標" in note and "アポ打診" not in note
    assert "attempts" not in _notes(r, "en", text("plan.pipeline", "en"))
    assert "アポ打診" in _notes(sample_result, "ja", text("plan.pipeline", "ja"))


def test_no_meetings_no_line() -> None:
    history = _mix_history()  # orders only: no meetings logged
    r = run(history, PlanSettings(kgi=1.0e6, plan_year=2026, as_of=date(2026, 3, 31)))
    assert _notes(r, "ja", text("plan.pipeline", "ja")) == ""


def test_price_read_on_the_same_customers_is_said() -> None:
    """_mix_history: A–D's price +3% a year, E (¥20,000, lost) and F (¥200, new) swing the
    booked price; the trend is read on A–D (test_same_accounts) and the Plan says so."""
    history = _mix_history()
    r = run(history, PlanSettings(kgi=1.0e6, plan_year=2026, as_of=date(2026, 3, 31)))
    read = r.evidence.lever_evidence.same_accounts_read
    assert read is not None
    same, booked = read
    # The like-for-like changes are all log 1.03 (test_same_accounts).
    assert same == pytest.approx(math.log(1.03), abs=1e-11)
    assert abs(booked - same) > 0.01
    ja = _notes(r, "ja", text("plan.same_accounts", "ja"))
    assert (
        f"同じ顧客での単価は年 {fmt_uplift(1.03)}".replace(" ", "") in ja
        and fmt_uplift(math.exp(booked)) in ja
    )
    en = _notes(r, "en", text("plan.same_accounts", "en"))
    assert (
        "on the same customers (those who bought in both years) it moves +3.0% a year".replace(
            " ", ""
        ).replace(" ", "")
        in en
    )


def test_booked_price_read_no_line(sample_result) -> None:
    # The sample prices per rep: the booked price is the steadier reading (levers.py).
    assert sample_result.evidence.lever_evidence.same_accounts_read is None
    assert _notes(sample_result, "ja", text("plan.same_accounts", "ja")) == ""
