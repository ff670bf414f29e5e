"""A running year landing on a KGI past every ceiling is not called infeasible, and the
Dashboard's row under the ceiling says what is left to sell (trial 41 M2, the brief's points
3 and 4).

The book of ``test_landing_beyond41`` (three reps, five accounts each, ¥10,000 a slip from
2025: ¥1,800,000 a year, 11 months booked on 2026-11-30, ¥1,650,000 to date, a landing of
¥1,800,000). Its reps' ceilings together reach ¥2,000,000, so a KGI of ¥2,060,000 is past
every ceiling (not feasible); the landing is ¥1,800,000 ÷ ¥2,060,000 = 87.4% of it.

- **PaceWarn 85%, the running year**: 87.4% ≥ 85%, the landing answers: no
  ``kgi_infeasible`` flag, no 「実現不可能」 in the status or as the Plan's verdict (it is kept
  as the judgement before the year), and the Dashboard's row reads 「KGIまで残り(あと1か月)」
  ¥2,060,000 − ¥1,650,000 = ¥410,000, not 「不足額」 to the ceiling; the Plan's 不足額 (the
  capped targets' gap) says that it is the targets', the year judged on its landing.
- **PaceWarn 90%**: 87.4% < 90%, the record's verdict stands: the flag, 「不足額」 (the KGI
  less the ceiling row above it).
- **PlanYear 2027** (before the year): the record is all there is, as before.
- **The beyond-record KGI** (¥1,926,000, reachable; 93.5% landing at PaceWarn 90%): the row
  reads 「KGIまで残り」 ¥276,000 in the running year and 「好調な年との差」 before it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.test_landing_beyond41 import YEAR, _book, _cells, _codes

ACTUAL = 11 * 15 * 10_000  # ¥1,650,000 booked to 2026-11-30


def _plan_block(path: Path) -> dict[str, object]:
    """The Dashboard's plan block (A6:B12): label → value."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb["Dashboard"] if "Dashboard" in wb.sheetnames else wb["ダッシュボード"]
    rows = ws.iter_rows(min_row=6, max_row=12, max_col=2, values_only=True)
    return {str(label): value for label, value in rows if label}


@pytest.mark.parametrize(
    ("plan_year", "pace_warn", "landing"),
    [
        (2026, 0.85, True),  # 87.4% ≥ 85%: the landing answers
        (2026, 0.9, False),  # 87.4% < 90%: the record's verdict stands
        (2027, 0.85, False),  # before the year: the record's verdict, as before
    ],
)
def test_a_year_landing_on_a_kgi_past_every_ceiling_is_not_infeasible(
    tmp_path: Path, plan_year: int, pace_warn: float, landing: bool
) -> None:
    kgi = 2_060_000
    book = _book(tmp_path / "book.xlsm", kgi, plan_year, pace_warn)
    codes = _codes(book)
    assert ("kgi_infeasible" in codes) is not landing, codes
    block = _plan_block(book)
    dashboard, plan = _cells(book, "Dashboard"), _cells(book, "Plan")
    status = next(line for line in dashboard.splitlines() if "チェック" in line and "件" in line)
    verdict = next(line for line in plan.splitlines() if line.startswith("実現可能性"))
    if landing:
        assert "今年度は KGI の 87.4% に着地する見込み" in status, status
        assert "実現不可能" not in status
        assert verdict.startswith("実現可能性 | 着地 KGI の87.4%"), verdict
        # The record's verdict kept as the judgement before the year.
        assert "年度開始前の実績からの判定は「実現不可能」" in plan.replace("\n", "")
        assert block["KGIまで残り(あと1か月)"] == kgi - ACTUAL
        assert "不足額" not in block
        # The Plan's 不足額 is the capped targets' gap, said so beside the landing's verdict.
        gap = next(line for line in plan.splitlines() if line.startswith("不足額"))
        assert "目標の合計(上限で頭打ち)とKGIの差です" in gap, gap
    else:
        assert "実現不可能" in status, status
        assert "着地する見込み" not in status
        assert "実現不可能" in verdict
        ceiling = next(v for label, v in block.items() if label.startswith("上限"))
        assert float(block["不足額"]) == pytest.approx(kgi - float(ceiling), abs=1)  # type: ignore[arg-type]
        assert float(block["不足額"]) > 0  # type: ignore[arg-type]
        assert not any(label.startswith("KGIまで残り") for label in block)
        gap = next(line for line in plan.splitlines() if line.startswith("不足額"))
        assert "上限で頭打ち" not in gap, gap


@pytest.mark.parametrize(("plan_year", "running"), [(2026, True), (2027, False)])
def test_the_strong_year_row_says_what_is_left_in_a_landing_year(
    tmp_path: Path, plan_year: int, running: bool
) -> None:
    kgi = YEAR * 1.07  # ¥1,926,000: reachable, beyond the record; lands at 93.5%
    block = _plan_block(_book(tmp_path / "book.xlsm", kgi, plan_year, 0.9))
    if running:
        assert block["KGIまで残り(あと1か月)"] == pytest.approx(kgi - ACTUAL)  # ¥276,000
        assert "好調な年との差" not in block
    else:
        assert "好調な年との差" in block
        assert not any(label.startswith("KGIまで残り") for label in block)


@pytest.mark.parametrize(("pace_warn", "landing"), [(0.85, True), (0.9, False)])
def test_the_team_copys_cover_says_the_landing_as_the_master_does(
    tmp_path: Path, pace_warn: float, landing: bool
) -> None:
    """Review 42: the team copy's cover said 「実現不可能(全レバーが根拠上限)」 while the
    master's status line said the year lands at 87.4% (the cover checked "stretch" itself;
    core.stretch.running_landing is now the one gate)."""
    import io

    from routekpi.share.copies import build_copy, load_source

    book = _book(tmp_path / "book.xlsm", 2_060_000, 2026, pace_warn)
    data, _ = build_copy(load_source(book))
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cover = "\n".join(
        " | ".join(str(v) for v in row if v is not None)
        for row in wb.worksheets[0].iter_rows(values_only=True)
    )
    if landing:
        assert "今年度は KGI の 87.4% に着地する見込み" in cover, cover
        assert "実現不可能" not in cover, cover
    else:
        assert "実現不可能" in cover, cover
        assert "着地する見込み" not in cover, cover
