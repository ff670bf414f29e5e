"""Amounts in a larger unit than the yen (trial 48 L1) and a stop with nobody there (L2).

An accounting export's 金額(千円) stopped the run; it is now read ×1,000, said on Checks, on a
pasted sheet and in a file named on Sources alike, each file of a stack in its own unit. A
yen amount beside it still wins. 不在 in a visit-kind column is a visit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from routekpi.contract import Check, InputError, RawSheet
from routekpi.io.reader import WorkbookData
from routekpi.messages import text
from routekpi.schema import ORDERS, SOURCES, VISITS
from routekpi.sources import SourceRef, external_history
from routekpi.sources.sheet import sources_from_sheet
from routekpi.validation.headers import header_match
from routekpi.validation.tables import read_table
from routekpi.validation.units import AmountUnit, header_unit, typed_unit

pytest.importorskip("duckdb")


@pytest.mark.parametrize(
    ("header", "rest", "factor"),
    [
        ("金額(千円)", "金額", 1_000),
        ("金額（千円）", "金額", 1_000),
        ("売上[千円]", "売上", 1_000),
        ("売上高(百万円)", "売上高", 1_000_000),
        ("金額 千円単位", "金額", 1_000),
        ("金額(単位:千円)", "金額", 1_000),
        ("金額(万円)", "金額", 10_000),
        ("Sales (JPY thousands)", "Sales", 1_000),
        ("Amount (k¥)", "Amount", 1_000),
        ("Amount (¥000)", "Amount", 1_000),
    ],
)
def test_a_header_naming_its_unit_gives_the_name_and_the_yen_per_unit(
    header: str, rest: str, factor: int
) -> None:
    got = header_unit(header)
    assert got is not None and (got[0], got[1].factor) == (rest, factor)


@pytest.mark.parametrize("header", ["金額", "金額(円)", "Amount ¥", "千円", "数量(千個)x"])
def test_a_yen_or_unitless_header_names_no_unit(header: str) -> None:
    assert header_unit(header) is None


@pytest.mark.parametrize(
    ("typed", "factor"),
    [("千円", 1_000), ("千円単位", 1_000), ("1,000", 1_000), ("×1000", 1_000), ("万円", 10_000),
     ("百万円", 1_000_000), ("JPY thousands", 1_000), ("k¥", 1_000), ("円", 1)],
)  # fmt: skip
def test_a_sources_unit_cell_is_read(typed: str, factor: int) -> None:
    got = typed_unit(typed)
    assert got is not None and got.factor == factor


def test_the_yen_amount_wins_over_one_in_thousands() -> None:
    """Both in one export: the yen column is read, the 千円 one left unknown (listed unused)."""
    both = header_match(ORDERS, ["受注日", "顧客コード", "担当者", "金額(千円)", "金額"])
    assert both.positions["amount"] == 4 and both.scales == {} and 3 in both.unknown
    alone = header_match(ORDERS, ["受注日", "顧客コード", "担当者", "金額(千円)", "単価(千円)"])
    assert alone.positions["amount"] == 3 and alone.scales == {"amount": 1_000}
    assert alone.unknown == [4] and alone.missing == []  # a unit price is no amount


def _sheet(name: str, rows: list[list[object]]) -> RawSheet:
    return RawSheet(name=name, rows=rows)


def test_a_pasted_sheet_in_thousands_reads_back_as_yen() -> None:
    """12.3 + 4.5 + 0.8 千円 = ¥17,600 to the yen (not 17,600.000000000004), one Checks line."""
    raw = _sheet(
        "Orders",
        [
            ["受注日", "顧客コード", "担当者", "金額(千円)"],
            ["2025-04-01", "C1", "佐藤", 12.3],
            ["2025-04-02", "C1", "佐藤", 4.5],
            ["2025-04-03", "C2", "佐藤", 0.8],
        ],
    )
    checks: list[Check] = []
    frame, _ = read_table(ORDERS, raw, checks, today=date(2026, 12, 1))
    assert frame["amount"].tolist() == [12_300.0, 4_500.0, 800.0]
    (said,) = [c for c in checks if c.problem == "amount_unit_read"]
    assert (said.row, said.column, said.severity) == (1, "D 金額(千円)", "info")
    assert said.params["rows"] == "3" and said.params["factor"] == "1,000"


def _workbook_data(sheets: dict[str, RawSheet]) -> WorkbookData:
    return WorkbookData(
        sheets=dict(sheets),
        settings={},
        setting_cells={},
        tab_names={},
        date1904=False,
        user_sheets=[],
        setting_sheets={},
        user_headers={},
    )


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return path


def _revenue(refs: dict[str, SourceRef]) -> tuple[float, list[Check]]:
    ext = external_history(_workbook_data({}), refs, today=date(2026, 12, 1))
    inputs = ext.inputs(ext.preview.last_date())
    return float(inputs.history.facts.rep_months["revenue"].sum()), inputs.checks


def test_a_stack_of_a_thousands_file_and_a_yen_file_reads_each_in_its_own_unit(
    tmp_path: Path,
) -> None:
    """FY2023 in 千円 (4.5 + 1.2 = ¥5,700), FY2024 in yen (3,000 + 250): ¥8,950 in all."""
    old = _csv(
        tmp_path / "old.csv",
        [
            "売上日,得意先コード,担当者,金額(千円)",
            "2023/07/03,T1,青木,4.5",
            "2023/07/04,T2,青木,1.2",
        ],
    )
    new = _csv(
        tmp_path / "new.csv",
        ["売上日,得意先コード,担当者,金額", "2024/07/01,T1,青木,3000", "2024/07/02,T2,青木,250"],
    )
    ref = SourceRef("Orders", str(old), more=(SourceRef("Orders", str(new)),))
    total, checks = _revenue({"Orders": ref})
    assert total == 8_950.0
    said = [(c.sheet, c.row, c.column, c.params["rows"]) for c in checks if "unit" in c.problem]
    assert said == [("old.csv", 1, "D 金額(千円)", "2")]


def test_a_yen_column_beside_one_in_thousands_in_a_file_is_the_one_read(
    tmp_path: Path,
) -> None:
    path = _csv(
        tmp_path / "both.csv",
        ["売上日,得意先コード,担当者,金額(千円),金額", "2024/07/01,T1,青木,3,3210"],
    )
    total, checks = _revenue({"Orders": SourceRef("Orders", str(path))})
    assert total == 3_210.0
    assert not [c for c in checks if "unit" in c.problem]
    (unused,) = [c for c in checks if c.sheet == "both.csv" and c.column == "D 金額(千円)"]
    assert "金額(千円)" in str(unused.params.get("columns"))


def test_a_sources_unit_scales_a_header_that_says_none_and_yields_to_one_that_does(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path / "k.csv", ["売上日,得意先コード,担当者,金額", "2024/07/01,T1,青木,2.5"])
    unit = AmountUnit("千円", 1_000)
    total, checks = _revenue({"Orders": SourceRef("Orders", str(path), unit=unit, row=2)})
    assert total == 2_500.0
    (said,) = [c for c in checks if c.problem == "amount_unit_sources"]
    assert said.params["row"] == 2 and said.severity == "info"
    # The header says 千円, the Sources row 百万円: the header wins, and the row is warned of.
    header = "売上日,得意先コード,担当者,金額(千円)"
    path = _csv(tmp_path / "h.csv", [header, "2024/07/01,T1,青木,2.5"])
    mega = AmountUnit("百万円", 1_000_000)
    total, checks = _revenue({"Orders": SourceRef("Orders", str(path), unit=mega, row=3)})
    assert total == 2_500.0
    (said,) = [c for c in checks if c.problem == "amount_unit_sources_other"]
    assert said.severity == "warn" and said.params["typed"] == "百万円"


def test_the_sources_sheet_reads_a_unit_column_and_stops_on_one_it_cannot_read() -> None:
    rows: list[list[object]] = [
        ["入力", "ソース", "単位"],
        ["受注", "old.csv", "千円"],
        ["受注", "new.csv", None],
    ]
    refs = sources_from_sheet(_sheet(SOURCES.name, rows), Path("/tmp"), [])
    first, second = refs["Orders"].parts
    assert first.unit is not None and first.unit.factor == 1_000 and second.unit is None
    rows[2][2] = "ドル"
    with pytest.raises(InputError) as err:
        sources_from_sheet(_sheet(SOURCES.name, rows), Path("/tmp"), [])
    assert err.value.key == "err.source_unknown_unit" and err.value.params["row"] == 3


def test_nobody_there_is_a_visit_and_stays_a_failed_attempt_as_an_outcome() -> None:
    """A handheld's 訪問区分 不在 (trial 48 L2: 29,966 rows left out): the rep made the stop."""
    raw = _sheet(
        "Visits",
        [
            ["訪問日", "顧客コード", "担当者", "訪問区分", "結果"],
            ["2025-04-01", "C1", "佐藤", "配達", None],
            ["2025-04-01", "C2", "佐藤", "不在", None],
            ["2025-04-02", "C3", "佐藤", "留守", None],
            ["2025-04-02", "C4", "佐藤", "不在票", None],
            ["2025-04-03", "C5", "佐藤", "アポ", "不在"],
        ],
    )
    checks: list[Check] = []
    frame, rows = read_table(VISITS, raw, checks, today=date(2026, 12, 1))
    assert rows.tolist() == [2, 3, 4, 5, 6]
    assert not [c for c in checks if c.severity == "error"]
    assert frame["kind"].tolist() == ["visit"] * 4 + ["attempt"]
    assert frame["outcome"].tolist()[4] == "lost"
    (said,) = [c for c in checks if c.problem == "visits_nobody_there"]
    assert said.params["words_ja"] == "「不在」1行: 3行目, 「留守」1行: 4行目, 「不在票」1行: 5行目"


def test_a_visits_file_says_once_how_many_stops_with_nobody_there_it_counted(
    tmp_path: Path,
) -> None:
    """Two 不在 and one 留守 among four stops: all four visits, one info line naming them by
    word and line (the sheet's words); none when the Words sheet maps 不在 itself."""
    orders = _csv(tmp_path / "o.csv", ["売上日,得意先コード,担当者,金額", "2025/04/01,C1,佐藤,100"])
    visits = _csv(
        tmp_path / "v.csv",
        [
            "訪問日,得意先コード,担当者,訪問区分",
            "2025/04/01,C1,佐藤,配達",
            "2025/04/01,C2,佐藤,不在",
            "2025/04/02,C3,佐藤,留守",
            "2025/04/03,C2,佐藤,不在",
        ],
    )
    refs = {"Orders": SourceRef("Orders", str(orders)), "Visits": SourceRef("Visits", str(visits))}
    ext = external_history(_workbook_data({}), refs, today=date(2026, 12, 1))
    inputs = ext.inputs(date(2025, 4, 30))
    assert int(inputs.history.facts.visits["visits"].sum()) == 4
    (said,) = [c for c in inputs.checks if c.problem == "visits_nobody_there"]
    assert said.sheet == "v.csv" and said.severity == "info" and said.params["count"] == "3"
    assert said.params["words_ja"] == "「不在」2行: 3, 5行目, 「留守」1行: 4行目"
    words = _sheet("Words", [["自社の言葉", "種別"], ["不在", "訪問"], ["留守", "訪問"]])
    ext = external_history(_workbook_data({"Words": words}), refs, today=date(2026, 12, 1))
    checks = ext.inputs(date(2025, 4, 30)).checks
    assert not [c for c in checks if c.problem == "visits_nobody_there"]


def test_an_xlsx_export_takes_its_unit_from_its_sources_row(tmp_path: Path) -> None:
    """An .xlsx export is read by the sheet reader: its Sources row's 万円 applies there too
    (3 + 0.25 万円 = ¥32,500)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Orders"
    for row in (["受注日", "顧客コード", "担当者", "金額"], ["2025-04-01", "C1", "佐藤", 3],
                ["2025-04-02", "C2", "佐藤", 0.25]):  # fmt: skip
        ws.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    ref = SourceRef("Orders", str(path), unit=AmountUnit("万円", 10_000), row=4)
    total, checks = _revenue({"Orders": ref})
    assert total == 32_500.0
    (said,) = [c for c in checks if c.problem == "amount_unit_sources"]
    assert said.sheet == "export.xlsx" and said.params["factor"] == "10,000"


@pytest.mark.parametrize("header", ["金額(円)", "売上金額(税抜・円)", "Amount (JPY)"])
def test_a_header_in_yen_wins_over_a_sources_unit(tmp_path: Path, header: str) -> None:
    """review48: 千円 on the Sources row and a header that says yen: ¥2,500 as the header
    says (it read ¥2,500,000), the row's unit warned of as unused, the header's 円 named."""
    path = _csv(
        tmp_path / "y.csv", [f"売上日,得意先コード,担当者,{header}", "2024/07/01,T1,青木,2500"]
    )
    unit = AmountUnit("千円", 1_000)
    total, checks = _revenue({"Orders": SourceRef("Orders", str(path), unit=unit, row=2)})
    assert total == 2_500.0
    (said,) = [c for c in checks if "amount_unit" in c.problem]
    assert (said.problem, said.severity, said.params["typed"]) == (
        "amount_unit_sources_other",
        "warn",
        "千円",
    )
    assert "見出しのとおり円単位で読みました" in text(said.problem, "ja", **said.params)
    assert "read in yen, as its header says" in text(said.problem, "en", **said.params)


def test_a_workbook_tab_in_another_unit_is_not_read_under_the_first_tabs(
    tmp_path: Path,
) -> None:
    """review48: an export's FY2023 tab in 千円 (4.5) and FY2024 tab in yen (3,000), read one
    under the other, read FY2024's 3,000 yen ×1,000 (¥3,004,500). A tab in another unit is
    another header: left out and named (¥4,500), as a tab with other columns is."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "FY2023"
    first.append(["売上日", "得意先コード", "担当者", "金額(千円)"])
    first.append([date(2023, 7, 3), "T1", "青木", 4.5])
    second = book.create_sheet("FY2024")
    second.append(["売上日", "得意先コード", "担当者", "金額"])
    second.append([date(2024, 7, 1), "T1", "青木", 3000])
    book.save(tmp_path / "tabs.xlsx")
    total, checks = _revenue({"Orders": SourceRef("Orders", str(tmp_path / "tabs.xlsx"))})
    assert total == 4_500.0
    (used,) = [c for c in checks if c.problem == "source_used_sheets_skipped"]
    assert (used.params["sheets"], used.params["skipped"]) == ("FY2023", "FY2024")


def test_yen_on_the_sources_row_is_warned_of_under_a_header_in_thousands(
    tmp_path: Path,
) -> None:
    """review48: 円 typed on the Sources row and 金額(千円) in the file: the header wins
    (2.5 → ¥2,500), and the row's 円 is said unused (it was dropped silently); 円 over a
    header naming no unit says nothing and changes nothing."""
    yen = AmountUnit("円", 1)
    path = _csv(
        tmp_path / "k.csv", ["売上日,得意先コード,担当者,金額(千円)", "2024/07/01,T1,青木,2.5"]
    )
    total, checks = _revenue({"Orders": SourceRef("Orders", str(path), unit=yen, row=2)})
    assert total == 2_500.0
    (said,) = [c for c in checks if "amount_unit" in c.problem]
    assert (said.problem, said.params["typed"], said.params["unit"]) == (
        "amount_unit_sources_other",
        "円",
        "千円",
    )
    plain = _csv(tmp_path / "p.csv", ["売上日,得意先コード,担当者,金額", "2024/07/01,T1,青木,2500"])
    total, checks = _revenue({"Orders": SourceRef("Orders", str(plain), unit=yen, row=2)})
    assert total == 2_500.0
    assert not [c for c in checks if "amount_unit" in c.problem]
    rows: list[list[object]] = [["入力", "ソース", "単位"], ["受注", "old.csv", "円"]]
    refs = sources_from_sheet(_sheet(SOURCES.name, rows), Path("/tmp"), [])
    assert refs["Orders"].unit == AmountUnit("円", 1)
