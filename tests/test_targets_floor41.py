"""The Targets sheet's 根拠上限 of a lower-is-better KPI (trial 41 L2): blank, the evidence
bound said as a floor in the row's basis (the year's; a month's only where it has one).

Churn is lower-is-better: its evidence bound is the best (lowest) rate on record, a floor,
not a ceiling — trial 41's 0.0266 under 根拠上限 beside targets of 12–17% read as nonsense.
The book of ``test_landing_beyond41`` (three reps, five accounts each, none ever closed):
every rep's churn is 0, so the floor is 0.0%; retention (higher is better) keeps its
ceiling, 100%, in the column.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_landing_beyond41 import YEAR, _book
from tests.workbook_files import targets_by_key

CEILING, BASIS = 6, 9  # 根拠上限 and 根拠, 0-based


def test_a_lower_is_better_kpi_has_a_floor_in_words_not_a_ceiling(tmp_path: Path) -> None:
    rows = targets_by_key(_book(tmp_path / "book.xlsm", YEAR * 1.07, 2027))
    churn = [row for key, row in rows.items() if key[2] == "churn_rate"]
    assert len(churn) == 4 * 13  # ALL and A, B, C: the year and its 12 months
    for row in churn:
        assert row[CEILING] is None, row
        # Said where the row has a basis (the year's always): a blank month stays blank.
        if row[BASIS] or str(row[0]).startswith("FY"):
            assert str(row[BASIS]).endswith(
                "。低いほど良いKPIのため根拠上限はありません。根拠の下限(最良)は 0.0%"
            ), row
    # Higher is better: the ceiling stays in its column, no floor words.
    for rep in ("ALL", "A", "B", "C"):
        retention = rows[("FY2027", rep, "retention_rate")]
        assert retention[CEILING] == 1.0, retention
        assert "根拠の下限" not in str(retention[BASIS])
