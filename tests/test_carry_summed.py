"""Targets follow the accounts handed over during the year when the history comes summed
(core.carry over ``HistoryFacts.handover_months``): the orders read from a CSV file through
DuckDB (routekpi.sources: picked_months.sql, picked_visits.sql) and the pandas compact history
(core.compact) carry the same handovers with the same shares as the pasted lines, so the
Targets are the same to the bit; facts built without the taken accounts' sums say so.

The book of tests/test_transfer.py with ``colleague=True`` (FY2026 = calendar 2026, as of
2026-10-31; one order a month on the 10th, one visit on the 12th): 田中 holds t1 ¥100 and
t2 ¥200, 佐藤 s1 ¥300, s2 ¥400 and t3 ¥50; 佐藤 takes t2 over from 田中 on 2026-07-01. KGI
= the 2025 baseline, so each month's revenue target as set is the rep's baseline month:
田中 300, 佐藤 750. t2 is 200 / 300 = ⅔ of 田中's baseline revenue, one of his two order
lines, visits and accounts a month (½). From July 田中's month target is 300 − 200 = 100 and
佐藤's 750 + 200 = 950; the year 田中 6 × 300 + 6 × 100 = 2,400, 佐藤 4,500 + 5,700 = 10,200.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.carry import HANDOVER_BASIS, handover_carries
from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.pipeline import _handover_by, _year_start, compute_file, read_file, validate

sys.path.insert(0, str(Path(__file__).parent))
from test_handover_both_ways import write_book as write_branch_move
from test_transfer import orders_to_csv
from test_transfer import write_book as write_transfer

AS_OF = date(2026, 10, 31)
KEYS = ["period", "rep", "kpi"]


def _targets(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(KEYS, ignore_index=True)


def _target(frame: pd.DataFrame, period: str, rep: str, kpi: str = "revenue") -> float:
    row = frame[(frame["period"] == period) & (frame["rep"] == rep) & (frame["kpi"] == kpi)]
    return float(row["target"].iloc[0])


def test_orders_from_a_csv_file_carry_as_the_pasted_lines(tmp_path: Path) -> None:
    """The colleague book pasted, then with its Orders in a CSV file (DuckDB): the same
    carry (田中 → 佐藤 from 2026-07, t2's shares by hand) and the same Targets, to the bit."""
    path = write_transfer(tmp_path / "book.xlsm", 2026, AS_OF, colleague=True)
    pasted = compute_file(path)[0]
    files = compute_file(path, sources=orders_to_csv(path))[0]
    facts = files.result.history.facts
    assert facts is not None and not len(files.result.history.orders)
    assert facts.handover_months is not None
    assert set(facts.handover_months["account"]) == {"t2"}
    # t2 × 22 months to October: 田中's 18 to June, 佐藤's 4 since; one order and visit each.
    assert len(facts.handover_months) == 22
    assert facts.handover_months["orders"].sum() == facts.handover_months["visits"].sum() == 22
    for got in (pasted, files):
        (carry,) = got.result.carries
        assert (carry.giver, carry.taker, carry.since, carry.accounts) == (
            "田中",
            "佐藤",
            "2026-07",
            1,
        )
        assert carry.shares["revenue"] == pytest.approx(2 / 3)
        for kpi in ("orders", "visits", "active_accounts", "cancellations"):
            assert carry.shares[kpi] == pytest.approx(0.5)
        assert not [c for c in got.checks if c.problem == "handover_not_carried_summed"]
    assert files.result.carries == pasted.result.carries
    a, b = _targets(pasted.result.targets), _targets(files.result.targets)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=True)
    for month, tanaka, sato in (
        ("2026-06", 300, 750),
        ("2026-07", 100, 950),
        ("2026-12", 100, 950),
    ):
        assert _target(b, month, "田中") == pytest.approx(tanaka)
        assert _target(b, month, "佐藤") == pytest.approx(sato)
    assert _target(b, "FY2026", "田中") == pytest.approx(2400)
    assert _target(b, "FY2026", "佐藤") == pytest.approx(10_200)
    moved = b[(b["period"] == "2026-07") & (b["rep"] == "田中") & (b["kpi"] == "revenue")]
    assert moved["basis"].iloc[0] == HANDOVER_BASIS


@pytest.mark.parametrize("book", ["colleague", "branch_move"])
def test_the_pandas_compact_history_carries_as_the_lines(tmp_path: Path, book: str) -> None:
    """core.compact (the pandas reference of the SQL) builds ``handover_months`` in the same
    pass as the other facts: the engine on it carries as on the lines, to the bit. Facts
    built without it (a warehouse source that does not send it) keep the targets with the
    givers and say how many accounts (Checks, info)."""
    if book == "colleague":
        path = write_transfer(tmp_path / "book.xlsm", 2026, AS_OF, colleague=True)
    else:
        path = write_branch_move(tmp_path / "book.xlsm", "ja")
    valid = validate(read_file(path))
    history, settings, period = valid.inputs.history, valid.settings, valid.period
    as_of = settings.as_of or AS_OF
    raw = run(history, settings)
    summed = compact_history(
        history, as_of, handover_by=_handover_by(period, as_of), year_start=_year_start(period)
    )
    compact = run(summed, settings)
    assert raw.carries and compact.carries == raw.carries
    a, b = _targets(raw.targets), _targets(compact.targets)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=True)
    assert summed.facts is not None
    blind = replace(summed, facts=replace(summed.facts, handover_months=None))
    without = run(blind, settings)
    assert not without.carries
    assert not (without.targets["basis"] == HANDOVER_BASIS).any()
    (note,) = [n for n in without.plan.notes if n.code == "handover_not_carried_summed"]
    # t2 (colleague); a1, a2 and b2 (the branch move).
    assert note.params["count"] == {"colleague": 1, "branch_move": 3}[book]
    assert handover_carries(blind, without.evidence) == []


def test_a_handover_partly_to_a_rep_without_a_plan_is_said() -> None:
    """review28: G hands a1 to T (both planned: carried) and a2, a3 to N, a newcomer without
    a plan (not carried); T also takes b1 from L, who left during the year (his rows stay
    as planned: not carried). The Review judges G and T as booked (their targets moved), so
    the Checks name each with the accounts that did not carry: G 2 (a2, a3), T 1 (b1). A
    rep with no carry (L) and an account without a first line yet (a4) are not counted."""
    from types import SimpleNamespace

    from routekpi.core.carry import Carry, partly_carried
    from routekpi.core.handover import Handover

    day = date(2026, 7, 10)
    taken = (
        ("a1", "T", "G", day),
        ("a2", "N", "G", day),
        ("a3", "N", "G", date(2026, 8, 3)),
        ("a4", "N", "G", None),
        ("b1", "T", "L", day),
    )
    handed = Handover(gone=(), last_seen={}, moved=0, to=(), orphans=0, taken_over=taken)
    history = SimpleNamespace(handover=handed)
    ev = SimpleNamespace(reps=["G", "L", "T"])
    carry = Carry("G", "T", "2026-07", day, 1, {"revenue": 0.5})
    got = partly_carried(history, ev, [carry], {"L"})  # type: ignore[arg-type]
    assert got == {"G": 2, "T": 1}
    assert partly_carried(history, ev, [], {"L"}) == {}  # type: ignore[arg-type]
    assert partly_carried(history, ev, [carry]) == {"G": 2}  # type: ignore[arg-type]
