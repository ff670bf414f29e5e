"""Accounts that change hands between reps who all still work: an account's history goes
with the account to whoever holds it at the planning moment (core/handover.py; the history
sources do the same in SQL, sources/handover.py). Small workbooks written with openpyxl and
read back, numbers by hand."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from tests.workbook_files import monthly_lines, paste, pasted_book

TEMPLATE = Path(__file__).resolve().parents[1] / "workbook_template.xlsm"

# 田中 and 佐藤 work all through; 松本 joins on 2026-07-01 and takes over t2 from 田中 and s2
# from 佐藤; t3 went from 田中 to 佐藤 in July 2025 (both stay). One order a month on the
# 10th and one visit on the 12th, January 2025 – December 2026.
MONTHLY = {"t1": 100, "t2": 200, "s1": 300, "s2": 400, "t3": 50}
KGI = 12_600  # the baseline: "same as last year"
SHEET_REP = {"t1": "田中", "t2": "松本", "s1": "佐藤", "s2": "松本", "t3": "佐藤"}


def _rep_then(account: str, day: pd.Timestamp, colleague: bool = False) -> str:
    if colleague:  # no newcomer: 佐藤 takes t2 over from 田中 on 2026-07-01
        if account == "t2" and day >= pd.Timestamp("2026-07-01"):
            return "佐藤"
        if account == "s2":
            return "佐藤"
    if account in ("t2", "s2") and day >= pd.Timestamp("2026-07-01"):
        return "松本"
    if account == "t3":
        return "田中" if day < pd.Timestamp("2025-07-01") else "佐藤"
    return "田中" if account.startswith("t") else "佐藤"


_paste = paste  # the one paste of typed rows (tests/workbook_files.py)


def write_book(
    path: Path, plan_year: int, as_of: date, typo: bool = False, colleague: bool = False
) -> Path:
    """The template with the history above pasted, as a user would (read back by routekpi).

    ``colleague``: no newcomer; 佐藤, who has a plan, takes t2 over from 田中 on 2026-07-01
    (s2 stays 佐藤's)."""
    orders, visits = monthly_lines(
        "2025-01-01", "2026-12-01", MONTHLY, lambda account, day: _rep_then(account, day, colleague)
    )
    if typo:  # one line of s1 with 佐藤 mistyped
        orders.append([date(2026, 3, 20), "s1", "佐籐", 1000, 1, None])
    sheet = {**SHEET_REP, "t2": "佐藤", "s2": "佐藤"} if colleague else SHEET_REP
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in sheet.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=KGI, plan_year=plan_year, start_month=1, as_of=as_of, language="en"
    )


def _revenue_baseline(result: object) -> dict[str, float]:
    base = result.evidence.base  # type: ignore[attr-defined]
    return {str(r): float(v) for r, v in base["revenue"].items()}


def _notes(result: object) -> dict[str, dict[str, object]]:
    return {n.code: dict(n.params) for n in result.evidence.notes}  # type: ignore[attr-defined]


def test_a_newcomers_accounts_bring_their_history_and_the_team_is_unchanged(
    tmp_path: Path,
) -> None:
    """FY2027 planned on 2026-12-31: the baseline is calendar 2026."""
    path = write_book(tmp_path / "fy2027.xlsm", 2027, date(2026, 12, 31))
    (result, checks, _, _), _ = compute_file(path)
    base = _revenue_baseline(result)
    # Read as the rows say, 田中 would have t1 12 × 100 + t2 6 × 200 = 2,400, 佐藤 s1 3,600 +
    # t3 600 + s2 6 × 400 = 6,600 and 松本 6 × (200 + 400) = 3,600: half a year as a year.
    assert base["田中"] == 12 * 100  # t1 only: t2 is 松本's now
    assert base["佐藤"] == 12 * 300 + 12 * 50  # s1 and t3
    assert base["松本"] == 12 * 200 + 12 * 400  # t2 and s2, the whole year
    assert base[TEAM] == 12 * (100 + 200 + 300 + 400 + 50) == 12_600
    assert base[TEAM] == base["田中"] + base["佐藤"] + base["松本"]
    # Orders per month: 松本 has two accounts for twelve months, not six.
    assert result.evidence.base.at["松本", "orders"] == 24
    # Every line of t2 and s2 up to the planning moment is 松本's; t3's are all 佐藤's.
    orders = result.history.orders
    reps = orders.groupby(orders["account"].astype(str))["rep"].unique().map(sorted).to_dict()
    assert reps["t2"] == ["松本"] and reps["s2"] == ["松本"] and reps["t3"] == ["佐藤"]
    # The plan says who took over what from whom; nobody has left.
    notes = _notes(result)
    assert "reps_departed" not in notes
    assert notes["accounts_transferred"] == {
        "accounts": 3,
        "moves": "松本 ← 佐藤 1, 田中 1 (2); 佐藤 ← 田中 1 (1)",
    }
    # Who received which accounts from whom, and since his first line on them.
    assert result.history.handover.received == (
        ("佐藤", "田中", 1, date(2025, 7, 10)),
        ("松本", "佐藤", 1, date(2026, 7, 10)),
        ("松本", "田中", 1, date(2026, 7, 10)),
    )
    row = next(c for c in checks if c.problem == "accounts_transferred")
    assert row.severity == "info"
    assert "松本 ← 佐藤 1, 田中 1 (2)" in text(row.problem, "ja", **row.params)
    # Targets: a KGI equal to the baseline gives each rep his baseline (revenue, orders, visits).
    fy = result.targets[result.targets["period"] == "FY2027"].set_index(["rep", "kpi"])
    assert fy.at[("松本", "revenue"), "target"] == pytest.approx(7200)
    assert fy.at[("田中", "revenue"), "target"] == pytest.approx(1200)
    assert fy.at[("佐藤", "revenue"), "target"] == pytest.approx(4200)
    assert fy.at[("松本", "orders"), "target"] == pytest.approx(24)
    assert fy.at[("松本", "visits"), "target"] == pytest.approx(24)
    assert fy.at[(TEAM, "revenue"), "target"] == pytest.approx(KGI)


def test_a_handover_during_the_plan_year_leaves_the_years_targets_with_the_givers(
    tmp_path: Path,
) -> None:
    """FY2026 reviewed on 2026-12-31: on the eve of the year (2025-12-31) t2 and s2 were still
    田中's and 佐藤's, so the year's targets are theirs; the accounts table keeps 松本."""
    path = write_book(tmp_path / "fy2026.xlsm", 2026, date(2026, 12, 31))
    (result, _, _, _), _ = compute_file(path)
    base = _revenue_baseline(result)
    assert base["田中"] == 12 * 100 + 12 * 200  # t1, t2 (t3's first half moved to 佐藤)
    assert base["佐藤"] == 12 * 300 + 12 * 400 + 12 * 50  # s1, s2, t3 (all of 2025)
    assert base.get("松本", 0.0) == 0 and "松本" not in result.evidence.reps
    notes = _notes(result)
    assert notes["accounts_transferred_in_year"] == {
        "accounts": 2,
        "moves": "松本 ← 佐藤 1, 田中 1 (2)",
        "since": "松本 2026-07-10",
        "plan": "FY2026",
    }
    assert result.history.handover.taken_over == (
        ("s2", "松本", "佐藤", date(2026, 7, 10)),
        ("t2", "松本", "田中", date(2026, 7, 10)),
    )
    assert notes["accounts_transferred"]["moves"] == "佐藤 ← 田中 1 (1)"
    acc = result.history.accounts
    assert dict(zip(acc["account"].astype(str), acc["rep"], strict=True)) == SHEET_REP
    # 松本's own lines in the year stay his (what each rep did in the year).
    orders = result.history.orders
    late = orders[(orders["account"] == "t2") & (orders["date"] >= pd.Timestamp("2026-07-01"))]
    assert set(late["rep"]) == {"松本"}


def test_a_mistyped_rep_on_one_line_follows_the_account_and_is_still_reported(
    tmp_path: Path,
) -> None:
    path = write_book(tmp_path / "typo.xlsm", 2027, date(2026, 12, 31), typo=True)
    (result, checks, _, _), _ = compute_file(path)
    base = _revenue_baseline(result)
    assert base["佐藤"] == 12 * 300 + 12 * 50 + 1000  # the 佐籐 line is s1's, so 佐藤's
    assert "佐籐" not in base and "佐籐" not in set(result.targets["rep"])
    notes = _notes(result)
    assert "reps_departed" not in notes and "reps_departed_orphans" not in notes
    assert notes["accounts_transferred"]["accounts"] == 3  # the typo is no handover
    unknown = [c for c in checks if c.problem == "unknown_order_rep"]
    assert len(unknown) == 1 and unknown[0].value == "佐籐"


def with_rep_who_left(path: Path, until: str, last_month: str) -> Path:
    """``path`` (a write_book book) with account k1 (田中's on Accounts) ordering ¥70 on the
    15th of every month from January 2025 to ``last_month``: by 小林, who is not on
    Accounts, before ``until``, by 田中 from then on."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Orders"]
    for m in pd.date_range("2025-01-01", last_month, freq="MS"):
        rep = "小林" if m < pd.Timestamp(until) else "田中"
        ws.append([(m + pd.Timedelta(days=14)).date(), "k1", rep, 70, 1, None])
    next(iter(ws.tables.values())).ref = f"A1:F{ws.max_row}"
    acc = wb["Accounts"]
    acc.append(["k1", "k1", "田中", date(2024, 1, 1), None, None, None])
    next(iter(acc.tables.values())).ref = f"A1:G{acc.max_row}"
    wb.save(path)
    return path


def orders_to_csv(path: Path) -> dict[str, SourceRef]:
    """Moves the book's Orders rows to orders.csv beside it (the sheet keeps its header and
    one blank row); the ``sources`` that read them from there (DuckDB, the compact history)."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Orders"]
    values = list(ws.iter_rows(values_only=True))
    csv = path.parent / "orders.csv"
    frame = pd.DataFrame(values[1:], columns=["date", "account", "rep", "amount", "quantity", "no"])
    frame.drop(columns="no").to_csv(csv, index=False)
    ws.delete_rows(2, ws.max_row)
    next(iter(ws.tables.values())).ref = "A1:F2"
    wb.save(path)
    return {"Orders": SourceRef("Orders", str(csv))}


@pytest.mark.parametrize("as_of", [date(2026, 12, 31)])
def test_the_history_file_path_hands_over_like_the_rows(tmp_path: Path, as_of: date) -> None:
    """The same book with its orders in a CSV file (DuckDB, sources/handover.py)."""
    path = write_book(tmp_path / "book.xlsm", 2027, as_of, typo=True)
    (rows_result, _, _, _), _ = compute_file(path)
    (file_result, _, _, _), _ = compute_file(path, sources=orders_to_csv(path))
    assert file_result.history.handover == rows_result.history.handover
    a = _revenue_baseline(rows_result)
    b = _revenue_baseline(file_result)
    assert a == pytest.approx(b)
    assert b["松本"] == 12 * 600 and b["佐藤"] == 12 * 350 + 1000


def test_the_history_file_path_counts_active_accounts_by_month_holder_like_the_rows(
    tmp_path: Path,
) -> None:
    """FY2026 as of 2026-10-31, orders from a CSV file (the compact history): t2 and s2 are
    田中's and 佐藤's until June, 松本's from July, as with the rows. Usage to date and its
    cohort move with the accounts too: 田中's baseline usage to date is (1,200 + 12 × 200) ÷ 2
    = 1,800 on both paths (t1's 12 × 100 and t2's 12 × 200: the SQL reads the moves
    core.measure makes on the rows, usage.sql; the file path said t1's 1,200 alone before)."""
    path = write_book(tmp_path / "book.xlsm", 2026, date(2026, 10, 31))
    (rows_result, _, _, _), _ = compute_file(path)
    (file_result, _, _, _), _ = compute_file(path, sources=orders_to_csv(path))
    assert file_result.history.facts is not None
    for result in (rows_result, file_result):
        active = result.evidence.facts["active_accounts"]
        assert active[("田中", pd.Period("2026-06", "M"))] == 2
        assert active[("田中", pd.Period("2026-07", "M"))] == 1
        assert active[("松本", pd.Period("2026-06", "M"))] == 0
        assert active[("松本", pd.Period("2026-07", "M"))] == 2
        assert result.evidence.base.at["田中", "visits_per_account"] == pytest.approx(1.0)
        assert result.evidence.base.at["田中", "usage_to_date"] == pytest.approx(1800)


def test_a_rep_who_left_during_the_plan_year_is_checked_as_the_plan_treats_him(
    tmp_path: Path,
) -> None:
    """小林, not on Accounts, served k1 until February 2026 (last order 2026-02-15), then 田中.
    As of 2026-10-31 he has been gone for months, but the engine decides on 2025-12-31 (the
    eve of FY2026), when he was at work: the Plan gives him a target and no departed-rep
    note, so the Checks keep him an unknown rep to check, not one who has left."""
    path = write_book(tmp_path / "book.xlsm", 2026, date(2026, 10, 31))
    with_rep_who_left(path, until="2026-03-01", last_month="2026-10-01")
    (result, checks, _, _), _ = compute_file(path)
    assert result.history.handover.last_seen == {}
    assert "小林" in set(result.targets["rep"])
    rep = [c for c in checks if c.problem in ("unknown_order_rep", "departed_order_rep")]
    assert [(c.value, c.problem, c.params, c.severity) for c in rep] == [
        ("小林", "unknown_order_rep", {}, "warn")
    ]


def test_the_history_file_path_splits_a_handover_during_the_year_like_the_rows(
    tmp_path: Path,
) -> None:
    """FY2026 as of 2026-10-31, orders from a CSV file (the compact history): 松本 took t2
    over from 田中 and s2 from 佐藤 in July, so each giver's revenue splits into the accounts
    handed over and the book kept, as with the rows (core.review.handed_over over the facts'
    handover_months). KGI = the 2025 baseline: 田中's target is 12 × (100 + 200) = 3,600,
    3,000 by October; t2 is 2,400 / 3,600 of it (2,000 to date) and sold 6 × 200 = 1,200
    while he held it; the rest, 1,000 to date, against t1's 10 × 100 = 1,000. 佐藤's is
    12 × (300 + 400 + 50) = 9,000, 7,500 to date; s2 is 4,800 / 9,000 of it (4,000) and sold
    6 × 400 = 2,400; the rest 3,500 against s1 3,000 + t3 500."""
    path = write_book(tmp_path / "book.xlsm", 2026, date(2026, 10, 31))
    (rows_result, _, _, _), _ = compute_file(path)
    (file_result, _, _, _), _ = compute_file(path, sources=orders_to_csv(path))
    facts = file_result.history.facts
    assert facts is not None and facts.handover_months is not None
    # Only the two accounts taken over, per rep and month: t2 and s2 × 22 months to October.
    assert set(facts.handover_months["account"]) == {"t2", "s2"}
    assert len(facts.handover_months) == 2 * 22
    # core.compact builds the same table from the rows (the pandas reference of the SQL).
    pandas = compact_history(rows_result.history, date(2026, 10, 31)).facts
    assert pandas is not None and pandas.handover_months is not None
    keys = ["account", "rep", "month"]
    pd.testing.assert_frame_equal(
        pandas.handover_months.sort_values(keys, ignore_index=True),
        facts.handover_months.astype({"account": object, "rep": object}).sort_values(
            keys, ignore_index=True
        ),
        check_dtype=False,
    )
    taker = facts.handover_months[facts.handover_months["rep"] == "松本"]
    assert taker["revenue"].sum() == 4 * (200 + 400)  # July – October, since the takeover
    want = {
        "田中": [("moved_accounts", 2000, 1200), ("revenue_kept", 1000, 1000)],
        "佐藤": [("moved_accounts", 4000, 2400), ("revenue_kept", 3500, 3500)],
    }
    for result in (rows_result, file_result):
        got = {
            rep: [(h.kpi, h.target_ytd, h.actual_ytd) for h in rows]
            for rep, rows in result.handed_over.items()
        }
        assert got == {
            rep: [(k, pytest.approx(t), pytest.approx(a)) for k, t, a in rows]
            for rep, rows in want.items()
        }
    for rep in ("田中", "佐藤"):
        a, b = rows_result.handed_over[rep], file_result.handed_over[rep]
        assert [h.detail for h in a] == [h.detail for h in b]
        # Flat: pytest 9.2's approx takes no nested tuples; NaN is a missing attainment.
        assert [x for h in a for x in (h.target, h.attainment)] == pytest.approx(
            [x for h in b for x in (h.target, h.attainment)], nan_ok=True
        )
    # The Review and the flags read the split alike.
    review = ["rep", "kpi", "target_ytd", "actual_ytd", "attainment", "contribution", "main"]
    pd.testing.assert_frame_equal(
        rows_result.review[review], file_result.review[review], check_exact=False
    )


def test_a_reps_cover_says_what_he_took_over_and_gives_one_growth_figure(
    tmp_path: Path,
) -> None:
    """FY2027 planned on 2026-11-30 (December still to come): 松本 holds t2 and s2 with
    their history, so his "last year" is 12 × (200 + 400) = 7,200 though he served them only
    from 2026-07-10. His copy's cover says he took 2 accounts over from colleagues since
    then (naming neither: a rep's copy names no other rep) and that his last year holds what
    they bought before; the 2026 landing reads actual + expected (10 × 600 for the complete
    months January – October, 2 × 600 for November and December: a flat history), without
    a second growth figure over it. 田中 took nothing over: no such row."""
    from routekpi.share.copies import build_copy, load_source

    path = write_book(tmp_path / "book.xlsm", 2027, date(2026, 11, 30))
    source = load_source(path)

    def cover(rep: str) -> list[tuple[object, ...]]:
        data, _ = build_copy(source, rep)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return list(wb.worksheets[0].iter_rows(values_only=True))

    rows = cover("松本")
    label = text("share.cover_taken_over", "en")
    took = next(r for r in rows if r[0] == label)
    assert took[1] == "2 from colleagues (since 2026-07-10)"
    assert (text("share.cover_taken_note", "en"), None) == next(
        r[:2] for r in rows if r[0] and str(r[0]).startswith("Note:")
    )
    blob = "\n".join(str(v) for r in rows for v in r if v is not None)
    assert "佐藤" not in blob and "田中" not in blob
    # One growth figure: the target over last year, as the Plan says it …
    assert "last year ¥7,200 → " in blob
    # … and the landing as actual + expected, with no target over it.
    at = next(i for i, r in enumerate(rows) if str(r[0]).startswith("FY2026"))
    assert rows[at + 1][1] == "¥6,000 actual + ¥1,200 expected for the rest"
    assert "target" not in " ".join(str(v) for v in rows[at + 1] if v)
    assert [r for r in cover("田中") if r[0] == label] == []
    # 佐藤 took t3 over from 田中 in July 2025: his "last year" holds only his own sales of it.
    assert next(r for r in cover("佐藤") if r[0] == label)[1] == (
        "1 from colleagues (since 2025-07-10)"
    )
