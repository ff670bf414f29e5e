"""A rep is named best on a count compared by attainment only on a base large enough to mean
something (core.review ``MIN_BEST_BASE``: a target of 3 or more over the period), and the
Review shows the count and the target beside the percentage (a new-user trial: 「新規顧客数
のベスト 達成率 1200%」 was 12 won against 1 planned). Frames by hand."""

from __future__ import annotations

import math

import pandas as pd

from routekpi.core.review import MIN_BEST_BASE, REVIEW_COLUMNS, best_performers
from routekpi.io.sheetxml import Cell
from routekpi.render import _counted_best


def _frame(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    full = [
        {c: None for c in REVIEW_COLUMNS}
        | {
            "rep": rep,
            "kpi": kpi,
            "target_ytd": target,
            "actual_ytd": actual,
            "attainment": actual / target if target else math.nan,
            "best_rep": "",
            "best_value": math.nan,
            "detail": {},
        }
        for rep, kpi, target, actual in rows
    ]
    return pd.DataFrame(full, columns=list(REVIEW_COLUMNS))


def test_a_tiny_base_names_no_one_and_the_count_is_shown() -> None:
    out = _frame(
        [
            # 新規: A 12 of 1 (1200%, too small a base), B 6 of 5 (120%), C 3 of 4 (75%).
            ("A", "new_accounts", 1.0, 12.0),
            ("B", "new_accounts", 5.0, 6.0),
            ("C", "new_accounts", 4.0, 3.0),
            # 商談: every target under 3 (a month's): no one is the best.
            ("A", "meetings", 2.0, 6.0),
            ("B", "meetings", 2.5, 3.0),
        ]
    )
    assert MIN_BEST_BASE == 3.0
    best_performers(out, ["A", "B", "C"])
    new = out[out["kpi"] == "new_accounts"]
    assert new["best_rep"].tolist() == ["B", "B", "B"]
    assert new["best_value"].tolist() == [1.2, 1.2, 1.2]
    assert new["detail"].tolist() == [{"best_count": 6.0, "best_base": 5.0}] * 3
    meetings = out[out["kpi"] == "meetings"]
    assert meetings["best_rep"].tolist() == ["", ""]
    assert meetings["best_value"].isna().all()

    # The Review's best value: the percentage and what it stands on.
    rows = [[Cell("達成率 120.0%", "rk_text")] for _ in range(len(out))]
    shown = _counted_best(rows, out, 0, "ja")
    assert [r[0].value for r in shown[:3]] == ["達成率 120.0%(6/目標5)"] * 3
    assert shown[3] is rows[3]  # no best, nothing said
    en = _counted_best(rows, out, 0, "en")
    assert en[0][0].value == "120.0% of target (6/5)"


def test_a_base_of_exactly_the_threshold_counts() -> None:
    out = _frame([("A", "new_accounts", 3.0, 6.0), ("B", "new_accounts", 10.0, 11.0)])
    best_performers(out, ["A", "B"])
    assert out["best_rep"].tolist() == ["A", "A"]  # 200% on 3 planned beats 110% on 10
    assert out["detail"].iloc[0] == {"best_count": 6.0, "best_base": 3.0}
