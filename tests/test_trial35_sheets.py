"""Trial 35's sheet findings, hand-checked.

L1: the Dashboard note under the rep chart ran off the printed page (「…退職・異動(棒なし、売上は
チーム合計に含む): 加藤 修」, his dates and sales cut). L2: 目標の増減の理由 read 「商談数: 年換算
(実数 304件)」, a fragment. L3: a departed rep not on the Reps sheet was a branch of his own,
「営業所なし 計」 46.8%. L5: a rep's copy filled the no-target row's blank attainment red. L8: the
Flags sheet's at-risk accounts carried the KPI key usage_to_date.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from routekpi.contract import display_width
from routekpi.core.engine import ATTAINMENT_COLUMNS, run
from routekpi.core.flags import capped_at_risk
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.io import dashboard_layout as layout
from routekpi.io.sheetxml import Cell
from routekpi.render import _branch_attainment, _branch_rows, branch_groups, branch_sums
from routekpi.render_dashboard import kpi_reasons, reps_note_cell
from routekpi.schema import OUTPUT_COLUMNS
from routekpi.share.copies import _traffic_lights

# --- L1: the rep chart's note ----------------------------------------------------------------

TRIAL_NOTE = (
    "目標なし: 松本 健一 売上 ¥0(2026-07〜)。 * 担当替えの分を除く達成率(かっこ内は記帳どおり): "
    "佐藤 大輔 101.3%(138.3%)、鈴木 一郎 99.1%(119.6%) 退職・異動(棒なし、売上はチーム合計に含む): "
    "加藤 修(2026-09-11 まで、売上 ¥4,622,497)"
)


def test_the_reps_note_starts_at_a_when_it_would_run_off_the_page() -> None:
    """F..L is 2 + 58.7 (the KPI labels' column) + 16 + 16 + 22 + 16 + 16 = 146.7 units, A..L
    104 more = 248.7. The trial's note is 226 units: past F..L (× 0.96 = 140.8), within A..L
    (238.8): from A, whole. A short one stays under the chart (F)."""
    assert layout.note_room(layout.REPS_NOTE_COL) == pytest.approx(146.7)
    assert layout.note_room(1) == pytest.approx(248.7)
    assert display_width(TRIAL_NOTE) == 226
    assert reps_note_cell(TRIAL_NOTE) == (1, TRIAL_NOTE)
    short = "目標なし: 松本 健一 売上 ¥0(2026-07〜)。"
    assert reps_note_cell(short) == (layout.REPS_NOTE_COL, short)
    # Twice as long: one line of the row's width, cut with 「…」 as the reasons' last line.
    col, said = reps_note_cell(TRIAL_NOTE + " " + TRIAL_NOTE)
    assert col == 1 and said.endswith(" …") and said.startswith(TRIAL_NOTE)
    assert display_width(said) <= layout.note_room(1) * 0.96


# --- L2: a baseline made a year from a newcomer's months -------------------------------------


def test_the_dashboard_reason_for_a_scaled_baseline_says_the_change() -> None:
    """tests/test_building_book.py's team with N joining 2025-04: counted 42 meetings, the
    baseline a year of N's 48, the target 60 = 48 × 1.25. The before-year table's 30-unit
    column keeps the short words; the running year's line says the change, as the Plan."""
    from tests.test_building_book import SETTINGS, _history

    result = run(_history("2025-04"), replace(SETTINGS, kgi=300_000.0))
    fy = result.targets.query("rep == @TEAM and kpi == 'meetings' and period == 'FY2026'")
    assert float(fy["target"].iloc[0]) == 60.0
    assert kpi_reasons(result, "ja")["meetings"] == "年換算(実数 42件)"
    assert kpi_reasons(result, "ja", wide=True)["meetings"] == (
        "目標 60件 = 前年 48件(途中から勤務した担当者の月を年換算、実数 42件)の +25.0%"
    )
    assert kpi_reasons(result, "en", wide=True)["meetings"] == (
        "target 60 = last yr 48 (a newcomer's months made a year; 42 counted) +25.0%"
    )


# --- L3: a departed rep not on the Reps sheet ------------------------------------------------


def _v(item: object) -> object:
    return item.value if isinstance(item, Cell) else item


def test_a_departed_rep_without_a_branch_is_a_labelled_line_not_no_branch() -> None:
    branches = {"A": "本店", "B": "本店"}
    groups = branch_groups(["A", "K", "B", "M"], branches, "ja", departed={"K"})
    assert groups == {"本店": ["A", "B"], "退職・異動": ["K"], "営業所なし": ["M"]}
    # On the sheet he keeps his branch: not moved.
    assert branch_groups(["A", "K"], {**branches, "K": "支店"}, "ja", {"K"}) == {
        "本店": ["A"],
        "支店": ["K"],
    }
    why = pd.DataFrame({"target": [110.0, 220.0], "baseline": [100.0, 250.0]}, index=["A", "K"])
    rows = _branch_rows(branch_sums(why, branches, "ja", {"K"}), "ja")
    lines = {_v(r[0]): _v(r[1]) for r in rows if _v(r[0])}
    assert lines["退職・異動 計"] == 220.0 and "営業所なし 計" not in lines
    en = branch_groups(["A", "K"], branches, "en", {"K"})
    assert list(en) == ["本店", "left during the year"]


def test_the_departed_line_on_attainment_sums_but_is_not_read_as_behind() -> None:
    """K left in September: ¥4,622,497 against ¥9,880,668 due (46.8%) is not his branch
    behind; the line keeps the sums (the subtotals add up to the team) without a rate."""
    nan = math.nan
    data = [
        ("FY2026", TEAM, "revenue", 104.6, 700.0, nan, nan, nan, 220.0),
        ("FY2026", "A", "revenue", 100.0, 400.0, 0.83, 0.83, 350.0, 120.0),
        ("FY2026", "K", "revenue", 4.6, 300.0, 0.046, 0.046, 4.6, 100.0),
    ]
    frame = pd.DataFrame(data, columns=list(ATTAINMENT_COLUMNS))
    settings = SimpleNamespace(branches={"A": "本店"}, period_name=lambda p: p)
    result = SimpleNamespace(
        attainment=frame,
        evidence=SimpleNamespace(settings=settings),
        departed={"K": date(2026, 9, 11)},
    )
    keys = [c.key for c in OUTPUT_COLUMNS["Attainment"]]
    rows = [[*r, *[None] * len(keys)] for r in _branch_attainment(result, "FY2026", "ja")]
    by = {_v(r[1]): {k: _v(r[keys.index(k)]) for k in keys} for r in rows if _v(r[1])}
    assert set(by) == {"本店 計", "退職・異動 計"}
    gone = by["退職・異動 計"]
    assert (gone["actual"], gone["target"], gone["target_to_date"]) == (4.6, 300.0, 100.0)
    assert gone["attainment"] is None and gone["pace"] is None
    assert by["本店 計"]["attainment"] == pytest.approx(100 / 120)


# --- L5: a rep's copy colours numbers only ---------------------------------------------------


def test_a_reps_copy_leaves_a_blank_attainment_uncoloured(tmp_path: Path) -> None:
    """The copy's columns without the code column: attainment F, pace G. Each rule tests
    ISNUMBER first, as the master's: a blank (the taken accounts' row, no target) is no 0."""
    wb = openpyxl.Workbook()
    ws = wb.active
    keys = ["period", "rep", "kpi", "actual", "target", "attainment", "pace", "forecast"]
    settings = SimpleNamespace(pace_critical=0.75, pace_warn=0.9)
    source = SimpleNamespace(result=SimpleNamespace(evidence=SimpleNamespace(settings=settings)))
    _traffic_lights(ws, "Attainment", 10, source, keys)
    path = tmp_path / "copy.xlsx"
    wb.save(path)
    back = openpyxl.load_workbook(path).active
    rules = [
        (str(cf.sqref), rule.type, rule.formula[0])
        for cf in back.conditional_formatting
        for rule in cf.rules
    ]
    assert rules == [
        ("F2:G10", "expression", "AND(ISNUMBER(F2),F2<0.75)"),
        ("F2:G10", "expression", "AND(ISNUMBER(F2),F2<0.9)"),
        ("F2:G10", "expression", "AND(ISNUMBER(F2),F2>=1.0)"),
    ]


# --- L8: the KPI an at-risk account is about ---------------------------------------------------


def test_at_risk_accounts_carry_the_active_accounts_key() -> None:
    """tests/test_flags34.py's leaver: c4 and c5 at risk, flagged to ALL; and a rep with six
    at-risk accounts gets one "more" line: all under active_accounts, none usage_to_date."""
    from tests.test_flags34 import CUTOFF, _history, _leaver_rows

    result = run(_history(_leaver_rows()), PlanSettings(kgi=10_000.0, plan_year=2026, as_of=CUTOFF))
    f = result.flags
    at_risk = f[f["code"] == "at_risk_account"]
    assert sorted(at_risk["account"]) == ["c4", "c5"]
    assert set(at_risk["kpi"]) == {"active_accounts"}
    six = pd.DataFrame(
        [
            {
                "severity": "warn",
                "code": "at_risk_account",
                "kpi": "active_accounts",
                "rep": "A",
                "period": "2025-06",
                "account": f"a{i}",
                "params": {"stake": 100.0 * (6 - i)},
            }
            for i in range(6)
        ]
    )
    listed = capped_at_risk(six)
    (more,) = listed[listed["code"] == "at_risk_more"].to_dict("records")
    assert more["kpi"] == "active_accounts" and more["params"]["count"] == 1
    assert "usage_to_date" not in set(listed["kpi"])
