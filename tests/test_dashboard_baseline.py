"""The manager's view before the plan year (trial 20 findings 12 and 14): the KPI table's
baseline beside the year's target, the bridge's value axis said where it starts, and a
newcomer's landing line without a growth rate on a month of sales."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from workbook_files import next_year_sample, zip_members

from routekpi import render_dashboard as rd
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.engine import run
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.io import dashboard_layout as dl
from routekpi.io.dashboard_template import add_charts
from routekpi.messages import fmt_uplift, fmt_yen, text
from routekpi.render import plan_rows
from routekpi.schema import OUTPUT_COLUMNS

# --- the change column ---------------------------------------------------------------------


def test_a_rate_changes_in_points_anything_else_in_percent() -> None:
    """Trial 20: churn 2.94% → 3.26%, shown 2.9% → 3.3%, is +0.4 points between the two as
    shown (not +0.3 from the unrounded, nor +10.6%); meetings 90 → 117 +30.0%."""
    assert rd.kpi_change("churn_rate", 0.029434, 0.032558, "ja") == "+0.4pt"
    assert rd.kpi_change("churn_rate", 0.029434, 0.032558, "en") == "+0.4 pp"
    assert rd.kpi_change("retention_rate", 0.97057, 0.96744, "ja") == "-0.4pt"  # 97.1 → 96.7
    # 2.98% → 2.96%, both shown 3.0%: no change, not "-0.0pt".
    assert rd.kpi_change("churn_rate", 0.0298, 0.0296, "ja") == "+0.0pt"
    assert rd.kpi_change("meetings", 90.0, 117.0, "ja") == "+30.0%"
    assert rd.kpi_change("revenue", 1_506_868_390.0, 1_567_000_000.0, "en") == "+4.0%"
    # No baseline (a KPI the history cannot measure, or zero): no change to give.
    assert rd.kpi_change("meetings", 0.0, 5.0, "ja") == "—"
    assert rd.kpi_change("meetings", float("nan"), 5.0, "ja") == "—"


# --- the bridge's value axis ---------------------------------------------------------------

M = 1e6


def test_the_bridge_axis_starts_half_a_span_below_the_lowest_bar() -> None:
    """Trial 20: ¥1,506.9M → four rises → ¥1,567.0M. Span ¥60.1M, a quarter of it ¥15.0M
    rounds up to a unit of ¥20M; ¥1,506.9M − ¥30.05M = ¥1,476.8M, down to ¥1,460M."""
    steps = [
        ("last year", 0.0, 1506.9 * M),
        ("accounts", 1506.9 * M, 1509.6 * M),
        ("frequency", 1509.6 * M, 1514.0 * M),
        ("per visit", 1514.0 * M, 1514.9 * M),
        ("unit price", 1514.9 * M, 1567.0 * M),
        ("KGI", 0.0, 1567.0 * M),
    ]
    assert rd.bridge_axis_min(steps) == pytest.approx(1460 * M)
    assert rd.fmt_yen_m(1460 * M) == "¥1,460M"
    assert rd.fmt_yen_m(48.5 * M) == "¥48.5M"
    # Falling: ¥1,000M → ¥900M: span ¥100M, unit ¥50M (25 rounded up), 900 − 50 = 850.
    down = [("last year", 0.0, 1000 * M), ("price", 1000 * M, 900 * M), ("KGI", 0.0, 900 * M)]
    assert rd.bridge_axis_min(down) == pytest.approx(850 * M)
    # Tripling: ¥100M → ¥300M: 100 − 100 = 0, nothing to zoom: from 0.
    triple = [("last year", 0.0, 100 * M), ("price", 100 * M, 300 * M), ("KGI", 0.0, 300 * M)]
    assert rd.bridge_axis_min(triple) == 0.0
    # Doubling: ¥100M → ¥200M: unit ¥50M, 100 − 50 = 50 ≥ a third of 100: zoomed to ¥50M.
    double = [("last year", 0.0, 100 * M), ("price", 100 * M, 200 * M), ("KGI", 0.0, 200 * M)]
    assert rd.bridge_axis_min(double) == pytest.approx(50 * M)
    assert rd.bridge_axis_min([("KGI", 0.0, 100 * M)]) == 0.0  # no span: from 0


def _value_axis_min(xml: bytes) -> list[str]:
    """The value axis's <min> values of a chart part."""
    val = re.search(rb"<(?:\w+:)?valAx>.*?</(?:\w+:)?valAx>", xml, re.S)
    assert val is not None
    return [v.decode() for v in re.findall(rb'<(?:\w+:)?min val="([^"]+)"', val.group(0))]


def _template_charts(axis: float | None) -> dict[str, bytes]:
    """The three Dashboard charts as the template builder draws them on a sheet named
    Dashboard, with the bridge's axis cell written (``axis``) or not."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Dashboard"
    if axis is not None:
        ws.cell(dl.BRIDGE_AXIS_ROW, dl.BRIDGE_AXIS_COL, axis)
    add_charts(ws, "ja")
    buffer = io.BytesIO()
    wb.save(buffer)
    members = zip_members(buffer)
    return {k: v for k, v in members.items() if k.startswith("xl/charts/chart")}


def test_the_bridge_axis_is_set_on_the_bridge_only() -> None:
    """The run's number goes on the bridge's value axis (replacing any there), not on the
    burn-up or the rep chart (which keeps its 0), nor on a chart of the user's own; None
    (a Dashboard without the cell) leaves every chart as it is."""
    charts = _template_charts(None)
    bridge = next(x for x in charts.values() if b'barDir val="col"' in x)
    reps = next(x for x in charts.values() if b'barDir val="bar"' in x)
    assert _value_axis_min(bridge) == []
    fresh = rd.with_bridge_axis(bridge, "Dashboard", 1460 * M)
    assert _value_axis_min(fresh) == ["1460000000.0"]
    again = rd.with_bridge_axis(fresh, "Dashboard", 0.0)  # replaced, not added
    assert _value_axis_min(again) == ["0.0"]
    assert rd.with_bridge_axis(bridge, "Dashboard", None) == bridge
    assert rd.with_bridge_axis(reps, "Dashboard", 1460 * M) == reps
    assert rd.with_bridge_axis(bridge, "Other", 1460 * M) == bridge  # another sheet's chart
    # A share copy draws its charts over written cells: the bridge takes the cell's number.
    copied = _template_charts(1460 * M)
    bridge = next(x for x in copied.values() if b'barDir val="col"' in x)
    assert [float(v) for v in _value_axis_min(bridge)] == [1460 * M]


# --- a real workbook before its plan year --------------------------------------------------


@pytest.fixture(scope="module", params=["ja", "en"])
def next_year_book(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The sample book (as of its data's end) set to plan the year after next, recalculated:
    the plan year has not started."""
    language = request.param
    return language, next_year_sample(tmp_path_factory.mktemp(f"base_{language}"), language)


def test_the_kpi_table_shows_baseline_target_and_change(next_year_book) -> None:
    """Each KPI row: the Targets sheet's team baseline and full-year target for the plan
    year, the change between them as text (a rate in points), read back from the book."""
    language, book = next_year_book
    wb = openpyxl.load_workbook(book, data_only=True)
    dash, targets = wb["Dashboard"], wb["Targets"]
    keys = [c.key for c in OUTPUT_COLUMNS["Targets"]]
    _, *rows = list(targets.iter_rows(values_only=True))
    col = {k: keys.index(k) for k in ("period", "rep", "kpi_key", "baseline", "target")}
    fy = next(r[col["period"]] for r in rows if r[col["rep"]] == TEAM)
    team = {
        r[col["kpi_key"]]: (r[col["baseline"]], r[col["target"]])
        for r in rows
        if r[col["rep"]] == TEAM and r[col["period"]] == fy
    }
    top, c = dl.BLOCK_TOP, dl.KPI_COL
    assert [dash.cell(top, c + j).value for j in range(4)] == [
        text("dash.kpi", language),
        text("dash.baseline_short", language),
        text("dash.fy_target_short", language),
        text("dash.change_short", language),
    ]
    # A lower-is-better KPI says so after its label (trial 22: 解約数 +30.8% read as a goal).
    label_to_key = {rd.kpi_name(KPI_BY_KEY[k], language): k for k in team}
    assert rd.kpi_name(KPI_BY_KEY["churn_rate"], language) == KPI_BY_KEY["churn_rate"].label(
        language
    ) + text("dash.lower_better", language)
    seen, seen_keys = 0, set()
    for i in range(1, dl.KPI_ROWS + 1):
        label = dash.cell(top + i, c).value
        if label is None:
            continue
        key = label_to_key[label]
        seen_keys.add(key)
        baseline, target = team[key]
        assert dash.cell(top + i, c + 1).value == pytest.approx(baseline), key
        assert dash.cell(top + i, c + 2).value == pytest.approx(target), key
        change = dash.cell(top + i, c + 3).value
        if KPI_BY_KEY[key].unit == "rate":
            shown = round(target * 100, 1) - round(baseline * 100, 1)  # as the cells show
            points = f"{round(shown, 1) or 0.0:+.1f}"
            assert change == text("dash.change_points", language, points=points), key
        else:
            assert change == fmt_uplift(target / baseline), key
        seen += 1
    assert seen >= 8
    assert "churn_rate" in seen_keys  # found under its label with the suffix
    # Revenue: last year's revenue (the plan block) → the KGI.
    revenue = KPI_BY_KEY["revenue"].label(language)
    row = next(i for i in range(1, dl.KPI_ROWS + 1) if dash.cell(top + i, c).value == revenue)
    kgi = dash.cell(top + 1, dl.PLAN_COL + 1).value
    last_year = dash.cell(top + 2, dl.PLAN_COL + 1).value
    assert dash.cell(top + row, c + 1).value == pytest.approx(last_year)
    assert dash.cell(top + row, c + 2).value == pytest.approx(kgi)
    assert dash.cell(top + row, c + 3).value == fmt_uplift(kgi / last_year)


def test_the_bridge_title_names_where_its_axis_starts(next_year_book) -> None:
    """The number written beside the bridge's data is on the chart's value axis, and the
    title (cell and LibreOffice's cache) names it when it is above 0."""
    language, book = next_year_book
    dash = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    start = dash.cell(dl.BRIDGE_AXIS_ROW, dl.BRIDGE_AXIS_COL).value
    assert dash.cell(dl.BRIDGE_HEAD, dl.BRIDGE_AXIS_COL).value == text("dash.bridge_axis", language)
    d, first = dl.DATA_COL, dl.BRIDGE_FIRST
    # Recompute it from the bars as written: (label, start, end) per slot.
    steps = []
    for r in range(first, first + dl.BRIDGE_SLOTS):
        label = dash.cell(r, d).value
        if label is None:
            break
        base, up, down, total = (dash.cell(r, d + j).value for j in range(1, 5))
        if total is not None and base is None:
            steps.append((label, 0.0, float(total)))
        else:
            size = float(up if up is not None else down if down is not None else total)
            lo = float(base)
            rise = up is not None
            steps.append((label, lo if rise else lo + size, lo + size if rise else lo))
    assert start == pytest.approx(rd.bridge_axis_min(steps))
    title = dash.cell(dl.BRIDGE_HEAD, dl.TITLE_COL).value
    plain = text("template.chart_bridge", language)
    if start > 0:
        assert title == plain + text("dash.bridge_axis_from", language, start=rd.fmt_yen_m(start))
    else:
        assert title == plain
    members = zip_members(book)
    [bridge] = [
        x for k, x in members.items() if k.startswith("xl/charts/chart") and b'val="col"' in x
    ]
    assert [float(v) for v in _value_axis_min(bridge)] == [pytest.approx(start)]
    assert title.encode() in bridge  # the cached title LibreOffice draws


# --- a newcomer's landing line ---------------------------------------------------------------


def test_a_newcomer_landing_line_gives_no_growth_rate() -> None:
    """Trial 20: 藤井蓮, one month of sales in the running year, read "FY2027 target
    ¥3,407,852 (+528.7%)" over his landing. The history ends in December 2025, inside
    FY2025 (April–March): A and B sell ¥1,000 an account a month to 10 accounts from April
    2022; C's 5 accounts begin in December 2025, ¥5,000 in his one month. His landing line
    keeps his actual, expected and target, and says why it gives no rate; A's keeps it."""
    from test_evidence_targets import _history, _steady, _visited

    months = 45  # 2022-04 … 2025-12
    books = {"A": _steady(10), "B": _steady(10), "C": [(months - 1, None)] * 5}
    h = _visited(_history(books, lambda r, fy: 1e3, months=months), "AB")
    result = run(h, PlanSettings(kgi=260_000, plan_year=2026, as_of=date(2025, 12, 31)))
    assert result.evidence.part_year.get("C") == 1
    target = float(result.plan.fy.at["C", "revenue"])
    for language in ("en", "ja"):
        lines = _landing_lines(plan_rows(result, language), language)
        assert set(lines) == {"A", "B", "C"}
        # His one month carried through January–March: ¥5,000 + 3 × ¥5,000.
        want = text(
            "plan.landing_rep_short",
            language,
            actual=fmt_yen(5_000),
            expected=fmt_yen(15_000),
            plan="FY2026",
            target=fmt_yen(target),
            months=1,
        )
        assert lines["C"] == want.replace(" ", "")
        assert "%" not in lines["C"]
        assert re.search(r"\([+-]\d+\.\d%\)$", lines["A"]), lines["A"]
    # As it read before: ¥85,752 over a ¥20,000 landing.
    assert fmt_uplift(target / 20_000) == "+328.8%"


def _landing_lines(rows: list[list[object]], language: str) -> dict[str, str]:
    """Rep → his landing line (its wrapped pieces joined, spaces dropped)."""
    head = text("plan.landing_reps", language, year="FY2025")
    at = next(i for i, row in enumerate(rows) if row[0] == head)
    lines: dict[str, str] = {}
    rep = None
    for row in rows[at + 1 :]:
        if row[0] in ("A", "B", "C"):
            rep = str(row[0])
            lines[rep] = ""
        elif row[0]:
            break
        if rep is not None:
            lines[rep] += str(row[2]).replace(" ", "")
    return lines
