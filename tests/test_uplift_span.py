"""A plan year further than a year from its baseline: 必要な伸び率 and the verdict's pace a
year are both said, with what each spans (trial 53 verify: the FY2028 first look showed
必要な伸び率 −1.2% and 「KGI は基準から年 −0.7% のペース」 — 19 months — unexplained).

test_shrinking_record's team shrinking 5% a year (three reps, five accounts each, one order a
month on the 10th of ¥1,000 × 0.95^(k/12), month k since April 2022), here exported to
September 2025 (42 months) and planning FY2026 (April 2026 – March 2027) as of 2025-09-30:
the baseline is the trailing 12 months 2024-10 … 2025-09 (k = 30 … 41), carried 6 months to
the plan year, so the plan year ends 18 months after the baseline. KGI = baseline × 0.98:
必要な伸び率 −2.0%, a year 0.98^(12/18) = 0.98662 → −1.3%; the strong-year line the
baseline × 0.95^(18/12) = × 0.92596 (−7.4%); the best 12 months −5.0%.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.engine import Result, run
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.render import plan_rows
from routekpi.render_dashboard import BANNER_ROW, dashboard_rows
from routekpi.share.copies import cell_value
from tests.history_helpers import OrderLine, rep_accounts
from tests.test_price_step import FIRST, REPS

BASE = 15 * sum(1000.0 * 0.95 ** (k / 12) for k in range(30, 42))


def _result(months: int, as_of: date) -> Result:
    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        k = (month - FIRST).n
        return [(month.start_time + pd.Timedelta(days=9), 1000.0 * 0.95 ** (k / 12), 1)]

    history = rep_accounts(REPS, FIRST, months, line)
    base = 15 * sum(1000.0 * 0.95 ** (k / 12) for k in range(months - 12, months))
    return run(history, PlanSettings(kgi=round(base * 0.98), plan_year=2026, as_of=as_of))


def _row(result: Result, label_key: str, language: str = "ja") -> list[str]:
    rows = plan_rows(result, language)
    at = next(i for i, r in enumerate(rows) if r[0] == text(label_key, language))
    # The row and its wrapped continuation lines (blank label).
    said = [str(cell_value(c)) for c in rows[at]]
    for r in rows[at + 1 :]:
        if str(cell_value(r[0])):
            break
        said[2] += ("" if language == "ja" else " ") + str(cell_value(r[2]))
    return said


def test_eighteen_months_say_the_change_and_its_pace_a_year() -> None:
    result = _result(42, date(2025, 9, 30))
    ev, plan = result.evidence, result.plan
    assert (str(ev.baseline_months[0]), str(ev.baseline_months[-1]), ev.gap_months) == (
        "2024-10",
        "2025-09",
        6,
    )
    assert float(ev.base.at[TEAM, "revenue"]) == pytest.approx(BASE, rel=1e-9)
    assert plan.record_kgi == pytest.approx(BASE * 0.95**1.5, rel=1e-9)
    uplift = _row(result, "plan.uplift")
    assert float(uplift[1]) == pytest.approx(round(BASE * 0.98) / BASE - 1, abs=1e-12)
    assert uplift[2] == (
        "基準の12か月(2024-10 – 2025-09)から18か月後の計画年度(2026-04 – 2027-03)までの"
        "変化です。年あたり -1.3% のペース(好調な年・最良の12か月と比べるのはこちら)"
    )
    verdict = _row(result, "plan.feasible")[2]
    both = "KGI は基準比 -2.0%(基準の12か月から18か月後の計画年度まで。年あたり -1.3% のペース)"
    assert verdict.startswith(both + "で、過去のどの12か月(最良 -5.0%)よりも良い水準です")
    assert "年 -1.3% のペースで" not in verdict  # not the pace alone
    banner = str(cell_value(dashboard_rows(result, "ja")[BANNER_ROW - 1][0]))
    assert both in banner
    english = _row(result, "plan.uplift", "en")[2]
    assert english.startswith("the change from the baseline's 12 months (2024-10 – 2025-09)")
    assert "18 months on (2026-04 – 2027-03): -1.3% a year" in english


def test_a_plan_year_right_after_its_baseline_says_nothing_more() -> None:
    """Exported to March 2026 (48 months), FY2026 follows its baseline FY2025: no words
    beside 必要な伸び率, and the verdict's pace is the year's change itself (−2.0%)."""
    result = _result(48, date(2026, 3, 31))
    assert result.evidence.gap_months == 0
    assert _row(result, "plan.uplift")[2] == ""
    verdict = _row(result, "plan.feasible")[2]
    assert verdict.startswith("KGI の前年比 -2.0% は、過去のどの12か月(最良 -5.0%)")
