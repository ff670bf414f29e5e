"""Helpers the workbook tests share: the bad-input corpus, a workbook's zip members, and
the steps of a user's trial on a corpus book (copy it, edit it as Excel would, recalc it,
read back its Checks sheet)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pandas as pd
import pytest
import python_calamine

if TYPE_CHECKING:
    from routekpi.core.history import History

CORPUS = Path(__file__).parent / "corpus"
# A fresh copy of a corpus book per call (``corpus_copies``).
Book = Callable[[], Path]


def zip_members(path: Path) -> dict[str, bytes]:
    """Every part of a workbook package by name, as stored bytes (uncompressed)."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


# A chart whose data is on the Dashboard tab (either language): a recalculation sets the
# bridge's value axis in its XML (render_dashboard.with_bridge_axis).
_ON_DASHBOARD = re.compile(rb"<(?:\w+:)?f>'?(?:Dashboard|" + "ダッシュボード".encode() + rb")'?!")


def dashboard_charts(members: dict[str, bytes]) -> set[str]:
    """The chart parts among ``members`` that draw the Dashboard's data."""
    charts = {n: xml for n, xml in members.items() if n.startswith("xl/charts/")}
    return {n for n, xml in charts.items() if _ON_DASHBOARD.search(xml)}


def corpus_copies(folder: Path, name: str = "base.xlsm") -> Book:
    """Each call: a fresh copy of the corpus book ``name`` in ``folder`` (book0, book1 …)."""
    count = iter(range(100))

    def copy() -> Path:
        path = folder / f"book{next(count)}{Path(name).suffix}"
        shutil.copyfile(CORPUS / name, path)
        return path

    return copy


@contextmanager
def edit(path: Path) -> Iterator[openpyxl.Workbook]:
    """The workbook as the user's Excel would change it."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    yield wb
    wb.save(path)


def set_named(wb: openpyxl.Workbook, **values: object) -> None:
    """Each named Settings cell (``PlanYear``, ``AsOf`` …) typed with its value."""
    for name, value in values.items():
        sheet, cell = next(iter(wb.defined_names[name].destinations))
        wb[sheet][cell.replace("$", "")] = value


def named_copy(src: Path, dst: Path, **values: object) -> Path:
    """A copy of the book ``src`` at ``dst`` with named Settings cells typed (``set_named``),
    saved by openpyxl as the user's Excel would."""
    shutil.copyfile(src, dst)
    with edit(dst) as wb:
        set_named(wb, **values)
    return dst


# The sample book's eight reps under the 担当者コード an ERP would give them.
SAMPLE_REP_CODES = {
    "Ito": "E01",
    "Nakamura": "E02",
    "Sato": "E03",
    "Suzuki": "E04",
    "Takahashi": "E05",
    "Tanaka": "E06",
    "Watanabe": "E07",
    "Yamamoto": "E08",
}


def sample_book_variants(
    root: Path, names: Iterable[str]
) -> Iterator[tuple[str, Path, openpyxl.Workbook]]:
    """The sample workbook (ja, 6,000 order lines) written once as ``root/plain.xlsm``, then
    for each of ``names`` a copy ``root/<name>.xlsm``: (name, its path, the workbook to change
    as the user's Excel would), saved when the loop takes the next one."""
    from routekpi.io.samplebook import write_sample_workbook

    plain = root / "plain.xlsm"
    write_sample_workbook(plain, "ja", orders_rows=6_000)
    for name in names:
        path = root / f"{name}.xlsm"
        shutil.copyfile(plain, path)
        with edit(path) as wb:
            yield name, path, wb


def recalc(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """``routekpi recalc --json``: the document (stderr is left in capsys for the caller)."""
    from routekpi.cli import main

    assert main(["recalc", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def checks_sheet(path: Path, sheet: str) -> list[tuple[object, ...]]:
    """The Checks sheet's rows (sheet, row, column, value, problem, severity) for one sheet."""
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Checks")
    return [
        (r[0], None if r[1] == "" else int(r[1]), r[2], r[3], r[4], r[5])
        for r in fold_checks(rows.to_python()[1:])
        if r[0] == sheet
    ]


def fold_checks(rows: list[list[object]]) -> list[list[object]]:
    """Checks rows (below the header) with each long value and problem joined back from the
    rows below its own (no sheet, no severity), where the sheet wraps it for print."""
    folded: list[list[object]] = []
    for r in rows:
        r = [*r, *[""] * (6 - len(r))]
        if folded and not r[0] and not r[5]:
            for i in (3, 4):
                if r[i]:
                    folded[-1][i] = f"{folded[-1][i] or ''}{r[i]}"
            continue
        folded.append(list(r))
    return folded


def fold_flags(rows: list[list[object]]) -> list[list[object]]:
    """Flags rows (below the header), one per flag, its message and action joined back from
    the rows below it, which repeat its severity, rep, period and account (not the hidden
    code and KPI key: a continuation row is one without a code)."""
    folded: list[list[object]] = []
    for r in rows:
        r = [getattr(v, "value", v) for v in r]
        r += [""] * (8 - len(r))
        if folded and r[1] in ("", None) and r[0] == folded[-1][0] and r[3:6] == folded[-1][3:6]:
            for i in (6, 7):
                if r[i]:
                    folded[-1][i] = f"{folded[-1][i] or ''}{r[i]}"
            continue
        folded.append(r)
    return folded


def plan_numbers(doc: dict[str, object]) -> tuple[object, ...]:
    """What the plan says (targets, attainment, baseline): equal inputs give equal numbers."""
    return doc["baseline"], doc["targets"], doc["attainment"]


def review_lines_joined(rows: list, key: int | str, texts: tuple) -> list:
    """Review rows (tuples or dicts) with each wrapped line (a row without a KPI key under
    ``key``, render.review_sheet_rows) joined into the row above it at ``texts``: one row per
    rep × KPI, its finding and notes whole."""
    out: list = []
    for row in rows:
        if out and row[key] in (None, ""):
            last = out[-1]
            for at in texts:
                last[at] = (last[at] or "") + (row[at] or "")
            continue
        out.append(dict(row) if isinstance(row, dict) else list(row))
    return out


TEMPLATE = Path(__file__).resolve().parents[1] / "workbook_template.xlsm"


def paste(wb: openpyxl.Workbook, name: str, rows: list[list[object]]) -> None:
    """``rows`` typed into input sheet ``name`` from A2, its table grown to hold them (dates
    shown as dates, as Excel shows a typed date)."""
    from openpyxl.utils import get_column_letter

    ws = wb[name]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            c = ws.cell(i, j, value)
            if isinstance(value, date):
                c.number_format = "yyyy/m/d"
    table = next(iter(ws.tables.values()))
    table.ref = f"A1:{get_column_letter(ws.max_column)}{len(rows) + 1}"


@contextmanager
def template_book(
    path: Path,
    *,
    kgi: float,
    plan_year: int,
    start_month: int,
    as_of: date | None,
    language: str = "ja",
) -> Iterator[openpyxl.Workbook]:
    """The template copied to ``path`` with the Settings a user types first (KGI, plan year,
    fiscal start month, as-of date — None: left blank — and language), open for the caller
    to type the rest into (``paste``); saved when the block ends."""
    shutil.copyfile(TEMPLATE, path)
    with edit(path) as wb:
        ws = wb["Settings"]
        typed = (kgi, plan_year, start_month, as_of, language)
        ws["B4"], ws["B5"], ws["B6"], ws["B7"], ws["B8"] = typed
        if as_of is not None:
            ws["B7"].number_format = "yyyy/m/d"
        yield wb


def pasted_book(
    path: Path,
    rows: dict[str, list[list[object]]],
    *,
    kgi: float,
    plan_year: int,
    start_month: int,
    as_of: date | None,
    language: str = "ja",
) -> Path:
    """``template_book`` with ``rows`` typed into their input sheets (by name, in order)."""
    with template_book(
        path, kgi=kgi, plan_year=plan_year, start_month=start_month, as_of=as_of, language=language
    ) as wb:
        for name, typed in rows.items():
            paste(wb, name, typed)
    return path


def lines_book(path: Path, header: list[str], rows: Iterable[list[object]], *, kgi: float) -> Path:
    """The template with an Orders export pasted under its own ``header`` (row 1 typed over
    the template's), the two reps' accounts K0010 (佐藤 一郎) and K0015 (伊藤 花子) started
    2024-01-01, and Settings: ``kgi``, plan year 2027, April start, as of 2026-11-05, ja."""
    with template_book(path, kgi=kgi, plan_year=2027, start_month=4, as_of=date(2026, 11, 5)) as wb:
        ws = wb["Orders"]
        for j, name in enumerate(header, 1):
            ws.cell(1, j, name)
        for i, r in enumerate(rows, 2):
            for j, v in enumerate(r, 1):
                ws.cell(i, j, v)
        acc = wb["Accounts"]
        for i, (a, rep) in enumerate((("K0010", "佐藤 一郎"), ("K0015", "伊藤 花子")), 2):
            for j, v in enumerate((a, f"株式会社{a}", rep, date(2024, 1, 1)), 1):
                acc.cell(i, j, v)
    return path


def monthly_lines(
    first: str,
    last: str,
    accounts: Mapping[str, float] | Iterable[str],
    rep: Callable[[str, pd.Timestamp], str],
    amount: Callable[[str, pd.Timestamp], float | None] | None = None,
) -> tuple[list[list[object]], list[list[object]]]:
    """Orders and Visits rows as typed: every month from ``first`` to ``last`` (their first
    days) each account orders on the 10th and is visited on the 12th, each line under the rep
    serving it that day (``rep(account, day)``). The amount: the account's in ``accounts``
    (a mapping), or ``amount(account, the 10th)`` (0 or None: no order, no visit that month)."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range(first, last, freq="MS"):
        for account in accounts:
            day, seen = m + pd.Timedelta(days=9), m + pd.Timedelta(days=11)
            yen = amount(account, day) if amount else accounts[account]  # type: ignore[index]
            if not yen:
                continue
            orders.append([day.date(), account, rep(account, day), yen, 1, None])
            visits.append([seen.date(), rep(account, seen), account, "訪問", None])
    return orders, visits


def history_book(
    path: Path,
    history: History,
    *,
    accounts: Iterable[str],
    account_start: date,
    kgi: float,
    plan_year: int,
    as_of: date,
    language: str = "ja",
    holidays: Iterable[list[object]] = (),
) -> Path:
    """The template with a toy ``History`` pasted as a user would: its orders and visits,
    ``accounts`` (rep = the code's letters) started on ``account_start``, company
    ``holidays``, and the Settings (KGI, plan year, April start, as-of date, language)."""
    orders, visits = history.orders, history.visits
    rows = {
        "Orders": [
            [r.date.date(), r.account, r.rep, r.amount, 1, None] for r in orders.itertuples()
        ]
    }
    if len(visits):
        rows["Visits"] = [
            [r.date.date(), r.rep, r.account, "訪問", None] for r in visits.itertuples()
        ]
    rep = re.compile(r"\d+$")
    rows["Accounts"] = [[a, a, rep.sub("", a), account_start, None, None, None] for a in accounts]
    if holidays := list(holidays):
        rows["Holidays"] = holidays
    return pasted_book(
        path, rows, kgi=kgi, plan_year=plan_year, start_month=4, as_of=as_of, language=language
    )


def sheet_text(wb: openpyxl.Workbook, spec: object) -> str:
    """Every value of an output sheet (its Japanese or English tab) joined into one string."""
    name = spec.ja if spec.ja in wb.sheetnames else spec.name  # type: ignore[attr-defined]
    return "".join(str(v) for row in wb[name].iter_rows(values_only=True) for v in row if v)


def next_year_sample(folder: Path, language: str) -> Path:
    """The small sample book (8,000 order rows, as of its data's end) set to plan the year
    after next and recalculated: its plan year has not started."""
    from routekpi.io.samplebook import write_sample_workbook
    from routekpi.recalc import recalculate

    fresh = folder / "fresh.xlsm"
    write_sample_workbook(fresh, language, orders_rows=8_000)
    wb = openpyxl.load_workbook(fresh, keep_vba=True)
    sheet, cell = next(iter(wb.defined_names["PlanYear"].destinations))
    ws = wb[sheet]
    ws[cell.replace("$", "")] = int(ws[cell.replace("$", "")].value) + 1
    book = folder / "book.xlsm"
    wb.save(book)
    recalculate(book)
    return book


def daily_sheet(path: Path) -> list[tuple[object, ...]]:
    """A recalculated book's Daily sheet (values, header first), its head lines one row each
    (``fold_daily_head``)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return fold_daily_head(list(wb["Daily"].iter_rows(values_only=True)))
    finally:
        wb.close()


def fold_daily_head(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """The Daily sheet's rows (header first, as openpyxl reads them) with its head lines folded
    back: the list's days and the stake rule are wrapped over rows of their own at the print
    titles' width (render_daily.head_rows); here each is one row again, its pieces joined."""
    from routekpi.render_daily import stake_rule

    end = 1
    while end < len(rows) and isinstance(rows[end][0], str) and rows[end][1] is None:
        end += 1
    joined = "".join(str(r[0]) for r in rows[1:end])
    for language in ("ja", "en"):
        rule = stake_rule(language)
        if joined.endswith(rule):
            blank = (None,) * (len(rows[1]) - 1)
            head = [(joined[: -len(rule)], *blank), (rule, *blank)]
            return [rows[0], *head, *rows[end:]]
    return rows


def targets_by_key(path: Path) -> dict[tuple[object, object, object], tuple[object, ...]]:
    """(period, rep, kpi) → the Targets row read back from the saved book (pasted and
    Sources books compared cell for cell)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = wb["Targets"].iter_rows(min_row=2, values_only=True)
        return {(r[0], r[1], r[2]): tuple(r) for r in rows if r[0] is not None}
    finally:
        wb.close()


def frames_book(path: Path, history: History, settings: Mapping[str, object]) -> Path:
    """A new Japanese book with a ``History``'s orders, visits and accounts pasted (no company
    holidays) and ``settings`` typed (KGI, PlanYear, FiscalStartMonth, AsOf …), not recalculated."""
    from types import SimpleNamespace

    from routekpi.io.samplebook import input_contents
    from routekpi.io.sheetrewrite import rewrite_workbook
    from routekpi.io.template import build_template

    sample = SimpleNamespace(
        orders=history.orders,
        visits=history.visits,
        accounts=history.accounts,
        holidays=pd.DataFrame(columns=["date", "name"]),
    )
    raw = path.with_suffix(".raw.xlsm")
    raw.write_bytes(build_template("ja", settings={**settings, "Language": "ja"}))
    rewrite_workbook(raw, input_contents(sample, "ja"), dst=path, resize_tables=True)
    return path


def orders_book(
    path: Path, orders: list[list[object]], *, pasted: bool, kgi: float, plan_year: int
) -> Path:
    """A new Japanese book (AsOf blank) with an order export (date, account, rep, amount,
    quantity rows) pasted on Orders under its own headers, or — ``pasted`` False — read from
    ``orders.csv`` beside the book through the Sources sheet."""
    from openpyxl.utils import get_column_letter

    from routekpi.io.template import NEW_BOOK_SETTINGS, write_template

    write_template(path, "ja", settings=NEW_BOOK_SETTINGS)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B4"] = kgi
    wb["Settings"]["B5"] = plan_year
    if pasted:
        ws = wb["Orders"]
        table = [["受注日", "顧客コード", "担当者", "金額", "数量"], *orders]
        for i, row in enumerate(table, start=1):
            for j, value in enumerate(row, start=1):
                ws.cell(i, j, value)
        width = get_column_letter(len(table[0]))
        next(iter(ws.tables.values())).ref = f"A1:{width}{len(table)}"
    else:
        ws = wb["Sources"]
        for j, value in enumerate(["受注", "orders.csv"], start=1):
            ws.cell(2, j, value)
        next(iter(ws.tables.values())).ref = "A1:D2"
    wb.save(path)
    return path


SOURCE_FILES = {"Orders": ("受注", "orders.csv"), "Visits": ("訪問", "visits.csv")}
SOURCE_FILES["Accounts"] = ("顧客", "accounts.csv")


def sources_or_pasted_book(
    path: Path,
    rows: dict[str, list[list[object]]] | None,
    kgi: float,
    plan_year: int = 2027,
    sheets: tuple[str, ...] = ("Orders", "Visits", "Accounts"),
) -> Path:
    """A new ja book with ``kgi`` and ``plan_year``: the history pasted (``rows``: sheet →
    header and rows; a "20…/…" text a date) or, with None, named on the Sources sheet as
    the CSV files beside it of ``sheets`` (``SOURCE_FILES``: orders.csv, visits.csv and
    accounts.csv; ``csv_history`` writes them)."""
    from openpyxl.utils import get_column_letter

    from routekpi.io.template import NEW_BOOK_SETTINGS, write_template

    write_template(path, "ja", settings=NEW_BOOK_SETTINGS)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B4"] = kgi
    wb["Settings"]["B5"] = plan_year
    if rows is None:
        listed = [list(SOURCE_FILES[name]) for name in sheets]
        ws = wb["Sources"]
        for i, row in enumerate(listed, start=2):
            for j, value in enumerate(row, start=1):
                ws.cell(i, j, value)
        next(iter(ws.tables.values())).ref = f"A1:D{len(listed) + 1}"
    else:
        for name, table in rows.items():
            ws = wb[name]
            for i, row in enumerate(table, start=1):
                for j, value in enumerate(row, start=1):
                    if i > 1 and isinstance(value, str) and value[:2] == "20" and "/" in value:
                        value = pd.Timestamp(value).to_pydatetime()
                    ws.cell(i, j, value)
            width = get_column_letter(ws.max_column)
            next(iter(ws.tables.values())).ref = f"A1:{width}{len(table)}"
    wb.save(path)
    return path


def csv_history(folder: Path, rows: dict[str, list[list[object]]]) -> None:
    """``rows``' Orders, Visits and Accounts (those it has) written as orders.csv, visits.csv,
    accounts.csv (``SOURCE_FILES``)."""
    for name, (_, file) in SOURCE_FILES.items():
        if name not in rows:
            continue
        with (folder / file).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows[name])


def steady_accounts(
    accounts: Iterable[tuple[str, str, str, date | None, str | None]],
    first: str,
    last: str,
    monthly: float = 10_000,
) -> tuple[list[list[object]], list[list[object]]]:
    """Accounts and Orders rows for (code, name, rep, end, group) accounts, each started
    2020-01-01 and ordering ``monthly`` yen on the 5th of every month from ``first`` to
    ``last`` (their first days) up to its end: the books the chain-exit tests build."""
    rows: list[list[object]] = []
    orders: list[list[object]] = []
    months = pd.date_range(first, last, freq="MS")
    for code, name, rep, end, group in accounts:
        rows.append([code, name, rep, date(2020, 1, 1), end, None, None, group])
        for m in months:
            day = (m + pd.Timedelta(days=4)).date()
            if end is None or day <= end:
                orders.append([day, code, rep, monthly, 1])
    return rows, orders
