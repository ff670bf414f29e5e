"""Settings FiscalYearLabel: a company that names its fiscal year by the year it ENDS in.

Trial 19: 高橋さん's company calls 2026-10 … 2027-09 "FY2027" (2027年9月期); routekpi printed
FY2026 everywhere. With ``end`` every printed FY label uses her naming; PlanYear keeps its
meaning (the year the fiscal year starts) and the tables' period keys (Targets/Attainment
frames, JSON, ``=KPI_TARGET``'s lookup) stay FY + start year. Cases run the corpus's small valid
workbook (history 2024-04 … 2026-06-30) through ``compute_data`` with its Settings changed as
a user would.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from routekpi.core.calendar import fiscal_name, period_key, period_name
from routekpi.core.frames import records
from routekpi.excel import udf_values
from routekpi.excel.model_cache import model_from_result
from routekpi.excel.udf_args import UdfError
from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.recalc import compute_data
from routekpi.render import (
    attainment_rows,
    check_message,
    flag_headline,
    flag_rows,
    plan_rows,
    target_rows,
)
from routekpi.render_dashboard import dashboard_rows, matrix_header

BASE = Path(__file__).parent / "corpus" / "base.xlsm"


@pytest.fixture(scope="module")
def base_data() -> WorkbookData:
    return read_workbook(BASE)


def _run(data: WorkbookData, **settings: object):
    changed = copy.deepcopy(data)
    changed.settings.update(settings)
    return compute_data(changed)


def _texts(rows: Sequence[Sequence[object]]) -> list[str]:
    """Every cell of rendered rows as text (a Cell's value or the plain value)."""
    return [str(getattr(c, "value", c)) for row in rows for c in row if c is not None]


def test_the_name_is_the_year_it_ends_in_only_when_that_is_the_next_year() -> None:
    assert fiscal_name(2026, 10, "end") == "FY2027"  # 2026-10 … 2027-09
    assert fiscal_name(2026, 4, "end") == "FY2027"  # 2026-04 … 2027-03
    assert fiscal_name(2026, 1, "end") == "FY2026"  # 2026-01 … 2026-12: one calendar year
    assert fiscal_name(2026, 10, "start") == "FY2026"
    assert fiscal_name(2026, 10) == "FY2026"  # the default is routekpi's own naming
    # A table's key and its printed name, both ways; months pass through.
    assert period_name("FY2026", 10, "end") == "FY2027"
    assert period_key("FY2027", 10, "end") == "FY2026"
    assert period_name("2026-10", 10, "end") == period_key("2026-10", 10, "end") == "2026-10"


@pytest.fixture(scope="module")
def october_end(base_data: WorkbookData):
    """PlanYear 2026 (typed as the year it starts), October start, named by its end."""
    return _run(base_data, PlanYear=2026, FiscalStartMonth=10, FiscalYearLabel="end")


def test_a_year_from_october_named_by_its_end_prints_fy2027(october_end) -> None:
    result, checks, _, _ = october_end
    ev = result.evidence
    assert (ev.settings.plan_year, str(ev.plan_months[0]), str(ev.plan_months[-1])) == (
        2026,
        "2026-10",
        "2027-09",
    )
    plan = _texts(plan_rows(result, "ja"))
    assert plan[:3] == ["計画期間", "FY2027", "2026-10 – 2027-09"]
    # The year running on the as-of date (2025-10 … 2026-09) is her FY2026, not FY2025.
    assert "FY2026 着地見込み" in plan and not any("FY2025 着地" in t for t in plan)
    [title] = [t for t in _texts(dashboard_rows(result, "ja")) if t.startswith("ダッシュボード")]
    assert title == "ダッシュボード FY2027(2026-10 – 2027-09)"
    assert _texts([matrix_header(result, "ja")])[3] == "FY2027"
    # The Targets sheet prints her name; the table under it keeps the key (JSON, formulas).
    assert {p for p in result.targets["period"] if p.startswith("FY")} == {"FY2026"}
    years = {t for t in _texts(target_rows(result, "ja")) if re.fullmatch(r"FY\d{4}", t)}
    assert years == {"FY2027"}
    # Before the year starts the Attainment sheet is one sentence naming it.
    [waiting] = _texts(attainment_rows(result, "ja"))
    assert "(FY2027 は 2026-10-01 から。基準日 2026-06-30)" in waiting
    [basis] = [check_message(c, "ja") for c in checks if c.problem == "baseline_trailing"]
    assert basis.startswith("FY2027 の前年度がまだ締まっていないため")


def test_attainment_and_flags_of_a_running_year_print_her_name(base_data: WorkbookData) -> None:
    """2025-10 … 2026-09, running on 2026-06-30: keyed FY2025, printed FY2026 (hers)."""
    result, *_ = _run(base_data, PlanYear=2025, FiscalStartMonth=10, FiscalYearLabel="end")
    flags = result.flags
    assert {p for p in result.attainment["period"] if p.startswith("FY")} == {"FY2025"}
    assert (flags["period"] == "FY2025").any()
    for rows in (attainment_rows(result, "ja"), flag_rows(result, "ja")):
        assert {t for t in _texts(rows) if re.fullmatch(r"FY\d{4}", t)} == {"FY2026"}
    flag = records(flags[flags["period"] == "FY2025"])[0]
    assert f"{flag['rep']} FY2026" in flag_headline(flag, "ja", result.evidence.settings)


def test_the_same_book_named_by_its_start(base_data: WorkbookData) -> None:
    result, *_ = _run(base_data, PlanYear=2026, FiscalStartMonth=10, FiscalYearLabel="start")
    plan = _texts(plan_rows(result, "ja"))
    assert plan[:3] == ["計画期間", "FY2026", "2026-10 – 2027-09"]
    assert "FY2025 着地見込み" in plan


def test_a_calendar_year_is_named_the_same_either_way(base_data: WorkbookData) -> None:
    start, *_ = _run(base_data, PlanYear=2026, FiscalStartMonth=1, FiscalYearLabel="start")
    end, *_ = _run(base_data, PlanYear=2026, FiscalStartMonth=1, FiscalYearLabel="end")
    assert _texts(plan_rows(end, "ja")) == _texts(plan_rows(start, "ja"))
    assert [r[0] for r in target_rows(end, "ja")] == [r[0] for r in target_rows(start, "ja")]
    assert "FY2026" in _texts(plan_rows(end, "ja"))


def test_the_default_is_the_start_year(base_data: WorkbookData) -> None:
    """A book without the setting (every book made before it) prints as before: FY + start,
    and no Checks row asks for the new setting; a new book's template says start (in a ja
    book its drop-down's word, 始まる年: review47)."""
    assert base_data.settings.get("FiscalYearLabel") == "始まる年"
    assert compute_data(base_data)[0].evidence.settings.fiscal_year_label == "start"
    older = copy.deepcopy(base_data)
    del older.settings["FiscalYearLabel"]
    result, checks, _, _ = _run(older, PlanYear=2026, FiscalStartMonth=10)
    assert result.evidence.settings.fiscal_year_label == "start"
    assert "FY2026" in _texts(plan_rows(result, "ja"))
    assert not any(c.params.get("name") == "FiscalYearLabel" for c in checks)


def test_a_label_typed_wrong_is_a_warning_and_the_default(base_data: WorkbookData) -> None:
    result, checks, _, _ = _run(base_data, PlanYear=2026, FiscalYearLabel="終わり")
    assert result.evidence.settings.fiscal_year_label == "start"
    [row] = [c for c in checks if c.params.get("name") == "FiscalYearLabel"]
    assert (row.problem, row.severity, row.params["choices"]) == (
        "setting_invalid",
        "warn",
        "start/end",
    )


def test_the_far_ahead_warning_speaks_her_naming(base_data: WorkbookData) -> None:
    """The trial's slip with her naming on: 2027 typed for her FY2027 (as of 2026-06-30)."""
    _, checks, _, _ = _run(base_data, PlanYear=2027, FiscalStartMonth=10, FiscalYearLabel="end")
    [check] = [c for c in checks if c.problem.startswith("plan_year_far_ahead")]
    assert check.severity == "warn"
    assert check_message(check, "ja") == (
        "計画年度 2027 は 2027-10 開始の FY2028 です(基準日 2026-06-30 の16か月後)。"
        "FY2027(2026-10〜2027-09)なら 2026 と入力してください"
        "(計画年度には年度の始まる年を入力します)"
    )


def test_kpi_target_takes_the_year_as_printed(october_end) -> None:
    result, checks, rows, language = october_end
    model = model_from_result("book", "digest", result, checks, rows, language)
    t = result.targets
    team = t[(t["period"] == "FY2026") & (t["rep"] == "ALL") & (t["kpi"] == "revenue")]
    want = float(team["target"].iloc[0])
    # =KPI_TARGET("revenue", "ALL", "FY2027") as the Targets sheet prints the year; blank: it.
    assert udf_values.kpi_target(model, "revenue", "ALL", "FY2027") == want
    assert udf_values.kpi_target(model, "revenue", "ALL", 2027) == want
    assert udf_values.kpi_target(model, "revenue", "ALL") == want
    with pytest.raises(UdfError) as outside:  # her FY2026 is the year before the plan
        udf_values.kpi_target(model, "revenue", "ALL", "FY2026")
    assert outside.value.params["fy"] == "FY2027"
