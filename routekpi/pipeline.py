"""The one pipeline every door runs: read → validate → compute → render.

The command line (``routekpi.recalc``), the Excel button (``excel.live``), the UDF cache
(``excel.model_cache``), the backtest and the shared copies all go through these stages; the
doors only adapt where the workbook comes from and where the cells go.

- read: ``read_file`` (the workbook reader, calamine or fastexcel) or ``excel.xwio.read_book``
  (xlwings) → ``WorkbookData``. A history source (CSV, a database) plugs in here: it replaces
  the ``Orders``/``Visits``/``Accounts`` tables of ``WorkbookData.sheets``, and every later
  stage stays as it is.
- validate: ``validate`` → ``Validated`` (settings, the inputs as a ``History``, the period).
- compute: ``compute`` → ``Computed`` (engine result, every check, rows read, language).
- render: ``render`` → ``Rendered`` (the status line and every output sheet's rows).

Failures before anything is written raise ``RecalcError`` with one sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from routekpi.contract import Check, InputError, language_of, typed_rows
from routekpi.core.baselines import PlanError
from routekpi.core.calendar import fiscal_months
from routekpi.core.engine import Result, run
from routekpi.core.handover import GONE_DAYS, ORPHANS_NAMED, handover_day, orphan_names
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.switched import SWITCH_DAYS, SWITCH_LINES
from routekpi.io.reader import BackgroundRead, WorkbookData, read_workbook
from routekpi.io.sheetxml import Cell
from routekpi.messages import bilingual, fmt_pct, text
from routekpi.render import (
    NEARLY_OVER,
    SHEET_ROWS,
    Row,
    Run,
    check_message,
    header,
    shown_landing,
    with_nearly_over,
)
from routekpi.render_daily import DAILY_CHECKS
from routekpi.render_dashboard import BANNER_CHECKS, BANNER_NOTES, banner_heights
from routekpi.render_dashboard import hidden_rows as dashboard_hidden_rows
from routekpi.schema import (
    ACCOUNTS,
    COLLECTED_VISITS,
    DASHBOARD,
    ORDERS,
    OUTPUT_COLUMNS,
    OUTPUT_SHEETS,
    OUTPUTS,
    PLAN,
    VISITS,
)
from routekpi.sources import (
    SourceRef,
    external_history,
    named_sources,
    replaced_sheets,
    sources_note,
)
from routekpi.validation.branches import rep_branches
from routekpi.validation.kgi_change import with_last_year
from routekpi.validation.leave import doubtful_leave, untyped_leave_checks
from routekpi.validation.mixed_units import mixed_units_checks, without_mixed_quantity
from routekpi.validation.period import (
    PlanPeriod,
    customer_meetings_checks,
    decide_period,
    default_as_of_checks,
    period_checks,
    requested_as_of,
    visits_stopped_checks,
)
from routekpi.validation.plan_year import plan_year_checks
from routekpi.validation.reps_sheet import listed_reps, unmatched_reps
from routekpi.validation.same_visit import pasted_export
from routekpi.validation.settings import (
    kgi_scale_check,
    parse_settings,
    plan_settings,
    revision_checks,
    shown_feasibility,
    working_weekdays,
)
from routekpi.validation.subtotals import subtotal_checks
from routekpi.validation.tables import Inputs, departed_rep_checks, validate_inputs
from routekpi.validation.tax import NET_READ_PROBLEM, TAX_PROBLEM, tax_kgi_check
from routekpi.validation.tax_step import said_as_tax_step
from routekpi.validation.unit_slip import by_cause, unit_slip_checks
from routekpi.wrapping import IN_CELL_WRAP, LINE_PT, wrap_text, wrapped_heights

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[str], None] | None


class RecalcError(Exception):
    """The run stopped; ``message`` is the one line to show. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- read ----------------------------------------------------------------------------------


def read_file(
    path: Path,
    *,
    progress: Progress = None,
    sources: Mapping[str, SourceRef] | None = None,
    started: BackgroundRead | None = None,
) -> WorkbookData:
    """The read stage for a workbook file; a refused file raises RecalcError (ja / en).

    ``sources`` (``{}`` for none given): the door honours history sources (recalc, backtest,
    daily), so an input sheet named on the Sources sheet or in ``sources`` is not read.
    ``started``: this file's read, begun earlier (only when ``sources`` names none).
    """
    path = Path(path)
    if path.is_dir():  # before the reader, which would call it "not found"
        raise RecalcError(bilingual("err.cli_is_folder", "ja", path=str(path)))
    skip = None if sources is None else replaced_sheets(sources)
    try:
        if started is not None and not sources:
            return started.result()
        return read_workbook(path, progress=progress, skip=skip)
    except InputError as exc:
        # The workbook's language is unknown before it is read: say it in both.
        raise RecalcError(bilingual(exc.key, "ja", **exc.params)) from exc


def workbook_language(data: WorkbookData) -> str:
    """The Language setting as read (ja when blank or unknown): for messages before parsing."""
    return language_of(data.settings.get("Language"))


def output_tabs(data: WorkbookData) -> dict[str, str]:
    """Output sheet → its tab in the workbook (the reader matched renamed and ja tabs too)."""
    return {s.name: data.tab_names[s.name] for s in OUTPUT_SHEETS if s.name in data.tab_names}


# --- validate ------------------------------------------------------------------------------


@dataclass
class Validated:
    """What a workbook's inputs and settings say, checked, before the engine runs."""

    inputs: Inputs
    settings: PlanSettings
    period: PlanPeriod
    checks: list[Check]  # settings and period checks (the inputs carry their own)


def _collected_unread(data: WorkbookData) -> list[Check]:
    """A warning when the collected-visits sheet holds rows while visits come from the Visits
    sheet (the Sources row for visits removed since): those rows are read only beside a
    visits source, so they are named rather than left out in silence."""
    raw = data.sheets.get(COLLECTED_VISITS.name)
    if raw is None or pasted_export(data.sheets.get(VISITS.name)):  # read beside a paste
        return []
    rows = typed_rows(raw)
    if not rows:
        return []
    params = {"sheet": raw.name, "rows": rows}
    return [Check(raw.name, None, "", None, "collected_visits_unread", params, "warn")]


def validate(
    data: WorkbookData,
    *,
    as_of: date | None = None,
    kgi: float | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    base: Path | None = None,
    raw_rows: bool = False,
    today: date | None = None,
    sheet_checks: bool = True,
) -> Validated:
    """Settings first, then the inputs judged against the one as-of date, then the period.

    ``kgi`` stands in for the KGI cell (the backtest sets its own). ``sources``: inputs read
    from files or databases instead of their sheets (besides the workbook's own Sources
    sheet, whose relative paths are read from ``base``). ``raw_rows``: a source's order and
    visit rows themselves, not aggregated (the backtest cuts them). ``today``: the run's day
    (default the clock's; ``PlanSettings.today``). ``sheet_checks`` False: without the
    history-wide info and warning lines that only the Checks sheet shows (the meetings read
    as visits, the visits that stop before the orders), for a run that shows none (the UDF
    model). Raises InputError.
    """
    raw = data.settings if kgi is None else {**data.settings, "KGI": kgi}
    # Settings first: the inputs are judged against the as-of date, whichever door it came
    # in by (validation.period decides it once for every adapter).
    parsed = parse_settings(
        raw, cell_of=data.setting_cells, sheet_of=data.setting_sheets, date1904=data.date1904
    )
    drop_identical = parsed.values.get("IdenticalOrderLines") == "drop"
    weekdays = working_weekdays(parsed.values)  # every calendar of the history counts them
    source_checks: list[Check] = []
    refs = named_sources(data, sources, base, source_checks)
    listed = listed_reps(data.reps)  # the Reps sheet's spellings are the ones shown
    typed_accounts: pd.DataFrame | None = None  # a file source's accounts as it gave them
    if refs:  # history from files or a database: aggregated once the as-of date is known
        ext = external_history(
            data,
            refs,
            as_of=requested_as_of(parsed, as_of),
            drop_identical=drop_identical,
            listed_reps=listed,
            weekdays=weekdays,
        )
        # A blank AsOf's last day is read on the orders and visits per day, as on pasted rows.
        period = decide_period(parsed, ext.preview, as_of, ext.day_counts)
        day = period.covered_as_of or ext.preview.last_date() or date.today()
        typed_accounts = ext.preview.accounts
        inputs = (
            ext.raw_inputs()
            if raw_rows
            else ext.inputs(
                day, period.fiscal_start_month, _handover_by(period, day), _year_start(period)
            )
        )
    else:
        inputs = validate_inputs(
            data.sheets,
            as_of=requested_as_of(parsed, as_of),
            date1904=data.date1904,
            user_tabs=data.user_sheets,
            user_headers=data.user_headers,
            drop_identical=drop_identical,
            listed_reps=listed,
            weekdays=weekdays,
            today=today,  # a run's given day (tests, a replay): its future is its own
            prepared=data.prepared,
        )
        period = decide_period(parsed, inputs.history, as_of)
    if VISITS.name not in refs:  # read beside a visits source or a pasted export only
        inputs.checks += _collected_unread(data)
    inputs.checks[:0] = source_checks
    # m³, litres and 台 under one 数量: no reading sums them (validation.mixed_units, left50d).
    inputs.history = without_mixed_quantity(inputs.history, inputs.checks)
    # After the visit rows' own lines (a Sources history says it where it reads them).
    if sheet_checks:
        inputs.checks += customer_meetings_checks(inputs.history)
    _refuse_team_as_rep(inputs, data, {name: ref.label for name, ref in refs.items()})
    try:
        settings, checks = plan_settings(
            parsed,
            plan_year=period.plan_year,
            as_of=period.covered_as_of,
            overrides=inputs.overrides,
            rep_weights=inputs.rep_weights,
        )
    except InputError as err:  # a KGI typed as a change: last year's figure (trial 53 L1)
        start = period.fiscal_start_month
        raise with_last_year(err, inputs.history, period.plan_year, start) from None
    branches, branch_checks = rep_branches(data.reps)
    # A Reps sheet listing rep codes (validation.reps.listed_codes): its rows are those reps'.
    coded = _reps_sheet_codes(inputs.checks)
    branches = {coded.get(rep, rep): branch for rep, branch in branches.items()}
    settings = replace(settings, today=today or run_day(), branches=branches)
    checks += branch_checks
    if sheet_checks and data.reps is not None:  # a Reps row no rep matches (trial 44 M4)
        named = _history_reps(inputs.history, typed_accounts) | set(coded)
        checks += unmatched_reps(data.reps, named)
    checks += period_checks(period, data.setting_cells, from_settings=as_of is None)
    checks += default_as_of_checks(period, inputs.history, data.setting_cells)
    if sheet_checks:  # lines only the Checks sheet shows (the UDF model reads none)
        checks += visits_stopped_checks(inputs.history, period.covered_as_of)
        # A Leave row whose end date looks mistyped (trial 28 M5): at its cell.
        checks += doubtful_leave(
            inputs.checks,
            inputs.history,
            period.plan_year,
            period.fiscal_start_month,
            settings.fiscal_year_label,
        )
        # A colleague's weeks on a rep's accounts that read as a leave nobody typed (trial 50 H6).
        checks += untyped_leave_checks(inputs.history, period.covered_as_of)
    typed_year = parsed.values.get("PlanYear") is not None
    checks += plan_year_checks(
        period,
        typed_year,
        data.setting_cells,
        label=settings.fiscal_year_label,
        today=settings.today,
    )
    return Validated(inputs, settings, period, checks)


validate_data = validate  # the name the backtest and older callers use


def _reps_sheet_codes(checks: Sequence[Check]) -> dict[str, str]:
    """The Reps sheet's codes read as reps (code → name; validation.reps ``reps_sheet_codes``)."""
    for check in checks:
        if check.problem == "reps_sheet_codes":
            return {str(c): str(n) for c, n in dict(check.params.get("codes", {})).items()}
    return {}


def _history_reps(history: History, typed: pd.DataFrame | None = None) -> set[str]:
    """Every rep name on the orders, visits and accounts (or their compact form), as typed.
    A file source hands accounts and lines over while it sums them (sources.assemble): its
    accounts as it gave them (``typed``), and the reps whose lines moved (``Handover.gone``,
    the previous reps), are named there too (trial 54: the hire the 顧客 file names on 40
    open accounts was on 「どのシートにもない担当者」 once his accounts had moved)."""
    frames = [history.orders, history.visits, history.accounts]
    if history.facts is not None:
        frames += [history.facts.rep_months, history.facts.visits]
    if typed is not None:
        frames.append(typed)
    names = {str(r) for f in frames if "rep" in f.columns for r in f["rep"].dropna().unique()}
    handed = history.handover
    if handed is not None:
        names |= set(handed.gone) | {r for _, r, _, _ in handed.received}
    return names


def run_day() -> date | None:
    """The day a run is made, for ``validate``'s ``today`` when none is given: the clock's.
    One place, so the test suite pins it (tests/conftest.py) and a test passes its own day."""
    return date.today()


def _refuse_team_as_rep(
    inputs: Inputs, data: WorkbookData, source_labels: Mapping[str, str]
) -> None:
    """A rep named like the team's row (``ALL``) would merge with the team's sums on every
    output: one clear stop naming where it was typed (the tab, or the file or query that
    stands in for it), before anything is computed. Overrides keep ALL: there it means the
    team's own target (documented); RepWeights ignores it."""
    h = inputs.history
    found: list[str] = []
    frames = [(ORDERS, h.orders), (VISITS, h.visits), (ACCOUNTS, h.accounts)]
    if h.facts is not None:
        frames += [(ORDERS, h.facts.rep_months), (VISITS, h.facts.visits)]
    for spec, frame in frames:
        if "rep" in frame.columns and frame["rep"].eq(TEAM).any():
            found.append(spec.name)
    if found:
        where = ", ".join(
            dict.fromkeys(source_labels.get(n) or data.tab_names.get(n, n) for n in found)
        )
        raise InputError("err.reserved_rep", rep=TEAM, where=where)


# --- compute -------------------------------------------------------------------------------


class Computed(NamedTuple):
    """The engine's result and everything the Checks sheet lists (a tuple for unpacking)."""

    result: Result
    checks: list[Check]
    rows_read: int
    language: str


# Engine notes that mean a target is missing, not just how it was made.
NOTE_SEVERITY: dict[str, str] = {
    # A departed rep's customers nobody holds now: their revenue is in no rep's target.
    "reps_departed_orphans": "warn",
    "reps_departed_orphans_more": "warn",
    # A rep with no record yet planned on the accounts the Accounts sheet gives him (trial 46
    # H5): a warning, so a stale or misspelt name on the master is seen before the targets.
    "reps_newcomer_accounts": "warn",
    "reps_newcomer_early": "warn",  # a hire with a ride-along before his first day (fix54a)
    "short_baseline": "warn",
    "override_unplanned": "warn",  # a target the manager typed that is not used
    "override_period_unplanned": "warn",  # (the reason: core.overrides._unused)
    "override_rep_unplanned": "warn",
    "override_kpi_unplanned": "warn",
    "override_rep_kpi_unplanned": "warn",
    "override_months_miss_year": "warn",  # typed months above the typed year
    "override_team_off_kgi": "warn",  # the reps' typed revenue no longer sums to the KGI
    # A baseline of other than twelve months read as "last year": the uplift it gives is too
    # large (+412% from 4 months) or too small (a two-year sum), which a manager must not miss.
    "baseline_part_year": "warn",
    "baseline_multi_year": "warn",
    # The last complete month lacks its last working days' orders: the baseline is short.
    "history_ends_early": "warn",
    # The reps' revenue targets short of the KGI (core.kgi_total; trial 51 H1).
    "kgi_targets_short": "critical",
    "kgi_targets_short_plain": "critical",
    # A rep with revenue and no account, planned on his orders (core.on_orders): fix the sheet.
    "reps_carried_on_orders": "warn",
}


def _handover_by(period: PlanPeriod, day: date) -> date:
    """The planning moment a history source decides each account's holder on: the engine's
    (core.handover)."""
    if period.plan_year is None:
        return day
    start = fiscal_months(period.plan_year, period.fiscal_start_month)[0]
    return handover_day(day, start.start_time.date())


def _year_start(period: PlanPeriod) -> date | None:
    """The plan year's first day (core.handover.decide: an account handed over in its first
    month is held at the planning moment); None without a plan year."""
    if period.plan_year is None:
        return None
    return fiscal_months(period.plan_year, period.fiscal_start_month)[0].start_time.date()


def engine_checks(result: Result) -> list[Check]:
    """Engine notes as rows of the Checks sheet (info, or a warning where NOTE_SEVERITY says)."""
    return [
        Check("Plan", None, "", None, n.code, dict(n.params), NOTE_SEVERITY.get(n.code, "info"))
        for n in result.notes
    ]


def compute(
    valid: Validated, setting_cells: Mapping[str, str] | None = None, *, sheet_checks: bool = True
) -> Computed:
    """Run the engine on validated inputs; the checks in Checks-sheet order. Raises PlanError.
    ``sheet_checks`` False: the validation's checks as they are, none drawn from the result
    (for a run that shows no Checks sheet: the UDF model)."""
    # Without the sheets, without what only they print (engine.run's ``sheet_notes``).
    result = run(valid.inputs.history, valid.settings, sheet_notes=sheet_checks)
    settings, inputs = valid.settings, valid.inputs
    if not sheet_checks:
        return Computed(
            result, [*valid.checks, *inputs.checks], inputs.rows_read, settings.language
        )
    # Against last year as booked: the message says 「前年実績」, and a lost account the plan
    # leaves out of its baseline (core.lost) was still last year's revenue.
    booked = result.evidence.booked_base
    last_year = float(booked.at[TEAM, "revenue"]) if TEAM in booked.index else math.nan
    # The summary's 基準売上 beside it, named too where lost accounts make it differ (L2).
    plan_base = float(result.plan.baseline_revenue)
    scale = kgi_scale_check(settings.kgi, last_year, setting_cells or {}, plan_base)
    # A KGI a tax rate below the 税込 baseline: likely typed 税抜 (validation.tax; trial 44 H2).
    said = [*valid.checks, *inputs.checks]
    # … or, the 税抜 column read beside a 税込 one, a stretch KGI a tax rate high (M9).
    stretch = result.plan.beyond_record or not result.plan.feasible
    taxed = tax_kgi_check(
        settings.kgi, result.plan.baseline_revenue, said, setting_cells or {}, stretch=stretch
    )
    said_as_tax_step(result, said)  # the step at a stack's untold tax switch said once (V3)
    # Named by the file the orders came from, when they did not come from the sheet.
    source = next(
        (
            c.sheet
            for c in inputs.checks
            if c.problem.startswith("source_used")
            and c.params.get("input") in (ORDERS.name, ORDERS.ja)
        ),
        ORDERS.name,
    )
    subtotals = subtotal_checks(inputs.history, source)
    # Amounts about 1/1,000 of the rest (validation.unit_slip): a file's said as it was read,
    # pasted months here; at the top with the KGI's unit, as they move the same judgement.
    slips = [c for c in inputs.checks if c.problem.startswith("amount_unit_slip")]
    rest = [c for c in inputs.checks if not c.problem.startswith("amount_unit_slip")]
    subtotals += slips or unit_slip_checks(inputs.history, source)
    checks = [
        *by_cause(scale, taxed, subtotals),  # the history's unit slip before the KGI's (fix50b)
        *valid.checks,
        *engine_departed(rest, result),
        *mixed_units_checks(inputs.history, source, inputs.checks),  # m³, L, 台 (left50b)
        *stale_account_checks(result, inputs),
        *switched_account_checks(result, inputs),
        # at the Settings cells; the accounts nobody holds at their Accounts rows
        *orphan_checks(
            revision_checks(engine_checks(result), setting_cells), result, inputs, settings.language
        ),
    ]
    return Computed(result, checks, inputs.rows_read, settings.language)


def engine_departed(checks: list[Check], result: Result) -> list[Check]:
    """The checks with the unknown reps said to have left exactly when the engine's handover
    says so. The sheet and file paths decide on the as-of date (validation.tables), the
    engine on the eve of the plan year when the as-of date is inside it
    (``core.handover.handover_day``): a rep who left during the plan year still has a target
    in the Plan, and is an unknown rep to check, not "departed", in the Checks."""
    if not any(c.problem in ("unknown_order_rep", "departed_order_rep") for c in checks):
        return checks
    handover = result.history.handover if result.history is not None else None
    gone = handover.last_seen if handover is not None else {}
    undone = [  # back to the validation's own check for the reps the engine kept
        Check(c.sheet, c.row, c.column, c.value, "unknown_order_rep", {}, "warn")
        if c.problem == "departed_order_rep" and str(c.value) not in gone
        else c
        for c in checks
    ]
    return departed_rep_checks(undone, gone) if gone else undone


def stale_account_checks(result: Result, inputs: Inputs) -> list[Check]:
    """One warning naming the Accounts rows that still give a departed rep open accounts
    his colleagues serve (``core.handover.standing``): the run counts them as the colleagues',
    and the user updates the sheet (it is never written). Rows are blank for accounts read
    from a file or a database."""
    now = result.standing
    if not now.moved:
        return []
    accounts = sorted(now.moved, key=lambda a: (inputs.account_rows.get(a, 0), a))
    rows = [inputs.account_rows[a] for a in accounts if a in inputs.account_rows]
    reps = sorted(set(now.sheet_rep.values()))
    params: dict[str, object] = {
        "reps": ", ".join(f"{r} ({now.departed[r].isoformat()})" for r in reps),
        "rows": ", ".join(str(r) for r in rows) or "—",
        "accounts": ", ".join(f"{a} → {now.moved[a]}" for a in accounts),
        "days": GONE_DAYS,
    }
    column = inputs.account_columns.get("rep", "")
    first = rows[0] if rows else None
    return [
        Check(ACCOUNTS.name, first, column, ", ".join(reps), "stale_account_rep", params, "warn")
    ]


def switched_account_checks(result: Result, inputs: Inputs) -> list[Check]:
    """One warning naming the open accounts the Accounts sheet gives to an active rep while
    another active rep alone has served them for a clear stretch (``core.switched``, trial 54
    H2): the run reads them as handed over on the day he began, and the user checks the sheet
    (it is never written). Rows are blank for accounts read from a file or a database."""
    switched = result.standing.switched
    if not switched:
        return []
    accounts = sorted(switched, key=lambda a: (inputs.account_rows.get(a, 0), a))
    rows = [inputs.account_rows[a] for a in accounts if a in inputs.account_rows]
    pairs: dict[tuple[str, str], int] = {}
    for giver, taker, _, _ in switched.values():
        pairs[(giver, taker)] = pairs.get((giver, taker), 0) + 1
    order = sorted(pairs, key=lambda p: (-pairs[p], p))
    # One day when the givers' last lines all come before the takers' first (a carve-out on
    # one day: only the takers' lines since it), else the takers' first days' span.
    first = min(day for _, _, day, _ in switched.values())
    last = max(day for _, _, day, _ in switched.values())
    gave = max(day for _, _, _, day in switched.values())
    since = first.isoformat() if gave < first else f"{first}〜{last}"
    params: dict[str, object] = {
        "since": since,
        "count": len(switched),
        "pairs": "、".join(f"{g} → {t} {pairs[(g, t)]}社" for g, t in order),
        "pairs_en": ", ".join(f"{g} → {t} {pairs[(g, t)]}" for g, t in order),
        "accounts": ", ".join(accounts),
        "days": SWITCH_DAYS,
        "lines": SWITCH_LINES,
    }
    column = inputs.account_columns.get("rep", "")
    row = rows[0] if rows else None
    givers = ", ".join(sorted({g for g, _ in pairs}))
    return [Check(ACCOUNTS.name, row, column, givers, "switched_account_rep", params, "warn")]


ORPHAN_NOTES = ("reps_departed_orphans", "reps_departed_orphans_more")


def orphan_checks(
    checks: list[Check], result: Result, inputs: Inputs, language: str
) -> list[Check]:
    """The checks with the leaver's line on accounts nobody holds now at the Accounts sheet:
    its first such row, the rep column, the departed rep, and each account named with its
    row (trial 30 M3: "1 account" to find among 603 rows; DESIGN: sheet, row, column,
    value), and, from a file or a database too, with its last order (trial 33 M5: all four
    had stopped ordering long ago, and the line asked for a rep). Those that stopped past the
    lapse rule's day (``core.flags.orphan_orders``) are said to have stopped, with their end
    date to type rather than a rep."""
    history = result.history
    handed = history.handover if history is not None else None
    if history is None or handed is None or not handed.orphan_accounts:
        return checks
    from routekpi.core.flags import orphan_orders  # as the engine does: flags load late

    rows = inputs.account_rows
    last = orphan_orders(history, result.evidence.as_of)
    orders = {
        a: text("orphan_last_order", language, day=str(last.at[a, "last_order"]))
        if a in last.index and str(last.at[a, "last_order"] or "")
        else text("orphan_no_order", language)
        for a, _, _ in handed.orphan_accounts
    }
    row_word = text("orphan_row", language, row="{row}")
    named, _ = orphan_names(handed, rows, row_word, orders)
    stopped = [a for a in last.index if bool(last.at[a, "stopped"])]
    said: dict[str, object] = {"names": named}
    if stopped:
        every = len(stopped) == len(last)
        said["stopped"] = text(
            "orphans_stopped_all" if every else "orphans_stopped_some",
            language,
            n=len(stopped),
            accounts=", ".join(stopped[:ORPHANS_NAMED])
            + (
                text("orphans_more", language, more=len(stopped) - ORPHANS_NAMED)
                if len(stopped) > ORPHANS_NAMED
                else ""
            ),
        )
    first = min((rows[a] for a, _, _ in handed.orphan_accounts if a in rows), default=None)
    rep = next((r for a, _, r in handed.orphan_accounts if rows.get(a) == first), None)
    column = inputs.account_columns.get("rep", "")
    out = []
    for c in checks:
        if c.problem not in ORPHAN_NOTES:
            out.append(c)
            continue
        problem = c.problem.replace("orphans", "orphans_stopped") if stopped else c.problem
        params = {**c.params, **said}
        if rows:
            out.append(Check(ACCOUNTS.name, first, column, rep, problem, params, c.severity))
        else:
            out.append(Check(c.sheet, c.row, c.column, c.value, problem, params, c.severity))
    return out


def compute_data(
    data: WorkbookData,
    *,
    as_of: date | None = None,
    progress: Progress = None,
    sources: Mapping[str, SourceRef] | None = None,
    base: Path | None = None,
    today: date | None = None,
    sheet_checks: bool = True,
) -> Computed:
    """Validate what a read stage returned and run the engine; bad input → RecalcError.
    ``today``: the run's day (default the clock's), for the Daily list's first day.
    ``sheet_checks`` False: without the checks only the Checks sheet shows (``validate``)."""
    language = workbook_language(data)
    try:
        valid = validate(
            data, as_of=as_of, sources=sources, base=base, today=today, sheet_checks=sheet_checks
        )
        if progress:
            progress("compute")
        return compute(valid, data.setting_cells, sheet_checks=sheet_checks)
    except (InputError, PlanError) as exc:
        if exc.key.startswith("kgi_"):  # names a cell: also in English, like the file errors
            raise RecalcError(bilingual(exc.key, language, **exc.params)) from exc
        raise RecalcError(text(exc.key, language, **exc.params)) from exc


def compute_file(
    path: Path,
    *,
    as_of: date | None = None,
    progress: Progress = None,
    sources: Mapping[str, SourceRef] | None = None,
    started: BackgroundRead | None = None,
    today: date | None = None,
) -> tuple[Computed, dict[str, str]]:
    """Read a workbook file, validate and compute; also its output tabs.

    ``sources``: ``--orders/--visits/--accounts`` (routekpi.sources), besides the Sources sheet.
    ``started``: the file's read, begun while the engine imported (``read_file``).
    ``today``: the run's day (default the clock's).
    """
    data = read_file(path, progress=progress, sources=sources or {}, started=started)
    computed = compute_data(
        data,
        as_of=as_of,
        progress=progress,
        sources=sources,
        base=Path(path).parent,
        today=today,
    )
    return computed, output_tabs(data)


# --- render --------------------------------------------------------------------------------

# Checks a user must not miss in a long Checks sheet: each is also one line on stderr.
HEADLINE_CHECKS = (
    "history_stale",
    "input_sheet_missing",
    "sheet_lookalike",
    "plan_year_far_ahead",
    "plan_year_far_ahead_end",
    "plan_year_far_ahead_stale",
)


def headlines(checks: list[Check], language: str, *, critical_only: bool = False) -> list[str]:
    """The sentences of the checks that are also said on stderr (critical ones first)."""
    picked = [
        c
        for c in checks
        if c.severity == "critical" or (c.problem in HEADLINE_CHECKS and not critical_only)
    ]
    picked.sort(key=lambda c: c.severity != "critical")
    return [check_message(c, language) for c in picked]


def missing_output_checks(tabs: Mapping[str, str]) -> list[Check]:
    """One warning per output sheet the workbook no longer has (its results are not written)."""
    return [
        Check(s.name, None, "", None, "optional_sheet_missing", {"sheet": s.name}, "warn")
        for s in OUTPUT_SHEETS
        if s.name not in tabs
    ]


def status_line(
    language: str,
    rows: int,
    checks: int,
    feasibility: str,
    *,
    seconds: bool = False,
    alert: str = "",
    landing: float | None = None,
) -> str:
    """The one-line status (time, rows read, checks, feasibility) every door writes.

    ``feasibility``: ``Plan.feasibility`` (yes, stretch or no).
    ``alert``: the first critical check (``status_alert``), which a glance must not miss.
    ``landing``: the running year's landing ÷ KGI when it answers a "beyond the record"
    judgement (core.stretch.landing_clears), or a reachable KGI's year landing short of it
    (core.stretch.status_landing): the status says where the year lands instead. The
    gates give none for a plan not judged (core.kgi_total.unjudged: "short", "unit").
    """
    when = datetime.now().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    line = text(
        "plan.status_text",
        language,
        when=when,
        rows=f"{rows:,}",
        checks=checks,
        feasible=text(f"plan.feasible_{feasibility}", language)
        if landing is None
        else text("plan.feasible_landing", language, ratio=fmt_pct(landing)),
    )
    return text("plan.status_alert", language, status=line, alert=alert) if alert else line


def status_alert(checks: list[Check], language: str) -> str:
    """The first critical check's sentence, for the status line ("" when there is none)."""
    critical = [c for c in checks if c.severity == "critical"]
    return check_message(critical[0], language) if critical else ""


@dataclass
class Rendered:
    """Every output sheet's rows (header included) and the status line they carry."""

    status: str
    tables: dict[str, list[Row]]
    dashboard_hidden: frozenset[int]  # chart-data rows left empty: hidden so charts skip them
    # Sheet → row (1-based) → height in points: the Plan's status row as tall as its lines.
    row_heights: dict[str, dict[int, float]] = field(default_factory=dict)


# What each sheet's rows depend on besides the result (render.SHEET_ROWS): the Checks sheet
# lists the checks, Dashboard and Plan carry the status line; the rest only the result.
CHECK_SHEETS = frozenset({"Checks"})
STATUS_SHEETS = frozenset({"Dashboard", "Plan"})
_STATUS_MARK = "\x00routekpi:status\x00"  # stands for the status line until it is known


class OutputRenderer:
    """``render.output_tables`` for one result, over changing checks and status lines.

    A recalculation renders its tables more than once (the user-cell planner reruns until the
    Checks table stops growing, then the final pass carries the real status line): the
    result's sheets are rendered once, Dashboard and Plan once with a placeholder status that
    each call fills in, and only the Checks table anew. The rows equal output_tables'.
    """

    def __init__(self, result: Result, language: str, checks: Sequence[Check] = ()) -> None:
        self.result = result
        self.language = language
        # The few checks a cached sheet shows (a KGI in the wrong unit on the Dashboard):
        # settings checks, known before the tables are first rendered; and the tax-included
        # amounts' line, which marks the revenue labels (validation.tax).
        # And a blank plan year nearly over: the Plan says it by its period.
        # And the visit log matching no order account: the Daily points to Checks.
        # And the 税抜 column read beside a 税込 one: 「(税抜)」 on those labels (trial 52 M9).
        shown = (
            *BANNER_CHECKS,
            *BANNER_NOTES,
            *DAILY_CHECKS,
            TAX_PROBLEM,
            NET_READ_PROBLEM,
            NEARLY_OVER,
        )
        self._shown = tuple(c for c in checks if c.problem in shown)
        self._rows: dict[str, list[Row]] = {}

    def _once(self, name: str) -> list[Row]:
        if name not in self._rows:
            run = Run(self.result, self._shown, self.language, _STATUS_MARK)
            self._rows[name] = SHEET_ROWS[name](run)
        return self._rows[name]

    def tables(self, checks: list[Check], status: str) -> dict[str, list[Row]]:
        """Every output sheet's rows including the header row (as output_tables)."""
        tables: dict[str, list[Row]] = {}
        for sheet in sorted(OUTPUTS, key=lambda o: o.always):  # Checks last, as there
            name = sheet.name
            if name in CHECK_SHEETS or (name in STATUS_SHEETS and not status):
                rows = SHEET_ROWS[name](Run(self.result, checks, self.language, status))
            elif name in STATUS_SHEETS:
                rows = [_with_status(row, status) for row in self._once(name)]
            else:
                rows = list(self._once(name))
            tables[name] = [header(name, self.language), *rows] if sheet.header else rows
        return tables


def _with_status(row: Row, status: str) -> Row:
    """The row with the placeholder status replaced (the same object when it has none)."""
    if not any(c == _STATUS_MARK or (isinstance(c, Cell) and c.value == _STATUS_MARK) for c in row):
        return row
    return [
        status
        if c == _STATUS_MARK
        else replace(c, value=status)
        if isinstance(c, Cell) and c.value == _STATUS_MARK
        else c
        for c in row
    ]


def render(
    computed: Computed,
    checks: list[Check],
    *,
    seconds: bool = False,
    renderer: OutputRenderer | None = None,
) -> Rendered:
    """The status line and the output tables for a result and its final list of checks.

    ``checks`` is ``computed.checks`` plus what the door added (missing or created sheets,
    moved user cells); ``seconds`` puts seconds in the status time (the button's form);
    ``renderer``: the one that rendered this result's tables before (what it can reuse).
    """
    result, language = computed.result, computed.language
    alert = status_alert(checks, language)
    feasibility = shown_feasibility(result.plan)
    status = status_line(
        language,
        computed.rows_read,
        len(checks),
        feasibility,
        seconds=seconds,
        alert=alert,
        # A running year landing on the KGI is not "beyond the record" (trial 41 M2), nor
        # "infeasible" (past every ceiling).
        # A reachable KGI's year landing short of it: the landing too (trial 53 M3).
        landing=shown_landing(result, checks),  # core.stretch.status_landing
    )
    status = with_nearly_over(status, result.plan, checks, language)  # 要注意: months left
    if where := sources_note(checks, short=True):  # not (only) from the sheets
        status = text("plan.status_sources", language, status=status, where=where)
    tables = (renderer or OutputRenderer(result, language, checks)).tables(checks, status)
    heights = status_heights(tables, status)
    if tall := banner_heights(tables.get(DASHBOARD.name, ())):  # the banner's lines
        heights[DASHBOARD.name] = tall
    for name in IN_CELL_WRAP:  # a flag's lines in its own cell: the row as tall as they are
        tall = wrapped_heights(name, tables.get(name, ()), [c.key for c in OUTPUT_COLUMNS[name]])
        if tall:
            heights[name] = {**heights.get(name, {}), **tall}
    return Rendered(status, tables, dashboard_hidden_rows(result, language), heights)


# One printed line of the status in points (``wrapping.LINE_PT``).
STATUS_LINE_PT = LINE_PT
_PLAN_NOTE = next(i for i, c in enumerate(OUTPUT_COLUMNS[PLAN.name]) if c.key == "note")


def status_heights(tables: Mapping[str, Sequence[Row]], status: str) -> dict[str, dict[int, float]]:
    """The Plan's status row as tall as the status wraps to in its note column.

    The status stays in one cell (the remembered stamp and every reader of the Plan find it
    whole there); that cell wraps (``rk_note``), but row heights are not recomputed on
    opening, so a one-line row printed only the first line and the history sources after it
    were lost on paper (trial 22). {} when the status fits one line or the Plan has none.
    """
    lines = len(wrap_text(status, OUTPUT_COLUMNS[PLAN.name][_PLAN_NOTE].width)) if status else 0
    if lines < 2:
        return {}
    for r, row in enumerate(tables.get(PLAN.name, ()), 1):
        cell = row[_PLAN_NOTE] if len(row) > _PLAN_NOTE else None
        if (cell.value if isinstance(cell, Cell) else cell) == status:
            return {PLAN.name: {r: lines * STATUS_LINE_PT}}
    return {}
