"""A branch move in the tracked year (trial 27 H1): one rep hands his whole book to a
colleague and takes part of another's the same day. Each of the three is judged on his own
book (core.book_change); the Flags name the handover, not a lever, and raise no retention or
unit-price flag across it; the Dashboard note and the rep's copy say so. A workbook written
with openpyxl, recalculated and read back; numbers by hand.

The book (FY2026 = calendar 2026, fiscal start month 1, as of 2026-10-31: ten whole months):
one order a month on the 10th and one visit on the 12th, January 2024 – December 2026.
A holds a1 ¥300 and a2 ¥300, B b1 ¥50 and b2 ¥200, C c1 ¥400. From 2026-07-01 (first
lines on the 10th) A's a1 and a2 are C's and B's b2 is A's. KGI ¥15,000 = the 2025
baseline, so each rep's revenue target is his baseline, the same every month: A 7,200
(6,000 to date), B 3,000 (2,500), C 4,800 (4,000).

By hand, to date (January – October):
- A: a1 + a2 6 × 600 = 3,600, b2 4 × 200 = 800: 4,400 / 6,000 = 73.3% as booked (below
  PaceCritical 75%). He gave his whole book: judged on January – June, 3,600 / 3,600 = 100%.
- B: b1 10 × 50 = 500, b2 6 × 200 = 1,200: 1,700 / 2,500 = 68.0% as booked; b2 was 80% of
  his baseline: without it 500 / 500 = 100%.
- C: c1 4,000, a1 + a2 4 × 600 = 2,400: 6,400 / 4,000 = 160.0% as booked; without the
  accounts taken over 4,000 / 4,000 = 100%; they are 2,400 / 6,400 = 37.5% of his revenue.
- Visits: A 6 × 2 + 4 × 1 = 16 of 20 (80%), behind as booked; the handover's, no lever.
- Unit price: A's August – October ¥200 against ¥300 a year before (−33%), B's ¥50 against
  ¥125 (−60%): the accounts that moved, not a discount.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from routekpi.core.book_change import HANDOVER_SHARE, book_changes
from routekpi.core.flags import _complete_months, _facts_by_rep, _unit_price_flags
from routekpi.core.frames import records
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.render import flag_message
from routekpi.share.job import share

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


def _paste(wb: openpyxl.Workbook, name: str, rows: list[list[object]]) -> None:
    ws = wb[name]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            c = ws.cell(i, j, value)
            if isinstance(value, date):
                c.number_format = "yyyy/m/d"
    table = next(iter(ws.tables.values()))
    table.ref = f"A1:{get_column_letter(ws.max_column)}{len(rows) + 1}"


def write_book(path: Path, language: str, weak: bool = False) -> Path:
    """The template with the history above pasted, as a user would. ``weak``: C's own c1
    orders ¥200 a month from the move on (his own book behind, ahead as booked)."""
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-12-01", freq="MS"):
        for account, amount in MONTHLY.items():
            day, seen = m + pd.Timedelta(days=9), m + pd.Timedelta(days=11)
            if weak and account == "c1" and day >= MOVE:
                amount = 200
            orders.append([day.date(), account, _rep_then(account, day), amount, 1, None])
            visits.append([seen.date(), _rep_then(account, seen), account, "訪問", None])
    _paste(wb, "Orders", orders)
    _paste(wb, "Visits", visits)
    holder = {a: _rep_then(a, pd.Timestamp(AS_OF)) for a in MONTHLY}
    _paste(
        wb,
        "Accounts",
        [[a, NAMES[a], r, date(2023, 1, 1), None, None, None] for a, r in holder.items()],
    )
    ws = wb["Settings"]
    ws["B4"], ws["B5"], ws["B6"], ws["B7"], ws["B8"] = KGI, 2026, 1, AS_OF, language
    ws["B7"].number_format = "yyyy/m/d"
    wb.save(path)
    return path


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
    assert a.booked == pytest.approx(4400 / 6000)
    # Nothing of his target left after the handover: the months before it.
    assert (a.basis, a.own) == ("before", pytest.approx(3600 / 3600))
    assert a.before_months == tuple(f"2026-{m:02d}" for m in range(1, 7))
    assert (b.given, b.taken, b.basis) == (1, 0, "kept")
    assert b.given_share == pytest.approx(200 / 250) and b.own == pytest.approx(500 / 500)
    assert b.booked == pytest.approx(1700 / 2500)
    assert (c.given, c.taken, c.basis) == (0, 2, "own")
    assert c.taken_share == pytest.approx(2400 / 6400) and c.own == pytest.approx(4000 / 4000)
    assert c.booked == pytest.approx(6400 / 4000)
    assert all(x.material for x in (a, b, c)) and HANDOVER_SHARE == 0.10


def test_no_coaching_retention_or_price_flag_from_the_handover(computed: object) -> None:
    result = computed
    flags = result.flags  # type: ignore[attr-defined]
    mine = flags[flags["rep"].isin([A, B, C])]
    # A is behind as booked on revenue (73.3% < PaceCritical) and visits (80%): info flags
    # that name the handover and carry no lever nor colleague to learn from.
    assert sorted(zip(mine["code"], mine["kpi"], mine["severity"], strict=True)) == [
        ("behind_pace", "revenue", "info"),
        ("behind_pace", "visits", "info"),
    ]
    assert set(mine["rep"]) == {A}
    revenue = mine[mine["kpi"] == "revenue"].iloc[0]["params"]
    assert revenue["pace"] == pytest.approx(4400 / 6000)
    assert revenue["handover"] == "2026-07-10" and (revenue["given"], revenue["taken"]) == (2, 1)
    assert revenue["own"] == pytest.approx(1.0) and revenue["basis"] == "before"
    assert "lever" not in revenue and "best_rep" not in revenue
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
def test_the_flags_sheet_and_the_dashboard_name_the_handover(tmp_path: Path, language: str) -> None:
    path = _recalculated(tmp_path, language)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    flags = list(wb["Flags"].iter_rows(values_only=True))
    # A's messages and actions, each whole (a long one wraps over continuation rows).
    said = "".join(str(r[6] or "") for r in flags[1:] if r[3] == A)
    todo = "".join(str(r[7] or "") for r in flags[1:] if r[3] == A)
    moved = text(
        "handover.moved",
        language,
        day="2026-07-10",
        parts=("、" if language == "ja" else ", ").join(
            [text("handover.given", language, n=2), text("handover.taken", language, n=1)]
        ),
    )
    before = text("handover.own_before", language, months="2026-01 – 2026-06", own="100.0%")
    assert moved.replace(" ", "") in said.replace(" ", "")
    assert before.replace(" ", "") in said.replace(" ", "")
    action = text("action.behind_pace_handover", language)
    assert action.replace(" ", "") in todo.replace(" ", "")
    dash = [
        str(v) for row in wb["Dashboard"].iter_rows(values_only=True) for v in row if v is not None
    ]
    note = next(
        v for v in dash if v.find(text("dash.reps_moved", language, mark="*", reps="")) >= 0
    )
    for rep, own, booked, what in (
        (A, "100.0%", "73.3%", text("dash.moved_before", language, own="100.0%")),
        (B, "100.0%", "68.0%", ""),
        (C, "100.0%", "160.0%", ""),
    ):
        item = text("dash.rep_moved", language, rep=rep, own=own, booked=booked, what=what)
        assert item in note


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
        "担当替え前(2026-01–2026-06)の達成率100.0%。上の達成率と着地見込みは記帳どおりで、"
        "担当替えの分を含みます(渡した顧客の目標はあなたの目標に残り、"
        "引き継いだ顧客の売上はあなたの実績に入ります)。"
    )
    # Right under the attainment and landing as booked (73.3%, 4,400 of 6,000 to date).
    assert "73.3%" in str(rows[at - 2][1]) and rows[at - 1][0] == "着地見込み"

    # C only took accounts over: his cover says that, and nothing of a given target.
    copy = next((tmp_path / "out").glob(f"*_{C}.xlsx"))
    cover = openpyxl.load_workbook(copy, read_only=True).worksheets[0]
    said = "".join(str(r[1] or "") for r in cover.iter_rows(values_only=True)).replace(" ", "")
    assert "2026-07-10の担当替え(引き継いだ顧客2件)。引き継いだ顧客を除く達成率100.0%。" in said
    assert "引き継いだ顧客の売上はあなたの実績に入っています" in said
    assert "渡した顧客の目標" not in said


def test_a_taker_ahead_as_booked_but_behind_on_his_own_book_is_flagged(tmp_path: Path) -> None:
    """C with c1 at ¥200 from July: 6 × 400 + 4 × 200 = 3,200 of his 4,000 to date on his
    own book (80.0%, below PaceWarn 90%, above PaceCritical 75%: warn), 5,600 (140.0%) as
    booked with a1 and a2's 2,400. The flag is on his own book and says the handover is out
    of it; the year's 4,800 at 80% lands at 3,840."""
    path = write_book(tmp_path / "weak.xlsm", "ja", weak=True)
    (result, _checks, _, _), _ = compute_file(path)
    flags = result.flags
    mine = flags[(flags["rep"] == C) & (flags["code"] == "behind_pace")]
    assert list(zip(mine["kpi"], mine["severity"], strict=True)) == [("revenue", "warn")]
    p = mine.iloc[0]["params"]
    assert p["pace"] == pytest.approx(3200 / 4000) and p["booked_pace"] == pytest.approx(1.4)
    assert p["actual"] == pytest.approx(3200) and p["target"] == pytest.approx(4800)
    assert p["forecast"] == pytest.approx(3840)
    assert (p["handover"], p["given"], p["taken"]) == ("2026-07-10", 0, 2)
    said, action = flag_message(mine.iloc[0], "ja")
    assert said == (
        "売上の進捗率 80.0%(自分の顧客: 実績 ¥3,200、着地見込み ¥3,840 / 目標 ¥4,800。"
        "記帳どおりは 140.0%)。2026-07-10 の担当替え(引き継いだ顧客 2 件)の分は除いています"
    )
    assert action != text("action.behind_pace_handover", "ja")  # behind on his own: advice
