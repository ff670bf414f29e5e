"""What trial 26 (a beverage wholesaler planning FY2027 in February 2027) read on the sheets,
checked on real written workbooks:

- L4: a flag is one row of the Flags sheet, its long message and action wrapping in their
  own cells and the row as tall as the lines (2 critical flags read as 8 rows, and a sort
  or a filter split a flag from its lines); its keys at the top of the row (rk_label).
- L6: the Plan's labels at the top of their rows, beside notes that start at the top.
- L5: the Daily's overdue days in calendar days, as the usual interval beside them.
- L2: the Dashboard's baseline revenue names its 12 months, as the Plan does.
- L3: the short-history note names the levers and the history that is short.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from routekpi.core.calendar import _national_holidays
from routekpi.recalc import recalculate
from routekpi.sample import SampleHistory, generate_sample
from routekpi.schema import OUTPUT_COLUMNS
from routekpi.share.copies import without_codes
from routekpi.wrapping import LINE_PT, wrap_text, wrapped_heights
from tests.test_daily_trial import _write_book

KEYS = [c.key for c in OUTPUT_COLUMNS["Flags"]]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory, sample_book_master: Path) -> Path:
    """The sample workbook recalculated once (the clock pinned by conftest)."""
    book = tmp_path_factory.mktemp("trial26") / "sample.xlsm"
    book.write_bytes(sample_book_master.read_bytes())
    recalculate(book, today=date(2026, 11, 2))
    return book


def test_a_flag_is_one_row_as_tall_as_its_lines(recalculated: Path) -> None:
    wb = openpyxl.load_workbook(recalculated)
    ws = wb["Flags"]
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    code, severity = KEYS.index("code"), KEYS.index("severity")
    message, action = KEYS.index("message"), KEYS.index("action")
    # No continuation rows: every row is a flag with its code and severity.
    assert rows and all(r[code] and r[severity] for r in rows)
    tall = 0
    for r, row in enumerate(rows, 2):
        lines = max(
            len(wrap_text(row[message] or "", 70)) or 1, len(wrap_text(row[action] or "", 60)) or 1
        )
        height = ws.row_dimensions[r].height
        if lines > 1:
            tall += 1
            assert height == lines * 18.75, (r, lines, height)
        else:
            assert height is None, r  # the sheet's own height
    assert tall > 0  # the sample has flags whose texts wrap
    # The keys sit at the top of a tall row, beside the texts (rk_note: top, wrapping).
    first = next(r for r in range(2, len(rows) + 2) if ws.row_dimensions[r].height)
    cell = ws.cell(first, severity + 1)
    assert cell.style == "rk_label" and cell.alignment.vertical == "top"
    text = ws.cell(first, message + 1)
    assert text.style == "rk_note" and text.alignment.wrap_text
    # A filter on the critical flags counts each once.
    critical = [r for r in rows if r[severity] == "重大"]
    assert len(critical) == len({(r[code], r[KEYS.index("rep")]) for r in critical})


def test_a_reps_copy_keeps_the_heights_of_his_flags() -> None:
    """A rep's copy drops the code columns: the heights are read from his rows' own texts."""
    long = "word " * 30  # 150 columns, 13 words (65) a line at 70 - 2: 3 lines
    rows = [
        [c.header("ja") for c in OUTPUT_COLUMNS["Flags"]],
        ["重大", "unit_price_declining", "unit_price", "山本", "2027-01", "", long, "確認"],
        ["警告", "at_risk_account", "usage_to_date", "山本", "2027-02", "100418", "短い", "訪問"],
    ]
    kept, columns = without_codes("Flags", rows)
    keys = [c.key for c in columns]
    assert "code" not in keys
    assert wrapped_heights("Flags", kept, keys) == {2: 3 * LINE_PT}
    assert len(wrap_text(long, 70)) == 3


def test_plan_labels_are_top_aligned(recalculated: Path) -> None:
    wb = openpyxl.load_workbook(recalculated)
    ws = wb["Plan"]
    labels = [ws.cell(r, 1) for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    assert labels and {c.style for c in labels} == {"rk_label"}
    assert all(c.alignment.vertical == "top" for c in labels)


def _working(day: date) -> bool:
    return day.weekday() < 5 and day not in _national_holidays(day.year)


def test_overdue_days_are_calendar_days_like_the_interval(recalculated: Path) -> None:
    """「訪問間隔超過 N日(通常 M日ごと)」: N = the day − (last visit + M days), that deadline
    on a working day (a weekend or holiday deadline moves to the next working day)."""
    wb = openpyxl.load_workbook(recalculated, read_only=True, data_only=True)
    keys = [c.key for c in OUTPUT_COLUMNS["Daily"]]
    at = {k: keys.index(k) for k in ("date", "reason", "last_visit", "interval")}
    checked = 0
    for row in wb["Daily"].iter_rows(min_row=2, values_only=True):
        reason = row[at["reason"]]
        if not isinstance(reason, str) or not reason.startswith("訪問間隔超過"):
            continue
        assert "営業日" not in reason
        day, last, usual = (row[at[k]] for k in ("date", "last_visit", "interval"))
        if last is None:  # never visited: due the day before the list
            continue
        gap = round(float(usual))
        due = last.date() + timedelta(days=gap)
        if not _working(due) or gap != float(usual):
            continue  # a moved deadline or a half-day interval: not hand-counted here
        late = (day.date() - due).days
        assert reason.startswith(f"訪問間隔超過 {late}日(通常 {gap}日ごと)"), reason
        checked += 1
    assert checked >= 3


def test_the_dashboard_baseline_names_its_months(recalculated: Path) -> None:
    wb = openpyxl.load_workbook(recalculated, read_only=True, data_only=True)
    plan = {r[0]: r for r in wb["Plan"].iter_rows(values_only=True) if r[0]}
    months = plan["前年実績(基準)売上"][2]
    dash = [r for r in wb["Dashboard"].iter_rows(values_only=True)]
    [row] = [r for r in dash if isinstance(r[0], str) and r[0].startswith("基準売上")]
    assert row[0] == f"基準売上({months})"
    assert row[1] == plan["前年実績(基準)売上"][1]
    assert months == "2025-04 – 2026-03"  # the sample: PlanYear 2026, the year before


@pytest.fixture(scope="module")
def late_visits() -> SampleHistory:
    """Orders from 2023-04, visits only from 2025-04 (an SFA brought in later), planned for
    FY2027 as of 2026-10-31: the baseline 2025-11 … 2026-10 has visits, a year-on-year
    change of a visit lever does not (19 months of visits)."""
    sample = generate_sample(7, reps=4, accounts=60, as_of="2026-10-31")
    visits = sample.visits[sample.visits["date"] >= "2025-04-01"].reset_index(drop=True)
    return replace(sample, visits=visits)


def test_the_short_history_note_names_which_history(
    late_visits: SampleHistory, tmp_path: Path
) -> None:
    book = _write_book(tmp_path / "book.xlsm", late_visits, {"PlanYear": 2027})
    recalculate(book, today=date(2026, 11, 2))
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    rows = [r for r in wb["Plan"].iter_rows(values_only=True)]
    start = next(
        i for i, r in enumerate(rows) if isinstance(r[2], str) and r[2].startswith("前年比の実績が")
    )
    end = next((i for i in range(start + 1, len(rows)) if rows[i][0]), len(rows))
    lines = [str(r[2]) for r in rows[start:end]]
    said = "".join(lines).replace(" ", "")
    # 2023-04 … 2026-10: 43 months of orders; visits 2025-04 … 2026-10: 19 months.
    assert said.startswith(
        "前年比の実績が少ないレバーがあります:訪問頻度(月/顧客)・訪問あたり受注数。"
        "受注の履歴は43か月分(2023-04〜2026-10)ありますが、訪問の記録は2025-04からの19か月分です。"
    ), said
    # The rule one point a line: four points, each starting its own line.
    points = [line for line in lines if line.startswith("・")]
    heads = ["・稼働顧客数", "・チーム全体", "・担当者ごと", "・上限は担当"]
    assert [p[:6] for p in points] == heads
