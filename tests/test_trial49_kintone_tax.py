"""Trial 49 (理美容ディーラー): an old 販売管理 export (税抜, plain 金額, 伝票番号) stacked with a
kintone order app's export (UTF-8 BOM, 金額(税込), its record's レコード番号 on every 明細 line).

- H2: レコード番号 is the order number, on a pasted sheet and in a file: a record's three product
  lines are one order (before: three orders, orders per visit ×3). A stacked file with no order
  number whose lines per customer and day are ≥2× the slips beside it is a critical Check, not
  the column-missing warning's 「このままで構いません」.
- H3: a file's tax basis is its own. A 税込 file beside one its Sources row (税) or header says
  is 税抜 is divided by 1.10 (the whole history 税抜); beside a file that says neither, a
  critical Check names both files and the step at the switch (+10.0% here, none within each).

Every file is written to disk and read back (CSV as the systems write them; the pasted sheet
in a template book saved by openpyxl and read by routekpi's reader). By hand: two accounts
order on the 10th of every month; the old file (2024-04 … 2025-03) books ¥1,000 a line in 3
lines of one slip, the new one (2025-04 … 2026-03) the same sales 税込 (¥1,100 a line).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.contract import Check, InputError, RawSheet
from routekpi.io.reader import read_workbook
from routekpi.messages import text
from routekpi.schema import ORDERS
from routekpi.sources import SourceRef, external_history, named_sources
from routekpi.validation.tables import validate_inputs
from routekpi.validation.tax import TAX_PROBLEM, tax_included, typed_basis
from tests.test_sources import _workbook_data
from tests.workbook_files import edit, lines_book, template_book

TODAY = date(2026, 5, 1)
ACCOUNTS = (("K0010", "佐藤 一郎"), ("K0015", "伊藤 花子"))
PRODUCTS = ("シャンプー 5L", "カラー剤", "タオル")
OLD_HEADER = ["売上日", "伝票番号", "得意先コード", "担当者名", "商品名", "数量", "金額"]
KINTONE_HEADER = ["レコード番号", "日付", "顧客コード", "担当者", "商品名", "数量", "金額(税込)"]


def _months(first: str, last: str) -> list[date]:
    return [(m + pd.Timedelta(days=9)).date() for m in pd.date_range(first, last, freq="MS")]


def _old_rows() -> list[list[object]]:
    """販売管理: a slip of three ¥1,000 lines per account and month, 2024-04 … 2025-03."""
    rows: list[list[object]] = []
    for i, day in enumerate(_months("2024-04-01", "2025-03-01")):
        for k, (account, rep) in enumerate(ACCOUNTS):
            for product in PRODUCTS:
                rows.append([day, 500000 + 2 * i + k, account, rep, product, 1, 1000])
    return rows


def _kintone_rows(yen: int = 1100, record: bool = True) -> list[list[object]]:
    """kintone: one record of three lines per account and month, 2025-04 … 2026-03; each line
    ``yen`` (税込 ¥1,100: the same sales as the old file's ¥1,000 税抜)."""
    rows: list[list[object]] = []
    for i, day in enumerate(_months("2025-04-01", "2026-03-01")):
        for k, (account, rep) in enumerate(ACCOUNTS):
            for product in PRODUCTS:
                line = [day, account, rep, product, 1, yen]
                rows.append([13 + 2 * i + k, *line] if record else line)
    return rows


def _csv(path: Path, header: list[str], rows: list[list[object]], encoding: str) -> Path:
    """The rows as the system writes them (販売管理: CP932, 2024/04/10; kintone: UTF-8 BOM)."""
    lines = [",".join(header)]
    for r in rows:
        lines.append(",".join(f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _accounts() -> RawSheet:
    rows: list[list[object]] = [["顧客コード", "担当者", "取引開始日"]]
    rows += [[a, rep, date(2020, 1, 1)] for a, rep in ACCOUNTS]
    return RawSheet(name="Accounts", rows=rows)


def _read(refs: dict[str, SourceRef]) -> tuple[pd.DataFrame, list[Check]]:
    """The order rows and Checks of a run over the Sources ``refs``."""
    data = _workbook_data({"Accounts": _accounts()})
    ext = external_history(data, refs, today=TODAY)
    checks = list(ext._checks)
    return ext.raw_inputs().history.orders, checks


def _stack(tmp_path: Path, typed: str | None = None, **kintone: object) -> SourceRef:
    """The Sources sheet's two 受注 rows as the manager types them (a 税 column when
    ``typed``: that word on the old file's row), read back by ``sources_from_sheet``."""
    old = _csv(tmp_path / "販売管理_売上明細.csv", OLD_HEADER, _old_rows(), "cp932")
    header = KINTONE_HEADER if kintone.get("record", True) else KINTONE_HEADER[1:]
    new = _csv(tmp_path / "kintone_受注明細.csv", header, _kintone_rows(**kintone), "utf-8-sig")
    return _sources_book(tmp_path, [[old.name, typed], [new.name, None]])["Orders"]


def _sources_book(tmp_path: Path, rows: list[list[object]]) -> dict[str, SourceRef]:
    """The template book with the Sources sheet's 受注 rows (file, 税) typed as a manager
    does (the 税 header added in column E when a row has a word), saved and read back."""
    book = tmp_path / "book.xlsm"
    with template_book(book, kgi=30_000, plan_year=2026, start_month=4, as_of=None) as wb:
        ws = wb["Sources"]
        assert [c.value for c in ws[1][:4]] == ["入力", "ソース", "テーブル/クエリ", "文字コード"]
        if any(typed for _, typed in rows):
            ws["E1"] = "税"
        for i, (name, typed) in enumerate(rows, 2):
            ws.cell(i, 1, "受注")
            ws.cell(i, 2, name)
            ws.cell(i, 5, typed)
    checks: list[Check] = []
    refs = named_sources(read_workbook(book), None, tmp_path, checks)
    assert not [c for c in checks if c.severity != "info"]
    return refs


# --- H2: レコード番号 is the order number ------------------------------------------------------


@pytest.mark.parametrize("header", ["レコード番号", "レコードID", "$id"])
def test_kintone_record_headers_name_the_order_number(header: str) -> None:
    assert ORDERS.column("order_id").matches(header)
    # A slip number beside it names the order first (plainer name, ``match_headers``).
    col = ORDERS.column("order_id")
    assert col.rank("伝票番号") < col.rank(header)  # type: ignore[operator]


def test_a_pasted_kintone_export_counts_its_records_as_orders(tmp_path: Path) -> None:
    """The kintone export pasted on the Orders sheet of a template book, saved and read back:
    24 records of 3 lines are 24 orders of ¥3,300 (before: 72 orders of ¥1,100)."""
    book = lines_book(tmp_path / "book.xlsm", KINTONE_HEADER, _kintone_rows(), kgi=30_000)
    with edit(book) as wb:  # Excel pastes the export's own format over the template's date
        wb["Orders"]["A2"].number_format = "General"
    data = read_workbook(book)
    inputs = validate_inputs(data.sheets, today=TODAY)
    orders = inputs.history.orders
    assert len(orders) == 24
    assert orders["amount"].tolist() == [3300.0] * 24
    assert orders["quantity"].tolist() == [3.0] * 24


def test_a_kintone_file_counts_its_records_as_orders(tmp_path: Path) -> None:
    path = _csv(tmp_path / "kintone.csv", KINTONE_HEADER, _kintone_rows(), "utf-8-sig")
    orders, checks = _read({"Orders": SourceRef("Orders", str(path))})
    assert len(orders) == 24 and orders["amount"].sum() == 24 * 3300.0
    assert not [c for c in checks if "レコード番号" in str(c.value)]  # not 「使いません」


def test_a_visit_file_with_a_record_number_reads_as_before(tmp_path: Path) -> None:
    """A kintone visit app's export carries レコード番号 too: Visits has no order number, so
    it is one more column not used (an info line), every visit read."""
    orders = _csv(tmp_path / "kintone.csv", KINTONE_HEADER, _kintone_rows(), "utf-8-sig")
    days = _months("2025-04-01", "2026-03-01")
    visits = [[i + 1, day, rep, a, "訪問"] for i, day in enumerate(days) for a, rep in ACCOUNTS]
    header = ["レコード番号", "訪問日", "担当者", "顧客コード", "種別"]
    path = _csv(tmp_path / "visits.csv", header, visits, "utf-8-sig")
    refs = {"Orders": SourceRef("Orders", str(orders)), "Visits": SourceRef("Visits", str(path))}
    data = _workbook_data({"Accounts": _accounts()})
    ext = external_history(data, refs, today=TODAY)
    checks = list(ext._checks)
    got = ext.raw_inputs().history.visits
    assert len(got) == 24
    (unused,) = [c for c in checks if c.sheet == "visits.csv" and c.value == "レコード番号"]
    assert unused.severity == "info"
    assert not [c for c in checks if c.severity in ("error", "critical")]


def _lines_not_orders(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.problem == "stack_lines_not_orders"]


def test_a_stacked_file_without_order_numbers_is_critical_not_fine_as_is(tmp_path: Path) -> None:
    """The kintone export without its レコード番号 under the 販売管理 file: 3 lines per
    customer and day against 1 slip — a critical line naming the file, ×3.0; the column-missing
    warning 「このままで構いません」 on 伝票番号 is gone (before: that warning alone)."""
    ref = _stack(tmp_path, record=False, yen=1000)
    orders, checks = _read({"Orders": ref})
    (said,) = _lines_not_orders(checks)
    assert said.severity == "critical" and said.sheet == "kintone_受注明細.csv"
    assert said.params["ratio"] == "3.0" and said.params["per_day"] == "3.00"
    assert said.params["their_per_day"] == "1.00" and said.params["their_lines"] == "3.0"
    assert said.params["column"] == "伝票番号" and said.params["row"] == 3
    assert (said.params["first"], said.params["last"]) == ("2025-04", "2026-03")
    missing = [c for c in checks if c.problem.startswith("source_part_column_missing")]
    assert not [c for c in missing if c.column == "伝票番号"]
    # What it guards against: 24 old slips, and 72 "orders" from the new file's 72 lines.
    assert len(orders) == 24 + 72
    # The new file's 金額(税込) at the old file's ¥1,000 a line: no step at the switch, so the
    # untold basis is a warning, not critical (it may be 税込 too).
    (untold,) = [c for c in checks if c.problem == "tax_stack_untold_small"]
    assert (untold.params["step"], untold.severity) == ("+0.0%", "warn")
    # Its sentence (review49): no step read as growth; 税込 on the old file's row ends it.
    said = text(untold.problem, "ja", **untold.params)
    assert "前年同期比 +0.0% で、税の分(約10%)の段差は見えないため" in said
    assert (
        "Sources シート 2 行目に「税」列を作って「税込」と入力すると、この行は出なくなります"
        in said
    )
    assert "伸びとして読まれ" not in said
    assert "no step of the tax" in text(untold.problem, "en", **untold.params)


def test_a_stacked_file_with_one_line_an_order_is_fine_as_is(tmp_path: Path) -> None:
    """The new file's one line per customer and day (no order number needed): no critical line,
    the column-missing warning stays."""
    old = _csv(tmp_path / "old.csv", OLD_HEADER, _old_rows(), "cp932")
    rows = [r for r in _kintone_rows(record=False, yen=3000) if r[3] == PRODUCTS[0]]
    new = _csv(tmp_path / "new.csv", [*KINTONE_HEADER[1:6], "金額"], rows, "utf-8-sig")
    ref = SourceRef("Orders", str(old), row=2, more=(SourceRef("Orders", str(new), row=3),))
    _, checks = _read({"Orders": ref})
    assert not _lines_not_orders(checks)
    assert [c for c in checks if c.problem.startswith("source_part_column_missing")]


# --- H3: each file's tax basis ----------------------------------------------------------------


def test_the_sources_tax_words() -> None:
    words = ("税込", "税抜", "内税", "外税", "税別", "ＮＥＴ", "税込み")
    assert [typed_basis(w) for w in words] == [
        "gross",
        "net",
        "gross",
        "net",
        "net",
        "net",
        "gross",
    ]
    assert typed_basis("たぶん税込と税抜") is None


def test_a_taxed_file_beside_an_untold_one_is_critical(tmp_path: Path) -> None:
    """Nothing says the old file is 税抜: the history stays as typed (税込 labels), and a
    critical line names both files, the Sources row to type on, and the step: +10.0% over
    the same months a year before, 0.0% within each file (before: 税込 throughout, silent)."""
    orders, checks = _read({"Orders": _stack(tmp_path)})
    assert orders["amount"].sum() == 24 * 3000.0 + 24 * 3300.0  # nothing divided
    assert tax_included(checks)
    (said,) = [c for c in checks if c.problem == "tax_stack_untold"]
    assert said.severity == "critical" and said.sheet == "kintone_受注明細.csv"
    assert said.params["others"] == "販売管理_売上明細.csv" and said.params["rows"] == "2"
    assert (said.params["switch"], said.params["step"], said.params["months"]) == (
        "2025-04",
        "+10.0%",
        12,
    )
    assert said.params["column"] == "G 金額(税込)"
    assert said.params["other_columns"] == "「G 金額」"


def test_a_taxed_file_beside_one_typed_net_is_divided(tmp_path: Path) -> None:
    """Sources 税 = 税抜 on the old file's row: the kintone lines are divided by 1.10, every
    order ¥3,000 as the books have it, and the labels say nothing of tax (before: the 税
    column unread, ¥3,300 orders from 2025-04 and 税込 labels)."""
    orders, checks = _read({"Orders": _stack(tmp_path, typed="税抜")})
    assert orders["amount"].round(6).tolist() == [3000.0] * 48
    assert not tax_included(checks)
    (said,) = [c for c in checks if c.problem == "tax_stack_netted"]
    assert said.severity == "info" and said.sheet == "kintone_受注明細.csv"
    assert said.params["lines"] == "72"
    assert (said.params["gross"], said.params["tax"]) == ("¥79,200", "¥7,200")
    assert not [c for c in checks if c.problem in ("tax_stack_untold", TAX_PROBLEM)]


def test_a_taxed_file_beside_a_net_header_is_divided(tmp_path: Path) -> None:
    """The old file's header says 金額(税抜): the same as the Sources word."""
    old = _csv(tmp_path / "old.csv", [*OLD_HEADER[:-1], "金額(税抜)"], _old_rows(), "cp932")
    new = _csv(tmp_path / "new.csv", KINTONE_HEADER, _kintone_rows(), "utf-8-sig")
    ref = SourceRef("Orders", str(old), row=2, more=(SourceRef("Orders", str(new), row=3),))
    orders, checks = _read({"Orders": ref})
    assert orders["amount"].round(6).tolist() == [3000.0] * 48
    assert [c.problem for c in checks if c.problem.startswith("tax_")] == ["tax_stack_netted"]


def test_a_file_typed_gross_beside_a_taxed_one_keeps_both_taxed(tmp_path: Path) -> None:
    """Sources 税 = 税込 on the old file: both files 税込, nothing divided, no critical line;
    the labels say 税込."""
    orders, checks = _read({"Orders": _stack(tmp_path, typed="税込")})
    assert orders["amount"].sum() == 24 * 3000.0 + 24 * 3300.0
    assert tax_included(checks)
    assert not [c for c in checks if c.problem.startswith("tax_stack")]


def test_a_single_file_typed_gross_reads_taxed(tmp_path: Path) -> None:
    """One file, plain 金額, Sources 税 = 税込: read as a 税込 header is (labels 税込)."""
    path = _csv(tmp_path / "old.csv", OLD_HEADER, _old_rows(), "cp932")
    _, checks = _read(_sources_book(tmp_path, [[path.name, "税込"]]))
    (said,) = [c for c in checks if c.problem == TAX_PROBLEM]
    assert said.sheet == "old.csv" and said.column == "G 金額"


def test_an_unknown_sources_tax_word_stops_naming_the_row(tmp_path: Path) -> None:
    with pytest.raises(InputError) as stop:
        _sources_book(tmp_path, [["old.csv", "半々"]])
    assert stop.value.key == "err.source_unknown_tax"
    assert stop.value.params == {"row": 2, "typed": "半々"}


def test_a_sources_word_against_the_header_is_warned_and_the_header_read(tmp_path: Path) -> None:
    """Sources 税 = 税抜 on the kintone file whose header says 金額(税込): read as the header
    says (税込, labels 税込), and a warning names the Sources row."""
    path = _csv(tmp_path / "kintone.csv", KINTONE_HEADER, _kintone_rows(), "utf-8-sig")
    orders, checks = _read(_sources_book(tmp_path, [[path.name, "税抜"]]))
    assert orders["amount"].sum() == 24 * 3300.0 and tax_included(checks)
    (said,) = [c for c in checks if c.problem == "tax_typed_header_wins"]
    assert said.severity == "warn" and said.params["source_row"] == 2
    assert (said.sheet, said.column) == ("kintone.csv", "G 金額(税込)")


@pytest.mark.parametrize(
    ("typed", "basis"),
    [
        ("Tax included", "gross"),
        ("tax-included", "gross"),
        ("incl. tax", "gross"),
        ("Net of tax", "net"),
        ("excl. tax", "net"),
        ("Excluding tax", "net"),
        ("pre-tax", "net"),
        ("tax incl/excl", None),
    ],
)
def test_the_sources_tax_words_in_english(typed: str, basis: str | None) -> None:
    """An en book's user types the basis as the en messages say it (review49: each stopped
    the run as an unknown word); both at once is still no basis."""
    assert typed_basis(typed) == basis


def test_an_english_net_word_on_sources_divides_the_taxed_file(tmp_path: Path) -> None:
    """Sources 税 = "net of tax" on the old file's row, saved and read back: as 税抜 (before:
    the run stopped with err.source_unknown_tax)."""
    orders, checks = _read({"Orders": _stack(tmp_path, typed="net of tax")})
    assert orders["amount"].round(6).tolist() == [3000.0] * 48
    assert [c.problem for c in checks if c.problem.startswith("tax_stack")] == ["tax_stack_netted"]
