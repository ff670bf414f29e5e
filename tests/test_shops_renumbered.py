"""A group's shops renumbered together, told by their names (trial 51 M1).

A dealer group renumbered its 12 shops: the master lists the old codes ended and new codes
of the same names started the next day, the order lines switch codes that day, and no
old-code column says so. Read as typed, the group "left" (a chain exit, a year of its
revenue cut from the base) and came back as new customers. Read as a renumbering (at least
``RENUMBER_MIN_ACCOUNTS`` shops whose old codes' last orders fall just before their new
codes begin), the book plans as the book that never renumbered, and Checks says which codes
and how to type the map. Real books written and read back: the sheets, and the orders and
master from CSV files (Sources)."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from workbook_files import sample_book_variants

from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from routekpi.validation.renumbered import RENUMBER_MIN_ACCOUNTS, name_twins, shops_renumbered

SWITCH = datetime(2025, 7, 1)
SHOPS = 4  # renumbered in the "renumbered" book; "two" renumbers 2 (below the group's size)


def test_name_twins_and_their_order_days_decide() -> None:
    master = pd.DataFrame(
        {
            "account": ["A1", "A2", "A3", "B1", "B2", "B3", "X1", "X2"],
            "name": ["店 一号", "店 二号", "店 三号", "店 一号", "店　二号", "店 三号", "某", "某"],
            "start": pd.to_datetime(["2010-01-01"] * 3 + ["2025-07-01"] * 3 + ["2001-01-01"] * 2),
        }
    )
    twins = name_twins(master)
    # 店　二号 (a full-width space) is 店 二号; 某 twice with one start: no old and new.
    assert sorted(zip(twins["old"], twins["new"], strict=True)) == [
        ("A1", "B1"),
        ("A2", "B2"),
        ("A3", "B3"),
    ]
    day = pd.Timestamp(SWITCH)
    last = {"A1": day - timedelta(days=3), "A2": day - timedelta(days=30), "A3": day}
    first = {"B1": day, "B2": day + timedelta(days=2)}
    found = shops_renumbered(twins, first, last)
    assert found.mapping == {"A1": "B1", "A2": "B2", "A3": "B3"}
    assert found.starts == {c: pd.Timestamp("2010-01-01") for c in ("B1", "B2", "B3")}
    # An old code still ordering well after the new one began is another shop: the group is
    # then 2, below the size, and nothing is read.
    late = {**last, "A3": day + timedelta(days=20)}
    assert shops_renumbered(twins, first, late).mapping == {}
    # An old code silent for months before the switch: closed, not renumbered.
    quiet = {**last, "A2": day - timedelta(days=90)}
    assert shops_renumbered(twins, first, quiet).mapping == {}
    # A renumbering keeps the shops with their reps: two of three changing hands at the
    # switch are other shops of the same names (RENUMBER_SAME_REP); one is a handover.
    kept = {"A1": "山田", "B1": "山田", "A2": "佐藤", "B2": "佐藤", "A3": "鈴木", "B3": "田中"}
    assert shops_renumbered(twins, first, last, kept).mapping == found.mapping
    moved = {**kept, "B2": "田中"}
    assert shops_renumbered(twins, first, last, moved).mapping == {}
    # A new code with no order yet (B3) is judged by its rep on the master.
    typed = name_twins(master.assign(rep=["山田", "佐藤", "鈴木", "山田", "田中", "田中", "", ""]))
    lines = {"A1": "山田", "B1": "山田", "A2": "佐藤", "B2": "田中", "A3": "鈴木"}
    assert shops_renumbered(typed, first, last, lines).mapping == {}
    lines["B2"] = "佐藤"
    assert shops_renumbered(typed, first, last, lines).mapping == found.mapping
    assert RENUMBER_MIN_ACCOUNTS == 3


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _switching(orders: list[list[object]], accounts: list[list[object]]) -> list[str]:
    """Open accounts ordering in the 20 days before the switch and in the 40 after: their
    last old-code order lies just before it (the sample's first accounts that do)."""
    open_ = {r[0] for r in accounts[1:] if r[0] and r[4] is None}
    before = {r[1] for r in orders[1:] if r[0] and SWITCH - timedelta(days=20) <= r[0] < SWITCH}
    after = {r[1] for r in orders[1:] if r[0] and SWITCH <= r[0] < SWITCH + timedelta(days=40)}
    return sorted(open_ & before & after)


def _renumber(wb: openpyxl.Workbook, count: int) -> tuple[dict[str, str], int, int]:
    """``count`` shops' order and visit lines from the switch on under new codes (N…), their
    master rows ended at the switch and new rows of the same names started on it. The map,
    and the old codes' order and visit lines left before the switch."""
    ws_o, ws_a, ws_v = wb["Orders"], wb["Accounts"], wb["Visits"]
    accounts = _rows(ws_a)
    shops = _switching(_rows(ws_o), accounts)[:count]
    assert len(shops) == count
    new = {old: f"N{old[1:]}" for old in shops}
    old_lines = 0
    for r in range(2, ws_o.max_row + 1):
        code = ws_o.cell(r, 2).value
        if code in new:
            if ws_o.cell(r, 1).value >= SWITCH:
                ws_o.cell(r, 2).value = new[code]
            else:
                old_lines += 1
    old_visits = 0
    for r in range(2, ws_v.max_row + 1):
        code = ws_v.cell(r, 3).value
        if code in new:
            if ws_v.cell(r, 1).value >= SWITCH:
                ws_v.cell(r, 3).value = new[code]
            else:
                old_visits += 1
    for i, row in enumerate(accounts[1:], start=2):
        if row[0] in new:
            ws_a.cell(i, 5).value = SWITCH  # 解約日: the old code ends
            ws_a.append([new[row[0]], row[1], row[2], SWITCH, None, *row[5:]])
    return new, old_lines, old_visits


def _as_csv(book: Path, sheet: str, path: Path) -> Path:
    wb = openpyxl.load_workbook(book, read_only=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for row in wb[sheet].iter_rows(values_only=True):
            if any(v is not None for v in row):
                writer.writerow(["" if v is None else v for v in row])
    wb.close()
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("shopsrenumbered")
    out: dict[str, object] = {"plain": root / "plain.xlsm"}
    for name, path, wb in sample_book_variants(root, ("renumbered", "two")):
        out[f"{name}_map"], out[f"{name}_lines"], out[f"{name}_visits"] = _renumber(
            wb, SHOPS if name == "renumbered" else 2
        )
        out[name] = path
    out["orders_csv"] = _as_csv(out["renumbered"], "Orders", root / "orders.csv")
    out["accounts_csv"] = _as_csv(out["renumbered"], "Accounts", root / "accounts.csv")
    return out


def _targets(computed: object, back: dict[str, str] | None = None) -> pd.DataFrame:
    targets = computed.result.targets
    return targets.sort_values(["kpi", "rep", "period"]).reset_index(drop=True)


def _said(computed: object) -> list[object]:
    return [c for c in computed.checks if c.problem == "shops_renumbered"]


def test_shops_renumbered_together_plan_as_if_never_renumbered(
    books: dict[str, object],
) -> None:
    plain, _ = compute_file(books["plain"])
    renumbered, _ = compute_file(books["renumbered"])
    mapping = books["renumbered_map"]
    held = renumbered.result.history.accounts
    assert not set(mapping) & set(held["account"])  # the old codes' rows are gone
    starts = held.set_index("account")["start"]
    was = plain.result.history.accounts.set_index("account")["start"]
    for old, new in mapping.items():
        assert starts[new] == was[old]  # the shop's own start, not the switch
    assert not set(mapping) & set(renumbered.result.history.orders["account"])
    pd.testing.assert_frame_equal(
        _targets(renumbered), _targets(plain), check_exact=False, rtol=1e-9, atol=1e-6
    )
    said = _said(renumbered)
    assert [(c.sheet, c.severity, c.column) for c in said] == [("Accounts", "info", "A 顧客コード")]
    params = said[0].params
    assert params["count"] == SHOPS and params["day"] == SWITCH.date().isoformat()
    assert params["orders"] == books["renumbered_lines"]
    assert params["visits"] == books["renumbered_visits"]
    first = sorted(mapping)[0]
    assert str(params["pairs"]).startswith(f"{first} → {mapping[first]}")
    ja = text("shops_renumbered", "ja", **params)
    assert f"{SHOPS}件は、{SWITCH.date().isoformat()} から同じ名前の新しいコード" in ja
    assert "「旧顧客コード」列を足して" in ja
    assert "'Old code' column" in text("shops_renumbered", "en", **params)
    assert not _said(plain)


def test_from_files_the_same_renumbering(books: dict[str, object]) -> None:
    sheet, _ = compute_file(books["renumbered"])
    files, _ = compute_file(
        books["renumbered"],
        sources={
            "Orders": SourceRef("Orders", str(books["orders_csv"])),
            "Accounts": SourceRef("Accounts", str(books["accounts_csv"])),
        },
    )
    pd.testing.assert_frame_equal(
        _targets(files), _targets(sheet), check_exact=False, rtol=1e-9, atol=1e-6
    )
    said = _said(files)
    assert [c.sheet for c in said] == ["accounts.csv"]
    assert said[0].params == _said(sheet)[0].params


def test_two_shops_are_no_group(books: dict[str, object]) -> None:
    two, _ = compute_file(books["two"])
    assert not _said(two)
    held = set(two.result.history.accounts["account"])
    assert set(books["two_map"]) <= held and set(books["two_map"].values()) <= held


def test_a_blank_rep_is_unknown_not_a_change_of_hands() -> None:
    """The master's old codes' rep cells blank (no rep on the lines): "" is no rep, so no
    pair is known on both sides and the group is judged by its days (before: "" ≠ 山田 read
    as three shops changing hands, and the renumbering was missed). The rule counts the
    pairs known on both sides only: one kept of two known is half (RENUMBER_SAME_REP); none
    kept of two known is other shops. A line with no rep leaves the master's."""
    master = pd.DataFrame(
        {
            "account": ["A1", "A2", "A3", "B1", "B2", "B3"],
            "name": ["店 一号", "店 二号", "店 三号"] * 2,
            "start": pd.to_datetime(["2010-01-01"] * 3 + ["2025-07-01"] * 3),
            "rep": ["", " ", None, "山田", "佐藤", "鈴木"],
        }
    )
    twins = name_twins(master)
    day = pd.Timestamp(SWITCH)
    last = {"A1": day - timedelta(days=3), "A2": day - timedelta(days=3), "A3": day}
    first = {"B1": day, "B2": day, "B3": day}
    found = shops_renumbered(twins, first, last)
    assert found.mapping == {"A1": "B1", "A2": "B2", "A3": "B3"}
    # A1 kept, A2 changed, A3 unknown: 1 of 2 known pairs kept (≥ 0.5).
    half = {"A1": "山田", "A2": "田中"}
    assert shops_renumbered(twins, first, last, half).mapping == found.mapping
    # A1 and A2 changed, A3 unknown: 0 of 2 (before, the unknown counted as kept: 1 of 3).
    other = {"A1": "田中", "A2": "田中", "B1": "山田", "B2": "佐藤"}
    assert shops_renumbered(twins, first, last, other).mapping == {}
    # A line without a rep (NaN, "") does not hide the master's: B1 山田 and B2 佐藤 from the
    # master, both changed (before: both unknown, so kept, and the group found).
    blank = {"A1": "田中", "B1": float("nan"), "A2": "田中", "B2": ""}
    assert shops_renumbered(twins, first, last, blank).mapping == {}
