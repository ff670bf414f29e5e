"""Trial 48 L8: the team's price-list flag said 「取引単価の低下」 beside a +3.0% year on year,
and named no month for the revision it found (water +4% from 2026-01); nothing on the Plan or
the Checks said it. The flag now says the move the way it went, the month that carries it
(core.price_index.main_move) and what to type on Settings, and the Plan and Checks say it
when the plan does not carry it."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import openpyxl
import pandas as pd
import pytest

from routekpi.core.engine import Result
from routekpi.core.flags import list_move_words
from routekpi.core.history import History
from routekpi.core.measure import TEAM
from routekpi.core.price_index import main_move
from routekpi.render import flag_message, revision_found_note
from routekpi.schema import PLAN
from tests.test_flags40 import _book as _flags40_book
from tests.test_flags40 import _flags as _flags40_flags
from tests.workbook_files import checks_sheet, sheet_text

FIRST = pd.Period("2025-07", freq="M")  # product codes only from the new ERP's first month
MONTHS = [FIRST + i for i in range(17)]  # 2025-07 … 2026-11
STEP = pd.Period("2026-01", freq="M")
NOW = [pd.Period(f"2026-{k:02d}", freq="M") for k in (9, 10, 11)]
THEN = [m - 12 for m in NOW]
SPAN = [THEN[0] + i for i in range(NOW[-1].ordinal - THEN[0].ordinal + 1)]


def _table(price_of: object) -> pd.DataFrame:
    """Four products at ¥100 selling ¥250 a month each (three waters and one other):
    ``price_of(product, month)`` their price."""
    rows = []
    for j in range(4):
        for m in MONTHS:
            price = price_of(j, m)  # type: ignore[operator]
            rows.append((f"P{j}", m, price, 250.0 * price / 100.0, 5))
    return pd.DataFrame(rows, columns=["product", "month", "price", "revenue", "lines"])


def _water(j: int, m: pd.Period) -> float:
    """The three waters (75% of the revenue) +4% from 2026-01, the other product flat."""
    return 104.0 if j < 3 and m >= STEP else 100.0


def _ev(revision: tuple[str, float] | None = None) -> object:
    return SimpleNamespace(settings=SimpleNamespace(price_revision=revision), lever_evidence=None)


def test_the_month_carrying_a_water_rise_is_named_with_its_size() -> None:
    """+4% on 75% of the revenue: 0.75 × 1.04 + 0.25 × 1.00 = 1.030 in 2026-01, with six
    months of product prices before it (2025-07 … 2025-12)."""
    move = main_move(_table(_water), SPAN, math.log(1.03))
    assert move is not None
    assert move.month == STEP
    assert math.expm1(move.size) == pytest.approx(0.03)
    assert move.before == 6


def test_a_drift_of_one_percent_a_month_has_no_month() -> None:
    """Every product +1% in each of 2026-01, -02, -03 (+3.0% in all): no month carries half
    of it and none reaches 2%."""

    def drift(j: int, m: pd.Period) -> float:
        k = min(max(m.ordinal - STEP.ordinal + 1, 0), 3)
        return 100.0 * 1.01**k

    assert main_move(_table(drift), SPAN, 3 * math.log(1.01)) is None


def test_the_flag_words_and_whether_the_plan_carries_it() -> None:
    history = cast(History, SimpleNamespace(product_months=_table(_water)))
    said = list_move_words(history, _ev(), NOW, THEN, 0.03)  # type: ignore[arg-type]
    assert said["list_month"] == "2026-01"
    assert said["list_step"] == pytest.approx(0.03)
    assert said["list_before"] == 6
    assert said["list_carried"] is False
    typed = list_move_words(history, _ev(("2026-01", 0.03)), NOW, THEN, 0.03)  # type: ignore[arg-type]
    assert typed["list_carried"] is True
    other = list_move_words(history, _ev(("2026-04", 0.03)), NOW, THEN, 0.03)  # type: ignore[arg-type]
    assert other["list_carried"] is False


def _team_flag(yoy: float, **extra: object) -> dict[str, object]:
    params = {"streak": False, "yoy": yoy, "price": 3421.0, "price_list": 0.026}
    params["yoy_net"] = (1 + yoy) / 1.026 - 1
    params.update(extra)
    return {
        "severity": "info",
        "code": "unit_price_declining",
        "kpi": "unit_price",
        "rep": TEAM,
        "period": "2026-11",
        "account": "",
        "params": params,
    }


MONTH = {"list_month": "2026-01", "list_step": 0.025, "list_before": 6, "list_carried": False}


def test_a_rise_reads_as_a_rise_with_the_month_to_type() -> None:
    """+3.0% on a year ago, the list +2.6%: 1.030 ÷ 1.026 − 1 = +0.4% without it."""
    msg, action = flag_message(_team_flag(0.030, **MONTH), "ja")
    assert msg.startswith("取引単価の上昇(直近3か月 ¥3,421、前年同期比 +3.0%)")
    assert "低下" not in msg
    assert "除くと +0.4%" in msg
    assert "改定の月は 2026-01(同じ商品どうしの価格 +2.5%)" in msg
    assert "PriceRevisionMonth「2026-01」" in action and "PriceRevisionPct「2.5」" in action
    en, _ = flag_message(_team_flag(0.030, **MONTH), "en")
    assert en.startswith("unit price up") and "took effect in 2026-01" in en


def test_a_fall_still_reads_as_a_fall_and_a_carried_one_says_so() -> None:
    msg, action = flag_message(_team_flag(-0.030, **{**MONTH, "list_carried": True}), "ja")
    assert msg.startswith("取引単価の低下(")
    assert "織り込んでいます" in action and "2026-01" in action
    plain, plain_action = flag_message(_team_flag(-0.030), "ja")
    assert "改定の月" not in plain and "PriceRevisionMonth / PriceRevisionPct" in plain_action


def _result(*flags: dict[str, object]) -> Result:
    return cast(Result, SimpleNamespace(flags=pd.DataFrame(list(flags))))


def test_the_plan_and_checks_line_when_the_plan_does_not_carry_it() -> None:
    note = revision_found_note(_result(_team_flag(0.030, **MONTH)))
    assert note is not None and note.code == "price_list_found_short"
    assert note.params["month"] == "2026-01" and note.params["pct"] == "2.5"
    assert note.params["before"] == 6 and note.params["need"] == 12
    long = revision_found_note(_result(_team_flag(0.030, **{**MONTH, "list_before": 14})))
    assert long is not None and long.code == "price_list_found"
    carried = _team_flag(0.030, **{**MONTH, "list_carried": True})
    assert revision_found_note(_result(carried)) is None
    assert revision_found_note(_result(_team_flag(0.030))) is None


def test_plan_and_checks_name_the_month_in_a_recalculated_book(tmp_path: Path) -> None:
    """tests/test_flags40's book: every product −5% (×0.95) from 2026-04, three years of
    product prices before it (2023-04 … 2026-03: 36 months), the plan year 2026 planned
    without it. The Plan and the Checks name 2026-04, −5.0% and what to type; the flag too."""
    book = _flags40_book(tmp_path / "list.xlsm", "list")
    plan = sheet_text(openpyxl.load_workbook(book, read_only=True, data_only=True), PLAN)
    # At the Settings cell it asks to fill, an info row.
    [row] = [r for r in checks_sheet(book, "Settings") if "2026-04 に全社で" in str(r[4])]
    assert row[2] == "PriceRevisionMonth" and row[5] == "情報"
    line = "価格改定: 同じ商品どうしの価格が 2026-04 に全社で -5.0% 動きました"
    typed = "PriceRevisionMonth に 2026-04、PriceRevisionPct に -5.0 と入力してください"
    for said in (plan, str(row[4])):  # a long line wraps onto rows at a space: without them
        assert line.replace(" ", "") in said.replace(" ", "")
        assert typed.replace(" ", "") in said.replace(" ", "")
        assert "か月分しかなく" not in said
    [team] = [f for f in _flags40_flags(book) if f[0] == "unit_price_declining"]
    assert team[2].startswith("取引単価の低下(") and "改定の月は 2026-04" in team[2]
