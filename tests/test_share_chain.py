"""A chain's exit in the rep copies: its flag for the reps who held its stores, in their
words, and for no one else (trial 40: every rep's copy pointed to the chain's flag)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from routekpi.share.job import share
from tests.workbook_files import paste, steady_accounts, template_book


def _copies(tmp_path: Path) -> dict[str | None, Path]:
    """Four reps with ten accounts each, ¥10,000 a month from 2024-01; Sato, Ito and Kato
    also held two stores each of サンエブリー, all six ended 2026-09-10…21; Abe none."""
    typed: list[tuple[str, str, str, date | None, str | None]] = []
    for r, rep in enumerate(("Sato", "Ito", "Kato", "Abe")):
        typed += [(f"{rep}{i}", f"{rep}商店{i}", rep, None, None) for i in range(10)]
        if rep != "Abe":
            typed += [
                (f"CH{r}{i}", f"サンエブリー {r}{i}号店", rep, date(2026, 9, 10 + 5 * r + i), None)
                for i in range(2)
            ]
    accounts, orders = steady_accounts(typed, "2024-01-01", "2026-10-01")
    book = tmp_path / "book.xlsm"
    with template_book(
        book, kgi=5_000_000, plan_year=2027, start_month=1, as_of=date(2026, 10, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    report = share(book, tmp_path / "out", per_rep=True)
    return {f.rep: f.path for f in report.files}


def _flag_rows(path: Path) -> list[tuple[object, ...]]:
    """The data rows of the copy's flags tab (課題)."""
    ws = openpyxl.load_workbook(path)["課題"]
    return [r for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]


def _texts(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )


def test_the_chain_flag_goes_to_its_stores_holders_only(tmp_path: Path) -> None:
    copies = _copies(tmp_path)
    # Abe held none of its stores: nothing of the chain in his copy.
    assert "サンエブリー" not in _texts(copies["Abe"])
    for rep in ("Sato", "Ito", "Kato"):
        rows = [r for r in _flag_rows(copies[rep]) if "サンエブリー" in str(r)]
        [row] = rows  # the chain's one flag; no store's lost_account row beside it
        assert row[0] == "重大" and row[1] == rep
        message, action = row[-2], row[-1]
        assert message == (
            "サンエブリーの6件(担当 3人、うちあなたの担当 2件)が 2026-09-10〜2026-09-21 に"
            "揃って取引終了しました(その時点の6件のうち)"
        )
        assert "¥" not in message  # the team's share would tell the team's total
        assert action == "取り戻せるか、代わりの売上をどこで得るかを上長と決めてください"
    # The team copy: the master's row, the team's, with its yen: 6 stores × 12 × ¥10,000 of
    # the team's 46 accounts × 12 × ¥10,000 = ¥5,520,000 over 2025-09 … 2026-08: 13.0%.
    team = [r for r in _flag_rows(copies[None]) if r[1] == "チェーンの一斉取引終了"]  # chain_exit
    [row] = team
    assert row[3] == "ALL"
    assert "前の12か月の売上 ¥720,000(チームの 13.0%)" in "".join(str(c) for c in row if c)
