"""The fastexcel fast path gives exactly what the calamine path gives, on every corpus file."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import routekpi.io.reader as reader
from routekpi.contract import Check, InputError, RawSheet
from routekpi.recalc import RecalcError, compute_data
from routekpi.schema import ORDERS, WORDS, find_sheet
from routekpi.validation.tables import read_table

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.xls*"))


def _outcome(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(reader, "FAST_MIN_BYTES", 0 if fast else 10**12)
    try:
        data = reader.read_workbook(path)
        result, checks, rows, _ = compute_data(data)
    except (InputError, RecalcError) as exc:
        return ("stop", str(exc))
    taken = {k: v.columns is not None for k, v in data.sheets.items() if v is not None}
    cells = [(c.sheet, c.row, c.column, repr(c.value), c.problem, c.severity) for c in checks]
    return cells, rows, result.targets, result.attainment, taken


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_fast_path_matches_calamine(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _outcome(path, True, monkeypatch)
    slow = _outcome(path, False, monkeypatch)
    if fast[0] == "stop" or slow[0] == "stop":
        assert fast == slow
        return
    assert fast[0] == slow[0]  # Checks rows, values as read
    assert fast[1] == slow[1]  # rows read
    pd.testing.assert_frame_equal(fast[2], slow[2])
    pd.testing.assert_frame_equal(fast[3], slow[3])
    assert not any(slow[4].values())


def test_big_clean_sheets_take_the_fast_path(
    sample_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    *_, taken = _outcome(sample_book, True, monkeypatch)
    assert taken["Orders"] and taken["Visits"]


# Cells fastexcel would convert silently where python-calamine hands over another type, and
# untidy layouts: each book either declines the fast path or reads exactly like the slow one.
_TIDY = [
    [dt.datetime(2025, 4, 1), "A001", "Sato", 1200.0, 2.0],
    [dt.datetime(2025, 4, 2, 13, 30), "Ａ００２", " Suzuki ", 800.0, None],
    [dt.datetime(2025, 4, 3), 123.0, "Sato", 100.0, 1.0],
]
_ODD_CELLS: dict[str, tuple[bool, list[list[object]]]] = {
    # name: (fast path expected, extra rows after the tidy ones)
    "text_numbers_and_errors": (
        True,
        [
            ["2025/4/5", "A001", "Sato", "1,200円", 1.0],
            [dt.datetime(2025, 4, 6), "A003", "#N/A", "△300", 1.0],
            [dt.datetime(2062, 4, 6), "A003", "Sato", 5.0, 1.0],
            [None, None, None, None, None],
            [dt.datetime(2025, 4, 7), "  ", "Sato", 10.0, "x"],
        ],
    ),
    "bool_in_amount": (False, [[dt.datetime(2025, 4, 5), "A001", "Sato", True, 1.0]]),
    "yyyymmdd_in_date": (False, [[20250405, "A001", "Sato", 10.0, 1.0]]),
    "decimal_account_code": (False, [[dt.datetime(2025, 4, 5), 12.5, "Sato", 10.0, 1.0]]),
    "date_in_rep": (False, [[dt.datetime(2025, 4, 5), "A001", dt.date(2025, 1, 1), 10.0, 1.0]]),
    "nan_text_in_amount": (False, [[dt.datetime(2025, 4, 5), "A001", "Sato", "NaN", 1.0]]),
    "old_serial_in_date": (False, [[45.0, "A001", "Sato", 10.0, 1.0]]),
}


def _odd_book(path: Path, rows: list[list[object]], *, merge: bool = False) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Settings"
    ws = wb.create_sheet("Orders")
    ws.append(["受注日", "顧客コード", "担当者", "金額", "数量"])
    for row in [*_TIDY, *rows]:
        ws.append(row)
    for cell in ws["A"][1:]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "#N/A" or row[2].value == "#N/A":
            row[2].data_type = "e"
    if merge:
        ws.merge_cells("C2:C3")
    wb.save(path)
    return path


def _orders(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    monkeypatch.setattr(reader, "FAST_MIN_BYTES", 0 if fast else 10**12)
    raw = reader.read_workbook(path).sheets["Orders"]
    assert raw is not None
    checks: list[Check] = []
    frame, rows = read_table(ORDERS, raw, checks, today=dt.date(2026, 1, 1))
    cells = [(c.row, c.column, repr(c.value), c.problem, c.severity) for c in checks]
    return raw.columns is not None, frame, rows.tolist(), cells


@pytest.mark.parametrize("case", sorted(_ODD_CELLS))
def test_cells_fastexcel_converts_silently(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expect_fast, rows = _ODD_CELLS[case]
    path = _odd_book(tmp_path / f"{case}.xlsx", rows)
    took_fast, fast_frame, fast_rows, fast_cells = _orders(path, True, monkeypatch)
    took_slow, slow_frame, slow_rows, slow_cells = _orders(path, False, monkeypatch)
    assert (took_fast, took_slow) == (expect_fast, False)
    pd.testing.assert_frame_equal(fast_frame, slow_frame)
    assert fast_rows == slow_rows
    assert fast_cells == slow_cells


def test_odd_cells_read_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tidy-but-odd book on the fast path: what each odd cell became, by hand."""
    path = _odd_book(tmp_path / "odd.xlsx", _ODD_CELLS["text_numbers_and_errors"][1])
    _, frame, rows, cells = _orders(path, True, monkeypatch)
    assert frame["account"].tolist() == ["A001", "A002", "123", "A001"]
    assert frame["rep"].tolist() == ["Sato", "Suzuki", "Sato", "Sato"]
    assert frame["amount"].tolist() == [1200.0, 800.0, 100.0, 1200.0]
    assert frame["date"].dt.day.tolist() == [1, 2, 3, 5]
    assert rows == [2, 3, 4, 5]
    assert cells == [
        (6, "C 担当者", "'#N/A'", "error_value", "error"),
        (7, "A 受注日", "datetime.date(2062, 4, 6)", "date_after_today", "error"),
        (9, "B 顧客コード", "None", "blank", "error"),
        (9, "E 数量", "'x'", "not_a_number_ignored", "warn"),
        # 3 of the 7 rows left out: over a quarter, so critical.
        (None, "", "None", "rows_skipped_most", "critical"),
    ]


def test_merged_cells_take_the_slow_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _odd_book(tmp_path / "merged.xlsx", [], merge=True)
    took_fast, frame, *_ = _orders(path, True, monkeypatch)
    assert not took_fast
    assert frame["rep"].tolist() == ["Sato", "Sato", "Sato"]  # the merged value, spread


@pytest.mark.parametrize(
    ("marker", "untidy"),
    [
        (b'<c r="A9" t="d"><v>2025-04-05T00:00:00</v></c>', True),  # an ISO-dated cell
        (b'<c r="A9" t="b"><v>1</v></c>', True),  # a boolean
        (b'</row></sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>', True),
        (b'<c r="A9" t="s"><v>0</v></c><c r="B9" t="inlineStr"><is><t>b"</t></is></c>', False),
    ],
)
@pytest.mark.parametrize("cut", [0, 3, 8])
def test_layout_scan_finds_untidy_cells_across_chunks(
    tmp_path: Path, marker: bytes, untidy: bool, cut: int
) -> None:
    """The byte scan streams the part in 4 MB chunks: a marker cut in two by a chunk's end
    (``cut`` bytes of it in the first chunk, or none) is found all the same."""
    import zipfile

    head = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2">'
    at = head.index(b'<row r="2">') + len(b'<row r="2">')
    key = marker.index(b"t=" if b"t=" in marker else b"mergeCell ")
    pad = b" " * ((1 << 22) - at - key - cut)
    xml = head + pad + marker + b"</row></sheetData></worksheet>"
    path = tmp_path / "layout.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    assert reader._sheet_layout(path, "xl/worksheets/sheet1.xml") == (1, untidy)


def test_layout_scan_finds_a_marker_cut_over_three_short_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inflating can hand back pieces shorter than a marker (the stream's tail, a flush):
    ``t="b"`` cut as ``<c r="B2" t`` | ``="`` | ``b">…`` is still seen (the seam keeps the
    last 16 bytes read, over as many pieces as it takes)."""
    pieces = [
        b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>',
        b'<row r="2"><c r="B2" t',
        b'="',
        b'b"><v>1</v></c></row></sheetData></worksheet>',
    ]
    monkeypatch.setattr(reader, "_inflate", lambda path, part: iter(pieces))
    assert reader._sheet_layout(tmp_path / "x.xlsx", "sheet1.xml") == (1, True)
    tidy = b"".join(pieces).replace(b' t="b"', b"")
    monkeypatch.setattr(reader, "_inflate", lambda path, part: iter([tidy[:70], tidy[70:]]))
    assert reader._sheet_layout(tmp_path / "x.xlsx", "sheet1.xml") == (1, False)


def test_layout_scan_looks_for_merged_cells_where_they_are_declared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merged ranges are declared after ``sheetData``: only the sheet's last bytes (at least
    ``_TAIL_BYTES``) are searched for them. A cell whose text reads "mergeCell " far above
    them is no merged range; a tail that does not reach back to the end of ``sheetData`` (or
    a sheet without one) may hide declarations, so the slow path reads that sheet."""
    monkeypatch.setattr(reader, "_TAIL_BYTES", 64)
    text_cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>mergeCell x</t></is></c></row>'
    rows = b"".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'.encode() for r in range(3, 40))
    start = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    merged = b'<mergeCells count="1"><mergeCell ref="A3:A4"/></mergeCells>'

    def layout(*pieces: bytes) -> tuple[int | None, bool]:
        monkeypatch.setattr(reader, "_inflate", lambda path, part: iter(pieces))
        return reader._sheet_layout(tmp_path / "x.xlsx", "sheet1.xml")

    end = b"</sheetData></worksheet>"
    assert layout(start, text_cell, rows, end) == (1, False)
    assert layout(start, text_cell, rows, b"</sheetData>", merged, b"</worksheet>") == (1, True)
    prefixed = b"</x:sheetData><x:mergeCells count='1'><x:mergeCell ref='A3:A4'/></x:mergeCells>"
    assert layout(start, rows, prefixed) == (1, True)
    assert layout(start, rows, b"</x:sheetData></x:worksheet>") == (1, False)
    # The end of sheetData 200 bytes before the last 64 kept: the declarations may be there.
    far = b"</sheetData>" + merged + b"<pageMargins/>" * 20
    assert layout(start, rows, far, b"<pageSetup/>" * 10, b"</worksheet>") == (1, True)
    # A stray "sheetData>" that is no end tag does not count as one.
    assert layout(start, rows, b"<t>sheetData></t>") == (1, True)


def test_layout_scan_inflates_members_exactly_and_names_a_damaged_one(tmp_path: Path) -> None:
    """The scan's inflate (ISA-L where installed) gives back the member's very bytes, in
    pieces; a member whose deflate stream is damaged raises zlib.error, which the reader
    turns into the slow path (that one names the problem)."""
    import random
    import zipfile
    import zlib

    rng = random.Random(3)
    body = b"".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{rng.random()}</t></is></c></row>'.encode()
        for r in range(1, 60_000)
    )
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", body)
    pieces = list(reader._inflate(path, "xl/worksheets/sheet1.xml"))
    assert len(pieces) > 1 and b"".join(pieces) == body
    data = bytearray(path.read_bytes())
    at = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    data[at + 100 : at + 400] = bytes(rng.randrange(256) for _ in range(300))
    path.write_bytes(bytes(data))
    with pytest.raises(zlib.error):
        b"".join(reader._inflate(path, "xl/worksheets/sheet1.xml"))


def test_the_reader_imports_no_pandas() -> None:
    """The command line reads the file while pandas imports: the reader must not need it."""
    code = "import sys, routekpi.io.reader; print('pandas' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "False", proc.stderr


@pytest.mark.parametrize(
    ("rows", "nothing"),
    [
        ([], True),
        ([["入力", "ソース", "テーブル/クエリ", "文字コード"]], True),
        ([["", None], ["入力", "ソース"], [None, ""]], True),  # blank rows around a header
        ([["入力", "ソース"], ["受注", "orders.csv"]], False),
        ([["入力", "ソース"], [None, 0]], False),  # a zero is something: the sheet decides
    ],
)
def test_a_sources_sheet_names_nothing_without_a_row_below_its_header(
    rows: list[list[object]], nothing: bool
) -> None:
    sheet = RawSheet(name="Sources", rows=rows)
    assert reader._names_nothing(sheet) is nothing


def test_the_command_lines_read_keeps_freed_memory_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's early read sets glibc's allocator to keep freed blocks (a trim
    threshold of 1 GiB, blocks mapped on their own from 512 MiB); a MALLOC_*_ variable the
    user set wins, and so does a system without Linux's C library."""
    import ctypes

    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, param: int, value: int) -> int:
            calls.append((param, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    monkeypatch.setattr(reader.sys, "platform", "linux")
    for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        monkeypatch.delenv(name, raising=False)
    reader._malloc_keeps_freed_memory()
    assert calls == [(-1, 1 << 30), (-3, 512 << 20)]
    calls.clear()
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    reader._malloc_keeps_freed_memory()
    assert calls == []
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    monkeypatch.setattr(reader.sys, "platform", "win32")
    reader._malloc_keeps_freed_memory()
    assert calls == []
    # The early read sets it before its first block; a plain read_workbook does not.
    monkeypatch.setattr(reader.sys, "platform", "linux")
    book = _odd_book(tmp_path / "b.xlsx", [])
    reader.read_workbook(book)
    assert calls == []
    reader.BackgroundRead(book).result()
    assert calls == [(-1, 1 << 30), (-3, 512 << 20)]


def _prepared_outcome(path: Path, ahead: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """``_outcome`` on the fast path, with the big tables validated in the read's threads
    (``ahead``, as ``BackgroundRead`` does) or by validation itself; the tables validation
    read again are listed."""
    import routekpi.validation.tables as tables

    # Every sheet on the fast path but the Words sheet (read by calamine, as in a real book).
    monkeypatch.setattr(reader, "FAST_MIN_BYTES", 1)
    sizes = reader._checked_sizes

    def words_small(book: Path) -> dict[str, int]:
        found = sizes(book)
        with contextlib.suppress(Exception):  # a damaged corpus book: the reader says so
            for tab, part in reader.sheet_part_names(book).items():
                if find_sheet(tab) is WORDS:
                    found[part] = 0
        return found

    monkeypatch.setattr(reader, "_checked_sizes", words_small)
    again: list[str] = []
    read = tables.read_table

    def counted(spec: object, *args: object, **kwargs: object) -> object:
        again.append(spec.name)  # type: ignore[attr-defined]
        return read(spec, *args, **kwargs)  # type: ignore[arg-type]

    def prepare(name: str, sheet: RawSheet, words: RawSheet | None) -> object:
        return tables.prepare_table(name, sheet, words, today=dt.date.today())

    try:
        data = reader.read_workbook(path, prepare=prepare if ahead else None)
        monkeypatch.setattr(tables, "read_table", counted)
        result, checks, rows, _ = compute_data(data)
    except (InputError, RecalcError) as exc:
        return ("stop", str(exc)), [], []
    finally:
        monkeypatch.setattr(tables, "read_table", read)
    cells = [(c.sheet, c.row, c.column, repr(c.value), c.problem, c.severity) for c in checks]
    outcome = cells, rows, result.targets, result.attainment
    return outcome, sorted(data.prepared), again


@pytest.mark.parametrize("path", [*CORPUS, None], ids=lambda p: p.name if p else "sample")
def test_tables_validated_in_the_reads_threads_are_the_same_tables(
    path: Path | None, sample_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Orders and Visits validated as soon as each is parsed (``read_workbook``'s
    ``prepare``) give the very Checks rows, in their order, rows read and results; the
    validation then reads neither again."""
    book = path or sample_book
    ahead, prepared, again = _prepared_outcome(book, True, monkeypatch)
    plain, none, _ = _prepared_outcome(book, False, monkeypatch)
    assert none == []
    if ahead[0] == "stop" or plain[0] == "stop":
        assert ahead == plain
        return
    assert ahead[0] == plain[0]
    assert ahead[1] == plain[1]
    pd.testing.assert_frame_equal(ahead[2], plain[2])
    pd.testing.assert_frame_equal(ahead[3], plain[3])
    assert not set(prepared) & set(again)
    if path is None:  # the sample book: both big sheets take the fast path
        assert prepared == ["Orders", "Visits"]


def test_a_table_validated_ahead_for_another_day_is_read_again(
    sample_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prepared table is taken only for the day (and words) validation reads with: one
    made for another day (a run across midnight) is left, and the sheet read again."""
    import routekpi.validation.tables as tables

    monkeypatch.setattr(reader, "FAST_MIN_BYTES", 64 * 1024)  # not the Words sheet

    def prepare(name: str, sheet: RawSheet, words: RawSheet | None) -> object:
        return tables.prepare_table(name, sheet, words, today=dt.date(2000, 1, 1))

    data = reader.read_workbook(sample_book, prepare=prepare)
    assert sorted(data.prepared) == ["Orders", "Visits"]
    stale = data.prepared["Orders"]
    assert isinstance(stale, tables.PreparedTable)
    assert len(stale.frame) == 0  # every order is after its day
    inputs = tables.validate_inputs(data.sheets, prepared=data.prepared)
    assert len(inputs.history.orders) > 0
