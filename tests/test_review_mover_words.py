"""A mover's Review line (core.review ``_mark_moves``, render ``_mover_words``): it names the
accounts he left and took with their size and who has them now or had them, and says
「売り方の問題ではありません」 only when the move explains the gap — he was on pace in the
months before it — not when he was behind before the move too (a new-user trial). The book of
tests.test_review_moved_rep (石田 hands a1, a2 to 新井 and takes b1, b2 of 森 from July
2026; as of 2026-10-31) with two changes, written, recalculated and read back.

By hand: 石田's target is ¥630 a month, ¥6,300 to date and ¥3,780 for January – June.
- behind only after the move: b1 and b2 sell ¥250 a month from July (not ¥500). Sold 6 ×
  630 + 4 × (30 + 250 + 250) = 3,780 + 2,120 = 5,900: −¥400; before the move 3,780 / 3,780 =
  100.0%: the move explains it.
- behind before too: a1 also sells ¥150 a month January – June 2026. Sold 6 × 480 + 2,120 =
  5,000: −¥1,300; before the move 2,880 / 3,780 = 76.2%, under PaceWarn: not the move alone.
Both: left a1, a2 — ¥3,600 each in the 2025 baseline, ¥7,200 (the first by code named), to
新井 学; took b1, b2 — 4 months × 2 × ¥250 = ¥2,000 since, from 森 和夫.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.test_review_moved_rep import AS_OF, HOLDER, KGI, MONTHLY, MOVER, _rep_then
from tests.workbook_files import monthly_lines, pasted_book, review_lines_joined

JULY, JANUARY = pd.Timestamp("2026-07-01"), pd.Timestamp("2026-01-01")


def _book(path: Path, behind_before: bool) -> Path:
    def amount(account: str, day: pd.Timestamp) -> float:
        if account in ("b1", "b2") and day >= JULY:
            return 250
        if behind_before and account == "a1" and JANUARY <= day < JULY:
            return 150
        if account == "c1" and day >= JANUARY:
            return 440
        return MONTHLY[account]

    orders, visits = monthly_lines("2024-01-01", "2026-12-01", MONTHLY, _rep_then, amount)
    holder = {a: _rep_then(a, pd.Timestamp(AS_OF)) for a in MONTHLY}
    accounts = [
        [a, f"顧客{a}", r, pd.Timestamp("2023-01-01").date(), None, None, None]
        for a, r in holder.items()
    ]
    assert set(HOLDER)  # the same four holders as the moved-rep book
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=KGI, plan_year=2026, start_month=1, as_of=AS_OF)


def _finding(path: Path) -> str:
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in wb["Review"].iter_rows(values_only=True)]
    head = rows[0]
    rep, key, said = (head.index(n) for n in ("担当者", "KPIキー", "所見"))
    joined = review_lines_joined(rows[1:], key, (said,))
    (row,) = [r for r in joined if r[rep] == MOVER and r[key] == "revenue"]
    return str(row[said])


SIDES = (
    "2026-07-10 の異動: "
    "渡した顧客 2 件(顧客a1 ほか1件、基準期間の売上 ¥7,200、新井 学へ)、"
    "引き継いだ顧客 2 件(顧客b1 ほか1件、引継ぎ後の売上 ¥2,000、森 和夫から)。"
)


def test_behind_only_after_the_move_is_the_move(tmp_path: Path) -> None:
    said = _finding(_book(tmp_path / "after.xlsm", behind_before=False))
    own = "担当替え前(2026-01 – 2026-06)の達成率 100.0%"
    assert said == f"期初来の差 −¥400。{SIDES}" + text("review.move.explained", "ja", own=own)
    assert "売り方の問題ではありません" in said


def test_behind_before_the_move_too_is_not_the_move_alone(tmp_path: Path) -> None:
    said = _finding(_book(tmp_path / "before.xlsm", behind_before=True))
    own = "担当替え前(2026-01 – 2026-06)の達成率 76.2%"
    assert said == f"期初来の差 −¥1,300。{SIDES}" + text("review.move.behind_before", "ja", own=own)
    assert "売り方の問題ではありません" not in said
