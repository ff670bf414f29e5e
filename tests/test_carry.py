"""Targets follow the accounts handed over during the year (core.carry).

First the pure step on a small Targets table, numbers by hand; then the branch-move book of
tests/test_handover_both_ways (A hands a1, a2 to C and takes B's b2 on 2026-07-10; FY2026 =
calendar 2026, KGI = the 2025 baseline so each month's revenue target is the baseline's),
recalculated and read back from the Targets sheet.

The small table (G gives, T takes, from 2026-03; 4 plan months of 20 working days; shares of
G's baseline: revenue 1/4, orders, visits, active accounts and cancellations 1/2):

         revenue orders visits active unit_price orders/visit visits/acct orders/acct
  G      400     4      8      4      100        0.5          2           1
  T      200     1      2      2      200        0.5          1           0.5

From March G keeps 400 − 100 = 300, T gets 200 + 100 = 300; orders 4 − 2 = 2 and 1 + 2 = 3;
visits 8 − 4 = 4 and 2 + 4 = 6; active accounts 4 − 2 = 2 and 2 + 2 = 4. The ratios follow
their parts: G's unit price 300 / 2 = 150 (100 × 150/100), T's 300 / 3 = 100 (200 ×
100/200); orders per visit stay 0.5; visits per account G 2 × (4/2)/(8/4) = 2, T 1 ×
(6/4)/(2/2) = 1.5; orders per account G 1, T 0.5 × (3/4)/(1/2) = 0.75. The year: revenue G
1,600 − 200 = 1,400, T 800 + 200 = 1,000; active accounts (a year average) G 4 − 4/4 = 3,
T 2 + 1 = 3; unit price G 100 × (1,400/12)/(1,600/16) = 116.67, T 200 × (1,000/8)/(800/4)
= 125. Meetings (his own prospecting) do not move; the team's rows do not change.
"""

from __future__ import annotations

import math
import re
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi import schema
from routekpi.core.book_change import book_changes
from routekpi.core.carry import HANDOVER_BASIS, Carry, carried_reps, carry_targets
from routekpi.core.engine import TARGET_COLUMNS
from routekpi.core.frames import records
from routekpi.core.handover import Handover
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.share.copies import handover_day

sys.path.insert(0, str(Path(__file__).parent))
from test_handover_both_ways import A, B, C, write_book

FY = "FY2026"
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]
BOOK = {
    "G": {
        "revenue": 400.0,
        "orders": 4.0,
        "visits": 8.0,
        "active_accounts": 4.0,
        "unit_price": 100.0,
        "orders_per_visit": 0.5,
        "visits_per_account": 2.0,
        "orders_per_account": 1.0,
        "meetings": 3.0,
    },
    "T": {
        "revenue": 200.0,
        "orders": 1.0,
        "visits": 2.0,
        "active_accounts": 2.0,
        "unit_price": 200.0,
        "orders_per_visit": 0.5,
        "visits_per_account": 1.0,
        "orders_per_account": 0.5,
        "meetings": 1.0,
    },
}
COUNTS = ("revenue", "orders", "visits", "meetings")
SHARES = {
    "revenue": 0.25,
    "orders": 0.5,
    "visits": 0.5,
    "active_accounts": 0.5,
    "cancellations": 0.5,
}


def _table() -> pd.DataFrame:
    rows = []
    team = {k: BOOK["G"][k] + BOOK["T"][k] for k in ("revenue", "orders", "visits", "meetings")}
    for rep, book in [*BOOK.items(), ("ALL", team)]:
        for kpi, value in book.items():
            year = value * 4 if kpi in COUNTS else value
            per_day = year / 80 if kpi in COUNTS else math.nan
            rows.append((FY, rep, kpi, value, year, math.nan, per_day, 80.0, "derived"))
            for m in MONTHS:
                per_day = value / 20 if kpi in COUNTS else math.nan
                rows.append((m, rep, kpi, value, value, math.nan, per_day, 20.0, "month"))
    return pd.DataFrame(rows, columns=list(TARGET_COLUMNS))


CARRY = Carry("G", "T", "2026-03", date(2026, 3, 9), 2, SHARES)


def _at(frame: pd.DataFrame, period: str, rep: str, kpi: str, column: str = "target") -> object:
    hit = frame[(frame["period"] == period) & (frame["rep"] == rep) & (frame["kpi"] == kpi)]
    assert len(hit) == 1
    return hit.iloc[0][column]


def test_the_given_share_moves_to_the_taker_from_the_handover_month() -> None:
    before = _table()
    after = carry_targets(before, [CARRY], 2026)
    for m in MONTHS[:2]:  # before the handover: as set
        assert (
            _at(after, m, "G", "revenue") == 400
            and _at(after, m, "G", "revenue", "basis") == "month"
        )
    expected = {
        ("G", "revenue"): 300,
        ("T", "revenue"): 300,
        ("G", "orders"): 2,
        ("T", "orders"): 3,
        ("G", "visits"): 4,
        ("T", "visits"): 6,
        ("G", "active_accounts"): 2,
        ("T", "active_accounts"): 4,
        ("G", "unit_price"): 150,
        ("T", "unit_price"): 100,
        ("G", "orders_per_visit"): 0.5,
        ("T", "orders_per_visit"): 0.5,
        ("G", "visits_per_account"): 2,
        ("T", "visits_per_account"): 1.5,
        ("G", "orders_per_account"): 1,
        ("T", "orders_per_account"): 0.75,
        ("G", "meetings"): 3,
        ("T", "meetings"): 1,
    }
    for m in MONTHS[2:]:
        for (rep, kpi), value in expected.items():
            assert _at(after, m, rep, kpi) == pytest.approx(value), (m, rep, kpi)
        assert _at(after, m, "G", "revenue", "basis") == HANDOVER_BASIS
        assert _at(after, m, "G", "revenue", "per_working_day") == pytest.approx(300 / 20)
        assert _at(after, m, "T", "revenue", "per_working_day") == pytest.approx(300 / 20)
        assert _at(after, m, "G", "meetings", "basis") == "month"
    year = {
        ("G", "revenue"): 1400,
        ("T", "revenue"): 1000,
        ("G", "orders"): 12,
        ("T", "orders"): 8,
        ("G", "active_accounts"): 3,
        ("T", "active_accounts"): 3,
        ("G", "unit_price"): 100 * (1400 / 12) / (1600 / 16),
        ("T", "unit_price"): 125,
        ("G", "meetings"): 12,
    }
    for (rep, kpi), value in year.items():
        assert _at(after, FY, rep, kpi) == pytest.approx(value), (rep, kpi)
    assert _at(after, FY, "G", "revenue", "basis") == HANDOVER_BASIS
    assert _at(after, FY, "G", "revenue", "per_working_day") == pytest.approx(1400 / 80)


def test_team_totals_are_unchanged() -> None:
    """The identity: per period and carried KPI the reps' targets add up as before; the
    team's rows are untouched."""
    before = _table()
    after = carry_targets(before, [CARRY], 2026)
    for frame in (before, after):
        assert len(frame) == len(before)
    reps = ["G", "T"]
    for kpi in ("revenue", "orders", "visits", "active_accounts", "meetings"):
        for period in [FY, *MONTHS]:
            was = sum(float(_at(before, period, r, kpi)) for r in reps)  # type: ignore[arg-type]
            now = sum(float(_at(after, period, r, kpi)) for r in reps)  # type: ignore[arg-type]
            assert now == pytest.approx(was), (kpi, period)
    team = after["rep"] == "ALL"
    pd.testing.assert_frame_equal(after[team], before[team])


def test_a_typed_target_is_not_moved() -> None:
    """A month the manager typed (basis override) keeps his number on both sides."""
    before = _table()
    typed = (before["period"] == "2026-04") & (before["rep"] == "G") & (before["kpi"] == "revenue")
    before.loc[typed, "basis"] = "override"
    after = carry_targets(before, [CARRY], 2026)
    assert _at(after, "2026-04", "G", "revenue") == 400
    assert _at(after, "2026-04", "T", "revenue") == 200
    assert _at(after, "2026-03", "T", "revenue") == 300
    assert carry_targets(before, [], 2026) is before


@pytest.fixture(scope="module")
def branch_move(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("carry") / "book.xlsm", "ja")
    recalculate(path)
    return path


def test_the_targets_sheet_moves_the_branch_move(branch_move: Path) -> None:
    """By hand, month targets from July: A gave a1 + a2 (all his baseline, ¥600) and took
    b2 (80% of B's ¥250: ¥200): ¥200; B keeps b1 ¥50; C ¥400 + ¥600 = ¥1,000. The year:
    A 6 × 600 + 6 × 200 = 4,800, B 6 × 250 + 6 × 50 = 1,800, C 6 × 400 + 6 × 1,000 = 8,400;
    the team 15,000 as before. Visits: B's b2 is one of his two visits a month (1/2), A's a1
    and a2 both of his: from July A 1, B 1, C 3."""
    wb = openpyxl.load_workbook(branch_move, read_only=True, data_only=True)
    rows = list(wb["Targets"].iter_rows(values_only=True))
    head = [str(h) for h in rows[0]]
    keys = ("period", "rep", "kpi_key", "target", "basis")
    idx = {k: head.index(_header(k)) for k in keys}
    got = {
        (str(r[idx["period"]]), str(r[idx["rep"]]), str(r[idx["kpi_key"]])): (
            r[idx["target"]],
            r[idx["basis"]],
        )
        for r in rows[1:]
        if r[idx["rep"]] is not None
    }
    moved = text("basis.handover", "ja")
    for rep, june, july in ((A, 600, 200), (B, 250, 50), (C, 400, 1000)):
        assert got[("2026-06", rep, "revenue")][0] == pytest.approx(june)
        assert got[("2026-07", rep, "revenue")] == (pytest.approx(july), moved)
    for rep, year in ((A, 4800), (B, 1800), (C, 8400)):
        assert got[(_fy(got), rep, "revenue")][0] == pytest.approx(year)
    for m in ("2026-07", "2026-12"):
        total = sum(float(got[(m, r, "revenue")][0]) for r in (A, B, C))
        assert total == pytest.approx(1250) == float(got[(m, "ALL", "revenue")][0])
        assert [got[(m, r, "visits")][0] for r in (A, B, C)] == [1, 1, 3]


def _header(key: str) -> str:
    return next(c for c in schema.OUTPUT_COLUMNS["Targets"] if c.key == key).header("ja")


def _fy(got: dict[tuple[str, str, str], object]) -> str:
    """The year's label as the sheet writes it (not a YYYY-MM month)."""
    return next(p for p, r, k in got if r == "ALL" and not re.fullmatch(r"\d{4}-\d{2}", p))


def test_carried_reps_are_judged_as_booked(tmp_path: Path) -> None:
    """With the targets moved every rep is at 100% as booked (A 4,400 of 4,400 to date, B
    1,700 of 1,700, C 6,400 of 6,400): no behind-pace flag, no handover rows on the Review,
    the handover said on the revenue row (core.book_change: basis "carried")."""
    path = write_book(tmp_path / "book.xlsm", "ja")
    (result, _checks, _, _), _ = compute_file(path)
    flags = result.flags
    assert not len(flags[flags["rep"].isin([A, B, C])])
    review = result.review
    assert not review["kpi"].isin(["moved_accounts", "revenue_kept", "taken_accounts"]).any()
    rev = review[review["kpi"] == "revenue"].set_index("rep")
    for rep, due in ((A, 4400), (B, 1700), (C, 6400)):
        assert rev.at[rep, "target_ytd"] == pytest.approx(due)
        assert rev.at[rep, "attainment"] == pytest.approx(1.0)
    changes = book_changes(records(review), result.attainment, 2026)
    a = changes[A]
    assert (a.basis, a.given, a.taken, a.since) == ("carried", 2, 1, date(2026, 7, 10))
    assert a.own == pytest.approx(1.0) and a.taken_share == pytest.approx(800 / 4400)
    assert changes[B].given_share == pytest.approx(0.8) and changes[C].taken == 2
    assert all(c.material for c in changes.values())
    assert result.handed_over == {}  # nothing under the Attainment's revenue rows


def test_a_received_days_unknown_is_the_handover_day() -> None:
    """The copy's cover 「同僚から3社(—〜)」: no line of the taker's on them yet."""
    moved = Handover(
        gone=("X",),
        last_seen={"X": date(2026, 3, 31)},
        moved=3,
        to=("R",),
        orphans=0,
        taken_over=(("k1", "R", "Y", date(2026, 7, 10)), ("k2", "R", "Y", None)),
        received=(("R", "X", 3, None), ("R", "Y", 2, None)),
    )
    assert handover_day(moved, "R", "X") == date(2026, 4, 1)  # the day after X's last
    assert handover_day(moved, "R", "Y") == date(2026, 7, 10)
    assert handover_day(moved, "R", "Z") is None


def test_a_kpi_without_targets_is_no_handover_and_keeps_the_team_whole() -> None:
    """review28: NaN != NaN marked every target-less row "handover" (a rep with no handover,
    the team's pipeline rows without meetings) and a NaN taker cell swallowed the giver's
    amount. A rep U without a unit price stays as set; visits the taker has no target for
    stay with the giver."""
    table = _table()
    extra = []
    for p in [FY, *MONTHS]:
        extra.append((p, "U", "revenue", 0.0, 0.0, math.nan, 0.0, 20.0, "month"))
        extra.append((p, "U", "unit_price", math.nan, math.nan, math.nan, math.nan, 20.0, "month"))
    table = pd.concat([table, pd.DataFrame(extra, columns=list(TARGET_COLUMNS))], ignore_index=True)
    out = carry_targets(table, [CARRY], 2026)
    assert (out.loc[out["rep"] == "U", "basis"] == "month").all()
    assert sorted(carried_reps(out)) == ["G", "T"]
    no_visits = _table()
    gone = (no_visits["rep"] == "T") & (no_visits["kpi"] == "visits")
    no_visits.loc[gone & no_visits["period"].isin(MONTHS[2:]), "target"] = math.nan
    moved = carry_targets(no_visits, [CARRY], 2026)
    for m in MONTHS[2:]:
        sums = [
            t.loc[(t["period"] == m) & (t["kpi"] == "visits") & t["rep"].isin(["G", "T"]), "target"]
            for t in (moved, no_visits)
        ]
        assert sums[0].sum() == pytest.approx(sums[1].sum())


def test_a_taker_without_a_target_that_month_gets_room_for_what_he_took() -> None:
    """review28: T's April revenue target (and ceiling) 0 before the carry: the ¼ of G's 400
    he takes over (100) came with G's room, so T's ceiling is at least 100, not 0."""
    table = _table()
    table["ceiling"] = table["target"] * 1.5
    april = (table["rep"] == "T") & (table["kpi"] == "revenue") & (table["period"] == MONTHS[3])
    table.loc[april, ["target", "ceiling"]] = 0.0
    out = carry_targets(table, [CARRY], 2026)
    row = out[(out["rep"] == "T") & (out["kpi"] == "revenue") & (out["period"] == MONTHS[3])]
    assert float(row["target"].iloc[0]) == pytest.approx(100.0)
    assert float(row["ceiling"].iloc[0]) >= float(row["target"].iloc[0])


def test_a_summed_history_carries_the_handovers_as_the_pasted_lines(tmp_path: Path) -> None:
    """review28 → carry29: the branch-move book with its orders and visits read from CSV
    files (a summed history: the facts keep the taken accounts' sums per account × rep ×
    month, HistoryFacts.handover_months) carries the same handovers with the same shares as
    the pasted book, so its Targets are the same, and Checks no longer says they stayed."""
    from routekpi.sources import SourceRef

    book = write_book(tmp_path / "b.xlsm", "ja")
    pasted = compute_file(book)[0]
    assert pasted.result.carries
    h = pasted.result.history
    h.orders.to_csv(tmp_path / "orders.csv", index=False)
    h.visits.to_csv(tmp_path / "visits.csv", index=False)
    refs = {
        name: SourceRef(name, str(tmp_path / f"{name.lower()}.csv"))
        for name in ("Orders", "Visits")
    }
    files = compute_file(book, sources=refs)[0]
    assert files.result.history.facts is not None and not len(files.result.history.orders)
    assert files.result.history.facts.handover_months is not None
    for got in (pasted, files):
        assert not [c for c in got.checks if c.problem == "handover_not_carried_summed"]
    assert files.result.carries == pasted.result.carries
    # A hands a1, a2 (all his book) to C and takes b2 from B: ¥200 of B's ¥250 a month, one
    # of his two visits and accounts (test_handover_both_ways).
    shares = {(c.giver, c.taker): dict(c.shares) for c in files.result.carries}
    assert shares[(A, C)] == pytest.approx(dict.fromkeys(shares[(A, C)], 1.0))
    assert shares[(B, A)]["revenue"] == pytest.approx(0.8)
    assert shares[(B, A)]["visits"] == pytest.approx(0.5)
    assert shares[(B, A)]["active_accounts"] == pytest.approx(0.5)
    keys = ["period", "rep", "kpi"]
    a = pasted.result.targets.sort_values(keys, ignore_index=True)
    b = files.result.targets.sort_values(keys, ignore_index=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=True)
    assert (b["basis"] == HANDOVER_BASIS).any()


def test_a_taker_on_leave_the_whole_handover_month_takes_the_targets_from_the_next() -> None:
    """review28: T is on leave all of March (his working days 0, the month's targets as
    planned for a rep away: revenue 0). G's ¼ does not land on a month T cannot sell in
    (a per-day target of NaN): G keeps 400 in March, T's March stays 0; from April, the
    first month T works, G 300 and T 300 as without the leave. The year: G 1,600 − 100 =
    1,500, T 600 + 100 = 700; the team's rows do not change."""
    table = _table()
    march = (table["rep"] == "T") & (table["period"] == MONTHS[2])
    table.loc[march, "working_days"] = 0.0
    table.loc[march & (table["kpi"] == "revenue"), ["target", "per_working_day"]] = [0.0, math.nan]
    fy = (table["rep"] == "T") & (table["period"] == FY) & (table["kpi"] == "revenue")
    table.loc[fy, "target"] = 600.0
    out = carry_targets(table, [CARRY], 2026)
    assert _at(out, MONTHS[2], "G", "revenue") == 400
    assert _at(out, MONTHS[2], "T", "revenue") == 0
    assert _at(out, MONTHS[2], "T", "revenue", "basis") == "month"
    assert _at(out, MONTHS[2], "G", "orders") == 4
    assert _at(out, MONTHS[3], "G", "revenue") == pytest.approx(300)
    assert _at(out, MONTHS[3], "T", "revenue") == pytest.approx(300)
    assert _at(out, MONTHS[3], "T", "revenue", "per_working_day") == pytest.approx(15)
    assert _at(out, FY, "G", "revenue") == pytest.approx(1500)
    assert _at(out, FY, "T", "revenue") == pytest.approx(700)
    moved = out[out["basis"] == HANDOVER_BASIS]
    assert moved.loc[moved["kpi"] == "revenue", "per_working_day"].notna().all()
    assert set(moved.loc[moved["period"] != FY, "period"]) == {MONTHS[3]}
