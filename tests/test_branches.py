"""Branch view (trial 19: 「旭川はどうなの」): an optional 営業所 column on the Reps sheet gives
the Plan's rep targets and the Attainment's revenue one subtotal row per branch.

Subtotals are sums of the reps' own numbers (hand-computed below), stay apart from the ALL
row, and never reach a rep's copy; a book without a branch gets exactly the rows it had.
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.core.engine import ATTAINMENT_COLUMNS
from routekpi.core.measure import TEAM
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetxml import Cell
from routekpi.pipeline import compute_file
from routekpi.render import _branch_attainment, _branch_rows, branch_sums, output_tables
from routekpi.schema import OUTPUT_COLUMNS
from routekpi.share.copies import rep_plan_lines, rep_tables
from tests.workbook_files import named_copy

ATT = [c.key for c in OUTPUT_COLUMNS["Attainment"]]


def _v(item: object) -> object:
    return item.value if isinstance(item, Cell) else item


def _att(row: list[object]) -> dict[str, object]:
    return {k: _v(row[i]) if i < len(row) else None for i, k in enumerate(ATT)}


# --- the Reps sheet's branch column ----------------------------------------------------------


def test_branches_read_with_a_clear_check_for_two_branches_and_a_blank() -> None:
    from routekpi.validation.branches import rep_branches

    raw = RawSheet(
        name="担当者一覧",
        rows=[
            ["社員名簿"],  # a title above the header
            ["担当者", "メールアドレス", "支店"],
            ["佐藤", "s@x.jp", "札幌"],
            ["ALL", "boss@x.jp", ""],  # the team's address: not a rep
            ["佐藤", "s2@x.jp", "札幌"],  # a second address, same branch: fine
            ["村上", "m@x.jp", " 旭川 "],
            ["村上", "m@x.jp", "札幌"],
            ["高田", "t@x.jp", None],
        ],
        first_row=3,
        first_col=1,  # the table starts in column B
    )
    branches, checks = rep_branches(raw)
    assert branches == {"佐藤": "札幌", "村上": "旭川"}
    two = next(c for c in checks if c.problem == "branch_two")
    # sheet, Excel row (first_row 3 + index 6), column letter and header as typed
    assert (two.sheet, two.row, two.column, two.value) == ("担当者一覧", 9, "D 支店", "札幌")
    assert two.params == {"rep": "村上", "first": "旭川", "row": 8, "second": "札幌"}
    blank = next(c for c in checks if c.problem == "branch_blank")
    assert (blank.row, blank.column, blank.params["rep"], blank.severity) == (
        10,
        "D 支店",
        "高田",
        "warn",
    )
    assert len(checks) == 2


def test_no_branch_column_or_an_empty_one_means_no_branch_view() -> None:
    from routekpi.validation.branches import rep_branches

    header = ["担当者", "メールアドレス"]
    assert rep_branches(RawSheet("Reps", [header, ["佐藤", "s@x.jp"]])) == ({}, [])
    empty = RawSheet("Reps", [[*header, "営業所"], ["佐藤", "s@x.jp", None]])
    assert rep_branches(empty) == ({}, [])  # no "blank branch" warning for every rep
    assert rep_branches(None) == ({}, [])


# --- the subtotal rows, hand-computed --------------------------------------------------------


def test_plan_branch_rows_sum_the_rep_targets() -> None:
    why = pd.DataFrame(
        {"target": [110.0, 220.0, 330.0], "baseline": [100.0, 200.0, 250.0]},
        index=["A", "B", "C"],
    )
    rows = _branch_rows(branch_sums(why, {"A": "札幌", "C": "札幌"}, "ja"), "ja")
    assert _v(rows[0][0]) == "営業所別の売上目標(小計)"
    lines = {_v(r[0]): (_v(r[1]), _v(r[2])) for r in rows[1:] if _v(r[0])}
    # 札幌 = A + C = 110 + 330 = 440 on 100 + 250 = 350 (+25.7%); B has none: its own group.
    assert lines["札幌 計"][0] == 440.0
    assert "2人(A・C)" in lines["札幌 計"][1] and "¥350 → +25.7%" in lines["札幌 計"][1]
    assert lines["営業所なし 計"][0] == 220.0
    assert sum(v for v, _ in lines.values()) == 660.0  # the team's 110 + 220 + 330
    assert _branch_rows(branch_sums(why, {}, "ja"), "ja") == []
    en_rows = _branch_rows(branch_sums(why, {"A": "Sapporo"}, "en"), "en")
    en = [_v(r[0]) for r in en_rows if _v(r[0])]
    assert en == ["Revenue target by branch (subtotals)", "Sapporo total", "no branch total"]


def test_attainment_branch_rows_sum_the_reps_revenue_rows() -> None:
    nan = math.nan
    # period, rep, kpi, actual, target, attainment, pace, forecast, target_to_date
    data = [
        ("2026-04", TEAM, "revenue", 90.0, 120.0, 0.75, 0.75, 90.0, 120.0),
        ("2026-04", "A", "revenue", 30.0, 40.0, 0.75, 0.75, 30.0, 40.0),
        ("2026-04", "B", "revenue", 50.0, 60.0, 0.83, 0.83, 50.0, 60.0),
        ("2026-04", "C", "revenue", 10.0, 20.0, 0.5, 0.5, 10.0, 20.0),
        ("2026-04", "A", "meetings", 3.0, 4.0, 0.75, 0.75, 3.0, 4.0),
        ("FY2026", "A", "revenue", 100.0, 400.0, 0.83, 0.83, 350.0, 120.0),
        ("FY2026", "B", "revenue", 90.0, 300.0, 0.9, 0.9, 280.0, 100.0),
        ("FY2026", "C", "revenue", 5.0, nan, nan, nan, nan, nan),  # no target
    ]
    frame = pd.DataFrame(
        data,
        columns=list(ATTAINMENT_COLUMNS),
    )
    # FiscalYearLabel start: periods print as their keys.
    settings = SimpleNamespace(branches={"A": "札幌", "B": "札幌"}, period_name=lambda p: p)
    result = SimpleNamespace(
        attainment=frame, evidence=SimpleNamespace(settings=settings), departed={}
    )
    written = [_att(r) for r in _branch_attainment(result, "FY2026", "ja")]
    # First a note on what they sum (trial 28 M4): the reps' branches now, not by date.
    notes = [r["period"] for r in written if r["rep"] is None]
    assert "".join(notes) == (
        "営業所の小計は担当者一覧(Reps)の今の営業所ごとの合計です。年度中に営業所を移った担当者は、"
        "移る前の実績も今の営業所に入ります"
    )
    assert written[: len(notes)] == [r for r in written if r["rep"] is None]
    rows = {(r["period"], r["rep"]): r for r in written if r["rep"] is not None}
    assert set(rows) == {
        ("2026-04", "札幌 計"),
        ("2026-04", "営業所なし 計"),
        ("FY2026", "札幌 計"),
        ("FY2026", "営業所なし 計"),
    }
    month = rows[("2026-04", "札幌 計")]
    # 30 + 50 = 80 against 40 + 60 = 100: 80%; due 100, pace 80%
    assert (month["actual"], month["target"], month["target_to_date"]) == (80.0, 100.0, 100.0)
    assert month["attainment"] == pytest.approx(0.8) and month["pace"] == pytest.approx(0.8)
    assert (month["kpi_key"], month["kpi"]) == ("revenue", "売上")
    year = rows[("FY2026", "札幌 計")]
    # 190 against 700 (to date 220): the year's attainment is to date, 190 ÷ 220
    assert (year["actual"], year["target"], year["forecast"]) == (190.0, 700.0, 630.0)
    assert year["attainment"] == pytest.approx(190 / 220) == year["pace"]
    none = rows[("FY2026", "営業所なし 計")]
    assert none["actual"] == 5.0 and none["target"] is None and none["attainment"] is None


# --- a whole run: sample book with a Reps sheet ----------------------------------------------

BRANCH = {
    "Ito": "札幌",
    "Nakamura": "札幌",
    "Sato": "札幌",
    "Suzuki": "旭川",
    "Takahashi": "旭川",
    "Tanaka": "旭川",
    "Watanabe": "札幌",
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample book three ways: no Reps sheet, a Reps sheet without branch, with branch
    (Watanabe listed again under 旭川, Yamamoto's branch blank)."""
    root = tmp_path_factory.mktemp("branches")
    plain = root / "plain.xlsm"
    write_sample_workbook(plain, "ja", orders_rows=8_000)
    out = {"plain": plain}
    for name, column in (("nobranch", False), ("branch", True)):
        path = root / f"{name}.xlsm"
        shutil.copyfile(plain, path)
        wb = openpyxl.load_workbook(path, keep_vba=True)
        ws = wb.create_sheet("担当者一覧")
        ws.append(["担当者", "メールアドレス", *(["営業所"] if column else [])])
        for rep in (*BRANCH, "Yamamoto"):
            ws.append([rep, f"{rep.lower()}@x.jp", *([BRANCH.get(rep)] if column else [])])
        if column:
            ws.append(["Watanabe", "w2@x.jp", "旭川"])  # row 10
        wb.save(path)
        out[name] = path
    return out


def _tables(path: Path) -> tuple[dict[str, list[list[object]]], object, list[object]]:
    computed, _ = compute_file(path)
    tables = output_tables(computed.result, computed.checks, "ja")
    return tables, computed.result, computed.checks


def test_a_book_without_branch_gets_the_rows_it_had(books: dict[str, Path]) -> None:
    plain, _, _ = _tables(books["plain"])
    nobranch, _, _ = _tables(books["nobranch"])
    for sheet in ("Plan", "Attainment", "Dashboard"):
        assert [[_v(c) for c in r] for r in nobranch[sheet]] == [
            [_v(c) for c in r] for r in plain[sheet]
        ], sheet


def test_branch_subtotals_in_a_whole_run(books: dict[str, Path]) -> None:
    tables, result, checks = _tables(books["branch"])
    plan = [[_v(c) for c in r[:3]] for r in tables["Plan"]]
    targets = {
        str(r): float(t)
        for r, t, p, k in zip(
            result.targets["rep"],
            result.targets["target"],
            result.targets["period"],
            result.targets["kpi"],
            strict=True,
        )
        if k == "revenue" and str(p).startswith("FY")
    }
    sub = {r[0]: r[1] for r in plan if isinstance(r[0], str) and r[0].endswith(" 計")}
    sapporo = ("Ito", "Nakamura", "Sato", "Watanabe")  # Watanabe: his first branch
    asahikawa = ("Suzuki", "Takahashi", "Tanaka")
    assert sub["札幌 計"] == pytest.approx(sum(targets[r] for r in sapporo))
    assert sub["旭川 計"] == pytest.approx(sum(targets[r] for r in asahikawa))
    assert sub["営業所なし 計"] == pytest.approx(targets["Yamamoto"])
    assert sum(sub.values()) == pytest.approx(targets[TEAM])  # never added into ALL
    # Each subtotal's 前年 is the sum of its reps' lines' 前年 as printed (trial 32 L2: a
    # newcomer's wins counted for 12 months were in his branch's and not on his line).
    yen = re.compile(r"前年 ¥([\d,]+)")
    last = {
        str(r[0]): int(yen.search(str(r[2])).group(1).replace(",", ""))
        for r in plan
        if r[0] in targets and r[0] != TEAM and yen.search(str(r[2] or ""))
    }
    notes = {
        r[0]: int(yen.search(str(r[2])).group(1).replace(",", ""))
        for r in plan
        if isinstance(r[0], str) and r[0].endswith(" 計")
    }
    assert notes["札幌 計"] == pytest.approx(sum(last[r] for r in sapporo), abs=len(sapporo))
    assert notes["旭川 計"] == pytest.approx(sum(last[r] for r in asahikawa), abs=len(asahikawa))
    two = next(c for c in checks if c.problem == "branch_two")
    assert (two.sheet, two.row, two.column) == ("担当者一覧", 10, "C 営業所")
    blank = next(c for c in checks if c.problem == "branch_blank")
    assert (blank.row, blank.params["rep"]) == (9, "Yamamoto")

    att = [_att(r) for r in tables["Attainment"][1:]]
    fy = next(r["period"] for r in att if str(r["period"]).startswith("FY"))
    year = {r["rep"]: r for r in att if r["period"] == fy and r["kpi_key"] == "revenue"}
    assert year["札幌 計"]["actual"] == pytest.approx(sum(year[r]["actual"] for r in sapporo))
    assert year["旭川 計"]["target"] == pytest.approx(sum(year[r]["target"] for r in asahikawa))
    assert year[TEAM]["actual"] == pytest.approx(
        sum(year[b]["actual"] for b in ("札幌 計", "旭川 計", "営業所なし 計"))
    )

    # A rep's copy: no subtotal row (it would give away colleagues' numbers), and the rep's
    # own Plan line is still found under the rep heading above the branch section.
    mine = rep_tables(tables, "Tanaka")
    assert {_att(r)["rep"] for r in mine["Attainment"][1:]} == {"Tanaka"}
    source = SimpleNamespace(
        language="ja",
        tables=tables,
        result=result,
        reps=list(result.evidence.reps),
        accounts=pd.DataFrame({"rep": []}),
    )
    for rep in ("Tanaka", "Yamamoto"):
        lines = rep_plan_lines(source, rep)  # type: ignore[arg-type]
        assert lines and lines[0].item == "担当者別の売上目標"
        assert lines[0].value == pytest.approx(targets[rep])


def test_before_the_year_the_dashboard_gives_each_branchs_target(
    books: dict[str, Path], tmp_path: Path
) -> None:
    """trial 36 L3: before the plan year the Plan's subtotals were the only branch view; the
    Dashboard gives each branch's revenue target there too, the Plan's numbers (its year to
    date is empty before the year, the running year's reasons take the same lines)."""
    path = named_copy(books["branch"], tmp_path / "next.xlsm", PlanYear=2027)
    tables, _, _ = _tables(path)
    plan = [[_v(c) for c in r[:3]] for r in tables["Plan"]]
    sub = {r[0]: float(r[1]) for r in plan if isinstance(r[0], str) and r[0].endswith(" 計")}
    dash = [str(_v(r[0])) for r in tables["Dashboard"] if r and _v(r[0])]
    head = dash.index("営業所別の売上目標(小計)")
    said = "".join(dash[head + 1 : head + 3]).replace(" ", "")  # wrapped at spaces
    for branch, target in sub.items():
        assert f"{branch}¥{round(target):,}(".replace(" ", "") in said, branch
    assert "基準売上比+" in said  # its base named (trial 37 L4), not 前年比
    plain, _, _ = _tables(named_copy(books["nobranch"], tmp_path / "plain.xlsm", PlanYear=2027))
    assert not any(_v(r[0]) == "営業所別の売上目標(小計)" for r in plain["Dashboard"] if r)
