"""Trial 46's input findings (歯科材料ディーラー: an ERP's 得意先マスタ and an SFA's 訪問日報 as
exported), each on a small book written, recalculated and read back:

- H5: a hire joining at the plan year's start, given a colleague's clinics on the customer
  master and with no order or visit yet, holds them in the plan: their history is his
  baseline, not the colleague's (core/handover.py ``newcomers``).
- M1: an SFA's 訪問開始 (``2026/11/05 09:30``) is the visit date, the time dropped, and its
  訪問目的 the kind (schema.py aliases): the export is read as written, not a stop.
- M2: the master's 休止 flag (no end date) ends the account the day after its last order:
  it is off the Daily list, and Checks says how many were so ended (core/lapse.py
  ``flagged_ends``), on the sheet and from the master's CSV alike.
- M3: every holder's stores of a chain that left are out of his baseline, not only those of a
  holder for whom they were material (core/lost.py ``lost_before_plan``).
- L2: the KGI-unit stop names the summary's 基準売上 beside last year as booked when lost
  accounts make them differ (validation/settings.py ``kgi_scale_check``).
- L3: visit files that overlap (daily reports beside a prospecting log) are one warning in
  words of visits, and a column several files lack is one warning naming them all
  (sources/assemble.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import python_calamine

from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from tests.test_chain_exit import _chain_book
from tests.test_sources_yearly import _csv, _external, _sources
from tests.test_transfer import orders_to_csv
from tests.workbook_files import edit, pasted_book, set_named

# One order a month on the 10th and one visit on the 12th, January 2025 – November 2026.
MONTHLY = {"t1": 100, "s1": 300, "y1": 30, "y2": 50}
SERVED_BY = {"t1": "田中", "s1": "佐藤", "y1": "佐藤", "y2": "佐藤"}
# The master for FY2027: two of 佐藤's clinics to 小野寺, who joins in April (no line yet).
HIRE = "小野寺"
MASTER = {"t1": "田中", "s1": "佐藤", "y1": HIRE, "y2": HIRE}


def history_rows() -> tuple[list[list[object]], list[list[object]]]:
    """Orders and Visits rows as typed (the visit's kind 訪問, no outcome)."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account, amount in MONTHLY.items():
            orders.append([(m + pd.Timedelta(days=9)).date(), account, SERVED_BY[account], amount])
            seen = (m + pd.Timedelta(days=11)).date()
            visits.append([seen, SERVED_BY[account], account, "訪問", None])
    return orders, visits


def hire_book(path: Path, master: dict[str, str] = MASTER) -> Path:
    """The template with the history above pasted, planned for FY2027 (April start)."""
    orders, visits = history_rows()
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in master.items()]
    rows = {"Orders": [[*row, 1, None] for row in orders], "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=6_000, plan_year=2027, start_month=4, as_of=None)


def test_a_hire_given_clinics_on_the_master_holds_them_in_the_plan(tmp_path: Path) -> None:
    """Baseline 2025-11 – 2026-10 (12 months): 小野寺 12 × (30 + 50) = 960 from y1 and y2,
    佐藤 12 × 300 = 3,600 (s1 only), 田中 12 × 100 = 1,200. Before the fix 小野寺 had no
    line, so he was no active rep: y1 and y2 stayed with 佐藤 (4,560) and 小野寺 had no
    target at all."""
    (result, checks, _, _), _ = compute_file(hire_book(tmp_path / "book.xlsm"))
    handed = result.history.handover
    assert handed is not None
    assert handed.transfers == ((HIRE, "佐藤", 2),)
    assert handed.released == () and handed.later == ()
    assert handed.newcomers == ((HIRE, 2),)
    base = result.evidence.base["revenue"]
    assert float(base[HIRE]) == 12 * 80
    assert float(base["佐藤"]) == 12 * 300
    assert float(base["田中"]) == 12 * 100
    revenue = result.targets[result.targets["kpi"] == "revenue"]
    assert HIRE in set(revenue["rep"])
    assert float(revenue.loc[revenue["rep"] == HIRE, "target"].sum()) > 0
    # Said as a warning (a stale or misspelt name on the master would be planned too), and
    # no Reps-sheet line tells the manager all is well.
    [said] = [c for c in checks if c.problem == "reps_newcomer_accounts"]
    assert said.severity == "warn"
    assert text(said.problem, "ja", **said.params).startswith(
        "受注・訪問の記録がまだない担当者を、顧客シートで担当する顧客の担当者としてFY2027を計画しました"
        "(担当者 件数: 小野寺 2)。"
    )


def test_the_history_file_hands_the_hire_the_same_clinics(tmp_path: Path) -> None:
    """The same book with its orders in a CSV file (DuckDB, sources/handover.py): the same
    handover and the same baselines."""
    path = hire_book(tmp_path / "book.xlsm")
    (rows, _, _, _), _ = compute_file(path)
    (file, _, _, _), _ = compute_file(path, sources=orders_to_csv(path))
    assert file.history.facts is not None
    assert file.history.handover == rows.history.handover
    pd.testing.assert_series_equal(
        rows.evidence.base["revenue"].sort_index(), file.evidence.base["revenue"].sort_index()
    )


def test_an_sfa_visit_report_is_read_with_its_own_headers(tmp_path: Path) -> None:
    """The visits as the SFA exports them (日報ID, 訪問開始 with the time, 訪問終了, 担当者,
    得意先コード, 訪問目的) give the very visit targets of the same visits pasted on the
    sheet. Before: 「必須の列「訪問日 / Date, 種別 / Kind」がありません」, nothing computed."""
    path = hire_book(tmp_path / "book.xlsm", SERVED_BY)
    _, visits = history_rows()
    export = tmp_path / "訪問日報.csv"
    lines = ["日報ID,訪問開始,訪問終了,担当者,得意先コード,訪問目的"]
    for i, (day, rep, account, kind, _) in enumerate(visits, start=1):
        when = day.strftime("%Y/%m/%d")  # type: ignore[attr-defined]
        lines.append(f"R{i},{when} 09:30,{when} 10:15,{rep},{account},{kind}")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    (sheet, _, _, _), _ = compute_file(path)
    (read, checks, _, _), _ = compute_file(
        path, sources={"Visits": SourceRef("Visits", str(export))}
    )
    assert read.history.facts is not None  # a history file: read by the sources (DuckDB)
    per_rep = read.history.facts.visits.groupby("rep")["visits"].sum()
    # 2025-01 – 2026-10 (the 11-12 visits are after the as-of, the last order day 11-10):
    # 22 months × 1 account and × 3.
    assert per_rep.to_dict() == {"田中": 22, "佐藤": 66}
    # No column left unread but the report's id and end time.
    assert [c.problem for c in checks if c.severity != "info" and "訪問日報" in c.sheet] == []
    kpis = ["visits", "visits_per_account"]
    mine = read.targets[read.targets["kpi"].isin(kpis)].reset_index(drop=True)
    theirs = sheet.targets[sheet.targets["kpi"].isin(kpis)].reset_index(drop=True)
    assert len(mine) > 0
    pd.testing.assert_frame_equal(mine, theirs)


def _flagged_book(path: Path) -> Path:
    """The hire book's history with y1 silent after its order of 2026-08-10 and flagged
    休止 = 1 on the master (column I, past the laid-out ones), no end date typed; the
    master gives every account to the rep who serves it."""
    orders, visits = history_rows()
    cut = date(2026, 8, 31)
    orders = [r for r in orders if not (r[1] == "y1" and r[0] > cut)]  # type: ignore[operator]
    visits = [r for r in visits if not (r[2] == "y1" and r[0] > cut)]  # type: ignore[operator]
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in SERVED_BY.items()]
    rows = {"Orders": [[*row, 1, None] for row in orders], "Visits": visits, "Accounts": accounts}
    pasted_book(path, rows, kgi=6_000, plan_year=2027, start_month=4, as_of=None)
    with edit(path) as wb:
        ws = wb["Accounts"]
        ws["I1"] = "休止"
        for row in range(2, 2 + len(accounts)):
            ws.cell(row, 9).value = 1 if ws.cell(row, 1).value == "y1" else 0
    return path


def _daily_codes(path: Path) -> set[str]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Daily")
    return {str(v) for r in rows.to_python() for v in r if v in MONTHLY}


@pytest.mark.parametrize("from_file", [False, True])
def test_a_master_closure_flag_ends_the_account_after_its_last_order(
    tmp_path: Path, from_file: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """y1 last ordered on 2026-08-10; the plan is made on 2026-11-10 (the last order day),
    92 days later — short of the lapse rule's 180, so before the fix y1 was open, at risk
    and on the Daily, its 休止 column 「使いません」. Now its end is 2026-08-11."""
    path = _flagged_book(tmp_path / "book.xlsm")
    sources = None
    if from_file:  # the master as the ERP exports it, named on Sources
        sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Accounts")
        grid = [r[:9] for r in sheet.to_python() if any(v != "" for v in r)]
        master = tmp_path / "得意先マスタ.csv"
        pd.DataFrame(grid[1:], columns=grid[0]).to_csv(master, index=False, encoding="cp932")
        sources = {"Accounts": SourceRef("Accounts", str(master))}
    (result, checks, _, _), _ = compute_file(path, sources=sources)
    accounts = result.history.accounts.set_index("account")
    assert pd.Timestamp(accounts.at["y1", "end"]) == pd.Timestamp("2026-08-11")
    assert accounts["end"].drop("y1").isna().all()
    [said] = [c for c in checks if c.problem == "accounts_flag_ended"]
    assert said.params["count"] == 1 and str(said.params["column"]).endswith("休止")
    assert not [c for c in checks if "休止" in str(c.value) and "unused" in c.problem]
    if not from_file:
        from routekpi.cli import main

        # The Daily list is made for the days after the run's day (the suite pins none).
        monkeypatch.setattr("routekpi.pipeline.run_day", lambda: date(2026, 12, 6))
        assert main(["recalc", str(path)]) == 0
        daily = _daily_codes(path)
        assert "y1" not in daily and {"t1", "s1", "y2"} <= daily


def test_every_holders_stores_of_a_chain_that_left_are_out_of_his_baseline(
    tmp_path: Path,
) -> None:
    """``_chain_book`` (typed group サンエブリー): three reps, 41 accounts of their own and 2
    stores each, ¥10,000 on the 5th of every month; one own account per rep ends in June
    2026, the six stores 2026-09-10 … 21. Baseline 2025-12 … 2026-11 (the trailing 12
    months), per rep as booked: 38 × 12 + 7 (2025-12 … 2026-06) + 2 × 10 (the stores to
    September) = 483 orders = ¥4,830,000. The stores' ¥200,000 is 4.1% of it — under the 5%
    rule, so before the fix no holder's stores left his baseline though the chain was out
    of the churn as one decision. Now every holder's do: ¥4,630,000 each, ¥13,890,000 the
    team (booked ¥14,490,000).

    With a KGI of 58000 (typed in 千円; 14,490,000 ÷ 58,000 = 249.8 → 1/250): the stop names
    both figures."""
    book = _chain_book(tmp_path / "chain.xlsm", "サンエブリー")
    with edit(book) as wb:
        set_named(wb, KGI=58_000)
    (result, checks, _, _), _ = compute_file(book)
    base = result.evidence.base["revenue"]
    assert {r: float(base[r]) for r in ("Sato", "Ito", "Kato")} == {
        "Sato": 4_630_000.0,
        "Ito": 4_630_000.0,
        "Kato": 4_630_000.0,
    }
    assert float(result.plan.baseline_revenue) == 13_890_000
    [note] = [n for n in result.evidence.notes if n.code.startswith("lost_chain_churn")]
    assert note.params["out"] == 6
    [stop] = [c for c in checks if c.problem.startswith("kgi_scale")]
    assert stop.problem == "kgi_scale_base" and stop.severity == "critical"
    assert text(stop.problem, "ja", **stop.params).startswith(
        "KGI ¥58,000 が前年実績 ¥14,490,000(取引を終えた顧客を除いた基準売上は ¥13,890,000)"
        "の1/250です。"
    )


def test_overlapping_visit_files_are_one_warning_in_words_of_visits(tmp_path: Path) -> None:
    """Sources rows 2–6: the orders, then daily reports A (2026-09 – 10) and B (11), a
    prospecting log C (2026-09 – 10, no 得意先コード, with 結果) and D (11), as a month's new
    exports are added under the old ones. C overlaps A and D overlaps B: one warning naming
    rows 5・6 (before: one per file, in words of 受注 and 受注番号). A and B lack 結果, C and D
    得意先コード: one warning per column naming both files (before: four)."""
    _csv(
        tmp_path / "orders.csv",
        [["受注日", "顧客コード", "担当者", "金額"], ["2026-09-05", "C1", "佐藤", 100]],
    )
    daily = ["訪問日", "担当者", "得意先コード", "訪問区分"]
    _csv(
        tmp_path / "A.csv",
        [daily, ["2026-09-07", "佐藤", "C1", "訪問"], ["2026-10-30", "佐藤", "C1", "訪問"]],
    )
    _csv(
        tmp_path / "B.csv",
        [daily, ["2026-11-02", "佐藤", "C1", "訪問"], ["2026-11-27", "佐藤", "C1", "訪問"]],
    )
    log = ["訪問日", "担当者", "種別", "結果"]
    _csv(tmp_path / "C.csv", [log, ["2026-09-08", "佐藤", "アポ", "成功"]])
    _csv(tmp_path / "D.csv", [log, ["2026-11-04", "佐藤", "アポ", "失敗"]])
    rows = [["受注", "orders.csv", None, None]]
    rows += [["訪問", f"{name}.csv", None, None] for name in "ABCD"]
    _, checks = _external(tmp_path, _sources(rows))
    [over] = [c for c in checks if "overlap" in c.problem]
    assert over.problem == "source_parts_overlap_visits" and over.severity == "warn"
    assert text(over.problem, "ja", **over.params) == (
        "訪問: Sources シート 5・6 行目の C.csv・D.csv の期間が、前の行の A.csv・B.csv の期間と"
        "重なっています。日報と新規開拓の記録のように別々の記録なら、このままで構いません。"
        "同じ訪問の記録が両方のファイルにあると二重に数えます(同じファイルを2回指定していないか"
        "確認してください)"
    )
    missing = [c for c in checks if c.problem == "source_part_column_missing"]
    said = sorted(text(c.problem, "ja", **c.params).split("。")[0] for c in missing)
    assert said == [
        "Sources シート 3・4 行目の A.csv・B.csv には列「結果」がありません"
        "(Sources 5 行目の C.csv にはあります)",
        "Sources シート 5・6 行目の C.csv・D.csv には列「得意先コード」がありません"
        "(Sources 3 行目の A.csv にはあります)",
    ]


def test_a_name_with_no_record_holds_accounts_only_when_planning_ahead() -> None:
    """``newcomers``: a rep on the Accounts sheet with open accounts and no line at all, when
    no line of anyone's is in the plan year yet and not in a backtest (no ``year_start``).
    A name whose accounts all ended by the planning moment holds nothing."""
    from routekpi.core.handover import newcomers

    accounts = pd.DataFrame(
        {
            "account": ["a", "b", "c"],
            "rep": ["佐藤", HIRE, "山田"],
            "end": pd.to_datetime([None, None, "2025-03-31"]),
        }
    )
    seen = pd.Series({"佐藤": pd.Timestamp("2026-11-10")})
    day, start = date(2026, 11, 10), date(2027, 4, 1)
    assert newcomers(accounts, seen, {}, set(), day, start) == {HIRE}
    assert newcomers(accounts, seen, {}, set(), day, None) == set()  # a backtest
    running = {("a", "佐藤"): pd.Timestamp("2027-04-05")}  # the plan year has begun
    assert newcomers(accounts, seen, running, {"佐藤"}, day, start) == set()
