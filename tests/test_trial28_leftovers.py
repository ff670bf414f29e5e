"""Trial 28's leftovers, each read back from a real workbook or the command's own output.

- recalc's console feasibility line agrees with the Plan for a blank plan year nearly over
  (要注意 with the months left), and stays plain for a typed year;
- the Dashboard's KPI table heads its attainment 達成率(経過分比) / Attainment to date, as the
  Attainment sheet's column (the value is actual ÷ target to date);
- the Daily's closed months count no year before an account's first order: a customer won
  in the month after the two years' first month did not look closed in that month;
- ``routekpi repair`` says what it updated (the charts only: not 「印刷設定…: —」).
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.compact import compact_history
from routekpi.core.daily import closed_months, orders_as_contacts
from routekpi.core.flags import account_status
from routekpi.core.history import History
from tests.history_helpers import hand_sample
from tests.test_daily_orders import _accounts, _orders, _weekly_in
from tests.test_daily_trial import _write_book
from tests.workbook_files import named_copy

BASE = Path(__file__).parent / "corpus" / "base.xlsm"


def test_the_console_says_caution_for_a_blank_plan_year_nearly_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """August start, PlanYear blank, history to 2026-06-30: FY2025 (2025-08 … 2026-07) with
    11 months over and about 1 left. The Plan's status reads 「実現可能(…) / 要注意: 年度の
    残り約1か月(計画年度が空欄)」; the console said a plain 「実現可能(到達可能な最大KGI …)」."""
    book = named_copy(BASE, tmp_path / "book.xlsm", PlanYear=None, FiscalStartMonth=8)
    assert main(["recalc", str(book)]) == 0
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(out) if "実現可能" in line)
    assert out[at].startswith("  実現可能(到達可能な最大KGI ¥")
    assert out[at].endswith(") / 要注意: 年度の残り約1か月(計画年度が空欄)")
    assert out[at + 1] == (
        "  (実現可能性は年度全体(12か月)での判定です。基準日 2026-06-30 でこの年度は12か月の"
        "うち11か月が過ぎ、残りは約1か月: KGI に届くかは計画シートの着地見込みで確かめて"
        "ください。来年度 FY2026 を計画するなら、設定「計画年度」に 2026 を入力してください)"
    )
    # The Plan written beside it says the same caution.
    plan = [list(r) for r in openpyxl.load_workbook(book)["Plan"].iter_rows(values_only=True)]
    [status] = [r[2] for r in plan if r[0] == "最終計算"]
    assert status.endswith(" / 要注意: 年度の残り約1か月(計画年度が空欄)")
    # The same book with its year typed (FY2026, Apr start, 3 months in): the year lands
    # short of the reachable KGI, so the line says the landing with the verdict before the
    # year (the KGI reachable, no year-on-year record yet), as the status does (trial 53 M3).
    shutil.copy(BASE, book)
    assert main(["recalc", str(book)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[3].startswith("  今年度は KGI の ") and out[3].endswith(
        "年度開始前の実績からの判定は「到達可能(前年比の実績なし: 上限は月次の水準から)」でした"
    )
    assert not any("要注意" in line for line in out)


@pytest.mark.parametrize(
    ("language", "want"), [("ja", "達成率(経過分比)"), ("en", "Attainment to date")]
)
def test_the_dashboard_kpi_table_heads_its_attainment_to_date(
    tmp_path: Path, language: str, want: str
) -> None:
    """The corpus book (FY2026 from April, as of 2026-06-30) recalculated: the KPI table's
    header row reads 累計実績 | 目標(経過分) | 達成率(経過分比); revenue's attainment is its
    actual ÷ its target to date (the cells beside it), and the column is wide enough for the
    header on one line (bold: 1.15 per unit, as io.dashboard_template measures)."""
    from routekpi.contract import display_width
    from routekpi.io.dashboard_layout import BLOCK_TOP, KPI_COL

    book = named_copy(BASE, tmp_path / "book.xlsm", Language=language)
    assert main(["recalc", str(book), "--quiet"]) == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["Dashboard"]
    heads = [ws.cell(BLOCK_TOP, KPI_COL + j).value for j in range(6)]
    due = {"ja": "目標(経過分)", "en": "Due to date"}[language]
    assert heads[2:4] == [due, want]
    revenue = [ws.cell(BLOCK_TOP + 1, KPI_COL + j).value for j in range(4)]
    assert revenue[3] == pytest.approx(revenue[1] / revenue[2], rel=1e-9)
    # The Attainment sheet's column says the same basis.
    att = next(wb["Attainment"].iter_rows(max_row=1, values_only=True))
    assert {"ja": "達成率(経過分比)", "en": "Attainment to date"}[language] in att
    from routekpi.schema import OUTPUT_COLUMNS

    width = OUTPUT_COLUMNS["Dashboard"][KPI_COL + 3 - 1].width
    assert display_width(want) * 1.15 + 1 <= width


# Rep A, as of Sat 2026-10-31: the two years read 2024-11-01 … 2026-10-31; November 2024 is
# read with December 2024 only (October 2024 is before the two years).
AS_OF = date(2026, 10, 31)
NOVEMBER = int(pd.Period("2026-11", freq="M").ordinal)
NOT_NOVEMBER = tuple(m for m in range(1, 13) if m != 11)
LIST_DAYS = [date(2026, 11, 2) + timedelta(days=k) for k in range(5)]


def _history(rep: str = "A") -> History:
    """SHUT: every Friday since 2024-01 except in Novembers (both Novembers closed: closed
    in November 2026). NEW: won in December 2024 (first order Fri 12-06), every Friday since
    except in November 2025: one November as a customer, not two; November 2024 was before
    its first order and counted as a closed year (2 of 2 → closed in November 2026)."""
    days = {
        "SHUT": _weekly_in(NOT_NOVEMBER, date(2024, 1, 5), AS_OF),
        "NEW": _weekly_in(NOT_NOVEMBER, date(2024, 12, 6), AS_OF),
        "REG": _weekly_in(tuple(range(1, 13)), date(2024, 1, 5), AS_OF),
    }
    return orders_as_contacts(
        History(orders=_orders(days, rep), accounts=_accounts(list(days), rep))
    )


def test_no_closed_year_before_the_accounts_first_order() -> None:
    history = _history()
    status = account_status(history, AS_OF)
    want = {"SHUT": frozenset({NOVEMBER})}
    assert closed_months(history, status, LIST_DAYS, AS_OF) == want
    # From the compact history (its lifetimes' first orders): the same.
    assert closed_months(compact_history(history, AS_OF), status, LIST_DAYS, AS_OF) == want


def test_the_daily_lists_the_account_won_after_the_first_month(tmp_path: Path) -> None:
    """The same accounts in a workbook (AsOf 2026-10-31, a five-day list), recalculated: NEW
    (due Fri 11-06, every Friday, last on 10-30) is on the list, SHUT is not."""
    history = _history("Kato")
    sample = hand_sample(history.orders, history.accounts, history.visits)
    book = _write_book(tmp_path / "november.xlsm", sample, {"AsOf": AS_OF, "DailyDays": 5})
    assert main(["recalc", str(book), "--quiet"]) == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in wb["Daily"].iter_rows(values_only=True)]
    wb.close()
    codes = {str(v) for r in rows for v in r if v in ("SHUT", "NEW", "REG")}
    assert codes == {"NEW", "REG"}


def test_repair_of_a_recalculated_book_names_no_page_setup_or_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A recalculated book's page setup is the template's, and so are its charts once the
    run's own parts (title caches, the bridge's axis start) are set on the template's
    (repair45): repair names neither — the line lists only what it did bring back."""
    book = tmp_path / "book.xlsm"
    shutil.copy(BASE, book)
    assert main(["recalc", str(book), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["repair", str(book)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("修復しました: ")
    said = "\n".join(lines)
    assert "印刷設定" not in said and "ダッシュボードのグラフ" not in said
