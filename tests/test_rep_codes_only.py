"""A rep column of codes only, read through another input's code → name map (trial 51 H1).

The ERP's sales lines carry 担当者コード only (E01 …), the customer master 担当者コード and
担当者名, the SFA's visits the name. Read as typed, the codes were eight more reps beside the
same people by name: the KGI went to reps with no account (their targets blank) and the team's
target was a fraction of the KGI. Read through the master's map, the book plans as the book
whose orders name the reps. A code that is also a name, or one the map does not hold, is left
as typed (the unknown-rep warning stays). Real books written and read back: the sheets alone,
the orders from a CSV file (Sources), and the master from a file.

Read without a map, the codes are reps who sold and hold no account: they carry their shares
on their orders (core.on_orders). And the guard: a plan whose reps' revenue targets fall short
of the KGI says so, critical."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from workbook_files import SAMPLE_REP_CODES, sample_book_variants

from routekpi.core.measure import TEAM
from routekpi.io.dashboard_layout import BANNER_ROW, STATUS_ROW
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.sources import SourceRef
from routekpi.validation.reps import coded_reps

Sheet = openpyxl.worksheet.worksheet.Worksheet
STRAY = "E99"  # a code on one order line that no master row gives


def test_only_codes_of_the_map_that_are_no_name_are_read() -> None:
    names = {"001": "石井 和也", "002": "松本 亮介", "E03": "Sato"}
    # 001 and 002 as typed; 2 with its zeros cut (one code cuts to it); 7 no code; a name kept.
    got = coded_reps(["001", "2", "7", "石井 和也", "E03"], names, named=["E03"])
    assert got == {"001": "石井 和也", "2": "松本 亮介"}
    # A value that is also some rep's name (spaces do not count) is never read as a code.
    assert coded_reps(["001"], names, named=["0 01"]) == {}
    # Two codes cutting to one value: ambiguous, left as typed.
    assert coded_reps(["1"], {"01": "A", "001": "B"}) == {}
    assert coded_reps(["001"], {}) == {}


def _orders_as_codes(ws: Sheet, stray: bool = False) -> int:
    """The Orders sheet's 担当者 column holding the rep's code, headed 担当者コード (the ERP's
    export); ``stray``: the first line's code E99. How many lines carry a rep."""
    head = [c.value for c in ws[1]]
    col = head.index("担当者") + 1
    ws.cell(1, col).value = "担当者コード"
    n = 0
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(r, col)
        if cell.value is None:
            continue
        cell.value = STRAY if stray and n == 0 else SAMPLE_REP_CODES[str(cell.value)]
        n += 1
    return n


def _accounts_with_codes(ws: Sheet) -> None:
    """A 担当者コード column after the Accounts sheet's last (the master's code and name)."""
    head = [c.value for c in ws[1]]
    rep_col, code_col = head.index("担当者") + 1, len(head) + 1
    ws.cell(1, code_col).value = "担当者コード"
    for r in range(2, ws.max_row + 1):
        rep = ws.cell(r, rep_col).value
        if rep is not None:
            ws.cell(r, code_col).value = SAMPLE_REP_CODES[str(rep)]


def _reps_as_codes(ws: Sheet) -> None:
    """The Reps sheet listing each rep by his code (trial 51), Ito and Nakamura at 本社 and
    the others at 北 (its 担当者 / メールアドレス / 営業所 columns)."""
    assert [c.value for c in ws[1]][:3] == ["担当者", "メールアドレス", "営業所"]
    for i, (rep, code) in enumerate(SAMPLE_REP_CODES.items(), start=2):
        ws.cell(i, 1).value = code
        ws.cell(i, 3).value = "本社" if rep in ("Ito", "Nakamura") else "北"


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
    """Books: "named", the master with 担当者コード beside 担当者, the orders by name;
    "codes", the same with the orders by code only; "stray", "codes" with one line's code
    E99; "no_map", the orders by code and the master by name only (no map: trial 51 as it
    was read). Also the codes book's Orders and Accounts as CSV files."""
    root = tmp_path_factory.mktemp("repcodesonly")
    out: dict[str, object] = {}
    variants = ("named", "codes", "stray", "no_map", "reps_codes")
    for name, path, wb in sample_book_variants(root, variants):
        if name != "no_map":
            _accounts_with_codes(wb["Accounts"])
        if name != "named":
            out[f"{name}_lines"] = _orders_as_codes(wb["Orders"], stray=name == "stray")
        if name == "reps_codes":
            _reps_as_codes(wb["Reps"])
        out[name] = path
    out["orders_csv"] = _as_csv(out["codes"], "Orders", root / "orders.csv")
    out["accounts_csv"] = _as_csv(out["codes"], "Accounts", root / "accounts.csv")
    return out


def _sorted(targets: pd.DataFrame) -> pd.DataFrame:
    return targets.sort_values(["kpi", "rep", "period"]).reset_index(drop=True)


def _said(computed: object) -> list[object]:
    return [c for c in computed.checks if c.problem == "rep_codes_read_as_names"]


def test_codes_only_on_the_orders_sheet_are_the_masters_reps(books: dict[str, object]) -> None:
    named, _ = compute_file(books["named"])
    codes, _ = compute_file(books["codes"])
    assert set(codes.result.history.orders["rep"]) == set(SAMPLE_REP_CODES)
    pd.testing.assert_frame_equal(_sorted(codes.result.targets), _sorted(named.result.targets))
    fy = codes.result.targets.query("period.str.startswith('FY') and kpi == 'revenue'")
    team = float(fy.loc[fy["rep"] == TEAM, "target"].iloc[0])
    assert team == pytest.approx(float(fy.loc[fy["rep"] != TEAM, "target"].sum()))
    assert team == pytest.approx(codes.result.plan.kgi)
    said = _said(codes)
    assert [(c.sheet, c.column, c.severity) for c in said] == [("Orders", "C 担当者コード", "info")]
    params = said[0].params
    assert params["count"] == len(SAMPLE_REP_CODES)
    assert params["rows"] == books["codes_lines"]
    assert params["source"] == "Accounts (担当者コード → 担当者)"
    ja = text("rep_codes_read_as_names", "ja", **params)
    assert ja.startswith("列「担当者コード」の担当者コードを、Accounts (担当者コード → 担当者)")
    assert "E01 → Ito、E02 → Nakamura" in ja and f"{books['codes_lines']:,}行" in ja
    assert "E01 → Ito, E02 → Nakamura" in text("rep_codes_read_as_names", "en", **params)
    assert not [c for c in codes.checks if c.problem == "unknown_order_rep"]
    assert not _said(named)


def test_a_reps_sheet_of_codes_names_the_masters_reps(books: dict[str, object]) -> None:
    """The Reps sheet lists E01 … (trial 51's 001 … 009): the codes are not names, so the
    orders' codes are still the master's reps — the same targets as the codes book — one
    warning at the Reps sheet names the codes and whom they are, and the rows' branches
    are those reps'. No critical line, no rep without an account."""
    codes, _ = compute_file(books["codes"])
    listed, _ = compute_file(books["reps_codes"])
    pd.testing.assert_frame_equal(_sorted(listed.result.targets), _sorted(codes.result.targets))
    said = [c for c in listed.checks if c.problem == "reps_sheet_codes"]
    assert [(c.sheet, c.severity) for c in said] == [("Reps", "warn")]
    params = said[0].params
    assert params["count"] == len(SAMPLE_REP_CODES)
    assert params["codes"] == {code: rep for rep, code in SAMPLE_REP_CODES.items()}
    ja = text("reps_sheet_codes", "ja", **params)
    assert "E01 → Ito、E02 → Nakamura" in ja
    assert "E01 → Ito, E02 → Nakamura" in text("reps_sheet_codes", "en", **params)
    assert len(_said(listed)) == 1  # the orders' codes read as the master's reps, as before
    branches = dict(listed.result.evidence.settings.branches)
    assert branches == {
        rep: "本社" if rep in ("Ito", "Nakamura") else "北" for rep in SAMPLE_REP_CODES
    }
    problems = {c.problem for c in listed.checks}
    assert not {"kgi_targets_short", "reps_carried_on_orders", "reps_row_unmatched"} & problems
    assert not [c for c in codes.checks if c.problem == "reps_sheet_codes"]


def test_codes_only_from_a_file_are_read_as_on_the_sheet(books: dict[str, object]) -> None:
    sheet, _ = compute_file(books["codes"])
    from_file, _ = compute_file(
        books["codes"], sources={"Orders": SourceRef("Orders", str(books["orders_csv"]))}
    )
    pd.testing.assert_frame_equal(_sorted(from_file.result.targets), _sorted(sheet.result.targets))
    said = _said(from_file)
    assert [(c.sheet, c.column) for c in said] == [("orders.csv", "C 担当者コード")]
    assert said[0].params == _said(sheet)[0].params
    assert not [c for c in from_file.checks if c.problem == "unknown_order_rep"]
    # The master from a file too: its label names the map.
    both, _ = compute_file(
        books["codes"],
        sources={
            "Orders": SourceRef("Orders", str(books["orders_csv"])),
            "Accounts": SourceRef("Accounts", str(books["accounts_csv"])),
        },
    )
    pd.testing.assert_frame_equal(_sorted(both.result.targets), _sorted(sheet.result.targets))
    assert _said(both)[0].params["source"] == "accounts.csv (担当者コード → 担当者)"


def test_a_code_the_map_does_not_hold_stays_an_unknown_rep(books: dict[str, object]) -> None:
    stray, _ = compute_file(books["stray"])
    said = _said(stray)
    assert len(said) == 1 and said[0].params["rows"] == books["stray_lines"] - 1
    assert STRAY not in said[0].params["names_en"]
    # Its one line (2023, long before the as-of date) is a rep who left: said at its row.
    unknown = [c for c in stray.checks if c.problem.startswith("unknown_order_rep")]
    assert [(c.sheet, c.row, c.value) for c in unknown] == [("Orders", 2, STRAY)]


def test_codes_without_a_map_carry_the_kgi_on_their_orders(books: dict[str, object]) -> None:
    """Without a map (the master names the reps, the orders their codes) the codes are reps
    with sales and no account: each carries his share on his orders (core.on_orders), the
    targets add up to the KGI, and the Plan warns that they hold no account."""
    no_map, _ = compute_file(books["no_map"])
    assert not _said(no_map)
    plan = no_map.result.plan
    codes = list(SAMPLE_REP_CODES.values())
    names = list(SAMPLE_REP_CODES)  # on the master, with no sale: no share of the KGI
    assert not (plan.fy.loc[names, "revenue"] > 0).any()
    revenue = plan.fy.loc[codes, "revenue"]
    assert (revenue > 0).all()
    assert float(revenue.sum()) == pytest.approx(plan.kgi)
    assert float(plan.fy.at[TEAM, "revenue"]) == pytest.approx(plan.kgi)
    assert (plan.fy.loc[codes, "active_accounts"] == 0).all()
    carried = [c for c in no_map.checks if c.problem == "reps_carried_on_orders"]
    assert [(c.sheet, c.severity) for c in carried] == [("Plan", "warn")]
    params = carried[0].params
    assert params["count"] == len(SAMPLE_REP_CODES)
    base = no_map.result.evidence.base.loc[codes, "revenue"].sum()
    assert params["base"] == f"¥{base:,.0f}"
    assert "E01 (¥" in str(params["reps"]) and str(params["reps"]).endswith(")")
    assert not [c for c in no_map.checks if c.problem.startswith("kgi_targets_short")]
    # A plan whose targets add up says nothing.
    named, _ = compute_file(books["named"])
    assert not [c for c in named.checks if c.problem.startswith("kgi_targets_short")]
    assert not [c for c in named.checks if c.problem == "reps_carried_on_orders"]


@pytest.mark.slow  # one recalculation written and read back
def test_targets_short_of_the_kgi_are_not_called_feasible(
    books: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backstop's written book: the codes left blank as before core.on_orders carried
    them (the team's target short of the KGI) — no 「実現可能」 on the status line or the
    Dashboard's banner, which says the critical sentence instead (a green banner over a ¥139M
    team target for a ¥1,060M KGI was trial 51's first sight)."""
    monkeypatch.setattr("routekpi.core.targets.unheld_reps", lambda ev: ())
    out = tmp_path / "no_map.xlsm"
    report = recalculate(books["no_map"], out=out)
    short = next(c for c in report.checks if c.problem == "kgi_targets_short")
    wb = openpyxl.load_workbook(out, read_only=True, data_only=True)
    tab = "ダッシュボード" if "ダッシュボード" in wb.sheetnames else "Dashboard"
    rows = list(wb[tab].iter_rows(min_row=1, max_row=BANNER_ROW, values_only=True))
    wb.close()
    status, banner = str(rows[STATUS_ROW - 1][1]), str(rows[BANNER_ROW - 1][0])
    assert "実現可能" not in status and "実現可能" not in banner
    assert text("plan.feasible_short", "ja") in status
    assert banner == text("kgi_targets_short", "ja", **short.params)
