"""The Plan's 商談・アポ打診 line shows where the note, Targets and Attainment say it does.

Two reps, ten accounts each since 2024-06 and no visit rows; their meetings and calls are
logged from 2026-04 only (2 meetings and 3 calls a month each). The baseline is 2025-11 …
2026-10, so the log covers its last 7 months: 2 × 2 × 7 = 28 meetings. Each rep won an
account in 2025-12, before the log began; in the "won in the log" book each won another in
2026-06.

Before, core.baselines asked catalog.shows_pipeline of the baseline's wins over its meetings
(2 ÷ 28 = 7.1%: shown) and render of the plan's win rate (0%: the wins came before any logged
meeting, so the plan, reading wins over the log's meetings, has none: hidden). The note said
the meetings targets were on the Plan's 商談・アポ打診 line, Targets carried meetings rows
with blank targets and a 0% win rate, and the Plan had no such line. Now both ask of
core.meetings.pipeline_win_rate, the rate the plan's are made of.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import _logs_pipeline
from routekpi.core.measure import TEAM
from routekpi.core.meetings import pipeline_win_rate
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.workbook_files import sources_or_pasted_book, targets_by_key

FIRST, LAST = pd.Period("2024-06", "M"), pd.Period("2026-11", "M")
LOG_FROM = pd.Period("2026-04", "M")
WON = {True: "成功", False: "失敗"}
PIPELINE = {"meetings", "appointment_attempts", "appointment_rate", "meeting_win_rate"}


def _day(month: pd.Period, day: int) -> str:
    return f"{month.year}/{month.month:02d}/{day:02d}"


def _rows(wins: list[str]) -> dict[str, list[list[object]]]:
    orders: list[list[object]] = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
    visits: list[list[object]] = [["訪問日", "担当者", "顧客コード", "種別", "結果"]]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]]

    def serve(account: str, rep: str, since: pd.Period) -> None:
        for month in pd.period_range(since, LAST, freq="M"):
            orders.append([_day(month, 10), account, rep, 10000, 1])

    for rep in "AB":
        for i in range(10):
            accounts.append([f"{rep}{i}", f"株式会社{rep}{i}", rep, "2024/06/01", None])
            serve(f"{rep}{i}", rep, FIRST)
        for won in map(pd.Period, wins):
            account = f"{rep}W{won.strftime('%y%m')}"
            accounts.append([account, f"株式会社{account}", rep, _day(won, 1), None])
            serve(account, rep, won)
        for month in pd.period_range(LOG_FROM, LAST, freq="M"):
            for k in range(3):
                visits.append([_day(month, 3 + k), rep, None, "アポ", WON[k == 0]])
            for k in range(2):
                visits.append([_day(month, 15 + k), rep, None, "商談", WON[k == 0]])
    return {"Orders": orders, "Visits": visits, "Accounts": accounts}


@pytest.fixture(scope="module", params=["before_the_log", "won_in_the_log"])
def book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    wins = ["2025-12"] if request.param == "before_the_log" else ["2025-12", "2026-06"]
    path = tmp_path_factory.mktemp(request.param) / "book.xlsm"
    sources_or_pasted_book(path, _rows(wins), 3_000_000)
    return request.param, path, recalculate(path).result


def _sheet_text(path: Path, name: str) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    return "".join(str(c) for r in wb[name].iter_rows(values_only=True) for c in r if c)


def test_the_line_shows_on_the_plan_where_the_note_and_targets_say(book: tuple) -> None:
    case, path, result = book
    ev, plan = result.evidence, result.plan
    facts, months = ev.facts, ev.baseline_months
    assert (str(months[0]), str(months[-1])) == ("2025-11", "2026-10")
    team = facts.xs(TEAM, level="rep").reindex(months)
    # The baseline's wins over its meetings (what the note asked before): above nought both.
    wins = 2.0 if case == "before_the_log" else 4.0
    assert float(team["new_accounts"].sum()) == wins
    assert float(team["meetings"].sum()) == 28.0
    # The plan's: wins over the log's meetings — none before the log, 2 ÷ 28 in it.
    rate = 0.0 if case == "before_the_log" else 2 / 28
    assert pipeline_win_rate(facts, months, TEAM) == pytest.approx(rate)
    assert float(plan.fy.at[TEAM, "meeting_win_rate"]) == pytest.approx(rate)
    shown = case == "won_in_the_log"
    # The Plan's line, the note that points to it (Plan and Checks), the pipeline KPIs' rows
    # on Targets: all there, or none.
    plan_text = _sheet_text(path, "Plan")
    # the line's own words (the note that points to it says 「商談・アポの目標」)
    line = text("plan.pipeline_note", "ja").split("{")[0]
    assert (line in plan_text) is shown
    assert ev.logs_pipeline is shown
    notes = {n.code for n in ev.notes}
    assert ("no_visits_pipeline" in notes) is shown and ("no_visits" in notes) is not shown
    assert _logs_pipeline(facts, months) is shown
    kpis = {k for _, _, k in targets_by_key(path)}
    assert kpis >= PIPELINE if shown else not PIPELINE & kpis
    pointing = text("no_visits_pipeline", "ja").split("。")[-1].replace(" ", "")
    assert (pointing in _sheet_text(path, "Checks").replace(" ", "")) is shown
    if shown:  # its figures: 2 wins planned over 7.1% is 28 meetings, the log's year 48
        assert "成約率7.1%" in plan_text.replace(" ", "")
        targets = targets_by_key(path)
        assert targets[("FY2027", "ALL", "meetings")][5] == 48
    else:
        assert "商談・アポのKPIは算出できません" in plan_text.replace(" ", "")


def test_one_rate_reads_the_log_months_and_the_whole_baseline_without_a_log() -> None:
    """By hand: a team logging meetings all year (no log start) is read over the year; one
    whose log began in October over October … March, its earlier wins left out."""
    months = list(pd.period_range("2025-04", "2026-03", freq="M"))
    index = pd.MultiIndex.from_product([[TEAM], months], names=["rep", "month"])
    whole = pd.DataFrame({"meetings": 4.0, "new_accounts": 1.0}, index=index)
    assert pipeline_win_rate(whole, months, TEAM) == pytest.approx(12 / 48)
    late = whole.copy()
    late.loc[(TEAM, months[:6]), "meetings"] = 0.0  # the log begins in October
    late.loc[(TEAM, months[6:]), "new_accounts"] = 0.0  # every win before it
    assert pipeline_win_rate(late, months, TEAM) == 0.0
    assert not _logs_pipeline(late, months)  # before: 6 ÷ 24 = 25%, shown
    assert math.isnan(pipeline_win_rate(whole.assign(meetings=0.0), months, TEAM))  # no rate
