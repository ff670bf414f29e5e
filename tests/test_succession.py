"""A business handed on under a new code (事業承継, trial 54 M1): an account ended on the
master and a new one started at its address within days is one place — no loss, no new
account, the history carried — said once on Checks; a closure followed by a new clinic
elsewhere, and a different business opening at the address months later, stay as typed.
Hand-counted on a small written book, pasted and from files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from routekpi.core.succession import SUCCESSION_DAYS, successions
from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.workbook_files import csv_history, edit, pasted_book, sources_or_pasted_book

# code: (name, start, first order month, last order month, typed end, address)
ACCOUNTS: dict[str, tuple[str, date, str, str, date | None, str]] = {
    # 3001 → 3002: 事業承継, the same day, same address, a new name.
    "3001": (
        "ノア動物病院",
        date(2020, 1, 1),
        "2023-04",
        "2025-09",
        date(2025, 9, 30),
        "青葉区一番町1-1-1",
    ),
    "3002": (
        "ノアどうぶつ病院",
        date(2025, 9, 30),
        "2025-10",
        "2026-11",
        None,
        "青葉区一番町１－１－１",
    ),
    # 3003 closed; 3004 a new clinic the next day at another address: a loss and a win.
    "3003": (
        "ルナ動物病院",
        date(2020, 1, 1),
        "2023-04",
        "2025-06",
        date(2025, 6, 30),
        "泉区泉中央2-2-2",
    ),
    "3004": ("ソラ動物病院", date(2025, 7, 1), "2025-07", "2026-11", None, "泉区泉中央2-2-3"),
    # 3005 closed; a different business at its address five months later.
    "3005": (
        "ペットショップ丸",
        date(2020, 1, 1),
        "2023-04",
        "2025-03",
        date(2025, 3, 31),
        "太白区長町3-3-3",
    ),
    "3006": ("トリミング花", date(2025, 9, 1), "2025-09", "2026-11", None, "太白区長町3-3-3"),
}
ACCOUNTS |= {
    f"30{i}": (f"動物病院{i}", date(2020, 1, 1), "2023-04", "2026-11", None, f"宮城野区{i}-1")
    for i in range(10, 20)
}
MONTHS = pd.date_range("2023-04-01", "2026-11-01", freq="MS")


def _lines() -> list[tuple[date, str]]:
    out = []
    for m in MONTHS:
        month = m.strftime("%Y-%m")
        for code, (_, _, first, last, _, _) in ACCOUNTS.items():
            if first <= month <= last:
                out.append(((m + pd.Timedelta(days=9)).date(), code))
    return out


def _visited(code: str, named: bool) -> str:
    """A visit's customer as typed: the code, or the name (the old name on the old code's)."""
    return ACCOUNTS[code][0] if named else code


def _book(path: Path, named: bool = False) -> Path:
    rows = {
        "Orders": [[d, c, "田中", 10_000, 1, None] for d, c in _lines()],
        "Visits": [[d, "田中", _visited(c, named), "訪問", None] for d, c in _lines()],
        "Accounts": [
            [code, name, "田中", start, end, None, None]
            for code, (name, start, _, _, end, _) in ACCOUNTS.items()
        ],
    }
    pasted_book(path, rows, kgi=3_000_000, plan_year=2026, start_month=4, as_of=None)
    with edit(path) as wb:
        ws = wb["Accounts"]
        ws["I1"] = "住所"
        for row in range(2, 2 + len(ACCOUNTS)):
            ws.cell(row, 9).value = ACCOUNTS[str(ws.cell(row, 1).value)][5]
    return path


def _files(folder: Path, named: bool = False) -> Path:
    orders: list[list[object]] = [["受注日", "得意先コード", "担当者", "金額", "数量"]]
    orders += [[d.isoformat(), c, "田中", 10_000, 1] for d, c in _lines()]
    visits: list[list[object]] = [["訪問日", "担当者", "得意先コード", "種別"]]
    visits += [[d.isoformat(), "田中", _visited(c, named), "訪問"] for d, c in _lines()]
    accounts: list[list[object]] = [
        ["得意先コード", "得意先名", "担当者", "取引開始日", "廃業日", "住所"]
    ]
    for code, (name, start, _, _, end, address) in ACCOUNTS.items():
        accounts.append(
            [code, name, "田中", start.isoformat(), end.isoformat() if end else "", address]
        )
    csv_history(folder, {"Orders": orders, "Visits": visits, "Accounts": accounts})
    return sources_or_pasted_book(
        folder / "sourced.xlsm",
        None,
        3_000_000,
        plan_year=2026,
        sheets=("Orders", "Visits", "Accounts"),
    )


def _run(tmp_path: Path, from_file: bool, named: bool = False) -> tuple[Any, list]:
    path = _files(tmp_path, named) if from_file else _book(tmp_path / "book.xlsm", named)
    (result, checks, _, _), _ = compute_file(path)
    return result, checks


def test_successions_on_a_frame() -> None:
    frame = pd.DataFrame(
        [(c, n, a, s, e) for c, (n, s, _, _, e, a) in ACCOUNTS.items()],
        columns=["account", "name", "address", "start", "end"],
    )
    [found] = successions(frame)
    assert (found.old, found.new, found.same_name) == ("3001", "3002", False)
    assert found.day == found.end == pd.Timestamp("2025-09-30")
    # A start SUCCESSION_DAYS after the end still is one; a day more is not.
    for days, pairs in ((SUCCESSION_DAYS, 1), (SUCCESSION_DAYS + 1, 0)):
        moved = frame.copy()
        moved.loc[moved["account"] == "3002", "start"] = date(2025, 9, 30) + pd.Timedelta(days=days)
        assert len(successions(moved)) == pairs
    # The old code still ordering two weeks after the new one began: two tenants, not one.
    assert successions(frame, {}, {"3001": date(2025, 10, 20)}) == []


@pytest.mark.parametrize("from_file", [False, True])
def test_a_handover_is_one_place(tmp_path: Path, from_file: bool) -> None:
    result, checks = _run(tmp_path, from_file)
    [said] = [c for c in checks if c.problem == "accounts_succession"]
    assert said.severity == "info"
    assert said.params["pairs"] == "旧 3001 → 新 3002(同じ住所、同じ日)"
    # 3001's lines 2023-04 … 2025-09: 30 orders and 30 visits read under 3002.
    assert (said.params["count"], said.params["orders"], said.params["visits"]) == (1, 30, 30)
    assert "事業承継とみなしました(1組): 旧 3001 → 新 3002" in text(
        said.problem, "ja", **said.params
    )
    accounts = result.history.accounts.drop_duplicates("account", keep="last").set_index("account")
    assert "3001" not in accounts.index
    assert accounts.loc["3002", "start"] == pd.Timestamp("2020-01-01")  # the place's start
    # The closure and the later business stay as typed: ended, and started anew.
    assert accounts.loc["3003", "end"] == pd.Timestamp("2025-06-30")
    assert accounts.loc["3005", "end"] == pd.Timestamp("2025-03-31")
    assert accounts.loc["3004", "start"] == pd.Timestamp("2025-07-01")
    assert accounts.loc["3006", "start"] == pd.Timestamp("2025-09-01")


def _visits(result: Any) -> dict[str, int]:
    visits = result.history.visits
    if len(visits):
        counted = visits["account"].dropna().astype(str).value_counts()
        return {str(k): int(v) for k, v in counted.items()}
    rhythm = result.history.facts.rhythm
    return dict(zip(rhythm["account"].astype(str), rhythm["count"].astype(int), strict=True))


@pytest.mark.parametrize("from_file", [False, True])
def test_a_visit_typed_with_the_old_name_is_the_new_codes(tmp_path: Path, from_file: bool) -> None:
    """A visit log keyed by name (an SFA export with no code) types 「ノア動物病院」 until the
    handover and 「ノアどうぶつ病院」 after: both are the place now under 3002 (30 + 14)."""
    result, checks = _run(tmp_path, from_file, named=True)
    counts = _visits(result)
    assert counts.get("3002") == 44 and "3001" not in counts
    assert counts.get("3003") == 27 and counts.get("3004") == 17  # 2023-04…2025-06; 2025-07…
    assert not [c for c in checks if c.problem.startswith("visit_names_unmatched")]
    # No visit line carried the old code (the log names its customers): the Checks line says
    # how the old name's visits count instead of 「訪問 0行」 (verify54).
    [said] = [c for c in checks if c.problem.startswith("accounts_succession")]
    assert (said.problem, said.params["orders"], said.params["visits"]) == (
        "accounts_succession_by_name",
        30,
        0,
    )
    words = text(said.problem, "ja", **said.params)
    assert "旧い名前で書かれた訪問も新しいコードの訪問です" in words and "訪問 0行" not in words
