"""Trial 20 (finding 3): a newcomer prospecting (商談 rows) without a sale in the baseline has
no share of the KGI. The Plan names him, an Overrides row for him is not used (said so on
Checks), and ``share --per-rep`` says why he gets no copy instead of skipping him silently.

The book is test_departed's (田中, 佐藤, 高橋 one account each; 伊藤 leaves in September
2026), plus 藤井, who from February 2026 holds a 商談 with a prospect on the 15th of each month
and sells nothing.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.test_departed import _rows, write_book
from tests.test_transfer import _paste

NEWCOMER = "藤井"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("unplanned") / "book.xlsm")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Visits"]
    rows = [list(row) for row in ws.iter_rows(min_row=2, values_only=True) if any(row)]
    for m in pd.date_range("2026-02-01", "2026-11-01", freq="MS"):
        rows.append([(m + pd.Timedelta(days=14)).date(), NEWCOMER, "見込み1", "商談", None])
    _paste(wb, "Visits", rows)
    # His revenue for the year typed on Overrides: no target row to put it in.
    _paste(wb, "Overrides", [["revenue", NEWCOMER, "FY2026", 1000]])
    wb.save(path)
    recalculate(path)
    return path


def test_plan_names_him_without_a_revenue_target(book: Path) -> None:
    plan = _rows(book, "Plan")
    at = [i for i, r in enumerate(plan) if r[0] == NEWCOMER]
    assert len(at) == 1 and plan[at[0]][1] in (None, "")
    note = str(plan[at[0]][2])
    assert note.startswith("売上目標なし")
    # His pipeline targets (core.meetings.with_prospects): his colleagues log no meeting or
    # attempt, so his own: 2 meetings in February – March 2026, 1 a month, × 12 months.
    # No attempts anywhere: no attempts target; no win rate: no new-accounts target.
    said = "".join(str(r[2] or "") for r in plan[at[0] : at[0] + 6]).replace(" ", "")
    assert "商談12件・アポ打診—件" in said or "商談12件" in said
    assert "本人の基準期間の1か月あたりの件数(商談1.0件" in said
    assert "新規獲得の目標はありません" in said


def test_targets_give_him_his_meetings_only(book: Path) -> None:
    targets = _rows(book, "Targets")
    mine = [r for r in targets if r[1] == NEWCOMER]
    assert {r[2] for r in mine} == {"meetings"}
    year = [r for r in mine if r[0] == "FY2026"]
    assert len(year) == 1 and year[0][5] == 12  # target: 1 a month × 12
    months = [r[5] for r in mine if r[0] != "FY2026"]
    assert months == [1] * 12
    # The team's meetings are its reps' sum (his 12; the others log none); its revenue is
    # still the KGI (12 × 1,500), with no revenue row of his.
    team = [r for r in targets if r[1] == "ALL" and r[2] == "meetings" and r[0] == "FY2026"]
    assert team and team[0][5] == 12


def test_share_gives_him_a_copy_of_his_pipeline(book: Path, tmp_path: Path) -> None:
    report = share(book, tmp_path / "out", per_rep=True)
    assert NEWCOMER in {f.rep for f in report.files}
    line = text("share.unplanned_no_copy", "ja", reps=NEWCOMER)
    assert line not in report.problems


def test_checks_say_his_override_is_not_used(book: Path) -> None:
    checks = [str(c) for r in _rows(book, "Checks") for c in r if c]
    # The true reason: he has targets (meetings), but no revenue target (no sales in the
    # baseline) — not "no visit history" (trial 24 H6: the old sentence said that for any row).
    said = text("override_rep_kpi_unplanned", "ja", kpi="revenue", rep=NEWCOMER, period="FY2026")
    assert "訪問履歴" not in said
    # Wrapped over printed lines: its first line names him.
    assert [c for c in checks if NEWCOMER in c and said.startswith(c)]
