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


def head_of(row: tuple[object, ...]) -> str:
    """A Checks row's message's first 30 characters (the banner and status start so)."""
    return str(row[4])[:30]


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


# --- fix49b: most files in 千円, the fewer in yen (the other way round) -------------------


def test_most_groups_in_thousands_name_them_all_against_the_yen_ones() -> None:
    """Three 千円 groups (¥3.5, ¥3.0 and ¥4.0; 300 + 100 + 200 lines) and one yen group
    (¥3,500, 150 lines): each 千円 group measured against the others met 千円 ones and went
    unnamed; the two clusters are 1,000× apart, the lower one is named, all three."""
    groups = {"a": (3.5, 300), "b": (3.0, 100), "c": (4.0, 200), "yen": (3_500.0, 150)}
    assert slipped(groups) == {k: (1_000, 3_500.0) for k in ("a", "b", "c")}


def test_a_range_of_prices_with_no_hundredfold_gap_is_no_cluster() -> None:
    """¥3,500, ¥1,200 (a third) and ¥2,450 (−30%): nothing named either way round."""
    assert slipped({"a": (3_500.0, 100), "b": (1_200.0, 300), "c": (2_450.0, 200)}) == {}
    # ¥35 among ¥3,500 (1/100): no unit routekpi names, with most lines at ¥35 too.
    assert slipped({"a": (35.0, 300), "b": (30.0, 300), "c": (3_500.0, 100)}) == {}


def test_most_files_in_thousands_and_one_in_yen_name_both_with_their_units(
    tmp_path: Path,
) -> None:
    """FY2022 and FY2023 in 千円 (Sources rows 2, 3), FY2024 in yen (row 4): 144 lines at
    ¥3.5 against 72 at ¥3,500. Before, no row (each 千円 file's others were mostly 千円)."""
    a = _csv(tmp_path / "fy2022.csv", _months(date(2022, 7, 1), 12, KYEN))
    b = _csv(tmp_path / "fy2023.csv", _months(date(2023, 7, 1), 12, KYEN))
    new = _csv(tmp_path / "fy2024.csv", _months(date(2024, 7, 1), 12, YEN))
    more = (SourceRef("Orders", str(b), row=3), SourceRef("Orders", str(new), row=4))
    (check,) = _checks({"Orders": SourceRef("Orders", str(a), row=2, more=more)})
    assert (check.problem, check.severity) == ("amount_unit_slip_parts_most", "critical")
    p = check.params
    assert (p["row"], p["source"]) == ("2・3", "fy2022.csv・fy2023.csv")
    assert (p["yen_row"], p["yen_source"]) == ("4", "fy2024.csv")
    assert (p["median"], p["other"], p["lines"], p["times"]) == ("¥3.5", "¥3,500", "144", "1,000")
    assert p["months"] == "2022-07〜2024-06"
    said = text(check.problem, "ja", **p)
    assert "2・3行目は千円単位、4行目は円単位で出力されたのではありませんか" in said
    assert "2・3行目の 単位 列に 千円 と書くか" in said
    assert "about 1,000 times apart" in text(check.problem, "en", **p)


def test_most_files_a_third_the_price_are_not_named(tmp_path: Path) -> None:
    """Two files at a third of the price (a cheaper range) and one at full price."""
    third = [v / 3 for v in YEN]
    a = _csv(tmp_path / "a.csv", _months(date(2022, 7, 1), 12, third))
    b = _csv(tmp_path / "b.csv", _months(date(2023, 7, 1), 12, third))
    c = _csv(tmp_path / "c.csv", _months(date(2024, 7, 1), 12, YEN))
    more = (SourceRef("Orders", str(b), row=3), SourceRef("Orders", str(c), row=4))
    assert _checks({"Orders": SourceRef("Orders", str(a), row=2, more=more)}) == []


def test_a_book_whose_most_files_are_in_thousands_has_a_red_checks_row(
    small_book: Path, tmp_path: Path
) -> None:
    """The sample's orders (2023-04〜2026-10) written out as four files named on Sources: a
    year each in 千円 under a plain 金額 to 2026-03, the last seven months in yen. Each 千円
    file's others were mostly 千円: no row before. Recalculated, Checks and banner read back."""
    wb = openpyxl.load_workbook(small_book, read_only=True)
    lines = [r for r in wb["Orders"].iter_rows(min_row=2, values_only=True) if r[0] is not None]
    header = [str(c) for c in next(wb["Orders"].iter_rows(max_row=1, values_only=True)) if c]
    wb.close()
    first = min(r[0] for r in lines).date()
    cuts = [date(first.year + n, first.month, 1) for n in (1, 2, 3)]
    files = [tmp_path / f"orders_{i}.csv" for i in range(4)]
    for i, path in enumerate(files):
        low = cuts[i - 1] if i else date.min
        high = cuts[i] if i < 3 else date.max
        part = [r for r in lines if low <= r[0].date() < high]
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(",".join(header) + "\n")
            for r in part:
                cells = list(r[: len(header)])
                cells[0] = f"{cells[0]:%Y/%m/%d}"
                if i < 3:
                    cells[3] = round(float(cells[3]) / 1_000, 3)  # 千円, the header silent
                out.write(",".join("" if c is None else str(c) for c in cells) + "\n")
    book = tmp_path / "stack.xlsm"
    shutil.copyfile(small_book, book)
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Orders"]
    ws.delete_rows(2, ws.max_row)
    sources = wb["Sources"]
    for i, path in enumerate(files, start=2):
        sources.cell(i, 1, "受注")
        sources.cell(i, 2, path.name)
    next(iter(sources.tables.values())).ref = f"A1:D{len(files) + 1}"
    wb.save(book)
    wb.close()
    assert main(["recalc", str(book)]) == 0
    rows = _checks_sheet(book)
    (slip,) = [r for r in rows if "円単位で出力されたのではありませんか" in str(r[4])]
    # First, the cause: the 千円 files hold the baseline year, so the KGI reads ×1,000 of it
    # too; the KGI's row comes next and sends the manager to these files first (fix50b:
    # before, the KGI's row came first and took the Dashboard's banner and the status line).
    assert slip[5] == "重大" and rows[0] == slip
    kgi = rows[1]
    assert (kgi[0], kgi[5]) == ("Settings", "重大")
    assert "前年実績には千円・万円単位とみられる金額(上の重大な行)が含まれているため" in str(kgi[4])
    wb = openpyxl.load_workbook(book, read_only=True)
    banner = str(wb["Dashboard"].cell(BANNER_ROW, 1).value)
    status = str(wb["Plan"].cell(2, 3).value)
    wb.close()
    assert banner.startswith(head_of(slip)) and "KGI" not in banner[:20]
    assert "要確認: " + head_of(slip) in status
    said = str(slip[4])
    head = "データソース 2・3・4行目「orders_0.csv・orders_1.csv・orders_2.csv」"
    assert said.startswith(head + "の金額は1行あたり")
    assert "5行目「orders_3.csv」は" in said and "2・3・4行目は千円単位、5行目は円単位" in said


# --- review49: a file of big-ticket lines is not a unit slip --------------------------------


def _busy_months(first: date, count: int, amounts: list[float]) -> list[tuple[date, str, float]]:
    """``amounts`` each month from ``first`` for ``count`` months, spread over days 1–28 and
    accounts T1–T40 (a dealer's many small lines a month)."""
    out = []
    for k in range(count):
        y, m = first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1
        out += [(date(y, m, 1 + i % 28), f"T{i % 40 + 1}", v) for i, v in enumerate(amounts)]
    return out


@pytest.mark.parametrize("years", [1, 2])
def test_a_file_of_machines_beside_consumables_is_not_named(tmp_path: Path, years: int) -> None:
    """Consumables exported a year a file (120 lines a month, median ¥4,200: ¥504,000 a
    month) stacked with a machines file over the same months (one ¥1,500,000 chair a month):
    the medians are 1/357 apart, but a month of the small lines sells a third of a month of
    the machine, not 1/1,000. Before: a critical row 「千円単位、…円単位で出力されたのでは」."""
    consumables = [v * 1.2 for v in YEN] * 20
    files = [
        _csv(tmp_path / f"消耗品_{y}.csv", _busy_months(date(y, 7, 1), 12, consumables))
        for y in range(2023, 2023 + years)
    ]
    files.append(_csv(tmp_path / "機器.csv", _busy_months(date(2023, 7, 1), 24, [1_500_000.0])))
    more = tuple(SourceRef("Orders", str(f), row=i) for i, f in enumerate(files[1:], 3))
    assert _checks({"Orders": SourceRef("Orders", str(files[0]), row=2, more=more)}) == []


def test_a_busy_thousands_file_beside_a_yen_one_is_still_named(tmp_path: Path) -> None:
    """The same 120 lines a month, FY2023 in 千円 and FY2024 in yen: a month of the 千円 file
    sells 1/1,000 of a month of the yen one too — named as before."""
    lines = [v * 1.2 for v in YEN] * 20
    old = _csv(tmp_path / "old.csv", _busy_months(date(2023, 7, 1), 12, [v / 1000 for v in lines]))
    new = _csv(tmp_path / "new.csv", _busy_months(date(2024, 7, 1), 12, lines))
    ref = SourceRef("Orders", str(old), row=2, more=(SourceRef("Orders", str(new), row=3),))
    (check,) = _checks({"Orders": ref})
    assert (check.problem, check.params["row"], check.params["unit"]) == (
        "amount_unit_slip_part",
        "2",
        "千円",
    )
