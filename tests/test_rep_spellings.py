"""One rep however the spaces in his name were typed (trial 21: 高橋　健一 / 高橋 健一 /
高橋健一 were three reps with 490 made-up handovers between them), shown in the spelling
the Reps sheet gives or most rows use; a name that begins another (高橋 ⊂ 高橋 健一) is not
merged but said in one warning. The sheets and the file sources give the same reps.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from workbook_files import sample_book_variants

from routekpi.contract import RawSheet
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef, external_history
from routekpi.validation.reps import rep_key, rep_spellings, similar_reps_check
from routekpi.validation.reps_sheet import listed_reps
from routekpi.validation.tables import validate_inputs
from tests.test_sources import _workbook_data as _data

# --- the rules ------------------------------------------------------------------------------


def test_the_key_drops_every_space_of_either_width() -> None:
    assert rep_key("高橋　健一") == rep_key(" 高橋 健一 ") == rep_key("高橋健一") == "高橋健一"
    assert rep_key("高橋  健一") == "高橋健一"  # two spaces
    assert rep_key("高橋") != rep_key("高橋健一")


def test_the_commonest_spelling_is_shown_unless_the_reps_sheet_lists_one() -> None:
    counts = {"高橋 健一": 5, "高橋健一": 1, "高橋": 1, "佐々木": 3, "佐々木 美穂": 2}
    # 高橋 健一 is the commonest of its key; 高橋 and the 佐々木s are other keys: unchanged.
    assert rep_spellings(counts) == {"高橋健一": "高橋 健一"}
    assert rep_spellings({"高橋健一": 4, "高橋 健一": 1}) == {"高橋 健一": "高橋健一"}
    # The Reps sheet's spelling wins even over more rows, and even when no row uses it.
    assert rep_spellings({"高橋健一": 4, "高橋 健一": 1}, ["高橋 健一"]) == {
        "高橋健一": "高橋 健一"
    }
    assert rep_spellings({"高橋健一": 4}, ["高橋 健一"]) == {"高橋健一": "高橋 健一"}
    # A tie: the written-out form (with its space), on both paths alike.
    assert rep_spellings({"高橋健一": 2, "高橋 健一": 2}) == {"高橋健一": "高橋 健一"}
    assert rep_spellings({"Sato": 3}) == {}


def test_a_name_that_begins_another_is_one_warning_with_rows_in_both_languages() -> None:
    check = similar_reps_check({"高橋": 1234, "高橋 健一": 5678, "佐藤": 9}, "Orders")
    assert check is not None and check.severity == "warn" and check.sheet == "Orders"
    assert text(check.problem, "ja", **check.params) == (
        "担当者名が似ています: 高橋(1,234行) / 高橋 健一(5,678行) — 同じ人ならそろえてください"
    )
    assert text(check.problem, "en", **check.params) == (
        "Rep names look alike: 高橋 (1,234 rows) / 高橋 健一 (5,678 rows)"
        " — if they are one person, spell them the same"
    )
    assert similar_reps_check({"高橋 健一": 5, "佐藤": 9, "ALL": 3}, "Orders") is None


def test_the_reps_sheet_names_below_its_header_without_the_all_row() -> None:
    raw = RawSheet(
        name="担当者一覧",
        rows=[
            ["社員名簿"],
            ["担当者", "メールアドレス"],
            ["高橋　健一", "t@x.jp"],
            ["ALL", "b@x.jp"],
        ],
    )
    assert listed_reps(raw) == ["高橋 健一"]
    assert listed_reps(None) == []
    # Its branch column is keyed by the same (shown) spelling.
    from routekpi.validation.branches import rep_branches

    with_branch = RawSheet(name="担当者一覧", rows=[["担当者", "営業所"], ["高橋　健一", "札幌"]])
    assert rep_branches(with_branch)[0] == {"高橋 健一": "札幌"}


# --- the sheets and a file source ---------------------------------------------------------

# Orders as pasted (trial 21): three spellings of 高橋 健一 (the full-width space folds to a
# plain one: 3 + 2 rows of 高橋 健一, 2 of 高橋健一), 高橋 alone, 佐々木 and 佐々木 美穂.
ORDERS_HEADER = ["受注日", "顧客コード", "担当者", "金額"]
ORDER_ROWS = [
    [date(2025, 4, 1), "C1", "高橋　健一", 1000],
    [date(2025, 5, 1), "C1", "高橋　健一", 1000],
    [date(2025, 6, 1), "C1", "高橋　健一", 1000],
    [date(2025, 7, 1), "C1", "高橋 健一", 1000],
    [date(2025, 8, 1), "C1", "高橋 健一", 1000],
    [date(2025, 9, 1), "C1", "高橋健一", 1000],
    [date(2025, 10, 1), "C1", "高橋健一", 1000],
    [date(2025, 9, 2), "C2", "高橋", 500],
    [date(2025, 4, 3), "C3", "佐々木", 700],
    [date(2025, 5, 3), "C3", "佐々木 美穂", 700],
    [date(2025, 6, 3), "C3", "佐々木 美穂", 700],
]
ACCOUNT_ROWS = [
    ["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"],
    ["C1", "A商店", "高橋健一", date(2025, 1, 1), None],
    ["C2", "B商店", "高橋", date(2025, 1, 1), None],
    ["C3", "C商店", "佐々木美穂", date(2025, 1, 1), None],
]
WANT_ORDERS = {"高橋 健一": 7, "高橋": 1, "佐々木": 1, "佐々木 美穂": 2}
WANT_ACCOUNTS = [["C1", "高橋 健一"], ["C2", "高橋"], ["C3", "佐々木 美穂"]]


def _similar(checks: list) -> list[str]:
    return [text(c.problem, "ja", **c.params) for c in checks if c.problem == "rep_names_similar"]


WANT_SIMILAR = [
    "担当者名が似ています: 佐々木(1行) / 佐々木 美穂(3行); 高橋(2行) / 高橋 健一(8行)"
    " — 同じ人ならそろえてください"
]


def test_pasted_rows_give_one_rep_per_key_and_the_prefix_warning() -> None:
    sheets = {
        "Orders": RawSheet(name="Orders", rows=[ORDERS_HEADER, *ORDER_ROWS]),
        "Accounts": RawSheet(name="Accounts", rows=ACCOUNT_ROWS),
    }
    inputs = validate_inputs(sheets, today=date(2026, 12, 1))
    orders = inputs.history.orders
    assert orders["rep"].value_counts().to_dict() == WANT_ORDERS
    accounts = inputs.history.accounts
    assert accounts[["account", "rep"]].values.tolist() == WANT_ACCOUNTS
    # Every order's rep is on Accounts now: no "rep not on the Accounts sheet" warning.
    assert not [c for c in inputs.checks if c.problem == "unknown_order_rep"]
    # Rows per shown name over Orders and Accounts (高橋 健一: 7 orders + 1 account row).
    assert _similar(inputs.checks) == WANT_SIMILAR


def test_a_file_source_gives_the_same_reps_as_the_sheet(tmp_path: Path) -> None:
    csv = tmp_path / "受注.csv"
    lines = [",".join(ORDERS_HEADER)]
    lines += [f"{d:%Y/%m/%d},{a},{r},{x}" for d, a, r, x in ORDER_ROWS]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = _data({"Accounts": RawSheet(name="Accounts", rows=ACCOUNT_ROWS)})
    ext = external_history(data, {"Orders": SourceRef("Orders", str(csv))}, today=date(2026, 12, 1))
    inputs = ext.inputs(ext.preview.last_date())
    facts = inputs.history.facts
    assert facts is not None
    orders = facts.rep_months.groupby("rep")["orders"].sum().to_dict()
    assert orders == WANT_ORDERS
    assert inputs.history.accounts[["account", "rep"]].values.tolist() == WANT_ACCOUNTS
    assert not [c for c in inputs.checks if c.problem == "unknown_order_rep"]
    assert _similar(inputs.checks) == WANT_SIMILAR
    # The same spellings on the Orders sheet instead of the file: the same warning there.
    sheets = {
        "Orders": RawSheet(name="Orders", rows=[ORDERS_HEADER, *ORDER_ROWS]),
        "Accounts": RawSheet(name="Accounts", rows=ACCOUNT_ROWS),
    }
    ext_sheet = external_history(_data(sheets), {}, today=date(2026, 12, 1))
    sheet_inputs = ext_sheet.inputs(ext_sheet.preview.last_date())
    assert sheet_inputs.history.facts is not None
    pd.testing.assert_frame_equal(
        sheet_inputs.history.facts.rep_months.sort_values(["rep", "month"]).reset_index(drop=True),
        facts.rep_months.sort_values(["rep", "month"]).reset_index(drop=True),
        check_dtype=False,
    )


# --- a whole book, written and read back ----------------------------------------------------


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample book with Tanaka renamed 高橋 健一 everywhere ("one"), and the same book
    with his Orders rows typed 高橋　健一 / 高橋 健一 / 高橋健一 in turn and one of them 高橋
    ("typed"); "listed": "typed" with a Reps sheet spelling him 高橋健一."""
    root = tmp_path_factory.mktemp("spellings")
    out: dict[str, Path] = {}
    for name, path, wb in sample_book_variants(root, ("one", "typed", "listed")):
        forms = ["高橋　健一", "高橋 健一", "高橋健一"] if name != "one" else ["高橋 健一"]
        seen = 0
        for ws in wb.worksheets:
            if ws.title not in ("Orders", "Accounts", "Visits"):
                continue
            col = next(c.column for c in ws[1] if c.value == "担当者")
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                if cell.value == "Tanaka":
                    cell.value = forms[seen % len(forms)] if ws.title == "Orders" else "高橋 健一"
                    seen += ws.title == "Orders"
        if name != "one":
            ws = wb["Orders"]
            last = next(r for r in range(ws.max_row, 1, -1) if ws.cell(r, col).value)
            ws.cell(last, col).value = "高橋"  # the family name alone, on one row
        if name == "listed":
            reps = wb.create_sheet("担当者一覧")
            reps.append(["担当者", "メールアドレス"])
            reps.append(["高橋健一", "t@x.jp"])
        out[name] = path
    return out


def test_a_book_typed_three_ways_plans_one_rep_and_warns_of_the_family_name(
    books: dict[str, Path],
) -> None:
    one, _ = compute_file(books["one"])
    typed, _ = compute_file(books["typed"])
    listed, _ = compute_file(books["listed"])
    reps = {str(r) for r in typed.result.targets["rep"]}
    assert "高橋 健一" in reps and "高橋健一" not in reps
    # 高橋's one order is his history, but no account of Accounts is his: no target.
    assert reps == {str(r) for r in one.result.targets["rep"]}
    orders = typed.result.history.orders
    assert set(orders["rep"]) - set(one.result.history.orders["rep"]) == {"高橋"}
    # No handover between the spellings (the plain book has none for him either).
    moves = [n.params["moves"] for n in typed.result.notes if n.code == "accounts_transferred"]
    assert not any("高橋健一" in m or "高橋 健一 ← 高橋 健一" in m for m in moves)
    similar = _similar(typed.checks)
    n_short = 1
    n_long = (
        int((orders["rep"] == "高橋 健一").sum())
        + int((typed.result.history.accounts["rep"] == "高橋 健一").sum())
        + int((typed.result.history.visits["rep"] == "高橋 健一").sum())
    )
    assert similar == [
        f"担当者名が似ています: 高橋({n_short}行) / 高橋 健一({n_long:,}行)"
        " — 同じ人ならそろえてください"
    ]
    # The Reps sheet's spelling is the one shown, for the same rows.
    listed_reps_ = {str(r) for r in listed.result.targets["rep"]}
    assert listed_reps_ == (reps - {"高橋 健一"}) | {"高橋健一"}
    mine = listed.result.targets[listed.result.targets["rep"] == "高橋健一"]
    theirs = typed.result.targets[typed.result.targets["rep"] == "高橋 健一"]
    assert mine["target"].tolist() == theirs["target"].tolist()
