"""The Dashboard's banner wraps inside its merged row, the row as tall as its lines (trial
41 L1: book27's red line ran off the printed A4 page at 「…単価の段差(20」).

The book of ``test_landing_beyond41``, written and read back after a recalculation:

- **PlanYear 2027, KGI ¥1,926,000** (beyond the record, before the year): the banner says
  how far past the strong-year line the KGI is and the price step it leaves out, 2 lines at
  the merged row's printed width (A..L, 248.7 column units, ×0.96 / 1.3 for its 13 pt bold):
  row 3 is 2 × 18.75 pt × 13/11 = 44.3 pt, rounded up to a quarter point, 44.5.
- **PlanYear 2026, KGI ¥1,800,000** (the year landing on it): one short line, no height set.

An older book (made before the wrapping style) gets the style from the template at its
recalculation, as every named style (``recalc._has_styles``): the book here is made from
today's template, so the trial-41 rerun (scripts/trial41) is where that path was looked at.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi.contract import display_width
from routekpi.io.dashboard_layout import note_room
from routekpi.render_dashboard import BANNER_WIDTH_RATIO, NOTE_FILL, banner_lines
from tests.test_landing_beyond41 import YEAR, _book


def _banner(path: Path) -> tuple[str, bool, float | None]:
    """Row 3's text, whether it wraps, and the row's height (None: not set)."""
    ws = openpyxl.load_workbook(path)["Dashboard"]
    cell = ws["A3"]
    dim = ws.row_dimensions[3]
    return str(cell.value), bool(cell.alignment.wrap_text), dim.height if dim.customHeight else None


@pytest.mark.parametrize(
    ("kgi", "plan_year", "height"), [(YEAR * 1.07, 2027, 44.5), (YEAR, 2026, None)]
)
def test_the_banner_wraps_within_the_page(
    tmp_path: Path, kgi: float, plan_year: int, height: float | None
) -> None:
    banner, wraps, tall = _banner(_book(tmp_path / "book.xlsm", kgi, plan_year))
    assert wraps
    assert tall == height, (banner, tall)
    lines = banner_lines(banner)
    assert len(lines) == (2 if height else 1), lines
    assert "".join(lines).replace(" ", "") == banner.replace(" ", "")  # nothing lost
    room = note_room(1) * NOTE_FILL / BANNER_WIDTH_RATIO
    assert all(display_width(line) <= room for line in lines), lines
    if height:
        assert "単価の段差(2025-01 +4.3%)を除いたチームの実績です" in banner
