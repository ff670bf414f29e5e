"""Trial 30's wording findings, on written and read-back workbooks with hand-worked values.

- M2: a KGI past every ceiling is worded at least as strongly as one far beyond the record
  (how many strong years it asks; the ceiling is every rep's best year at once, no guide),
  and the Dashboard's year-to-date block names the capped full-year target as such.
- M3: the accounts nobody holds after a rep left are named, with their Accounts rows.
- L2: last year's meetings and attempts that scale a newcomer's months to a year say so,
  with the count beside (Plan line, Targets FY basis).
- L3: new accounts far above last year are put down to the newcomer's meetings pace.
- L4: a price step found in revenue per order says the price per unit's step beside it.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.engine import run
from routekpi.core.handover import ORPHANS_NAMED, hand_over
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import PriceStep
from routekpi.core.measure import TEAM
from routekpi.io import dashboard_layout as layout
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import fmt_uplift, fmt_yen, text
from routekpi.recalc import recalculate
from routekpi.render import check_message, flag_message, plan_rows, target_rows
from routekpi.render_dashboard import kpi_reasons
from tests.test_banner_stretch import _plan, _rows, _settings
from tests.test_transfer import TEMPLATE, _paste

# --- M2: past every ceiling ------------------------------------------------------------------


@pytest.fixture(scope="module")
def budget_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample planned before its year starts (FY2027), as test_banner_stretch's."""
    path = tmp_path_factory.mktemp("reach") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    _settings(path, 計画年度=2027)
    return path


def test_a_kgi_past_every_ceiling_is_worded_stronger_than_one_far_beyond_the_record(
    budget_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.xlsm"
    shutil.copyfile(budget_book, first)
    assert main(["recalc", str(first)]) == 0
    plan = _plan(first)
    base = float(plan["前年実績(基準)売上"][0])  # type: ignore[arg-type]
    record = float(plan["チームの好調な年並みの伸びで届くKGI"][0])  # type: ignore[arg-type]
    ceiling = float(plan["到達可能な最大KGI"][0])  # type: ignore[arg-type]
    growth = record - base
    # Far past the record (over half a strong year) and still reachable: halfway to the
    # ceiling, the team's best year plus 10 points a year (core.levers.revenue_cap).
    far_kgi = round((record + 0.5 * growth + ceiling) / 2 / 1e6) * 1e6
    assert far_kgi > record + 0.5 * growth
    past_kgi = math.ceil(ceiling / 1e6) * 1e6 + 1e6  # ¥1M-odd past every ceiling
    assert far_kgi < ceiling < past_kgi
    said = {}
    for name, kgi in (("far", far_kgi), ("past", past_kgi)):
        book = tmp_path / f"{name}.xlsm"
        shutil.copyfile(budget_book, book)
        _settings(book, KGI=kgi)
        capsys.readouterr()
        assert main(["recalc", str(book)]) == 0
        said[name] = (book, capsys.readouterr().out, f"{(kgi - base) / growth:.1f}")
    book, out, times = said["past"]
    assert float(times) > float(said["far"][2])  # more strong years than the far one
    gap = fmt_yen(past_kgi - ceiling)
    rows = _rows(book, "Dashboard")
    banner = str(rows[layout.BANNER_ROW - 1][0])
    # Red as the far one, and stronger: infeasible, the strong years, the ceiling no guide.
    assert banner.startswith(
        f"実現不可能: KGI は好調な年の伸びの {times} 倍"
        f"(基準比 {fmt_uplift(past_kgi / base)}、好調な年で {fmt_yen(record)})。"
    )
    assert f"計算上の上限 {fmt_yen(ceiling)} も {gap} 超えます(上限は目安ではありません)" in banner
    assert rows[layout.FEASIBLE_ROW - 1][layout.DATA_COL] == layout.BANNER_RED
    value, note = _plan(book)["実現可能性"]
    assert value == "実現不可能"
    note = str(note).replace(" ", "")  # wrapped lines lose the space at a break
    assert f"好調な年の伸びの{times}倍" in note and "目標はその上限で頭打ちです" in note
    assert f"実現不可能(チーム実績を大きく超える目標です): 好調な年で {fmt_yen(record)}" in out
    assert f"好調な年の伸びの {times} 倍" in out and "目安にはなりません" in out
    # One full-year target in the year-to-date block: the capped one, named so, equal to the
    # KPI table's revenue target; the KGI typed is the plan block's.
    ytd = {r[layout.YTD_COL - 1]: r[layout.YTD_COL] for r in rows[: layout.CHART_TOP]}
    assert "年間目標" not in ytd
    capped = float(ytd["年間目標(上限で頭打ち)"])
    kpi = next(r for r in rows[: layout.CHART_TOP] if r[layout.KPI_COL - 1] == "売上")
    assert capped == float(kpi[layout.KPI_COL + 1]) and capped < past_kgi
    assert abs(capped - ceiling) < 1.0  # every rep at his ceiling: the reps' sum, rounded
    flags = [str(r) for r in _rows(book, "Flags")]
    assert any(f"好調な年の伸びの {times} 倍です" in r and "目安ではありません" in r for r in flags)
    # The far one keeps its own words (no "実現不可能", no capped target).
    far_banner = str(_rows(said["far"][0], "Dashboard")[layout.BANNER_ROW - 1][0])
    assert far_banner.startswith("チーム実績を大きく超えています: ")


def test_her_flag_past_the_ceiling_says_two_strong_years() -> None:
    """Her ¥323M (trial 30, sato_stretch.xlsm): baseline ¥261,345,344, strong-year KGI
    ¥289,966,178, ceiling ¥321,999,404. (323,000,000 − 261,345,344) ÷ (289,966,178 −
    261,345,344) = 61,654,656 ÷ 28,620,834 = 2.15 strong years."""
    base, record, top = 261_345_344.0, 289_966_178.19, 321_999_403.78
    params = {
        "kgi": 323_000_000.0,
        "max": top,
        "gap": 323_000_000.0 - top,
        "record": record,
        "growth": record / base,
        "annual": 1.101,
    }
    flag = {"code": "kgi_infeasible", "kpi": "revenue", "account": "", "rep": "ALL"}
    msg, _ = flag_message({**flag, "params": params}, "ja")
    assert "¥289,966,178 より ¥33,033,822 多く、好調な年の伸びの 2.2 倍です" in msg
    assert "計算上の上限 ¥321,999,404 も ¥1,000,596 超えます(上限は目安ではありません)" in msg
    # Without a record (an old flag's params): the plain words.
    plain, _ = flag_message({**flag, "params": {"kgi": 3.0, "max": 2.0, "gap": 1.0}}, "ja")
    assert plain == text("flag.kgi_infeasible", "ja", kgi="¥3", max="¥2", gap="¥1")


# --- M3: the accounts nobody holds, named ----------------------------------------------------


def _monthly(account: str, rep: str, first: str, last: str, amount: float) -> list[list]:
    days = pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="MS")
    return [[(d + pd.Timedelta(days=9)).date(), account, rep, amount, None] for d in days]


def test_the_account_left_under_the_leaver_is_named_with_its_accounts_row(
    tmp_path: Path,
) -> None:
    """tests/test_handover.py's history in a workbook: C left after 2025-03-10; c4 (本町弁当91号,
    the sixth Accounts row, sheet row 7) is open and nobody has served it since."""
    path = tmp_path / "leaver.xlsm"
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders = [
        *_monthly("a1", "A", "2024-04-01", "2025-06-30", 100.0),
        *_monthly("b1", "B", "2024-04-01", "2025-06-30", 200.0),
        *_monthly("c1", "C", "2024-04-01", "2025-03-31", 10.0),
        *_monthly("c1", "A", "2025-04-01", "2025-06-30", 10.0),
        *_monthly("c2", "C", "2024-04-01", "2025-03-31", 20.0),
        *_monthly("c2", "B", "2025-05-01", "2025-06-30", 20.0),
        *_monthly("c4", "C", "2024-04-01", "2025-03-31", 80.0),
    ]
    _paste(wb, "Orders", orders)
    start = date(2020, 1, 1)
    accounts = [
        ["a1", "港商店1号", "A", start],
        ["b1", "港商店2号", "B", start],
        ["c1", "港商店3号", "A", start],
        ["c2", "港商店4号", "C", start],
        ["c3", "港商店5号", "C", start, date(2025, 1, 31)],
        ["c4", "本町弁当91号", "C", start],
    ]
    _paste(wb, "Accounts", accounts)
    ws = wb["Settings"]
    ws["B4"], ws["B5"], ws["B6"], ws["B7"] = 5000, 2026, 4, date(2025, 6, 30)
    wb.save(path)
    recalculate(path)
    checks = _rows(path, "Checks")
    # Each check's wrapped lines joined (the rows below it have no sheet).
    said = {
        i: "".join(str(r[4]) for r in [checks[i], *_continued(checks[i + 1 :])])
        for i, r in enumerate(checks)
        if r[0]
    }
    hit = [i for i, words in said.items() if "今の担当者が分からない顧客" in words]
    assert len(hit) == 1
    sheet, row, column, value = checks[hit[0]][:4]
    assert (sheet, row, value, str(column).endswith("担当者")) == ("Accounts", 7, "C", True)
    assert (  # with its last order (trial 33 M5): 2025-03-10, 112 days, under its 180
        "今の担当者が分からない顧客 1 件(c4 本町弁当91号 (C, 顧客シート 7行, 最終受注 2025-03-10))"
        in said[hit[0]]
    )
    plan = "".join(str(r[2] or "") for r in _rows(path, "Plan"))
    assert "今の担当者が分からない顧客 1 件(c4 本町弁当91号 (C))はチームの基準にだけ" in plan


def _continued(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    out = []
    for r in rows:
        if r[0]:
            break
        out.append(r)
    return out


def test_many_accounts_nobody_holds_name_the_first_few_and_count_the_rest() -> None:
    """Seven open accounts of a leaver nobody serves: the first five by code, "ほか 2 件"."""
    rows = []
    for rep, acc, last in [
        ("A", "a1", "2025-06-30"),
        *[("C", f"c{i}", "2025-03-31") for i in range(7)],
    ]:
        for d in pd.date_range("2024-04-01", last, freq="MS"):
            rows.append((d + pd.Timedelta(days=9), acc, rep, 10.0, np.nan))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    accounts = pd.DataFrame(
        {
            "account": ["a1", *[f"c{i}" for i in range(7)]],
            "name": ["x", *[f"店{i}" for i in range(7)]],
            "rep": ["A", *["C"] * 7],
            "start": pd.Timestamp("2020-01-01"),
            "end": pd.NaT,
        }
    )
    _, handed = hand_over(History(orders=orders, accounts=accounts), date(2025, 6, 30))
    assert handed is not None and handed.orphans == 7
    assert [a for a, _, _ in handed.orphan_accounts] == [f"c{i}" for i in range(7)]
    result = run(
        History(orders=orders, accounts=accounts),
        PlanSettings(kgi=1000.0, plan_year=2026, as_of=date(2025, 6, 30)),
    )
    note = next(n for n in result.evidence.notes if n.code.startswith("reps_departed"))
    assert note.code == "reps_departed_orphans_more" and note.params["more"] == 7 - ORPHANS_NAMED
    said = text(note.code, "ja", **note.params)
    names = ", ".join(f"c{i} 店{i} (C)" for i in range(5))
    assert f"今の担当者が分からない顧客 7 件({names}、ほか 2 件)" in said


# --- L2 / L3: a newcomer's meetings scaled to a year ---------------------------------------


def test_a_newcomers_year_of_meetings_is_said_as_scaled_with_the_count() -> None:
    """tests/test_building_book.py's team with N joining 2025-04 (window 2025-01 … 12):
    A and B 1 meeting and 4 attempts a month (12 and 48 each), N 2 and 6 a month for his 9
    months (18 and 54, a year 24 and 72). Team: counted 42 meetings and 150 attempts, the
    baseline 48 and 168. New accounts 3 → 5: N's floor (his meetings pace) sets it."""
    from tests.test_building_book import SETTINGS, _history

    result = run(_history("2025-04"), replace(SETTINGS, kgi=300_000.0))
    ev = result.evidence
    assert ev.base.at[TEAM, "meetings"] == 48 and ev.base.at[TEAM, "appointment_attempts"] == 168
    # The note wraps over rows at spaces, and a space a row ends on is not in it: compared
    # without spaces.
    lines = "".join(str(r[-1]) for r in plan_rows(result, "ja") if r).replace(" ", "")
    m1 = round(
        float(
            result.targets.query("rep == @TEAM and kpi == 'meetings' and period == 'FY2026'")[
                "target"
            ].iloc[0]
        )
    )
    assert f"商談の目標{m1}件(前年年換算48件・実数42件、" in lines
    assert "(前年年換算168件・実数150件)" in lines
    basis = {(r[1], r[2]): str(r[-1]) for r in target_rows(result, "ja") if r and r[0] == "FY2026"}
    assert basis[(TEAM, "meetings")].endswith(
        "。基準値は途中から勤務した担当者の月を年換算(実数 42)"
    )
    assert basis[("N", "appointment_attempts")].endswith("年換算(実数 54)")
    assert "年換算" not in basis[("A", "meetings")]  # a rep at work all year: his count
    # L3: far above last year from N's floor, not "last year was high".
    # (…_handed when his book is mostly handed over: trial 41 M3)
    assert any(n.code.startswith("building_wins_pace") for n in result.plan.notes)
    assert kpi_reasons(result, "ja")["new_accounts"] == "新任者の商談ペース分"


# --- L4: the price per unit beside a step found per order ----------------------------------


def test_a_step_found_per_order_says_the_price_per_units_step_in_plan_and_checks(
    tmp_path: Path,
) -> None:
    """Price per unit ¥1,000 → ¥1,100 (+10%) from 2025-02 while the orders shrink from 100 to
    94 units (−6%): revenue per order ×1.10 × 0.94 = +3.4%, the step found there (the
    orders' size took back more than half of the per-unit step, so it is not read as a
    price change per unit: levers.unit_step). The note says both: +3.4% per order, +10.0%
    per unit."""
    from tests.test_price_unit import AS_OF, FIRST, MONTHS, REPS, STEP

    path = tmp_path / "price.xlsm"
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders = []
    for rep in REPS:
        for i in range(5):
            for t in range(MONTHS):
                month = FIRST + t
                q = 94.0 if month >= STEP else 100.0
                yen = 1100.0 if month >= STEP else 1000.0
                orders.append([month.end_time.date(), f"{rep}{i}", rep, yen * q, q])
    _paste(wb, "Orders", orders)
    _paste(
        wb,
        "Accounts",
        [[f"{r}{i}", f"{r}{i}", r, date(2022, 4, 1)] for r in REPS for i in range(5)],
    )
    ws = wb["Settings"]
    ws["B4"], ws["B5"], ws["B6"], ws["B7"] = 15 * 12 * 1100 * 94, 2026, 4, AS_OF
    wb.save(path)
    recalculate(path)
    head = (
        "取引単価(1受注あたりの金額)は2025-02に一度+3.4%変わりました(数量あたりの価格では+10.0%、"
    )
    plan = "".join(str(r[2] or "") for r in _rows(path, "Plan"))
    assert head in plan
    checks = _rows(path, "Checks")
    at = next(i for i, r in enumerate(checks) if str(r[4]).startswith("取引単価(1受注あたり"))
    whole = "".join(str(r[4]) for r in [checks[at], *_continued(checks[at + 1 :])])
    assert whole.startswith(head)
    # The same note's words from its params, and the plain one without a quantity read.
    step = PriceStep(STEP, math.log(1.034), 0.0, 0, 12, 0.0, 0.0, 0.0, 1.0, unit_size=math.log(1.1))
    assert step.params()["unit"] == "+10.0%" and step.params()["size"] == "+3.4%"
    plain = replace(step, unit_size=float("nan")).params()
    assert "unit" not in plain
    from routekpi.contract import Check

    assert check_message(
        Check("Plan", None, "", None, "price_step", plain, "info"), "ja"
    ).startswith("取引単価は2025-02に一度+3.4%変わりました。")
