"""A branch move in the tracked year (trial 27 H1): one rep hands his whole book to a
colleague and takes part of another's the same day. The targets follow the accounts from the
month of the handover (core.carry), so each of the three is judged as booked, which is his
own book (core.book_change basis "carried"); no flag coaches or excuses anyone, no retention
or unit-price flag is raised across the handover, and the rep's copy says the targets moved.
A workbook written with openpyxl, recalculated and read back; numbers by hand.

The book (FY2026 = calendar 2026, fiscal start month 1, as of 2026-10-31: ten whole months):
one order a month on the 10th and one visit on the 12th, January 2024 – December 2026.
A holds a1 ¥300 and a2 ¥300, B b1 ¥50 and b2 ¥200, C c1 ¥400. From 2026-07-01 (first
lines on the 10th) A's a1 and a2 are C's and B's b2 is A's. KGI ¥15,000 = the 2025
baseline, so each rep's revenue target as set is his baseline, the same every month: A ¥600,
B ¥250, C ¥400. From July the targets follow the accounts: A gave all his baseline (a1 + a2)
and took b2, 80% of B's baseline revenue (¥200 of ¥250): ¥200 a month; B keeps ¥50; C
¥400 + ¥600 = ¥1,000.

By hand, to date (January – October):
- A: 6 × 600 + 4 × 200 = 4,400 due; sold a1 + a2 6 × 600 = 3,600 and b2 4 × 200 = 800:
  4,400, 100.0%. B: 6 × 250 + 4 × 50 = 1,700 due, sold b1 10 × 50 + b2 6 × 200 = 1,700.
  C: 6 × 400 + 4 × 1,000 = 6,400 due, sold c1 4,000 + a1 + a2 4 × 600 = 2,400: 6,400.
- Visits from July (shares of each giver's baseline visits): A 0 + 1 (b2, half of B's two),
  B 1, C 1 + 2: everyone's 100%.
- Unit price: A's August – October ¥200 against ¥300 a year before (−33%), B's ¥50 against
  ¥125 (−60%): the accounts that moved, not a discount; the handover rule keeps it off.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.book_change import HANDOVER_SHARE, book_changes
from routekpi.core.flags import _complete_months, _facts_by_rep, _unit_price_flags
from routekpi.core.frames import records
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.render import flag_message
from routekpi.share.job import share
from tests.workbook_files import monthly_lines, paste, pasted_book

TEMPLATE = Path(__file__).resolve().parents[1] / "workbook_template.xlsm"
MONTHLY = {"a1": 300, "a2": 300, "b1": 50, "b2": 200, "c1": 400}
KGI = 15_000
MOVE = pd.Timestamp("2026-07-01")
A, B, C = "高橋", "山田", "渡辺"  # the reps A, B and C
# Customer names no other text of a copy holds (a copy names none of a colleague's).
NAMES = {"a1": "青葉商店", "a2": "若葉食堂", "b1": "松風学園", "b2": "白鷺病院", "c1": "港町カフェ"}
AS_OF = date(2026, 10, 31)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if day >= MOVE and account in ("a1", "a2"):
        return C
    if day >= MOVE and account == "b2":
        return A
    return {"a": A, "b": B, "c": C}[account[0]]


_paste = paste  # the one paste of typed rows (tests/workbook_files.py)


def write_book(path: Path, language: str, weak: bool = False) -> Path:
    """The template with the history above pasted, as a user would. ``weak``: C's own c1
    orders ¥200 a month from the move on (his own book behind, ahead as booked)."""

    def amount(account: str, day: pd.Timestamp) -> float:
        return 200 if weak and account == "c1" and day >= MOVE else MONTHLY[account]

    orders, visits = monthly_lines("2024-01-01", "2026-12-01", MONTHLY, _rep_then, amount)
    holder = {a: _rep_then(a, pd.Timestamp(AS_OF)) for a in MONTHLY}
    accounts = [[a, NAMES[a], r, date(2023, 1, 1), None, None, None] for a, r in holder.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=KGI, plan_year=2026, start_month=1, as_of=AS_OF, language=language
    )


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = write_book(tmp_path_factory.mktemp("calc") / "book.xlsm", "ja")
    (result, _checks, _, _), _ = compute_file(path)
    return result


def test_each_rep_is_judged_on_his_own_book(computed: object) -> None:
    result = computed
    got = book_changes(
        records(result.review),  # type: ignore[attr-defined]
        result.attainment,  # type: ignore[attr-defined]
        2026,
    )
    a, b, c = got[A], got[B], got[C]
    assert (a.given, a.taken, a.since) == (2, 1, date(2026, 7, 10))
    assert a.given_share == pytest.approx(1.0) and a.taken_share == pytest.approx(800 / 4400)
    # The targets moved with the accounts: as booked is his own book.
    for x in (a, b, c):
        assert (x.basis, x.booked, x.own) == ("carried", pytest.approx(1.0), pytest.approx(1.0))
    assert (b.given, b.taken) == (1, 0) and b.given_share == pytest.approx(200 / 250)
    assert (c.given, c.taken) == (0, 2) and c.taken_share == pytest.approx(2400 / 6400)
    assert all(x.material for x in (a, b, c)) and HANDOVER_SHARE == 0.10
    att = result.attainment  # type: ignore[attr-defined]
    fy = att[(att["period"] == "FY2026") & (att["kpi"] == "revenue")].set_index("rep")
    for rep, due, year in ((A, 4400, 4800), (B, 1700, 1800), (C, 6400, 8400)):
        assert fy.at[rep, "target_to_date"] == pytest.approx(due)
        assert fy.at[rep, "actual"] == pytest.approx(due) and fy.at[rep, "target"] == year


def test_no_coaching_retention_or_price_flag_from_the_handover(computed: object) -> None:
    result = computed
    flags = result.flags  # type: ignore[attr-defined]
    assert not len(flags[flags["rep"].isin([A, B, C])])  # all on pace on the moved targets
    # Without the handover rule the unit price of A and B would be flagged (the mix moved):
    # the rule, not a quiet book, keeps them off.
    ev, history = result.evidence, result.history  # type: ignore[attr-defined]
    raw = _unit_price_flags(ev, _complete_months(ev), _facts_by_rep(ev.facts), history)
    assert {A, B} <= {r["rep"] for r in raw}


def _recalculated(tmp_path: Path, language: str) -> Path:
    path = write_book(tmp_path / f"book_{language}.xlsm", language)
    recalculate(path)
    return path


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_flags_sheet_names_none_of_them(tmp_path: Path, language: str) -> None:
    path = _recalculated(tmp_path, language)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    flags = list(wb["Flags"].iter_rows(values_only=True))
    assert not [r for r in flags[1:] if r[3] in (A, B, C)]
    said = "".join(str(v) for r in flags for v in r if v is not None)
    assert text("action.behind_pace_handover", language) not in said


def test_the_reps_copy_cover_names_the_handover(tmp_path: Path) -> None:
    path = _recalculated(tmp_path, "ja")
    share(path, tmp_path / "out", per_rep=True)
    copy = next((tmp_path / "out").glob(f"*_{A}.xlsx"))
    cover = openpyxl.load_workbook(copy, read_only=True).worksheets[0]
    rows = [r for r in cover.iter_rows(values_only=True) if any(v is not None for v in r)]
    at = next(i for i, r in enumerate(rows) if r[0] == "年度中の担当替え")
    lines = [str(rows[at][1])]
    for r in rows[at + 1 :]:  # its continuation lines, up to the next label
        if r[0] is not None:
            break
        lines.append(str(r[1]))
    said = "".join(lines).replace(" ", "")
    assert said == (
        "2026-07-10の担当替え(渡した顧客2件、引き継いだ顧客1件)。"
        "担当替えの月から目標も顧客と一緒に移っています(渡した顧客の目標は引き継いだ担当者へ、"
        "引き継いだ顧客の目標はあなたへ)。上の達成率と着地見込みは、移した後の目標に対するものです。"
    )
    # Right under the attainment and landing (100.0%, 4,400 of 4,400 to date).
    assert "100.0%" in str(rows[at - 2][1]) and rows[at - 1][0] == "着地見込み"
    # The target's reasons (the Plan's line, as set: 12 × 600 = 7,200) end with what moved
    # with the accounts (trial 51 L1): 6 × 600 + 6 × 200 = 4,800, −2,400 from July.
    whole = "".join(str(r[1] or "") for r in rows).replace(" ", "")
    assert (
        "上は期首の目標¥7,200の説明です。年度の途中の担当替えで、顧客といっしょに目標が"
        "動きました(2026-07から、−¥2,400):いまの目標は¥4,800です。"
    ) in whole

    # C only took accounts over: his cover says that, and nothing of a given target.
    copy = next((tmp_path / "out").glob(f"*_{C}.xlsx"))
    cover = openpyxl.load_workbook(copy, read_only=True).worksheets[0]
    said = "".join(str(r[1] or "") for r in cover.iter_rows(values_only=True)).replace(" ", "")
    assert "2026-07-10の担当替え(引き継いだ顧客2件)。" in said
    assert "引き継いだ顧客の目標はあなたの目標に入っています" in said
    assert "渡した顧客の目標" not in said
    # 12 × 400 = 4,800 as set; 6 × 400 + 6 × 1,000 = 8,400 now: +3,600 from July.
    assert "(2026-07から、+¥3,600):いまの目標は¥8,400です。" in said


def test_a_taker_behind_on_the_moved_targets_is_flagged(tmp_path: Path) -> None:
    """C with c1 at ¥200 from July: 6 × 400 + 4 × 200 + a1 + a2 4 × 600 = 5,600 of his
    6,400 to date (87.5%, below PaceWarn 90%, above PaceCritical 75%: warn). His targets hold
    a1 and a2 since July, so the flag is as booked and stands; it names the handover and
    says the targets moved; the advice is a lever's, not the handover's. His landing (core.
    landing.year_landing, the one rule): the book he holds now (c1, a1, a2) over January –
    October, 6 × 400 + 4 × 200 + 10 × 600 = 9,200 in 10/12 of a flat year, so November and
    December expect 2 × 920 = 1,840 on his 5,600 booked: 7,440."""
    path = write_book(tmp_path / "weak.xlsm", "ja", weak=True)
    (result, _checks, _, _), _ = compute_file(path)
    flags = result.flags
    mine = flags[(flags["rep"] == C) & (flags["code"] == "behind_pace")]
    assert list(zip(mine["kpi"], mine["severity"], strict=True)) == [("revenue", "warn")]
    p = mine.iloc[0]["params"]
    assert p["pace"] == pytest.approx(5600 / 6400) and "booked_pace" not in p
    assert p["actual"] == pytest.approx(5600) and p["target"] == pytest.approx(8400)
    assert p["forecast"] == pytest.approx(7440)
    assert (p["handover"], p["given"], p["taken"], p["basis"]) == ("2026-07-10", 0, 2, "carried")
    said, action = flag_message(mine.iloc[0], "ja")
    assert said == (
        "売上の進捗率 87.5%(記帳どおり: 実績 ¥5,600、着地見込み ¥7,440 / 目標 ¥8,400)。"
        "2026-07-10 の担当替え(引き継いだ顧客 2 件)。目標も担当替えの月から顧客と一緒に移っています"
    )
    assert action != text("action.behind_pace_handover", "ja")  # behind on his own: advice
