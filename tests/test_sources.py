"""History from files and databases (routekpi.sources): same results as the sheets.

The engine reads a compact history (core.history.HistoryFacts) built by SQL in DuckDB; these
tests hold it to the raw-row path: the same targets, attainment, flags, review and daily list
from a workbook's sheets and from Parquet, CSV (CP932, UTF-8 with BOM, TSV), .xlsx exports,
SQLite and PostgreSQL; and the same Checks, naming file, line and column, for bad rows.
"""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from history_helpers import sql_views

from routekpi.cli import main
from routekpi.contract import SKIPPED_PROBLEMS, Check, RawSheet
from routekpi.core.compact import build_facts, compact_history
from routekpi.core.engine import run
from routekpi.core.history import (
    ACCOUNT_COLUMNS,
    HOLIDAY_COLUMNS,
    History,
    PlanSettings,
    empty_frame,
)
from routekpi.io.reader import WorkbookData
from routekpi.io.samplebook import write_sample_workbook
from routekpi.pipeline import Computed, RecalcError, compute_file
from routekpi.sample import SampleHistory, generate_sample
from routekpi.sources import SourceRef, external_history
from routekpi.sources.sqltext import (
    QUERIES,
    facts_from_sql,
    render,
    sql_text,
    with_ended_months,
    with_handover_months,
    with_step_months,
    with_usage,
    with_won_months,
)
from routekpi.validation.holidays import day_events, with_assumed_holidays
from routekpi.validation.tables import duplicate_reason, validate_inputs

duckdb = pytest.importorskip("duckdb")

JA_ORDER_HEADERS = ["受注日", "顧客コード", "担当者", "金額(円)", "数量"]


def compute(book: Path, **kw: object) -> Computed:
    """The pipeline's file stages (read → validate → compute) on a workbook."""
    return compute_file(book, **kw)[0]  # type: ignore[arg-type]


# --- helpers ---
def _same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN (flag params hold NaN for "no change measurable")."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b) or (a is None and b is None)


def assert_same_frames(x: pd.DataFrame, y: pd.DataFrame) -> None:
    """Column by column, value by value (objects such as flag params included)."""
    assert list(x.columns) == list(y.columns)
    assert len(x) == len(y)
    for col in x.columns:
        if x[col].dtype == object:
            diffs = [
                i for i, (a, b) in enumerate(zip(x[col], y[col], strict=True)) if not _same(a, b)
            ]
            assert not diffs, (col, diffs[:3], x[col].iloc[diffs[0]], y[col].iloc[diffs[0]])
        else:
            pd.testing.assert_series_equal(x[col], y[col], check_exact=True)


def assert_same_results(a, b) -> None:
    """Every table one recalculation produces."""
    pd.testing.assert_frame_equal(a.targets, b.targets, check_exact=True)
    pd.testing.assert_frame_equal(a.attainment, b.attainment, check_exact=True)
    assert_same_frames(a.flags, b.flags)
    assert_same_frames(a.review, b.review)
    facts = b.history.facts
    if a.daily.from_orders and facts is not None and facts.account_days is None:
        # Without visits in the plan the rows read the Daily list's rhythm from order days; a
        # compact history built without its order days per account (the SQL path) cannot:
        # no list without visit records, a list from the visits alone with them (core.daily).
        assert len(a.daily.stops)
        assert len(b.daily.stops) == 0 or "orders" not in b.daily.rhythm_from
        return
    assert a.daily.rhythm_from == b.daily.rhythm_from
    assert_same_frames(a.daily.days, b.daily.days)
    assert_same_frames(a.daily.stops, b.daily.stops)


_FACT_KEYS = {
    "rep_months": ["rep", "month"],
    "account_months": ["account", "month"],
    "lifetimes": ["account"],
    "visits": ["rep", "month"],
    "rhythm": ["account"],
    "windows": ["account"],
    "rep_days": ["rep", "date"],
    "late_visits": ["rep", "month"],
    "order_days": ["date"],
    "account_days": ["account", "date", "rep"],
    "account_visit_months": ["account", "month"],
    # core.visit_days: per visited account × month, and the month rows (no account) last
    "visit_day_months": ["account", "month"],
}


def assert_same_facts(want, got) -> None:
    """Two HistoryFacts hold the same rows (in any order) with the same values."""
    for name, keys in _FACT_KEYS.items():
        if getattr(got, name) is None:  # the SQL path sends usage per rep × month instead
            assert (name == "account_months" and got.usage is not None) or got.usage is None
            continue
        text = {c: object for c in ("rep", "account") if c in getattr(want, name)}
        a = getattr(want, name).astype(text).sort_values(keys).reset_index(drop=True)
        b = getattr(got, name).astype(text).sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_dtype=False)
    assert (got.first, got.last, got.any_visit) == (want.first, want.last, want.any_visit)
    assert got.contact_day == want.contact_day


def _workbook_data(sheets: dict[str, RawSheet | None] | None = None) -> WorkbookData:
    """A workbook as read, with only the sheets given (Settings unused by external_history)."""
    return WorkbookData(
        sheets=dict(sheets or {}),
        settings={},
        setting_cells={},
        tab_names={},
        date1904=False,
        user_sheets=[],
        setting_sheets={},
        user_headers={},
    )


def _accounts_sheet(sample: SampleHistory) -> RawSheet:
    acc = sample.accounts
    # With the coordinates, as the raw rows have them: the Daily's route distances agree.
    rows: list[list[object]] = [
        ["顧客コード", "顧客名", "担当者", "取引開始日", "解約日", "緯度", "経度"]
    ]
    for r in acc.itertuples(index=False):
        end = None if pd.isna(r.end) else r.end.date()
        rows.append([r.account, r.name, r.rep, r.start.date(), end, r.lat, r.lon])
    return RawSheet(name="顧客", rows=rows)


# --- the compact history in core ---
@pytest.fixture(scope="module")
def small() -> SampleHistory:
    return generate_sample()


@pytest.mark.parametrize("with_accounts", [True, False])
def test_engine_gives_identical_results_from_raw_rows_and_from_facts(
    small: SampleHistory, with_accounts: bool
) -> None:
    """Targets, attainment, flags, review and daily list: the same from HistoryFacts."""
    accounts = small.accounts if with_accounts else small.accounts.iloc[:0]
    history = History(
        orders=small.orders,
        visits=small.visits,
        accounts=accounts.reindex(columns=list(ACCOUNT_COLUMNS)),
        holidays=small.holidays,
    )
    as_of = date(2026, 10, 31)
    settings = PlanSettings(kgi=float(small.settings["KGI"]), plan_year=2026, as_of=as_of)
    compact = compact_history(history, as_of)
    assert len(compact.orders) == 0 and compact.facts is not None
    # per account-month, not per line
    assert len(compact.facts.account_months) < len(history.orders) / 2
    raw, facts = run(history, settings), run(compact, settings)
    assert_same_results(raw, facts)
    pd.testing.assert_frame_equal(raw.evidence.facts, facts.evidence.facts, check_exact=True)


def test_a_blank_as_of_counts_later_visits_from_facts_as_from_raw_rows(
    small: SampleHistory,
) -> None:
    """Orders to Fri 10-16, visits to Fri 10-30, AsOf blank: the compact history built with
    its visits through the contact day gives the raw rows' flags and Daily list (the list
    starting after the last visit), its orders still summed to the last order."""
    orders = small.orders[small.orders["date"] <= "2026-10-16"]
    history = History(
        orders=orders,
        visits=small.visits,
        accounts=small.accounts.reindex(columns=list(ACCOUNT_COLUMNS)),
        holidays=small.holidays,
    )
    as_of, contact = date(2026, 10, 16), date(2026, 10, 30)
    assert history.default_as_of() == (as_of, "orders")
    assert history.contact_through(as_of, typed=False) == contact
    settings = PlanSettings(kgi=float(small.settings["KGI"]), plan_year=2026)
    compact = compact_history(history, as_of, contact=contact)
    assert compact.contact_through(as_of, typed=False) == contact
    assert compact.contact_through(as_of, typed=True) == as_of
    assert compact.default_as_of_note()[0] == "as_of_default_orders_visits"
    # Visits after 10-16 are in the late facts, not in the monthly ones.
    late = compact.facts.late_visits
    assert (
        late["visits"].sum()
        == ((history.visits["date"] > "2026-10-16") & (history.visits["kind"] == "visit")).sum()
    )
    assert (
        compact.facts.visits["visits"].sum()
        == ((history.visits["date"] <= "2026-10-16") & (history.visits["kind"] == "visit")).sum()
    )
    raw, facts = run(history, settings), run(compact, settings)
    assert raw.evidence.as_of == facts.evidence.as_of == as_of
    assert raw.daily.first_day == facts.daily.first_day == date(2026, 11, 2)  # Mon after 10-30
    assert_same_results(raw, facts)
    # Without the later visits (built as of the as-of date only) the list would start 10-19.
    short = run(compact_history(history, as_of), settings)
    assert short.daily.first_day == date(2026, 10, 19)
    assert short.history.default_as_of_note()[0] == "as_of_default_orders_visits_left_out"


def test_every_source_kind_implements_the_interface(tmp_path: Path) -> None:
    from routekpi.schema import ORDERS
    from routekpi.sources import HistorySource
    from routekpi.sources.tabular import SheetSource, TableSource

    sheet = SheetSource(RawSheet(name="受注", rows=[["受注日"]]), ORDERS)
    table = TableSource(SourceRef("Orders", str(tmp_path / "o.parquet")), ORDERS)
    assert isinstance(sheet, HistorySource) and isinstance(table, HistorySource)
    assert (sheet.label, table.label) == ("Orders", "o.parquet")


def test_facts_refuse_another_as_of_date(small: SampleHistory) -> None:
    """Facts aggregated as of one day do not silently answer for an earlier one."""
    facts = build_facts(small.orders, small.visits, date(2026, 10, 31))
    facts.require(date(2026, 10, 31), exact=True)
    with pytest.raises(ValueError, match="aggregated as of 2026-10-31"):
        facts.require(date(2026, 9, 30))


def _canonical_views(small: SampleHistory) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the sample's orders and visits as the SQL's canonical views."""
    return sql_views(small.orders, small.visits)


@pytest.mark.parametrize("contact", [None, date(2026, 10, 7)])
def test_sql_files_give_the_pandas_facts(small: SampleHistory, contact: date | None) -> None:
    """The shipped SQL, run by DuckDB over canonical views, equals core.compact (with the
    visit side through a later contact day too)."""
    con = _canonical_views(small)
    as_of = date(2026, 9, 15)  # mid-month, mid-history: every window cut inside the data
    want = build_facts(small.orders, small.visits, as_of, contact)
    got = facts_from_sql(lambda sql: con.execute(sql).df(), as_of, contact=contact)
    assert_same_facts(want, got)
    assert len(got.order_days) > 0 and got.order_days["date"].max() <= pd.Timestamp(as_of)
    v = small.visits
    late = (v["kind"] == "visit") & (v["date"] > pd.Timestamp(as_of))
    late &= v["date"] <= pd.Timestamp(contact or as_of)
    assert got.late_visits["visits"].sum() == late.sum() and (contact is None) == (not late.any())


def test_handover_months_in_sql_give_the_pandas_sums(small: SampleHistory) -> None:
    """picked_months.sql and picked_visits.sql sum the orders and visits of only the accounts
    taken over during the year, per account × rep × month up to the as-of date, as
    core.compact does (what core.carry measures their share with); nothing is run without
    such an account."""
    from routekpi.core.compact import handover_months
    from routekpi.core.handover import Handover

    con = _canonical_views(small)
    as_of = date(2026, 9, 15)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), as_of)
    taken = sorted(set(small.orders["account"].astype(str)))[:3]
    handed = Handover(
        gone=(),
        last_seen={},
        moved=0,
        to=(),
        orphans=0,
        taken_over=tuple((a, "新人", "前任", date(2026, 7, 1)) for a in taken),
    )
    got = with_handover_months(facts, lambda sql: con.execute(sql).df(), con.register, handed)
    want = handover_months(small.orders, small.visits, set(taken), as_of)
    assert got.handover_months is not None and len(want) > 0
    assert set(got.handover_months["account"]) == set(taken)
    mine = small.orders[small.orders["account"].astype(str).isin(taken)]
    total = mine.loc[mine["date"] <= pd.Timestamp(as_of), "amount"].sum()
    assert got.handover_months["revenue"].sum() == pytest.approx(total)
    seen = small.visits[small.visits["account"].astype(str).isin(taken)]
    seen = seen[(seen["date"] <= pd.Timestamp(as_of)) & (seen["kind"] == "visit")]
    assert got.handover_months["visits"].sum() == len(seen) > 0
    keys = ["account", "rep", "month"]
    a = want.astype({"account": object, "rep": object}).sort_values(keys, ignore_index=True)
    b = got.handover_months.astype({"account": object, "rep": object})
    b = b.sort_values(keys, ignore_index=True)
    pd.testing.assert_frame_equal(a, b, check_exact=True, check_dtype=False)
    quiet = replace(handed, taken_over=())
    assert with_handover_months(facts, con.sql, con.register, quiet) is facts


@pytest.mark.parametrize("with_accounts", [True, False])
@pytest.mark.parametrize(
    "fiscal_start, plan_year, as_of",
    [(4, 2026, date(2026, 10, 31)), (1, 2027, date(2026, 9, 15)), (4, 2028, date(2026, 10, 31))],
)
def test_usage_to_date_summed_in_sql_gives_the_raw_rows_numbers(
    small: SampleHistory, with_accounts: bool, fiscal_start: int, plan_year: int, as_of: date
) -> None:
    """usage.sql (per rep × month, no accounts × months table) gives the engine's facts to
    the bit: fiscal years from April and January, an as-of date mid-month, a plan year
    whose grid runs past the as-of date, with an Accounts list and derived from orders."""
    from routekpi.core.lapse import derive_accounts_from_facts

    con = _canonical_views(small)
    accounts = small.accounts if with_accounts else small.accounts.iloc[:0]
    accounts = accounts.reindex(columns=list(ACCOUNT_COLUMNS))
    history = History(
        orders=small.orders, visits=small.visits, accounts=accounts, holidays=small.holidays
    )
    settings = PlanSettings(
        kgi=float(small.settings["KGI"]),
        plan_year=plan_year,
        fiscal_start_month=fiscal_start,
        as_of=as_of,
    )
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), as_of)
    # Without an Accounts list the engine derives it from the facts (core.lapse): the same.
    listed = accounts if with_accounts else derive_accounts_from_facts(facts, as_of)
    facts = with_usage(facts, lambda sql: con.execute(sql).df(), con.register, listed, fiscal_start)
    # The accounts ended by the as-of date, as the source adds them (the Review names a lost
    # account as a rep's main cause from them, as from the rows).
    facts = with_ended_months(facts, lambda sql: con.execute(sql).df(), con.register, listed)
    facts = with_won_months(facts, lambda sql: con.execute(sql).df(), con.register)
    # A material account's step down (core.account_step), as the source adds it.
    facts = with_step_months(facts, lambda sql: con.execute(sql).df(), con.register)
    assert facts.account_months is None and facts.usage is not None
    assert len(facts.usage) < len(history.orders) / 10  # rep × month, not account × month
    compact = History(
        orders=small.orders.iloc[:0],
        visits=small.visits.iloc[:0],
        accounts=accounts,
        holidays=small.holidays,
        facts=facts,
    )
    raw, got = run(history, settings), run(compact, settings)
    pd.testing.assert_frame_equal(raw.evidence.facts, got.evidence.facts, check_exact=True)
    assert_same_results(raw, got)
    # Usage summed for another fiscal year start is refused, not silently wrong.
    other = PlanSettings(
        kgi=settings.kgi, plan_year=plan_year, fiscal_start_month=fiscal_start % 12 + 1, as_of=as_of
    )
    with pytest.raises(ValueError, match="aggregate the source again"):
        run(compact, other)


def test_sql_text_is_plain_portable_sql() -> None:
    """No DuckDB-only functions in the shipped text; parameters render as DATE literals."""
    for name in (*QUERIES, "order_days", "usage", "cover_visits", "last_orders"):
        text = sql_text(name).lower()
        for dialect in ("strftime", "date_trunc", "::", "list(", "struct", "qualify", "median("):
            assert dialect not in text, (name, dialect)
    rendered = render(
        "order_windows",
        {
            "as_of": date(2024, 2, 29),
            "window_lo": date(2022, 2, 28),
            "window_mid": date(2023, 2, 28),
        },
    )
    assert "date '2024-02-29'" in rendered.lower() and ":as_of" not in rendered


# --- files: 100k rows pasted in a workbook vs read from Parquet and CSV ---
@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 100,000-order sample workbook, and its orders and visits written as files."""
    folder = tmp_path_factory.mktemp("sources100k")
    book = folder / "book.xlsm"
    sample = write_sample_workbook(book, orders_rows=100_000)
    orders = sample.orders.rename(
        columns=dict(
            zip(["date", "account", "rep", "amount", "quantity"], JA_ORDER_HEADERS, strict=True)
        )
    )
    orders.to_parquet(folder / "orders.parquet", index=False)
    sample.visits.to_parquet(folder / "visits.parquet", index=False)
    # What Excel on a Japanese PC saves as CSV: CP932, Japanese headers, 2024/04/01 dates.
    sample.orders.to_csv(
        folder / "orders.csv",
        index=False,
        encoding="cp932",
        header=JA_ORDER_HEADERS,
        date_format="%Y/%m/%d",
    )
    sample.visits.to_csv(folder / "visits.tsv", index=False, sep="\t", encoding="utf-8-sig")
    return book, folder


@pytest.mark.slow  # builds a 100,000-order workbook (once per module)
@pytest.mark.parametrize(
    "orders, visits",
    [("orders.parquet", "visits.parquet"), ("orders.csv", "visits.tsv")],
)
def test_100k_rows_from_files_equal_the_same_rows_pasted_in_the_workbook(
    big: tuple[Path, Path], orders: str, visits: str
) -> None:
    book, folder = big
    sheets = compute(book)
    refs = {
        "Orders": SourceRef("Orders", str(folder / orders)),
        "Visits": SourceRef("Visits", str(folder / visits)),
    }
    files = compute(book, sources=refs)
    assert_same_results(sheets[0], files[0])
    assert files[2] == sheets[2]  # rows read: the files' rows stand in for the sheets'
    used = [c for c in files[1] if c.problem == "source_used"]
    assert [(c.params["input"], c.params["source"]) for c in used] == [
        ("Orders", orders),
        ("Visits", visits),
    ]
    assert files[0].history is not None and files[0].history.facts is not None
    assert len(files[0].history.orders) == 0  # the engine never saw an order line


@pytest.mark.slow  # builds a 100,000-order workbook (once per module)
def test_cli_reads_orders_from_a_file_and_says_so(
    big: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, folder = big
    out = tmp_path / "out.xlsm"
    code = main(
        [
            "recalc",
            str(book),
            "--out",
            str(out),
            "--orders",
            str(folder / "orders.parquet"),
            "--visits",
            str(folder / "visits.parquet"),
        ]
    )
    assert code == 0 and out.is_file()
    printed = capsys.readouterr().out
    assert "履歴の読み込み元: Orders=orders.parquet, Visits=visits.parquet" in printed


# --- validation: the sheets' rules, naming file, line and column ---
def _orders_csv(path: Path, lines: list[str], encoding: str) -> SourceRef:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return SourceRef("Orders", str(path))


def _external(
    refs: dict[str, SourceRef], sheets: dict[str, RawSheet | None], cut: date | None = None
):
    """Validated inputs, aggregated as of ``cut`` (default: the end of the history)."""
    ext = external_history(_workbook_data(sheets), refs, today=date(2026, 12, 1))
    return ext, ext.inputs(cut or ext.preview.last_date())


def test_cp932_csv_with_japanese_headers_reports_bad_rows_by_file_line_and_column(
    tmp_path: Path,
) -> None:
    """A bad date, an unreadable amount and a blank rep: three Checks, three rows skipped."""
    ref = _orders_csv(
        tmp_path / "受注.csv",
        [
            "受注日,顧客コード,担当者,金額(円),数量",
            "2025/04/01,C001,佐藤,１２，０００,2",  # full-width digits: read as 12000
            "2025/04/31,C001,佐藤,5000,1",  # line 3: no 31 April
            "2025/04/02,C002,佐藤,五千円くらい,1",  # line 4: not a number
            "2025/04/03,C002,,3000,1",  # line 5: rep blank
            ",,,,",  # blank line: ignored silently, like a sheet
            "令和7年4月4日,C002,鈴木,7000,",  # era date, blank quantity: fine
        ],
        "cp932",
    )
    _, inputs = _external({"Orders": ref}, {})
    bad = [(c.sheet, c.row, c.column, c.problem) for c in inputs.checks if c.severity == "error"]
    assert bad == [
        ("受注.csv", 3, "A 受注日", "impossible_date"),
        ("受注.csv", 4, "D 金額(円)", "not_a_number"),
        ("受注.csv", 5, "C 担当者", "blank"),
    ]
    # 3 of the file's 5 non-blank lines left out: over a quarter, so the line is critical.
    skipped = [
        (c.problem, c.params["count"], c.params["total"], c.severity)
        for c in inputs.checks
        if c.problem.startswith("rows_skipped")
    ]
    assert skipped == [("rows_skipped_most", 3, 5, "critical")]
    facts = inputs.history.facts
    assert facts is not None
    got = facts.rep_months.sort_values("rep")[["rep", "revenue", "orders", "quantity"]]
    assert got.values.tolist() == [["佐藤", 12000.0, 1.0, 2.0], ["鈴木", 7000.0, 1.0, 0.0]]
    life = facts.lifetimes.sort_values("account")
    assert life[["account", "rep"]].values.tolist() == [["C001", "佐藤"], ["C002", "鈴木"]]
    assert facts.first == date(2025, 4, 1) and facts.last == date(2025, 4, 4)


def test_encoding_is_detected_or_named_and_a_wrong_one_names_the_line(tmp_path: Path) -> None:
    lines = ["日付,顧客,担当,金額", "2025-04-01,C1,佐藤,100", "2025-04-02,C1,佐藤,200"]
    for enc in ("utf-8", "utf-8-sig", "cp932"):
        ref = _orders_csv(tmp_path / f"o_{enc}.csv", lines, enc)
        _, inputs = _external({"Orders": ref}, {})
        assert inputs.history.facts is not None
        assert inputs.history.facts.rep_months["rep"].tolist() == ["佐藤"], enc
    # Named UTF-8 but written in CP932: stop with the line that does not decode.
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "日付,顧客,担当,金額\n2025-04-01,C1,x,1\n".encode()
        + "2025-04-02,C1,佐藤,2\n".encode("cp932")
    )
    from routekpi.contract import InputError

    with pytest.raises(InputError) as err:
        _external({"Orders": SourceRef("Orders", str(path), encoding="utf-8-sig")}, {})
    assert err.value.key == "err.source_encoding" and err.value.params["line"] == 3


def test_a_late_shift_jis_line_is_read_not_dropped(tmp_path: Path) -> None:
    """Taken for UTF-8 from its first megabyte, a CP932 file whose first Japanese text comes
    later is read whole as CP932: no line is lost (DuckDB dropped each one as a bad line).
    Named UTF-8, the same file stops at the first line that is not."""
    from routekpi.contract import InputError
    from routekpi.sources.tabular import DETECT_BYTES

    head = ["Date,Account,Rep,Amount"]
    plain = [f"2025-04-{d:02d},C{i},Sato,100" for d in range(1, 31) for i in range(1500)]
    assert len("\r\n".join(head + plain)) > DETECT_BYTES  # ASCII beyond the detected head
    late = [f"2025-05-{d:02d},C9999,東京営業所,50" for d in range(1, 11)]
    ref = _orders_csv(tmp_path / "late.csv", head + plain + late, "cp932")
    _, inputs = _external({"Orders": ref}, {})
    months = inputs.history.facts.rep_months.set_index("rep")
    assert months.loc["東京営業所", "revenue"] == 500 and months.loc["Sato", "orders"] == len(plain)
    assert not [c for c in inputs.checks if c.problem.startswith("source_bad_line")]
    with pytest.raises(InputError) as err:
        _external({"Orders": SourceRef("Orders", ref.location, encoding="utf-8")}, {})
    assert err.value.key == "err.source_encoding"
    assert err.value.params["line"] == len(head + plain) + 1


def test_a_demo_is_a_meeting_and_an_open_outcome_is_read_without_a_check() -> None:
    """Trial 20's kintone words on the Visits sheet: デモ (and its other spellings) is a
    meeting, 継続・検討中・保留 (and pending) an outcome still open: no Check, no row
    skipped, and an open appointment attempt is not an appointment won."""
    from routekpi.schema import VISITS
    from routekpi.validation.tables import read_table

    visits = RawSheet(
        name="Visits",
        rows=[
            ["訪問日", "担当者", "顧客コード", "種別", "結果"],
            ["2025-04-02", "佐藤", "P1", "デモ", "継続"],
            ["2025-04-03", "佐藤", "P2", "デモンストレーション", "検討中"],
            ["2025-04-04", "佐藤", "P3", "実演", "保留"],
            ["2025-04-07", "佐藤", "P4", "Demo", "pending"],
            ["2025-04-08", "佐藤", "P5", "アポ", "継続"],  # an attempt, not (yet) won
            ["2025-04-09", "佐藤", "P6", "アポ", "成功"],  # an attempt won
        ],
    )
    checks: list[Check] = []
    frame, rows = read_table(VISITS, visits, checks, today=date(2026, 12, 1))
    assert checks == [] and rows.tolist() == [2, 3, 4, 5, 6, 7]
    assert frame["kind"].tolist() == ["meeting"] * 4 + ["attempt"] * 2
    assert frame["outcome"].tolist() == ["open"] * 5 + ["won"]
    # By hand, as measure counts them: 4 meetings; 2 attempts, 1 appointment (won).
    kind, outcome = frame["kind"], frame["outcome"]
    assert (kind == "meeting").sum() == 4
    assert ((kind == "attempt") & (outcome == "won")).sum() == 1


def test_a_title_above_the_csv_header_is_skipped_and_lines_keep_their_numbers(
    tmp_path: Path,
) -> None:
    """An ERP export with a title and a blank line above the header: the header is found on
    line 3 as on a sheet (it stopped for want of a date column, naming the title), an info
    check says so, and a bad date keeps its own line number (6)."""
    ref = _orders_csv(
        tmp_path / "titled.csv",
        [
            "売上明細一覧表（2025/04/01～2025/04/30）",
            "",
            "伝票日付,得意先コード,担当者,金額",
            "2025/04/01,C1,佐藤,100",
            '2025/04/02,C1,佐藤,"1,200"',
            "4月3日?,C1,佐藤,300",
            "2025/04/04,C1,佐藤,400",
            "2025/04/05,C1,佐藤,1,500",  # line 8: an unquoted comma, a field too many
            "2025/04/06,C1,佐藤,50",
            "2025/04/0x,C1,佐藤,60",  # line 10: after a rejected line, still line 10
        ],
        "cp932",
    )
    _, inputs = _external({"Orders": ref}, {})
    assert inputs.history.facts.rep_months["revenue"].sum() == 1750
    said = [(c.row, c.problem) for c in inputs.checks if c.sheet == "titled.csv"]
    assert (3, "csv_header_below") in said and (6, "not_a_date") in said
    assert (8, "source_bad_line_columns") in said and (10, "not_a_date") in said


def test_a_utf8_file_with_one_bad_byte_late_stops_naming_it(tmp_path: Path) -> None:
    """Japanese UTF-8 in the first MiB, one Latin-1 byte near the end: the file is UTF-8 with
    a bad line (read as CP932, every name would garble), so the run stops at that line; a
    CP932 file cut inside a character names its last line, in the user's words."""
    from routekpi.contract import InputError
    from routekpi.sources.tabular import DETECT_BYTES

    head = ["日付,顧客,担当,金額"]
    rows = [f"2025-04-{d:02d},C{i},山田,1000" for d in range(1, 31) for i in range(1500)]
    path = tmp_path / "u8.csv"
    body = "\n".join(head + rows).encode()
    assert len(body) > DETECT_BYTES
    path.write_bytes(body + b"\n2025-05-01,Caf\xe9s,\xe5\xb1\xb1\xe7\x94\xb0,5\n")
    with pytest.raises(InputError) as err:
        _external({"Orders": SourceRef("Orders", str(path))}, {})
    assert err.value.key == "err.source_encoding"
    assert err.value.params["line"] == len(head + rows) + 1
    cut = tmp_path / "cut.csv"
    cut.write_bytes("日付,顧客,担当,金額\n2025-04-01,C1,佐藤,1\n".encode("cp932")[:-4])
    with pytest.raises(InputError) as err:
        _external({"Orders": SourceRef("Orders", str(cut), encoding="cp932")}, {})
    assert err.value.key == "err.source_encoding" and err.value.params["line"] == 2


def test_utf16_with_a_bom_and_japanese_encoding_names(tmp_path: Path) -> None:
    """Excel's "Unicode text" (UTF-16 with a byte-order mark) is detected; シフトJIS and SJIS
    name CP932; a name no codec has is one message naming it."""
    from routekpi.contract import InputError

    lines = ["日付,顧客,担当,金額", "2025-04-01,C1,佐藤,100"]
    lines[1] = "2025-04-01,㈱髙橋①,佐藤,100"  # CP932 only: strict shift_jis refuses them
    for enc, named in (
        ("utf-16", None),
        ("cp932", "シフトJIS"),
        ("cp932", "SJIS"),
        ("cp932", "Shift_JIS"),
    ):
        path = tmp_path / f"o_{enc}_{named}.csv"
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(enc))
        _, inputs = _external({"Orders": SourceRef("Orders", str(path), encoding=named)}, {})
        assert inputs.history.facts.rep_months["rep"].tolist() == ["佐藤"], (enc, named)
    with pytest.raises(InputError) as err:
        _external({"Orders": SourceRef("Orders", str(path), encoding="klingon")}, {})
    assert err.value.key == "err.source_unknown_encoding"
    assert err.value.params["encoding"] == "klingon"


def test_a_file_mostly_unreadable_stops_and_a_few_bad_lines_say_why(tmp_path: Path) -> None:
    """Amounts with thousands commas and no quotes split into an extra column. On most lines:
    the run stops naming the counts and the cause; on one line: a check in plain words."""
    from routekpi.contract import InputError

    head = "受注日,顧客コード,担当者,金額"
    good = [f"2025-04-{d:02d},C1,佐藤,900" for d in range(1, 11)]
    bad = [f"2025-05-{d:02d},C1,佐藤,1,200" for d in range(1, 21)]
    ref = _orders_csv(tmp_path / "commas.csv", [head, *good, *bad], "cp932")
    with pytest.raises(InputError) as err:
        _external({"Orders": ref}, {})
    assert err.value.key == "err.source_bad_line_columns_stop"
    assert err.value.params == {
        "source": "commas.csv",
        "bad": "20",
        "lines": "30",
        "line": 12,
        "expected": "4",
        "found": "5",
    }
    # The usual case: only amounts of 1,000 and more split, so the large orders would be
    # the ones lost; 10 lines and 1% of the file are enough to stop.
    small = [f"2025-06-{d:02d},C1,佐藤,500" for d in range(1, 31)] * 30
    ref = _orders_csv(tmp_path / "some.csv", [head, *small, *bad[:10]], "cp932")
    with pytest.raises(InputError) as err:
        _external({"Orders": ref}, {})
    assert err.value.params["bad"] == "10" and err.value.params["lines"] == "910"
    ref = _orders_csv(tmp_path / "one.csv", [head, *good, bad[0]], "cp932")
    _, inputs = _external({"Orders": ref}, {})
    said = [c for c in inputs.checks if c.problem == "source_bad_line_columns"]
    assert [(c.row, c.params) for c in said] == [(12, {"expected": "4", "found": "5"})]
    assert inputs.history.facts.rep_months["revenue"].sum() == 9000


def test_repeats_unknown_accounts_future_dates_and_broken_lines(tmp_path: Path) -> None:
    """The cross-sheet checks of the sheet validator, on a file."""
    ref = _orders_csv(
        tmp_path / "o.csv",
        [
            "date,account,rep,amount,order id",
            "2025-04-01,C1,Sato,100,A1",
            "2025-04-01,C1,Sato,100,A1",  # line 3: the same numbered line again → dropped
            "2025-04-02,C9,Sato,100,",  # line 4: unknown account
            "2025-04-03,C1,Sato,100,A2,xx",  # line 5: a field too many → not a CSV line
            "2025-05-10,C1,Sato,300,A3",  # line 6: after the as-of date → kept, not counted
        ],
        "utf-8",
    )
    accounts = RawSheet(
        name="Accounts", rows=[["account", "rep", "start"], ["C1", "Sato", date(2024, 1, 1)]]
    )
    ext = external_history(
        _workbook_data({"Accounts": accounts}),
        {"Orders": ref},
        as_of=date(2025, 4, 30),
        today=date(2026, 1, 1),
    )
    inputs = ext.inputs(date(2025, 4, 30))
    got = [(c.row, c.column, c.problem) for c in inputs.checks if c.sheet == "o.csv"]
    assert got == [
        (5, "", "source_bad_line_columns"),
        (None, "", "source_used"),
        (3, "", "duplicate_rows"),
        (4, "B account", "unknown_account"),
        (6, "A date", "future_date"),
    ]
    (dup,) = [c.params for c in inputs.checks if c.problem == "duplicate_rows"]
    assert dup == {
        "count": "1",
        "n": 1,
        "rows": "3",
        "first": 2,
        "amount": "¥100",
        **duplicate_reason(pasted=True, unnumbered=False),  # a one-line slip pasted twice
    }
    facts = inputs.history.facts
    assert facts is not None
    assert facts.rep_months["revenue"].sum() == 200.0  # A1 once, C9's line; not line 6 (May)


def test_codes_that_lost_their_leading_zeros_read_as_on_a_sheet(tmp_path: Path) -> None:
    """Orders and visits from CSV whose codes Excel cut (1 for 001): the Accounts codes they
    are, and the sheet's one warning per input; a code two Accounts codes could be stays
    unknown. The same rows pasted as sheets give the same Checks."""
    accounts = RawSheet(
        name="Accounts",
        rows=[
            ["account", "rep", "start"],
            *[[code, "Sato", date(2024, 1, 1)] for code in ("001", "002", "01016", "001016")],
        ],
    )
    orders = [
        ["date", "account", "rep", "amount"],
        ["2025-04-01", "1", "Sato", "100"],  # line 2: 001, the first of 2 lines, 2 codes
        ["2025-04-02", "001", "Sato", "200"],
        ["2025-04-03", "2", "Sato", "300"],  # 002
        ["2025-04-04", "1016", "Sato", "50"],  # line 5: 01016 or 001016? unknown
        ["2025-04-05", "1", "Sato", "400"],  # 001 again: the second line
    ]
    # A full-width ２ (read as 2): a column whose codes are parsed, not only listed.
    visits = [["date", "rep", "account", "kind"], ["2025-04-02", "Sato", "２", "visit"]]
    refs = {
        "Orders": _orders_csv(tmp_path / "o.csv", [",".join(r) for r in orders], "utf-8"),
        "Visits": SourceRef("Visits", str(tmp_path / "v.csv")),
    }
    (tmp_path / "v.csv").write_text("\n".join(",".join(r) for r in visits) + "\n")
    _, inputs = _external(refs, {"Accounts": accounts})
    got = [
        (c.sheet, c.row, c.value, c.problem, c.params)
        for c in inputs.checks
        if "zeros" in c.problem or c.problem == "unknown_account"
    ]
    cut = "account_zeros_dropped"
    assert got == [
        ("o.csv", 2, "1", cut, {"value": "1", "account": "001", "count": "2", "lines": "3"}),
        ("v.csv", 2, "2", cut, {"value": "2", "account": "002", "count": "1", "lines": "1"}),
        ("o.csv", 5, "1016", "unknown_account", {}),
    ]
    facts = inputs.history.facts
    assert facts is not None
    # 001: 100 + 200 + 400 yen, 002: 300, the unknown 1016: 50 — in the 12 months to 04-05.
    recent = facts.windows.set_index("account")["recent"].to_dict()
    assert recent == {"001": 700.0, "002": 300.0, "1016": 50.0}
    assert facts.rhythm["account"].tolist() == ["002"]
    # The same rows as sheets: the same warnings, naming the sheets.
    typed = [[date.fromisoformat(r[0]), r[1], r[2], float(r[3])] for r in orders[1:]]
    sheets: dict[str, RawSheet | None] = {
        "Orders": RawSheet(name="Orders", rows=[orders[0], *typed]),
        "Visits": RawSheet(
            name="Visits", rows=[visits[0], [date(2025, 4, 2), "Sato", "2", "visit"]]
        ),
        "Accounts": accounts,
    }
    on_sheets = validate_inputs(sheets, today=date(2026, 12, 1))
    names = {"Orders": "o.csv", "Visits": "v.csv"}
    said = [
        (names[c.sheet], c.row, c.value, c.problem, c.params)
        for c in on_sheets.checks
        if "zeros" in c.problem or c.problem == "unknown_account"
    ]
    assert said == got


def test_integer_codes_of_a_parquet_export_match_accounts_with_zeros(tmp_path: Path) -> None:
    """An ERP's Parquet export keeps account codes as integers (1019); Accounts has 001019."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = [date(2025, 4, 1), date(2025, 4, 2), date(2025, 4, 3)]
    table = pa.table(
        {
            "date": pa.array(days, pa.date32()),
            "account": pa.array([1019, 1020, 1019], pa.int64()),
            "rep": ["Sato"] * 3,
            "amount": [100.0, 200.0, 300.0],
        }
    )
    pq.write_table(table, tmp_path / "o.parquet")
    codes = [[c, "Sato", date(2024, 1, 1)] for c in ("001019", "001020")]
    accounts = RawSheet(name="Accounts", rows=[["account", "rep", "start"], *codes])
    _, inputs = _external(
        {"Orders": SourceRef("Orders", str(tmp_path / "o.parquet"))}, {"Accounts": accounts}
    )
    got = [(c.row, c.problem, c.params) for c in inputs.checks if c.sheet == "o.parquet"]
    want = {"value": "1019", "account": "001019", "count": "2", "lines": "3"}
    assert [g for g in got if g[1] != "source_used"] == [(2, "account_zeros_dropped", want)]
    facts = inputs.history.facts
    assert facts is not None
    recent = facts.windows.set_index("account")["recent"].to_dict()
    assert recent == {"001019": 400.0, "001020": 200.0}  # 100 + 300; 200


def test_accounts_skipped_for_a_bad_date_and_for_ending_early_are_one_count(
    tmp_path: Path,
) -> None:
    """An Accounts file with a start date that is no date and an account that ends before it
    starts: both rows are skipped, and one line counts them, as on a sheet."""
    path = tmp_path / "a.csv"
    path.write_text(
        "account,rep,start,end\n"
        "C1,Sato,2024-01-01,\n"
        "C2,Sato,someday,\n"  # line 3: not a date → skipped
        "C3,Sato,2024-06-01,2024-02-01\n",  # line 4: ends before it starts → skipped
        encoding="utf-8",
    )
    orders = _orders_csv(
        tmp_path / "o.csv", ["date,account,rep,amount", "2025-04-01,C1,Sato,100"], "utf-8"
    )
    _, inputs = _external({"Orders": orders, "Accounts": SourceRef("Accounts", str(path))}, {})
    got = [(c.row, c.problem, c.params) for c in inputs.checks if c.sheet == "a.csv"]
    assert [g for g in got if g[1] != "source_used"] == [
        (3, "not_a_date", {"value": "someday"}),
        (4, "end_before_start", {"start": "2024-06-01"}),
        # 2 of its 3 lines: the line is critical (over a quarter of the input left out).
        (
            None,
            "rows_skipped_most",
            {"count": 2, "total": 3, "shown": "2", "all": "3", "share": "67%"},
        ),
    ]


def _typed_orders(
    path: Path, reps: list[object], amounts: list[float], qty: list[float]
) -> SourceRef:
    """A Parquet orders file with typed columns (DATE, DOUBLE: NaN and ±inf as they are),
    one order a day from 2025-04-01."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = len(reps)
    table = pa.table(
        {
            "date": pa.array([date(2025, 4, d + 1) for d in range(n)], pa.date32()),
            "account": pa.array(["C1"] * (n - 2) + ["C2"] * 2),
            "rep": pa.array(reps, pa.string()),
            "amount": pa.array(np.array(amounts, dtype=float)),  # not from pandas: NaN stays
            "quantity": pa.array(np.array(qty, dtype=float)),
        }
    )
    pq.write_table(table, path)
    return SourceRef("Orders", str(path))


def test_typed_parquet_nan_inf_and_null_are_judged_as_on_a_sheet(tmp_path: Path) -> None:
    """A NaN amount is a blank cell, ±inf is not a number, a NULL rep is blank: the rows
    are reported and skipped; an infinite optional quantity is voided with a warning."""
    inf, nan = float("inf"), float("nan")
    ref = _typed_orders(
        tmp_path / "typed.parquet",
        ["Sato", "Sato", "Sato", None, "Suzuki", "Suzuki"],
        [100.0, nan, 50.0, 70.0, 30.0, inf],
        [1.0, 1.0, inf, 1.0, nan, 2.0],
    )
    _, inputs = _external({"Orders": ref}, {})
    got = [(c.row, c.column, c.problem, c.severity) for c in inputs.checks if c.row is not None]
    assert got == [
        (3, "D amount", "blank", "error"),
        (4, "E quantity", "not_a_number_ignored", "warn"),
        (5, "C rep", "blank", "error"),
        (7, "D amount", "not_a_number", "error"),
    ]
    skipped = [c.params["count"] for c in inputs.checks if c.problem in SKIPPED_PROBLEMS]
    assert skipped == [3]
    facts = inputs.history.facts
    assert facts is not None
    got_months = facts.rep_months.sort_values("rep")[["rep", "revenue", "orders", "quantity"]]
    # Sato: lines 2 and 4 (100 + 50; line 4's quantity voided); Suzuki: line 6 (blank qty).
    assert got_months.values.tolist() == [["Sato", 150.0, 2.0, 1.0], ["Suzuki", 30.0, 1.0, 0.0]]


@pytest.mark.parametrize(
    "quantity, total",
    [([1.0, 2.0, 3.0, 4.0], 10.0), ([1.0, math.nan, 3.0, math.nan], 4.0)],
)
def test_a_clean_typed_file_is_read_whole_without_checks(
    tmp_path: Path, quantity: list[float], total: float
) -> None:
    """Nothing to report (a NaN quantity is a blank optional cell): every row is used."""
    ref = _typed_orders(
        tmp_path / "clean.parquet", ["Sato"] * 4, [10.0, 20.0, 30.0, 40.0], quantity
    )
    _, inputs = _external({"Orders": ref}, {})
    assert [c.problem for c in inputs.checks if c.sheet == "clean.parquet"] == ["source_used"]
    facts = inputs.history.facts
    assert facts is not None
    assert facts.rep_months[["revenue", "orders", "quantity"]].values.tolist() == [
        [100.0, 4.0, total]
    ]
    assert inputs.rows_read == 4


def test_a_nan_amount_is_blank_even_where_the_files_statistics_omit_it(tmp_path: Path) -> None:
    """Parquet min/max statistics leave NaN out (here 10…40): still a blank amount."""
    nan = float("nan")
    ref = _typed_orders(
        tmp_path / "nan.parquet", ["Sato"] * 4, [10.0, nan, 30.0, 40.0], [1.0, 2.0, 3.0, 4.0]
    )
    _, inputs = _external({"Orders": ref}, {})
    got = [(c.row, c.column, c.problem) for c in inputs.checks if c.sheet == "nan.parquet"]
    assert got == [(3, "D amount", "blank"), (None, "", "rows_skipped"), (None, "", "source_used")]
    facts = inputs.history.facts
    assert facts is not None
    assert facts.rep_months[["revenue", "orders", "quantity"]].values.tolist() == [[80.0, 3.0, 8.0]]


def test_xlsx_export_is_read_like_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    pd.DataFrame(
        {
            "受注日": [date(2025, 4, 1), date(2025, 4, 2)],
            "得意先コード": ["C1", "C2"],
            "営業担当": ["佐藤", "鈴木"],
            "売上金額": [1000, -200],
        }
    ).to_excel(path, index=False)
    _, inputs = _external({"Orders": SourceRef("Orders", str(path))}, {})
    facts = inputs.history.facts
    assert facts is not None
    amounts = facts.windows.astype({"account": str}).sort_values("account")
    assert amounts[["account", "recent"]].values.tolist() == [["C1", 1000.0], ["C2", -200.0]]
    # a return lowers revenue but is not an order
    assert facts.rep_months.sort_values("rep")["orders"].tolist() == [1.0, 0.0]


def test_sources_sheet_names_a_file_relative_to_the_workbook(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    _orders_csv(
        tmp_path / "data" / "o.csv", ["date,account,rep,amount", "2025-04-01,C1,S,5"], "utf-8"
    )
    from routekpi.sources import named_sources

    sheet = RawSheet(
        name="データソース",
        rows=[
            ["入力", "ソース", "文字コード"],
            ["受注", "data/o.csv", "utf-8"],
            ["Payments", "p.csv", None],
        ],
    )
    checks: list = []
    refs = named_sources(_workbook_data({"Sources": sheet}), None, tmp_path, checks)
    assert list(refs) == ["Orders"] and refs["Orders"].path == tmp_path / "data" / "o.csv"
    assert [(c.row, c.problem) for c in checks] == [
        (3, "source_unknown_input"),
        (None, "optional_rows_skipped"),  # the sheet's one warning naming row 3
    ]
    # Typed on Windows (docs/sources.md's own example), read on a Mac or Linux.
    sheet.rows[1][1] = "data\\o.csv"
    refs = named_sources(_workbook_data({"Sources": sheet}), None, tmp_path, [])
    assert refs["Orders"].path.is_file() and refs["Orders"].label == "o.csv"


def test_missing_file_and_unknown_kind_stop_with_one_line(
    sample_book: Path, tmp_path: Path
) -> None:
    book = sample_book
    with pytest.raises(RecalcError, match=r"nothing\.parquet"):
        compute(book, sources={"Orders": SourceRef("Orders", str(tmp_path / "nothing.parquet"))})
    (tmp_path / "o.json").write_text("{}")
    with pytest.raises(RecalcError, match=r"\.csv \.tsv"):
        compute(book, sources={"Orders": SourceRef("Orders", str(tmp_path / "o.json"))})


def test_an_orders_file_without_usable_rows_names_the_file_not_the_sheet(
    sample_book: Path, tmp_path: Path
) -> None:
    """A header-only file, and one whose only row is bad: the message names the file (and the
    first bad cell), never "paste into the Orders sheet" — the user did not use the sheet."""
    header = "受注日,顧客コード,担当者,金額\n"
    empty, bad = tmp_path / "empty.csv", tmp_path / "bad.csv"
    empty.write_text(header, encoding="utf-8")
    bad.write_text(header + "abc,C1,Tanaka,100\n", encoding="utf-8")
    with pytest.raises(RecalcError) as err:
        compute(sample_book, sources={"Orders": SourceRef("Orders", str(empty))})
    assert "empty.csv" in err.value.message and "Orders" not in err.value.message
    assert "受注シート" not in err.value.message
    with pytest.raises(RecalcError) as err:
        compute(sample_book, sources={"Orders": SourceRef("Orders", str(bad))})
    assert "bad.csv" in err.value.message and "2" in err.value.message
    assert "abc" in err.value.message and "\n" not in err.value.message


def test_a_file_without_a_required_column_names_the_file_and_its_headers(
    sample_book: Path, tmp_path: Path
) -> None:
    """An export with a country where the rep goes: the stop names the file (not a sheet),
    the missing column and the headers it does have, so the user sees what to rename."""
    export = tmp_path / "export.csv"
    export.write_text("InvoiceDate,Customer ID,Country,Amount\n2025-04-01,C1,UK,100\n")
    with pytest.raises(RecalcError) as err:
        compute(sample_book, sources={"Orders": SourceRef("Orders", str(export))})
    message = err.value.message
    assert message.startswith("「export.csv」に必須の列") and "「担当者 / Rep」" in message
    # Every missing column at once, not one per run.
    export.write_text("When,Customer ID,Country,Value\n2025-04-01,C1,UK,100\n")
    with pytest.raises(RecalcError) as err:
        compute(sample_book, sources={"Orders": SourceRef("Orders", str(export))})
    assert "「受注日 / Date, 担当者 / Rep, 金額 / Amount」" in err.value.message
    assert "InvoiceDate, Customer ID, Country, Amount" in message and "\n" not in message
    # The headers it may have, as on a sheet; and a column in thousands that names no amount
    # (粗利(千円)) is left out on purpose (read as yen it would be 1/1000), and said. An
    # amount header in thousands (売上(千円)) is read ×1,000: tests/test_amount_units.py.
    assert "見出しを次のいずれかに変えてください: 受注日・Date" in err.value.message
    export.write_text("受注日,顧客コード,担当者,粗利(千円)\n2025-04-01,C1,Tanaka,100\n")
    with pytest.raises(RecalcError) as err:
        compute(sample_book, sources={"Orders": SourceRef("Orders", str(export))})
    assert err.value.message.startswith("「export.csv」に必須の列「金額 / Amount」がありません")
    assert "列「粗利(千円)」は千円単位のため、金額としてわざと読んでいません" in err.value.message


def test_a_rep_named_like_the_team_row_in_a_file_names_the_file(
    sample_book: Path, tmp_path: Path
) -> None:
    """ALL is the team's row: a file that uses it as a rep stops with one line naming it."""
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "受注日,顧客コード,担当者,金額\n2026-04-01,C1,ALL,100\n2026-04-02,C2,Sato,200\n",
        encoding="utf-8",
    )
    with pytest.raises(RecalcError) as err:
        compute(sample_book, sources={"Orders": SourceRef("Orders", str(orders))})
    assert "ALL" in err.value.message and "orders.csv" in err.value.message
    assert "\n" not in err.value.message


# --- databases ---
def _write_db(con, small: SampleHistory, placeholder: str) -> None:
    cur = con.cursor()
    cur.execute(
        "CREATE TABLE sales (order_date DATE, customer TEXT, sales_rep TEXT, "
        "amount DOUBLE PRECISION, qty DOUBLE PRECISION)"
    )
    rows = [
        (d.date().isoformat() if placeholder == "?" else d.date(), a, r, float(m), float(q))
        for d, a, r, m, q in small.orders.itertuples(index=False)
    ]
    marks = ", ".join([placeholder] * 5)
    cur.executemany(f"INSERT INTO sales VALUES ({marks})", rows)
    con.commit()


def _engine_from(small: SampleHistory, refs: dict[str, SourceRef]):
    accounts = _accounts_sheet(small)
    _, inputs = _external(refs, {"Accounts": accounts}, date(2026, 10, 31))
    settings = PlanSettings(
        kgi=float(small.settings["KGI"]), plan_year=2026, as_of=date(2026, 10, 31)
    )
    return run(inputs.history, settings), inputs


def _engine_raw(small: SampleHistory):
    # The workbook beside the source has no Holidays: the validators assume the closures the
    # orders show (validation.holidays), so the raw rows get the same.
    holidays = with_assumed_holidays(
        empty_frame(HOLIDAY_COLUMNS), day_events([small.orders["date"]]), []
    )
    history = History(
        orders=small.orders,
        accounts=small.accounts.reindex(columns=list(ACCOUNT_COLUMNS)),
        holidays=holidays,
    )
    settings = PlanSettings(
        kgi=float(small.settings["KGI"]), plan_year=2026, as_of=date(2026, 10, 31)
    )
    return run(history, settings)


def test_sqlite_table_and_query(small: SampleHistory, tmp_path: Path) -> None:
    db = tmp_path / "erp.db"
    with sqlite3.connect(db) as con:
        _write_db(con, small, "?")
    raw = _engine_raw(small)
    for url in (
        f"sqlite:///{db}?table=sales",
        # With its quantity: the unit-price flag reads the price per unit from it (a query
        # without it is a different history, its flags rightly without that reading).
        f"sqlite:///{db}?query=SELECT order_date AS 受注日, customer AS 顧客コード, "
        "sales_rep AS 担当者, amount AS 金額, qty AS 数量 FROM sales",
    ):
        got, inputs = _engine_from(small, {"Orders": SourceRef("Orders", url)})
        assert_same_results(raw, got)
        assert not [c for c in inputs.checks if c.severity == "error"]


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL server on a temp folder (Debian's postgresql), stopped after."""
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install routekpi[postgres])")
    bindir = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    if bindir is None or not (bindir / "initdb").exists():
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    # Not under pytest's folder: the server's user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="routekpi-pg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    user = "postgres" if os.geteuid() == 0 else None  # the server refuses to run as root
    if user is not None:
        shutil.chown(folder, user)
        shutil.chown(sock, user)
    prefix = ["runuser", "-u", user, "--"] if user else []
    port = 54329
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "rk", "--no-sync"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(folder / "log"),
            "-o",
            f"-p {port} -k {sock} -c listen_addresses=''",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://rk@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_table_equals_the_raw_rows(small: SampleHistory, postgres: str) -> None:
    import psycopg

    with psycopg.connect(postgres) as con:
        _write_db(con, small, "%s")
    raw = _engine_raw(small)
    got, _ = _engine_from(small, {"Orders": SourceRef("Orders", postgres, table="sales")})
    assert_same_results(raw, got)


def test_the_sql_files_run_on_postgresql_unchanged(small: SampleHistory, postgres: str) -> None:
    """What a warehouse would run: the shipped text on PostgreSQL gives DuckDB's facts."""
    import psycopg

    with psycopg.connect(postgres) as con:
        cur = con.cursor()
        cur.execute("DROP TABLE IF EXISTS orders; DROP TABLE IF EXISTS visits")
        cur.execute(
            "CREATE TABLE orders (date DATE, account TEXT, rep TEXT, amount DOUBLE "
            "PRECISION, quantity DOUBLE PRECISION)"
        )
        cur.execute(
            "CREATE TABLE visits (date DATE, rep TEXT, account TEXT, kind TEXT, outcome TEXT)"
        )
        with cur.copy("COPY orders FROM STDIN") as copy:
            for d, a, r, m, q in small.orders.itertuples(index=False):
                copy.write_row((d.date(), a, r, float(m), float(q)))
        with cur.copy("COPY visits FROM STDIN") as copy:
            for d, r, a, k, o in small.visits.itertuples(index=False):
                copy.write_row(
                    (d.date(), r, None if pd.isna(a) else a, k, None if pd.isna(o) else o)
                )
        con.commit()

        def on_postgres(sql: str) -> pd.DataFrame:
            cur.execute(sql)  # type: ignore[arg-type]
            names = [d.name for d in cur.description or []]
            return pd.DataFrame(cur.fetchall(), columns=names)

        def load(name: str, frame: pd.DataFrame) -> None:
            numeric = pd.api.types.is_numeric_dtype
            types = {c: "BIGINT" if numeric(frame[c]) else "TEXT" for c in frame.columns}
            cur.execute(f"DROP TABLE IF EXISTS {name}")  # type: ignore[arg-type]
            cols = ", ".join(f"{c} {t}" for c, t in types.items())
            cur.execute(f"CREATE TABLE {name} ({cols})")  # type: ignore[arg-type]
            with cur.copy(f"COPY {name} FROM STDIN") as copy:  # type: ignore[arg-type]
                for row in frame.itertuples(index=False):
                    copy.write_row([None if pd.isna(v) else v for v in row])

        as_of = date(2026, 9, 15)
        got = facts_from_sql(on_postgres, as_of)
        got = with_usage(got, on_postgres, load, small.accounts, 4)
    want = build_facts(small.orders, small.visits, as_of)
    assert_same_facts(want, got)
    # usage.sql on PostgreSQL gives DuckDB's sums.
    con = sql_views(small.orders)
    here = with_usage(got, lambda sql: con.execute(sql).df(), con.register, small.accounts, 4)
    assert here.usage is not None and got.usage is not None and len(here.usage)
    assert got.usage_basis == here.usage_basis
    pd.testing.assert_frame_equal(got.usage, here.usage, check_exact=True)


def test_an_unknown_visit_word_in_a_file_is_one_check_per_word_with_the_accepted_words(
    tmp_path: Path,
) -> None:
    """An SFA's own activity words in a CSV and in an .xlsx export: one Check per word (at
    its first line, with its line count), naming the column as the export wrote it and every
    word the column accepts — the same Check the Visits sheet gives for the same rows; and
    calls (電話, TEL) are the sheet's one info line, read and not counted."""
    import openpyxl

    from routekpi.schema import VISIT_KINDS
    from routekpi.validation.tables import choice_words

    orders = _orders_csv(
        tmp_path / "o.csv", ["受注日,顧客コード,担当者,金額", "2025-04-01,C1,佐藤,100"], "utf-8"
    )
    rows: list[list[object]] = [
        ["訪問日", "担当者", "顧客コード", "種別", "結果"],
        ["2025-04-01", "佐藤", "C1", "訪問", ""],
        ["2025-04-02", "佐藤", "C1", "打合せ", ""],  # line 3: unknown, required → skipped
        ["2025-04-03", "佐藤", "C1", "納品", "要確認"],  # line 4: unknown outcome → value dropped
        ["2025-04-04", "佐藤", "C1", "打合せ ", ""],  # line 5: the same word to the parser
        ["2025-04-05", "佐藤", "C1", "来店", ""],  # line 6: another word
        ["2025-04-06", "佐藤", "C1", "ｱﾎﾟ取り", ""],  # line 7: アポ取り, an attempt
        ["2025-04-07", "佐藤", "C1", "電話", ""],  # lines 8–10: contacts, read, not counted
        ["2025-04-07", "佐藤", "C1", "TEL", ""],
        ["2025-04-08", "佐藤", "C1", "電話", ""],
    ]
    csv_path = tmp_path / "v.csv"
    csv_path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    book.save(tmp_path / "v.xlsx")
    words = choice_words("kind")
    # Every declared word is offered, the contacts (read, not counted) too.
    assert all(w in words for aliases in VISIT_KINDS.values() for w in aliases if not w.isascii())
    want = [
        (3, "D 種別", "打合せ", "unknown_choice_rows", "error", "2", "3, 5", "種別", words),
        (4, "E 結果", "要確認", "unknown_outcome_rows", "warn", "1", "4", "結果",
         choice_words("outcome")),
        (6, "D 種別", "来店", "unknown_choice_rows", "error", "1", "6", "種別", words),
    ]  # fmt: skip
    for name in ("v.csv", "v.xlsx"):
        visits = SourceRef("Visits", str(tmp_path / name))
        _, inputs = _external({"Orders": orders, "Visits": visits}, {}, date(2025, 4, 30))
        got = [
            (c.row, c.column, c.value, c.problem, c.severity, *c.params.values())
            for c in inputs.checks
            if c.sheet == name and c.problem.startswith(("unknown_choice", "unknown_outcome"))
        ]
        assert [g[:5] for g in got] == [w[:5] for w in want], name
        # times, rows, field, choices (a kind's message then names the Words sheet)
        assert [g[6:10] for g in got] == [w[5:] for w in want], name
        skipped = [
            c.params["count"]
            for c in inputs.checks
            if c.sheet == name and c.problem in SKIPPED_PROBLEMS
        ]
        assert skipped == [3], name  # lines 3, 5 and 6; line 4 is used
        # The contacts: one info line, word by word, most rows first.
        (said,) = [c for c in inputs.checks if c.problem == "contacts_not_counted"]
        assert (said.sheet, said.params["count"], said.params["words_ja"]) == (
            name,
            "3",
            "「電話」2行: 8, 10行目, 「TEL」1行: 9行目",
        )
    # The same rows on the Visits sheet: the same Checks, row for line.
    sheet = RawSheet(name="Visits", rows=[r[:] for r in rows])
    _, inputs = _external({"Orders": orders}, {"Visits": sheet}, date(2025, 4, 30))
    got = [
        (c.row, c.column, c.value, c.problem, c.severity, *c.params.values())
        for c in inputs.checks
        if c.sheet == "Visits" and c.problem.startswith(("unknown_choice", "unknown_outcome"))
    ]
    assert [g[:5] for g in got] == [w[:5] for w in want]
    assert [g[6:10] for g in got] == [w[5:] for w in want]
    (on_sheet,) = [c for c in inputs.checks if c.problem == "contacts_not_counted"]
    assert on_sheet.params == said.params


def test_rows_with_only_an_unknown_word_leave_room_for_the_other_problems(
    tmp_path: Path,
) -> None:
    """1,500 rows of an SFA word the column does not know, then a row with a blank rep: the
    word is one Check, the blank rep is listed at its line, and no "N more not listed" line
    counts the word's rows again — the same Checks, in the same order, as the Visits sheet."""
    orders = _orders_csv(
        tmp_path / "o.csv", ["受注日,顧客コード,担当者,金額", "2025-04-01,C1,佐藤,100"], "utf-8"
    )
    rows = [["訪問日", "担当者", "顧客コード", "種別", "結果"]]
    rows += [["2025-04-01", "佐藤", "C1", "打合せ", ""] for _ in range(1500)]
    rows += [["2025-04-02", "佐藤", "C1", "訪問", ""], ["2025-04-03", "", "C1", "訪問", ""]]
    path = tmp_path / "v.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    refs = {"Orders": orders, "Visits": SourceRef("Visits", str(path))}
    _, from_file = _external(refs, {}, date(2025, 4, 30))
    sheet = {"Visits": RawSheet(name="Visits", rows=[r[:] for r in rows])}
    _, from_sheet = _external({"Orders": orders}, sheet, date(2025, 4, 30))

    def said(checks: list[Check], label: str) -> list[tuple[object, ...]]:
        return [(c.row, c.column, c.problem) for c in checks if c.sheet == label and c.row]

    assert said(from_file.checks, "v.csv") == [
        (2, "D 種別", "unknown_choice_rows"),
        (1503, "B 担当者", "blank"),
    ]
    assert said(from_file.checks, "v.csv") == said(from_sheet.checks, "Visits")
    assert not [c for c in from_file.checks if c.problem == "more_not_listed"]


def test_a_database_source_is_named_as_typed_without_its_password() -> None:
    """walk46: urlunsplit dropped the "//" of a host-less URL (sqlite:///erp.db read
    "sqlite:/erp.db" on Checks and the status line) and a ?table= on the URL went unnamed."""
    from routekpi.sources.base import SourceRef

    def label(location: str, table: str | None = None) -> str:
        return SourceRef("Accounts", location, table).label

    assert label("sqlite:///erp.db?table=customers") == "sqlite:///erp.db customers"
    assert label("sqlite:///erp.db", "customers") == "sqlite:///erp.db customers"
    assert (
        label("postgresql://sales:secret@db.local:5432/erp")
        == "postgresql://sales@db.local:5432/erp"
    )
    assert label("postgresql://db.local/erp?query=SELECT%20*%20FROM%20o") == (
        "postgresql://db.local/erp SELECT * FROM o"
    )
