"""A rep who moved branch in the tracked year (trial 39 H2/H3): he handed nearly his whole
book to a newcomer without a plan and took over the book of a colleague who left, the same
day. His targets stayed (no core.carry: the taker of his accounts has no plan, the giver of
his new ones left), so his attainment as booked measures the move: the Review shows the
accounts that changed hands, no attainment "without the accounts handed over" built from
the one small account he kept, no lever to coach and no colleague to learn from, and he is
no one's best on a KPI his book sets. A workbook written with openpyxl, recalculated and
read back; numbers by hand.

The book (FY2026 = calendar 2026, fiscal start month 1, as of 2026-10-31: ten whole months):
one order a month on the 10th and one visit on the 12th, January 2024 – December 2026.
石田 holds a1 ¥300, a2 ¥300 and a3 ¥30; 森 b1 ¥500 and b2 ¥500; 佐藤 c1 ¥400 (¥440 from
January 2026); 中村 d1 ¥250 and d2 ¥250. From 2026-07-01 (first lines on the 10th) a1 and a2
are the newcomer 新井's, b1 and b2 石田's; 森 has no line after June. KGI ¥30,360 = the 2025
baseline, so each rep's targets as set are his baseline, the same every month: 石田 ¥630 a
month in 3 orders (unit price ¥210), 佐藤 ¥400 in 1, 中村 ¥500 in 2 (¥250).

By hand, to date (January – October):
- 石田: due 10 × 630 = 6,300; sold 6 × 630 + 4 × (30 + 500 + 500) = 3,780 + 4,120 = 7,900,
  125.4% as booked. Handed over a1, a2: 600 / 630 = 95.2% of his baseline (more than nine
  tenths: his kept "book" is a3, ¥300 of target to date; the old row read (7,900 − 3,600) /
  300 = 1433.3%). Took b1, b2: ¥4,000 since, 4,000 / 7,900 of his revenue. Judged on the
  months before the handover: 3,780 / 3,780 = 100.0% (January – June).
- Unit price: 石田 7,900 / 30 orders = ¥263.33 against ¥210 (125.4%: 森's bigger slips);
  佐藤 ¥440 against ¥400 (110.0%), 中村 ¥250 (100.0%). Revenue: 佐藤 4,400 / 4,000 = 110.0%.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.book_change import book_changes, near_empty
from routekpi.core.frames import records
from routekpi.core.review import KEPT, MOVED, OWN, TAKEN
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from tests.workbook_files import monthly_lines, pasted_book, review_lines_joined

MONTHLY = {"a1": 300, "a2": 300, "a3": 30, "b1": 500, "b2": 500, "c1": 400, "d1": 250, "d2": 250}
KGI = 30_360
MOVE = pd.Timestamp("2026-07-01")
MOVER, LEAVER, NEWCOMER, SATO, NAKAMURA = "石田 亮", "森 和夫", "新井 学", "佐藤 健一", "中村 優"
AS_OF = date(2026, 10, 31)
HOLDER = {"a": MOVER, "b": LEAVER, "c": SATO, "d": NAKAMURA}


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if day >= MOVE and account in ("a1", "a2"):
        return NEWCOMER
    if day >= MOVE and account in ("b1", "b2"):
        return MOVER
    return HOLDER[account[0]]


def _amount(account: str, day: pd.Timestamp) -> float:
    if account == "c1" and day >= pd.Timestamp("2026-01-01"):
        return 440
    return MONTHLY[account]


def write_book(path: Path) -> Path:
    orders, visits = monthly_lines("2024-01-01", "2026-12-01", MONTHLY, _rep_then, _amount)
    holder = {a: _rep_then(a, pd.Timestamp(AS_OF)) for a in MONTHLY}
    accounts = [[a, f"顧客{a}", r, date(2023, 1, 1), None, None, None] for a, r in holder.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=KGI, plan_year=2026, start_month=1, as_of=AS_OF)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_book(tmp_path_factory.mktemp("moved") / "book.xlsm")


@pytest.fixture(scope="module")
def computed(book: Path) -> object:
    (result, _checks, _, _), _ = compute_file(book)
    return result


def test_the_move_is_judged_on_the_months_before_it(computed: object) -> None:
    result = computed
    review = result.review  # type: ignore[attr-defined]
    mine = review[review["rep"] == MOVER].set_index("kpi")
    assert mine.at["revenue", "target_ytd"] == pytest.approx(6300)
    assert mine.at["revenue", "actual_ytd"] == pytest.approx(7900)
    # The accounts that changed hands, no attainment over the one account he kept.
    assert MOVED in mine.index and TAKEN in mine.index
    assert KEPT not in mine.index and OWN not in mine.index
    assert mine.at[MOVED, "actual_ytd"] == pytest.approx(3600)
    assert mine.at[MOVED, "detail"]["share"] == pytest.approx(600 / 630)
    assert near_empty(600 / 630) and not near_empty(0.9)
    assert mine.at[TAKEN, "actual_ytd"] == pytest.approx(4000)
    change = book_changes(records(review), result.attainment, 2026)[MOVER]  # type: ignore[attr-defined]
    assert (change.given, change.taken, change.since) == (2, 2, date(2026, 7, 10))
    assert change.given_share == pytest.approx(600 / 630)
    assert change.taken_share == pytest.approx(4000 / 7900)
    assert change.moved and change.material
    assert (change.basis, change.own) == ("before", pytest.approx(1.0))
    assert change.booked == pytest.approx(7900 / 6300)
    assert change.before_months == tuple(f"2026-{m:02d}" for m in range(1, 7))
    # Ahead as booked, nothing to coach: no main lever, the handover named instead.
    assert not mine["main"].astype(bool).any()
    cause = mine.at["revenue", "detail"]["handover_cause"]
    assert (cause["basis"], cause["given"], cause["taken"]) == ("before", 2, 2)
    assert cause["own"] == pytest.approx(1.0)


def test_a_changed_book_is_no_ones_model(computed: object) -> None:
    review = computed.review  # type: ignore[attr-defined]
    best = review.drop_duplicates("kpi").set_index("kpi")
    # 石田's unit price 125.4% of a target set on his old book: not the team's best; 佐藤's
    # 110.0% is (and his revenue, 110.0%).
    assert best.at["unit_price", "best_rep"] == SATO
    assert best.at["unit_price", "best_value"] == pytest.approx(1.1)
    assert best.at["revenue", "best_rep"] == SATO
    assert best.at["revenue", "best_value"] == pytest.approx(1.1)
    assert best.at["active_accounts", "best_rep"] != MOVER
    mine = review[(review["rep"] == MOVER) & (review["kpi"] == "unit_price")].iloc[0]
    assert mine["attainment"] == pytest.approx((7900 / 30) / 210)


def test_the_review_sheet_reads_back(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsm")
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in wb["Review"].iter_rows(values_only=True)]
    head = rows[0]
    at = {name: head.index(name) for name in ("担当者", "KPIキー", "ベスト担当者", "所見")}
    joined = review_lines_joined(rows[1:], at["KPIキー"], (at["所見"],))
    mine = {r[at["KPIキー"]]: r for r in joined if r[at["担当者"]] == MOVER}
    assert set(mine) >= {"revenue", MOVED, TAKEN} and not set(mine) & {KEPT, OWN}
    said = str(mine["revenue"][at["所見"]]).replace(" ", "")
    # What he left and took, by size and by whom (review37, tests/test_review_mover_words.py).
    moved = "2026-07-10の異動:渡した顧客2件(顧客a1ほか1件、基準期間の売上¥7,200、新井学へ)"
    assert said.startswith(f"期初来の差+¥1,600。{moved}")
    assert "引き継いだ顧客2件(顧客b1ほか1件、引継ぎ後の売上¥4,000、森和夫から)" in said
    assert "差は異動によるもので、売り方の問題ではありません" in said
    assert "担当替え前(2026-01–2026-06)の達成率100.0%" in said
    everything = "".join(str(r[at["所見"]] or "") for r in joined if r[at["担当者"]] == MOVER)
    assert "やり方を共有" not in everything and "主因" not in everything
    assert {r[at["ベスト担当者"]] for r in joined if r[at["KPIキー"]] == "unit_price"} == {SATO}


def test_a_carried_handover_leaves_no_kpi_without_a_model(tmp_path: Path) -> None:
    """trial 27's branch move (tests/test_handover_both_ways.py): the three reps' targets
    followed the accounts, and each of their books changed materially. With no unchanged
    book left to learn from, the KPIs keep them as models (a blank best reads "he is the
    team's best"): revenue's best is still named, 100.0% as booked."""
    from tests.test_handover_both_ways import A, B, C
    from tests.test_handover_both_ways import write_book as both_ways_book

    (result, _checks, _, _), _ = compute_file(both_ways_book(tmp_path / "b.xlsm", "ja"))
    review = result.review
    changes = book_changes(records(review), result.attainment, 2026)
    assert all(changes[r].material and changes[r].basis == "carried" for r in (A, B, C))
    best = review.drop_duplicates("kpi").set_index("kpi")
    assert best.at["revenue", "best_rep"] in (A, B, C)
    assert best.at["revenue", "best_value"] == pytest.approx(1.0)


def test_only_unchanged_books_are_models_when_there_are_some() -> None:
    """``_unchanged_books`` on four Review rows: the changed rep's unit price (154.1%) goes,
    his orders per account (not set by his book) stays; a KPI only he has a score on keeps
    him."""
    from routekpi.core.book_change import BookChange
    from routekpi.core.review import _unchanged_books

    rows = pd.DataFrame(
        {
            "rep": [MOVER, SATO, MOVER, MOVER, SATO],
            "kpi": ["unit_price", "unit_price", "orders_per_account", "revenue", "revenue"],
            "attainment": [1.541, 1.095, 0.97, 1.489, float("nan")],
        }
    )
    change = BookChange(MOVER, date(2026, 7, 1), 22, 22, 0.995, 0.66, 1.489, 0.965, "before")
    kept = _unchanged_books(rows, {MOVER: change})
    assert list(zip(kept["rep"], kept["kpi"], strict=True)) == [
        (SATO, "unit_price"),
        (MOVER, "orders_per_account"),
        (MOVER, "revenue"),
        (SATO, "revenue"),
    ]
