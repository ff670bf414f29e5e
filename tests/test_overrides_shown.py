"""Trial 22 (finding 4): an override reaches every sheet that shows that target.

高田's revenue typed at ¥520M showed ¥520M on Targets but ¥549.6M (+13.0%) on the Plan and on
his copy's cover, and the Dashboard put the KGI beside a team target ¥30M lower with no word.
Now the Plan's rep lines and landing lines carry the typed target and the growth from it
(the computed one beside it), a typed team ratio shows on its lever row, one Plan line says
which targets are typed, that nothing else was spread again and how far the reps' sum is from
the KGI, and the Dashboard's plan block gives that sum and gap. The typed revenue does not
re-spread the rep's levers (said on the Plan line).

A small book written with openpyxl: 田中 (t1 ¥100, t2 ¥200) and 佐藤 (s1 ¥300, s2 ¥400), one
order and one visit per account a month from April 2024 to November 2026; FY2027 planned on
2026-11-30 with the KGI at last year's 12 × 1,000 = ¥12,000. Recalculated twice (plain and with the
overrides) and read back.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.recalc import recalculate
from routekpi.share.copies import copy_file_name
from tests.test_departed import _rows
from tests.workbook_files import pasted_book

AMOUNT = {"t1": 100, "t2": 200, "s1": 300, "s2": 400}
REP = {"t1": "田中", "t2": "田中", "s1": "佐藤", "s2": "佐藤"}
AS_OF = date(2026, 11, 30)
KGI = 12_000  # last year's: too little history for a ceiling above it
FY = "FY2027"
TYPED = 4_000  # 田中's revenue typed


def write_book(path: Path, overrides: list[list[object]] | None = None) -> Path:
    """The book above (``overrides``: Overrides rows KPI, rep, period, target)."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-04-01", "2026-11-01", freq="MS"):
        for account, amount in AMOUNT.items():
            orders.append([(m + pd.Timedelta(days=9)).date(), account, REP[account], amount, 1])
            visits.append([(m + pd.Timedelta(days=11)).date(), REP[account], account, "訪問"])
    accounts = [[a, a, r, date(2024, 1, 1), None] for a, r in REP.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    if overrides:
        rows["Overrides"] = overrides
    pasted_book(path, rows, kgi=KGI, plan_year=2027, start_month=4, as_of=AS_OF)
    recalculate(path)
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("overrides_shown")
    plain = write_book(folder / "plain.xlsm")
    typed = write_book(
        folder / "typed.xlsm",
        [["revenue", "田中", FY, TYPED], ["visits_per_account", "ALL", FY, 1.5]],
    )
    return plain, typed


def _target(path: Path, rep: str, kpi: str) -> float:
    (row,) = [r for r in _rows(path, "Targets") if r[:3] == (FY, rep, kpi)]
    return float(row[5])


def _plan_note(plan: list[tuple[object, ...]], item: str, start: int = 0) -> tuple[object, str]:
    """The value of the first Plan row named ``item`` (from ``start``) and its whole note."""
    at = next(i for i, r in enumerate(plan) if i >= start and r[0] == item)
    lines = [str(plan[at][2] or "")]
    for r in plan[at + 1 :]:
        if r[0] not in (None, "") or r[1] not in (None, ""):
            break
        lines.append(str(r[2] or ""))
    return plan[at][1], "".join(lines)


def test_plan_rep_line_shows_the_typed_target_and_its_growth(books: tuple[Path, Path]) -> None:
    plain, typed = books
    computed = _target(plain, "田中", "revenue")
    assert _target(typed, "田中", "revenue") == TYPED
    plan = _rows(typed, "Plan")
    head = next(i for i, r in enumerate(plan) if r[0] == "担当者別の売上目標")
    value, note = _plan_note(plan, "田中", head)
    assert value == TYPED
    # 田中's last year: 12 months × (100 + 200) = ¥3,600; the growth is from the typed ¥4,000.
    assert note.startswith("前年 ¥3,600 → +11.1%(目標上書き。計算値 ¥")
    shown = re.search(r"計算値 ¥([\d,]+) → ([+-][\d.]+)%", note)
    assert shown is not None
    assert abs(float(shown.group(1).replace(",", "")) - computed) < 1
    assert shown.group(2) == f"{(computed / 3600 - 1) * 100:+.1f}"
    # The landing line (FY2026 by rep) quotes the same typed target.
    landing = next(i for i, r in enumerate(plan) if str(r[0]).endswith("担当者別の着地見込み"))
    _, note = _plan_note(plan, "田中", landing)
    assert "FY2027目標 ¥4,000(" in note


def test_plan_says_what_is_typed_and_the_gap_to_the_kgi(books: tuple[Path, Path]) -> None:
    plain, typed = books
    team = _target(typed, "ALL", "revenue")
    reps = _target(typed, "田中", "revenue") + _target(typed, "佐藤", "revenue")
    assert team == pytest.approx(reps)  # the team is its reps' sum
    assert _target(typed, "佐藤", "revenue") == pytest.approx(_target(plain, "佐藤", "revenue"))
    plan = _rows(typed, "Plan")
    _, note = _plan_note(plan, "目標の上書き")
    freq = _target(plain, "ALL", "visits_per_account")
    assert note.startswith(
        f"目標上書きシートの目標を使っています: 田中の売上 ¥4,000(計算値 ¥"
        f"{_target(plain, '田中', 'revenue'):,.0f})、"
        f"チームの訪問頻度(月/顧客) 1.50(計算値 {freq:.2f})。"
    )
    assert "ほかの目標は計算値のまま配分し直していません" in note
    # ¥4,000 + 佐藤's ¥8,400 = ¥12,400, ¥400 above the KGI (the note's lines joined).
    assert team == 12_400
    assert note.replace(" ", "").endswith("上書き後の担当者合計¥12,400はKGIより¥400多い")
    # The team's typed visit frequency on its lever row, the change from it.
    value, note = _plan_note(plan, "レバー: 訪問頻度(月/顧客)")
    assert value == 1.5
    assert "目標 1.50(×1.500、" in note  # one visit per account a month last year
    assert note.endswith(f"目標上書き(計算値 {freq:.2f}。下の検算は計算値の積)")
    # Nothing said without an override.
    assert not [r for r in _rows(plain, "Plan") if r[0] == "目標の上書き"]


def test_dashboard_gives_the_reps_sum_and_its_gap(books: tuple[Path, Path]) -> None:
    plain, typed = books
    team = _target(typed, "ALL", "revenue")
    dash = _rows(typed, "Dashboard")
    cells = {str(r[i]): r[i + 1] for r in dash for i in range(len(r) - 1) if r[i] is not None}
    assert cells["上書き後の担当者合計"] == pytest.approx(team)
    assert cells["担当者合計 − KGI"] == pytest.approx(team - KGI)
    assert cells["年間目標"] == pytest.approx(team)  # the KPI table's revenue target
    plain_cells = {str(v) for r in _rows(plain, "Dashboard") for v in r if v is not None}
    assert "上書き後の担当者合計" not in plain_cells


def test_share_file_names_have_no_spaces() -> None:
    """「run3_中村 亮.xlsx」: the name as spelt, its spaces (half or full width) as _."""

    class Source:
        path = Path("run3.xlsm")

    assert copy_file_name(Source(), "中村 亮") == "run3_中村_亮.xlsx"  # type: ignore[arg-type]
    assert copy_file_name(Source(), "中村\u3000 亮") == "run3_中村_亮.xlsx"  # type: ignore[arg-type]
    assert copy_file_name(Source(), "a/b") == "run3_a_b.xlsx"  # type: ignore[arg-type]
    assert copy_file_name(Source(), None) == "run3_team.xlsx"  # type: ignore[arg-type]


def test_a_team_that_never_grew_is_not_quoted_a_strong_year(books: tuple[Path, Path]) -> None:
    """Finding 6: the record held at the baseline read 「好調な年並みの伸び(年 −1.5%)で届くのは
    …(基準比 +0.0%)」. Every month alike here: the team never grew, so it says so."""
    plain, _ = books
    assert _rows(plain, "Dashboard")[2][0] == (
        "実現可能: チームの売上は好調な年でも前年を上回っていませんが(前年比 年 +0.0%)、"
        "KGI は基準 ¥12,000 以下です"
    )
    value, note = _plan_note(_rows(plain, "Plan"), "チームの好調な年並みの伸びで届くKGI")
    assert value == 12_000
    assert note.replace(" ", "") == (
        "基準比+0.0%:チーム売上の前年比(12か月ごと)は90パーセンタイルでも+0.0%/年で、"
        "前年を上回った年がないため、前年並み(基準)としました"
    )
