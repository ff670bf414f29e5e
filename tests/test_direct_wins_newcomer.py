"""fix46b's leftovers: with the 商談 stage skipped (core.meetings ``direct_wins``: too few
meetings logged) a newcomer's wins are floored at his appointments won's pace, not at
meetings × the flows' win rate (0, or a stray meeting's); the Plan's note on it names no
商談; the Dashboard's KPI table shows アポ打診数 where 商談数 had no target; the Daily's
prospecting row and the Review name no 商談 they do not plan."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.core.engine import Result, run
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.meetings import direct_wins
from routekpi.messages import text
from routekpi.render_daily import review_rows, stop_reason
from routekpi.render_dashboard import dashboard_rows, table_kpis

D = date


def _history():  # type: ignore[no-untyped-def]
    """Reps A and B hold 10 customers each from 2023, ordering and visited monthly 2024-01 …
    2025-12; in 2025 each makes 4 appointment calls a month, one won (12 won a year), and
    wins a customer every other month (6). C begins 2025-05 with nothing: 8 calls a month,
    4 won (32 won in 8 months), and wins one customer a month (8). A holds one meeting."""
    orders: list[list[object]] = [["date", "account", "rep", "amount"]]
    visits: list[list[object]] = [["date", "rep", "account", "kind", "outcome"]]
    accounts: list[list[object]] = [["account", "rep", "start"]]

    def customer(code: str, rep: str, since: pd.Period, day: int) -> None:
        accounts.append([code, rep, D(since.year, since.month, day)])
        for m in pd.period_range(since, "2025-12", freq="M"):
            orders.append([D(m.year, m.month, day), code, rep, 1000.0])

    for rep in ("A", "B"):
        for k in range(10):
            code = f"{rep}{k}"
            accounts.append([code, rep, D(2023, 1, 1)])
            for m in pd.period_range("2024-01", "2025-12", freq="M"):
                orders.append([D(m.year, m.month, 10), code, rep, 1000.0])
                visits.append([D(m.year, m.month, 12), rep, code, "訪問", None])
        for m in pd.period_range("2025-01", "2025-12", freq="M"):
            for day in (3, 4, 5, 6):
                won = "獲得" if day == 3 else "NG"
                visits.append([D(m.year, m.month, day), rep, None, "アポ", won])
            if m.month % 2 == 0:
                customer(f"N{rep}{m.month}", rep, m, 20)
    for m in pd.period_range("2025-05", "2025-12", freq="M"):
        for day in range(3, 11):
            visits.append([D(m.year, m.month, day), "C", None, "アポ", "獲得" if day < 7 else "NG"])
        customer(f"NC{m.month}", "C", m, 21)
    visits.append([D(2025, 1, 7), "A", "P0", "商談", None])
    sheets = {
        "Orders": RawSheet(name="Orders", rows=orders),
        "Visits": RawSheet(name="Visits", rows=visits),
        "Accounts": RawSheet(name="Accounts", rows=accounts),
    }
    from routekpi.validation.tables import validate_inputs

    return validate_inputs(sheets, today=D(2026, 1, 5)).history


@pytest.fixture(scope="module")
def history():  # type: ignore[no-untyped-def]
    return _history()


@pytest.fixture(scope="module")
def before(history) -> Result:  # type: ignore[no-untyped-def]
    """The plan for 2026, made on 2025-12-31."""
    return run(history, PlanSettings(kgi=300_000.0, plan_year=2026, as_of=D(2025, 12, 31)))


def test_a_newcomers_wins_are_his_appointments_pace(before: Result) -> None:
    ev, fy = before.evidence, before.plan.fy
    assert ev.building == ("C",)
    direct = direct_wins(ev.facts, ev.baseline_months, TEAM)
    assert direct is not None and direct.meetings == 1.0
    # C's own: 8 new of 32 won (25%); the team's 20 of 56 (35.7%): his rate lies between.
    assert direct.own is not None
    assert direct.own.loc["C"].tolist() == [8.0, 32.0]
    rate = direct.rate_of("C")
    assert 0.25 < rate < 20 / 56
    # His 64 calls in 8 months a year's pace: 96, half won: 48 a year, at his rate.
    assert direct.won_a_year(ev.base, "C") == pytest.approx(48.0)
    assert fy.at["C", "new_accounts"] == pytest.approx(48.0 * rate)  # was 10.6 (no floor)
    assert fy.at["C", "new_accounts"] > 15.0
    # The Plan's note on that floor names the appointments, not 「商談 nan件」.
    (note,) = [n for n in before.plan.notes if n.code.startswith("building_wins_pace")]
    assert note.code == "building_wins_pace_direct"
    said = text(note.code, "ja", **note.params)
    assert "アポ獲得 48件に、アポ獲得からの新規獲得率 " + f"{rate:.1%}" in said
    assert "本人の基準期間はアポ獲得 32件で新規 8件 = 25.0%" in said
    assert "nan" not in said and "成約率" not in said


def _kpi_labels(result: Result, language: str) -> list[str]:
    rows = dashboard_rows(result, language)
    top = 5  # io.dashboard_layout.BLOCK_TOP: the KPI table's header row
    return [str(getattr(rows[top + i][6], "value", rows[top + i][6])) for i in range(13)]


def test_the_dashboard_shows_attempts_not_meetings(before: Result) -> None:
    assert table_kpis(before)[-2:] == ["new_accounts", "appointment_attempts"]
    labels = _kpi_labels(before, "ja")
    assert "アポ打診数" in labels and "商談数" not in labels


def test_the_daily_and_the_review_name_no_meetings(history) -> None:  # type: ignore[no-untyped-def]
    running = run(history, PlanSettings(kgi=300_000.0, plan_year=2025, as_of=D(2025, 10, 31)))
    stops = running.daily.stops
    row = stops[stops["kind"] == "prospecting"].iloc[0].to_dict()
    assert row["value"] == 0.0  # no meetings pace: the plan has none
    attempts = f"{float(row['interval']):,.1f}"
    said = stop_reason(row, "ja")
    assert said == f"新規開拓: 1日あたりアポ打診 {attempts}件(新規顧客目標のペース)"
    assert "meeting" not in stop_reason(row, "en")
    # The Review: meetings and their win rate say "no target", not an empty target cell.
    for r in review_rows(running.review, "ja"):
        if r[1] in ("meetings", "meeting_win_rate"):
            assert r[3].value == "目標なし"  # type: ignore[union-attr]
