"""A meeting (商談) at a customer already held is a visit to it, as the engine reads the
visits (core/meetings.py) and, in SQL, a history file's (sources/assemble.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

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
