"""Branch subtotals on the Review (営業所 on the Reps sheet, render ``_review_branches``): each
branch's revenue to date — its reps' revenue rows summed — after the team's rows, in the year
block and the month block; the subtotals add up to the team's row; a rep's copy has none; a
book without branches gets no such row. The sample book with a Reps sheet (tests.test_branches
``books``), and a frame by hand."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from routekpi.core.measure import TEAM
from routekpi.core.review import REVIEW_COLUMNS
from routekpi.io.sheetxml import Cell
from routekpi.render import _review_branches
from routekpi.schema import OUTPUT_COLUMNS
from routekpi.share.copies import rep_tables
from tests.test_branches import _tables, books  # noqa: F401  (the module's fixture)

KEYS = [c.key for c in OUTPUT_COLUMNS["Review"]]


def _v(item: object) -> object:
    return item.value if isinstance(item, Cell) else item


def _rows(table: list[list[object]]) -> list[dict[str, object]]:
    return [{k: _v(r[i]) if i < len(r) else None for i, k in enumerate(KEYS)} for r in table]


def test_branch_rows_sum_the_reps_revenue_rows_by_hand() -> None:
    nan = math.nan
    data = [  # rep, target to date, actual; C has no plan (actual only)
        ("A", 400.0, 300.0),
        ("B", 600.0, 660.0),
        ("C", nan, 50.0),
        ("D", 200.0, 100.0),
        (TEAM, 1200.0, 1110.0),
    ]
    review = pd.DataFrame(
        [
            {c: None for c in REVIEW_COLUMNS}
            | {"rep": r, "kpi": "revenue", "target_ytd": t, "actual_ytd": a}
            for r, t, a in data
        ],
        columns=list(REVIEW_COLUMNS),
    )
    settings = SimpleNamespace(branches={"A": "札幌", "B": "札幌", "C": "旭川"})
    result = SimpleNamespace(evidence=SimpleNamespace(settings=settings), departed={})
    rows = [r for r in _rows(_review_branches(result, review, "ja")) if r["rep"]]
    got = {
        r["rep"]: (r["target_ytd"], r["actual_ytd"], r["attainment"], r["contribution"])
        for r in rows
    }
    # 札幌: 400 + 600 = 1,000 against 300 + 660 = 960: 96.0%, −40. 旭川: C's 50, no target.
    # 営業所なし: D, 100 of 200: 50.0%, −100. Sums: 1,200 and 1,110, the team's.
    assert got == {
        "札幌 計": (1000.0, 960.0, pytest.approx(0.96), -40.0),
        "旭川 計": (None, 50.0, None, None),
        "営業所なし 計": (200.0, 100.0, 0.5, -100.0),
    }
    assert sum(a for _, a, _, _ in got.values()) == 1110.0
    assert all(r["kpi_key"] == "revenue" and r["kpi"] == "売上" for r in rows)


def test_a_whole_run_adds_up_to_the_team(books: dict[str, Path]) -> None:  # noqa: F811
    tables, _, _ = _tables(books["branch"])
    review = _rows(tables["Review"][1:])
    month = next(i for i, r in enumerate(review) if str(r["kpi_key"] or "").startswith("month@"))
    for block, suffix in (
        (review[:month], ""),
        (review[month:], "@" + str(review[month]["kpi_key"])[6:]),
    ):
        team = next(r for r in block if r["rep"] == TEAM and r["kpi_key"] == f"revenue{suffix}")
        subs = [r for r in block if str(r["rep"] or "").endswith(" 計")]
        assert {r["rep"] for r in subs} == {"札幌 計", "旭川 計", "営業所なし 計"}
        assert all(r["kpi_key"] == f"revenue{suffix}" for r in subs)
        assert sum(r["actual_ytd"] for r in subs) == pytest.approx(team["actual_ytd"])
        assert sum(r["target_ytd"] for r in subs) == pytest.approx(team["target_ytd"])
        # 旭川: Suzuki, Takahashi and Tanaka's revenue rows summed.
        reps = {r["rep"]: r for r in block if r["kpi_key"] == f"revenue{suffix}"}
        asahikawa = sum(reps[r]["actual_ytd"] for r in ("Suzuki", "Takahashi", "Tanaka"))
        assert reps["旭川 計"]["actual_ytd"] == pytest.approx(asahikawa)
    # A rep's copy: his rows only, no branch's.
    mine = rep_tables(tables, "Tanaka")["Review"][1:]
    assert {_v(r[0]) for r in mine} == {"Tanaka"}


def test_no_branch_no_branch_row(books: dict[str, Path]) -> None:  # noqa: F811
    tables, _, _ = _tables(books["nobranch"])
    assert not [r for r in _rows(tables["Review"][1:]) if str(r["rep"] or "").endswith(" 計")]
