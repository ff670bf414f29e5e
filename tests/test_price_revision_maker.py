"""A price revision typed on Settings for a maker (PriceRevisionProduct 「TOTO」; trial 52 M5:
a 住設 wholesaler's manager knows 「TOTO +8% from October」, not TOTO's product codes, and
the export's メーカー column was unread).

Hand history, 2023-04 … 2026-03, three reps of five accounts, one order a month, four
products by two makers: Acme's "A-1" (¥20 of every order at ¥10 a unit) and "A-2" (¥10 at
¥5), ×1.08 from 2025-10; Bolt's "B-1" (¥40 at ¥8) and "B-2" (¥30 at ¥6), flat. Acme is
(20 + 10) ÷ 100 = 30% of the sales in the 12 months before 2025-10, so its +8% is
log(0.3 × 1.08 + 0.7) = log 1.024 (+2.4%) for the company.
"""

from __future__ import annotations

import csv
import math
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import duckdb
import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.baselines import build_evidence
from routekpi.core.history import PRODUCT_MONTH_COLUMNS, History, PlanSettings
from routekpi.core.price_index import product_months
from routekpi.core.price_revision import (
    closest_makers,
    maker_note,
    maker_of,
    makers,
    named_maker,
    named_products,
    on_named,
    place,
    unknown_note,
)
from routekpi.messages import text
from routekpi.schema import CHECKS, PLAN, SheetSpec
from routekpi.sources.assemble import _product_months
from routekpi.validation.settings import REVISION_INFO, REVISION_NOTES
from tests.history_helpers import rep_accounts
from tests.workbook_files import fold_checks, paste, template_book

FIRST = pd.Period("2023-04", freq="M")
MONTHS = [FIRST + i for i in range(36)]  # 2023-04 … 2026-03
STEP = pd.Period("2025-10", freq="M")
# (product, maker, amount at the old price, price per unit at the old price)
PRODUCTS = (("A-1", "Acme", 20.0, 10.0), ("A-2", "Acme", 10.0, 5.0))
PRODUCTS += (("B-1", "Bolt", 40.0, 8.0), ("B-2", "Bolt", 30.0, 6.0))
SHARE = 0.3  # Acme's (20 + 10) of every ¥100 order before the step
COMPANY = math.log(SHARE * 1.08 + (1 - SHARE))


def _lines(month: pd.Period) -> list[tuple[str, str, float, float]]:
    """(product, maker, amount, quantity): Acme's prices ×1.08 from the step, the quantities
    as before."""
    out = []
    for product, maker, amount, unit in PRODUCTS:
        up = 1.08 if maker == "Acme" and month >= STEP else 1.0
        out.append((product, maker, amount * up, amount / unit))
    return out


def _history() -> History:
    def order(rep: str, i: int, month: pd.Period) -> list[tuple[pd.Timestamp, float, float]]:
        lines = _lines(month)
        day = month.end_time.normalize()
        return [(day, sum(a for _, _, a, _ in lines), sum(q for _, _, _, q in lines))]

    h = rep_accounts("ABC", FIRST, len(MONTHS), order)
    rows = [
        (m.start_time + pd.Timedelta(days=1), p, k, a, q)
        for m in MONTHS
        for p, k, a, q in _lines(m)
    ]
    lines = pd.DataFrame(rows, columns=["date", "product", "maker", "amount", "quantity"])
    return replace(h, product_months=product_months(lines))


def _settings(typed: str | None) -> PlanSettings:
    return PlanSettings(
        kgi=1.0,
        plan_year=2026,
        as_of=date(2026, 3, 31),
        price_revision=("2025-10", 0.08),
        price_revision_product=typed,
    )


def _doors_lines() -> pd.DataFrame:
    """One month's lines for the two doors: "P" three lines of Acme, one of Bolt (Acme, the
    most); "Q" one of each (a tie: the first by name, Acme); "R" a blank and a spaced name
    (none, then " Bolt " trimmed); "S" no maker at all (None); a line of 0 quantity counts
    nowhere (it is out of the product's month, as for its price)."""
    day = pd.Timestamp("2025-05-10")
    rows: list[tuple[pd.Timestamp, str, object, float, float]] = [
        (day, "P", "Acme", 100.0, 1.0),
        (day, "P", "Acme", 100.0, 1.0),
        (day, "P", "Acme", 100.0, 1.0),
        (day, "P", "Bolt", 100.0, 1.0),
        (day, "Q", "Bolt", 50.0, 1.0),
        (day, "Q", "Acme", 50.0, 1.0),
        (day, "R", "", 10.0, 1.0),
        (day, "R", " Bolt ", 10.0, 1.0),
        (day, "S", None, 10.0, 1.0),
        (day, "S", "Acme", 10.0, 0.0),
    ]
    return pd.DataFrame(rows, columns=["date", "product", "maker", "amount", "quantity"])


def test_each_product_months_maker_is_its_lines_most_named_in_both_doors() -> None:
    lines = _doors_lines()
    table = product_months(lines)
    by = dict(zip(table["product"], table["maker"], strict=True))
    assert by == {"P": "Acme", "Q": "Acme", "R": "Bolt", "S": None}
    # The export's door (SQL) picks the same makers.
    con = duckdb.connect()
    con.register("lines", lines)
    loaded = cast(Any, SimpleNamespace(columns={"product": "商品コード", "maker": "メーカー"}))
    read = _product_months(con, "lines", loaded)
    assert read is not None
    pd.testing.assert_frame_equal(read.reset_index(drop=True), table.reset_index(drop=True))
    # Without a maker named (no column, or only blanks): no maker column, in both doors.
    for bare in (lines.drop(columns="maker"), lines.assign(maker=None)):
        assert list(product_months(bare).columns) == list(PRODUCT_MONTH_COLUMNS)
        con.register("bare", bare)
        columns = {"product": "商品コード", **({"maker": "メーカー"} if "maker" in bare else {})}
        read = _product_months(con, "bare", cast(Any, SimpleNamespace(columns=columns)))
        assert read is not None and list(read.columns) == list(PRODUCT_MONTH_COLUMNS)


def test_a_makers_name_stands_for_its_products() -> None:
    table = _history().product_months
    assert makers(table) == ["Bolt", "Acme"]  # most sold first
    for typed in ("Acme", "ACME", "ａｃｍｅ", "cme"):  # as named, case, full-width, part of it
        assert named_products(table, typed) == ("A-1", "A-2")
        assert maker_of(table, typed) == "Acme"
    # A product's name is read first: 「B-1」 is that product, not Bolt's.
    assert named_products(table, "B-1") == ("B-1",)
    assert maker_of(table, "B-1") is None
    # Part of two makers' names names neither; the whole of one wins over part of another.
    two = pd.DataFrame(
        {
            "product": ["X", "Y", "Z"],
            "revenue": [1.0, 2.0, 3.0],
            "maker": ["Panasonic", "Panasonic Homes", "Pana"],
        }
    )
    assert named_maker(two.iloc[:2], "Panaso") is None
    assert named_products(two.iloc[:2], "Panaso") == ()
    assert named_maker(two, "pana") == "pana"
    assert named_products(two, "Pana") == ("Z",)


def test_a_revision_typed_for_a_maker_covers_exactly_its_products() -> None:
    ev = build_evidence(_history(), _settings("Acme"))
    step = ev.lever_evidence.price_step
    assert step is not None and step.declared and step.month == STEP
    assert step.size == pytest.approx(COMPANY)  # +2.4%: 30% of the sales × 8%
    said = [n for n in ev.notes if n.code.startswith("price_revision_")]
    assert [n.code for n in said] == ["price_revision_past_maker", "price_revision_maker"]
    params = said[1].params
    assert params["product"] == "A-1、A-2"  # Acme's products, Bolt's none
    assert (params["maker"], params["count"]) == ("Acme", 2)
    assert params["share"] == "30%" and params["size"] == "+2.4%" and params["typed"] == "+8.0%"
    assert params["measured"] == "+8.0%"  # Acme's products against a year before
    assert said[0].params["size"] == "+2.4%"


def test_a_misspelt_maker_is_a_warning_and_the_revision_is_not_used() -> None:
    history = _history()
    ev = build_evidence(history, _settings("Acne"))
    said = [n for n in ev.notes if n.code.startswith("price_revision_")]
    assert [n.code for n in said] == ["price_revision_maker_unknown"]
    assert said[0].params["product"] == "Acne"
    assert said[0].params["makers"] == "Acme、Bolt"
    step = ev.lever_evidence.price_step
    assert step is None or not step.declared  # the +8% is not applied to every product
    # The makers the lines name, the nearest the typo first (「Acne」 is 3 of 4 of 「Acme」).
    assert closest_makers(history.product_months, "Acne") == ["Acme", "Bolt"]
    assert closest_makers(history.product_months, "Bolto") == ["Bolt", "Acme"]
    assert closest_makers(history.product_months.drop(columns="maker"), "Acne") == []


# The written book (``_maker_book``): the hand history above as a sales-line export, two reps
# of three accounts each, one slip a month per account with a line of each product.
BOOK_REPS = {"R1": ("K01", "K02", "K03"), "R2": ("K04", "K05", "K06")}
HEADER = ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号", "商品コード", "メーカー"]


def _maker_book(path: Path, typed: str) -> tuple[Path, list[list[object]]]:
    """The template with the export pasted under its own header, the accounts, and Settings:
    KGI, plan year 2026 (as of 2026-03-10, the last slip), the revision 2025-10 +8% of ``typed``."""
    rows: list[list[object]] = []
    for m in MONTHS:
        day = m.start_time.date().replace(day=10)
        for rep, accounts in BOOK_REPS.items():
            for a in accounts:
                slip = f"{a}-{m}"
                for product, maker, amount, quantity in _lines(m):
                    rows.append([day, a, rep, amount * 100, quantity * 100, slip, product, maker])
    with template_book(
        path, kgi=8.0e5, plan_year=2026, start_month=4, as_of=date(2026, 3, 10)
    ) as wb:
        ws = wb["Orders"]
        for j, name in enumerate(HEADER, 1):
            ws.cell(1, j, name)
        paste(wb, "Orders", rows)
        accounts = [
            [a, f"株式会社{a}", rep, date(2023, 4, 1)]
            for rep, codes in BOOK_REPS.items()
            for a in codes
        ]
        paste(wb, "Accounts", accounts)
        settings = wb["Settings"]
        at = {settings.cell(r, 1).value: r for r in range(1, settings.max_row + 1)}
        settings.cell(at["価格改定の月(空欄=なし)"], 2, "2025-10")
        settings.cell(at["価格改定の幅(%)"], 2, 8)
        settings.cell(at["価格改定の商品(空欄=すべて)"], 2, typed)
    return path, rows


def _export(rows: list[list[object]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows([[r[0].isoformat(), *r[1:]] for r in rows])  # type: ignore[attr-defined]
    return path


def _plan_and_checks(path: Path) -> tuple[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)

    def rows(spec: SheetSpec) -> list[list[object]]:
        name = spec.ja if spec.ja in wb.sheetnames else spec.name
        return [list(r) for r in wb[name].iter_rows(values_only=True)]

    plan = "".join(str(v) for row in rows(PLAN) for v in row if v)
    checks = fold_checks(rows(CHECKS)[1:])
    return plan, checks


def _settings_rows(checks: list[list[object]]) -> list[list[object]]:
    return [r for r in checks if r[0] == "Settings" and "PriceRevisionProduct" in str(r[2])]


@pytest.mark.parametrize("typed", ["ACME", "Acne"])
def test_a_maker_typed_on_a_written_book_reads_alike_from_the_sheet_and_a_file(
    tmp_path: Path, typed: str
) -> None:
    book, rows = _maker_book(tmp_path / "sheet.xlsm", typed)
    files = tmp_path / "files.xlsm"
    shutil.copyfile(book, files)
    export = _export(rows, tmp_path / "lines.csv")
    assert main(["recalc", str(book)]) == 0
    assert main(["recalc", str(files), "--orders", str(export)]) == 0
    plan, checks = _plan_and_checks(book)
    from_file, file_checks = _plan_and_checks(files)
    said = _settings_rows(checks)
    assert len(said) == 1 and said == _settings_rows(file_checks)
    # Four lines a slip are one order (the maker no key of the slip): ¥100 × 100 a slip at
    # the old prices, ¥102.4 × 100 from 2025-10 (Acme's ¥30 × 1.08).
    assert "受注数" in plan and "¥10,240" in plan
    # The Plan from its unit-price lever on reads alike (the file's names its source above).
    lever = "レバー: 取引単価"
    assert plan[plan.index(lever) :] == from_file[from_file.index(lever) :]
    if typed == "ACME":
        # Acme's products only, 30% of the sales: +2.4% for the company (module doc).
        assert said[0][5] == "情報"
        line = str(said[0][4])
        assert "設定の価格改定(Acme 2025-10 +8.0%)は、Acme の商品(2商品: A-1、A-2)" in line
        assert "売上の30%" in line and "+2.4%" in line
        assert "価格改定 Acme(2商品) 2025-10 +8.0%(設定より。会社全体の単価では +2.4%)" in plan
    else:
        assert said[0][5] == "警告"
        assert "価格改定の商品「Acne」" in str(said[0][4])
        assert "明細のメーカー: Acme、Bolt" in str(said[0][4])
        assert "設定の価格改定(2025-10 +8.0%)は使っていません" in str(said[0][4])


def test_the_notes_of_a_makers_revision_name_the_maker_its_products_and_share() -> None:
    table = _history().product_months
    declared = place(
        ("2025-10", 0.08), MONTHS, [pd.Period("2026-04", freq="M") + i for i in range(12)]
    )
    assert declared is not None and declared.kind == "past"
    on = on_named(declared, table, "acme", MONTHS)
    assert on is not None and on.maker == "Acme" and on.products == ("A-1", "A-2")
    assert on.share == pytest.approx(SHARE) and on.size == pytest.approx(COMPANY)
    params: dict[str, object] = {
        "month": "2025-10",
        "typed": "+8.0%",
        "share": "30%",
        "size": "+2.4%",
        "first": "2024-10",
        "last": "2025-09",
        "measured": "+8.0%",
    }
    code, said = maker_note("price_revision_product", params, on, table)
    assert code == "price_revision_maker"
    assert (said["maker"], said["count"], said["named"]) == ("Acme", 2, "A-1、A-2")  # A-1 most sold
    line = text(code, "ja", **said)
    assert line.startswith("設定の価格改定(Acme 2025-10 +8.0%)は、Acme の商品(2商品: A-1、A-2)")
    assert "Acme の商品は 2024-10〜2025-09 の売上の30%で、会社全体の単価では +2.4% です" in line
    assert "(2 products: A-1, A-2)" in text(code, "en", **said)
    past = maker_note("price_revision_past_product", {}, on, table)[0]
    assert past == "price_revision_past_maker"
    # Typed as a product's name: the product's lines, as they were.
    by_product = on_named(declared, table, "A-1", MONTHS)
    assert by_product is not None and by_product.maker == ""
    assert maker_note("price_revision_product", params, by_product, table) == (
        "price_revision_product",
        params,
    )
    for c in (
        "price_revision_maker",
        "price_revision_maker_unread",
        "price_revision_maker_differs",
    ):
        assert REVISION_NOTES[c] == "PriceRevisionProduct"
    assert "price_revision_maker_differs" not in REVISION_INFO  # a warning: check the size


def test_a_name_matching_nothing_lists_the_makers_nearest_it() -> None:
    table = _history().product_months
    params: dict[str, object] = {
        "product": "Acne",
        "month": "2025-10",
        "size": "+8.0%",
        "sold": "B-1、B-2、A-1、A-2",
        "sold_en": "B-1, B-2, A-1, A-2",
    }
    code, said = unknown_note("price_revision_product_unknown", params, "Acne", table)
    assert code == "price_revision_maker_unknown"
    line = text(code, "ja", **said)
    assert line.startswith(
        "価格改定の商品「Acne」は、受注明細の商品名(商品コード)にもメーカー名にも"
    )
    assert "(明細のメーカー: Acme、Bolt。売上の多い商品: B-1、B-2、A-1、A-2)" in line
    assert "設定の価格改定(2025-10 +8.0%)は使っていません" in line
    assert REVISION_NOTES[code] == "PriceRevisionProduct" and code not in REVISION_INFO
    # Lines without a maker: the product's line as it was.
    bare = table.drop(columns="maker")
    assert unknown_note("price_revision_product_unknown", params, "Acne", bare) == (
        "price_revision_product_unknown",
        params,
    )
