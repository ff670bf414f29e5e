"""A customer name two codes share, read by the visit's day (trial 54 M1: a clinic handed
over by 事業承継, its old code ended and a new one started the same day under the same
name): hand-counted on a small written book, pasted and from a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from routekpi.validation.name_dates import Span, code_on, spans_of
from tests.workbook_files import pasted_book

MONTHS = pd.date_range("2025-01-01", "2026-10-01", freq="MS")  # 22 months
HANDOVER = date(2025, 12, 31)
# A1 → A2: 事業承継 typed on the master (A1 ended, A2 started the same day, one name).
# B1, B2: two salons of one name, both trading: which one was visited cannot be told.
# C1 → C2: no end typed; C1's lines to 2025-06-10, C2 started 2025-10-10 (a gap between).
NAMES = {"A1": "ノア動物病院", "A2": "ノア動物病院", "B1": "サロン和", "B2": "サロン和"}
NAMES |= {"C1": "ルル動物病院", "C2": "ルル動物病院"}
NAMES |= {f"D{i:02d}": f"ペットショップ{i:02d}" for i in range(1, 21)}
STARTS = {"A2": HANDOVER, "C2": date(2025, 10, 10)}
ENDS = {"A1": HANDOVER}


def _orders() -> list[list[object]]:
    rows: list[list[object]] = []
    for m in MONTHS:
        day = (m + pd.Timedelta(days=9)).date()
        for code in NAMES:
            if (code == "A1" and day > HANDOVER) or (code == "A2" and day < HANDOVER):
                continue
            if (code == "C1" and day > date(2025, 6, 30)) or (
                code == "C2" and day < date(2025, 10, 1)
            ):
                continue
            rows.append([day, code, "田中", 1_000, 1, None])
    return rows


def _visits() -> list[list[object]]:
    """One visit a month per name on the 12th, and one at A's on the handover day."""
    rows = [
        [(m + pd.Timedelta(days=11)).date(), "田中", name, "訪問"]
        for m in MONTHS
        for name in dict.fromkeys(NAMES.values())
    ]
    rows.append([HANDOVER, "田中", "ノア動物病院", "訪問"])
    return rows


def _book(path: Path) -> Path:
    accounts = [
        [c, n, "田中", STARTS.get(c, date(2024, 1, 1)), ENDS.get(c), None, None]
        for c, n in NAMES.items()
    ]
    rows = {"Orders": _orders(), "Visits": _visits(), "Accounts": accounts}
    return pasted_book(path, rows, kgi=300_000, plan_year=2026, start_month=4, as_of=None)


def _csv(folder: Path) -> dict[str, SourceRef]:
    out = folder / "訪問日報.csv"
    frame = pd.DataFrame(_visits(), columns=["訪問日", "担当者", "訪問先", "目的"])
    frame["訪問日"] = [d.strftime("%Y/%m/%d") for d in frame["訪問日"]]
    frame.to_csv(out, index=False, encoding="utf-8-sig")
    return {"Visits": SourceRef("Visits", str(out))}


def _counts(result: Any) -> dict[str, int]:
    visits = result.history.visits
    if len(visits):
        return {
            str(k): int(v) for k, v in visits["account"].dropna().astype(str).value_counts().items()
        }
    rhythm = result.history.facts.rhythm
    return dict(zip(rhythm["account"].astype(str), rhythm["count"].astype(int), strict=True))


def test_spans_touch_on_the_handover_day_and_overlap_stays_ambiguous() -> None:
    master = {"A1": (date(2024, 1, 1), HANDOVER), "A2": (HANDOVER, None)}
    spans = spans_of(["A2", "A1"], master, {})
    assert spans == [Span("A1", None, HANDOVER), Span("A2", HANDOVER, None)]
    assert code_on(spans, date(2025, 12, 30)) == "A1"
    assert code_on(spans, HANDOVER) == "A2"  # the one starting that day
    assert code_on(spans, date(2023, 1, 1)) == "A1"  # before the first: the first
    lines = {
        "B1": (date(2025, 1, 10), date(2026, 10, 10)),
        "B2": (date(2025, 1, 10), date(2026, 10, 10)),
    }
    assert spans_of(["B1", "B2"], {}, lines) is None
    # Lines only: C1's last line ends it; the gap to C2's first line is no one's.
    lines = {
        "C1": (date(2025, 1, 10), date(2025, 6, 10)),
        "C2": (date(2025, 10, 10), date(2026, 10, 10)),
    }
    spans = spans_of(["C1", "C2"], {}, lines)
    assert spans == [Span("C1", None, date(2025, 6, 10)), Span("C2", date(2025, 10, 10), None)]
    assert [code_on(spans, date(2025, m, 12)) for m in (5, 6, 9, 10)] == ["C1", None, None, "C2"]
    assert code_on(spans, date(2027, 1, 1)) == "C2"  # after its last line: still the live one


@pytest.mark.parametrize("from_file", [False, True])
def test_a_name_two_codes_share_is_read_by_the_visits_day(tmp_path: Path, from_file: bool) -> None:
    path = _book(tmp_path / "book.xlsm")
    (result, checks, _, _), _ = compute_file(path, sources=_csv(tmp_path) if from_file else None)
    counts = _counts(result)
    # A: Jan–Dec 2025 (12) are A1's; the handover day and Jan–Oct 2026 (1 + 10) A2's.
    # C: Jan–May 2025 C1's (June 12 is after its last line 06-10), Oct 2025–Oct 2026 C2's
    # (13); Jun–Sep (4) fall between the two: no one's. B: both trading, none read.
    assert (counts.get("A1"), counts.get("A2")) == (12, 11)
    assert (counts.get("C1"), counts.get("C2")) == (5, 13)
    assert "B1" not in counts and "B2" not in counts
    [dated] = [c for c in checks if c.problem == "visit_names_dated"]
    assert dated.severity == "info"
    assert (dated.params["names"], dated.params["rows"], dated.params["accounts"]) == (2, 41, 4)
    said = text(dated.problem, "ja", **dated.params)
    assert "「ノア動物病院」→ A1(〜2025-12-31)・A2(2025-12-31〜)" in said
    assert "「ルル動物病院」→ C1(〜2025-06-10)・C2(2025-10-10〜)" in said
    [ambiguous] = [c for c in checks if c.problem == "visit_names_ambiguous"]
    # サロン和: all 22 rows; ルル動物病院: the 4 in the gap.
    assert (ambiguous.params["names"], ambiguous.params["rows"]) == (2, 26)
    rows = {c.value: c.params["rows"] for c in checks if c.problem == "visit_names_ambiguous_row"}
    assert rows == {"サロン和": 22, "ルル動物病院": 4}


def test_pasted_and_file_read_the_same(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsm")
    (pasted, pasted_checks, _, _), _ = compute_file(path)
    (filed, filed_checks, _, _), _ = compute_file(path, sources=_csv(tmp_path))

    def said(checks: list) -> list[tuple[object, ...]]:
        return [
            (
                c.problem,
                c.severity,
                sorted((k, v) for k, v in c.params.items() if k != "source" and k != "column"),
            )
            for c in checks
            if c.problem.startswith("visit_names_")
        ]

    assert said(pasted_checks) == said(filed_checks)
    assert _counts(pasted) == _counts(filed)
    pd.testing.assert_frame_equal(pasted.evidence.base, filed.evidence.base)
