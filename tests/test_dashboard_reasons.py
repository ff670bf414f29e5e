"""Why a KPI target moves against the plan, said on the Dashboard (trial 22 #7).

In a +12% plan the KPI table showed 解約数 26 → 34 (+30.8%), 解約率 3.5% → 4.3% and 継続率
−0.8pt, and nothing on the Dashboard said why (the Plan did: the usual churn rate over three
years, more accounts held; usage to date is a running total at the year's end). Each such
row now carries a short reason: in the before-year table's free column 「理由」, in the
running year as lines under the plan blocks. Real workbooks written and read back.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi import render_dashboard as rd
from routekpi.contract import display_width
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.measure import TEAM
from routekpi.io import dashboard_layout as dl
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import MESSAGES, text
from routekpi.recalc import recalculate
from routekpi.schema import OUTPUT_COLUMNS
from tests.workbook_files import next_year_sample

TOP, C = dl.BLOCK_TOP, dl.KPI_COL


def test_trial_22s_targets_move_against_a_12_percent_plan() -> None:
    """The trial's rows, hand-read from its Dashboard: +12.2% asked."""
    plan = 0.122
    assert rd.kpi_move("cancellations", 26, 34, plan) == "against"  # +30.8%, lower is better
    assert rd.kpi_move("churn_rate", 0.0347, 0.0428, plan) == "against"  # 3.5% → 4.3%
    assert rd.kpi_move("retention_rate", 0.9653, 0.9572, plan) == "against"  # 96.5 → 95.7
    assert rd.kpi_move("orders_per_visit", 1.911, 1.816, plan) == "against"  # −5.0%
    assert rd.kpi_move("orders", 44026, 43792, plan) == "against"  # −0.53%
    # Usage to date +34.7%: over twice +12.2% and more than 5 points beyond it.
    assert rd.kpi_move("usage_to_date", 23_020_464, 31_006_565, plan) == "beyond"
    # With the plan: unit price +12.7%, visit frequency +0.7%, new accounts +4.0%.
    assert rd.kpi_move("unit_price", 115_039, 129_682, plan) == ""
    assert rd.kpi_move("visits_per_account", 2.519, 2.5375, plan) == ""
    assert rd.kpi_move("new_accounts", 50, 52, plan) == ""
    # Under 0.5% is no move (−0.4%); a rate shown equal is no move (2.98% → 2.96%: 3.0%).
    assert rd.kpi_move("orders", 1000, 996, plan) == ""
    assert rd.kpi_move("churn_rate", 0.0296, 0.0298, plan) == ""
    # Revenue is the plan itself; a shrinking plan leaves every target free to fall.
    assert rd.kpi_move("revenue", 100, 300, plan) == ""
    assert rd.kpi_move("cancellations", 26, 34, -0.05) == ""
    # +30% meetings in a +12% plan is beyond (2 × 12.2 = 24.4 < 30); +20% is not.
    assert rd.kpi_move("meetings", 100, 130, plan) == "beyond"
    assert rd.kpi_move("meetings", 100, 120, plan) == ""


def test_every_short_reason_fits_the_two_free_columns() -> None:
    """The before-year reasons overflow from column K into L only (32 units, page edge)."""
    room = OUTPUT_COLUMNS["Dashboard"][C + 3].width + OUTPUT_COLUMNS["Dashboard"][C + 4].width
    assert room == 32 and room - 2 >= rd.REASON_WIDTH
    parts = {p for ps in rd.PRODUCT_PARTS.values() for p in ps}
    for language in ("ja", "en"):
        said = [
            text(key, language)
            for key in MESSAGES
            if key.startswith("dash.why_") and key not in ("dash.why_follows", "dash.why_item")
        ]
        said += [text("dash.why_trend", language, trend="-12.3%")]
        said += [
            text("dash.why_follows", language, part=rd._bare(KPI_BY_KEY[p].label(language)))
            for p in parts
        ]
        assert max(display_width(s) for s in said) <= rd.REASON_WIDTH, language


def _team(book: Path) -> dict[str, tuple[float, float]]:
    """KPI → (baseline, full-year target) of the team, from the book's Targets sheet."""
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        keys = [c.key for c in OUTPUT_COLUMNS["Targets"]]
        _, *rows = list(wb["Targets"].iter_rows(values_only=True))
    finally:
        wb.close()
    col = {k: keys.index(k) for k in ("period", "rep", "kpi_key", "baseline", "target")}
    fy = next(r[col["period"]] for r in rows if r[col["rep"]] == TEAM)
    return {
        r[col["kpi_key"]]: (r[col["baseline"]], r[col["target"]])
        for r in rows
        if r[col["rep"]] == TEAM and r[col["period"]] == fy
    }


@pytest.fixture(scope="module", params=["ja", "en"])
def next_year_book(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The small sample set to plan the year after next (the year has not started)."""
    language = request.param
    return language, next_year_sample(tmp_path_factory.mktemp(f"why_{language}"), language)


def test_before_the_year_the_churn_rows_say_why_in_their_own_column(next_year_book) -> None:
    language, book = next_year_book
    team = _team(book)
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        dash = [list(r) for r in wb["Dashboard"].iter_rows(min_row=1, max_row=dl.CHART_TOP)]
    finally:
        wb.close()
    cell = lambda r, c: dash[r - 1][c - 1].value  # noqa: E731
    assert cell(TOP, C + 4) == text("dash.why_head", language)
    labels = {rd.kpi_name(KPI_BY_KEY[k], language): k for k in team}
    why = {labels[cell(TOP + i, C)]: cell(TOP + i, C + 4) for i in range(1, 14) if cell(TOP + i, C)}
    # The sample's team, read back: churn 8.2% → 9.4% and cancellations 9 → 10 in a +12.3%
    # plan; retention 91.8% → 90.6%. The usual rate is above last year's, and the accounts
    # held at the start grow (9 ÷ 8.2% = 110 last year; active accounts +5.8%).
    churn0, churn1 = team["churn_rate"]
    cancel0, cancel1 = team["cancellations"]
    assert (round(churn0, 4), round(churn1, 4)) == (0.0818, 0.094)
    assert (cancel0, cancel1) == (9, 10)
    usual = text("dash.why_usual_rate", language)
    assert why["churn_rate"] == why["retention_rate"] == usual
    assert why["cancellations"] == text("dash.why_cancel_both", language)
    # Rows that move with the plan say nothing: revenue, unit price, new accounts (+12.5%).
    for key in ("revenue", "unit_price", "new_accounts", "active_accounts"):
        assert why[key] is None, key
    # Every reason on one line inside the page (K:L).
    assert all(display_width(w) <= rd.REASON_WIDTH for w in why.values() if w)


def test_in_the_running_year_the_reasons_are_lines_under_the_plan_blocks(
    tmp_path: Path,
) -> None:
    book = tmp_path / "sample.xlsm"
    write_sample_workbook(book, "ja")  # FY2026, as of 2026-10-31: the year is running
    recalculate(book)
    team = _team(book)
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        ws = wb["Dashboard"]
        block = [[c for c in r] for r in ws.iter_rows(min_row=1, max_row=dl.CHART_TOP - 1)]
    finally:
        wb.close()
    value = lambda r, c: block[r - 1][c - 1].value  # noqa: E731
    # The KPI table's columns are all in use (actual, due, attainment, forecast, target).
    assert value(TOP, C + 4) == text("dash.forecast_short", "ja")
    assert value(rd.REASON_TOP, 1) == text("dash.why_notes", "ja")
    lines = [value(r, 1) for r in range(rd.REASON_TOP + 1, dl.CHART_TOP) if value(r, 1)]
    assert 1 <= len(lines) <= rd.REASON_LINES
    said = "".join(lines)
    # Cancellations 48 → 49 while churn falls 9.96% → 9.72%: only the accounts held explain
    # it (48 ÷ 9.96% = 482 at last year's start; the plan year starts with more).
    cancel0, cancel1 = team["cancellations"]
    churn0, churn1 = team["churn_rate"]
    assert (cancel0, cancel1) == (48, 49) and churn1 < churn0
    assert "解約数: 顧客が増える分" in said
    # New accounts 79 → 77 in a +8% plan: wins at their usual pace.
    assert team["new_accounts"] == (79, 77)
    assert "新規顧客数: 通常の獲得ペース(前年は多め)" in said
    # The lines stay left of the KPI table (columns A–F hold 104 units).
    assert all(display_width(line) <= rd.REASON_LINE_WIDTH for line in lines)


def test_a_product_follows_the_part_that_moves_it_most() -> None:
    """The golden sample: orders per account 1.6089 → 1.5989 (−0.62%) from visit frequency
    2.5450 → 2.5371 (−0.31%) and orders per visit 0.63217 → 0.63018 (−0.315%): each part
    under the 0.5% of a move, together over it; orders per visit moves more."""
    baselines = {"orders_per_account": 1.6089, "visits_per_account": 2.5450}
    targets = {"orders_per_account": 1.5989, "visits_per_account": 2.5371}
    baselines["orders_per_visit"], targets["orders_per_visit"] = 0.63217, 0.63018
    assert rd._moved_part("orders_per_account", baselines, targets) == "orders_per_visit"
    # A part moving the other way never explains it: visit frequency up, orders per visit down.
    targets["visits_per_account"] = 2.60
    assert rd._moved_part("orders_per_account", baselines, targets) == "orders_per_visit"
    targets["orders_per_visit"] = 0.64
    assert rd._moved_part("orders_per_account", baselines, targets) is None
