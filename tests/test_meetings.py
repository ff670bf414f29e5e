"""A meeting (商談) at a customer already held is a visit to it (core/meetings.py), on the
sheets and, in SQL, on files (sources/assemble.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from routekpi.contract import RawSheet
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




def test_meetings_at_held_customers_count_as_visits_on_the_sheets() -> None:
    sheets = _sheets()
    visits = validate_inputs(sheets, today=D(2026, 1, 1)).history.visits
    got = visits.sort_values("date", kind="stable")
    # In date order: C1 4-10, P1 4-15, blank 4-16, C1 4-17, C2 5-01, C2 5-20.
    assert got["kind"].astype(str).tolist() == [
        "visit",
        "meeting",
        "meeting",
        "visit",
        "meeting",
        "visit",
    ]
    # The sheet itself is not changed: it still says 商談 on every meeting row.
    kinds = [row[3] for row in sheets["Visits"].rows[1:]]  # type: ignore[union-attr]
    assert kinds.count("商談") == 5


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
    # The rows the backtest reads from the file have the sheet's kinds.
    sheet = validate_inputs(sheets, today=D(2026, 1, 1)).history.visits
    raw = _from_file(tmp_path, sheets).raw_inputs().history.visits
    assert raw.sort_values("date")["kind"].astype(str).tolist() == (
        sheet.sort_values("date")["kind"].astype(str).tolist()
    )
