"""The Review's 前月比 arrows and reps at work read a month as over by its last working day
(small44, item 4), the rule the month block has used since week43 (``month_over``).

Reproduced on the sample book (orders to Friday 2026-10-30): with AsOf 10/31 (a Saturday)
the arrows compare October with September; typed 10/30, the month block reviewed October
while 111 of the 191 arrows compared September with August (October's last day not yet
gone). The same data now read the same arrows on either day.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate


def _recalc(path: Path, as_of: dt.date) -> None:
    """Recalculate with Settings AsOf = ``as_of``."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Settings"]
    (cell,) = [r[1] for r in ws.iter_rows() if str(r[0].value or "").startswith("基準日")]
    cell.value = dt.datetime.combine(as_of, dt.time())
    wb.save(path)
    recalculate(path)


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))


def _arrows(path: Path, as_of: dt.date) -> list[tuple[object, object, object]]:
    """Recalculate with Settings AsOf = ``as_of``; the Review rows' (rep, KPI, 前月比)."""
    _recalc(path, as_of)
    rows = _rows(path, "Review")
    at = rows[0].index("前月比")
    return [(r[0], r[1], r[at]) for r in rows[1:] if r[0] and r[1]]  # rep rows, not block heads


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("over") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


def test_friday_and_saturday_read_the_same_arrows(book: Path, tmp_path: Path) -> None:
    friday, saturday = tmp_path / "fri.xlsm", tmp_path / "sat.xlsm"
    shutil.copyfile(book, friday)
    shutil.copyfile(book, saturday)
    # 2026-10-30 is October's last working day (10/31 a Saturday): October is over on both.
    on_friday = _arrows(friday, dt.date(2026, 10, 30))
    on_saturday = _arrows(saturday, dt.date(2026, 10, 31))
    assert len(on_friday) == len(on_saturday) > 50
    assert {a for _, _, a in on_friday} >= {"↑", "↓"}
    assert on_friday == on_saturday


def test_flags_and_burnup_read_october_as_over_on_its_last_working_day(
    book: Path, tmp_path: Path
) -> None:
    """The Flags' complete months (unit price, retention, churn) and the Dashboard's burn-up
    follow the same rule: typed 10/30 (a Friday, 10/31 a Saturday) October is over — the unit
    price flag read through September and the burn-up labelled October 「10/30まで」 before."""
    friday, saturday = tmp_path / "fri.xlsm", tmp_path / "sat.xlsm"
    shutil.copyfile(book, friday)
    shutil.copyfile(book, saturday)
    _recalc(friday, dt.date(2026, 10, 30))
    _recalc(saturday, dt.date(2026, 10, 31))

    def month_flags(path: Path) -> list[tuple[object, ...]]:
        # Rows about complete months; the at-risk rows count days since a visit (one more
        # on Saturday) and are left out, as are the probably closed (their days of silence).
        skip = ("at_risk_account", "probably_closed")
        return [r[:5] + r[6:7] for r in _rows(path, "Flags")[1:] if r[1] not in skip]

    on_friday, on_saturday = month_flags(friday), month_flags(saturday)
    assert any(r[1] == "unit_price_declining" for r in on_friday)
    assert on_friday == on_saturday
    assert {r[4] for r in on_friday if r[1] == "unit_price_declining"} == {"2026-10"}
    labels = [c for r in _rows(friday, "Dashboard") for c in r if isinstance(c, str)]
    assert "2026-10" in labels and "10/30まで" not in labels
