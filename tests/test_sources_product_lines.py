"""Order lines told apart by their product (商品コード, a column routekpi does not read) read
through Sources exactly as pasted (trial 29 M2: slip J0000443's P0042 and P0025, both ¥470 × 5,
were dropped as a double paste; the sheet validator learnt to keep them, the Sources path
must too — the README promises the same results from a file as from pasted rows).

The rows, in the trial's export shape (受注日, 受注番号, 得意先コード, 得意先名, 担当者, 商品コード,
数量, 単価, 金額), two accounts buying ¥1,000 (1 unit) on the 10th of every month 2025-01 –
2026-10, each a one-line slip. Besides:

- 2026-05-12, K0010's slip J0000443: P0042 and P0025, both 5 × ¥470 → two lines, both kept
  (¥940), merged into one order of ¥940 and 10 units.
- 2026-06-12, K0010's slip J0000500 (P0001 ¥2,000 + P0002 ¥2,000, 1 unit each) pasted twice:
  the second copy's two lines are dropped (¥4,000 counted, not ¥8,000), one Checks row.

By hand, 佐藤's revenue: May 2026 = 1,000 + 940 = 1,940; June 2026 = 1,000 + 4,000 = 5,000.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.io.reader import WorkbookData
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef, external_history
from routekpi.validation.tables import duplicate_reason, validate_inputs
from tests.test_sources import _workbook_data, assert_same_results
from tests.workbook_files import lines_book

HEADER = [
    "受注日",
    "受注番号",
    "得意先コード",
    "得意先名",
    "担当者",
    "商品コード",
    "数量",
    "単価",
    "金額",
]
REPEATS = ("duplicate_rows", "identical_lines", "slip_lines_repeated")


def _rows() -> list[list[object]]:
    """The order lines below HEADER (dates as dates, numbers as ints)."""
    rows: list[list[object]] = []
    for i, m in enumerate(pd.date_range("2025-01-01", "2026-10-01", freq="MS")):
        for account, rep in (("K0010", "佐藤 一郎"), ("K0015", "伊藤 花子")):
            day = (m + pd.Timedelta(days=9)).date()
            rows.append(
                [day, f"J{account}-{i}", account, f"株式会社{account}", rep, "P0010", 1, 1000, 1000]
            )
    k10 = ["K0010", "株式会社K0010", "佐藤 一郎"]
    rows.append([date(2026, 5, 12), "J0000443", *k10, "P0042", 5, 94, 470])
    rows.append([date(2026, 5, 12), "J0000443", *k10, "P0025", 5, 94, 470])
    slip = [
        [date(2026, 6, 12), "J0000500", *k10, "P0001", 1, 2000, 2000],
        [date(2026, 6, 12), "J0000500", *k10, "P0002", 1, 2000, 2000],
    ]
    rows += slip + slip  # the whole slip pasted again
    return rows


def _csv(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> SourceRef:
    """The rows as Excel on a Japanese PC saves them: CP932, 2026/05/12 dates."""
    text = [",".join(header)]
    for r in rows:
        text.append(",".join(f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r))
    path.write_bytes(("\r\n".join(text) + "\r\n").encode("cp932"))
    return SourceRef("Orders", str(path))


def _xlsx(path: Path, rows: list[list[object]]) -> SourceRef:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "受注明細"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return SourceRef("Orders", str(path))


def _data(orders: list[list[object]] | None) -> WorkbookData:
    accounts = [["得意先コード", "担当者", "開始日"]]
    accounts += [["K0010", "佐藤 一郎", date(2024, 1, 1)], ["K0015", "伊藤 花子", date(2024, 1, 1)]]
    sheets: dict[str, RawSheet | None] = {"Accounts": RawSheet(name="Accounts", rows=accounts)}
    if orders is not None:
        sheets["Orders"] = RawSheet(name="Orders", rows=orders)
    return _workbook_data(sheets)


def _said(checks: list, problems: tuple[str, ...]) -> list[tuple[object, ...]]:
    """The Checks rows of these problems, without the sheet or file name."""
    return [(c.row, c.problem, c.params) for c in checks if c.problem in problems]


def _pasted():
    """The rows pasted in the Orders sheet: what every Sources file must give."""
    return validate_inputs(_data([HEADER, *_rows()]).sheets, today=date(2026, 12, 1))


def _revenue(facts) -> dict[str, float]:
    months = facts.rep_months.reset_index() if "rep" not in facts.rep_months else facts.rep_months
    may = months[(months["rep"] == "佐藤 一郎") & (months["month"] == pd.Period("2026-05", "M"))]
    june = months[(months["rep"] == "佐藤 一郎") & (months["month"] == pd.Period("2026-06", "M"))]
    return {"2026-05": float(may["revenue"].sum()), "2026-06": float(june["revenue"].sum())}


def test_pasted_rows_keep_two_products_and_drop_a_slip_pasted_twice() -> None:
    """The sheet validator (validation.tables._line_key), the reference for the files."""
    inputs = _pasted()
    orders = inputs.history.orders
    may = orders[orders["date"] == pd.Timestamp("2026-05-12")]
    assert may["amount"].tolist() == [940.0] and may["quantity"].tolist() == [10.0]
    june = orders[orders["date"] == pd.Timestamp("2026-06-12")]
    assert june["amount"].tolist() == [4000.0]
    (dup,) = [c.params for c in inputs.checks if c.problem == "duplicate_rows"]
    # The header is row 1: 2 × 22 monthly lines in rows 2–45, J0000443 in 46–47, the slip
    # in 48–49 and again in 50–51.
    assert dup == {
        "count": "2",
        "n": 2,
        "rows": "50, 51",
        "first": 48,
        "amount": "¥4,000",
        **duplicate_reason(pasted=True, unnumbered=False),
    }


def _parquet(path: Path, rows: list[list[object]]) -> SourceRef:
    frame = pd.DataFrame(rows, columns=HEADER)
    frame["受注日"] = pd.to_datetime(frame["受注日"])
    frame["品名"] = "品" + frame["商品コード"]  # a second product column: both are the key
    frame.to_parquet(path, index=False)
    return SourceRef("Orders", str(path))


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet"])
def test_a_file_keeps_and_drops_the_lines_the_pasted_rows_do(tmp_path: Path, kind: str) -> None:
    rows = _rows()
    write = {"csv": _csv, "xlsx": _xlsx, "parquet": _parquet}[kind]
    ref = write(tmp_path / f"受注明細.{kind}", rows)
    ext = external_history(_data(None), {"Orders": ref}, today=date(2026, 12, 1))
    got = ext.inputs(date(2026, 10, 31))
    want = _pasted()
    merged = ("order_lines_merged",)
    assert _said(got.checks, REPEATS) == _said(want.checks, REPEATS)
    assert _said(got.checks, merged) == _said(want.checks, merged)
    facts = got.history.facts
    assert facts is not None
    assert _revenue(facts) == {"2026-05": 1940.0, "2026-06": 5000.0}
    total = float(want.history.orders["amount"].sum())
    assert float(facts.rep_months["revenue"].sum()) == total
    # The product key served the dedupe only: the engine's rows do not carry it.
    raw = external_history(_data(None), {"Orders": ref}, today=date(2026, 12, 1)).raw_inputs()
    assert list(raw.history.orders.columns) == list(want.history.orders.columns)
    pd.testing.assert_frame_equal(
        raw.history.orders.reset_index(drop=True),
        want.history.orders.reset_index(drop=True),
        check_dtype=False,
    )


def test_a_slip_repeated_in_the_next_file_is_dropped_as_when_pasted_under_it(
    tmp_path: Path,
) -> None:
    """Two yearly exports that overlap by one slip: one CSV and one .xlsx, stacked by two
    Sources rows, are the rows pasted one under the other (the product key is the cells'
    text in both kinds of file, so the repeat across them is seen)."""
    rows = _rows()[:-2]  # the slip once in the first file …
    again = rows[-2:]  # … and again in the second, with J0000443 in both (two products)
    later = [*rows[-4:-2], *again]
    first = _csv(tmp_path / "2025.csv", rows)
    second = _xlsx(tmp_path / "2026.xlsx", later)
    ref = SourceRef("Orders", first.location, more=(second,))
    ext = external_history(_data(None), {"Orders": ref}, today=date(2026, 12, 1))
    got = ext.inputs(date(2026, 10, 31))
    pasted = validate_inputs(_data([HEADER, *rows, *later]).sheets, today=date(2026, 12, 1))
    facts = got.history.facts
    assert facts is not None
    assert float(facts.rep_months["revenue"].sum()) == float(pasted.history.orders["amount"].sum())
    assert _revenue(facts) == {"2026-05": 1940.0, "2026-06": 5000.0}
    (dup,) = [c for c in got.checks if c.problem == "duplicate_rows"]
    assert dup.params["n"] == 4  # J0000443's two lines and the slip's two, once more each


def _book(path: Path) -> Path:
    return lines_book(path, HEADER, _rows(), kgi=30_000)


@pytest.mark.slow  # two recalculations of a workbook
def test_targets_from_the_file_equal_the_targets_from_the_pasted_rows(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsm")
    sheets = compute_file(book)[0]
    ref = _csv(tmp_path / "受注明細.csv", _rows())
    files = compute_file(book, sources={"Orders": ref})[0]
    assert_same_results(sheets[0], files[0])
    assert _said(files[1], REPEATS) == _said(sheets[1], REPEATS)
    assert [c.params for c in files[1] if c.problem == "duplicate_rows"] == [
        {
            "count": "2",
            "n": 2,
            "rows": "50, 51",
            "first": 48,
            "amount": "¥4,000",
            **duplicate_reason(pasted=True, unnumbered=False),
        }
    ]
