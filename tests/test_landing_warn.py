"""A rep on pace to date whose year will land short is warned (core.landing_warn; trial 47).

Trial 47's 鈴木 一郎: pace 91.2% (above the 90% PaceWarn: October – November are light months
in his target), landing ¥476,217,303 of ¥548,534,934 (86.8%): no warning before. By hand:
a rep at pace 0.912 landing at 0.868 is warned, one at 0.91 landing at 0.889 too (2.1 points
under his pace); one at 0.95 landing at 0.90 (on the line) is not, nor one at 0.91 landing at
0.899 (1.1 points under: ``LANDING_GAP`` 2); one behind on pace (0.85) has the
``behind_pace`` flag instead; visits are not read.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.landing_warn import MIN_MONTHS, landing_flags
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.render import flag_message

FY = "FY2026"


def _rows() -> pd.DataFrame:
    # rep, kpi, actual, target, pace, forecast
    data = [
        ("鈴木 一郎", "revenue", 86_279_298.0, 548_534_934.0, 0.912, 476_217_303.0),
        ("中島 亮", "revenue", 83_683_818.0, 445_438_639.0, 1.033, 462_840_030.0),
        ("井上 真央", "revenue", 40_000_000.0, 100_000_000.0, 0.95, 90_000_000.0),  # on the line
        ("佐藤 健", "revenue", 40_000_000.0, 100_000_000.0, 0.91, 89_900_000.0),  # 1.1 pt under
        ("山田 健", "revenue", 40_000_000.0, 100_000_000.0, 0.91, 88_900_000.0),  # 2.1 pt under
        ("石川 さくら", "revenue", 30_000_000.0, 100_000_000.0, 0.85, 80_000_000.0),  # pace flag
        ("鈴木 一郎", "visits", 300.0, 2_000.0, 0.95, 1_700.0),  # visits: not read
    ]
    return pd.DataFrame(
        [
            {"period": FY, "rep": r, "kpi": k, "actual": a, "target": t, "pace": p, "forecast": f}
            for r, k, a, t, p, f in data
        ]
    )


def test_the_rule_by_hand() -> None:
    suzuki, yamada = landing_flags(_rows(), 2026, 0.9, months_in=2)
    assert yamada["rep"] == "山田 健"  # 0.889 under 0.90 and 2.1 points under its pace
    flag = suzuki
    assert flag["code"] == "behind_landing" and flag["severity"] == "warn"
    assert flag["rep"] == "鈴木 一郎" and flag["kpi"] == "revenue" and flag["period"] == FY
    p = flag["params"]
    assert p["share"] == pytest.approx(476_217_303 / 548_534_934)  # type: ignore[index]
    assert round(p["share"], 3) == 0.868  # type: ignore[index]
    # Too early in the year: a landing on one month is mostly the forecast's own guess.
    assert MIN_MONTHS == 2
    assert landing_flags(_rows(), 2026, 0.9, months_in=1) == []
    # Another year's rows are not this plan's.
    assert landing_flags(_rows(), 2027, 0.9, months_in=6) == []


def test_the_words() -> None:
    flag = landing_flags(_rows(), 2026, 0.9, months_in=2)[0]
    msg, action = flag_message(pd.Series(flag), "ja")
    assert msg.startswith("売上の着地見込み ¥476,217,303 は年間目標 ¥548,534,934 の 86.8% です")
    assert "進捗率 91.2% は警告線 90% を上回っています" in msg
    assert action.startswith("残りの月の目標と着地見込みの差")
    en, _ = flag_message(pd.Series(flag), "en")
    assert en.startswith("Revenue is forecast to land at ¥476,217,303, 86.8% of")


def test_the_sample_book_is_warned_exactly_where_the_rule_says(tmp_path: Path) -> None:
    """Written and read back (the sample book, AsOf 10/31): every FY revenue row of the
    Attainment at pace ≥ PaceWarn (90%) landing under 90% of its target has the flag, and no
    other row (none on the sample: no noise)."""
    book = tmp_path / "s.xlsm"
    write_sample_workbook(book, "ja")
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    att = list(wb["Attainment"].iter_rows(values_only=True))
    due = {
        str(r[1])
        for r in att[1:]
        if r[0] and str(r[0]).startswith("FY") and r[2] == "revenue" and r[5]
        if float(r[7]) >= 0.9 and float(r[8]) / float(r[5]) < 0.9
    }
    flagged = {
        str(f[3]) for f in wb["Flags"].iter_rows(values_only=True) if f[1] == "behind_landing"
    }
    assert flagged == due
    assert flagged == set()
