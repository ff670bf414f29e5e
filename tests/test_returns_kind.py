"""A 区分 column saying 返品 signs a return line whose amount is positive (trial 39 H6).

Many exports keep 金額 and 数量 positive and put the sign in 区分 / 売上区分 / 伝票区分. Read as
they were, a bakery's 7.5% of returns were added to revenue (baseline +15.5%) and every return
slip counted as an order, with only an 「使いません」 note. Now a return word with a positive
amount is a return; a sale, a cancelled return (返品取消) and a return already negative are
read as typed; pasted sheet and CSV file give the same targets and the same Checks line.

By hand, accounts a1 (Sato) and b1 (Ito), one slip a month on the 10th, 2025-01 … 2026-10,
¥10,000 for 10 units, 区分 売上. In 2026-05 a1 also has: slip R1 返品 ¥1,000 (1 unit, a
return-only slip), slip R2 返品取消 ¥500 (a sale again), slip R3 返品 −¥300 already signed.
a1's May 2026: 10,000 − 1,000 + 500 − 300 = ¥9,200; orders: the ¥10,000 slip and R2 = 2
(a return-only slip is no order); quantity 10 − 1 + 1 − 1 = 9 (R2 1 unit, R3 −1 as typed).
In 2026-06 b1 has slip R4 返品 ¥400 and slip D1 値引 ¥200: Ito's June 10,000 − 400 − 200 =
¥9,400. The lines turned: 返品 2 (R1, R4), 値引 1 (D1) = 3 lines, ¥1,600 (trial 53 L2: each
kind named with its lines, the most first).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.sources import SourceRef
from routekpi.validation.returns import is_return_kind
from tests.workbook_files import paste, template_book

HEADERS = ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号", "区分"]
MAY = pd.Period("2026-05", "M")


def _orders() -> list[list[object]]:
    rows: list[list[object]] = []
    for i, m in enumerate(pd.date_range("2025-01-01", "2026-10-01", freq="MS")):
        for account, rep in (("a1", "Sato"), ("b1", "Ito")):
            rows.append(
                [
                    (m + pd.Timedelta(days=9)).date(),
                    account,
                    rep,
                    10_000,
                    10,
                    f"{account}-{i}",
                    "売上",
                ]
            )
    rows.append([date(2026, 5, 12), "a1", "Sato", 1_000, 1, "R1", "返品"])
    rows.append([date(2026, 5, 13), "a1", "Sato", 500, 1, "R2", "返品取消"])
    rows.append([date(2026, 5, 14), "a1", "Sato", -300, -1, "R3", "返品"])
    rows.append([date(2026, 6, 15), "b1", "Ito", 200, 1, "D1", "値引"])
    rows.append([date(2026, 6, 16), "b1", "Ito", 400, 1, "R4", "返品"])
    return rows


def _book(path: Path) -> Path:
    with template_book(
        path, kgi=300_000, plan_year=2027, start_month=4, as_of=date(2026, 10, 31)
    ) as wb:
        paste(wb, "Orders", _orders())
        wb["Orders"].cell(1, 7, "区分")
    return path


def test_the_words_of_a_return() -> None:
    for word in ("返品", "返 品", "赤伝", "値引", "売上返品", "Return", "credit note"):
        assert is_return_kind(word), word
    for word in ("売上", "返品取消", "返品キャンセル", "通常", None, float("nan")):
        assert not is_return_kind(word), word


def test_return_lines_by_kind_are_taken_off_sheet_and_file_alike(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsm")
    report = recalculate(book)
    facts = report.result.evidence.facts
    assert facts.loc[("Sato", MAY), "revenue"] == 9_200
    assert facts.loc[("Sato", MAY), "orders"] == 2
    assert facts.loc[("Sato", MAY), "quantity"] == 9
    assert facts.loc[("Ito", MAY), "revenue"] == 10_000
    assert facts.loc[("Ito", pd.Period("2026-06", "M")), "revenue"] == 9_400
    checks = list(
        openpyxl.load_workbook(book, data_only=True)["Checks"].iter_rows(values_only=True)
    )
    [at] = [i for i, r in enumerate(checks) if r[0] == "Orders" and r[2] == "G 区分"]
    said = "".join(str(r[4] or "") for r in checks[at : at + 4] if r is checks[at] or not r[0])
    assert said.startswith(
        "列「G 区分」で返品とみなした3行(「返品」2行・「値引」1行、金額 ¥1,600)は金額が正のため"
    ), said

    # The same lines from a CSV file: the same targets and the same line on Checks.
    csv = tmp_path / "orders.csv"
    pd.DataFrame(_orders(), columns=HEADERS).to_csv(csv, index=False, encoding="cp932")
    ref = {"Orders": SourceRef("Orders", str(csv))}
    from_file, _ = compute_file(book, sources=ref)
    from_sheet, _ = compute_file(book)
    columns = ["period", "rep", "kpi", "target"]
    assert from_file.result.targets[columns].equals(from_sheet.result.targets[columns])
    [line] = [c for c in from_file.checks if c.problem == "returns_signed"]
    assert (line.params["lines"], line.params["yen"], line.params["kinds"]) == (
        "3",
        "¥1,600",
        "「返品」2行・「値引」1行",
    )
