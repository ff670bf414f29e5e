"""A newcomer whose book is mostly handed over is not "making his first accounts" (trial 41
M3: 渡辺, 19 of whose 28 accounts were a retiring colleague's, long-standing, was said to be
「まだ最初の担当先を作っている途中で、顧客の多くは取引を始めて間もない」).

The rule (targets.mostly_handed): a rep still building his first book who was handed more
accounts (core.handover, from a departed rep or a colleague) than he has won himself since
he began gets the handed-over words; with more wins of his own, the old words stand.

The book of tests/test_newcomer_ramp (A and B with 10 accounts each; N from 2025-04 winning
one account a month, N0 … N7, ¥500 in an account's first three months then ¥1,000), plus a
colleague D, there since 2023-01 with ``handed`` accounts ordering ¥1,000 a month, who
leaves after 2025-03; his accounts go to N on 2025-04-01 (the Accounts sheet names N).

- 10 handed, 8 won: mostly handed over — 「担当の多くは引き継いだ顧客で(10件を引き継ぎ、
  本人が獲得した新規は8件)」, and not 「最初の担当先を作っている途中」.
- 5 handed, 8 won: mostly his own new accounts — the old words.
"""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History
from routekpi.core.targets import end_level_notes, mostly_handed
from routekpi.messages import text
from tests.test_newcomer_ramp import FIRST, JOINS, SETTINGS
from tests.test_newcomer_ramp import _history as ramp_history


def _history(handed: int) -> History:
    """The ramp book plus D's ``handed`` accounts, N's from 2025-04."""
    h = ramp_history()
    orders, visits, accounts = [], [], []
    last = pd.Period(SETTINGS.as_of, "M")
    for i in range(handed):
        acc = f"D{i}"
        accounts.append((acc, acc, "N", FIRST.start_time, pd.NaT))
        for m in range((last - FIRST).n + 1):
            month = FIRST + m
            rep = "N" if month >= JOINS else "D"
            day = month.start_time
            orders.append((day + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
            visits.append((day + pd.Timedelta(days=8), rep, acc, "visit", None))
    return History(
        orders=pd.concat([h.orders, pd.DataFrame(orders, columns=h.orders.columns)]),
        visits=pd.concat([h.visits, pd.DataFrame(visits, columns=h.visits.columns)]),
        accounts=pd.concat([h.accounts, pd.DataFrame(accounts, columns=h.accounts.columns)]),
    )


@pytest.mark.parametrize(("handed", "mostly"), [(10, True), (5, False)])
def test_the_note_says_a_handed_book_is_handed(handed: int, mostly: bool) -> None:
    ev = build_evidence(_history(handed), SETTINGS)
    assert "N" in ev.building
    assert ev.handed_in.get("N") == handed
    # N's own wins since 2025-04: N0 … N7, one a month through 2025-11.
    assert mostly_handed(ev, "N") == ((handed, 8.0) if mostly else None)
    (note,) = [n for n in end_level_notes(ev) if n.params["rep"] == "N"]
    ja, en = (text(note.code, lang, **note.params) for lang in ("ja", "en"))
    if mostly:
        assert note.code == "building_end_levels_handed"
        assert "Nさんの担当の多くは引き継いだ顧客で(10件を引き継ぎ、本人が獲得した新規は8件)" in ja
        assert "最初の担当先を作っている途中" not in ja
        assert "most of N's accounts were handed to him (10 handed over, 8 new" in en
    else:
        assert note.code == "building_end_levels"
        assert "Nさんはまだ最初の担当先を作っている途中で" in ja
