"""The validated inputs when some history comes from files or databases.

``external_history`` is the one hook the recalculation calls: given the workbook as read and
the sources named (Sources sheet, command line), it validates every input with the sheets'
rules, runs the cross-sheet checks (repeated order lines, unknown accounts and reps, dates
after the as-of day) as SQL, and — once the as-of date is decided — aggregates orders and
visits to the compact history. Orders and visits never become pandas rows.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from routekpi.contract import REP_CODE_KEY, SKIPPED_PROBLEMS, typed_rows, with_more_skipped
from routekpi.core.calendar import MON_FRI, BusinessCalendar, leave_spans
from routekpi.core.chain_exit import stopped_together, with_stopped_chains
from routekpi.core.handover import PROSPECTING_KINDS, move_accounts
from routekpi.core.held import held_accounts
from routekpi.core.history import (
    ACCOUNT_COLUMNS,
    HOLIDAY_COLUMNS,
    LEAVE_COLUMNS,
    NOTE_COLUMNS,
    ORDER_COLUMNS,
    PRODUCT_MAKER,
    PRODUCT_MONTH_COLUMNS,
    VISIT_COLUMNS,
    History,
    HistoryFacts,
    empty_frame,
)
from routekpi.core.lapse import (
    NAME_LINE_COLUMNS,
    SALE_SQL,
    derive_accounts,
    derive_accounts_from_facts,
    end_record,
    flagged_ends,
    is_partial,
    latest_names,
    master_lapses,
    rule_params,
    typed_ends,
    visited_breaks,
    with_names,
    with_typed,
)
from routekpi.core.lumps import lump_order_frame, lump_orders_sql, months_of
from routekpi.core.price_index import with_makers
from routekpi.core.succession import successions
from routekpi.messages import MESSAGES, text
from routekpi.schema import (
    ACCOUNT_NAME_KEY,
    ACCOUNTS,
    COLLECTED_VISITS,
    HOLIDAYS,
    LEAVE,
    NOT_COUNTED_KINDS,
    NOTES,
    OLD_ACCOUNT_KEY,
    ORDER_COUNT_KEY,
    ORDERS,
    OVERRIDES,
    REP_WEIGHTS,
    VISITS,
    WORDS,
    SheetSpec,
)
from routekpi.sources.base import Loaded, ReadContext, SourceRef
from routekpi.sources.handover import hand_over_views, sql_in_list, standing_in
from routekpi.sources.sqltext import (
    duckdb_frame,
    facts_from_sql,
    lifetimes_from_sql,
    parameters,
    render,
    rhythm_frame,
    with_cover_months,
    with_ended_months,
    with_handover_months,
    with_held_months,
    with_step_months,
    with_usage,
    with_won_months,
)
from routekpi.sources.stack_notes import folded_stack_rows
from routekpi.sources.stacked import stacked_orders
from routekpi.sources.tabular import (
    MAX_ROW_CHECKS,
    SheetSource,
    TableSource,
    keyed_rows,
    load_frame_sheet,
)
from routekpi.validation import name_dates
from routekpi.validation.cells import parse_text, parse_text_column
from routekpi.validation.holidays import with_assumed_holidays
from routekpi.validation.leave import check_leave, recount_leave_days
from routekpi.validation.monthly import MONTH_ROW_KEY, NOT_IN_SUMMARY, counted_sql
from routekpi.validation.renumbered import (
    SPAN_COLUMNS,
    ShopsRenumbered,
    closed_rows,
    code_switch,
    earlier_starts,
    header_of,
    held_before_history,
    last_old_day,
    name_twins,
    old_codes,
    shops_renumbered,
    with_closed,
)
from routekpi.validation.reps import (
    code_names,
    coded_reps,
    coded_reps_check,
    listed_codes,
    name_aliases,
    one_rep_spelling,
    reps_sheet_codes_check,
    without_codes,
)
from routekpi.validation.same_address import address_ends_from_days
from routekpi.validation.same_visit import (
    collected_read_check,
    collected_sheet_checks,
    kept_rows,
    pasted_export,
)
from routekpi.validation.status_flag import dormant_checks, dormant_of, with_status_flag
from routekpi.validation.succession import (
    as_renumbered,
    candidates,
    old_names,
    succession_check,
)
from routekpi.validation.tables import (
    LINE_KEY,
    LISTED_AFTER_AS_OF,
    LISTED_ROWS,
    NAME_RANKS,
    SLIP_KEYS,
    Check,
    InputError,
    Inputs,
    after_as_of,
    check_accounts,
    customer_meetings_counted,
    departed_rep_checks,
    duplicate_reason,
    empty_table,
    flagged_check,
    keyed_by_name,
    listed_rows,
    master_lapsed_check,
    master_seasonal_check,
    name_keyed_accounts,
    partial_master_check,
    read_table,
    read_words,
    zeros_dropped,
    zeros_dropped_check,
)
from routekpi.validation.unit_slip import month_stats_columns, slip_months, slip_parts
from routekpi.validation.visit_names import (
    Unmatched,
    VisitNames,
    blank_codes,
    kinds_tell,
    match_names,
    name_codes,
    named_codes,
    near_names,
    overlap_check,
    said,
    said_blank,
    said_once,
    unplaced,
)
from routekpi.validation.weekdays import orders_on_days_off

if TYPE_CHECKING:
    import duckdb

    from routekpi.io.reader import WorkbookData

# DuckDB's own memory cap: past it, joins and aggregates spill to a temp folder, so a long
# history costs disk, not RAM (the run's whole peak is measured by scripts/bench.py).
DUCKDB_MEMORY = "384MB"
# The rows a sheet can hold (below the header): up to this size a file source is checked
# exactly as the same rows on a sheet would be.
SHEET_ROWS = 1_048_575


def source_status(refs: Mapping[str, SourceRef]) -> str:
    """Where the history came from, for the status line: "Orders=orders.parquet, …"."""
    return ", ".join(f"{name}={ref.label}" for name, ref in refs.items())


@dataclass
class ExternalHistory:
    """Inputs validated, orders and visits still in DuckDB until the as-of date is known.

    ``preview``: the history without facts rows (dates span, accounts, holidays, notes) — all
    that deciding the as-of date and plan year needs. ``inputs(as_of)`` aggregates.
    """

    preview: History
    refs: dict[str, SourceRef]
    _con: duckdb.DuckDBPyConnection
    _checks: list[Check]
    _overrides: pd.DataFrame
    _rep_weights: dict[str, float]
    _rows_read: int
    _derive_as_of: date | None  # derive accounts from orders (no Accounts), lapse at this day
    _temp: Path
    _span: pd.DataFrame | None = None  # span.sql's result (it does not depend on the as-of date)
    # The validated rows (with ``line``) of orders and visits (None: no visits input), the
    # visits as the engine reads them (a meeting at a held customer a visit: core.meetings).
    _relations: dict[str, str | None] = field(default_factory=dict)
    # The visit rows with the kind as typed: the raw rows (``raw_inputs``) are these, as a
    # sheet's validated rows are, so ``collect`` compares a returned 商談 with the stored one.
    _typed_visits: str | None = None
    _closed: bool = field(default=False)
    # The as-of date was asked for (typed): visits count as contact to it only; else visits
    # after the as-of date (the last order) count to the last visit (History.contact_through).
    _as_of_typed: bool = field(default=False)
    # A partial Accounts sheet (core.lapse.is_partial): its accounts, put in place of the
    # derived ones; None: no sheet or the customer master.
    _typed: pd.DataFrame | None = field(default=None)
    # The orders' rhythm to the derivation day (core.lapse.order_rhythm, order_rhythm.sql).
    _rhythm: pd.DataFrame | None = field(default=None)
    # order_rhythm.sql's rows behind ``_rhythm`` and their day: the facts' own rhythm when
    # summed as of that day (HistoryFacts.order_rhythm), not read twice.
    _rhythm_rows: tuple[date, pd.DataFrame] | None = field(default=None)
    # Each account's name from the lines (core.lapse.latest_names): for derived accounts.
    _names: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    # The orders and visits per day: a blank AsOf's nearly empty last day is read on them as
    # on pasted rows (validation.period.thin_last_day).
    day_counts: dict[date, int] = field(default_factory=dict)

    def inputs(
        self,
        as_of: date,
        fiscal_start_month: int = 4,
        handover_by: date | None = None,
        year_start: date | None = None,
    ) -> Inputs:
        """The validated Inputs, orders and visits aggregated as of ``as_of``; usage to date
        summed per rep × month for fiscal years starting in ``fiscal_start_month``; departed
        reps judged as of ``handover_by`` (default ``as_of``; core.handover.handover_day);
        ``year_start`` the plan year's first day (core.handover.decide)."""
        try:
            done = {"span": self._span} if self._span is not None else {}
            if self._rhythm_rows is not None and self._rhythm_rows[0] == as_of:
                done["order_rhythm"] = self._rhythm_rows[1]
            # Who has left and who serves the accounts the sheet still gives them, on the
            # lines as they are (core.engine.run reads it first on raw rows too); then a
            # departed rep's rows move to the accounts' current owners before any sum.
            spans = leave_spans(self.preview.leave)
            now = standing_in(self._con, as_of, self.preview.accounts, spans)
            accounts, handed, own = hand_over_views(
                self._con,
                self._relations,
                handover_by or as_of,
                move_accounts(self.preview.accounts, now.moves),
                year_start,
                spans,  # a colleague's cover is no handover
                now.departed,  # who left before the plan year (core.handover.left_before_year)
            )
            # The visit side to the contact day, as raw rows count it (contact_through): with
            # a blank AsOf, visits typed after the as-of date (the last order) are contact.
            end = self.preview.history_end()
            contact = as_of if self._as_of_typed or end is None else max(as_of, end)
            facts = facts_from_sql(
                lambda sql: duckdb_frame(self._con, sql),
                as_of,
                {**done, "own_first": own},
                contact=contact,
                rhythm=False,  # the accounts are derived below with ``_rhythm``, or typed
            )
            facts = replace(facts, standing=now)
            history = replace(self.preview, facts=facts, accounts=accounts, handover=handed)
            if self._derive_as_of is not None or not len(history.accounts):
                day = self._derive_as_of or facts.last or as_of
                # A blank AsOf's nearly empty last day is left out of the sums (the facts end
                # the day before) but not of the accounts: derived at the last order, as the
                # pasted rows' are (validation.tables), on its lifetimes.
                read = facts
                if not facts.complete_through(day):
                    life = lifetimes_from_sql(lambda sql: duckdb_frame(self._con, sql), day)
                    read = replace(facts, as_of=day, lifetimes=life)
                derived = derive_accounts_from_facts(read, day, rhythm=self._rhythm)
                typed = derived if self._typed is None else with_typed(derived, self._typed)
                history = replace(
                    history,
                    accounts=with_names(typed, self._names),
                    accounts_derived=True,
                    kept_ends=typed_ends(self._typed),
                )
                # A chain's stores that stopped together: ended after their last orders, but
                # for those on a seasonal break by the rhythm the accounts were derived with.
                chained = with_stopped_chains(
                    replace(history, facts=read), day, rhythm=self._rhythm
                )
                history = replace(history, accounts=chained.accounts)
            facts = with_usage(
                facts,
                lambda sql: self._con.execute(sql).df(),
                self._con.register,
                history.accounts,
                fiscal_start_month,
                history,
            )
            # The accounts taken over during the plan year, per rep and month: the Review
            # splits the givers' revenue with them as it does with the rows.
            facts = with_handover_months(
                facts, lambda sql: self._con.execute(sql).df(), self._con.register, handed
            )
            # The accounts ended by the as-of date, per account and month: what the plan's
            # baseline takes out of a material lost account, as it does from the rows.
            facts = with_ended_months(
                facts, lambda sql: self._con.execute(sql).df(), self._con.register, history.accounts
            )
            # The material wins' accounts (core.won), read the same way as the ended ones.
            facts = with_won_months(
                facts, lambda sql: self._con.execute(sql).df(), self._con.register
            )
            # The candidates for a material account's step down (core.account_step), per
            # account and month, as from the rows (trial 47 H1).
            facts = with_step_months(
                facts, lambda sql: self._con.execute(sql).df(), self._con.register
            )
            # Colleagues' visits on a holder's leave days (cover, core.at_work), as from the rows.
            facts = with_cover_months(
                facts,
                lambda sql: self._con.execute(sql).df(),
                self._con.register,
                history.accounts,
                history.leave,
            )
            # The book each rep holds on the as-of date, per holder, end and month: his
            # year-end forecast from it (core.held), as from the rows.
            facts = with_held_months(
                facts,
                lambda sql: self._con.execute(sql).df(),
                self._con.register,
                held_accounts(history, as_of),
            )
        finally:
            self.close()
        history = replace(history, facts=facts)
        checks = list(self._checks)
        if handed is not None:  # a departed rep is no spelling slip (validation.tables)
            checks = departed_rep_checks(checks, handed.last_seen)
        return Inputs(history, self._overrides, self._rep_weights, checks, self._rows_read)

    def raw_inputs(self) -> Inputs:
        """The validated Inputs with the order and visit rows themselves (in file order, the
        dtypes of the sheet validator, the visit kinds as typed) instead of facts: for the
        backtest, which cuts the history at each fiscal year and reads meetings as the engine
        does (core.meetings), and for ``collect``, which compares returned rows with these.
        The rows are held in memory, as a sheet's would be."""
        try:
            frames = {}
            typed = {"orders": self._relations.get("orders"), "visits": self._typed_visits}
            for key, spec in (("orders", ORDERS), ("visits", VISITS)):
                rel = typed[key]
                if rel is None:
                    frames[key] = empty_table(spec)
                    continue
                table = self._con.sql(f"SELECT * FROM {rel} ORDER BY line").to_arrow_table()
                frames[key] = _canonical(table, spec)
        finally:
            self.close()
        orders = frames["orders"][list(ORDER_COLUMNS)]
        history = replace(
            self.preview,
            orders=orders,
            visits=frames["visits"][list(VISIT_COLUMNS)],
            facts=None,
        )
        if self._derive_as_of is not None or not len(history.accounts):
            day = self._derive_as_of or history.last_date() or date.today()
            derived = derive_accounts(orders, day, first_event=history.first_date())
            typed = derived if self._typed is None else with_typed(derived, self._typed)
            history = replace(
                history,
                accounts=with_names(typed, self._names),
                accounts_derived=True,
                kept_ends=typed_ends(self._typed),
            )
            history = with_stopped_chains(history, day)  # as the sheets' (core.chain_exit)
        checks = list(self._checks)
        return Inputs(history, self._overrides, self._rep_weights, checks, self._rows_read)

    def close(self) -> None:
        """Release DuckDB and the temp folder (transcoded files, spill)."""
        if not self._closed:
            self._con.close()
            shutil.rmtree(self._temp, ignore_errors=True)
            self._closed = True


def external_history(
    data: WorkbookData,
    refs: Mapping[str, SourceRef],
    *,
    as_of: date | None = None,
    drop_identical: bool = False,
    today: date | None = None,
    listed_reps: Sequence[str] = (),
    weekdays: frozenset[int] = MON_FRI,
) -> ExternalHistory:
    """Validate the workbook's sheets and the named sources together (see module doc).

    ``as_of``: the as-of date asked for (None: the end of the history); ``drop_identical``:
    the IdenticalOrderLines setting; ``listed_reps``: the Reps sheet's names (their
    spelling is shown, validation.reps); ``weekdays``: the working weekdays (Settings
    WorkingDays). Raises InputError like the sheet validator.
    """
    import duckdb

    temp = Path(tempfile.mkdtemp(prefix="routekpi-sources-"))
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    con.execute(f"SET temp_directory = '{temp / 'spill'}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # stdout is the user's (--json)
    ctx = ReadContext(today=today or date.today(), date1904=data.date1904, temp_dir=temp)
    try:
        return _assemble(
            con, data, dict(refs), ctx, as_of, drop_identical, temp, listed_reps, weekdays
        )
    except BaseException:
        con.close()
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _assemble(
    con: duckdb.DuckDBPyConnection,
    data: WorkbookData,
    refs: dict[str, SourceRef],
    ctx: ReadContext,
    as_of: date | None,
    drop_identical: bool,
    temp: Path,
    listed_reps: Sequence[str] = (),
    weekdays: frozenset[int] = MON_FRI,
) -> ExternalHistory:
    from routekpi.validation.sheets import missing_sheet_params

    checks: list[Check] = []
    rows_read = 0
    stacks: dict[str, list[_Part]] = {}  # a stacked input's label → its files' line ranges
    tables: list[Loaded] = []  # the inputs read from one database table or query each

    def load(spec: SheetSpec) -> Loaded | None:
        nonlocal rows_read
        ref = refs.get(spec.name)
        if ref is not None and ref.more:  # several Sources rows: one under another
            loaded, stacks[ref.label] = _load_stacked(con, ref, spec, checks, ctx)
        elif ref is not None:
            loaded = TableSource(ref, spec).load(con, checks, ctx)
            checks.append(_source_used(spec, loaded))
            if loaded.rows_at:  # a database's rows: named by key at the end (keyed_rows)
                tables.append(loaded)
        else:
            raw = data.sheets.get(spec.name)
            if raw is None:
                params = missing_sheet_params(spec, data.user_sheets)
                if spec is ORDERS:
                    raise InputError("err.missing_input_sheet", **params)
                checks.append(
                    Check(spec.name, None, "", None, "input_sheet_missing", params, "warn")
                )
                return None
            loaded = SheetSource(raw, spec).load(con, checks, ctx)
        rows_read += loaded.rows_read
        return loaded

    def small(spec: SheetSpec) -> pd.DataFrame:
        nonlocal rows_read
        raw = data.sheets.get(spec.name)
        if raw is None:
            params = missing_sheet_params(spec, data.user_sheets)
            checks.append(Check(spec.name, None, "", None, "input_sheet_missing", params, "warn"))
            return empty_table(spec)
        rows_read += raw.height if raw.columns is not None else max(len(raw.rows) - 1, 0)
        frame, _ = read_table(spec, raw, checks, date1904=ctx.date1904, today=ctx.today)
        return frame

    orders = load(ORDERS)
    if orders is not None and orders.label in stacks:  # lines per slip, tax basis (trial 49)
        orders = stacked_orders(con, orders, stacks[orders.label], checks)
    if orders is not None and orders.external:  # a sheet's lines: pipeline.compute
        _unit_slip(con, orders, stacks.get(orders.label), refs.get(ORDERS.name), checks)
    # The company's own kind words, before the visits read them (optional, like Leave).
    raw_words = data.sheets.get(WORDS.name)
    words = read_words(raw_words, checks, date1904=ctx.date1904, today=ctx.today)
    if raw_words is not None:  # counted as read, as the sheet validator counts it
        rows_read += (
            max(len(raw_words.rows) - 1, 0) if raw_words.columns is None else raw_words.height
        )
    ctx = replace(ctx, words=words)
    visits = load(VISITS)
    # And the visits collect kept beside them: beside a visits source, or an SFA export
    # pasted on the Visits sheet (trial 45 H2: as the sheet reader does, one key for both).
    beside = visits is not None and (visits.external or pasted_export(data.sheets.get(VISITS.name)))
    if visits is not None and beside:
        visits, collected = _with_collected(con, data, visits, stacks, checks, ctx)
        rows_read += collected
    accounts_src = load(ACCOUNTS)
    if accounts_src is not None and ACCOUNTS.name in refs:
        checks += _sheet_unread(data, ACCOUNTS, accounts_src.label)
    holidays = small(HOLIDAYS)
    overrides = small(OVERRIDES)
    weights = small(REP_WEIGHTS)
    notes = small(NOTES)
    # Optional and newer than most books: a book without it is not told it is missing.
    raw_leave = data.sheets.get(LEAVE.name)
    leave, leave_rows = (
        read_table(LEAVE, raw_leave, checks, date1904=ctx.date1904, today=ctx.today)
        if raw_leave is not None
        else (empty_table(LEAVE), np.array([], dtype=np.int64))
    )
    assert orders is not None  # load raises for a missing Orders input
    # The rep code decides a row's rep where one is read, as on the sheets (validation.reps).
    (orders, visits, accounts_src), aliases = _key_by_code(
        con, (orders, visits, accounts_src), listed_reps, checks
    )
    # One rep however the spaces in his name were typed, as on the sheets (validation.reps);
    # a name given under one rep code only is that code's rep on the rows without a code.
    orders, visits, accounts_src, (overrides, weights, notes, leave) = _one_rep_spelling(
        con,
        (orders, visits, accounts_src),
        (overrides, weights, notes, leave),
        listed_reps,
        checks,
        aliases,
    )

    # An ERP migration's old codes (the master's 旧得意先コード) read as the current ones on
    # every order and visit line, before anything reads them (validation.renumbered).
    old_until: pd.Timestamp | None = None  # the last day a line carried an old code
    aliases: list[tuple[object, object]] = []  # handed-on accounts' old names (trial 54 M1)
    unsafe: frozenset[str] = frozenset()  # old codes typed and not read: unknown, not ended
    if accounts_src is not None and not keyed_by_name(checks, orders.label):
        # None typed: a group's shops renumbered, told by their names (trial 51 M1).
        accounts_src, orders, visits = _shops_renumbered(con, accounts_src, orders, visits, checks)
        orders, visits, old_until, unsafe = _renumbered(con, accounts_src, orders, visits, checks)
        # A business handed on under a new code at one address: one place (trial 54 M1).
        accounts_src, orders, visits, aliases = _successions(
            con, accounts_src, orders, visits, checks
        )
    if old_until is None and not keyed_by_name(checks, orders.label):
        # Codes renumbered with no old-code column to say so (validation.renumbered).
        switch = code_switch(*_first_last(con, orders.relation))
        if switch is not None:
            label = accounts_src.label if accounts_src is not None else ACCOUNTS.name
            checks.append(_named(switch, ACCOUNTS, label))
    if visits is not None:  # a visit log typed with names read under the codes (trial 49 H1)
        visits = _visits_by_name(con, accounts_src, orders, visits, checks, aliases)
    numbered = _numbered(con, orders)
    # A database table has no row numbers a user can go to: its repeats are named by key.
    ref = refs.get(ORDERS.name)
    keyed = ref is not None and ref.is_url and not ref.more
    orders_rel = _dedupe(
        con, orders, checks, drop_identical=drop_identical, has_id=numbered, keyed=keyed
    )
    # The prices like for like, per product, before a slip's lines become one order.
    products = _product_months(con, orders_rel, orders)
    orders_rel = _merge_slips(con, orders_rel, orders, checks) if numbered else orders_rel
    # A row of N orders (a monthly summary's 配送回数) as N order rows (validation.monthly).
    orders_rel = _counted(con, orders_rel)
    # The rare large orders (core.lumps), on whole orders.
    big = lump_order_frame(duckdb_frame(con, lump_orders_sql(orders_rel)))
    lumps = months_of(big)
    accounts = empty_table(ACCOUNTS)
    if accounts_src is not None:
        query = f"SELECT * FROM {accounts_src.relation} ORDER BY line"
        table = con.sql(query).to_arrow_table()
        rows = table.column("line").to_numpy().astype(np.int64)
        frame = _canonical(table, ACCOUNTS)
        mine: list[Check] = []
        ordered = None
        if keyed_by_name(checks, orders.label):  # as on the sheets (validation.tables)
            frame = name_keyed_accounts(frame)
            lines = [orders_rel, *([visits.relation] if visits is not None else [])]
            ordered = {
                str(a)
                for rel in lines
                for (a,) in con.execute(
                    f"SELECT DISTINCT account FROM {rel} WHERE account IS NOT NULL"
                ).fetchall()
            }
        accounts, backwards = check_accounts(frame, rows, mine, accounts_src.columns, ordered)
        # Each code's first row: where a start taken back to its first order is said (below).
        codes = frame["account"].astype(str).tolist()
        account_at = dict(zip(reversed(codes), reversed(rows.tolist()), strict=True))
        for check in mine:
            _add_check(checks, _named(check, ACCOUNTS, accounts_src.label))
        skipped_accounts = set(accounts_src.skipped.get("account", set())) | backwards
    else:
        skipped_accounts = set()
    # A partial Accounts sheet is notes on some accounts, the rest derived (core.lapse).
    customers = int(
        con.execute(
            f"SELECT COUNT(DISTINCT account) FROM {orders_rel} WHERE account IS NOT NULL"
        ).fetchall()[0][0]
    )
    typed: pd.DataFrame | None = None
    if accounts_src is not None and is_partial(len(accounts), customers):
        typed, accounts = accounts, empty_table(ACCOUNTS)
    derived = accounts_src is None or not len(accounts)
    visits_in = visits.relation if visits is not None else None
    # The customers that ended before the migration, not on the new master: ended accounts
    # (validation.renumbered), added once the master's own ends are read.
    master_codes = set(accounts["account"].astype(str)) | skipped_accounts
    until = None if derived or typed is not None else old_until
    if not derived:
        # Codes Excel cut the leading zeros of read as their Accounts code, as on a sheet.
        known = set(accounts["account"]) | skipped_accounts
        orders_rel = _match_dropped_zeros(con, orders_rel, orders, known, checks)
        if visits is not None:
            visits_in = _match_dropped_zeros(con, visits.relation, visits, known, checks)
    from_orders_codes: set[str] = set()  # accounts whose start is their first order
    if accounts_src is not None:
        # A start after the account's first order (a migration's conversion day) is no win;
        # after the zeros are matched: 777's orders are 0777's, its first order 0777's start
        # (zeros48: 0777 typed 2025-07-01 with 777's orders from 2024-01 was won in FY2025).
        master = typed if typed is not None else accounts
        spans = _order_spans(con, orders_rel, master)
        master, said = earlier_starts(master, spans, account_at, accounts_src.columns)
        from_orders_codes = set(spans["account"].astype(str))
        if typed is not None:
            typed = master
        else:
            accounts = master
        for check in said:
            _add_check(checks, _named(check, ACCOUNTS, accounts_src.label))
    # After the zeros are matched (777 of 0777 is no other customer), as on a sheet.
    closed = _closed_before(con, orders_rel, master_codes | unsafe, until)

    # Each account's name from the lines' customer-name column (core.lapse.latest_names): for
    # the accounts the Accounts input leaves without one, as the sheet validator does.
    names = _line_names(con, [(orders, orders_rel), (visits, visits_in)])
    if len(accounts):
        accounts = with_names(accounts, names)
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW orders AS SELECT {', '.join(ORDER_COLUMNS)} FROM {orders_rel}"
    )
    visits_rel = None
    quotes = visits.quote_lines if visits is not None else ""  # a quote register's lines
    if visits is not None and visits_in is not None:
        visits_rel = _customer_meetings(con, visits_in, orders_rel, accounts, derived, quotes)
        for said in _customer_meetings_check(con, visits_in, visits_rel, visits.label, quotes):
            checks.append(said)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW visits AS SELECT "
            f"{', '.join(VISIT_COLUMNS)} FROM {visits_rel}"
        )
    else:
        con.execute(
            "CREATE OR REPLACE TEMP VIEW visits AS SELECT CAST(NULL AS DATE) AS date, "
            "CAST(NULL AS VARCHAR) AS rep, CAST(NULL AS VARCHAR) AS account, "
            "CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS VARCHAR) AS outcome LIMIT 0"
        )
    span_frame = duckdb_frame(con, render("span", {}))
    span = span_frame.iloc[0]
    if pd.isna(span["last_order"]):
        if ORDERS.name in refs:  # a file or query: the Orders sheet is not where to look
            # Several files: their own Checks name them (``_load_stacked``).
            names = {orders.label, *(p.label for p in stacks.get(orders.label, []))}
            bad = [c for c in checks if c.sheet in names and c.severity == "error"]
            if bad and bad[0].row is not None:
                first = bad[0]
                raise InputError(
                    "err.source_no_good_orders",
                    source=orders.label,
                    row=first.row if first.sheet == orders.label else f"{first.sheet} {first.row}",
                    column=first.column,
                    value=first.value,
                )
            raise InputError("err.source_no_orders", source=orders.label)
        raise InputError("no_history")
    last_order = pd.Timestamp(span["last_order"]).date()
    # The lapse rule's day and each account's order rhythm to it (core.lapse).
    day = as_of or last_order
    # A customer master's accounts only when it does not record its customers' ends, which
    # their last orders tell (core.lapse.end_record); a master that does is read as typed.
    first = pd.Timestamp(span["first_order"])
    record = None
    if not derived and typed is None:
        last = duckdb_frame(con, render("last_orders", {"as_of": day}))
        last = pd.Series(
            pd.to_datetime(last["last"]).astype("datetime64[ns]").to_numpy(),
            index=pd.Index(last["account"].astype(str), dtype=object),
        )
        # A master's closure flag (休止) without an end date: ended after the last order;
        # a status column (取引区分 取引停止, trial 52 M7) by its words.
        flag_column = accounts_src.columns.get("inactive", "") if accounts_src else ""
        dormant = dormant_of(accounts, flag_column, last, day)  # 休眠 (trial 53 M2)
        label = accounts_src.label if accounts_src else ACCOUNTS.name
        checks.extend(dormant_checks(dormant, flag_column, label))
        accounts = with_status_flag(accounts, flag_column, dormant)
        accounts, flagged = flagged_ends(accounts, last, day, first)
        if flagged:
            said = flagged_check(flagged, flag_column)
            checks.append(_named(said, ACCOUNTS, accounts_src.label))
        record = end_record(accounts, last, day, first)
    rhythm_rows = _order_rhythm(con, day) if record is None or record.lapses else None
    lapsed: frozenset[str] = frozenset()  # a master's accounts ended by the lapse rule
    rhythm = rhythm_frame(rhythm_rows) if rhythm_rows is not None else None
    if typed is not None:
        codes = set(typed["account"].astype(str))
        derived_n = int((~rhythm.index.isin(list(codes))).sum()) if rhythm is not None else 0
        checks.append(partial_master_check(len(typed), customers, derived_n))
    elif derived:
        checks.append(
            Check(
                ACCOUNTS.name, None, "", None, "accounts_from_orders_rhythm", rule_params(), "info"
            )
        )
    else:
        _first_unknown(
            con,
            orders_rel,
            orders,
            {
                "account": set(accounts["account"]) | skipped_accounts | set(closed["account"]),
                "rep": set(accounts["rep"]),
            },
            checks,
        )
        # A master's accounts with no end date, silent past the lapse rule: ended by it.
        if rhythm is not None and record is not None and accounts_src is not None:  # lapses
            # A break visited regularly is no break (trial 48 L7: core.lapse.visited_breaks).
            held = visited_breaks(rhythm, _visit_days(con, day))
            accounts, ended, seasonal = master_lapses(accounts, held, day, first)
            lapsed = frozenset(ended)
            # A chain's stores so ended that stopped ordering together: ended the day after
            # their last orders (core.chain_exit), before anything reads the ends; so are
            # its open stores silent for two months (the rule's, as its lapsed ones) — but
            # not one on its seasonal break, by the very rhythm the rule held it for (trial
            # 53 H2: schools buying in March–April read as three chains gone in May).
            accounts, moved = stopped_together(accounts, held["last"], lapsed, day, held)
            lapsed |= moved
            # Named as the input is (得意先マスタ.csv), as its other checks are.
            if seasonal:
                said = master_seasonal_check(held, seasonal)
                checks.append(_named(said, ACCOUNTS, accounts_src.label))
            if ended:
                said = master_lapsed_check(accounts, ended, record)
                checks.append(_named(said, ACCOUNTS, accounts_src.label))
        # A new account at a silent one's address: the old one closed (core.same_address).
        typed_address = "address" in accounts.columns and accounts["address"].notna().any()
        if accounts_src is not None and typed_address:
            spans = duckdb_frame(con, render("order_spans", {"as_of": day}))
            by = pd.Index(spans["account"].astype(str), dtype=object)
            said_here: list[Check] = []
            accounts = address_ends_from_days(
                accounts,
                pd.Series(pd.to_datetime(spans["first"]).to_numpy(), index=by),
                pd.Series(pd.to_datetime(spans["last"]).to_numpy(), index=by),
                pd.Timestamp(day),
                said_here,
                pd.Series(spans["days"].to_numpy(dtype=float), index=by),
            )
            checks.extend(_named(c, ACCOUNTS, accounts_src.label) for c in said_here)
    if len(closed) and accounts_src is not None:
        old_column = accounts_src.columns.get(OLD_ACCOUNT_KEY, "")
        accounts, said = with_closed(accounts, closed, old_column)
        accounts = with_names(accounts, names)
        if said is not None:
            checks.append(_named(said, ACCOUNTS, accounts_src.label))
    held = None  # those first seen in the history's first days: held from before it
    if accounts_src is not None and not derived:
        events = [span[c] for c in ("first_order", "first_visit") if not pd.isna(span[c])]
        accounts, held = held_before_history(
            accounts,
            from_orders_codes | set(closed["account"].astype(str)),
            pd.Timestamp(span["first_order"]),
            min(pd.Timestamp(e) for e in events) if events else None,
            accounts_src.columns.get("start", ""),
        )
        if held is not None:
            checks.append(_named(held, ACCOUNTS, accounts_src.label))
    if as_of is not None:
        _future(con, orders_rel, orders, as_of, checks)
        if visits is not None:
            _future(con, visits.relation, visits, as_of, checks)

    firsts = [
        pd.Timestamp(span[c]).date() for c in ("first_order", "first_visit") if not pd.isna(span[c])
    ]
    lasts = [
        pd.Timestamp(span[c]).date() for c in ("last_order", "last_visit") if not pd.isna(span[c])
    ]
    placeholder = HistoryFacts(
        as_of=max(lasts),
        first=min(firsts),
        last=max(lasts),
        any_visit=bool(int(span["visit_rows"] or 0) > 0),
        rep_months=empty_frame(("rep",)),
        account_months=None,
        lifetimes=empty_frame(("account",)),
        visits=empty_frame(("rep",)),
        rhythm=empty_frame(("account",)),
        windows=empty_frame(("account",)),
        rep_days=empty_frame(("rep",)),
        orders_last=last_order,
    )
    # Company holidays assumed for the years none is typed for (validation.holidays), from
    # the orders and visits per day, as the sheet validator does.
    # Also what a blank AsOf's nearly empty last day is read on (validation.period). The
    # calls and e-mails (NOT_COUNTED_KINDS) are no event, as the sheets leave them out.
    silent = ", ".join(f"'{k}'" for k in sorted(NOT_COUNTED_KINDS))
    # A monthly summary's 1sts are no days (validation.monthly): left out of the day checks.
    order_columns = [d[0] for d in con.execute(f"SELECT * FROM {orders_rel} LIMIT 0").description]
    dated = f"NOT coalesce({MONTH_ROW_KEY}, FALSE)" if MONTH_ROW_KEY in order_columns else "TRUE"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW order_days AS SELECT date FROM {orders_rel} WHERE {dated}"
    )
    per_day = con.sql(
        "SELECT CAST(date AS DATE), COUNT(*) FROM (SELECT date FROM order_days UNION ALL "
        f"SELECT date FROM visits WHERE kind IS NULL OR kind NOT IN ({silent})) "
        "WHERE date IS NOT NULL GROUP BY 1"
    ).fetchall()
    ((first_order,),) = con.sql("SELECT CAST(MIN(date) AS DATE) FROM order_days").fetchall()
    holidays = with_assumed_holidays(holidays, dict(per_day), checks, weekdays, first_order)
    # The order lines on days off said once (validation.weekdays).
    order_days = con.sql(
        "SELECT CAST(date AS DATE), COUNT(*) FROM order_days WHERE date IS NOT NULL GROUP BY 1"
    ).fetchall()
    orders_on_days_off(dict(order_days), holidays, checks, weekdays)
    if len(leave):
        reps = {r for (r,) in con.sql("SELECT DISTINCT rep FROM orders").fetchall()}
        columns = dict(leave.attrs.get("columns", {}))
        calendar = BusinessCalendar(weekdays=weekdays)
        typed_reps = set(typed["rep"]) if typed is not None else set()
        leave = check_leave(
            leave, leave_rows, reps | set(accounts["rep"]) | typed_reps, checks, columns, calendar
        )
        recount_leave_days(checks, holidays, weekdays)  # the plan's days, holidays in
    preview = History(
        orders=empty_frame(ORDER_COLUMNS),
        visits=empty_frame(VISIT_COLUMNS),
        accounts=accounts.reindex(columns=list(ACCOUNT_COLUMNS)).reset_index(drop=True),
        holidays=holidays[list(HOLIDAY_COLUMNS)].reset_index(drop=True),
        notes=notes.reindex(columns=list(NOTE_COLUMNS)).reset_index(drop=True),
        leave=leave.reindex(columns=list(LEAVE_COLUMNS)).reset_index(drop=True),
        facts=placeholder,
        weekdays=weekdays,
        product_months=products,
        lump_months=lumps,
        lump_orders=big,
        lapsed_ends=lapsed,
        starts_from_orders=held is not None,
    )
    rep_weights = {str(r): float(w) for r, w in zip(weights["rep"], weights["weight"], strict=True)}
    if stacks:  # a line of the files read one under another: named by its file and line
        checks[:] = [_unstacked(c, stacks) for c in checks]
        checks[:] = _folded_stacks(checks, stacks)
        checks[:] = folded_stack_rows(checks, _stack_of(stacks), _stack_rows(stacks))
    if tables:  # a row of a database table by its key, not its place in the query's order
        checks[:] = keyed_rows(con, checks, tables)
    checks[:] = _folded_unknown(checks, stacks)
    return ExternalHistory(
        preview=preview,
        refs=refs,
        _con=con,
        _checks=checks,
        _overrides=overrides,
        _rep_weights=rep_weights,
        _rows_read=rows_read,
        _derive_as_of=(as_of or last_order) if derived else None,
        _as_of_typed=as_of is not None,
        _temp=temp,
        _span=span_frame,
        _relations={"orders": orders_rel, "visits": visits_rel},
        # As typed, a quote register's quotes at customers contacts (``_customer_meetings``).
        _typed_visits=(QUOTED_VISITS if quotes else visits_in) if visits_rel is not None else None,
        _typed=typed.reindex(columns=list(ACCOUNT_COLUMNS)) if typed is not None else None,
        _rhythm=rhythm,
        _rhythm_rows=(day, rhythm_rows) if rhythm_rows is not None else None,
        _names=names,
        day_counts={d: int(n) for d, n in per_day},
    )


def _renumbered(
    con: duckdb.DuckDBPyConnection,
    accounts: Loaded,
    orders: Loaded,
    visits: Loaded | None,
    checks: list[Check],
) -> tuple[Loaded, Loaded | None, pd.Timestamp | None, frozenset[str]]:
    """The orders and visits with the master's old codes read as the current ones
    (validation.renumbered: the map, its unsafe codes said at their rows), said once; the
    last day a line carried one (None: none did); the unsafe old codes (``OldCodes.unsafe``)."""
    if OLD_ACCOUNT_KEY not in accounts.columns:
        return orders, visits, None, frozenset()
    query = f"SELECT line, account, {OLD_ACCOUNT_KEY} FROM {accounts.relation} ORDER BY line"
    frame = con.sql(query).df()
    mine: list[Check] = []
    old = old_codes(frame, frame["line"].to_numpy(), accounts.columns, mine)
    checks += [_named(c, ACCOUNTS, accounts.label) for c in mine]
    if not old.mapping:
        return orders, visits, None, old.unsafe
    pairs = pa.table(
        {
            "old": pa.array(list(old.mapping), pa.string()),
            "now": pa.array(list(old.mapping.values()), pa.string()),
        }
    )
    con.register("old_account_codes", pairs)
    moved: list[int] = []
    until: list[pd.Timestamp | None] = []
    out: list[Loaded | None] = []
    for loaded in (orders, visits):
        if loaded is None:
            out.append(None)
            moved.append(0)
            until.append(None)
            continue
        rel = f"renumbered_{loaded.spec.name.lower()}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {rel} AS SELECT t.* REPLACE "
            "(COALESCE(m.now, t.account) AS account) FROM "
            f"{loaded.relation} AS t LEFT JOIN old_account_codes AS m ON t.account = m.old"
        )
        ((n, last),) = con.execute(
            f"SELECT COUNT(*), MAX(t.date) FROM {loaded.relation} AS t "
            "JOIN old_account_codes AS m ON t.account = m.old"
        ).fetchall()
        moved.append(int(n))
        until.append(None if last is None else pd.Timestamp(last))
        # The listed codes (the unknown-code check's start) are the old ones: read anew.
        codes = {k: v for k, v in loaded.codes.items() if k != "account"}
        out.append(replace(loaded, relation=rel, codes=codes))
    con.unregister("old_account_codes")
    said = old.said(ACCOUNTS.name, moved[0], moved[1])
    if said is not None:
        checks.append(_named(said, ACCOUNTS, accounts.label))
    new_orders, new_visits = out
    assert new_orders is not None
    return new_orders, new_visits, last_old_day(*until), old.unsafe


def _shops_renumbered(
    con: duckdb.DuckDBPyConnection,
    accounts: Loaded,
    orders: Loaded,
    visits: Loaded | None,
    checks: list[Check],
) -> tuple[Loaded, Loaded, Loaded | None]:
    """validation.renumbered.shops_renumbered on the relations, when the master has no
    old-code column: the name twins read from the master, their order days in SQL (their
    lines only), and for a group found the master without the old codes' rows (the new
    ones started as the old), the orders' and visits' old codes read as the new, said once."""
    if OLD_ACCOUNT_KEY in accounts.columns or "name" not in accounts.columns:
        return accounts, orders, visits
    rep = ", rep" if "rep" in accounts.columns else ""
    master = con.sql(
        f"SELECT account, name, start{rep} FROM {accounts.relation} ORDER BY line"
    ).df()
    twins = name_twins(master)
    if twins.empty:
        return accounts, orders, visits
    con.register("shop_twin_codes", pa.table({"code": [*twins["old"], *twins["new"]]}))
    # Each code's first and last order day, and the rep on its first and last line (the
    # rep nearest a switch: shops_renumbered's same-rep test).
    days = con.execute(
        f"SELECT account, MIN(date), MAX(date), ARG_MIN(rep, date), ARG_MAX(rep, date) "
        f"FROM {orders.relation} "
        "WHERE account IN (SELECT code FROM shop_twin_codes) GROUP BY account"
    ).fetchall()
    con.unregister("shop_twin_codes")
    first = {str(a): f for a, f, *_ in days}
    last = {str(a): la for a, _, la, *_ in days}
    olds = set(twins["old"])
    reps = {str(a): (lr if str(a) in olds else fr) for a, _, _, fr, lr in days}
    found = shops_renumbered(twins, first, last, reps)
    if not found.mapping:
        return accounts, orders, visits
    accounts, orders, visits, moved = _read_renumbered(con, accounts, orders, visits, found)
    checks += [
        _named(c, ACCOUNTS, accounts.label)
        for c in found.checks(ACCOUNTS.name, accounts.columns.get("account", ""), *moved)
    ]
    return accounts, orders, visits


def _read_renumbered(
    con: duckdb.DuckDBPyConnection,
    accounts: Loaded,
    orders: Loaded,
    visits: Loaded | None,
    found: ShopsRenumbered,
) -> tuple[Loaded, Loaded, Loaded | None, tuple[int, int]]:
    """``found``'s renumbering on the relations: the master without the old codes' rows (the
    new ones started as the old), the orders' and visits' old codes read as the new; the
    order and visit lines moved."""
    pairs = pa.table(
        {
            "old": pa.array(list(found.mapping), pa.string()),
            "now": pa.array(list(found.mapping.values()), pa.string()),
        }
    )
    con.register("shop_codes_df", pairs)
    con.execute("CREATE OR REPLACE TEMP TABLE shop_codes AS SELECT * FROM shop_codes_df")
    con.unregister("shop_codes_df")
    moved: list[int] = []
    out: list[Loaded | None] = []
    for loaded in (orders, visits):
        if loaded is None:
            out.append(None)
            moved.append(0)
            continue
        rel = f"shops_{loaded.spec.name.lower()}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {rel} AS SELECT t.* REPLACE "
            "(COALESCE(m.now, t.account) AS account) FROM "
            f"{loaded.relation} AS t LEFT JOIN shop_codes AS m ON t.account = m.old"
        )
        ((n,),) = con.execute(
            f"SELECT COUNT(*) FROM {loaded.relation} WHERE account IN (SELECT old FROM shop_codes)"
        ).fetchall()
        moved.append(int(n))
        codes = {k: v for k, v in loaded.codes.items() if k != "account"}  # read anew
        out.append(replace(loaded, relation=rel, codes=codes))
    # The master: the old codes' rows gone, each new code started when its old one did.
    described = con.execute(f"DESCRIBE {accounts.relation}").fetchall()
    types = {str(r[0]): str(r[1]) for r in described}
    starts = pa.table(
        {
            "code": pa.array(list(found.starts), pa.string()),
            "start": pa.array([pd.Timestamp(v).to_pydatetime() for v in found.starts.values()]),
        }
    )
    con.register("shop_starts_df", starts)
    con.execute("CREATE OR REPLACE TEMP TABLE shop_starts AS SELECT * FROM shop_starts_df")
    con.unregister("shop_starts_df")
    rel = "shops_accounts"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {rel} AS SELECT a.* REPLACE "
        f"(COALESCE(CAST(s.start AS {types.get('start', 'TIMESTAMP')}), a.start) AS start) "
        f"FROM {accounts.relation} AS a LEFT JOIN shop_starts AS s ON a.account = s.code "
        "WHERE a.account NOT IN (SELECT old FROM shop_codes) ORDER BY a.line"
    )
    codes = {k: v for k, v in accounts.codes.items() if k != "account"}
    accounts = replace(accounts, relation=rel, codes=codes)
    new_orders, new_visits = out
    assert new_orders is not None
    return accounts, new_orders, new_visits, (moved[0], moved[1])


def _successions(
    con: duckdb.DuckDBPyConnection,
    accounts: Loaded,
    orders: Loaded,
    visits: Loaded | None,
    checks: list[Check],
) -> tuple[Loaded, Loaded, Loaded | None, list[tuple[object, object]]]:
    """validation.succession on the relations (trial 54 M1): an account ended and a new one
    started at its address within days read as one place, said once; and the old codes'
    names as (new code, old name) for a visit log keyed by name."""
    if not {"address", "start", "end"} <= set(accounts.columns):
        return accounts, orders, visits, []
    name = ", name" if "name" in accounts.columns else ""
    master = con.sql(
        f'SELECT account, address, start, "end"{name} FROM {accounts.relation} ORDER BY line'
    ).df()
    found = successions(master)
    if not found:
        return accounts, orders, visits, []
    con.register("succession_codes", pa.table({"code": candidates(found)}))
    days = con.execute(
        f"SELECT account, MIN(date), MAX(date) FROM {orders.relation} "
        "WHERE account IN (SELECT code FROM succession_codes) GROUP BY account"
    ).fetchall()
    con.unregister("succession_codes")
    found = successions(master, {str(a): f for a, f, _ in days}, {str(a): la for a, _, la in days})
    if not found:
        return accounts, orders, visits, []
    renumbered = as_renumbered(found, master)
    accounts, orders, visits, moved = _read_renumbered(con, accounts, orders, visits, renumbered)
    check = succession_check(found, ACCOUNTS.name, accounts.columns.get("account", ""), *moved)
    if check is not None:
        checks.append(_named(check, ACCOUNTS, accounts.label))
    return accounts, orders, visits, old_names(found, master)


def _visits_by_name(
    con: duckdb.DuckDBPyConnection,
    accounts: Loaded | None,
    orders: Loaded,
    visits: Loaded,
    checks: list[Check],
    aliases: Sequence[tuple[object, object]] = (),
) -> Loaded:
    """validation.visit_names.read_by_name on the relations: the visit accounts typed as
    customer names read under the codes the master's (else the orders') names give, said
    on Checks as on the sheets; and the visits' overlap with the orders' accounts checked."""

    def distinct(relation: str, columns: str) -> list[tuple[object, ...]]:
        query = f"SELECT DISTINCT {columns} FROM {relation} WHERE account IS NOT NULL"
        return con.execute(query).fetchall()

    order_codes = {str(a) for (a,) in distinct(orders.relation, "account")}
    master = {str(a) for (a,) in distinct(accounts.relation, "account")} if accounts else set()
    known = order_codes | master
    column = visits.columns.get("account", "")
    # Per account: its lines, first line, and lines of a prospecting kind (fix50b: a name
    # matching no code seen only on those is a prospect's, not a typo).
    prospecting = (
        f"COUNT(*) FILTER (WHERE kind IN {sql_in_list(PROSPECTING_KINDS)})"
        if "kind" in visits.columns
        else "0"
    )
    rows = con.execute(
        f"SELECT account, COUNT(*), MIN(line), {prospecting} FROM {visits.relation} "
        "WHERE account IS NOT NULL GROUP BY account"
    ).fetchall()
    counts = {str(a): int(n) for a, n, _, _ in rows}
    firsts = {str(a): int(line) for a, _, line, _ in rows}
    prospects = frozenset(str(a) for a, n, _, p in rows if p and p == n)
    visited = set(counts)
    alone = bool(visited) and visited <= prospects  # every row a prospecting kind's (M2)
    blanks: list[tuple[object, int, int]] = []  # per name on a line without a code (trial 49 L3)
    if ACCOUNT_NAME_KEY in visits.columns and not keyed_by_name(checks, orders.label):
        blanks = con.execute(
            f"SELECT {ACCOUNT_NAME_KEY}, COUNT(*), MIN(line) FROM {visits.relation} "
            f"WHERE account IS NULL AND {ACCOUNT_NAME_KEY} IS NOT NULL GROUP BY 1"
        ).fetchall()
    if not keyed_by_name(checks, orders.label) and (blanks or not visited <= known):
        typed = [
            (a, n)
            for a, n in (
                distinct(accounts.relation, "account, name")
                if accounts is not None and "name" in accounts.columns
                else []
            )
            if n is not None  # as the sheets' pairs (validation.visit_names.pairs)
        ]
        typed += aliases  # the old names of accounts handed on (validation.succession)
        # Only the accounts the master names not (name_codes reads no other).
        lacking = order_codes - named_codes(typed)
        lines = []
        if ACCOUNT_NAME_KEY in orders.columns and lacking:
            con.register("visit_name_lacking", pa.table({"code": list(lacking)}))
            lines = con.execute(
                f"SELECT DISTINCT account, {ACCOUNT_NAME_KEY} FROM {orders.relation} "
                "WHERE account IN (SELECT code FROM visit_name_lacking)"
            ).fetchall()
            con.unregister("visit_name_lacking")
        names = name_codes(typed, [(a, n) for a, n in lines])
        by = accounts.label if typed and accounts is not None else orders.label
        if blanks:
            visits, filled = _blank_codes_by_name(con, visits, blanks, names, checks, by)
            visited |= filled
        found = match_names(sorted(visited), known, names, keyed_by_name(checks, visits.label))
        by_line: dict[int, str] = {}
        if found.ambiguous and "date" in visits.columns:  # trial 54 M1: read by the day
            found, by_line, dated = _dated_by_name(
                con, accounts, orders, visits, found, [*typed, *lines], (column, by)
            )
            if dated is not None:
                checks.append(dated)
                counts, firsts = _left_counts(con, visits, found.ambiguous, by_line, counts, firsts)
        lonely = set(found.unmatched)
        theirs = [(n, p) for a, n, _, p in rows if str(a) not in lonely]  # the customers'
        told = kinds_tell(sum(p for _, p in theirs), sum(n for n, _ in theirs))
        unmatched = Unmatched(
            prospects & lonely if told else frozenset(),
            near_names(found.unmatched, [*typed, *lines]),
        )
        checks += said(found, counts, firsts, visits.label, column, by, unmatched)
        said_once(checks, visits.label, found)
        # The names that are no account (``unplaced``) read as no account: the rep's visits,
        # never an account held, handed over or inherited (trial 49 V1).
        nowhere = unplaced(found)
        if found.mapping or nowhere or by_line:
            pairs = pa.table(
                {
                    "typed": pa.array([*found.mapping, *nowhere], pa.string()),
                    "code": pa.array(
                        [*found.mapping.values(), *[None] * len(nowhere)], pa.string()
                    ),
                }
            )
            lined = pa.table(
                {
                    "line": pa.array(list(by_line), pa.int64()),
                    "code": pa.array(list(by_line.values()), pa.string()),
                }
            )
            con.register("visit_name_codes", pairs)
            con.register("visit_dated_codes", lined)
            rel = "visits_by_name"
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {rel} AS SELECT t.* REPLACE "
                "(CASE WHEN d.line IS NOT NULL THEN d.code WHEN m.typed IS NULL THEN t.account "
                f"ELSE m.code END AS account) FROM {visits.relation} AS t "
                "LEFT JOIN visit_name_codes AS m ON t.account = m.typed "
                "LEFT JOIN visit_dated_codes AS d ON t.line = d.line"
            )
            con.unregister("visit_name_codes")
            con.unregister("visit_dated_codes")
            # The listed codes (the unknown-code check's start) are the names: read anew.
            codes = {k: v for k, v in visits.codes.items() if k != "account"}
            visits = replace(visits, relation=rel, codes=codes)
            visited = {found.mapping.get(v, v) for v in visited} - set(nowhere)
            visited |= set(by_line.values())
    check = overlap_check(
        visited, known, len(order_codes), visits.label, column, prospecting_only=alone
    )
    if check is not None:
        checks.append(check)
    return visits


def _dated_by_name(
    con: duckdb.DuckDBPyConnection,
    accounts: Loaded | None,
    orders: Loaded,
    visits: Loaded,
    found: VisitNames,
    pairs_read: list[tuple[object, object]],
    said_at: tuple[str, str],
) -> tuple[VisitNames, dict[int, str], Check | None]:
    """validation.visit_names._dated on the relations (trial 54 M1): the lines of an
    ambiguous name whose codes never traded at once read as the code trading on the visit's
    day. Returns ``found`` narrowed, line → code, and the Checks line."""
    shared = name_dates.shared_of(found.ambiguous, pairs_read)
    every = sorted({c for codes in shared.values() for c in codes})
    if not every:
        return found, {}, None
    con.register("dated_codes", pa.table({"code": pa.array(every, pa.string())}))
    master: dict[str, tuple[object, object]] = {}
    if accounts is not None and {"start", "end"} & set(accounts.columns):
        start = "start" if "start" in accounts.columns else "NULL"
        end = '"end"' if "end" in accounts.columns else "NULL"
        for code, s, e in con.execute(
            f"SELECT account, {start}, {end} FROM {accounts.relation} "
            "WHERE account IN (SELECT code FROM dated_codes)"
        ).fetchall():
            master[str(code)] = (s, e)
    lines = {
        str(code): (first, last)
        for code, first, last in con.execute(
            f"SELECT account, MIN(date), MAX(date) FROM {orders.relation} "
            "WHERE account IN (SELECT code FROM dated_codes) GROUP BY account"
        ).fetchall()
    }
    con.unregister("dated_codes")
    spans = name_dates.name_spans(shared, master, lines)
    if not spans:
        return found, {}, None
    con.register("dated_names", pa.table({"name": pa.array(list(spans), pa.string())}))
    rows = con.execute(
        f"SELECT line, account, date FROM {visits.relation} "
        "WHERE account IN (SELECT name FROM dated_names) ORDER BY line"
    ).fetchall()
    con.unregister("dated_names")
    read = name_dates.dated_codes([a for _, a, _ in rows], [d for _, _, d in rows], spans)
    by_line = {int(line): code for (line, _, _), code in zip(rows, read, strict=True) if code}
    counts: dict[str, int] = {}
    for (_, value, _), code in zip(rows, read, strict=True):
        if code is not None:
            counts[str(value)] = counts.get(str(value), 0) + 1
    check = name_dates.dated_check(spans, counts, visits.label, *said_at)
    if check is None:
        return found, {}, None
    left = {str(a) for (_, a, _), code in zip(rows, read, strict=True) if code is None}
    left |= {v for v in found.ambiguous if v not in spans}
    return name_dates.narrowed(found, left), by_line, check


def _left_counts(
    con: duckdb.DuckDBPyConnection,
    visits: Loaded,
    names: Sequence[str],
    by_line: Mapping[int, str],
    counts: dict[str, int],
    firsts: dict[str, int],
) -> tuple[dict[str, int], dict[str, int]]:
    """``counts``/``firsts`` of the names still ambiguous: their lines not read by the day."""
    if not names:
        return counts, firsts
    con.register("left_names", pa.table({"name": pa.array(list(names), pa.string())}))
    rows = con.execute(
        f"SELECT line, account FROM {visits.relation} "
        "WHERE account IN (SELECT name FROM left_names)"
    ).fetchall()
    con.unregister("left_names")
    counts, firsts = dict(counts), dict(firsts)
    for name in names:
        counts[name] = 0
        firsts.pop(name, None)
    for line, account in rows:
        if int(line) in by_line:
            continue
        counts[str(account)] += 1
        firsts[str(account)] = min(firsts.get(str(account), int(line)), int(line))
    return counts, firsts


def _blank_codes_by_name(
    con: duckdb.DuckDBPyConnection,
    visits: Loaded,
    blanks: list[tuple[object, int, int]],
    names: dict[str, str | None],
    checks: list[Check],
    by: str,
) -> tuple[Loaded, set[str]]:
    """validation.visit_names.blank_codes on the relation (trial 49 L3): the lines with a
    blank code and a customer name (``blanks``: per name as typed, its lines and first line)
    read under the one code the name is, said on Checks as on the sheets (each name as the
    sheet's cell parser reads it); the codes so read returned."""
    counts: dict[str, int] = {}
    firsts: dict[str, int] = {}
    typed: dict[str, str] = {}  # as typed → as the sheets read it
    for raw, n, line in blanks:
        text, _ = parse_text(raw)
        if text is None or not isinstance(raw, str):
            continue
        typed[raw] = text
        counts[text] = counts.get(text, 0) + n
        firsts[text] = min(firsts.get(text, line), line)
    found = blank_codes(counts, names)
    columns = (visits.columns.get("account", ""), visits.columns.get(ACCOUNT_NAME_KEY, ""))
    checks += said_blank(found, counts, firsts, visits.label, columns, by)
    pairs = {raw: found.mapping[text] for raw, text in typed.items() if text in found.mapping}
    if not pairs:
        return visits, set()
    table = pa.table(
        {
            "typed": pa.array(list(pairs), pa.string()),
            "code": pa.array(list(pairs.values()), pa.string()),
        }
    )
    con.register("visit_blank_codes", table)
    rel = "visits_blank_codes"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {rel} AS SELECT t.* REPLACE "
        "(COALESCE(t.account, m.code) AS account) FROM "
        f"{visits.relation} AS t LEFT JOIN visit_blank_codes AS m "
        f"ON t.account IS NULL AND t.{ACCOUNT_NAME_KEY} = m.typed"
    )
    con.unregister("visit_blank_codes")
    return replace(visits, relation=rel), set(pairs.values())


def _first_last(con: duckdb.DuckDBPyConnection, orders_rel: str) -> tuple[np.ndarray, np.ndarray]:
    """validation.renumbered.first_last in SQL: per account its first and last order day."""
    per = con.sql(
        "SELECT MIN(date) AS first, MAX(date) AS last "
        f"FROM {orders_rel} WHERE account IS NOT NULL AND date IS NOT NULL GROUP BY account"
    ).df()
    first, last = (pd.to_datetime(per[k]).to_numpy().astype("datetime64[D]") for k in per)
    return first, last


def _closed_before(
    con: duckdb.DuckDBPyConnection,
    orders_rel: str,
    known: set[str],
    until: pd.Timestamp | None,
) -> pd.DataFrame:
    """validation.renumbered.closed_before in SQL: the codes on order lines not in ``known``
    whose last order is no later than ``until``, as ended accounts."""
    if until is None:
        return closed_rows(pd.DataFrame(columns=["account", "rep", "start", "last"]))
    con.register("known_master_codes", pa.table({"v": pa.array(sorted(known), pa.string())}))
    day = f"TIMESTAMP '{until.isoformat(sep=' ')}'"
    per = con.sql(
        "WITH u AS (SELECT o.account, o.rep, o.date FROM "
        f"{orders_rel} AS o ANTI JOIN known_master_codes AS k ON o.account = k.v "
        "WHERE o.account IS NOT NULL AND o.date IS NOT NULL), "
        "p AS (SELECT account, MIN(date) AS start, MAX(date) AS last FROM u GROUP BY account "
        f"HAVING MAX(date) <= {day}) "
        "SELECT p.account, MAX(u.rep) AS rep, p.start, p.last FROM p JOIN u "
        "ON u.account = p.account AND u.date = p.last GROUP BY p.account, p.start, p.last "
        "ORDER BY p.account"
    ).df()
    con.unregister("known_master_codes")
    return closed_rows(per)


def _order_spans(
    con: duckdb.DuckDBPyConnection, orders_rel: str, accounts: pd.DataFrame
) -> pd.DataFrame:
    """validation.renumbered.order_spans in SQL: per master account whose first order is
    before its start, that first order."""
    starts = accounts.loc[accounts["start"].notna(), ["account", "start"]]
    if not len(starts):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SPAN_COLUMNS})
    con.register(
        "account_starts",
        pa.table(
            {
                "account": pa.array(starts["account"].astype(str).tolist(), pa.string()),
                "start": pa.array(pd.to_datetime(starts["start"]).to_numpy(dtype="datetime64[us]")),
            }
        ),
    )
    # A monthly summary's row stands at its month's last day: its 1st is no order before a
    # start later that month (validation.monthly.latest_days; trial 50 M8).
    names = [d[0] for d in con.execute(f"SELECT * FROM {orders_rel} LIMIT 0").description]
    latest = (
        f"CASE WHEN {MONTH_ROW_KEY} THEN last_day(o.date) ELSE o.date END"
        if MONTH_ROW_KEY in names
        else "o.date"
    )
    # On the sales (core.lapse ``SALE_SQL``; an account with none read on its lines, as
    # ``sale_lines`` on a sheet): a return is no first order.
    spans = con.sql(
        f"WITH sold AS (SELECT DISTINCT account FROM {orders_rel} WHERE {SALE_SQL}) "
        "SELECT o.account, MIN(o.date) AS first "
        f"FROM {orders_rel} AS o JOIN account_starts AS s ON o.account = s.account "
        "LEFT JOIN sold AS d ON d.account = o.account "
        f"WHERE o.date IS NOT NULL AND ({SALE_SQL} OR d.account IS NULL) "
        f"GROUP BY o.account HAVING MIN({latest}) < MIN(s.start)"
    ).df()
    con.unregister("account_starts")
    return spans[list(SPAN_COLUMNS)]


def _line_names(
    con: duckdb.DuckDBPyConnection, inputs: Sequence[tuple[Loaded | None, str | None]]
) -> pd.Series:
    """core.lapse.latest_names over the kept rows (relation) of each input that reads a
    customer-name column: per account and spelling as typed its latest line (date, then
    line), the spellings parsed as a sheet's cells are (validation.cells.parse_text: width,
    spaces; a blank or an error value names nothing), then the latest per account. One pass
    over the rows, only when the column is there."""
    parts = []
    for loaded, relation in inputs:
        if loaded is None or relation is None or ACCOUNT_NAME_KEY not in loaded.columns:
            continue
        found = con.execute(
            f"SELECT account, {ACCOUNT_NAME_KEY}, max(struct_pack(d := date, l := line)) "
            f"FROM {relation} WHERE account IS NOT NULL AND {ACCOUNT_NAME_KEY} IS NOT NULL "
            "GROUP BY ALL"
        ).fetchall()
        if not found:
            continue
        texts, _ = parse_text_column([f[1] for f in found])
        parts.append(
            pd.DataFrame(
                {
                    "account": [f[0] for f in found],
                    "name": texts,
                    "date": pd.to_datetime([f[2]["d"] for f in found]),
                    "rank": NAME_RANKS[loaded.spec.name],
                    "line": np.array([f[2]["l"] for f in found], dtype=np.int64),
                }
            )
        )
    if not parts:
        return latest_names(empty_frame(NAME_LINE_COLUMNS))
    return latest_names(pd.concat(parts, ignore_index=True))


def _visit_days(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """Each account's days with a visit of any kind to ``day`` (account × date), from the
    visits view: what core.lapse.visited_breaks reads (none without visits)."""
    return con.execute(
        "SELECT DISTINCT account, CAST(date AS DATE) AS date FROM visits "
        "WHERE account IS NOT NULL AND date <= ?",
        [day],
    ).df()


def _order_rhythm(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """order_rhythm.sql's rows from the orders view as of ``day`` (``rhythm_frame`` reads
    them as core.lapse.order_rhythm gives it)."""
    return con.execute(render("order_rhythm", parameters(day))).df()


def _key_by_code(
    con: duckdb.DuckDBPyConnection,
    loaded: tuple[Loaded, Loaded | None, Loaded | None],
    listed: Sequence[str] = (),
    checks: list[Check] | None = None,
) -> tuple[tuple[Loaded, Loaded | None, Loaded | None], dict[str, tuple[str, str]]]:
    """validation.reps.key_by_code over the sources: the (code, name) rows counted in SQL,
    each relation with a rep code keyed through a small code → name table (the code itself
    when no row names it), its code column dropped; a relation without one has the values of
    its rep column that are those codes read as their reps (validation.reps.coded_reps,
    said on ``checks``); with the names given under one code only
    (validation.reps.name_aliases), for the rows that give a name alone."""
    keyed = [one for one in loaded if one is not None and REP_CODE_KEY in one.columns]
    if not keyed:
        return loaded, {}
    pairs: Counter[tuple[str, str]] = Counter()
    source = ""
    for one in keyed:
        rows = con.execute(
            f"SELECT {REP_CODE_KEY}, rep, count(*) FROM {one.relation} "
            f"WHERE {REP_CODE_KEY} IS NOT NULL AND rep IS NOT NULL AND rep <> {REP_CODE_KEY} "
            "GROUP BY ALL"
        ).fetchall()
        if rows and not source:
            code, name = (header_of(one.columns.get(k, "")) for k in (REP_CODE_KEY, "rep"))
            source = f"{one.label} ({code} → {name})" if code and name else one.label
        pairs.update({(str(c), str(r)): int(n) for c, r, n in rows})
    names = code_names(pairs)
    _shown_table(con, "rep_codes", "code", names)
    given = [n for _, n in pairs]
    # A Reps sheet listing the codes (trial 51): they name no one, said once (validation.reps).
    on_sheet = listed_codes(listed, names, given)
    if on_sheet and checks is not None:
        checks.append(reps_sheet_codes_check(on_sheet))
    named = [*without_codes(listed, on_sheet), *given]
    out: list[Loaded | None] = []
    for one in loaded:
        if one is None:
            out.append(one)
            continue
        if REP_CODE_KEY not in one.columns:
            out.append(_coded_reps(con, one, names, named, source, checks))
            continue
        name = f"{one.relation}_coded"
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT r.* EXCLUDE ({REP_CODE_KEY}) REPLACE "
            f"(coalesce(m.shown, r.rep) AS rep) FROM {one.relation} AS r "
            f"LEFT JOIN rep_codes AS m ON r.{REP_CODE_KEY} = m.code"
        )
        columns = {k: v for k, v in one.columns.items() if k != REP_CODE_KEY}
        codes = {k: v for k, v in one.codes.items() if k != "rep"}  # the names, not the codes
        out.append(replace(one, relation=name, columns=columns, codes=codes))
    first = out[0]
    assert first is not None
    return (first, out[1], out[2]), name_aliases(pairs, names)


def _coded_reps(
    con: duckdb.DuckDBPyConnection,
    one: Loaded,
    names: Mapping[str, str],
    named: Sequence[str],
    source: str,
    checks: list[Check] | None,
) -> Loaded:
    """An input with no rep code column whose rep values are codes of ``names`` read as
    those reps (validation.reps.coded_reps): its values counted in SQL (a few distinct
    reps), the relation rewritten through a small table only when some are, said once."""
    if not names or "rep" not in one.columns:
        return one
    counts = dict(
        con.execute(
            f"SELECT rep, count(*) FROM {one.relation} WHERE rep IS NOT NULL GROUP BY rep"
        ).fetchall()
    )
    read = coded_reps([str(v) for v in counts], names, named)
    if not read:
        return one
    table = f"{one.relation}_rep_by_code"
    _shown_table(con, table, "code", read)
    name = f"{one.relation}_by_code"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT r.* REPLACE "
        f"(coalesce(m.shown, r.rep) AS rep) FROM {one.relation} AS r "
        f"LEFT JOIN {table} AS m ON r.rep = m.code"
    )
    if checks is not None:
        rows = sum(int(n) for v, n in counts.items() if str(v) in read)
        column = one.columns.get("rep", "")
        checks.append(coded_reps_check(read, rows, one.label, column, source))
    skipped = dict(one.skipped)
    if skipped.get("rep"):  # the skipped rows' reps are matched against the names too
        skipped["rep"] = {read.get(r, r) for r in skipped["rep"]}
    codes = {k: v for k, v in one.codes.items() if k != "rep"}  # the codes, not the names
    return replace(one, relation=name, codes=codes, skipped=skipped)


def _shown_table(
    con: duckdb.DuckDBPyConnection, name: str, key: str, shown: Mapping[str, str]
) -> None:
    """A temp table ``name`` (``key``, shown) of a rep mapping: how the rep codes' and the
    spellings' rows are shown (each relation's rep is rewritten by a join on it)."""
    con.register(
        f"{name}_df",
        pa.table(
            {
                key: pa.array(list(shown), pa.string()),
                "shown": pa.array(list(shown.values()), pa.string()),
            }
        ),
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_df")
    con.unregister(f"{name}_df")


def _one_rep_spelling(
    con: duckdb.DuckDBPyConnection,
    loaded: tuple[Loaded, Loaded | None, Loaded | None],
    frames: tuple[pd.DataFrame, ...],
    listed: Sequence[str],
    checks: list[Check],
    aliases: Mapping[str, tuple[str, str]],
) -> tuple[Loaded, Loaded | None, Loaded | None, list[pd.DataFrame]]:
    """validation.reps.one_rep_spelling over the sources and the small sheets: the rows per
    spelling counted in SQL, each relation's reps respelled through a small mapping table.
    The look-alike warning is on the Orders input (its label)."""
    counts: Counter[str] = Counter()
    for one in loaded:
        if one is not None:
            rows = con.execute(
                f"SELECT rep, count(*) FROM {one.relation} WHERE rep IS NOT NULL GROUP BY rep"
            ).fetchall()
            counts.update({str(r): int(n) for r, n in rows})
    respelled, spellings = one_rep_spelling(
        list(frames), listed, checks, loaded[0].label, counts, history=0, aliases=aliases
    )
    out: list[Loaded | None] = list(loaded)
    if spellings:
        _shown_table(con, "rep_spellings", "spelling", spellings)
        for i, one in enumerate(loaded):
            if one is None:
                continue
            name = f"{one.relation}_reps"
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT r.* REPLACE "
                f"(coalesce(m.shown, r.rep) AS rep) FROM {one.relation} AS r "
                "LEFT JOIN rep_spellings AS m ON r.rep = m.spelling"
            )
            skipped = {
                **one.skipped,
                "rep": {spellings.get(r, r) for r in one.skipped.get("rep", ())},
            }
            codes = {k: v for k, v in one.codes.items() if k != "rep"}  # listed as typed
            out[i] = replace(one, relation=name, skipped=skipped, codes=codes)
    first = out[0]
    assert first is not None
    return first, out[1], out[2], respelled


def _canonical(table: pa.Table, spec: SheetSpec) -> pd.DataFrame:
    """A relation fetched from DuckDB (as Arrow) in the sheet validator's dtypes: text as
    Python strings with None for a blank (Arrow hands them over column-wise; DuckDB's own
    ``.df()`` and pandas' string conversions took 5× longer on 373,617 accounts)."""
    out: dict[str, object] = {}
    for col in spec.columns:
        values = table.column(col.key)
        if col.kind == "date":
            out[col.key] = pd.to_datetime(values.to_pandas(date_as_object=False)).astype(
                "datetime64[ns]"
            )
        elif col.kind == "number":
            out[col.key] = values.to_pandas().astype(float)
        else:
            out[col.key] = pd.Series(values.to_numpy(zero_copy_only=False), dtype=object)
    return pd.DataFrame(out)


QUOTED_VISITS = "routekpi_visits_quoted"  # the visit rows, a quote register's at customers contacts


def _customer_meetings(
    con: duckdb.DuckDBPyConnection,
    visits_rel: str,
    orders_rel: str,
    accounts: pd.DataFrame,
    derived: bool,
    quotes: str = "",
) -> str:
    """A view of the visit rows with core.meetings' rule in SQL: a meeting at an account held
    before its day (Accounts start or first order earlier) is a visit of that account — but
    a quote register's (``quotes``: its lines) is a contact, counted as nothing (a quote is no
    visit, and no new business either: sources.quotes)."""
    starts = accounts.dropna(subset=["start"]) if not derived else accounts.iloc[:0]
    con.register(
        "routekpi_account_starts",
        pd.DataFrame(
            {
                "account": starts["account"].astype(str).astype(object),
                "start": pd.to_datetime(starts["start"]).astype("datetime64[ns]"),
            }
        ),
    )

    def held_as(name: str, source: str, kind: str, only: str) -> None:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * EXCLUDE (since) REPLACE "
            f"(CASE WHEN kind = 'meeting' AND since < date AND {only} THEN {kind} ELSE kind "
            f"END AS kind) FROM (SELECT v.*, s.since FROM {source} v LEFT JOIN (SELECT "
            f"account, MIN(d) AS since FROM (SELECT account, MIN(date) AS d FROM {orders_rel} "
            "GROUP BY account UNION ALL SELECT account, CAST(start AS DATE) FROM "
            "routekpi_account_starts) u GROUP BY account) s ON v.account = s.account) t"
        )

    if quotes:  # the quotes at customers first: the rows the engine's rule reads (raw_inputs)
        held_as(QUOTED_VISITS, visits_rel, "'contact'", f"({quotes})")
        visits_rel = QUOTED_VISITS
    held_as("routekpi_visits", visits_rel, "'visit'", "TRUE")
    return "routekpi_visits"


def _customer_meetings_check(
    con: duckdb.DuckDBPyConnection, visits_in: str, visits_rel: str, label: str, quotes: str = ""
) -> list[Check]:
    """The info lines on the meeting rows ``_customer_meetings`` read as visits: how many,
    and how many meetings with prospects are left (as the sheets' ``customer_meetings_checks``);
    and a quote register's quotes at customers counted as nothing (``quotes``: its lines)."""
    quoted = quotes or "FALSE"
    before, left, q_before, q_left = con.execute(
        f"SELECT (SELECT count(*) FROM {visits_in} WHERE kind = 'meeting' AND NOT ({quoted})), "
        f"(SELECT count(*) FROM {visits_rel} WHERE kind = 'meeting' AND NOT ({quoted})), "
        f"(SELECT count(*) FROM {visits_in} WHERE kind = 'meeting' AND ({quoted})), "
        f"(SELECT count(*) FROM {visits_rel} WHERE kind = 'meeting' AND ({quoted}))"
    ).fetchall()[0]
    out = []
    if (said := customer_meetings_counted(label, int(before) - int(left), int(left))) is not None:
        out.append(said)
    if int(q_before) > int(q_left):
        params = {"count": f"{int(q_before) - int(q_left):,}", "left": f"{int(q_left):,}"}
        out.append(Check(label, None, "", None, "quote_customers_not_counted", params, "info"))
    return out


@dataclass(frozen=True)
class _Part:
    """One file of an input read from several Sources rows: its lines are numbered after the
    files before it (``offset`` + its own line) while the rows are one relation."""

    ref: SourceRef
    label: str
    offset: int
    end: int  # the last stacked line it can hold
    rows: int = 0  # the rows read from it (a stack's total for its folded "not used" line)


def _load_stacked(
    con: duckdb.DuckDBPyConnection,
    ref: SourceRef,
    spec: SheetSpec,
    checks: list[Check],
    ctx: ReadContext,
) -> tuple[Loaded, list[_Part]]:
    """An input named on several Sources rows (one export per year, trial 23), read one under
    another in row order, as the tabs of one workbook are (tabular.stacked_sheets). Each file
    is read and checked on its own — a CSV and an .xlsx alike, headers matched by name, its
    Checks naming the file and its own lines — then the rows are one relation, each line
    numbered after the files before it until ``_unstacked`` names its file again. A column
    one file lacks and another has is named (read blank there), and so are files whose dates
    overlap (an export taken twice)."""
    loaded: list[Loaded] = []
    parts: list[_Part] = []
    summaries: set[int] = set()  # the files read as a monthly summary, every row (left50b)
    offset = 0
    said: set[str] = set()  # the first file's info lines (its header's notes)
    for i, part in enumerate(ref.parts):
        start = len(checks)
        one = TableSource(part, spec, i).load(con, checks, ctx)
        # A note on a header the files share is said once, on the first (trial 23: five
        # exports gave the rep-code and unused-column notes five times each).
        # Not the per-file lines folded later (two footers at the same line are two files').
        notes = {
            k: _note(c)
            for k, c in enumerate(checks[start:], start)
            if c.severity == "info" and c.problem not in FOLDED_PER_FILE
        }
        if i == 0:
            said = set(notes.values())
        else:
            checks[start:] = [
                c for k, c in enumerate(checks[start:], start) if notes.get(k) not in said
            ]
        # A table of its own: the next file's reading replaces the views this one reads.
        table = f"stack_{spec.name.lower()}_{i}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM {one.relation}")
        top = con.execute(f"SELECT max(line) FROM {table}").fetchall()[0][0]
        if spec is ORDERS and _all_month_rows(con, table):
            summaries.add(i)
        span = max(int(top or 0), one.rows_read + 1)
        loaded.append(replace(one, relation=table))
        parts.append(_Part(part, one.label, offset, offset + span, one.rows_read))
        offset += span
    every: dict[str, tuple[str, _Part]] = {}  # column key → its header where first read
    for one, part in zip(loaded, parts, strict=True):
        for key, name in one.columns.items() if not one.quote_lines else ():
            every.setdefault(key, (name.split(" ", 1)[-1], part))
    # One warning per column, naming every file that lacks it (trial 46 L3: a month's two
    # new exports repeated each of the first two's warnings).
    for key, (name, other) in every.items():
        # A quote register's columns are its own (a 日報 has no 状態 by nature; sources.quotes).
        lacking = [
            p
            for one, p in zip(loaded, parts, strict=True)
            if key not in one.columns and not one.quote_lines
        ]
        if not lacking or key == ORDER_COUNT_KEY:  # a line without a count is one order
            continue
        # A monthly summary has no slip number and no product by nature (one row per
        # customer × month): the manager cannot fix what cannot exist, so those files are
        # said apart, as information (left50b; trial 50: 売上月報 had two warnings).
        by_nature = [p for k, p in enumerate(parts) if k in summaries and key in NOT_IN_SUMMARY]
        lacking = [p for p in lacking if p not in by_nature]
        if by_nature:
            checks.append(_missing_by_nature(by_nature, key, name, other))
        if not lacking:
            continue
        params = _missing_params(lacking, key, name, other)
        code = "source_part_column_missing" + _given(lacking[0].ref)
        checks.append(Check(lacking[0].label, None, name, None, code, params, "warn"))
    if any(c.key == "date" for c in spec.columns):
        _overlapping_parts(con, loaded, parts, checks, visits=spec is VISITS)
    union = " UNION ALL BY NAME ".join(
        f"SELECT * REPLACE (CAST(line AS BIGINT) + {part.offset} AS line) FROM {one.relation}"
        for one, part in zip(loaded, parts, strict=True)
    )
    name = f"stacked_{spec.name.lower()}"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {union}")
    columns = {k: v for one in reversed(loaded) for k, v in one.columns.items()}
    columns.update(loaded[0].columns)  # the first file's header names a column
    skipped: dict[str, set[str]] = {}
    for one in loaded:
        for key, values in one.skipped.items():
            skipped.setdefault(key, set()).update(values)
    rows = sum(one.rows_read for one in loaded)
    listed = "・".join(
        f"{p.label}「{'・'.join(one.sheets)}」({one.rows_read:,})"
        if len(one.sheets) > 1
        else f"{p.label}({one.rows_read:,})"
        for one, p in zip(loaded, parts, strict=True)
    )
    listed_en = ", ".join(  # an English book's joins and quotes (en42b)
        f"{p.label} '{', '.join(one.sheets)}' ({one.rows_read:,})"
        if len(one.sheets) > 1
        else f"{p.label} ({one.rows_read:,})"
        for one, p in zip(loaded, parts, strict=True)
    )
    params: dict[str, object] = {
        "input": spec.name,
        "source": ref.label,
        # A row whose wildcard matched several files is named once (sources.sheet).
        "source_rows": "・".join(dict.fromkeys(str(p.ref.row) for p in parts)),
        "source_rows_en": ", ".join(dict.fromkeys(str(p.ref.row) for p in parts)),
        "parts": listed,
        "parts_en": listed_en,
        "rows": f"{rows:,}",
    }
    key = "source_used_rows" + _given(ref)
    checks.append(Check(ref.label, None, "", None, key, params, "info"))
    stacked = Loaded(spec, name, ref.label, rows, columns, skipped, external=True)
    stacked.line_numbers = all(one.line_numbers for one in loaded)  # each file has them
    stacked.stacked_parts = tuple(loaded)  # each file's columns (sources.stacked, trial 49)
    quoted = [  # a quote register's lines among the stack's (sources.quotes)
        f"(line > {p.offset} AND line <= {p.end})"
        for one, p in zip(loaded, parts, strict=True)
        if one.quote_lines
    ]
    stacked.quote_lines = " OR ".join(quoted)
    return stacked, parts


def _unit_slip(
    con: duckdb.DuckDBPyConnection,
    orders: Loaded,
    parts: list[_Part] | None,
    ref: SourceRef | None,
    checks: list[Check],
) -> None:
    """A Check when a file of the stack, or a run of months of the orders, has amounts about
    1/1,000 or 1/10,000 of the rest: 千円 under a plain 金額 header (validation.unit_slip,
    trial 48 H4). Measured in SQL per file and month: a million lines never reach pandas."""
    spans = parts or []
    # Each line's file: its stacked line number is past the files before it (_Part).
    whens = " ".join(f"WHEN line <= {p.end} THEN {i}" for i, p in enumerate(spans))
    part = f"CASE {whens} ELSE {len(spans) - 1} END" if spans else "0"
    rows = con.execute(
        f"""SELECT {part} AS part, date_trunc('month', date) AS month,
                count(*) FILTER (WHERE amount > 0) AS lines,
                median(amount) FILTER (WHERE amount > 0) AS median,
                sum(amount) AS total
            FROM {orders.relation}
            WHERE date IS NOT NULL AND amount IS NOT NULL
            GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    stats = pd.DataFrame(rows, columns=["part", "month", *month_stats_columns()])
    if stats.empty:
        return
    stats["month"] = pd.to_datetime(stats["month"]).dt.strftime("%Y-%m")  # cheaper than SQL's
    stats["lines"] = stats["lines"].astype(np.int64)
    stats["total"] = stats["total"].astype(np.float64)
    if len(spans) > 1:
        medians = con.execute(
            f"""SELECT {part} AS part, median(amount), count(*) FROM {orders.relation}
                WHERE amount > 0 GROUP BY ALL"""
        ).fetchall()
        typical = {int(i): (float(m), int(n)) for i, m, n in medians}
        found = slip_parts(
            [
                (p.label, p.ref.row, *typical.get(i, (np.nan, 0)), stats[stats["part"] == i])
                for i, p in enumerate(spans)
            ]
        )
        if found is not None:
            checks.append(found)
            return
    whole = stats.groupby("month", as_index=False).agg(
        lines=("lines", "sum"), median=("median", "median"), total=("total", "sum")
    )
    # A month two files share (rare: overlapping exports) takes the median of their medians.
    label = ref.label if ref is not None and not spans else orders.label
    row = ref.row if ref is not None and not ref.more else None
    found = slip_months(whole, label, row)
    if found is not None:
        checks.append(found)


def _sheet_unread(data: WorkbookData, spec: SheetSpec, source: str) -> list[Check]:
    """A warning when ``spec``'s sheet holds rows while Sources names its file (trial 45 M7:
    a closure a rep reported typed on Accounts beside a master file): a source replaces its
    sheet, so the rows are named rather than left out in silence."""
    raw = data.sheets.get(spec.name)
    rows = typed_rows(raw) if raw is not None else 0
    if raw is None or not rows:
        return []
    tab = data.tab_names.get(spec.name, raw.name)
    params = {"sheet": tab, "rows": f"{rows:,}", "source": source}
    return [Check(raw.name, None, "", None, "accounts_sheet_unread", params, "warn")]


def _collected_kept(con: duckdb.DuckDBPyConnection, source: str, side: str) -> list[int]:
    """The lines of the collected sheet's rows ``source`` does not hold, by collect's key
    (validation.same_visit.kept_rows: the sheet reader's rule, leading zeros folded alike),
    in the sheet's order; the source is read for the collected rows' days only."""
    rows = con.execute(f"SELECT line, date, rep, account, kind, outcome FROM {side}").fetchall()
    rows.sort(key=lambda row: row[0])
    days = pd.DataFrame({"d": sorted({r[1] for r in rows if r[1] is not None})})
    if not len(days):
        return [int(r[0]) for r in rows]
    con.register("collected_days", days)
    src = con.execute(
        f"SELECT date, rep, account, kind, outcome, count(*) FROM {source} "
        "WHERE date IN (SELECT d FROM collected_days) GROUP BY ALL"
    ).fetchall()
    con.unregister("collected_days")
    keep = kept_rows(src, [r[1:] for r in rows])
    return [int(r[0]) for r, k in zip(rows, keep, strict=True) if k]


def _with_collected(
    con: duckdb.DuckDBPyConnection,
    data: WorkbookData,
    visits: Loaded,
    stacks: dict[str, list[_Part]],
    checks: list[Check],
    ctx: ReadContext,
) -> tuple[Loaded, int]:
    """The visits source (a file, or an SFA export pasted on the Visits sheet) with the rows
    ``collect`` kept on the master (schema.COLLECTED_VISITS: reps' visit logs, which cannot be
    appended to an export), and the sheet rows read.

    The sheet is read as a Visits sheet is (its Checks name its tab, row and column). A row
    the source holds too is counted once, by collect's rule (share.collect): a route visit
    (訪問) to an account the source shows visited by the same rep that day is that visit; any
    other row is the source's when the source has as many rows with the same day, rep,
    account, kind and outcome (counted: a rep's two calls on a day the export logs one are
    two). The rows follow the source's lines, as a stacked file's do (``_unstacked`` names
    the sheet and its own row again).
    """
    raw = data.sheets.get(COLLECTED_VISITS.name)
    if raw is None or not typed_rows(raw):  # no sheet, or only its header
        return visits, 0
    mine: list[Check] = []
    side = load_frame_sheet(
        con, VISITS, raw, raw.name, mine, ctx, external=False, relation="frame_collected_visits"
    )
    checks += collected_sheet_checks(mine, raw.name)
    kept_lines = _collected_kept(con, visits.relation, side.relation)
    con.register("collected_kept_lines", pd.DataFrame({"line": kept_lines}, dtype="int64"))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE collected_visits AS SELECT * FROM "
        f"{side.relation} WHERE line IN (SELECT line FROM collected_kept_lines)"
    )
    con.unregister("collected_kept_lines")
    kept, last = con.execute("SELECT count(*), max(line) FROM collected_visits").fetchall()[0]
    total = int(con.execute(f"SELECT count(*) FROM {side.relation}").fetchall()[0][0])
    # A pasted export is named by its tab, as a file is by its name.
    source = visits.label if visits.external else data.tab_names.get(VISITS.name, visits.label)
    checks.append(collected_read_check(raw.name, source, int(kept), total))
    if not kept:
        return visits, side.rows_read
    parts = stacks.get(visits.label)
    if parts:  # a stack's lines: the sheet's are numbered after its last file's
        offset = parts[-1].end
    else:
        top = con.execute(f"SELECT max(line) FROM {visits.relation}").fetchall()[0][0]
        offset = max(int(top or 0), visits.rows_read + 1)
        ref = SourceRef(VISITS.name, visits.label)
        parts = [_Part(ref, visits.label, 0, offset)]
    stacks[visits.label] = [
        *parts,
        _Part(SourceRef(VISITS.name, raw.name), raw.name, offset, offset + int(last or 0)),
    ]
    name = "visits_with_collected"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM {visits.relation} UNION ALL BY "
        f"NAME SELECT * REPLACE (CAST(line AS BIGINT) + {offset} AS line) FROM collected_visits"
    )
    skipped = {k: set(v) for k, v in visits.skipped.items()}
    for k, values in side.skipped.items():
        skipped.setdefault(k, set()).update(values)
    return replace(visits, relation=name, skipped=skipped), side.rows_read


def _overlapping_parts(
    con: duckdb.DuckDBPyConnection,
    loaded: list[Loaded],
    parts: list[_Part],
    checks: list[Check],
    visits: bool = False,
) -> None:
    """A warning per file whose dates overlap an earlier row's file: the same export listed
    twice, or two exports cut on different days. Numbered slips repeated whole are counted
    once by the duplicate rule; unnumbered lines in both files would count twice.

    ``visits``: two visit exports overlap as a rule (daily reports beside a prospecting
    log, trial 46 L3): one warning for all the files that overlap, in words of visits."""
    spans = [
        con.execute(f"SELECT min(date), max(date) FROM {one.relation}").fetchall()[0]
        for one in loaded
    ]
    if visits:
        # The files of one wildcard row are one record cut by rep and month (trial 52: 225
        # 日報 overlapped one another); a quote register overlaps the visits by nature.
        def apart(i: int, j: int) -> bool:
            same_row = parts[i].ref.row is not None and parts[i].ref.row == parts[j].ref.row
            return not same_row and not loaded[i].quote_lines and not loaded[j].quote_lines

        over = [
            (i, j)
            for i, (first, last) in enumerate(spans)
            if first is not None
            for j in range(i)
            if spans[j][0] is not None and first <= spans[j][1] and last >= spans[j][0]
            if apart(i, j)
        ]
        late = list(dict.fromkeys(i for i, _ in over))
        if not late:
            return
        early = list(dict.fromkeys(j for i, j in over if j not in late))
        params = {
            "row": "・".join(dict.fromkeys(str(parts[i].ref.row) for i in late)),
            "source": _few([parts[i].label for i in late]),
            "other": _few([parts[j].label for j in early]) or parts[over[0][1]].label,
        }
        key = "source_parts_overlap_visits" + _given(parts[late[0]].ref)
        checks.append(Check(parts[late[0]].label, None, "", None, key, params, "warn"))
        return
    for i, (first, last) in enumerate(spans):
        if first is None:
            continue
        for j in range(i):
            a, b = spans[j]
            if a is not None and first <= b and last >= a:
                params = {
                    "row": parts[i].ref.row,
                    "source": parts[i].label,
                    "first": first.isoformat(),
                    "last": last.isoformat(),
                    "other": parts[j].label,
                    "other_first": a.isoformat(),
                    "other_last": b.isoformat(),
                }
                key = "source_parts_overlap" + _given(parts[i].ref)
                checks.append(Check(parts[i].label, None, "", None, key, params, "warn"))
                break


def _all_month_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Every row of a stacked file's ``table`` is a monthly summary's (validation.monthly)."""
    names = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    if MONTH_ROW_KEY not in names:
        return False
    query = f"SELECT count(*), count(*) FILTER (WHERE {MONTH_ROW_KEY}) FROM {table}"
    rows, months = con.execute(query).fetchall()[0]
    return bool(rows) and rows == months


def _missing_by_nature(lacking: Sequence[_Part], key: str, name: str, other: _Part) -> Check:
    """The information line for monthly summaries without a column no summary has (the
    slip number, the product): what their rows lose, and that nothing is to be done."""
    code = "source_part_column_missing_summary" + _given(lacking[0].ref)
    params = _missing_params(lacking, key, name, other)
    return Check(lacking[0].label, None, name, None, code, params, "info")


def _missing_params(
    lacking: Sequence[_Part], key: str, name: str, other: _Part
) -> dict[str, object]:
    """A missing column's words: the parts without it, the part that has it, and what the
    rows without it lose (trial 48 N3: an old ERP never had 数量 …)."""
    return {
        "row": "・".join(dict.fromkeys(str(p.ref.row) for p in lacking)),
        "source": _few([p.label for p in lacking]),
        "column": name,
        "other_row": other.ref.row,
        "other": other.label,
        "lost": _column_lost(key, "ja"),
        "lost_en": _column_lost(key, "en"),
    }


def _few(labels: Sequence[str], shown: int = 4) -> str:
    """The first files by name and the rest as a count (a folder of 225 日報, trial 52)."""
    more = len(labels) - shown
    return "・".join(labels[:shown]) + (f" … (+{more})" if more > 0 else "")


def _column_lost(key: str, language: str) -> str:
    """What a stacked file's rows lose without the column ``key`` ("" if nothing to say)."""
    lost = f"column_lost.{key}"
    return text(lost, language) if lost in MESSAGES else ""


def _given(ref: SourceRef) -> str:
    """The key suffix of a stack's Checks when its files were named on the command line
    (``--orders a.csv --orders b.xlsx``: no Sources row to name)."""
    return "_given" if ref.row is None else ""


def _note(check: Check) -> str:
    """An info line as said, whichever file it names (a header note two files share)."""
    return repr((check.problem, check.row, check.column, check.value, sorted(check.params.items())))


def _unstacked(check: Check, stacks: Mapping[str, list[_Part]]) -> Check:
    """A Check on the stacked lines of several files, named by the file and its own line
    (and the line it repeats, in another file by name)."""
    parts = stacks.get(check.sheet)
    if parts is None or check.row is None:
        return check

    def locate(line: int) -> tuple[_Part, int]:
        part = next((p for p in parts if p.offset < line <= p.end), parts[-1])
        return part, line - part.offset

    part, row = locate(int(check.row))

    def own(line: int) -> str | int:
        other, n = locate(line)
        return n if other is part else f"{other.label} {n}"

    params = dict(check.params)
    if isinstance(params.get("first"), int):
        params["first"] = own(int(params["first"]))  # type: ignore[arg-type]
    if check.problem == "duplicate_rows" and isinstance(params.get("rows"), str):
        text_ = str(params["rows"])
        more = text_.endswith("…")
        found = [int(x) for x in text_.rstrip("…").replace(",", " ").split() if x.isdigit()]
        params["rows"] = ", ".join(str(own(n)) for n in found) + (" …" if more else "")
    return replace(check, sheet=part.label, row=row, params=params)


# Info lines each file of a stack gives on its own (trial 45 L1): said once for the stack.
FOLDED_PER_FILE = ("total_rows_skipped", "header_repeats_skipped", "returns_signed")
LISTED_FILES = 6  # the files a folded row lists by name, the rest counted
UNKNOWN_LISTED = 5  # more unknown codes than this in one input: one row (trial 45 L6)


def _stack_rows(stacks: Mapping[str, list[_Part]]) -> dict[str, dict[str, int]]:
    """Each stack label → each of its files' label → the rows read from it."""
    return {label: {p.label: p.rows for p in parts} for label, parts in stacks.items()}


def _stack_of(stacks: Mapping[str, list[_Part]]) -> dict[str, str]:
    """Each stacked file's label → its input's stack label."""
    return {p.label: label for label, parts in stacks.items() for p in parts}


def _fold(
    checks: list[Check],
    groups: dict[tuple[str, str], list[int]],
    make: Callable[[list[Check]], Check],
) -> list[Check]:
    """``checks`` with each group of more than one row replaced by ``make(rows)`` where
    its first row stood."""
    first: dict[int, Check] = {}
    dropped: set[int] = set()
    for at in groups.values():
        if len(at) > 1:
            first[at[0]] = make([checks[i] for i in at])
            dropped.update(at[1:])
    if not first:
        return checks
    return [first.get(i, c) for i, c in enumerate(checks) if i not in dropped]


def _folded_stacks(checks: list[Check], stacks: Mapping[str, list[_Part]]) -> list[Check]:
    """One row per kind of per-file info line across a stack's files (the 合計 footer
    skipped, the 返品 lines negated: once per monthly file, trial 45 L1), the first file's
    text with each file's first row and count, as the stacking row lists its files."""
    stack_of = _stack_of(stacks)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(checks):
        if c.problem in FOLDED_PER_FILE and c.sheet in stack_of:
            groups.setdefault((stack_of[c.sheet], c.problem), []).append(i)

    def each(rows: list[Check], lang: str) -> str:
        said = []
        for c in rows[:LISTED_FILES]:
            if c.problem == "returns_signed":  # its row is the header's: the lines and yen
                lines, yen = c.params.get("lines"), c.params.get("yen")
                said.append(
                    f"{c.sheet}({lines}行 {yen})" if lang == "ja" else f"{c.sheet} ({lines}, {yen})"
                )
                continue
            n = c.params.get("count")
            at = f"{c.sheet} {c.row}行目" if lang == "ja" else f"{c.sheet} row {c.row}"
            said.append(at + (f"({n}行)" if lang == "ja" else f" ({n})") if n is not None else at)
        more = len(rows) - LISTED_FILES
        joined = ("・" if lang == "ja" else ", ").join(said)
        if more > 0:
            joined += f" ほか {more} ファイル" if lang == "ja" else f" and {more} more files"
        return joined

    def make(rows: list[Check]) -> Check:
        head = rows[0]
        params: dict[str, object] = {
            "first": text(head.problem, "ja", **head.params),
            "first_en": text(head.problem, "en", **head.params),
            "files": len(rows),
            "each": each(rows, "ja"),
            "each_en": each(rows, "en"),
        }
        fold = "stacked_checks_folded"
        return Check(head.sheet, head.row, head.column, head.value, fold, params, head.severity)

    return _fold(checks, groups, make)


def _folded_unknown(checks: list[Check], stacks: Mapping[str, list[_Part]]) -> list[Check]:
    """Many account codes the Accounts input lacks in one input (each month's new accounts
    in an export read before the master catches up, trial 45 L6): one row with the count
    and the first codes by file and line, not a row per code."""
    stack_of = _stack_of(stacks)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(checks):
        if c.problem == "unknown_account":
            groups.setdefault((stack_of.get(c.sheet, c.sheet), c.problem), []).append(i)
    groups = {k: v for k, v in groups.items() if len(v) > UNKNOWN_LISTED}

    def make(rows: list[Check]) -> Check:
        head, shown, more = rows[0], rows[:UNKNOWN_LISTED], len(rows) - UNKNOWN_LISTED
        params: dict[str, object] = {
            "count": f"{len(rows):,}",
            "first": "・".join(f"{c.value}({_at(c, 'ja')})" for c in shown),
            "first_en": ", ".join(f"{c.value} ({_at(c, 'en')})" for c in shown),
            "more": f" ほか {more:,} 件" if more > 0 else "",
            "more_en": f" and {more:,} more" if more > 0 else "",
        }
        key = "unknown_account_many"
        return Check(head.sheet, head.row, head.column, head.value, key, params, head.severity)

    return _fold(checks, groups, make)


def _at(check: Check, lang: str) -> str:
    """Where a check is: its source and row, or its source alone (a database's row)."""
    if check.row is None:
        return check.sheet
    return f"{check.sheet} {check.row}行目" if lang == "ja" else f"{check.sheet} row {check.row}"


def _source_used(spec: SheetSpec, loaded: Loaded) -> Check:
    """The info line naming where an input was read from: the file, and for a workbook the
    tabs read (one under another) and those skipped because their header is another."""
    params: dict[str, object] = {
        "input": spec.name,
        "source": loaded.label,
        "rows": f"{loaded.rows_read:,}",
    }
    key = "source_used"
    if loaded.sheets:
        key = "source_used_sheets" if len(loaded.sheets) == 1 else "source_used_stacked"
        params["sheets"] = "・".join(loaded.sheets)
        params["sheets_en"] = ", ".join(loaded.sheets)  # an English book's (en42b)
        if loaded.skipped_sheets:
            key += "_skipped"
            params["skipped"] = "・".join(loaded.skipped_sheets)
            params["skipped_en"] = ", ".join(loaded.skipped_sheets)
    return Check(loaded.label, None, "", None, key, params, "info")


def _named(check: Check, spec: SheetSpec, label: str) -> Check:
    return check if label == spec.name or check.sheet != spec.name else replace(check, sheet=label)


def _add_check(checks: list[Check], check: Check) -> None:
    """Append ``check``; a second "N rows were not used" line of one input is folded into
    its first, kept last, as the sheet validator keeps one (accounts ending before they
    start are skipped after the cells' own skipped rows were counted)."""
    if check.problem in SKIPPED_PROBLEMS:
        count, total = (int(check.params[k]) for k in ("count", "total"))  # type: ignore[call-overload]
        with_more_skipped(checks, check.sheet, count, total)
        return
    checks.append(check)


def _numbered(con: duckdb.DuckDBPyConnection, orders: Loaded) -> bool:
    """An order-number column with at least one number in it (an empty one, as an export's
    template may carry, is no column: no hash of every line for it)."""
    if "order_id" not in orders.columns:
        return False
    rel = orders.relation
    found = con.execute(f"SELECT 1 FROM {rel} WHERE order_id IS NOT NULL LIMIT 1").fetchall()
    return bool(found)


def _dedupe(
    con: duckdb.DuckDBPyConnection,
    orders: Loaded,
    checks: list[Check],
    *,
    drop_identical: bool,
    has_id: bool,
    keyed: bool = False,
) -> str:
    """Repeated order lines, as the sheet validator judges them (validation.tables._dedupe):
    found by a hash of the line, confirmed on the values themselves. ``has_id``: the lines
    carry order numbers (``_numbered``). Lines of two products (a product column routekpi
    does not read: ``LINE_KEY``, sources.tabular) are two lines, as on a sheet; the relation
    returned has no ``LINE_KEY`` (a slip's lines merge whatever their products). ``keyed``:
    the lines are a database table's, named by their key (``_line_key``), not by line."""
    rel = orders.relation
    names = [d[0] for d in con.execute(f"SELECT * FROM {rel} LIMIT 0").description]
    product = LINE_KEY in names
    if product:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {rel}_lines AS SELECT * EXCLUDE ({LINE_KEY}) FROM {rel}"
        )
    bare = f"{rel}_lines" if product else rel  # the lines without their product key
    if not has_id and not drop_identical and orders.rows_read > SHEET_ROWS:
        # Identical lines without an order number are all counted (as on a sheet); the
        # sheet's one-line warning about them would cost a hash of every line of a history
        # no sheet can hold, so beyond a sheet's size it is not computed (docs/sources.md).
        return bare
    keys = [*ORDER_COLUMNS, "order_id"] if has_id else list(ORDER_COLUMNS)
    if "product" in orders.columns:  # its product column (schema: 商品コード)
        keys.append("product")
    if product:  # lines of two products are two lines (validation.tables._line_key)
        keys.append(LINE_KEY)
    key_list = ", ".join(keys)
    same = " AND ".join(f"o.{k} IS NOT DISTINCT FROM g.{k}" for k in keys)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {rel}_h AS SELECT h FROM "
        f"(SELECT hash({key_list}) AS h FROM {rel}) GROUP BY h HAVING count(*) > 1"
    )
    if not con.execute(f"SELECT count(*) FROM {rel}_h").fetchall()[0][0]:  # type: ignore[index]
        return bare
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {rel}_dup AS "
        f"WITH c AS (SELECT * FROM {rel} WHERE hash({key_list}) IN (SELECT h FROM {rel}_h)), "
        f"g AS (SELECT {key_list}, min(line) AS first FROM c GROUP BY ALL HAVING count(*) > 1) "
        f"SELECT o.line, g.first, "
        + ("o.order_id IS NOT NULL" if has_id else "FALSE")
        + f" AS numbered FROM c AS o JOIN g ON {same} WHERE o.line > g.first"
    )
    if has_id:
        # A numbered repeat is a double paste when its whole slip is: every distinct line of
        # the slip as often, at least twice (validation.tables._pasted_slips).
        slip = ", ".join(SLIP_KEYS)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {rel}_pasted AS "
            f"WITH s AS (SELECT DISTINCT {slip} FROM {rel} WHERE line IN "
            f"(SELECT line FROM {rel}_dup WHERE numbered)), "
            f"c AS (SELECT {key_list}, count(*) AS m FROM {rel} "
            f"WHERE ({slip}) IN (SELECT ({slip}) FROM s) GROUP BY ALL) "
            f"SELECT {slip} FROM c GROUP BY ALL HAVING min(m) = max(m) AND min(m) >= 2"
        )
        pasted = (
            f"(numbered AND line IN (SELECT line FROM {rel} WHERE ({slip}) IN "
            f"(SELECT ({slip}) FROM {rel}_pasted)))"
        )
    else:
        pasted = "FALSE"
    drop = f"({pasted} OR NOT numbered)" if drop_identical else pasted
    for problem, which in (
        ("identical_lines", "NOT numbered"),
        ("slip_lines_repeated", "numbered"),
    ):
        kept = con.execute(
            f"SELECT count(*), min(line) FROM {rel}_dup WHERE {which} AND NOT ({drop})"
        ).fetchall()[0]
        if kept and kept[0]:
            first = con.execute(
                f"SELECT first FROM {rel}_dup WHERE line = ?", [kept[1]]
            ).fetchall()[0]
            if keyed:
                said = {"count": int(kept[0]), **_line_key(con, orders, int(kept[1]), has_id)}
                checks.append(Check(orders.label, None, "", None, f"{problem}_keyed", said, "warn"))
                continue
            checks.append(
                Check(
                    orders.label,
                    int(kept[1]),
                    "",
                    None,
                    problem,
                    {"count": int(kept[0]), "first": int(first[0])},
                    "warn",
                )  # type: ignore[index]
            )
    # One row for the lines left out, as on a sheet (validation.tables._dedupe): how many,
    # the first of them, the line that one repeats and the yen not counted, in one query. A
    # row per line buried the real problems under hundreds of repeats.
    n_dropped, lines, repeats, amount, unnumbered = con.execute(
        f"SELECT count(*), min(d.line, {LISTED_ROWS}), arg_min(d.first, d.line), "
        f"sum(o.amount), count(*) FILTER (WHERE NOT d.numbered) "
        f"FROM (SELECT * FROM {rel}_dup WHERE {drop}) AS d "
        f"JOIN {rel} AS o ON o.line = d.line"
    ).fetchall()[0]
    if not n_dropped:
        return bare
    params: dict[str, object] = {
        "count": f"{n_dropped:,}",
        "n": int(n_dropped),
        "rows": listed_rows(lines, int(n_dropped)),  # as on a sheet
        "first": int(repeats),
        "amount": f"¥{float(amount or 0.0) + 0.0:,.0f}",
        **duplicate_reason(
            int(n_dropped) > int(unnumbered), int(unnumbered) > 0, orders.line_numbers
        ),
    }
    if keyed:  # trial 47 L5: 「271207行目」 of a table is no line a user can find
        del params["rows"], params["first"]
        params.update(_line_key(con, orders, int(lines[0]), has_id))
        params.update(_stored_not_pasted(params))
        checks.append(Check(orders.label, None, "", None, "duplicate_rows_keyed", params, "warn"))
    else:
        checks.append(
            Check(orders.label, int(lines[0]), "", None, "duplicate_rows", params, "warn")
        )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {rel}_kept AS SELECT * FROM {bare} "
        f"WHERE line NOT IN (SELECT line FROM {rel}_dup WHERE {drop})"
    )
    return f"{rel}_kept"


def _stored_not_pasted(params: Mapping[str, object]) -> dict[str, str]:
    """``duplicate_reason``'s words for a database table, where nothing was pasted (fix48b:
    「貼り付けの重複」 and 「行番号の列もいっしょに貼り付けて」 beside a table's rows): the same
    reasons, each said of lines stored twice."""
    out = {}
    for lang in ("ja", "en"):
        said = str(params.get(f"reason_{lang}", ""))
        for key in ("pasted", "keep"):
            said = said.replace(
                text(f"duplicate_rows.{key}", lang), text(f"duplicate_rows.{key}_db", lang)
            )
        out[f"reason_{lang}"] = said
    return out


def _line_key(
    con: duckdb.DuckDBPyConnection, orders: Loaded, line: int, has_id: bool
) -> dict[str, str]:
    """A database line named by its key, under the table's own column names (trial 47 L5):
    its order number (when the lines carry one), date and account."""
    keys = [k for k in ("order_id", "date", "account") if k != "order_id" or has_id]
    got = con.execute(
        f"SELECT {', '.join(keys)} FROM {orders.relation} WHERE line = ?", [line]
    ).fetchall()
    values = got[0] if got else (None,) * len(keys)
    parts = [
        f"{orders.columns.get(k, k).split(' ', 1)[-1]} {v}"  # "C 受注番号" → 受注番号
        for k, v in zip(keys, values, strict=True)
        if v is not None
    ]
    return {"key_ja": "・".join(parts), "key_en": ", ".join(parts)}


def _product_months(
    con: duckdb.DuckDBPyConnection, rel: str, orders: Loaded
) -> pd.DataFrame | None:
    """PRODUCT_MONTH_COLUMNS from the order lines of ``rel`` (core.price_index.product_months,
    in SQL): per product and month, the median price per unit, the amounts, the lines and
    the lines' spread of prices, over the lines with a product, an amount and a quantity
    above 0, and each one's maker where the lines name one (``price_index.with_makers``).
    None without a product column given, or without such a line."""
    if "product" not in orders.columns:
        return None
    table = duckdb_frame(
        con,
        "SELECT CAST(product AS VARCHAR) AS product, "
        f"{_MONTH_SQL} AS month, "
        "MEDIAN(CAST(amount AS DOUBLE) / CAST(quantity AS DOUBLE)) AS price, "
        "SUM(CAST(amount AS DOUBLE)) AS revenue, COUNT(*) AS lines, "
        "LN(QUANTILE_CONT(CAST(amount AS DOUBLE) / CAST(quantity AS DOUBLE), 0.75) "
        "/ QUANTILE_CONT(CAST(amount AS DOUBLE) / CAST(quantity AS DOUBLE), 0.25)) AS spread "
        f"FROM {rel} WHERE product IS NOT NULL AND date IS NOT NULL AND amount > 0 "
        "AND quantity > 0 GROUP BY ALL ORDER BY product, month",
    )
    if not len(table):
        return None
    out = pd.DataFrame(
        {
            "product": table["product"].astype(str).to_numpy(dtype=object),
            "month": pd.PeriodIndex.from_ordinals(table["month"].to_numpy(np.int64), freq="M"),
            "price": table["price"].to_numpy(dtype=float),
            "revenue": table["revenue"].to_numpy(dtype=float),
            "lines": table["lines"].to_numpy(dtype=np.int64),
            "spread": table["spread"].to_numpy(dtype=float),
        }
    ).reindex(columns=list(PRODUCT_MONTH_COLUMNS))
    if PRODUCT_MAKER in orders.columns:  # each product-month's maker, as the sheet's read picks it
        counts = duckdb_frame(
            con,
            "SELECT CAST(product AS VARCHAR) AS product, "
            f"{_MONTH_SQL} AS month, CAST(maker AS VARCHAR) AS maker, COUNT(*) AS lines "
            f"FROM {rel} WHERE product IS NOT NULL AND date IS NOT NULL AND amount > 0 "
            "AND quantity > 0 AND maker IS NOT NULL GROUP BY ALL",
        )
        counts = pd.DataFrame(
            {
                "product": counts["product"].astype(str).to_numpy(dtype=object),
                "month": pd.PeriodIndex.from_ordinals(counts["month"].to_numpy(np.int64), freq="M"),
                "maker": counts["maker"].astype(str).to_numpy(dtype=object),
                "lines": counts["lines"].to_numpy(dtype=np.int64),
            }
        )
        out = with_makers(out, counts)
    return out


# A date's month as pandas' monthly period ordinal (months since 1970-01).
_MONTH_SQL = "EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640"


def _counted(con: duckdb.DuckDBPyConnection, rel: str) -> str:
    """``rel`` with each row of N orders as N rows (validation.monthly.counted_sql), kept
    as a table (every later query reads it); ``rel`` itself when no row stands for more."""
    found = con.execute(
        f"SELECT 1 FROM {rel} WHERE amount > 0 AND round({ORDER_COUNT_KEY}) > 1 LIMIT 1"
    ).fetchall()
    if not found:
        return rel
    con.execute(f"CREATE OR REPLACE TEMP TABLE {rel}_counted AS {counted_sql(rel)}")
    return f"{rel}_counted"


def _merge_slips(
    con: duckdb.DuckDBPyConnection, rel: str, orders: Loaded, checks: list[Check]
) -> str:
    """Lines of one order count as one order, as the sheet validator merges them
    (validation.tables.merge_order_lines): summed into the slip's first line. For lines that
    carry order numbers (``_numbered``)."""
    slip = ", ".join(SLIP_KEYS)
    counts = con.execute(
        f"SELECT count(*), count(DISTINCT ({slip})) FROM {rel} WHERE order_id IS NOT NULL "
        f"AND ({slip}) IN (SELECT ({slip}) FROM {rel} WHERE order_id IS NOT NULL "
        f"GROUP BY ALL HAVING count(*) > 1)"
    ).fetchall()[0]
    lines, slips = int(counts[0]), int(counts[1])
    if not lines:
        return rel
    checks.append(
        Check(
            orders.label,
            None,
            "",
            None,
            "order_lines_merged",
            {"lines": f"{lines:,}", "orders": f"{slips:,}"},
            "info",
        )
    )
    # A product column is no key of the slip (its lines are one order, whatever their products).
    names = [d[0] for d in con.execute(f"SELECT * FROM {rel} LIMIT 0").description]
    product = ", product" if "product" in names else ""
    # Nor its maker (a product's attribute, read per product before the lines merge).
    product += ", maker" if "maker" in names else ""
    # One row per slip, kept as a table: every later query reads it. Lines without a number
    # keep their own values; a slip with no quantity on any line has none (SUM of NULLs is
    # NULL), as on a sheet; the customer's name is its first line's (the line a sheet keeps),
    # not a key of the slip.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {rel}_slips AS "
        f"SELECT * EXCLUDE (amount, quantity, line, {ACCOUNT_NAME_KEY}{product}), "
        "sum(amount) AS amount, "
        f"sum(quantity) AS quantity, min(line) AS line, "
        f"arg_min_null({ACCOUNT_NAME_KEY}, line) AS {ACCOUNT_NAME_KEY} "
        f"FROM {rel} WHERE order_id IS NOT NULL GROUP BY ALL "
        f"UNION ALL BY NAME SELECT * FROM {rel} WHERE order_id IS NULL"
    )
    return f"{rel}_slips"


def _match_dropped_zeros(
    con: duckdb.DuckDBPyConnection, rel: str, loaded: Loaded, known: set[str], checks: list[Check]
) -> str:
    """Codes that lost their leading zeros (1019 for 001019) read as the Accounts code they
    are, said once — the sheet validator's rule (validation.tables.match_dropped_zeros): the
    same code pairs (``zeros_dropped``), the same Checks line. Only the distinct digit codes
    Accounts does not know come to Python; the rows are rewritten by a join in DuckDB."""
    # The codes validation listed (every code of the file, each its own parse) spare a pass
    # over the rows; without them the distinct codes come first, then the test on them.
    codes = loaded.codes.get("account")
    distinct = (
        f"SELECT raw AS account FROM {codes}" if codes else f"SELECT DISTINCT account FROM {rel}"
    )
    con.register("routekpi_known", pa.table({"v": pa.array(sorted(known), pa.string())}))
    try:
        unknown = con.execute(
            f"SELECT d.account FROM ({distinct}) AS d ANTI JOIN routekpi_known AS k "
            "ON d.account = k.v WHERE regexp_full_match(d.account, '[0-9]+')"
        ).fetchall()
    finally:
        con.unregister("routekpi_known")
    found = zeros_dropped([code for (code,) in unknown], known)
    if not found:
        return rel
    pairs = f"{rel}_zeros"
    con.register("routekpi_pairs", pa.table({"code": list(found), "account": list(found.values())}))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {pairs} AS SELECT * FROM routekpi_pairs")
    finally:
        con.unregister("routekpi_pairs")
    # Counted on the rows used (a listed code may be only on skipped rows).
    lines, n_codes, first, value = con.execute(
        f"SELECT count(*), count(DISTINCT r.account), min(r.line), arg_min(r.account, r.line) "
        f"FROM {rel} AS r JOIN {pairs} AS p ON r.account = p.code"
    ).fetchall()[0]
    if not lines:
        return rel
    column = loaded.columns.get("account", "")
    checks.append(
        zeros_dropped_check(
            loaded.label, int(first), column, value, found[value], int(n_codes), int(lines)
        )
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {rel}_matched AS SELECT r.* REPLACE "
        f"(coalesce(p.account, r.account) AS account) FROM {rel} AS r "
        f"LEFT JOIN {pairs} AS p ON r.account = p.code"
    )
    return f"{rel}_matched"


def _first_unknown(
    con: duckdb.DuckDBPyConnection,
    rel: str,
    loaded: Loaded,
    known: dict[str, set[str]],
    checks: list[Check],
) -> None:
    """One warning per unknown account or rep, at its first line (validation.tables): the
    distinct codes are compared with the known ones in SQL, and only when some are unknown
    are the rows searched for their first lines (usually none is: no further pass)."""
    unknown: dict[str, list[str]] = {}
    for key in ("account", "rep"):
        con.register(f"known_{key}s", pa.table({"v": pa.array(list(known[key]), pa.string())}))
        listed = loaded.codes.get(key)  # every code in the file, listed by validation
        if listed is not None:
            anti = f"SELECT count(*) FROM {listed} AS l ANTI JOIN known_{key}s AS k ON l.raw = k.v"
            if not con.execute(anti).fetchall()[0][0]:
                unknown[key] = []  # the usable rows' codes are among them: all known
                con.unregister(f"known_{key}s")
                continue
        values = con.execute(
            f"SELECT DISTINCT r.{key} FROM {rel} AS r ANTI JOIN known_{key}s AS k "
            f"ON r.{key} = k.v WHERE r.{key} IS NOT NULL"
        )
        unknown[key] = [v for (v,) in values.fetchall()]
        con.unregister(f"known_{key}s")
    if not unknown["account"] and not unknown["rep"]:
        return
    for key in ("account", "rep"):
        con.register(
            f"unknown_{key}s", pd.DataFrame({"v": pd.Series(unknown[key], dtype="string")})
        )
    firsts = con.execute(
        f"SELECT account, NULL AS rep, min(line) FROM {rel} "
        "WHERE account IN (SELECT v FROM unknown_accounts) GROUP BY account UNION ALL "
        f"SELECT NULL, rep, min(line) FROM {rel} "
        "WHERE rep IN (SELECT v FROM unknown_reps) GROUP BY rep"
    ).fetchall()
    for key in ("account", "rep"):
        con.unregister(f"unknown_{key}s")
    codes = {"account": "unknown_account", "rep": "unknown_order_rep"}
    for key, pos in (("account", 0), ("rep", 1)):
        found = sorted(
            (int(row[2]), row[pos])
            for row in firsts
            if row[pos] is not None and row[1 - pos] is None and row[pos] not in known[key]
        )
        for line, value in found:
            checks.append(
                Check(
                    loaded.label, line, loaded.columns.get(key, ""), value, codes[key], {}, "warn"
                )
            )


def _future(
    con: duckdb.DuckDBPyConnection, rel: str, loaded: Loaded, as_of: date, checks: list[Check]
) -> None:
    """Orders and visits after the as-of date: kept, not counted; listed (capped)."""
    day = f"DATE '{as_of.isoformat()}'"
    total, first, last = con.execute(
        f"SELECT count(*), min(date), max(date) FROM {rel} WHERE date > {day}"
    ).fetchall()[0]
    if not total:
        return
    if total > LISTED_AFTER_AS_OF:  # the as-of date set before the history's end: one line
        checks.append(after_as_of(loaded.label, int(total), first, last, as_of))
        return
    rows = con.execute(
        f"SELECT line, date FROM {rel} WHERE date > {day} ORDER BY line LIMIT {MAX_ROW_CHECKS}"
    ).fetchall()
    for line, when in rows:
        checks.append(
            Check(
                loaded.label,
                int(line),
                loaded.columns.get("date", ""),
                when.isoformat(),
                "future_date",
                {"as_of": as_of.isoformat()},
                "warn",
            )
        )
