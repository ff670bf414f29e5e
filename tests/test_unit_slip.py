"""Amounts about 1/1,000 of the rest with no unit said (trial 48 H4, validation.unit_slip).

A 千円 export under a plain 金額 header, stacked with yen files, or a first year pasted from
the old system in 千円: named on Checks with its file/Sources row and months, critical when it
moves a year's revenue. A business whose prices really fell 30% is not named.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.contract import Check
from routekpi.io.dashboard_layout import BANNER_ROW
from routekpi.io.reader import WorkbookData
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import text
from routekpi.sources import SourceRef, external_history
from routekpi.validation.unit_slip import month_runs, moves_plan, slip_factor, slipped

pytest.importorskip("duckdb")


@pytest.mark.parametrize(
    ("median", "reference", "factor"),
    [
        (3.6, 3_600.0, 1_000),  # 千円 read as yen
        (0.36, 3_600.0, 10_000),  # 万円
        (2.0, 3_600.0, 1_000),  # 1/1,800: nearer 1/1,000 than 1/10,000
        (2_520.0, 3_600.0, None),  # prices −30%
        (1_200.0, 3_600.0, None),  # ÷3: a cheaper range, not a unit
        (36.0, 3_600.0, None),  # 1/100: no unit routekpi names
        (3_600.0, 3.6, None),  # the larger one is never the slip
    ],
)
def test_a_slip_is_the_nearest_power_of_ten_three_or_four(
    median: float, reference: float, factor: int | None
) -> None:
    assert slip_factor(median, reference) == factor


def test_a_run_of_months_is_measured_against_the_others_by_lines() -> None:
    """Four months at ¥3 among eight at ¥3,000: each slipped month's others are 3 ¥3 months
    (30 lines) and 8 ¥3,000 ones (80 lines): weighted median ¥3,000."""
    groups = {f"2024-{m:02d}": (3.0 if m <= 4 else 3_000.0, 10) for m in range(1, 13)}
    got = slipped(groups)
    assert sorted(got) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert all(v == (1_000, 3_000.0) for v in got.values())
    assert month_runs(["2024-03", "2023-12", "2024-01", "2024-02", "2024-06"]) == (
        "2023-12〜2024-03・2024-06"
    )


def test_a_year_moves_at_five_percent_of_its_corrected_revenue() -> None:
    # 2023: ¥1,000,000 read + ¥52,632 added: 52,632 / 1,052,632 = 5.0000%.
    assert moves_plan([(2023, 1_000_000.0, 52_632.0)])
    assert not moves_plan([(2023, 1_000_000.0, 52_000.0)])  # 4.94%


def _workbook_data() -> WorkbookData:
    return WorkbookData(
        sheets={},
        settings={},
        setting_cells={},
        tab_names={},
        date1904=False,
        user_sheets=[],
        setting_sheets={},
        user_headers={},
    )


def _csv(path: Path, rows: list[tuple[date, str, float]]) -> Path:
    lines = ["売上日,得意先コード,担当者,金額"]
    lines += [f"{d:%Y/%m/%d},{a},青木,{v:g}" for d, a, v in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return path


def _months(first: date, count: int, amounts: list[float]) -> list[tuple[date, str, float]]:
    """``amounts`` on days 3.. of each of ``count`` months from ``first``, account T1, T2 …"""
    out = []
    y, m = first.year, first.month
    for _ in range(count):
        for i, v in enumerate(amounts):
            out.append((date(y, m, 3 + i), f"T{i + 1}", v))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _checks(refs: dict[str, SourceRef]) -> list[Check]:
    ext = external_history(_workbook_data(), refs, today=date(2025, 7, 1))
    inputs = ext.inputs(ext.preview.last_date())
    return [c for c in inputs.checks if c.problem.startswith("amount_unit_slip")]


# Six lines a month: median (3,000 + 4,000) / 2 = ¥3,500 in yen, ¥3.5 in 千円.
YEN = [2_000.0, 3_000.0, 3_000.0, 4_000.0, 4_000.0, 5_000.0]
KYEN = [v / 1_000 for v in YEN]


def test_a_thousands_file_stacked_on_a_yen_file_is_named_critical(tmp_path: Path) -> None:
    """FY2023 (2023-07〜2024-06) in 千円 on Sources row 2, FY2024 in yen on row 3."""
    old = _csv(tmp_path / "old.csv", _months(date(2023, 7, 1), 12, KYEN))
    new = _csv(tmp_path / "new.csv", _months(date(2024, 7, 1), 12, YEN))
    ref = SourceRef("Orders", str(old), row=2, more=(SourceRef("Orders", str(new), row=3),))
    (check,) = _checks({"Orders": ref})
    assert (check.sheet, check.row, check.severity) == ("old.csv", 2, "critical")
    assert check.problem == "amount_unit_slip_part"
    p = check.params
    assert (p["row"], p["source"], p["months"]) == ("2", "old.csv", "2023-07〜2024-06")
    assert (p["median"], p["other"], p["lines"], p["unit"]) == ("¥3.5", "¥3,500", "72", "千円")
    said = text(check.problem, "ja", **p)
    assert "千円単位ではありませんか" in said and "単位 列に 千円" in said


def test_a_small_thousands_file_beside_a_years_yen_is_a_warning(tmp_path: Path) -> None:
    """Three lines in 千円 (2024-03: 2.0 + 3.0 + 4.0 = ¥9.0 read, median ¥3.0) beside 2024 in
    yen (12 months × ¥21,000 = ¥252,000): read ×1,000 they add 9.0 × 999 = ¥8,991, and
    8,991 / (252,009 + 8,991) = 3.4% of the year, under 5%: a warning, not critical."""
    yen = _csv(tmp_path / "yen.csv", _months(date(2024, 1, 1), 12, YEN))
    small = _csv(tmp_path / "small.csv", _months(date(2024, 3, 1), 1, [2.0, 3.0, 4.0]))
    ref = SourceRef("Orders", str(yen), row=2, more=(SourceRef("Orders", str(small), row=3),))
    (check,) = _checks({"Orders": ref})
    assert (check.sheet, check.row, check.severity) == ("small.csv", 3, "warn")
    assert check.problem == "amount_unit_slip_part_minor"
    assert (check.params["median"], check.params["months"]) == ("¥3.0", "2024-03")


def test_one_file_whose_first_year_is_in_thousands_names_the_months(tmp_path: Path) -> None:
    both = _months(date(2023, 7, 1), 12, KYEN) + _months(date(2024, 7, 1), 12, YEN)
    one = _csv(tmp_path / "orders.csv", both)
    (check,) = _checks({"Orders": SourceRef("Orders", str(one), row=2)})
    assert check.problem == "amount_unit_slip_months_source"
    assert (check.sheet, check.row, check.severity) == ("orders.csv", 2, "critical")
    assert (check.params["months"], check.params["median"]) == ("2023-07〜2024-06", "¥3.5")


def test_prices_that_really_fell_thirty_percent_are_not_named(tmp_path: Path) -> None:
    cheaper = [v * 0.7 for v in YEN]
    both = _months(date(2023, 7, 1), 12, YEN) + _months(date(2024, 7, 1), 12, cheaper)
    one = _csv(tmp_path / "orders.csv", both)
    assert _checks({"Orders": SourceRef("Orders", str(one), row=2)}) == []
    a = _csv(tmp_path / "a.csv", _months(date(2023, 7, 1), 12, YEN))
    b = _csv(tmp_path / "b.csv", _months(date(2024, 7, 1), 12, [v / 3 for v in YEN]))
    ref = SourceRef("Orders", str(a), row=2, more=(SourceRef("Orders", str(b), row=3),))
    assert _checks({"Orders": ref}) == []  # even a range a third the price


def _checks_sheet(book: Path) -> list[tuple[object, ...]]:
    """The Checks sheet read back, one tuple per check (a long message's wrapped lines, on
    rows of their own below it, joined)."""
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        rows = [r for r in wb["Checks"].iter_rows(min_row=2, values_only=True) if any(r)]
    finally:
        wb.close()
    out: list[list[object]] = []
    for r in rows:
        if out and r[0] in ("", None) and r[5] is None:
            out[-1][4] = f"{out[-1][4]}{r[4]}"
        else:
            out.append(list(r[:6]))
    return [tuple(r) for r in out]


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("unit_slip") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


def _scaled_first_year(src: Path, dst: Path, factor: float) -> tuple[int, date]:
    """``dst``: ``src`` with the Orders amounts of its first 12 months × ``factor``, saved
    and read back; the lines changed and the first date."""
    shutil.copyfile(src, dst)
    wb = openpyxl.load_workbook(dst, keep_vba=True)
    ws = wb["Orders"]
    first = ws.cell(2, 1).value.date()
    end = date(first.year + 1, first.month, 1) - timedelta(days=1)
    changed = 0
    for row in ws.iter_rows(min_row=2, max_col=4):
        day, amount = row[0].value, row[3]
        if day is not None and day.date() <= end and isinstance(amount.value, (int, float)):
            amount.value = round(amount.value * factor, 3)
            changed += 1
    wb.save(dst)
    wb.close()
    return changed, first


def test_a_pasted_first_year_in_thousands_is_a_red_checks_row(
    small_book: Path, tmp_path: Path
) -> None:
    """The sample's first year (2023-04〜2024-03) pasted in 千円: recalc, Checks read back."""
    book = tmp_path / "kyen.xlsm"
    changed, first = _scaled_first_year(small_book, book, 1 / 1_000)
    assert first == date(2023, 4, 3) and changed > 0
    assert main(["recalc", str(book)]) == 0
    rows = _checks_sheet(book)
    slips = [r for r in rows if "千円単位ではありませんか" in str(r[4])]
    assert len(slips) == 1 and (slips[0][0], slips[0][5]) == ("Orders", "重大")
    assert str(slips[0][4]).startswith("2023-04〜2024-03 の受注の金額は1行あたり")
    assert rows[0] == slips[0]  # at the top, as the KGI's unit slip is
    # And it takes the Dashboard's banner from the feasibility judged on the slipped year.
    wb = openpyxl.load_workbook(book, read_only=True)
    tab = "ダッシュボード" if "ダッシュボード" in wb.sheetnames else "Dashboard"
    banner = next(wb[tab].iter_rows(min_row=BANNER_ROW, max_row=BANNER_ROW, values_only=True))[0]
    wb.close()
    assert str(banner).startswith("2023-04〜2024-03 の受注の金額は1行あたり")


def test_a_pasted_year_thirty_percent_dearer_is_not_named(small_book: Path, tmp_path: Path) -> None:
    book = tmp_path / "dearer.xlsm"
    _scaled_first_year(small_book, book, 1 / 0.7)  # prices fell 30% after the first year
    assert main(["recalc", str(book)]) == 0
    assert not any("単位ではありませんか" in str(r[4]) for r in _checks_sheet(book))
