"""The tax step at a stack's switch of files said once, as the tax step (trial 49 V3).

An old 税抜 file (plain 金額, 2021-04 … 2024-03) stacked with a 金額(税込) file (2024-04 …
2026-03) and nothing saying which the old one is: a critical Checks line names the switch
(2024-04). By hand: 30 accounts of 3 reps order every month 8–12 units at ¥100 net (seeded),
booked ¥110 a unit 税込 from 2024-04: the unit price steps +10.0% at the switch. Before, the
engine said that step a second time as a one-off price revision (「価格(金額÷数量)は2024-04に
一度+10.0%変わりました。一度きりの価格改定として…」) and in the team's record line
(「単価の段差(2024-04 +10.0%)を除いた」); now the note says it is the tax switch, and the
record line names no unit-price step. The book is written, recalculated and read back.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.validation.tax_step import TAX_STEP_NOTE
from tests.workbook_files import template_book

REPS = ("佐藤 一郎", "伊藤 花子", "田中 次郎")
ACCOUNTS = [(f"K{i:03d}", REPS[i % 3]) for i in range(30)]
OLD = ["売上日", "伝票番号", "得意先コード", "担当者名", "商品名", "数量", "金額"]
NEW = ["日付", "受注番号", "顧客コード", "担当者", "商品名", "数量", "金額(税込)"]


def _book(folder: Path) -> Path:
    rng = np.random.default_rng(5)
    old: list[list[object]] = []
    new: list[list[object]] = []
    slip = 1000
    for month in pd.date_range("2021-04-01", "2026-03-01", freq="MS"):
        for account, rep in ACCOUNTS:
            slip += 1
            qty = int(rng.integers(8, 13))
            day = (month + pd.Timedelta(days=int(rng.integers(0, 20)))).strftime("%Y/%m/%d")
            later = month >= pd.Timestamp("2024-04-01")
            line = [day, slip, account, rep, "シャンプー", qty, qty * (110 if later else 100)]
            (new if later else old).append(line)
    pd.DataFrame(old, columns=OLD).to_csv(folder / "old.csv", index=False, encoding="cp932")
    pd.DataFrame(new, columns=NEW).to_csv(folder / "new.csv", index=False, encoding="utf-8-sig")
    book = folder / "book.xlsm"
    with template_book(
        book, kgi=420_000, plan_year=2026, start_month=4, as_of=date(2026, 3, 31)
    ) as wb:
        sources = wb["Sources"]
        for row, name in enumerate(("old.csv", "new.csv"), 2):
            sources.cell(row, 1, "受注")
            sources.cell(row, 2, name)
        sheet = wb["Accounts"]
        for row, (account, rep) in enumerate(ACCOUNTS, 2):
            sheet.cell(row, 1, account)
            sheet.cell(row, 3, rep)
            sheet.cell(row, 4, date(2020, 1, 1))
    return book


def test_the_step_at_an_untold_tax_switch_is_said_once_as_the_tax_step(tmp_path: Path) -> None:
    book = _book(tmp_path)
    (result, checks, _, _), _ = compute_file(book)
    (untold,) = [c for c in checks if c.problem == "tax_stack_untold"]
    assert (untold.severity, untold.params["switch"]) == ("critical", "2024-04")
    steps = [n for n in result.notes if n.code.startswith("price_step")]
    assert [(n.code, n.params["month"], n.params["size"]) for n in steps] == [
        (TAX_STEP_NOTE, "2024-04", "+10.0%")
    ]
    assert result.plan.record_steps == ()  # before: ("2024-04 +10.0%",)
    (said,) = [c for c in checks if c.problem == TAX_STEP_NOTE]
    ja = text(said.problem, "ja", **said.params)
    assert "取引単価は2024-04に一度+10.0%変わりました" in ja
    assert "ファイルが 2024-04 に切り替わるところ(old.csv → new.csv)の税抜・税込の違い" in ja
    assert "価格改定ではありません" in ja
    en = text(said.problem, "en", **said.params)
    assert "switch of files in 2024-04 (old.csv → new.csv)" in en
    # The Plan sheet as written: the tax step once, no unit-price step or price revision.
    recalculate(book)
    plan = openpyxl.load_workbook(book, read_only=True, data_only=True)["Plan"]
    written = "".join(str(c) for row in plan.iter_rows(values_only=True) for c in row if c)
    assert written.count("税抜・税込の違いとみられ(チェックシートの重大な行)") == 1  # the note
    assert "税抜・税込の違いとみられる段差" in written  # the unit price's lever line
    assert "単価の段差" not in written and "一度きりの価格改定" not in written
