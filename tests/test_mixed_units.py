"""Products of different units under one 数量 (left50b; trial 50: LPG in m³, 灯油 in litres,
appliances in 台): one information line names the two groups of products.

By hand, K0010 and K0015 each month 2024-04 … 2026-09 (30 months):

- 灯油 on the 5th and 19th: 70 L at ¥110 = ¥7,700 a line;
- LPガス on the 12th: 10 m³ at ¥800 = ¥8,000 a line;
- K0010 one 給湯器 (1 台, ¥200,000) in each April and October (5 of them).

¥ per unit 110 and 800 (7.3× apart: read as one unit) against 200,000 (250× the LPG's); sales
灯油 ¥924,000 before LPガス ¥480,000; the 給湯器's share 1,000,000 ÷ (1,000,000 + 30 × 2 ×
23,400) = 41.6%. One catalogue of
pieces — pens ¥100, notes ¥300, bags ¥1,500, chairs ¥8,000 — spreads without a 20× gap.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from routekpi.core.levers import quantity_covers
from routekpi.core.measure import TEAM
from routekpi.io.reader import read_workbook
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef, external_history
from routekpi.validation.mixed_units import (
    PROBLEM,
    UNITS_PROBLEM,
    mixed_units_checks,
    without_mixed_quantity,
)
from routekpi.validation.tables import validate_inputs
from tests.test_monthly_summary import REPS, TODAY, _data
from tests.workbook_files import lines_book

HEADER = ["受注日", "伝票番号", "得意先コード", "担当者", "商品名", "金額", "数量"]
AS_OF = date(2026, 9, 30)


def _rows(products: list[tuple[str, int, float, float]]) -> list[list[object]]:
    """Each month, each account: every (name, day, yen, quantity) as one slip."""
    rows: list[list[object]] = []
    for m in pd.date_range("2024-04-01", "2026-09-01", freq="MS"):
        for account in ("K0010", "K0015"):
            for name, day, yen, qty in products:
                slip = f"S{len(rows) + 1:05d}"
                rows.append(
                    [date(m.year, m.month, day), slip, account, REPS[account], name, yen, qty]
                )
        if m.month in (4, 10):
            rows.append(
                [
                    date(m.year, m.month, 20),
                    f"S{len(rows) + 1:05d}",
                    "K0010",
                    REPS["K0010"],
                    "ガス給湯器",
                    200_000,
                    1,
                ]
            )
    return rows


FUEL = [("灯油", 5, 7_700, 70), ("灯油", 19, 7_700, 70), ("LPガス", 12, 8_000, 10)]


def _csv(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> SourceRef:
    text = [",".join(header)]
    text += [",".join(f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r) for r in rows]
    path.write_bytes(("\r\n".join(text) + "\r\n").encode("cp932"))
    return SourceRef("Orders", str(path))


def test_appliances_beside_fuel_are_named_in_both_doors(tmp_path: Path) -> None:
    rows = _rows(FUEL)
    book = lines_book(tmp_path / "book.xlsm", HEADER, rows, kgi=3_000_000)
    sheet = validate_inputs(read_workbook(book).sheets, today=TODAY, as_of=AS_OF).history
    ref = _csv(tmp_path / "配送明細.csv", rows)
    files = external_history(_data(None), {"Orders": ref}, today=TODAY).inputs(AS_OF).history
    for history in (sheet, files):
        (said,) = mixed_units_checks(history, "配送明細.csv")
        assert (said.problem, said.severity) == (PROBLEM, "info")
        assert said.params["low"] == "灯油 ¥110、LPガス ¥800"  # the larger sales first
        assert said.params["high"] == "ガス給湯器 ¥200,000"
        assert (said.params["ratio"], said.params["high_share"]) == ("250", "41.6%")


def test_one_catalogue_of_pieces_is_not_named(tmp_path: Path) -> None:
    pieces = [("ペン", 3, 1_000, 10), ("ノート", 10, 3_000, 10), ("カバン", 17, 3_000, 2)]
    rows = [r for r in _rows([*pieces, ("椅子", 24, 16_000, 2)]) if r[4] != "ガス給湯器"]
    book = lines_book(tmp_path / "book.xlsm", HEADER, rows, kgi=3_000_000)
    sheet = validate_inputs(read_workbook(book).sheets, today=TODAY, as_of=AS_OF).history
    assert sheet.product_months is not None and not sheet.product_months.empty
    assert mixed_units_checks(sheet, "Orders") == []


def test_the_line_is_on_the_checks_of_a_recalculation(tmp_path: Path) -> None:
    book = lines_book(tmp_path / "book.xlsm", HEADER, _rows(FUEL), kgi=3_000_000)
    computed = compute_file(book, as_of=AS_OF, today=TODAY)[0]
    (said,) = [c for c in computed.checks if c.problem == PROBLEM]
    assert (said.sheet, said.params["high"]) == ("Orders", "ガス給湯器 ¥200,000")


# --- a 単位 column says it exactly -----------------------------------------------------------

UNIT_HEADER = [*HEADER, "単位"]


def _with_units(rows: list[list[object]]) -> list[list[object]]:
    unit = {"灯油": "L", "LPガス": "m3", "ガス給湯器": "台"}
    return [[*r, unit[str(r[4])]] for r in rows]


def test_a_unit_column_names_its_units_in_both_doors(tmp_path: Path) -> None:
    """Fuel only (LPG ¥800 a m³, 灯油 ¥110 a litre: 7.3×, under the gap's 20×): the 単位
    column says m3 and L. By hand: 30 months × 2 accounts × 2 灯油 lines = 120 L lines, × 1
    LPG line = 60 m3 lines."""
    rows = _with_units([r for r in _rows(FUEL) if r[4] != "ガス給湯器"])
    book = lines_book(tmp_path / "book.xlsm", UNIT_HEADER, rows, kgi=3_000_000)
    sheet = validate_inputs(read_workbook(book).sheets, today=TODAY, as_of=AS_OF)
    ref = _csv(tmp_path / "配送明細.csv", rows, UNIT_HEADER)
    files = external_history(_data(None), {"Orders": ref}, today=TODAY).inputs(AS_OF)
    for inputs, label in ((sheet, "Orders"), (files, "配送明細.csv")):
        (said,) = [c for c in inputs.checks if c.problem == UNITS_PROBLEM]
        assert (said.sheet, said.column, said.severity) == (label, "H 単位", "info")
        assert said.params["units"] == "L 120行、m3 60行"
        assert mixed_units_checks(inputs.history, label) == []  # no 20× gap
        # the gap's line is not said besides the column's
        assert mixed_units_checks(inputs.history, label, inputs.checks) == []


def test_one_unit_in_the_column_says_nothing(tmp_path: Path) -> None:
    rows = [[*r, "L"] for r in _rows([("灯油", 5, 7_700, 70)]) if r[4] == "灯油"]
    ref = _csv(tmp_path / "配送明細.csv", rows, UNIT_HEADER)
    files = external_history(_data(None), {"Orders": ref}, today=TODAY).inputs(AS_OF)
    assert not [c for c in files.checks if c.problem == UNITS_PROBLEM]


# --- the quantity left out where it mixes units (left50d) ------------------------------------


def _team_quantity(computed: object) -> pd.Series:
    """The team's quantity per month of the history (2024-04 … 2026-09) as the engine reads
    it (Σ of the lines, blanks as 0)."""
    facts = computed.result.evidence.facts  # type: ignore[attr-defined]
    quantity = facts.xs(TEAM, level="rep")["quantity"]
    return quantity[quantity.index <= pd.Period("2026-09", freq="M")]


def test_mixed_units_leave_the_quantity_out_of_every_summed_reading(tmp_path: Path) -> None:
    """The fuel and appliances book (the gap's line) and the fuel book with a 単位 column
    (m3 and L): the engine reads no quantity (every month 0, as a blank column: the price
    per unit, the order size and its swing are not read, ``quantity_covers`` says no), while
    each product keeps its own price (LPガス ¥800 a m³ in ``product_months``); the line says
    so. One unit (灯油 only, 70 L on the 5th for each of the two accounts): 140 L a month."""
    gap = lines_book(tmp_path / "gap.xlsm", HEADER, _rows(FUEL), kgi=3_000_000)
    fuel = _with_units([r for r in _rows(FUEL) if r[4] != "ガス給湯器"])
    units = lines_book(tmp_path / "units.xlsm", UNIT_HEADER, fuel, kgi=3_000_000)
    for book, problem in ((gap, PROBLEM), (units, UNITS_PROBLEM)):
        computed = compute_file(book, as_of=AS_OF, today=TODAY)[0]
        quantity = _team_quantity(computed)
        assert len(quantity) == 30 and (quantity == 0).all()
        ev = computed.result.evidence
        assert not quantity_covers(ev.facts, list(quantity.index))
        months = computed.result.history.product_months
        lpg = months[months["product"] == "LPガス"]
        assert len(lpg) and (lpg["price"] == 800).all()
        (said,) = [c for c in computed.checks if c.problem == problem]
        ja = text(problem, "ja", **said.params)
        assert "受注の数量は使っていません: 取引単価は1受注あたりの金額で読み" in ja
        assert "the orders' quantity is not used" in text(problem, "en", **said.params)
    one = [[*r, "L"] for r in _rows([("灯油", 5, 7_700, 70)]) if r[4] == "灯油"]
    single = lines_book(tmp_path / "one.xlsm", UNIT_HEADER, one, kgi=1_000_000)
    computed = compute_file(single, as_of=AS_OF, today=TODAY)[0]
    quantity = _team_quantity(computed)
    assert len(quantity) == 30 and (quantity == 140).all()
    assert not [c for c in computed.checks if c.problem in (PROBLEM, UNITS_PROBLEM)]


def test_the_files_door_leaves_the_mixed_quantity_out_too(tmp_path: Path) -> None:
    """The same fuel lines with their 単位 column as a CSV on Sources (the compact history's
    sums): the engine's quantity is 0 every month; without the unit column and the 給湯器
    (灯油 70 L and LPG 10 m³, 7.3× apart: no line), 2 × (70 + 70 + 10) = 300 a month."""
    fuel = [r for r in _rows(FUEL) if r[4] != "ガス給湯器"]
    for rows, header, expected in ((_with_units(fuel), UNIT_HEADER, 0), (fuel, HEADER, 300)):
        ref = _csv(tmp_path / "配送明細.csv", rows, header)
        files = external_history(_data(None), {"Orders": ref}, today=TODAY).inputs(AS_OF)
        history = without_mixed_quantity(files.history, files.checks)
        assert history.facts is not None
        sums = history.facts.rep_months.groupby("month")["quantity"].sum()
        assert len(sums) == 30 and (sums == expected).all()
