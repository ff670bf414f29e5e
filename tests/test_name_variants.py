"""A ledger keyed by customer name, each customer typed in several spellings (trial 38 H1, H3,
M3): 株式会社X / (株)X / ㈱X / （株）X, full-width letters and spaces are one account, on a
sheet and from a file alike; the Checks line says how many names became how many customers;
the Daily list names each account as its orders spell it; an Accounts row typed as she writes
the name is that account, and one matching no order line is warned of by row. Real workbooks,
written and read back."""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime
from pathlib import Path
from unicodedata import normalize

import openpyxl
import pytest
import python_calamine

from routekpi.cli import main
from routekpi.contract import RawSheet
from routekpi.messages import text
from routekpi.sources import SourceRef, external_history
from routekpi.validation.tables import name_key, validate_inputs
from tests.test_sources import _workbook_data

CORPUS = Path(__file__).parent / "corpus"


def _rows(path: Path, sheet: str) -> list[list[object]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet).to_python()


def _spelling(code: str, line: int) -> str:
    """Code C0001's customer 株式会社C0001商事: the odd ones typed four ways in turn (the
    export's spellings), the even ones always alike."""
    if int(code[1:]) % 2 == 0:
        return f"株式会社{code}商事"
    wide = code.translate(str.maketrans("C0123456789", "Ｃ０１２３４５６７８９"))
    return (
        f"株式会社{code}商事",
        f"(株){code}商事",
        f"㈱ {code}　商事",
        f"（株）{wide}商事",
    )[line % 4]


def _key(code: str) -> str:
    return f"(株){code}商事"


def _by_name(ws: openpyxl.worksheet.worksheet.Worksheet, at: int, visits: bool) -> None:
    """The code column (``at``, 0-based) turned into a 得意先名 column of spellings."""
    for name in list(ws.tables):
        del ws.tables[name]
    ws.cell(1, at + 1, "得意先名")
    for i, row in enumerate(ws.iter_rows(min_row=2), start=0):
        code = row[at].value
        if code:
            row[at].value = f"株式会社 {code}商事" if visits else _spelling(str(code), i)


def _export(ws: openpyxl.worksheet.worksheet.Worksheet, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        for row in ws.iter_rows(values_only=True):
            out.writerow(
                [
                    v.date().isoformat() if isinstance(v, datetime) else ("" if v is None else v)
                    for v in row
                ]
            )


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The corpus book (codes), the same lines keyed by spelled-out names (sheets), and that
    book with its orders read from a CSV export of the same cells, all recalculated."""
    folder = tmp_path_factory.mktemp("variants")
    codes = folder / "codes.xlsm"
    shutil.copyfile(CORPUS / "missing_accounts_sheet.xlsm", codes)
    named = folder / "named.xlsm"
    shutil.copyfile(codes, named)
    wb = openpyxl.load_workbook(named, keep_vba=True)
    assert [c.value for c in wb["Orders"][1]][1] == "顧客コード"
    assert [c.value for c in wb["Visits"][1]][2] == "顧客コード"
    _by_name(wb["Orders"], 1, visits=False)
    _by_name(wb["Visits"], 2, visits=True)
    wb.save(named)
    export = folder / "受注.csv"
    _export(wb["Orders"], export)
    files = folder / "files.xlsm"
    shutil.copyfile(named, files)
    assert main(["recalc", str(codes)]) == 0
    assert main(["recalc", str(named)]) == 0
    assert main(["recalc", str(files), "--orders", str(export)]) == 0
    return {"codes": codes, "named": named, "files": files}


def _targets(path: Path) -> dict[tuple[object, ...], tuple[object, ...]]:
    rows = _rows(path, "Targets")
    return {(r[0], r[1], r[2]): (r[4], r[5]) for r in rows[1:] if r[2]}


def test_the_spellings_are_one_account_each(books: dict[str, Path]) -> None:
    """Every target of the names book is the codes book's: 40 customers, not 40 + 3 × 20."""
    want = _targets(books["codes"])
    active = [v for k, v in want.items() if k[0] == "FY2026" and k[2] == "active_accounts"]
    assert len(active) >= 3
    assert _targets(books["named"]) == want
    assert _targets(books["files"]) == want


def test_checks_say_how_many_names_became_how_many_customers(books: dict[str, Path]) -> None:
    codes = {str(r[1]) for r in _rows(books["codes"], "Orders")[1:] if r[1]}
    # The names as read (width folded: ㈱, （株） and (株) are one text; Ｃ０００１ is C0001):
    # an odd customer's 株式会社C0001商事, (株)C0001商事 and (株) C0001 商事.
    typed = {normalize("NFKC", str(r[1])).strip() for r in _rows(books["named"], "Orders")[1:]}
    names = len(typed - {""})
    assert len(codes) < names <= 3 * len(codes)
    for book, sheet in ((books["named"], "Orders"), (books["files"], "受注.csv")):
        rows = _rows(book, "Checks")
        [at] = [i for i, r in enumerate(rows) if r[0] == sheet and r[2] == "B 得意先名"]
        # The line and its wrapped continuation rows (no sheet named).
        end = next((i for i in range(at + 1, len(rows)) if rows[i][0]), len(rows))
        said = "".join(str(r[4]) for r in rows[at:end])
        assert f"{names}通りの名前を{len(codes)}顧客にまとめました" in said, said
        assert "株式会社/(株)/㈱" in said and "前株と後株は別の名前です" in said


def test_the_daily_list_names_each_account_as_its_orders_spell_it(
    books: dict[str, Path],
) -> None:
    """The 顧客 column shows a name as the orders spell it (trial 38 M3: not the folded key
    「(株)C0001商事」), once: the 顧客名 column beside it stays blank in a name-keyed book."""
    stops = [r for r in _rows(books["named"], "Daily")[1:] if r[3]]
    assert stops
    for row in stops:
        key = name_key(str(row[3]))  # a spelling of the account's key
        code = key[3:-2]  # (株)C0001商事 → C0001
        assert key == _key(code)
        assert row[4] in (None, "")  # the name printed once
    assert any(str(r[3]) != name_key(str(r[3])) for r in stops)  # typed, not the key
    # One shop is one stop a day: no account twice in a rep's day.
    seen = [(r[0], r[1], name_key(str(r[3]))) for r in stops]
    assert len(seen) == len(set(seen))
    plan = [(r[0], r[1], name_key(str(r[3]))) for r in _rows(books["files"], "Daily")[1:] if r[3]]
    assert plan == seen


def test_name_key_keeps_the_company_type_where_it_was_typed() -> None:
    assert name_key("株式会社 炉端かじか 国分町店") == "(株)炉端かじか国分町店"
    assert name_key("(株)炉端かじか国分町店") == "(株)炉端かじか国分町店"
    assert name_key("炉端かじか株式会社") == "炉端かじか(株)"  # 後株 stays after the name
    assert name_key("有限会社 ゆうじ") == name_key("(有)ゆうじ") == "(有)ゆうじ"
    assert name_key("合同会社ミエル") == "(同)ミエル"


HEADER = ["日付", "得意先名", "担当", "品名", "金額"]
LINES = [
    [date(2026, 4, 1), "株式会社 炉端かじか 国分町店", "佐藤", "生ビール", 1000],
    [date(2026, 5, 2), "(株)炉端かじか国分町店", "佐藤", "生ビール", 1000],
    [date(2026, 6, 3), "㈱炉端かじか国分町店", "佐藤", "生ビール", 1000],
    [date(2026, 7, 4), "（株）炉端かじか　国分町店", "佐藤", "生ビール", 1000],
    [date(2026, 4, 6), "有限会社 ゆうじ", "佐藤", "焼酎", 1000],
    [date(2026, 8, 7), "㈲ゆうじ", "佐藤", "焼酎", 1000],
]
ACCOUNTS_HEADER = ["顧客コード", "担当者", "取引開始日", "取引終了日"]
TYPED = [
    [
        "株式会社炉端かじか 国分町店",
        "佐藤",
        date(2025, 4, 1),
        date(2026, 9, 19),
    ],  # as she writes it
    ["ゆうじ", "佐藤", date(2025, 4, 1), None],  # (有) left out: no order line is 「ゆうじ」
]


def _both(tmp_path: Path):
    accounts = RawSheet(name="Accounts", rows=[ACCOUNTS_HEADER, *TYPED])
    sheets = validate_inputs(
        {"Orders": RawSheet(name="Orders", rows=[HEADER, *LINES]), "Accounts": accounts},
        today=date(2026, 12, 1),
    )
    path = tmp_path / "売上.csv"
    path.write_text(
        "\n".join([",".join(HEADER), *(",".join(map(str, r)) for r in LINES)]), encoding="utf-8"
    )
    ext = external_history(
        _workbook_data({"Accounts": accounts}),
        {"Orders": SourceRef("Orders", str(path))},
        today=date(2026, 12, 1),
    )
    return sheets, ext.inputs(ext.preview.last_date())


def test_an_accounts_row_typed_as_she_writes_the_name_is_that_account(tmp_path: Path) -> None:
    for inputs in _both(tmp_path):
        accounts = inputs.history.accounts.set_index("account")
        # Not a phantom account beside the orders' one: the typed end date is the shop's.
        assert "株式会社炉端かじか国分町店" not in accounts.index
        assert str(accounts.loc["(株)炉端かじか国分町店", "end"].date()) == "2026-09-19"
        # Named by its latest order line, as typed there (width folded).
        assert accounts.loc["(株)炉端かじか国分町店", "name"] == "(株)炉端かじか 国分町店"


def test_a_typed_account_on_no_order_line_is_warned_of_by_row(tmp_path: Path) -> None:
    for inputs in _both(tmp_path):
        said = [c for c in inputs.checks if c.problem == "account_without_orders"]
        assert [(c.sheet, c.row, c.column, c.value, c.severity) for c in said] == [
            ("Accounts", 3, "A 顧客コード", "ゆうじ", "warn")
        ]
        message = text(said[0].problem, "ja", **said[0].params)
        assert "受注・訪問の明細にありません" in message
        # The orders' 「(有)ゆうじ」 is then an account the master does not list.
        unknown = [c.value for c in inputs.checks if c.problem == "unknown_account"]
        assert "(有)ゆうじ" in unknown
