"""A lost account's 「最終受注」 is its last sale, not its last return (trial 53: a closed
bookshop's stock came back for three months; on the pasted rows the flag read
「最終受注 2026-12-04 から-66日受注がなく、2026-09-29で取引終了とみなしました」).

Hand-written book (``test_probably_closed._weekly``): 水1 (W1) bought ¥5,000 and was visited
every Monday for 60 weeks to 2026-09-28, then sent back −¥2,000 every Friday 2026-10-02 …
2026-12-04; 水2 (W2) every Monday to 2026-12-07. AsOf 2026-12-07, no end dates typed: the
lapse rule ends W1 the day after its last sale (2026-09-29, core.lapse) and the lost_account
row names that sale, 2026-09-28.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.core.history import History
from routekpi.recalc import recalculate
from tests.test_probably_closed import _weekly
from tests.workbook_files import frames_book


def test_the_lost_account_names_its_last_sale(tmp_path: Path) -> None:
    h = _weekly("2026-09-28", 60)
    back = pd.date_range("2026-10-02", "2026-12-04", freq="7D")
    assert len(back) == 10 and back[-1] == pd.Timestamp("2026-12-04")
    returns = pd.DataFrame(
        {"date": back, "account": "W1", "rep": "上野", "amount": -2_000.0, "quantity": -1.0}
    )
    orders = pd.concat([h.orders, returns], ignore_index=True)
    history = History(orders=orders, visits=h.visits, accounts=h.accounts)
    book = frames_book(
        tmp_path / "returns.xlsm",
        history,
        {"KGI": 600_000, "PlanYear": 2026, "AsOf": date(2026, 12, 7)},
    )
    recalculate(book)
    rows = list(openpyxl.load_workbook(book, read_only=True)["Flags"].iter_rows(values_only=True))
    (lost,) = [r for r in rows if "lost_account" in r]
    text = "".join(str(c) for c in lost if c)
    assert "W1" in lost and text.count("水1: 最終受注 2026-09-28 ") == 1
    # Ended the day after its last sale: no day count (left53b: not 「から1日受注がなく」).
    assert "水1: 最終受注 2026-09-28 以降受注がなく、2026-09-29で取引終了とみなしました" in text
    assert "日受注がなく" not in text
    assert "2026-12-04" not in text and "-66日" not in text
