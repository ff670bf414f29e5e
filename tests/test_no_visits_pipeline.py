"""No visit rows, but a log of meetings and calls: the Plan's note agrees with its meetings line.

Before, the note said 「…商談・アポのKPIは算出できません」 while the Plan's 商談・アポ打診 line
beside it planned 80 meetings and 121 calls from the 59 meetings and the calls logged. Now
the note says that only the visit KPIs are missing and points to that line; a history with
neither visits nor meetings keeps the old note (and no meetings line).

The book: tests/test_own_start_sources.py's (A and B 2 meetings and 3 calls a month since
2024-06, N 11 meetings from 2026-05) without its 訪問 rows.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.render import plan_rows
from tests.test_own_start_sources import _rows
from tests.workbook_files import sources_or_pasted_book, targets_by_key

PIPELINE = ("meetings", "appointment_attempts", "appointment_rate", "meeting_win_rate")


def _plan_and_checks(book: Path) -> tuple[str, str]:
    wb = openpyxl.load_workbook(book, read_only=True)
    joined = []
    for name in ("Plan", "Checks"):
        cells = (str(c) for row in wb[name].iter_rows(values_only=True) for c in row if c)
        joined.append("".join(cells).replace(" ", ""))  # wrapped at a space
    return joined[0], joined[1]


def test_meetings_without_visits_are_planned_and_the_note_says_so(tmp_path: Path) -> None:
    rows = _rows()
    rows["Visits"] = [r for r in rows["Visits"] if r[3] != "訪問"]
    book = sources_or_pasted_book(tmp_path / "calls.xlsm", rows, 3_300_000)
    result = recalculate(book).result
    notes = [n.code for n in result.evidence.notes]
    assert "no_visits_pipeline" in notes and "no_visits" not in notes
    plan, checks = _plan_and_checks(book)
    said = text("no_visits_pipeline", "ja").replace(" ", "")
    # (the sheets wrap it over rows, the Checks its parenthesis on a row of its own)
    for part in said.split("(売上")[0], "商談・アポは記録があるため、その件数から":
        assert part in plan and part in checks
    assert "商談・アポのKPIは算出できません" not in plan + checks
    # The line it points to, with the meetings logged in the baseline (2025-11 … 2026-10):
    # A and B 2 a month each (48), N 1 + 5 × 2 = 11: 59.
    assert "商談・アポ打診" in plan and "実数59件" in plan
    # A target the Plan sets has its row on Targets (none did: the pipeline KPIs were
    # "visit only"), the team's year the Plan's figures; the visit KPIs none.
    targets = targets_by_key(book)
    kpis = {k for _, _, k in targets}
    assert set(PIPELINE) <= kpis and not {"visits", "visits_per_account"} & kpis
    meetings = targets[("FY2027", "ALL", "meetings")][5]
    attempts = targets[("FY2027", "ALL", "appointment_attempts")][5]
    assert f"商談の目標{meetings:,.0f}件" in plan and f"アポ打診{attempts:,.0f}件" in plan
    assert {r for _, r, k in targets if k == "meetings"} == {"ALL", "A", "B", "N"}
    # The Method's team ratios: those it plans, each weighed by its own count — not the
    # visit frequency and orders per visit (it listed 「取引単価・訪問頻度・訪問あたり受注数・…」).
    ratios = "チームの比率(顧客あたり受注数・取引単価・アポ獲得率・商談成約率)"
    assert ratios in plan and "前年の稼働顧客数・受注件数・アポ打診数・商談数" in plan
    assert "訪問頻度・訪問あたり受注数・アポ獲得率" not in plan
    en = " ".join(str(getattr(c, "value", c)) for row in plan_rows(result, "en") for c in row)
    assert "The team's ratios (orders per account, unit price, appointment rate, " in en
    assert "visit frequency, orders per visit" not in en


def test_the_pipeline_targets_have_their_attainment_without_visits(tmp_path: Path) -> None:
    """The same book planning FY2026 (as of 2026-11-10): Attainment carries the pipeline
    KPIs with their actuals. By hand, 2026-04 … 2026-11-10: meetings A and B 2 a month
    (the 15th and 16th: 7 months) = 28, N 1 (05-15) + 2 × 5 (06 … 10) = 11: 39; calls A and
    B 3 a month (the 3rd to 5th: 8 months) = 48, N 3 × 6 = 18: 66, a third of them won (the
    first of each month's three): 33.3%."""
    rows = _rows()
    rows["Visits"] = [r for r in rows["Visits"] if r[3] != "訪問"]
    book = sources_or_pasted_book(tmp_path / "calls.xlsm", rows, 3_300_000, plan_year=2026)
    review = recalculate(book).result.review
    # The Review agrees with Attainment: the pipeline KPIs it shows (it shows no count of
    # calls, with visits either) have their rows there too (it left them out as visit-only),
    # with the same actuals; the visit KPIs have none.
    columns = (review["rep"], review["kpi"], review["actual_ytd"])
    said = {(r, k): a for r, k, a in zip(*columns, strict=True)}
    assert {k for _, k in said} >= {"meetings", "appointment_rate", "meeting_win_rate"}
    # (the team's row against the planned reps' targets counts theirs: A and B's 28; N, with
    # no plan of her own, her 11 on her row)
    assert said[("A", "meetings")] == said[("B", "meetings")] == 14
    assert said[("ALL", "meetings")] == 28 and said[("N", "meetings")] == 11
    assert said[("ALL", "appointment_rate")] == pytest.approx(1 / 3)
    assert not {k for _, k in said} & {"visits_per_account", "orders_per_visit"}
    wb = openpyxl.load_workbook(book, read_only=True)
    rows_of = {
        (r[0], r[1], r[2]): r for r in wb["Attainment"].iter_rows(min_row=2, values_only=True)
    }
    assert {k for _, _, k in rows_of} >= set(PIPELINE)
    assert rows_of[("FY2026", "ALL", "meetings")][4] == 39
    assert rows_of[("FY2026", "ALL", "appointment_attempts")][4] == 66
    assert rows_of[("FY2026", "ALL", "appointment_rate")][4] == pytest.approx(1 / 3)
    assert not any(k in ("visits", "visits_per_account") for _, _, k in rows_of)


def test_no_visits_and_no_meetings_keep_the_note_that_they_cannot_be_planned(
    tmp_path: Path,
) -> None:
    rows = _rows()
    rows["Visits"] = rows["Visits"][:1]  # the header only
    book = sources_or_pasted_book(tmp_path / "orders.xlsm", rows, 3_300_000)
    notes = [n.code for n in recalculate(book).result.evidence.notes]
    assert "no_visits" in notes and "no_visits_pipeline" not in notes
    plan, _ = _plan_and_checks(book)
    assert "商談・アポのKPIは算出できません" in plan
    assert "商談・アポ打診" not in plan
    assert not {k for _, _, k in targets_by_key(book)} & set(PIPELINE)
    assert "チームの比率(顧客あたり受注数・取引単価):" in plan
    assert "(前年の稼働顧客数・受注件数)" in plan


def test_one_test_shows_the_meetings_line_and_its_note() -> None:
    """Review 42: the note (core.baselines ``_logs_pipeline``) and the Plan's line (render
    ``_pipeline_rows``) asked the same question in two places; both ask catalog
    ``shows_pipeline`` now: meetings held and a win rate above nought."""
    import math

    import pandas as pd

    from routekpi.core.baselines import _logs_pipeline
    from routekpi.core.catalog import shows_pipeline
    from routekpi.core.measure import TEAM

    assert shows_pipeline(40.0, 0.25)
    assert not shows_pipeline(0.0, 0.25)
    assert not shows_pipeline(40.0, 0.0)
    assert not shows_pipeline(40.0, math.nan)
    months = list(pd.period_range("2025-04", "2026-03", freq="M"))

    def facts(meetings: float, new: float) -> pd.DataFrame:
        index = pd.MultiIndex.from_product([[TEAM], months], names=["rep", "month"])
        return pd.DataFrame({"meetings": meetings, "new_accounts": new}, index=index)

    assert _logs_pipeline(facts(3.0, 1.0), months)
    assert not _logs_pipeline(facts(3.0, 0.0), months)  # no win: no rate, no line
    assert not _logs_pipeline(facts(0.0, 1.0), months)
