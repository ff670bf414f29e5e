"""Build the bad-input corpus: one small real workbook per damaged or hostile case.

Every case starts from ``base.xlsm`` — the template filled with a reduced seeded sample
(3 reps, 30 accounts, 2024-04 … 2026-06) — and edits it the way people do: with openpyxl
(standing in for Excel) for cell and sheet edits, at the zip level for hostile files.
Files are normalised (fixed zip timestamps and document dates) so the script reproduces
the same contents; ``tests/test_bad_input.py`` checks that.

Cases whose name starts with ``lo_`` are edited by LibreOffice Calc itself, driven over UNO
(``lo_edit.py``, run by the system Python that has the ``uno`` module); ``xlsxwriter_`` and
``pandas_`` cases are written from scratch by those libraries, as scripts in the wild do.

Run ``python tests/corpus/make_corpus.py [OUT_DIR]`` (default: this folder) after changing
a case, and commit the files. The expected behaviour of each case lives in the test.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import xlsxwriter
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from routekpi import schema
from routekpi.io.package import sheet_part_names
from routekpi.io.samplebook import input_contents
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell
from routekpi.io.template import build_template
from routekpi.io.vba.cfb import build_compound_file
from routekpi.sample import SampleHistory, generate_sample

HERE = Path(__file__).resolve().parent
BASE = "base.xlsm"
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)
_DEFAULT_TYPE = re.compile(rb"<Default\b[^>]*/>")
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")

Case = Callable[[Path], None]
CASES: dict[str, Case] = {}
# LibreOffice writes a fresh VBA project on every save (its bytes differ from run to run).
VOLATILE_MEMBERS = ("xl/vbaProject.bin",)
LO_PYTHON = "/usr/bin/python3"  # the Python that Debian's python3-uno installs into


def case(name: str) -> Callable[[Case], Case]:
    """Register a case; ``name`` is its file name in the corpus."""

    def register(fn: Case) -> Case:
        CASES[name] = fn
        return fn

    return register


# --------------------------------------------------------------------------- helpers


def corpus_sample() -> SampleHistory:
    """The reduced seeded sample every case starts from (3 reps, 30 accounts)."""
    return generate_sample(seed=3, reps=3, accounts=30, first_month="2024-04", as_of="2026-06-30")


def build_base(path: Path) -> None:
    """The valid starting point: template + reduced sample, written by the project's helpers."""
    sample = corpus_sample()
    data = build_template("ja", settings={**sample.settings, "Language": "ja"})
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "template.xlsm"
        src.write_bytes(data)
        rewrite_workbook(src, input_contents(sample, "ja"), dst=path, resize_tables=True)
    normalise(path)


def normalise(path: Path) -> None:
    """Fixed member timestamps and document dates, so a rebuild has the same contents."""
    with zipfile.ZipFile(path) as zf:
        members = [(i, zf.read(i)) for i in zf.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)
            if info.filename == "[Content_Types].xml":  # openpyxl writes a set: any order
                ordered = iter(sorted(_DEFAULT_TYPE.findall(data)))
                data = _DEFAULT_TYPE.sub(lambda _, it=ordered: next(it), data)
            fixed = zipfile.ZipInfo(info.filename, _FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, data)
    path.write_bytes(buf.getvalue())


@contextmanager
def edit(path: Path) -> Iterator[openpyxl.Workbook]:
    """Open the workbook as a user's editor would, save it on exit."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    yield wb
    wb.save(path)
    normalise(path)


def fit_table(ws: Worksheet) -> None:
    """Re-fit the sheet's Excel table to the used range (Excel grows tables as you type)."""
    for name in list(ws.tables):
        old = ws.tables[name]
        del ws.tables[name]
        ref = f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
        table = Table(displayName=old.displayName, name=old.name, ref=ref)
        table.tableStyleInfo = old.tableStyleInfo
        table.tableColumns = [
            TableColumn(id=i + 1, name=str(c.value or f"Column{i + 1}"))
            for i, c in enumerate(ws[1])
        ]
        ws.add_table(table)


def drop_tables(ws: Worksheet) -> None:
    """Turn the Excel table back into a plain range (duplicate headers are not allowed in one)."""
    for name in list(ws.tables):
        del ws.tables[name]


def zip_edit(
    path: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> None:
    """Rewrite the archive with some members replaced, added or dropped."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist() if i.filename not in drop]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in [*members, *add.items()]:
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, replace.get(name, data))
    path.write_bytes(buf.getvalue())


def have_libreoffice() -> bool:
    """soffice and a Python with the uno module: what the ``lo_`` cases need."""
    if shutil.which("soffice") is None or not Path(LO_PYTHON).exists():
        return False
    probe = subprocess.run([LO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


def libreoffice(path: Path, *ops: list[object]) -> None:
    """Open the workbook in LibreOffice Calc, apply ``ops`` (see lo_edit.py) and save it."""
    out = path.with_name(f"lo_{path.name}")
    subprocess.run(
        [LO_PYTHON, str(HERE / "lo_edit.py"), str(path), str(out), json.dumps(list(ops))],
        check=True,
        timeout=300,
    )
    out.replace(path)
    normalise(path)


def _plain(value: object) -> object:
    return value.value if isinstance(value, Cell) else value


def input_rows(sample: SampleHistory) -> dict[str, list[list[object]]]:
    """Header + data rows of each input sheet, as plain values (Japanese headers)."""
    contents = input_contents(sample, "ja")
    return {name: [[_plain(v) for v in row] for row in c.rows] for name, c in contents.items()}


def settings_values(sample: SampleHistory) -> list[tuple[str, object]]:
    """(name, value) per Settings row, as the template fills them."""
    given = {**sample.settings, "Language": "ja"}
    return [(spec.name, given.get(spec.name, spec.default)) for spec in schema.SETTING_SPECS]


def xlsxwriter_book(
    path: Path,
    *,
    date_1904: bool = False,
    totals: bool = False,
    outputs: bool = True,
    as_of_serial: bool = False,
) -> None:
    """The workbook a script writes with XlsxWriter: Settings with workbook-level names,
    the inputs as Excel tables, the output tabs with their headers (``outputs``).

    ``totals`` gives the Orders table a totals row (MAX date, COUNT of account and rep, SUM
    of amount and quantity) with the values Excel stores for it; ``as_of_serial`` types
    AsOf as a plain number (a serial of the workbook's date system).
    """
    sample = corpus_sample()
    wb = xlsxwriter.Workbook(str(path), {"date_1904": date_1904})
    wb.set_properties({"created": datetime(2026, 1, 1), "author": "script"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(schema.SETTINGS.name)
    ws.write(0, 0, "routekpi")
    for row, (name, value) in enumerate(settings_values(sample), start=3):
        ws.write(row, 0, name)
        if isinstance(value, date) and as_of_serial:
            epoch = date(1904, 1, 1) if date_1904 else date(1899, 12, 30)
            ws.write_number(row, 1, (value - epoch).days)
        elif isinstance(value, date):
            ws.write_datetime(row, 1, datetime.combine(value, datetime.min.time()), date_fmt)
        elif value is not None:
            ws.write(row, 1, value)
        wb.define_name(name, f"={schema.SETTINGS.name}!$B${row + 1}")
    for name, rows in input_rows(sample).items():
        ws = wb.add_worksheet(name)
        header, data = rows[0], rows[1:]
        for r, values in enumerate(data, start=1):
            for c, v in enumerate(values):
                if isinstance(v, date):
                    ws.write_datetime(r, c, datetime.combine(v, datetime.min.time()), date_fmt)
                elif v is not None:
                    ws.write(r, c, v)
        columns: list[dict[str, object]] = [{"header": str(h)} for h in header]
        last = len(data)
        if totals and name == schema.ORDERS.name:
            frame = pd.DataFrame(data, columns=header)
            last_day = max(frame.iloc[:, 0])
            epoch = date(1904, 1, 1) if date_1904 else date(1899, 12, 30)
            for col, (function, value) in enumerate(
                [
                    ("max", (last_day - epoch).days),
                    ("count", len(data)),
                    ("count", len(data)),
                    ("sum", int(frame.iloc[:, 3].sum())),
                    ("sum", int(frame.iloc[:, 4].fillna(0).sum())),
                ]
            ):
                columns[col] |= {"total_function": function, "total_value": value}
            columns[0]["format"] = date_fmt
            last += 1
        ws.add_table(
            0,
            0,
            last,
            len(header) - 1,
            {"name": name, "columns": columns, "total_row": totals and name == "Orders"},
        )
    if outputs:
        for spec in schema.OUTPUT_SHEETS:
            ws = wb.add_worksheet(spec.name)
            for c, col in enumerate(schema.OUTPUT_COLUMNS[spec.name]):
                ws.write(0, c, col.header("ja"))
    wb.close()
    normalise(path)


def empty_book(path: Path) -> None:
    """The bare template (settings, no history): hostile cases need no data to be refused."""
    sample_settings = {"KGI": 66_000_000, "PlanYear": 2026, "AsOf": date(2026, 6, 30)}
    path.write_bytes(build_template("ja", settings=sample_settings))
    normalise(path)


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def orders_part(path: Path) -> str:
    return sheet_part_names(path)["Orders"]


# --------------------------------------------------------------------------- damaged inputs


@case("headers_renamed_reordered.xlsm")
def headers_renamed_reordered(path: Path) -> None:
    """Orders columns moved around and renamed to variants people type; Accounts renamed."""
    with edit(path) as wb:
        ws = wb["Orders"]
        rows = [[c.value for c in r] for r in ws.iter_rows()]
        rows[0] = ["日付", "得意先コード", "営業 担当者", "売上金額(円)", "ＱＴＹ"]
        order = (3, 2, 0, 4, 1)  # 金額, 担当者, 受注日, 数量, 顧客コード
        for r, values in enumerate(rows, start=1):
            for c, src in enumerate(order, start=1):
                ws.cell(r, c).value = values[src]
                ws.cell(r, c).number_format = "yyyy-mm-dd" if src == 0 and r > 1 else "General"
        fit_table(ws)
        acc = wb["Accounts"]
        acc["A1"], acc["D1"], acc["E1"] = "取引先コード", "契約開始日", "Cancel date"
        fit_table(acc)


@case("extra_columns.xlsm")
def extra_columns(path: Path) -> None:
    """A notes column inserted in the middle, a slip number at the end, one bad amount."""
    with edit(path) as wb:
        ws = wb["Orders"]
        drop_tables(ws)
        ws.insert_cols(3)
        ws["C1"] = "備考"
        ws["C5"] = "電話注文"
        ws["G1"] = "伝票番号"
        for r in range(2, ws.max_row + 1):
            ws.cell(r, 7).value = f"S{r:05d}"
        ws["E20"] = "未定"  # amount moved from D to E by the insert


@case("duplicate_header.xlsm")
def duplicate_header(path: Path) -> None:
    """A second 金額 column (tax included) appended to the right."""
    with edit(path) as wb:
        ws = wb["Orders"]
        drop_tables(ws)
        ws["F1"] = "金額"
        for r in range(2, ws.max_row + 1):
            ws.cell(r, 6).value = round(ws.cell(r, 4).value * 1.1)


@case("missing_required_column.xlsm")
def missing_required_column(path: Path) -> None:
    """The 金額 header was deleted."""
    with edit(path) as wb:
        ws = wb["Orders"]
        drop_tables(ws)
        ws["D1"] = None


@case("missing_orders_sheet.xlsm")
def missing_orders_sheet(path: Path) -> None:
    with edit(path) as wb:
        del wb["Orders"]


@case("missing_visits_sheet.xlsm")
def missing_visits_sheet(path: Path) -> None:
    with edit(path) as wb:
        del wb["Visits"]


@case("missing_accounts_sheet.xlsm")
def missing_accounts_sheet(path: Path) -> None:
    with edit(path) as wb:
        del wb["Accounts"]


@case("japanese_tab_names.xlsm")
def japanese_tab_names(path: Path) -> None:
    """Every tab renamed to Japanese; Excel rewrites the named cells' references too."""
    names = {
        "Settings": "設定",
        "Orders": "受注履歴",
        "Visits": "訪問記録",
        "Accounts": "顧客マスタ",
        "Holidays": "会社休日",
        "Plan": "計画",
        "Targets": "目標",
        "Attainment": "達成状況",
        "Flags": "課題",
        "Checks": "入力チェック",
    }
    with edit(path) as wb:
        for old, new in names.items():
            wb[old].title = new
        for dn in wb.defined_names.values():
            dn.attr_text = dn.attr_text.replace("'Settings'!", "'設定'!")


@case("text_in_number_cells.xlsm")
def text_in_number_cells(path: Path) -> None:
    with edit(path) as wb:
        ws = wb["Orders"]
        ws["D10"] = "未定"
        ws["E11"] = "多数"  # quantity is optional: warned, row kept
        ws["D12"] = "12,5"  # a European decimal comma: not guessed


@case("returns_negative_zero.xlsm")
def returns_negative_zero(path: Path) -> None:
    """A credit note, a free sample and a △ negative: all legitimate lines."""
    with edit(path) as wb:
        ws = wb["Orders"]
        ws["D20"] = -ws["D20"].value
        ws["D21"] = 0
        ws["D22"] = "△3,000"


@case("amount_formats.xlsm")
def amount_formats(path: Path) -> None:
    """Amounts as text the way they get pasted from mails and other systems."""
    with edit(path) as wb:
        ws = wb["Orders"]
        ws["D30"] = "¥12,345"
        ws["D31"] = "1,200円"
        ws["D32"] = "１２３４５"
        ws["D33"] = "1.2万"
        ws["D34"] = "(1,200)"
        ws["E35"] = "３"


@case("date_formats.xlsm")
def date_formats(path: Path) -> None:
    """The same dates typed as text, serials and Japanese eras."""
    with edit(path) as wb:
        ws = wb["Orders"]
        for row, fmt in (
            (40, "{d:%Y/%m/%d}"),
            (41, "serial"),
            (42, "令和{r}年{d.month}月{d.day}日"),
            (43, "R{r}.{d.month}.{d.day}"),
            (44, "{d.year}年{d.month}月{d.day}日(月)"),
            (45, "{d:%Y%m%d}"),
        ):
            d = ws.cell(row, 1).value.date()
            if fmt == "serial":
                ws.cell(row, 1).value = (d - date(1899, 12, 30)).days
                ws.cell(row, 1).number_format = "General"
            else:
                ws.cell(row, 1).value = fmt.format(d=d, r=d.year - 2018)
        acc = wb["Accounts"]
        d = acc["D3"].value.date()
        acc["D3"] = f"平成{d.year - 1988}年{d.month}月{d.day}日"


@case("bad_dates.xlsm")
def bad_dates(path: Path) -> None:
    with edit(path) as wb:
        ws = wb["Orders"]
        ws["A50"] = "2026-02-30"
        ws["A51"] = "令和元年4月30日"  # Reiwa began on 1 May 2019
        ws["A52"] = "昨日"
        ws["A53"] = datetime(2062, 4, 1)  # 2026 typed as 2062
        ws["A54"] = True
        wb["Visits"]["A60"] = datetime(2062, 5, 1)


@case("error_cells.xlsm")
def error_cells(path: Path) -> None:
    with edit(path) as wb:
        ws = wb["Orders"]
        ws["D60"] = "#N/A"
        ws["D61"] = "#DIV/0!"
        ws["B62"] = "#REF!"
        ws["E63"] = "#VALUE!"


@case("merged_cells.xlsm")
def merged_cells(path: Path) -> None:
    """One date typed once for three orders and merged; a rep merged over two rows."""
    with edit(path) as wb:
        ws = wb["Orders"]
        ws.merge_cells("A70:A72")
        ws["C80"] = ws["C80"].value
        ws["C81"] = ws["C80"].value
        ws.merge_cells("C80:C81")


@case("hidden_filtered_rows.xlsm")
def hidden_filtered_rows(path: Path) -> None:
    """Rows hidden by hand and by an AutoFilter on 担当者: still history."""
    with edit(path) as wb:
        ws = wb["Orders"]
        for r in range(90, 96):
            ws.row_dimensions[r].hidden = True
        drop_tables(ws)
        ws.auto_filter.ref = f"A1:E{ws.max_row}"
        ws.auto_filter.add_filter_column(2, ["Tanaka"])
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 3).value != "Tanaka":
                ws.row_dimensions[r].hidden = True
        wb["Visits"].sheet_state = "hidden"


@case("blank_rows_10000.xlsm")
def blank_rows_10000(path: Path) -> None:
    """10,000 blank (but formatted) rows after row 100, then the rest; one bad amount after."""
    with edit(path) as wb:
        ws = wb["Orders"]
        drop_tables(ws)
        ws.insert_rows(101, 10_000)
        for r in range(101, 10_101):
            ws.cell(r, 4).font = Font(bold=True)  # formatted, so the rows exist in the file
        ws["B5000"] = "   "  # a space typed in a blank row
        ws["D10105"] = "x"


@case("duplicate_orders.xlsm")
def duplicate_orders(path: Path) -> None:
    """Rows 5 and 6 pasted again at the bottom."""
    with edit(path) as wb:
        ws = wb["Orders"]
        for src in (5, 6):
            ws.append([ws.cell(src, c).value for c in range(1, 6)])
            ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
        fit_table(ws)


@case("export_total_row.xlsm")
def export_total_row(path: Path) -> None:
    """A core system's export pasted with its grand-total line: 合計 in the date column, the
    account and rep blank, the sum of the amounts (trial 19's 受注明細.csv ends so)."""
    with edit(path) as wb:
        ws = wb["Orders"]
        total = sum(ws.cell(r, 4).value or 0 for r in range(2, ws.max_row + 1))
        ws.append(["合計", None, None, total, None])
        fit_table(ws)


@case("unknown_account_rep.xlsm")
def unknown_account_rep(path: Path) -> None:
    with edit(path) as wb:
        ws = wb["Orders"]
        ws["B100"] = "C9999"
        ws["B101"] = "C9999"
        ws["C102"] = "Yamada"
        ws["C103"] = "Yamada"
        ws["C104"] = "ｓａｔｏ"  # full-width, lower case: a different spelling of Sato


@case("leave_bad_rows.xlsm")
def leave_bad_rows(path: Path) -> None:
    """The Leave sheet (休暇・不在): one leave used, one ending before it starts, one for a
    rep on no sheet, an impossible start date and an end date in words."""
    with edit(path) as wb:
        ws = wb["Leave"] if "Leave" in wb.sheetnames else wb.create_sheet("Leave")
        rows = [
            ["担当者", "開始日", "終了日", "理由"],
            ["Sato", datetime(2026, 5, 11), datetime(2026, 5, 15), "研修"],
            ["Suzuki", datetime(2026, 6, 20), datetime(2026, 6, 10), ""],
            ["Satou", datetime(2026, 6, 1), datetime(2026, 6, 5), ""],
            ["Tanaka", "2026/02/30", datetime(2026, 3, 5), ""],
            ["Tanaka", datetime(2026, 4, 1), "来月", ""],
        ]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                ws.cell(r, c).value = value
                if isinstance(value, datetime):
                    ws.cell(r, c).number_format = "yyyy-mm-dd"
        fit_table(ws)


@case("words_bad_rows.xlsm")
def words_bad_rows(path: Path) -> None:
    """The Words sheet (種別の読み替え): 見積提出 → 商談 used on three Visits rows, 提案 → 訪問
    (a word routekpi reads as 商談: an info row), then a kind routekpi does not have, a second
    meaning for 見積提出, a blank word and a blank kind; 打合せ on Visits stays unknown (its
    Words row is not used) and points at the sheet."""
    with edit(path) as wb:
        visits = wb["Visits"]
        visits["D10"] = visits["D20"] = visits["D30"] = "見積提出"
        visits["D15"] = "打合せ"
        visits["D25"] = "提案"
        ws = wb["Words"] if "Words" in wb.sheetnames else wb.create_sheet("Words")
        rows = [
            ["自社の言葉", "種別"],
            ["見積提出", "商談"],
            ["打合せ", "会議"],
            ["見積提出", "訪問"],
            [None, "訪問"],
            ["現場調査", None],
            ["提案", "訪問"],
        ]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                ws.cell(r, c).value = value
        fit_table(ws)


@case("account_dates.xlsm")
def account_dates(path: Path) -> None:
    """An account that ends before it starts, one 'ends' 9999-12-31, one started in 1899."""
    with edit(path) as wb:
        ws = wb["Accounts"]
        ws["E5"] = ws["D5"].value.replace(year=ws["D5"].value.year - 1)
        ws["E5"].number_format = "yyyy-mm-dd"
        ws["E6"] = "9999/12/31"  # the usual "no end" sentinel of core systems
        ws["D7"] = "1899/12/31"


def _set_kgi(path: Path, value: object) -> None:
    with edit(path) as wb:
        wb["Settings"]["B4"] = value


@case("kgi_text.xlsm")
def kgi_text(path: Path) -> None:
    _set_kgi(path, "未定")


@case("kgi_zero.xlsm")
def kgi_zero(path: Path) -> None:
    _set_kgi(path, 0)


@case("kgi_negative.xlsm")
def kgi_negative(path: Path) -> None:
    _set_kgi(path, -66_000_000)


@case("kgi_absurd.xlsm")
def kgi_absurd(path: Path) -> None:
    """1000× last year's revenue (¥60,902,244): must compute and say infeasible."""
    _set_kgi(path, 60_902_244_000)


@case("settings_damaged.xlsm")
def settings_damaged(path: Path) -> None:
    """KGI typed as text with units; PaceWarn's row deleted (its name becomes #REF!);
    FiscalStartMonth cleared; Language 'fr'; a weight out of range."""
    with edit(path) as wb:
        ws = wb["Settings"]
        ws["B4"] = "６６００万円"
        ws["B12"] = 150
        # PaceWarn's row, wherever the template puts it.
        pace = re.search(r"(\d+)$", wb.defined_names["PaceWarn"].attr_text or "")
        deleted = int(pace.group(1)) if pace else 16
        ws.delete_rows(deleted)
        wb.defined_names["PaceWarn"] = DefinedName("PaceWarn", attr_text="Settings!#REF!")
        # Excel moves the names of the rows below up by one (openpyxl does not).
        for key, dn in list(wb.defined_names.items()):
            m = re.fullmatch(r"'?Settings'?!\$B\$(\d+)", dn.attr_text or "")
            if m and int(m.group(1)) > deleted:
                ref = f"'Settings'!$B${int(m.group(1)) - 1}"
                wb.defined_names[key] = DefinedName(key, attr_text=ref)
        ws["B6"] = None
        ws["B8"] = "fr"


@case("visit_kinds_sfa.xlsm")
def visit_kinds_sfa(path: Path) -> None:
    """A Japanese SFA's activity types: アポ取り and 定期訪問 (known words), 飛び込み on
    three rows and 打合せ on one (no one meaning: reported once per word), 保留 as an
    outcome (still open since trial 20: read, no Check)."""
    with edit(path) as wb:
        ws = wb["Visits"]
        ws["D5"], ws["D6"] = "アポ取り", "定期訪問"
        ws["D10"] = ws["D20"] = ws["D30"] = "飛び込み"
        ws["D15"] = "打合せ"
        ws["E40"] = "保留"


@case("route_words_repeats.xlsm")
def route_words_repeats(path: Path) -> None:
    """A route wholesaler's SFA: 納品, 配達 and 集金 (delivery and collection stops: visits),
    電話 twice and TEL once (contacts: read, not counted), アポ電話 (an attempt), a visit
    date typed as the text 11/25 (no year), and two one-line slips pasted again at the end
    (rows 1,730–1,731 repeat rows 2–3: ¥5,622 + ¥46,275 not counted)."""
    with edit(path) as wb:
        ws = wb["Visits"]
        ws["D10"], ws["D11"], ws["D12"] = "納品", "配達", "集金"
        ws["D20"], ws["D21"], ws["D22"] = "電話", "TEL", " 電話"
        ws["D24"] = "アポ電話"
        ws["A30"] = "11/25"
        orders = wb["Orders"]
        orders["F2"], orders["F3"] = "S1", "S2"
        for r in (2, 3):
            orders.append([orders.cell(r, c).value for c in range(1, 7)])
        fit_table(orders)


@case("account_codes_zeros.xlsm")
def account_codes_zeros(path: Path) -> None:
    """Numeric account codes: 001001… as text on Accounts and Visits (prospects keep their
    P codes), but the Orders column pasted as numbers, so Excel dropped the zeros (1019 for
    001019)."""

    def code(old: str) -> str:
        return f"00{1000 + int(old[1:]):04d}"  # C0019 → 001019

    with edit(path) as wb:
        for name, column in (("Accounts", 1), ("Visits", 3)):
            ws = wb[name]
            for r in range(2, ws.max_row + 1):
                cell = ws.cell(r, column)
                if isinstance(cell.value, str) and cell.value.startswith("C"):
                    cell.value, cell.number_format = code(cell.value), "@"
        ws = wb["Orders"]
        for r in range(2, ws.max_row + 1):
            ws.cell(r, 2).value = int(code(ws.cell(r, 2).value))


@case("fiscal_month_unreadable.xlsm")
def fiscal_month_unreadable(path: Path) -> None:
    """The fiscal start month typed as 未定 (undecided): the default April is used, loudly."""
    with edit(path) as wb:
        wb["Settings"]["B6"] = "未定"


@case("amount_in_thousands.xlsm")
def amount_in_thousands(path: Path) -> None:
    """The amount column exported in thousands of yen, its header 売上(千円)."""
    with edit(path) as wb:
        ws = wb["Orders"]
        ws["D1"] = "売上(千円)"
        for r in range(2, ws.max_row + 1):
            ws.cell(r, 4).value = round(ws.cell(r, 4).value / 1000, 1)
        fit_table(ws)


@case("kgi_name_deleted.xlsm")
def kgi_name_deleted(path: Path) -> None:
    """The KGI row deleted: the name survives as #REF!."""
    with edit(path) as wb:
        wb.defined_names["KGI"] = DefinedName("KGI", attr_text="Settings!#REF!")


@case("empty_history.xlsm")
def empty_history(path: Path) -> None:
    with edit(path) as wb:
        ws = wb["Orders"]
        ws.delete_rows(2, ws.max_row)
        fit_table(ws)


@case("formula_like_text.xlsm")
def formula_like_text(path: Path) -> None:
    """Text starting with = + - @ that must never turn into formulas on the output sheets."""
    with edit(path) as wb:
        ws = wb["Orders"]
        for ref, text in (
            ("B110", "=1+2"),
            ("D111", "+81 3-1234-5678"),
            ("C112", "-cmd"),
            ("C113", "@SUM(A1)"),
            ("B114", '=HYPERLINK("http://example.invalid","x")'),
        ):
            ws[ref] = text
            ws[ref].data_type = "s"


# --------------------------------------------------------------------------- other programs


@case("lo_settings_renamed_apostrophe.xlsm")
def lo_settings_renamed_apostrophe(path: Path) -> None:
    """LibreOffice: the Settings tab renamed to "Tanaka's plan"; the names now read
    'Tanaka''s plan'!$B$4 (quote doubled inside quotes)."""
    libreoffice(path, ["rename_sheet", "Settings", "Tanaka's plan"])


@case("lo_kgi_sheet_scoped.xlsm")
def lo_kgi_sheet_scoped(path: Path) -> None:
    """LibreOffice: KGI redefined as a name scoped to the Settings sheet (localSheetId)."""
    libreoffice(path, ["name_to_sheet_scope", "KGI", "Settings"])


@case("lo_kgi_text_renamed.xlsm")
def lo_kgi_text_renamed(path: Path) -> None:
    """LibreOffice: Settings renamed, then text typed into the KGI cell."""
    libreoffice(
        path, ["rename_sheet", "Settings", "Tanaka's plan"], ["set", "Tanaka's plan", "B4", "未定"]
    )


@case("lo_orders_blank_column.xlsm")
def lo_orders_blank_column(path: Path) -> None:
    """LibreOffice: a blank column inserted into Orders between 顧客コード and 担当者."""
    libreoffice(path, ["insert_cols", "Orders", 2, 1])


def recalculated(path: Path) -> None:
    """Recalculate with routekpi, as the user did before editing (the clock fixed, so the
    status line and hence the file are the same on every build)."""
    from unittest import mock

    from routekpi.recalc import recalculate

    # The status line's time (pipeline) and the user-cell stamp's (recalc).
    with (
        mock.patch("routekpi.pipeline.datetime") as clock,
        mock.patch("routekpi.recalc.datetime", clock),
    ):
        clock.now.return_value = datetime(2026, 7, 1, 9, 0)
        recalculate(path)
    normalise(path)


@case("lo_notes_on_outputs.xlsm")
def lo_notes_on_outputs(path: Path) -> None:
    """Recalculated, then edited in LibreOffice: a comment beside a target (right of the
    table), a note typed in the Plan table's empty 説明 cell, a line below the Flags table,
    a formula beside Targets, and a user sheet whose formula counts the Checks rows."""
    recalculated(path)
    libreoffice(
        path,
        ["set", "Targets", "K5", "Sato: 5月は大口案件あり"],
        ["formula", "Targets", "L2", "=SUM(F2:F4)"],
        ["set", "Plan", "C5", "社長承認済み(4/1)"],
        ["set", "Flags", "A60", "要確認: 佐藤さんと面談"],
        ["add_sheet", "Memo"],
        ["formula", "Memo", "A1", "=COUNTA($Checks.A1:A100)"],  # UNO: Calc syntax,
    )


@case("lo_macros_lost.xlsm")
def lo_macros_lost(path: Path) -> None:
    """Saved by LibreOffice as .xlsm after the hidden xlwings.conf tab was deleted: the VBA
    project is LibreOffice's rewrite, the button a LibreOffice form control."""
    libreoffice(path, ["delete_sheet", "xlwings.conf"])


@case("lo_saved_as_xlsx.xlsx")
def lo_saved_as_xlsx(path: Path) -> None:
    """Saved by LibreOffice as .xlsx ("Excel 2007-365"): no VBA project at all."""
    libreoffice(path)


@case("xlsxwriter_table_totals.xlsx")
def xlsxwriter_table_totals(path: Path) -> None:
    """XlsxWriter: Orders as an Excel table with a totals row under the data."""
    xlsxwriter_book(path, totals=True)


@case("xlsxwriter_date1904.xlsx")
def xlsxwriter_date1904(path: Path) -> None:
    """XlsxWriter in the 1904 date system (old Mac Excel); AsOf typed as a plain serial."""
    xlsxwriter_book(path, date_1904=True, as_of_serial=True)


@case("pandas_no_outputs.xlsx")
def pandas_no_outputs(path: Path) -> None:
    """pandas (DataFrame.to_excel): Settings and the history, no output tabs at all; the
    script names the Settings cells through the writer's openpyxl book."""
    sample = corpus_sample()
    values = settings_values(sample)
    settings = pd.DataFrame({"設定": [n for n, _ in values], "値": [v for _, v in values]})
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        settings.to_excel(writer, sheet_name=schema.SETTINGS.name, index=False)
        for name, rows in input_rows(sample).items():
            frame = pd.DataFrame(rows[1:], columns=rows[0])
            frame.to_excel(writer, sheet_name=name, index=False)
        for row, (name, _) in enumerate(values, start=2):
            ref = f"{schema.SETTINGS.name}!$B${row}"
            writer.book.defined_names[name] = DefinedName(name, attr_text=ref)
    normalise(path)


# --------------------------------------------------------------------------- hostile files

_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


@case("xml_entity_expansion.xlsm")
def xml_entity_expansion(path: Path) -> None:
    """Billion laughs in xl/workbook.xml."""
    empty_book(path)
    xml = member(path, "xl/workbook.xml")
    xml = _LAUGHS + xml.replace(b"<sheets>", b"<sheets>", 1).replace(
        b'codeName="ThisWorkbook"', b'codeName="&lol9;"', 1
    )
    zip_edit(path, replace={"xl/workbook.xml": xml})


@case("xml_external_entity.xlsm")
def xml_external_entity(path: Path) -> None:
    """An external entity in the Orders sheet that would read /etc/passwd into a cell."""
    empty_book(path)
    part = orders_part(path)
    xml = member(path, part)
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = doctype + re.sub(rb"<t>[^<]*</t>", b"<t>&xxe;</t>", xml, count=1)
    zip_edit(path, replace={part: xml})


@case("zip_bomb.xlsm")
def zip_bomb(path: Path) -> None:
    """A 64 MB sheet part that deflates ~1000:1 (a real bomb is just bigger)."""
    empty_book(path)
    part = orders_part(path)
    xml = member(path, part)
    xml = xml.replace(b"</worksheet>", b" " * (64 * 1024**2) + b"</worksheet>")
    zip_edit(path, replace={part: xml})


@case("not_a_workbook.xlsx")
def not_a_workbook(path: Path) -> None:
    """A CSV export saved with an .xlsx name."""
    path.write_bytes("受注日,顧客コード,担当者,金額\n2026-04-01,C0001,Tanaka,1200\n".encode())


@case("zip_not_workbook.xlsx")
def zip_not_workbook(path: Path) -> None:
    """A zip that is not a spreadsheet (a Word document renamed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("word/document.xml", _FIXED_TIME)
        zf.writestr(info, b"<w:document/>")
    path.write_bytes(buf.getvalue())


@case("truncated.xlsm")
def truncated(path: Path) -> None:
    """An attachment cut off half way."""
    path.write_bytes(path.read_bytes()[:30_000])


@case("encrypted.xlsx")
def encrypted(path: Path) -> None:
    """Saved with a password (Agile encryption, as Excel does)."""
    empty_book(path)
    from msoffcrypto.format.ooxml import OOXMLFile  # only the corpus builder needs it

    src = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    OOXMLFile(src).encrypt("routekpi", out)
    path.write_bytes(out.getvalue())


@case("legacy.xls")
def legacy_xls(path: Path) -> None:
    """An Excel 97-2003 file: also an OLE compound file, but not encrypted."""
    path.write_bytes(build_compound_file({"Workbook": b"\x09\x08" + b"\0" * 4096}))


# --------------------------------------------------------------------------- entry point


def build(out_dir: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write base.xlsm and the cases (all, or ``names``) into out_dir; name → path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / BASE
    build_base(base)
    written = {BASE: base}
    for name, fn in CASES.items():
        if names is not None and name not in names:
            continue
        if name.startswith("lo_") and names is None and not have_libreoffice():
            print(f"skipped (needs LibreOffice and python3-uno): {name}", file=sys.stderr)
            continue
        target = out_dir / name
        shutil.copyfile(base, target)
        fn(target)
        written[name] = target
    return written


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for name, p in build(folder).items():
        print(f"{p.stat().st_size:>9,}  {name}")
