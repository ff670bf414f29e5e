"""A meeting (商談) at a customer already held is a visit to it, as the engine reads the
visits (core/meetings.py) and, in SQL, a history file's (sources/assemble.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.meetings import with_customer_meetings
from routekpi.sources import SourceRef, external_history
from routekpi.validation.tables import validate_inputs
from tests.test_sources import _workbook_data

D = date


def _sheets() -> dict[str, RawSheet | None]:
    """C1 held since 2024 (Accounts), C2 first ordered on 2025-05-01 (not on Accounts), P1 a
    prospect code never held; meetings with each, and one without a code."""
    orders = [
        ["date", "account", "rep", "amount"],
        [D(2025, 4, 1), "C1", "Sato", 100.0],
        [D(2025, 5, 1), "C2", "Sato", 50.0],
        [D(2025, 6, 1), "C2", "Sato", 50.0],
    ]
    visits = [
        ["date", "rep", "account", "kind", "outcome"],
        [D(2025, 4, 10), "Sato", "C1", "商談", None],  # held since 2024: a visit
        [D(2025, 5, 1), "Sato", "C2", "商談", "成約"],  # won that day: still a meeting
        [D(2025, 5, 20), "Sato", "C2", "商談", None],  # held since 1 May: a visit
        [D(2025, 4, 15), "Sato", "P1", "商談", "失注"],  # a prospect: a meeting
        [D(2025, 4, 16), "Sato", None, "商談", None],  # no code: a meeting
        [D(2025, 4, 17), "Sato", "C1", "訪問", None],
    ]
    accounts = [["account", "rep", "start"], ["C1", "Sato", D(2024, 1, 1)]]
    return {
        "Orders": RawSheet(name="Orders", rows=orders),
        "Visits": RawSheet(name="Visits", rows=visits),
        "Accounts": RawSheet(name="Accounts", rows=accounts),
    }


def _engine_kinds(history: History) -> list[str]:
    """The visit kinds as the engine reads them, in date order."""
    visits = with_customer_meetings(history).visits
    return visits.sort_values("date", kind="stable")["kind"].astype(str).tolist()


def test_meetings_at_held_customers_count_as_visits_in_the_engine() -> None:
    sheets = _sheets()
    history = validate_inputs(sheets, today=D(2026, 1, 1)).history
    # In date order: C1 4-10, P1 4-15, blank 4-16, C1 4-17, C2 5-01, C2 5-20.
    assert _engine_kinds(history) == ["visit", "meeting", "meeting", "visit", "meeting", "visit"]
    # What the user typed is kept: the validated rows (what collect compares returned logs
    # with) still say meeting, and so does the sheet.
    assert history.visits["kind"].astype(str).tolist().count("meeting") == 5
    kinds = [row[3] for row in sheets["Visits"].rows[1:]]  # type: ignore[union-attr]
    assert kinds.count("商談") == 5
    # The plan reads them so: April holds 2 visits and 2 meetings, May 1 and 1.
    ev = run(history, PlanSettings(kgi=300.0, plan_year=2026, as_of=D(2025, 6, 30))).evidence
    by_month = ev.facts.loc["Sato", ["visits", "meetings"]]
    assert by_month.loc[pd.Period("2025-04", "M")].tolist() == [2.0, 2.0]
    assert by_month.loc[pd.Period("2025-05", "M")].tolist() == [1.0, 1.0]


def _from_file(tmp_path: Path, sheets: dict[str, RawSheet | None]):
    """The Visits sheet written to a CSV file, read with the other sheets (sources)."""
    rows = sheets["Visits"].rows  # type: ignore[union-attr]
    path = tmp_path / "visits.csv"
    path.write_text(
        "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows) + "\n",
        encoding="utf-8",
    )
    return external_history(
        _workbook_data({"Orders": sheets["Orders"], "Accounts": sheets["Accounts"]}),
        {"Visits": SourceRef("Visits", str(path))},
        today=D(2026, 1, 1),
    )


def test_the_same_rule_in_sql_on_a_visit_file(tmp_path: Path) -> None:
    sheets = _sheets()
    facts = _from_file(tmp_path, sheets).inputs(D(2025, 6, 30)).history.facts
    assert facts is not None
    v = facts.visits.assign(month=facts.visits["month"].astype(str)).set_index("month")
    # April: C1's meeting and visit are visits (2), P1 and the blank one meetings (2); May:
    # C2's won meeting stays one, its meeting on the 20th is a visit.
    assert v.loc["2025-04", ["visits", "meetings"]].tolist() == [2, 2]
    assert v.loc["2025-05", ["visits", "meetings"]].tolist() == [1, 1]
    # The rows the backtest reads from the file read as the engine reads the sheet's.
    sheet = validate_inputs(sheets, today=D(2026, 1, 1)).history
    raw = _from_file(tmp_path, sheets).raw_inputs().history
    assert _engine_kinds(raw) == _engine_kinds(sheet)
    # And as typed, as the sheet's validated rows are: collect compares returned rows with
    # these, so a 商談 at a held customer must still read 商談 (trial 20, finding 8).
    assert raw.visits["kind"].astype(str).tolist() == sheet.visits["kind"].astype(str).tolist()
    assert raw.visits["kind"].astype(str).tolist().count("meeting") == 5


def _bakery_book(path: Path) -> Path:
    """A bakery's route team (trial 40): three reps, each with 20 accounts from 2020 and one
    new account won on the 15th of every month of 2026, ¥10,000 a month each (orders from
    2024-01); the visits log begins in 2026-05 (a route visit to each account a month): each
    rep 10 appointment calls a month (4 won) and 4 meetings with prospects. FY2027 (January
    start) planned on 2026-12-31: the baseline is 2025-12 … 2026-11 (the orders stop on
    the 20th: an export read to its last order's day, December still running), the log
    covers 7 of them."""
    from tests.workbook_files import paste, template_book

    accounts: list[list[object]] = []
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    months = pd.date_range("2024-01-01", "2026-12-01", freq="MS")
    for rep in ("Sato", "Ito", "Kato"):
        rows = [(f"{rep}{i}", date(2020, 1, 1)) for i in range(20)]
        rows += [(f"{rep}N{k}", date(2026, k, 15)) for k in range(1, 13)]
        for code, start in rows:
            accounts.append([code, f"{code}ベーカリー", rep, start, None, None, None, None])
            for m in months:
                day = (m + pd.Timedelta(days=19)).date()
                if day >= start:
                    orders.append([day, code, rep, 10_000, 1])
        for m in pd.date_range("2026-05-01", "2026-12-01", freq="MS"):
            day = (m + pd.Timedelta(days=19)).date()  # each held account's route visit
            visits += [[day, rep, code, "訪問", None] for code, start in rows if start <= day]
            for k in range(10):
                day = (m + pd.Timedelta(days=k)).date()
                visits.append([day, rep, f"P{rep}{m:%m}{k}", "アポ", "成功" if k < 4 else "失敗"])
            for k in range(4):
                day = (m + pd.Timedelta(days=12 + k)).date()
                visits.append([day, rep, f"P{rep}{m:%m}{k}", "商談", "継続"])
    with template_book(
        path, kgi=15_000_000, plan_year=2027, start_month=1, as_of=date(2026, 12, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
        paste(wb, "Visits", visits)
    return path


def test_a_short_meetings_log_is_read_per_month_of_it(tmp_path: Path) -> None:
    """By hand, per rep: 28 meetings and 70 calls in the log's 7 baseline months (2026-05 …
    11) are 4 and 10 a month: 48 and 120 a year (read as the year: 28 and 70). His wins in
    those months are 7 of the baseline's 11: a win rate of 7 ÷ 28 = 25% (the year's wins
    over the log's meetings: 11 ÷ 28 = 39.3%). Appointments 4 of 10 calls: 40% either way.
    The meetings target is the planned wins at that rate, never under the 48 of a year."""
    from routekpi.messages import text
    from routekpi.recalc import recalculate

    result = recalculate(_bakery_book(tmp_path / "bakery.xlsm")).result
    ev = result.evidence
    for rep in ("Sato", "Ito", "Kato"):
        assert ev.base.at[rep, "meetings"] == pytest.approx(48.0)
        assert ev.base.at[rep, "appointment_attempts"] == pytest.approx(120.0)
    assert ev.base.at["ALL", "meetings"] == pytest.approx(144.0)
    assert ev.base.at["ALL", "appointment_attempts"] == pytest.approx(360.0)
    assert ev.flows is not None
    assert ev.flows.win_rate["ALL"] == pytest.approx(0.25)
    assert ev.flows.win_rate["Sato"] == pytest.approx(0.25)
    assert ev.flows.appointment_rate["Sato"] == pytest.approx(0.4)
    # The baseline's rate (the Targets sheet's 基準値) is the one the plan reads: the log's
    # 7 wins over its 28 meetings, not the year's 11 over them (39.3%).
    for rep in ("Sato", "Ito", "Kato", "ALL"):
        assert ev.base.at[rep, "meeting_win_rate"] == pytest.approx(0.25)
    fy = result.plan.fy
    for rep in ("Sato", "Ito", "Kato"):
        new = float(fy.at[rep, "new_accounts"])
        assert fy.at[rep, "meeting_win_rate"] == pytest.approx(0.25)
        assert fy.at[rep, "meetings"] == pytest.approx(max(new / 0.25, 48.0))
    codes = [n.code for n in ev.notes]
    assert "visits_start_in_baseline" in codes  # the visit levers wait for a whole year
    [note] = [n for n in ev.notes if n.code == "pipeline_log_short"]
    assert text(note.code, "ja", **note.params) == (
        "商談・アポの記録は 2026-05 から始まっているため、商談数・アポ数の目標と商談の成約率は、"
        "基準期間12か月のうち記録のある 2026-05〜2026-11 の7か月の月平均を12か月分にして"
        "計画しました(記録のない月を0件として数えていません)"
    )
