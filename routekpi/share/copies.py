"""Macro-free copies of the results: one for the team and one per rep, values only.

A copy is a fresh .xlsx written with openpyxl from the same output tables ``recalc`` writes
(``render.output_tables``), so it needs neither Python nor macros and carries no formula, no
VBA and no external link. A rep's copy keeps, from every output table that has a ``rep``
column, only that rep's rows (tables without one, such as Plan, Checks and the Dashboard, are
team-level and left out; the Matrix has one), and adds a cover, a visit-log sheet to fill on
the road (left out when visits come from a source file: ``collect`` could not take the rows
back) and the rep's accounts. The cover carries the rep's own lines of the Plan (why the
target is what it is; the running year's landing as actual + expected, one growth figure
in all) and, for a rep who took accounts over with their history, how many and since when;
the English code columns (``code``, ``kpi_key``) are left out of a rep's copy, which has no
formula to read them; the team copy says the Flags' code and KPI in words and leaves the other
KPI keys out (``labelled_codes``). The team copy has every output table; its
Dashboard keeps the master's native charts, pointed at the chart data copied onto the same
sheet (cell references within the copy, no cached numbers: Excel and LibreOffice draw them
from the cells).

The master is computed as ``recalc`` computes it, history sources included (``load_source``).

Team totals (rep ``ALL``) are left out of a rep's copy: total minus "mine" is the rest of the
team, and in a team of two that is the other rep's numbers.
"""

from __future__ import annotations

import hashlib
import html
import io
import math
import re
import string
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from routekpi import schema
from routekpi.contract import Check, display_width
from routekpi.core.baselines import Evidence
from routekpi.core.book_change import book_changes
from routekpi.core.calendar import fiscal_label
from routekpi.core.carry import Carry
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.censored import start_unknown_before
from routekpi.core.engine import Result
from routekpi.core.flags import CLOSED_CONFIRM_DAYS, capped_at_risk
from routekpi.core.frames import records
from routekpi.core.handover import Handover, serving_before_start
from routekpi.core.measure import TEAM
from routekpi.core.month_spread import baseline_years_back
from routekpi.core.stretch import status_landing
from routekpi.io import dashboard_layout as layout
from routekpi.io.dashboard_template import (
    AMBER,
    GREEN,
    HEADER_LINE_HEIGHT,
    RED,
    add_banner_colours,
    add_charts,
    dashboard_widths,
    fill_rule,
    header_lines,
    one_page,
    print_layout,
)
from routekpi.io.reader import WorkbookData
from routekpi.io.samplebook import KIND_LABELS, OUTCOME_LABELS
from routekpi.io.sheetxml import Cell
from routekpi.io.template import date_entry_rule, named_styles
from routekpi.messages import MESSAGES, fmt_num, fmt_pct, fmt_uplift, fmt_yen, text
from routekpi.pipeline import RecalcError, compute_data, read_file, render
from routekpi.render import not_started
from routekpi.render_daily import (
    HEAD_WIDTH,
    balanced_pieces,
    day_with_weekday,
    rep_page_breaks,
    visits_unmatched,
)
from routekpi.render_dashboard import chart_row_heights
from routekpi.render_handover import change_words
from routekpi.sources import SourceRef, named_sources, sources_note
from routekpi.validation.gaps import month_runs
from routekpi.validation.reps_sheet import listed_reps
from routekpi.validation.settings import shown_feasibility
from routekpi.validation.tables import read_table, read_words, validate_inputs
from routekpi.validation.tax import tax_mark
from routekpi.wrapping import pieces as printed_lines
from routekpi.wrapping import wrap_text, wrapped_heights

Row = Sequence[object]
# Custom document properties that tell collect whose copy came back and from which book.
PROP_KIND, PROP_REP, PROP_BOOK = "routekpi.kind", "routekpi.rep", "routekpi.book"
PROP_DIGEST, PROP_COMPUTED, PROP_AS_OF = (
    "routekpi.book_sha256",
    "routekpi.computed",
    "routekpi.as_of",
)
_VALIDATION_ROWS = 5000
# A rep's copy prints these one page wide (the master and the team copy two, beside their
# title columns): the rep carries his visit plan on paper, and two pages wide he read a
# stop's reason on one sheet and its (assumed) last visit, interval and revenue on the next
# (trial 46 N4). Its 190 width units print at about 73% in LibreOffice, the reasons whole.
REP_ONE_PAGE_WIDE = frozenset({schema.DAILY.name})
# Columns of English codes for lookups in the master (no formula in a copy reads them): a
# rep's copy shows the labels beside them only.
CODE_KEYS = frozenset({"code", "kpi_key"})
_PLAN_NOTE_WIDTH = next(c.width for c in schema.OUTPUT_COLUMNS["Plan"] if c.key == "note")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class ShareError(RecalcError):
    """Sharing or collecting stopped; ``message`` is the one line to show."""


@dataclass
class ShareSource:
    """Everything the copies are made from: one computation of the master workbook."""

    path: Path
    result: Result
    checks: list[Check]
    language: str
    tables: dict[str, list[Row]]
    accounts: pd.DataFrame  # validated Accounts: account, name, rep, start, end
    data: WorkbookData
    computed_at: datetime
    digest: str  # SHA-256 of the master file, hex
    history_from: str = ""  # "Orders=orders.csv, …" when not (only) from the sheets
    # The --visits file or database that leaves the copies without a visit log ("": they
    # carry one; visits from the Visits sheet, or from a source the Sources sheet names).
    visits_source: str = ""
    # The visits file or database the Sources sheet names ("": none) and the kinds it already
    # carries (trial 48 L3: a handheld's every stop): reps log only the kinds it lacks.
    sources_visits: str = ""
    source_kinds: frozenset[str] = frozenset()
    dashboard_hidden: frozenset[int] = frozenset()  # chart-data rows the charts skip
    # Sheet → row → points, as recalc writes them (the Plan's wrapped status line).
    row_heights: dict[str, dict[int, float]] = field(default_factory=dict)

    @property
    def reps(self) -> list[str]:
        """Reps that get a copy: those in the plan, then those with live accounts."""
        planned = [r for r in dict.fromkeys(self.result.targets["rep"]) if r != TEAM]
        owners = sorted(set(self.live_accounts()["rep"].dropna()) - set(planned) - {TEAM})
        return [str(r) for r in [*planned, *owners]]

    @property
    def log_kinds(self) -> tuple[str, ...]:
        """The kinds a rep's copy asks him to log (empty: the copy has no visit log).

        Visits from a Sources file that holds route visits but not every kind (a handheld's
        stops, trial 48 L3): only the kinds it lacks; from ``--visits`` alone: none (collect
        could not match them); else every kind — a file with all three is a full activity
        export (an SFA's), and reps log what happened since it was taken (trial 40 M5)."""
        if self.visits_source:
            return ()
        lacking = tuple(k for k in LOG_KINDS if k not in self.source_kinds)
        if "visit" in self.source_kinds and lacking:
            return lacking
        return LOG_KINDS

    @property
    def no_log_source(self) -> str:
        """Where the visits come from when the copies carry no log ("": they carry one)."""
        if self.log_kinds:
            return ""
        return self.visits_source or self.sources_visits

    def live_accounts(self, rep: str | None = None) -> pd.DataFrame:
        """Accounts without an end date on or before the as-of date (optionally one rep's)."""
        acc = self.accounts
        as_of = pd.Timestamp(self.result.evidence.as_of)
        live = acc[acc["end"].isna() | (acc["end"] > as_of)]
        if rep is not None:
            live = live[live["rep"] == rep]
        return live.sort_values("account", kind="stable")


def load_source(
    path: Path,
    *,
    language: str | None = None,
    as_of: date | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    today: date | None = None,
) -> ShareSource:
    """Read and compute the master as ``recalc`` does (nothing is written to it); ``today``:
    the run's day (default the clock's, as ``recalc``'s).

    The history comes from where recalc takes it: the Sources sheet's files or databases
    (paths relative to the master's folder), each replaced by one in ``sources``
    (``--orders/--visits/--accounts``), else the input sheets.
    """
    path = Path(path)
    data = read_file(path, sources=sources or {})
    # Visits from a file or database named on the Sources sheet: collect files a rep's log
    # on the master's collected-visits sheet, read beside it. Only a --visits given here and
    # not on the Sources sheet leaves the copies without a log: collect reads the Sources
    # sheet, so it would not know that file.
    on_sheet = named_sources(data, None, path.parent, []).get(schema.VISITS.name)
    given = (sources or {}).get(schema.VISITS.name)
    visits = given if given is not None and on_sheet is None else None
    named = on_sheet if given is None else None  # --visits over the Sources row: that file
    computed = compute_data(data, as_of=as_of, sources=sources, base=path.parent, today=today)
    if language is not None:
        computed = computed._replace(language=language)
    # The status line, tables and hidden chart rows recalc writes (alert and sources too).
    rendered = render(computed, computed.checks)
    result = computed.result
    # Accounts as the engine saw them: from the sources, or derived from the orders.
    history = result.history
    accounts = history.accounts if history is not None else _accounts(data)
    return ShareSource(
        path=path,
        result=result,
        checks=computed.checks,
        language=computed.language,
        tables=rendered.tables,
        accounts=accounts,
        data=data,
        computed_at=datetime.now().replace(microsecond=0),
        digest=hashlib.sha256(path.read_bytes()).hexdigest(),
        history_from=sources_note(computed.checks),
        dashboard_hidden=rendered.dashboard_hidden,
        row_heights=rendered.row_heights,
        visits_source=visits.label if visits is not None else "",
        sources_visits=named.label if named is not None else "",
        source_kinds=_source_kinds(result, data) if named is not None else frozenset(),
    )


# The kinds a rep's visit log takes, in the order the copy names them.
LOG_KINDS: tuple[str, ...] = ("visit", "attempt", "meeting")
_FACT_OF_KIND = {"visit": "visits", "attempt": "attempts", "meeting": "meetings"}


def _source_kinds(result: Result, data: WorkbookData) -> frozenset[str]:
    """The kinds the visits source itself carries: those the history counts beyond the rows
    collect filed on the collected-visits sheet (reps' logs must not stop the asking)."""
    history = result.history
    if history is None:
        return frozenset()
    counts: dict[str, float] = {}
    if history.facts is not None:
        v = history.facts.visits
        counts = {k: float(v[c].sum()) for k, c in _FACT_OF_KIND.items() if c in v}
    elif "kind" in history.visits:
        counts = {str(k): float(n) for k, n in history.visits["kind"].value_counts().items()}
    raw = data.sheets.get(schema.COLLECTED_VISITS.name)
    logged: dict[str, float] = {}
    if raw is not None:  # the sheet's own rows by kind, read as recalc reads them
        words = read_words(data.sheets.get(schema.WORDS.name), [], date1904=data.date1904)
        frame, _ = read_table(
            schema.VISITS, raw, [], date1904=data.date1904, today=None, words=words
        )
        if "kind" in frame:
            logged = {str(k): float(n) for k, n in frame["kind"].value_counts().items()}
    return frozenset(k for k in LOG_KINDS if counts.get(k, 0) > logged.get(k, 0))


def kind_names(kinds: Sequence[str], lang: str) -> str:
    """「アポ・商談」 / "attempts and meetings": the kinds a copy asks for, as the log's list."""
    if lang == "ja":
        return "・".join(KIND_LABELS["ja"][k] for k in kinds)
    return " and ".join(_KINDS_EN[k] for k in kinds)


# A sentence's plural, not the drop-down's word ("Record only meetings").
_KINDS_EN = {"visit": "visits", "attempt": "appointment attempts", "meeting": "meetings"}


def _accounts(data: WorkbookData) -> pd.DataFrame:
    """Accounts as the engine saw them (derived from Orders when the sheet is missing), the
    reps spelt as recalc shows them (the Reps sheet's spelling: validation.reps)."""
    listed = listed_reps(data.reps)
    return validate_inputs(data.sheets, date1904=data.date1904, listed_reps=listed).history.accounts


# --------------------------------------------------------------------------------------
# Which rows a rep may see


def cell_value(item: object) -> object:
    """The value of a table cell (a ``Cell`` or a bare value)."""
    return item.value if isinstance(item, Cell) else item


def rep_tables(
    tables: Mapping[str, list[Row]], rep: str, also: Mapping[str, Mapping[int, Row]] | None = None
) -> dict[str, list[Row]]:
    """Each output table cut down to ``rep``'s rows (tables without a rep column: dropped).

    Columns named ``<x>_rep`` name someone else (e.g. Review's best performer); on rows where
    that is another rep, the ``<x>_*`` columns (the name and that rep's value) are blanked.
    ``also``: per table, rows of the team's shown to the rep in their place (by the row's
    number in the table, 1 the first below the header), as the rep's version of them.
    """
    also = also or {}
    out: dict[str, list[Row]] = {}
    for name, rows in tables.items():
        columns = schema.OUTPUT_COLUMNS.get(name)
        keys = [c.key for c in columns] if columns else []
        if "rep" not in keys or not rows:
            continue
        at = keys.index("rep")
        others = [
            (keys.index(k), [i for i, kk in enumerate(keys) if kk.startswith(k[: -len("rep")])])
            for k in keys
            if k.endswith("_rep") and k != "rep"
        ]
        kept: list[Row] = [rows[0]]
        if not any(at < len(r) and cell_value(r[at]) not in (None, "") for r in rows[1:]):
            # No row names a rep: the table is a note for everyone (the Attainment and Review
            # say the plan year has not started yet); headers alone read as a failed run.
            out[name] = [rows[0], *rows[1:]]
            continue
        swap = also.get(name, {})
        for i, row in enumerate(rows[1:], start=1):
            if i in swap:
                kept.append(swap[i])
                continue
            if at >= len(row) or str(cell_value(row[at])) != rep:
                continue
            row = list(row)
            for who, group in others:
                if who < len(row) and str(cell_value(row[who]) or "") not in ("", rep):
                    for i in group:
                        if i < len(row):
                            row[i] = None
            kept.append(row)
        out[name] = kept
    return out


def chain_flags_for(source: ShareSource, rep: str) -> dict[int, Row]:
    """The Flags rows of the chain exits (core.chain_exit) whose stores ``rep`` held, by
    their row number in the master's Flags table, in the rep's words: his own row (his
    name), how many of the chain's stores were his, and no yen (the chain's share of the
    team's revenue would tell the team's total). A rep who held none of its stores does
    not see it (trial 40: every rep was pointed to the chain's flag)."""
    rows = source.tables.get(schema.FLAGS.name, [])
    if len(rows) < 2:
        return {}
    table = schema.OUTPUT_BY_NAME[schema.FLAGS.name]
    code_at = [c.key for c in table.columns].index("code")
    lang = source.language
    shown = source.result.evidence.settings.period_name
    out: dict[int, Row] = {}
    # The master's rows are ``capped_at_risk(result.flags)``'s, in order (render.flag_rows).
    flags = records(capped_at_risk(source.result.flags))
    for i, (f, row) in enumerate(zip(flags, rows[1:], strict=False), start=1):
        if f["code"] != "chain_exit" or cell_value(row[code_at]) != "chain_exit":
            continue
        p = f["params"]
        mine = int(p.get("holders", {}).get(rep, 0))
        if not mine:
            continue
        said = {
            "name": p["name"],
            "accounts": p["accounts"],
            "live": p["live"],
            "reps": p["reps"],
            "mine": mine,
            "first": p["first"],
            "last": p["last"],
        }
        cells = {
            "severity": text(f"severity.{f['severity']}", lang),
            "code": f["code"],
            "kpi_key": f["kpi"],
            "rep": rep,
            "period": shown(f["period"]),
            "account": f["account"],
            "message": text("flag.chain_exit_rep", lang, **said),
            # The group column is the manager's to type (the master book): not the rep's step.
            "action": text("action.chain_exit_rep", lang),
        }
        out[i] = table.row(cells)
    return out


# Actions addressed to the manager (a sheet only he edits), and what a rep's copy says
# instead: the rep cannot change the Targets sheet of the master book.
MANAGER_ONLY = {"action.behind_pace_handover": "action.behind_pace_handover_rep"}


def for_the_rep(rows: Sequence[Row], lang: str) -> list[Row]:
    """``rows`` with each manager-only action (``MANAGER_ONLY``, the whole cell) in the
    words for the rep; the header row as it is."""
    swap = {text(k, lang): text(v, lang) for k, v in MANAGER_ONLY.items()}
    out: list[Row] = list(rows[:1])
    for row in rows[1:]:
        cells = list(row)
        for i, item in enumerate(cells):
            value = cell_value(item)
            if isinstance(value, str) and value in swap:
                said = swap[value]
                cells[i] = replace(item, value=said) if isinstance(item, Cell) else said
        out.append(cells)
    return out


_TOKEN = re.compile(r"[A-Za-z0-9]+")


@dataclass
class Guard:
    """Strings that must not appear in one rep's copy: other reps and their accounts.

    ASCII names and codes match as whole tokens ("Ito" is not in "Italy", "C001" not in
    "C0012"); other text (Japanese names) matches anywhere. Text of the rep's own (their
    name, their accounts) is taken out first, so "田中商事" of mine does not trip on "田中".
    """

    own: list[str]
    tokens: frozenset[str] = frozenset()
    substrings: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    withheld: int = 0
    # (pattern, phrase): another rep named as the one to learn from, said without the name.
    neutral: tuple[tuple[re.Pattern[str], str], ...] = ()

    def clean(self, value: object, above: str = "") -> object:
        """``value``, or None when it names another rep or another rep's account.

        Advice that names the best performer keeps its advice: the name and number become
        the ``neutral`` phrase first, and only what still leaks is withheld. ``above``: the
        line of the same text in the cell above (a wrapped text goes on below), which may
        end with the words that lead in to the name (「…同僚のうち、」)."""
        if isinstance(value, str):
            for pattern, phrase in self.neutral:
                said = pattern.sub(phrase, above + value)
                value = said[len(above) :] if said.startswith(above) else pattern.sub(phrase, value)
        if isinstance(value, str) and self.leaks(value):
            self.withheld += 1
            return None
        return value

    def leaks(self, value: str) -> bool:
        """True when ``value`` contains another rep's name, account code or account name."""
        return self.found(value) is not None

    def found(self, value: str) -> str | None:
        """The first other rep's name, account code or account name ``value`` contains."""
        for own in self.own:
            if own in value:
                if _TOKEN.fullmatch(own):
                    # A code of his own is taken out only as a whole token, as others' are
                    # matched: taken out inside a hex digest ("…a2b1a3…" with his a2 and a3)
                    # it left a colleague's "b1" standing alone (a copy refused at random).
                    value = re.sub(
                        rf"(?<![A-Za-z0-9]){re.escape(own)}(?![A-Za-z0-9])", "\x00", value
                    )
                else:
                    value = value.replace(own, "\x00")
        if self.tokens:
            hit = self.tokens.intersection(_TOKEN.findall(value))
            if hit:
                return min(hit)
        hit = next((s for s in self.substrings if s in value), None)
        if hit is None:
            hit = next((m.group(0) for p in self.patterns if (m := p.search(value))), None)
        return hit


def guard_for(source: ShareSource, rep: str) -> Guard:
    """The guard of ``rep``'s copy."""
    acc = source.accounts
    # A hire's accounts on the list of the rep serving them until he starts (trial 46 N5)
    # are that rep's in his copy: their codes and names are on his visit plan.
    mine = acc[
        (acc["rep"] == rep) | acc["account"].astype(str).isin(serving_until_start(source, rep))
    ]
    own = {rep, *mine["account"].dropna().astype(str), *mine["name"].dropna().astype(str)}
    others_acc = acc[~acc.index.isin(mine.index)]
    forbidden = {r for r in source.reps if r != rep}
    forbidden |= set(source.result.targets["rep"]) - {rep, TEAM}
    forbidden |= set(others_acc["rep"].dropna().astype(str)) - {rep, TEAM}
    forbidden |= set(others_acc["account"].dropna().astype(str))
    forbidden |= set(others_acc["name"].dropna().astype(str))
    forbidden = {f.strip() for f in forbidden if f.strip() and f not in own}
    tokens = frozenset(f for f in forbidden if _TOKEN.fullmatch(f))
    plain = [f for f in forbidden if f not in tokens]
    patterns = tuple(
        re.compile(f"(?<![A-Za-z0-9]){re.escape(f)}(?![A-Za-z0-9])") for f in plain if f.isascii()
    )
    substrings = tuple(f for f in plain if not f.isascii())
    others = [r for r in forbidden_reps(source) if r != rep and r not in own]
    neutral = best_rep_patterns(others, source.language)
    return Guard(sorted(own, key=len, reverse=True), tokens, substrings, patterns, 0, neutral)


def serving_until_start(source: ShareSource, rep: str) -> set[str]:
    """The accounts a hire holds from the plan year's first day that ``rep`` serves, and the
    Daily lists under him, until then (``core.daily._serving_now``)."""
    serving, _ = serving_before_start(source.result.history.handover)
    months = source.result.evidence.plan_months
    first = source.result.daily.first_day
    if not serving or not months or (first is not None and first >= months[0].start_time.date()):
        return set()
    return {a for a, r in serving.items() if r == rep}


def forbidden_reps(source: ShareSource) -> set[str]:
    """Every rep name of the master (plan, copies, accounts), the team total left out."""
    names = {*source.reps, *map(str, source.result.targets["rep"])}
    names |= set(source.accounts["rep"].dropna().astype(str))
    return {n.strip() for n in names if n.strip() and n != TEAM}


# The messages that name the best performer as the one to ask ({best} then his number), and
# the phrase a rep's copy says instead: the team's best, or among the colleagues who work as
# many days (core.review._days_alike) the best of those, whom 「チームのベスト担当者」 was not.
_BEST_MESSAGES = (
    ("review.finding.main", "value", "best_other"),
    ("review.finding.main_alike", "value", "best_alike"),
    ("action.behind_pace_lever", "best_value", "best_other"),
    ("action.behind_pace_lever_alike", "best_value", "best_alike"),
)


def best_rep_patterns(reps: Sequence[str], lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Patterns of 「Itoさん(3.10)」 / "Ito (3.10)" for each of ``reps``, with the phrase
    that replaces them (「チームのベスト担当者」; after 「…同僚のうち、」, the words just
    before the name in the alike-reps messages, 「最も成績の良い人」). The number goes too:
    it is that rep's value, which a rep's copy never shows. The fragments come from the
    messages themselves, so a reworded message keeps matching; a fragment cut where a long
    line wraps (no closing bracket in the cell) matches to the cell's end. The alike phrase
    comes first; a name whose lead-in was wrapped onto the line above gets the team's."""
    if not reps:
        return ()
    names = "|".join(re.escape(r) for r in sorted(reps, key=len, reverse=True))
    alike: set[tuple[str, str, str, str]] = set()
    team: set[tuple[str, str, str, str]] = set()
    for key, param, phrase_key in _BEST_MESSAGES:
        raw = MESSAGES[key].get(lang) or MESSAGES[key]["en"]
        fields = {f for _, f, _, _ in string.Formatter().parse(raw) if f}
        marks = {f: "\x03" for f in fields} | {"best": "\x01", param: "\x02"}
        shown = raw.format(**marks)
        if "\x01" not in shown or "\x02" not in shown:
            continue
        before, rest = shown.split("\x01", 1)
        between, after = rest.split("\x02", 1)
        lead = before.rsplit("\x03", 1)[-1] if phrase_key == "best_alike" else ""
        (alike if lead else team).add((lead, between, after[:1], _t(phrase_key, lang)))
    out: list[tuple[re.Pattern[str], str]] = []
    for lead, between, closer, phrase in [*sorted(alike), *sorted(team)]:
        tail = f"[^{re.escape(closer)}]*(?:{re.escape(closer)}|$)" if closer else ""
        ahead = f"(?<={re.escape(lead)})" if lead else ""
        pattern = rf"{ahead}(?<![A-Za-z0-9])(?:{names}){re.escape(between)}{tail}"
        out.append((re.compile(pattern), phrase))
    return tuple(out)


# --------------------------------------------------------------------------------------
# Writing a copy


def _plain(value: object) -> object:
    """A value openpyxl writes as a constant: Python scalars, no NaN, no control characters."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if value is pd.NaT:
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or isinstance(value, bool | int | date):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return str(value)


def _put(ws: Worksheet, row: int, col: int, value: object, style: str | None) -> None:
    value = _plain(value)
    if value is None and style is None:
        return
    cell = ws.cell(row, col)
    if value is not None:
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text the user typed stays text, never a formula
    if style:
        cell.style = style


def without_codes(name: str, rows: Sequence[Row]) -> tuple[list[Row], list[schema.OutputColumn]]:
    """``rows`` and the table's columns without the code columns (``CODE_KEYS``)."""
    columns = list(schema.OUTPUT_COLUMNS.get(name, ()))
    drop = {i for i, c in enumerate(columns) if c.key in CODE_KEYS}
    if not drop:
        return list(rows), columns
    kept = [[item for i, item in enumerate(row) if i not in drop] for row in rows]
    return kept, [c for i, c in enumerate(columns) if i not in drop]


def labelled_codes(
    name: str, rows: Sequence[Row], lang: str
) -> tuple[list[Row], list[schema.OutputColumn]]:
    """The team copy's ``rows`` without English codes (trial 45 L8: a 課長 printing the team
    copy's Flags read ``at_risk_account`` / ``revenue`` beside Japanese sentences): a KPI key
    column beside the KPI's label goes, as in a rep's copy; the Flags' code and KPI key (no
    label beside them) are said in words under 「種類」 and 「KPI」. No formula reads a copy."""
    if name != schema.FLAGS.name:
        return without_codes(name, rows)
    columns = list(schema.OUTPUT_COLUMNS[name])
    keys = [c.key for c in columns]
    at = {keys.index("code"): _flag_kind, keys.index("kpi_key"): _kpi_label}
    heads = {keys.index("code"): text("share.flag_kind_header", lang), keys.index("kpi_key"): "KPI"}
    out: list[Row] = []
    for r, row in enumerate(rows):
        cells = list(row)
        for i, say in at.items():
            if i >= len(cells):
                continue
            item = cells[i]
            value = item.value if isinstance(item, Cell) else item
            if r == 0:
                value = heads[i]
            elif isinstance(value, str) and value:
                value = say(value, lang)
            cells[i] = Cell(value, item.style) if isinstance(item, Cell) else value
        out.append(cells)
    return out, columns


def _flag_kind(code: str, lang: str) -> str:
    key = f"flag_kind.{code}"
    return text(key, lang) if key in MESSAGES else code


def _kpi_label(key: str, lang: str) -> str:
    kpi = KPI_BY_KEY.get(key)
    return kpi.label(lang) if kpi is not None else key


def _basis_to_cover(name: str, rows: Sequence[Row], lang: str) -> list[Row]:
    """Targets' "rep share of the KGI" pointing to the cover, where a rep's copy says why.
    The basis may go on after it (a part-timer's per-day sentence, render._own_days_words:
    「KGIの担当者配分。1営業日あたりは…」): the pointer replaces the words, the rest stays."""
    if name != schema.TARGETS.name or not rows:
        return list(rows)
    at = [c.key for c in schema.OUTPUT_COLUMNS[name]].index("basis")
    share, pointer = text("basis.kgi_share", lang), _t("basis_kgi_share", lang)
    out: list[Row] = [rows[0]]
    for row in rows[1:]:
        value = cell_value(row[at]) if at < len(row) else None
        rest = value[len(share) :] if isinstance(value, str) and value.startswith(share) else None
        if rest is not None and not rest[:1].isalnum():  # the words whole, not a longer word
            row = [*row[:at], pointer + rest, *row[at + 1 :]]
        out.append(row)
    return out


def _write_table(
    ws: Worksheet,
    rows: Sequence[Row],
    name: str,
    guard: Guard | None,
    columns: Sequence[schema.OutputColumn],
) -> None:
    above: dict[int, str] = {}  # each column's text one row up (a wrapped text goes on)
    for r, row in enumerate(rows, 1):
        for c, item in enumerate(row, 1):
            value, style = (item.value, item.style) if isinstance(item, Cell) else (item, None)
            if style is None and r > 1 and c <= len(columns):
                style = columns[c - 1].style
            raw = value
            if guard is not None:
                value = guard.clean(value, above.get(c, ""))
            above[c] = raw if isinstance(raw, str) else ""
            _put(ws, r, c, value, style)
    if name == schema.DASHBOARD.name:  # a page of cards and chart data: no header to filter
        for c, col in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(c)].width = col.width
        return
    # The declared widths, widened where the copy's header would break inside a word; a
    # header over two lines gets a row high enough for them (the copy has one language).
    head = list(rows[0]) if rows else []
    lines = 1
    for c in range(1, max(len(columns), len(head)) + 1):
        width = columns[c - 1].width if c <= len(columns) else 16.0
        label = head[c - 1] if c <= len(head) else None
        label = label.value if isinstance(label, Cell) else label
        if isinstance(label, str):
            width, need = header_lines(label, width)
            lines = max(lines, need)
        if c <= len(columns) and columns[c - 1].key in ("kpi", *CODE_KEYS):
            # Each KPI label on one line, as on the master (io.dashboard_template): a label
            # wrapped in a row of one line's height printed over the next (trial31 L6:
            # "Visits per account (monthl", "(monthly)" under the next row's label). So the
            # team copy's Flags' kind and KPI in words (labelled_codes; its only code columns).
            width = max(width, min(_longest(rows[1:], c - 1) * 1.05 + 2, 60.0))
        ws.column_dimensions[get_column_letter(c)].width = width
    if lines > 1:
        ws.row_dimensions[1].height = lines * HEADER_LINE_HEIGHT
    ws.freeze_panes = "A2"
    if len(rows) > 1 and rows[0]:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"


def _longest(rows: Sequence[Row], at: int) -> float:
    """The widest text (display units) in column ``at`` of ``rows``; 0 without one."""
    widths = [0.0]
    for row in rows:
        item = row[at] if at < len(row) else None
        value = item.value if isinstance(item, Cell) else item
        if isinstance(value, str):
            widths.append(float(display_width(value)))
    return max(widths)


def _traffic_lights(
    ws: Worksheet, name: str, n_rows: int, source: ShareSource, keys: Sequence[str]
) -> None:
    """Attainment and flag colours as in the master, with constants instead of names."""
    if n_rows < 2:
        return
    if name == schema.FLAGS.name:
        letter = get_column_letter(list(keys).index("severity") + 1)
        for severity, fill, font in (
            ("critical", "FFFFC7CE", "FF9C0006"),
            ("warn", "FFFFEB9C", "FF9C5700"),
            ("info", "FFDDEBF7", "FF1F4E78"),
        ):
            label = text(f"severity.{severity}", source.language)
            rule = CellIsRule(
                operator="equal",
                formula=[f'"{label}"'],
                fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                font=Font(color=font),
            )
            ws.conditional_formatting.add(f"{letter}2:{letter}{n_rows}", rule)
        return
    if name != schema.ATTAINMENT.name:
        return
    keys = list(keys)
    first = get_column_letter(keys.index("attainment") + 1)
    last = get_column_letter(keys.index("pace") + 1)
    cells = f"{first}2:{last}{n_rows}"
    st = source.result.evidence.settings
    # Numbers only, as the master's rules (``add_pace_colours``: ISNUMBER): a blank cell
    # reads 0 to a plain "less than" rule, so the taken-over accounts' row, which has no
    # target and so no attainment, was red (trial 35 L5). Each cell by its own value.
    cell = f"{first}2"
    for op, value, fill, font in (
        ("<", st.pace_critical, "FFFFC7CE", "FF9C0006"),
        ("<", st.pace_warn, "FFFFEB9C", "FF9C5700"),
        (">=", 1, "FFC6EFCE", "FF006100"),
    ):
        rule = FormulaRule(
            formula=[f"AND(ISNUMBER({cell}),{cell}{op}{float(value)!r})"],
            fill=PatternFill("solid", fgColor=fill, bgColor=fill),
            font=Font(color=font),
            stopIfTrue=True,
        )
        ws.conditional_formatting.add(cells, rule)


def tab_name(name: str, language: str) -> str:
    """The tab a copy gives an output sheet: Japanese names in a Japanese copy."""
    if language != "ja":
        return name
    spec = next(
        (
            s
            for s in (*schema.ALL_SHEETS, schema.COVER, schema.VISIT_LOG, schema.MY_ACCOUNTS)
            if s.name == name
        ),
        None,
    )
    return spec.ja if spec is not None else name


@dataclass
class CopyInfo:
    """What went into one copy."""

    rep: str | None
    sheets: list[str]
    withheld: int = 0
    accounts: int = 0
    extra: dict[str, object] = field(default_factory=dict)


def build_copy(source: ShareSource, rep: str | None = None) -> tuple[bytes, CopyInfo]:
    """The .xlsx bytes of the team copy (``rep`` None) or of one rep's copy."""
    lang = source.language
    guard = guard_for(source, rep) if rep is not None else None
    tables = (
        rep_tables(source.tables, rep, {schema.FLAGS.name: chain_flags_for(source, rep)})
        if rep is not None
        else dict(source.tables)
    )
    if rep is not None and schema.DAILY.name in tables:
        tables[schema.DAILY.name] = _daily_with_note(tables[schema.DAILY.name], source, rep, lang)
    # The sheets after the cover, in order: the cover lists every one of them.
    log_wanted = rep is not None and bool(source.log_kinds)
    rep_sheets = [*([schema.VISIT_LOG.name] if log_wanted else []), *tables]
    rep_sheets.append(schema.MY_ACCOUNTS.name)
    names = rep_sheets if rep is not None else [*tables]
    wb = Workbook()
    for style in named_styles():
        wb.add_named_style(style)
    cover = wb.active
    cover.title = tab_name(schema.COVER.name, lang)
    _cover(cover, source, rep, guard, names)
    info = CopyInfo(rep, [cover.title])
    accounts = source.live_accounts(rep) if rep is not None else source.accounts.iloc[:0]
    served = serving_until_start(source, rep) if rep is not None else set()
    if served:  # a hire's accounts he visits until the hire starts: in his visit log's list
        live = source.live_accounts()
        accounts = live[(live["rep"] == rep) | live["account"].astype(str).isin(served)]
    if log_wanted:
        log = wb.create_sheet(tab_name(schema.VISIT_LOG.name, lang))
        _visit_log(
            log, tab_name(schema.MY_ACCOUNTS.name, lang), len(accounts), lang, source.log_kinds
        )
        info.sheets.append(log.title)
    info.accounts = len(accounts)
    dashboard: Worksheet | None = None
    tables_on: dict[str, tuple[Worksheet, list[str]]] = {}  # output sheet: its tab, columns
    for name, rows in tables.items():
        ws = wb.create_sheet(tab_name(name, lang))
        columns = list(schema.OUTPUT_COLUMNS.get(name, ()))
        if rep is not None:
            rows, columns = without_codes(name, _basis_to_cover(name, rows, lang))
            rows = for_the_rep(rows, lang)
        else:
            rows, columns = labelled_codes(name, rows, lang)
        _write_table(ws, rows, name, guard, columns)
        if rep is None:  # the team copy's tables are the master's rows, row for row
            for row, height in source.row_heights.get(name, {}).items():
                ws.row_dimensions[row].height = height
            if name == schema.DAILY.name:  # each rep's days on paper of their own, as the
                for at in rep_page_breaks(rows):  # master's Daily prints (trial 38 M3)
                    ws.row_breaks.append(Break(id=at))
        else:  # a rep's rows: his flags, each as tall as its wrapped lines
            for row, height in wrapped_heights(name, rows, [c.key for c in columns]).items():
                ws.row_dimensions[row].height = height
        _traffic_lights(ws, name, len(rows), source, [c.key for c in columns])
        info.sheets.append(ws.title)
        if name == schema.DASHBOARD.name:
            dashboard = ws
        elif name in schema.OUTPUT_BY_NAME:
            tables_on[name] = ws, [c.key for c in columns]
    if rep is not None:
        acc_ws = wb.create_sheet(tab_name(schema.MY_ACCOUNTS.name, lang))
        _my_accounts(acc_ws, accounts, lang, guard, start_unknown_before(source.result.history))
        info.sheets.append(acc_ws.title)
    _properties(wb, source, rep, guard)
    for ws in wb.worksheets:  # the copy's own sheets: A4 landscape, one page wide
        one_page(ws, tall=0)
        if ws is not cover and ws is not dashboard:  # each page under the table's header
            ws.print_title_rows = "1:1"
    for name, (ws, keys) in tables_on.items():  # the output tables: printed as the master's
        print_layout(ws, name, keys)
        if rep is not None and name in REP_ONE_PAGE_WIDE:
            ws.page_setup.fitToWidth = 1
            ws._print_cols = None  # openpyxl's setter ignores None: no title columns to repeat
    if dashboard is not None:
        _dashboard(dashboard, source)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if guard is not None:
        info.withheld = guard.withheld
        leak = leak_in(data, guard)
        if leak:  # a bug, not a user error: refuse rather than send it
            _, tab, word = leak
            raise ShareError(_t("leak", lang, rep=rep, sheet=tab, word=word))
    return data, info


def _daily_with_note(rows: list[Row], source: ShareSource, rep: str, lang: str) -> list[Row]:
    """The rep's visit plan with, above his stops, the assumption his 前回訪問 dates come
    from when the list took his accounts as visited on their rhythm through days without
    records (core.daily.on_rhythm; trial 46 M5: the master's Daily said so in its first
    line, which names the team and stays off the copy, so the rep read them as recorded)."""
    plan = source.result.daily
    first, last, count = plan.assumed_of.get(rep, (None, None, 0))
    lines: list[str] = []
    if first is not None and last is not None and count and len(rows) >= 2:
        year = first.year != last.year
        lines.append(
            _t(
                "daily_assumed",
                lang,
                first=day_with_weekday(first, lang, year),
                last=day_with_weekday(last, lang, year),
                count=f"{count:,}",
            )
        )
    # His accounts left off as never visited (core.daily._never_visited): the master's
    # head line says so for the team, the copy for him (review47: they went unsaid). A visit
    # log matching no order account: Checks says why, as the master's line does (fix49k).
    left_off = plan.never_of.get(rep, 0)
    if left_off:
        key = "daily_never_visited_unmatched" if visits_unmatched(source.checks) else None
        lines.append(_t(key or "daily_never_visited", lang, count=f"{left_off:,}"))
    # ... and those past their check week, probably closed or gone quiet (core.daily
    # _closed_off; lapse48, fix49a): the master's Flags rows name them (fix49b, fix49k).
    if closed := closed_left_off(source, rep):
        flags = tab_name(schema.FLAGS.name, lang)
        said = {"count": f"{closed:,}", "confirm": CLOSED_CONFIRM_DAYS, "flags": flags}
        lines.append(_t("daily_closed_quiet_left_off", lang, **said))
    # A hire planned on a colleague's accounts from the plan year's first day has no list
    # before it (core.daily._serving_now; trial 46 N5): his copy says when it starts.
    handed = source.result.history.handover
    _, hires = serving_before_start(handed)
    months = source.result.evidence.plan_months
    if handed is not None and rep in hires and months:
        start = months[0].start_time.date()
        if plan.first_day is None or plan.first_day < start:
            lines.append(
                _t(
                    "daily_hire_later",
                    lang,
                    plan=fiscal_label(source.result.evidence.settings.plan_year),
                    start=day_with_weekday(start, lang, True),
                    count=f"{dict(handed.newcomers)[rep]:,}",
                )
            )
    if not lines or not rows:
        return rows
    daily = schema.OUTPUT_BY_NAME[schema.DAILY.name]
    note = [
        daily.row({"rep": Cell(part, "rk_text")})
        for line in lines
        for part in balanced_pieces(line, HEAD_WIDTH)
    ]
    return [rows[0], *note, *rows[1:]]


def closed_left_off(source: ShareSource, rep: str) -> int:
    """How many of ``rep``'s accounts his visit plan left off past their one check week:
    probably closed, or a steady customer gone quiet (core.daily._closed_off, as the list
    decided it: ``DailyPlan.closed_of``). Not one in its check week and merely unscheduled,
    nor one left off as never visited (fix49k: counted from the flag's names before)."""
    return int(source.result.daily.closed_of.get(rep, 0))


def _dashboard(ws: Worksheet, source: ShareSource) -> None:
    """The copy's Dashboard as the master shows it: the template's native charts over the
    chart data copied below the page (same cells, this sheet), the banner and traffic-light
    colours (with the thresholds as constants: a copy has no Settings names), one page."""
    lang = source.language
    cells = layout.CELLS
    # The master's heading says the block is rewritten on every recalculation; a copy never is.
    ws.cell(layout.DATA_TOP, 1).value = _t("dash_chart_data", lang)
    ws.cell(layout.FEASIBLE_ROW, layout.DATA_COL + 1).number_format = ";;;"  # the banner's 1/0
    for row in source.dashboard_hidden:  # unused slots: the charts plot visible cells only
        ws.row_dimensions[row].hidden = True
    for row, height in chart_row_heights(source.result).items():  # every rep named
        ws.row_dimensions[row].height = height
    # The master's widths, not the schema's: the KPI labels' column is wider there, and the
    # banner merged over narrower columns was cut at the page's edge (trial 23 L1).
    dashboard_widths(ws)
    add_charts(ws, lang)
    width = get_column_letter(layout.WIDTH)
    ws.merge_cells(f"A{layout.BANNER_ROW}:{width}{layout.BANNER_ROW}")
    add_banner_colours(ws)  # the master's rules: red, green, amber (a running year in reach)
    st = source.result.evidence.settings
    for target in (cells.ytd_attainment, cells.forecast_vs_kgi, cells.kpi_attainment):
        first = target.split(":")[0]
        for test, colours in (
            (f"{first}<{float(st.pace_critical)!r}", RED),
            (f"{first}<{float(st.pace_warn)!r}", AMBER),
            (f"{first}>=1", GREEN),
        ):
            rule = fill_rule(f"AND(ISNUMBER({first}),{test})", colours)
            ws.conditional_formatting.add(target, rule)
    ws.print_area = f"A1:{width}{layout.PRINT_LAST_ROW}"  # the page, not the chart data
    one_page(ws)
    ws.sheet_view.showGridLines = False


# What of a copy's XML a reader can see as text (``_text_view``): text nodes and the
# attributes that hold names, without a number cell's value or a chart's number cache — a
# yen amount of ¥301,040 is no customer code 301040 (trial 20: numeric codes, every copy
# refused), nor a shared string's index, a row height or a cell reference.
_NUMBER_CACHE = re.compile(r"<c:(numCache|numLit)\b.*?</c:\1>", re.S)
_CELL = re.compile(r"<c(?=[\s>])([^>]*?)(?<!/)>(.*?)</c>", re.S)
_CELL_VALUE = re.compile(r"<v>[^<]*</v>")
_TEXT_CELL = re.compile(r"\bt=\"(?:str|inlineStr)\"")
_TEXT_NODE = re.compile(r">([^<]+)<")
_NAME_ATTRIBUTE = re.compile(r"\s(?:name|displayName|location|display|tooltip)=\"([^\"]*)\"")


def _text_view(xml: str) -> str:
    """The text of one XML part of a copy, as pieces joined by NUL (module constants)."""
    xml = _NUMBER_CACHE.sub("", xml)

    def cell(m: re.Match[str]) -> str:
        if _TEXT_CELL.search(m.group(1)):  # a formula's text result, an inline string
            return m.group(0)
        return m.group(0).replace(m.group(2), _CELL_VALUE.sub("", m.group(2)), 1)

    xml = _CELL.sub(cell, xml)
    pieces = [*_TEXT_NODE.findall(xml), *_NAME_ATTRIBUTE.findall(xml)]
    return "\x00".join(html.unescape(p) for p in pieces)


def find_leak(data: bytes, guard: Guard) -> str | None:
    """The first zip part of a copy whose text names another rep or their account, else
    None (``leak_in``: with the word found and its sheet)."""
    leak = leak_in(data, guard)
    return leak[0] if leak else None


def leak_in(data: bytes, guard: Guard) -> tuple[str, str, str] | None:
    """(zip part, sheet tab or part, the name or code found) of the first part of a copy
    whose text (``_text_view``) names another rep or their account; None when none does."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            word = guard.found(_text_view(zf.read(name).decode("utf-8", "replace")))
            if word is not None:
                return name, _tab_of(zf, name), word
    return None


def _tab_of(zf: zipfile.ZipFile, part: str) -> str:
    """The sheet tab a worksheet part is, else the part's name."""
    try:
        book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return part

    def attributes(tag: str) -> dict[str, str]:
        return dict(re.findall(r'([\w:]+)="([^"]*)"', tag))

    target = {
        a.get("Id"): a.get("Target", "")
        for a in map(attributes, re.findall(r"<Relationship\b[^>]*>", rels))
    }
    for sheet in map(attributes, re.findall(r"<sheet\b[^>]*>", book)):
        path = str(target.get(sheet.get("r:id"), "")).lstrip("/")
        if path and part in (path, f"xl/{path}"):
            return html.unescape(sheet.get("name", part))
    return part


def _t(key: str, lang: str, **params: object) -> str:
    return text(f"share.{key}", lang, **params)


def rep_kgi_share(source: ShareSource, rep: str) -> float | None:
    """The rep's plan-year revenue target: their part of the KGI."""
    t = source.result.targets
    fy = f"FY{source.result.evidence.settings.plan_year}"
    hit = t[(t["rep"] == rep) & (t["kpi"] == "revenue") & (t["period"] == fy)]
    return float(hit["target"].iloc[0]) if len(hit) else None


@dataclass
class PlanLines:
    """A Plan section's line for one rep: the section's heading and rule, the rep's value and
    note (each note as the Plan prints it, one line per row)."""

    item: str
    value: object
    rule: list[str]
    note: list[str]


def rep_plan_lines(source: ShareSource, rep: str) -> list[PlanLines]:
    """``rep``'s own lines of the Plan: the revenue target by rep (why it is what it is) and
    this year's landing by rep. Only the rep's row of each and the section's heading, whose
    rule holds no other rep's number (the factor every rep shares, the plan year)."""
    lang = source.language
    rows = [[cell_value(c) for c in row[:3]] for row in source.tables.get(schema.PLAN.name, [])]
    heads = [text("plan.reps", lang)]
    before, _, after = text("plan.landing_reps", lang, year="\x00").partition("\x00")
    landing = re.compile(f"^{re.escape(before)}.+{re.escape(after)}$")
    everyone = {str(r) for r in source.result.targets["rep"]} | set(source.reps)
    everyone |= {str(r) for r in source.accounts["rep"].dropna()}
    out: list[PlanLines] = []
    section: PlanLines | None = None  # the heading in force, its rule as read so far
    current: list[str] | None = None  # the note being read (the heading's or the rep's)
    for item, value, note in (r + [None] * (3 - len(r)) for r in rows[1:]):
        item = "" if item is None else str(item)
        if not item and value in (None, "") and current is not None:
            if note not in (None, ""):
                current.append(str(note))  # a wrapped note's next printed line
            continue
        current = None
        if item in heads or landing.match(item):
            section = PlanLines(item, None, [str(note)] if note else [], [])
            current = section.rule
        elif item == rep and section is not None:
            mine = PlanLines(section.item, value, section.rule, [str(note)] if note else [])
            out.append(mine)
            current = mine.note
        elif item and item not in everyone:  # another rep's row keeps the section going
            section = None
    # The target's reason first: it is what the rep asks about; the landing after it.
    return sorted(out, key=lambda lines: lines.item not in heads)


def _feasibility(source: ShareSource, lang: str) -> str:
    """The plan's judgement as the master's status line and Dashboard say it: a running year
    landing on the KGI is said by its landing, not "beyond the team's record" (trial 41 M2),
    nor 「実現不可能」 for a KGI past every ceiling (review 42: core.stretch.running_landing is
    the one gate, as on the master)."""
    shown = shown_feasibility(source.result.plan)
    # The one gate, as on the master's status (core.stretch.status_landing; trial 53 M3).
    landed = status_landing(source.result)
    if landed is not None:
        return text("plan.feasible_landing", lang, ratio=fmt_pct(landed))
    return text(f"plan.feasible_{shown}", lang)


def _cover(
    ws: Worksheet,
    source: ShareSource,
    rep: str | None,
    guard: Guard | None,
    sheets: Sequence[str],
) -> None:
    lang = source.language
    ev, plan = source.result.evidence, source.result.plan
    months = ev.plan_months
    period = f"{ev.settings.year_name()} ({months[0]} – {months[-1]})"
    book = f"{source.path.name} (SHA-256 {source.digest[:12]})"
    if guard is not None and guard.leaks(book):
        book = f"SHA-256 {source.digest[:12]}"
    rows: list[tuple[str, object, str]] = []
    if rep is None:
        title = _t("cover_title_team", lang)
        rows += [
            (_t("cover_scope", lang), _t("cover_scope_team", lang), "rk_text"),
            (_t("cover_plan_year", lang), period, "rk_text"),
            (_t("cover_kgi", lang) + tax_mark(source.checks, lang), plan.kgi, "rk_yen"),
            (_t("cover_feasible", lang), _feasibility(source, lang), "rk_text"),
        ]
    else:
        title = _t("cover_title_rep", lang, rep=rep)
        share = rep_kgi_share(source, rep)
        rows += [
            (_t("cover_rep", lang), rep, "rk_text"),
            (_t("cover_plan_year", lang), period, "rk_text"),
            (
                _t("cover_kgi_share", lang) + tax_mark(source.checks, lang),
                share if share is not None else "—",
                "rk_yen",
            ),
        ]
        rows += _standing(source, rep, lang)
        rows += _handover_rows(source, rep, lang)
        took = _received(source, rep, guard, lang)
        if took:  # his "last year" holds sales from before he had these accounts
            rows.append((_t("cover_taken_over", lang), took, "rk_text"))
        gave = _given(source, rep, lang)
        if gave:  # her "last year" lacks what she sold them before (trial 45 M6)
            rows.append((_t("cover_given_away", lang), gave, "rk_text"))
    rows += [
        (_t("cover_as_of", lang), ev.as_of, "rk_date"),
        (_t("cover_computed", lang), source.computed_at.strftime("%Y-%m-%d %H:%M"), "rk_text"),
        (_t("cover_source", lang), book, "rk_text"),
    ]
    if source.history_from:  # the numbers also rest on these files or databases
        history = guard.clean(source.history_from) if guard is not None else source.history_from
        if history:
            rows.append((_t("cover_history", lang), history, "rk_text"))
    _put(ws, 1, 1, title, "rk_title")
    for i, (label, value, style) in enumerate(rows, start=3):
        if label:  # a text's continuation lines have none
            _put(ws, i, 1, label, "rk_header")
        _put(ws, i, 2, value, style)
    r = len(rows) + 4
    if rep is not None:  # why the target is what it is, as the Plan tells the manager
        found = _landing_without_target(rep_plan_lines(source, rep), source, rep, lang)
        found = _one_target(found, rep_kgi_share(source, rep), lang)
        found = _without_manager_steps(found, lang)
        found = _part_year_target(found, source, rep, lang)
        found = _with_lift(found, source, rep, lang)
        found = _with_carried(found, source, rep, lang)
        months = month_basis(source, rep)  # what a month's target rests on (trial 22 #10)
        if months is not None:
            found = [*found, months]
        lead = [_t("cover_taken_note", lang)] if took else []
        r = _cover_reasons(ws, r, found, guard, lang, lead)
    _put(ws, r, 1, _t("cover_sheets", lang), "rk_header")
    lines: list[str] = []
    if rep is not None and source.no_log_source:  # no visit log: say why, nothing to return
        lines.append(_t("cover_no_log", lang, source=source.no_log_source))
    elif rep is not None and source.log_kinds != LOG_KINDS:  # the rest come from the source
        kinds = kind_names(source.log_kinds, lang)
        lines.append(_t("cover_howto_log_kinds", lang, kinds=kinds, source=source.sources_visits))
        lines.append(_t("cover_howto_return", lang))
    elif rep is not None:
        lines += [_t("cover_howto_log", lang), _t("cover_howto_return", lang)]
    for name in sheets:  # every sheet of the copy, in its order
        key = f"cover_about_{name.lower()}"
        if name == schema.MY_ACCOUNTS.name and schema.VISIT_LOG.name not in sheets:
            key = "cover_about_myaccounts_only"  # not "the visit log's account list"
        if name == schema.VISIT_LOG.name and source.log_kinds != LOG_KINDS:
            key = "cover_about_visitlog_kinds"  # only the kinds the source lacks
        known = text(f"share.{key}", lang) != f"share.{key}"
        lines.append(
            _t(
                key if known else "cover_about_other",
                lang,
                tab=tab_name(name, lang),
                kinds=kind_names(source.log_kinds, lang),
            )
        )
    if rep is not None:
        lines.append(_t("cover_only_yours", lang))
    for j, line in enumerate(lines, start=r + 1):
        _put(ws, j, 1, line, "rk_text")
    ws.column_dimensions["A"].width = min(max(display_width(label) for label, _, _ in rows) + 3, 60)
    # The Plan's notes as the Plan prints them: as wide as its note column.
    ws.column_dimensions["B"].width = _PLAN_NOTE_WIDTH if rep is not None else 64
    for i in range(3, len(rows) + 3):  # values read left to right, beside their labels
        ws.cell(i, 2).alignment = Alignment(horizontal="left")


def _standing(source: ShareSource, rep: str, lang: str) -> list[tuple[str, object, str]]:
    """Where ``rep`` stands: the year-to-date attainment and the year-end forecast against the
    year's target, the numbers of his revenue row of the Attainment sheet (``Result.attainment``,
    labelled with its headers); before the plan year starts, that it has not (not a 0%)."""
    result = source.result
    ev = result.evidence
    heads = {c.key: c.header(lang) for c in schema.OUTPUT_COLUMNS[schema.ATTAINMENT.name]}
    label = _t("cover_ytd", lang, attainment=heads["attainment"])
    waiting = not_started(ev, lang)
    if waiting is not None:
        return [(label, waiting, "rk_text")]
    att = result.attainment
    if att.empty:
        return []
    fy = fiscal_label(ev.settings.plan_year)
    hit = att[(att["period"] == fy) & (att["rep"] == rep) & (att["kpi"] == "revenue")]
    if not len(hit):
        return []
    row = hit.iloc[0]
    actual, target = float(row["actual"]), float(row["target"])
    due, attainment = float(row["target_to_date"]), float(row["attainment"])
    if not math.isfinite(target):  # a rep with sales but no plan: his sales, no target
        return [(label, _t("cover_ytd_no_target", lang, actual=fmt_yen(actual)), "rk_text")]
    ytd = _t(
        "cover_ytd_value",
        lang,
        pct=fmt_pct(attainment),
        actual_head=heads["actual"],
        actual=fmt_yen(actual),
        due_head=heads["target_to_date"],
        due=fmt_yen(due),
    )
    forecast = float(row["forecast"])
    landing = _t(
        "cover_landing_value",
        lang,
        forecast=fmt_yen(forecast),
        target=fmt_yen(target),
        pct=fmt_pct(forecast / target if target > 0 else math.nan),
    )
    rows = [(label, ytd, "rk_text"), (heads["forecast"], landing, "rk_text")]
    why = landing_disagrees(attainment, forecast / target if target > 0 else math.nan, lang)
    if why:  # its lines under the landing, as wide as the note column prints
        rows += [("", line, "rk_text") for line in wrap_text(why, _PLAN_NOTE_WIDTH)]
    return rows


def _handover_rows(source: ShareSource, rep: str, lang: str) -> list[tuple[str, object, str]]:
    """The handover of ``rep``'s accounts in the year (core.book_change), beside his
    attainment and landing as booked: the day, the accounts given and taken, and the
    attainment on his own book; none without one. Names no colleague (the guard's rule)."""
    result = source.result
    review = result.review
    if not_started(result.evidence, lang) is not None or review.empty:
        return []
    if "kpi" not in review.columns:
        return []
    plan_year = result.evidence.settings.plan_year
    change = book_changes(records(review), result.attainment, plan_year).get(rep)
    if change is None:
        return []
    moved, own = change_words(change, lang)
    why = "both" if change.given and change.taken else "given" if change.given else "taken"
    if change.basis == "carried":  # core.carry: the targets went with the accounts
        said = _t("cover_handover_carried", lang, moved=moved, why=_t(f"cover_carried_{why}", lang))
    else:
        said = _t(
            "cover_handover_value",
            lang,
            moved=moved,
            own=_t("cover_handover_own", lang, own=own) if own else "",
            why=_t(f"cover_handover_why_{why}", lang),
        )
        said += _carried_too(result.carries, rep, lang)
    lines = wrap_text(said, _PLAN_NOTE_WIDTH)
    return [
        (_t("cover_handover", lang) if i == 0 else "", line, "rk_text")
        for i, line in enumerate(lines)
    ]


def _carried_too(carries: Sequence[Carry], rep: str, lang: str) -> str:
    """The accounts whose targets moved with them (core.carry) beside a handover only partly
    carried: the counts above are those that did not carry (fix30: 「渡した顧客 1 件」 with
    no word of the one handed over with its target); "" when none. Names no colleague."""
    parts = []
    for role in ("giver", "taker"):
        mine = [c for c in carries if getattr(c, role) == rep]
        if mine:
            n = sum(c.accounts for c in mine)
            since = min(c.since for c in mine)
            parts.append(_t(f"cover_carried_too_{role}", lang, accounts=n, since=since))
    return "".join(parts)


def landing_disagrees(attainment: float, landing: float, lang: str) -> str | None:
    """Why the year-end forecast and the year-to-date attainment point different ways
    (ahead of the target so far, short of it at the year end, or the reverse); None when
    they agree. The rest of a rep's year is his share of the team's expected rest, split by
    what the accounts he holds now bought in those months a year earlier (``core.held``),
    not his pace so far (trial 19: 105.5% so far, a landing at 82.4% on one cover)."""
    if not (math.isfinite(attainment) and math.isfinite(landing)):
        return None
    if attainment >= 1 > landing:
        return _t("cover_landing_short", lang)
    if landing >= 1 > attainment:
        return _t("cover_landing_over", lang)
    return None


def handover_day(handover: Handover, rep: str, giver: str) -> date | None:
    """The day ``rep`` took ``giver``'s accounts over when his own first line on them is not
    known (``Handover.received``'s None): his first line on any account taken from ``giver``
    (``Handover.taken_over``), else the day after ``giver``'s last order or visit (a rep who
    left: ``Handover.last_seen``); None when neither is known."""
    days = [d for _a, r, g, d in handover.taken_over if r == rep and g == giver and d is not None]
    if days:
        return min(days)
    last = handover.last_seen.get(giver)
    return last + timedelta(days=1) if last is not None else None


def _received(source: ShareSource, rep: str, guard: Guard | None, lang: str) -> str:
    """The accounts ``rep`` took over with their history (``Handover.received``): how many,
    from whom and since when; "" when none. A rep's copy names no other rep of the master
    (``Guard``): those givers are "colleagues", their accounts summed from the earliest day;
    a departed rep the master no longer lists is named."""
    history = source.result.history
    handover = history.handover if history is not None else None
    mine = [(g, n, day) for h, g, n, day in (handover.received if handover else ()) if h == rep]
    if handover is not None:  # a day unknown (no line of his on them yet): the handover's
        mine = [(g, n, day or handover_day(handover, rep, g)) for g, n, day in mine]

    def since(day: date | None) -> str:
        return day.isoformat() if day is not None else "—"

    parts: list[str] = []
    hidden: list[tuple[int, date | None]] = []
    for giver, n, day in mine:
        line = _t("cover_taken_from", lang, giver=giver, accounts=n, since=since(day))
        if guard is not None and guard.leaks(line):
            hidden.append((n, day))
        else:
            parts.append(line)
    if hidden:
        first = min((day for _, day in hidden if day is not None), default=None)
        total = sum(n for n, _ in hidden)
        parts.append(_t("cover_taken_colleague", lang, accounts=total, since=since(first)))
    return ("、" if lang == "ja" else "; ").join(parts)


def _given(source: ShareSource, rep: str, lang: str) -> str:
    """The accounts ``rep`` handed over with their history (``Handover.received_lines``,
    she the previous rep): how many, and what she sold them in the baseline months before
    they moved (``Handover.given_months``) — out of her 前年 (baseline), in the taker's; ""
    when none. Names no colleague (a rep's copy shows no other rep)."""
    history = source.result.history
    handover = history.handover if history is not None else None
    if handover is None:
        return ""
    accounts = len({a for a, g, _h, _d in handover.received_lines if g == rep})
    if not accounts:
        return ""
    months = {str(m) for m in source.result.evidence.baseline_months}
    revenue = sum(v for g, m, v in handover.given_months if g == rep and m in months)
    return _t("cover_given_value", lang, accounts=accounts, revenue=fmt_yen(revenue))


def month_basis(source: ShareSource, rep: str) -> PlanLines | None:
    """The cover's line on the rep's month targets: the year's target split by the usual
    season, not last year's shape, and the months that swing most against their baseline
    month (trial 22: 高田's January +45% in a +13% year, with nothing to say why; the team's
    Plan has 「前年同月比の小さい月」, a rep's copy had nothing). None without month targets."""
    lang, ev = source.language, source.result.evidence
    t = source.result.targets
    mine = t[(t["rep"] == rep) & (t["kpi"] == "revenue")]
    months = {str(m) for m in ev.plan_months}
    monthly = mine[mine["period"].astype(str).isin(months)]
    year = mine[mine["period"] == fiscal_label(ev.settings.plan_year)]
    base, target = monthly["baseline"].astype(float), monthly["target"].astype(float)
    ok = (base > 0) & np.isfinite(base) & np.isfinite(target)
    if not ok.sum() or not len(year):
        return None
    change = (target[ok] / base[ok]).to_numpy(dtype=float)
    periods = monthly["period"].astype(str)[ok].to_numpy()
    y_base, y_target = float(year["baseline"].iloc[0]), float(year["target"].iloc[0])
    # Each month's share of its year: the baseline month's of the baseline months, the
    # target's of the year's target (the usual season): where the swing comes from.
    was = (base[ok] / float(base[ok].sum())).to_numpy(dtype=float)
    usual = (target[ok] / y_target).to_numpy(dtype=float) if y_target > 0 else was * np.nan
    # A month whose baseline month is before the rep began work (a newcomer handed accounts:
    # their sales under the colleague before him) swings with his ramp-up, not the season:
    # not named as the biggest or smallest (trial 30 L5: 「最も大きい月 2027-12 +560.3%」 on
    # the month before he joined), said apart.
    plan_months = [pd.Period(p, "M") for p in periods]
    before = _before_start(ev, rep, plan_months)
    # And one whose baseline month's book was still being built (trial 32 L7): its growth.
    small = _small_book(ev, rep, plan_months) & ~before
    at_work = np.flatnonzero(~before & ~small)
    year_change = fmt_uplift(y_target / y_base) if y_base > 0 else "—"

    def left_out(mask: np.ndarray) -> dict[str, str]:
        """The months left out and their baseline months, as runs."""
        months = [m for m, out in zip(plan_months, mask, strict=True) if out]
        return {
            "months": _month_runs(months, lang),
            "base": _month_runs([_baseline_month(ev, m) for m in months], lang),
        }

    after = _t("cover_months_small", lang, **left_out(small)) if small.any() else ""
    if before.any():
        after += _t("cover_months_before", lang, start=str(ev.starts[rep]), **left_out(before))
    years = [ev.settings.year_name(y) for y in sorted(ev.season_years)]
    span = "" if not years else years[0] if len(years) == 1 else f"{years[0]} – {years[-1]}"
    # The year still running counts through its complete months, the history's first year
    # from its first month (baselines._seasonality): "FY2024 – FY2026" alone read as three
    # whole years in December (trial 28 L4; trial 29 L5).
    running = ev.settings.year_name(ev.settings.plan_year - 1)
    first = ev.settings.year_name(min(ev.season_years)) if years else ""
    to, since = ev.season_running_to, ev.season_first_from
    if years and to is not None and since is not None:
        both = {"first": first, "since": str(since), "year": running, "to": str(to)}
        span += _t("cover_months_both", lang, **both)
    elif years and to is not None:
        span += _t("cover_months_running", lang, year=running, month=str(to))
    elif years and since is not None:
        span += _t("cover_months_first", lang, year=first, month=str(since))
    if ev.part_year.get(rep):  # no full prior year: his months are his ramp (trial 33 L5)
        note = _t("cover_months_note_part_year", lang, years=span, months=ev.part_year[rep])
        return PlanLines(_t("cover_months", lang), None, [], printed_lines(note, _PLAN_NOTE_WIDTH))
    if not len(at_work):  # every baseline month before he began: no month to name
        note = _t("cover_months_note_none", lang, years=span, year=year_change)
        return PlanLines(
            _t("cover_months", lang), None, [], printed_lines(note + after, _PLAN_NOTE_WIDTH)
        )
    hi = int(at_work[np.argmax(change[at_work])])
    lo = int(at_work[np.argmin(change[at_work])])
    note = _t(
        "cover_months_note" if len(years) != 1 else "cover_months_note_one",  # not "usual"
        lang,
        years=span,
        hi_month=periods[hi],
        hi=fmt_uplift(float(change[hi])),
        hi_was=fmt_pct(float(was[hi])),
        hi_usual=fmt_pct(float(usual[hi])),
        lo_month=periods[lo],
        lo=fmt_uplift(float(change[lo])),
        lo_was=fmt_pct(float(was[lo])),
        lo_usual=fmt_pct(float(usual[lo])),
        year=year_change,
    )
    lines = printed_lines(note + after, _PLAN_NOTE_WIDTH)
    return PlanLines(_t("cover_months", lang), None, [], lines)


def _baseline_month(ev: Evidence, month: pd.Period) -> pd.Period:
    """The baseline month of plan month ``month``: the same month a year (or, before last
    year has closed, more) earlier (``month_spread.baseline_years_back``)."""
    return month - 12 * baseline_years_back(month, ev.baseline_months[-1])


def _before_start(ev: Evidence, rep: str, months: Sequence[pd.Period]) -> np.ndarray:
    """Which plan ``months`` have a baseline month before ``rep`` began work
    (``Evidence.starts``; all False when his start is not known or is the history's)."""
    start = getattr(ev, "starts", {}).get(rep)
    if start is None or not ev.baseline_months:
        return np.zeros(len(months), dtype=bool)
    return np.array([_baseline_month(ev, m) < start for m in months], dtype=bool)


# A month whose baseline month's book (the rep's active accounts then) was under this share
# of his book in the baseline's last month swings with the book's growth, not the season
# (trial 32 L7: a newcomer's 「最も大きい月 2027-12 +258.8%」, its baseline month his sixth,
# his book then a fraction of today's): not named as the biggest or smallest month either.
RAMP_BOOK_SHARE = 0.75


def _small_book(ev: Evidence, rep: str, months: Sequence[pd.Period]) -> np.ndarray:
    """Which plan ``months`` have a baseline month in which ``rep`` held under
    ``RAMP_BOOK_SHARE`` of his book in the baseline's last month (``Evidence.facts``)."""
    none = np.zeros(len(months), dtype=bool)
    if not ev.baseline_months or rep not in ev.facts.index.get_level_values("rep"):
        return none
    book = ev.facts.xs(rep, level="rep")["active_accounts"]
    now = float(book.get(ev.baseline_months[-1], np.nan))
    if not now > 0:
        return none
    then = [float(book.get(_baseline_month(ev, m), np.nan)) for m in months]
    return np.array([b < RAMP_BOOK_SHARE * now for b in then], dtype=bool)


def _month_runs(months: Sequence[pd.Period], lang: str) -> str:
    """Months as runs (``validation.gaps.month_runs``): 2027-01〜2027-03、2027-12."""
    if lang == "ja":
        return month_runs(months)
    return month_runs(months, joiner=", ", dash=" – ")


def _without_manager_steps(found: Sequence[PlanLines], lang: str) -> list[PlanLines]:
    """The rep's Plan lines without the manager's step after a leave line ("to have
    colleagues carry his accounts, change their rep on the Accounts sheet"): the copy has no
    Accounts sheet, and speaks to the rep, not of him (trial31 L9). The note's printed lines
    are joined (a space between two words) and wrapped again as wide."""
    step = text("plan.rep_leave_carry", lang)
    out: list[PlanLines] = []
    for lines in found:
        note = ""
        for line in lines.note:  # a space where the Plan broke between two words
            ends = note[-1:] + line[:1]
            spaced = len(ends) == 2 and " " not in ends and all(ord(c) < 0x2E80 for c in ends)
            note += (" " if spaced else "") + line
        if step in note:
            lines = replace(lines, note=wrap_text(note.replace(step, ""), _PLAN_NOTE_WIDTH))
        out.append(lines)
    return out


def _landing_without_target(
    found: Sequence[PlanLines], source: ShareSource, rep: str, lang: str
) -> list[PlanLines]:
    """The rep's Plan lines with the running year's landing as actual + expected only: the
    Plan also sets the target over the landing (a second growth figure beside the target's
    own over last year, on a second base); the cover keeps one, over last year."""
    from routekpi.core.landing import landing  # the cover's only use of it

    ev = source.result.evidence
    found = list(found)
    heads = text("plan.reps", lang)
    if rep not in ev.reps or all(lines.item == heads for lines in found):
        return found
    got = landing(ev, source.result.history)  # as the Plan reads it: lost and won accounts
    if got is None or rep not in got.table.index:
        return found
    row = got.table.loc[rep]
    note = _t(
        "cover_landing_rep",
        lang,
        actual=fmt_yen(float(row["actual"])),
        expected=fmt_yen(float(row["expected"])),
    )
    return [
        lines if lines.item == heads else PlanLines(lines.item, lines.value, [], [note])
        for lines in found
    ]


def _part_year_target(
    found: Sequence[PlanLines], source: ShareSource, rep: str, lang: str
) -> list[PlanLines]:
    """A rep without a full prior year (``Evidence.part_year``: a newcomer on his own
    accounts): the target's line says his target and his months at work, not the Plan's
    growth percentages over a part year (trial 33 L5: 森's 「前年 ¥1,276,760 … → +1751.2%」,
    his seven months of a book still being built); the manager's Plan keeps them."""
    ev = source.result.evidence
    months = ev.part_year.get(rep)
    share = rep_kgi_share(source, rep)
    head = text("plan.reps", lang)
    if not months or share is None or rep not in ev.base.index:
        return list(found)
    note = _t(
        "cover_target_part_year",
        lang,
        target=fmt_yen(share),
        months=months,
        base=fmt_yen(float(ev.base.at[rep, "revenue"])),
    )
    lines = printed_lines(note, _PLAN_NOTE_WIDTH)
    if (made := _target_made_of(source, rep, lang, share)) is not None:
        lines += printed_lines(made, _PLAN_NOTE_WIDTH)
    return [replace(x, rule=[], note=lines) if x.item == head else x for x in found]


def _target_made_of(source: ShareSource, rep: str, lang: str, target: float) -> str | None:
    """What a newcomer's target is made of, the Plan's rep line (render.rep_rows) without its
    growth percentages: his won accounts counted for 12 months, the accounts held at the
    start whole and the rest by half, the common factor, the ceiling (trial 44 L4: 加藤's
    cover said ¥80.5M, ×3.7 his landing, and sent him to the manager's sheet for why).
    None for a rep with neither wins counted for 12 months nor accounts held at the start.
    ``target``: the cover's whole-yen target (``rep_kgi_share``), which a capped one is: the
    ceiling as the Plan prints it may differ by its rounding (¥73,341,685 beside ¥73,341,684)."""
    from routekpi.core.targets import at_end, in_hand, split_reasons  # the cover's only use

    ev, plan = source.result.evidence, source.result.plan
    why = split_reasons(ev, plan)
    if rep not in why.index or "heading" not in why.columns:
        return None
    r = why.loc[rep]
    kept = math.exp(float(in_hand(ev).get(rep, 0.0)))
    if float(r["won"]) <= 0 and round(kept, 3) == 1:
        return None
    end = math.exp(float(at_end(ev).sum(axis=1).get(rep, 0.0)))
    capped = bool(r["capped"]) and math.isfinite(float(r["ceiling"]))
    return _t(
        "cover_target_made_of",
        lang,
        counted=fmt_yen(float(r["baseline"])),
        hand=fmt_num(kept, 3),
        half=fmt_num(float(r["own"]) / kept / end, 3),
        end=_t("cover_target_made_of_end", lang, end=fmt_num(end, 3)) if round(end, 3) != 1 else "",
        common=fmt_num(float(r["common"]), 3),
        capped=_t("cover_target_made_of_capped", lang, ceiling=fmt_yen(target)) if capped else "",
    )


def _one_target(found: Sequence[PlanLines], share: float | None, lang: str) -> list[PlanLines]:
    """The Plan's revenue-target line with the cover's whole-yen target (``rep_kgi_share``):
    the Plan carries the unrounded split (¥38,651,332.23 shown as ¥38,651,332) three lines
    below the Targets sheet's whole-yen ¥38,651,333 (trial 19); one number, one source."""
    if share is None:
        return list(found)
    head = text("plan.reps", lang)
    return [replace(lines, value=share) if lines.item == head else lines for lines in found]


def _with_lift(
    found: Sequence[PlanLines], source: ShareSource, rep: str, lang: str
) -> list[PlanLines]:
    """The revenue-target line with what a building rep's new accounts add beyond his share
    of the KGI (``Plan.lift``): the line's factors (common × his own) make his share, not his
    target (trial 46 M6: 「合わせて ×1.100」 beside +29.5%, the ¥7,981,892 from his new
    accounts on no line of the cover). Unchanged without a lift."""
    from routekpi.core.targets import split_reasons  # as _newcomer_target's

    plan = source.result.plan
    lift = float(plan.lift.get(rep, 0.0)) if len(plan.lift) else 0.0
    if not lift >= 0.5 or rep not in plan.fy.index:
        return list(found)
    target = float(plan.fy.at[rep, "revenue"])
    why = split_reasons(source.result.evidence, plan)
    last = float(why.at[rep, "baseline"] - why.at[rep, "won"]) if rep in why.index else math.nan
    change = lambda v: fmt_uplift(v / last) if last > 0 else "—"  # noqa: E731
    line = _t(
        "cover_lift",
        lang,
        share=fmt_yen(target - lift),
        share_change=change(target - lift),
        lift=fmt_yen(lift),
        change=change(target),
    )
    return _noted_reps(found, line, lang)


def _noted_reps(found: Sequence[PlanLines], line: str, lang: str) -> list[PlanLines]:
    """The Plan's rep-targets line with ``line`` printed after its note."""
    head = text("plan.reps", lang)
    out: list[PlanLines] = []
    for lines in found:
        if lines.item == head:
            lines = replace(lines, note=[*lines.note, *printed_lines(line, _PLAN_NOTE_WIDTH)])
        out.append(lines)
    return out


def _with_carried(
    found: Sequence[PlanLines], source: ShareSource, rep: str, lang: str
) -> list[PlanLines]:
    """The revenue-target line with what moved with the accounts handed over during the
    year (core.carry): the Plan's line explains the target as set at the year's start, the
    cover gives today's (trial 51 L1: 池田's 「あなたの分担 ¥124,729,751」 beside the Plan's
    「前年 ¥112,149,319 → −1.6%」, the +¥14.3M of April's accounts on no line). Unchanged
    when no target of his moved."""
    result = source.result
    mine = [c for c in result.carries if rep in (c.giver, c.taker)]
    target = rep_kgi_share(source, rep)
    t = result.planned_targets
    fy = f"FY{result.evidence.settings.plan_year}"
    hit = t[(t["rep"] == rep) & (t["kpi"] == "revenue") & (t["period"] == fy)]
    if not mine or target is None or not len(hit):
        return list(found)
    planned = float(hit["target"].iloc[0])
    moved = target - planned
    if not abs(moved) >= 0.5:
        return list(found)
    line = _t(
        "cover_target_carried",
        lang,
        planned=fmt_yen(planned),
        since=min(c.since for c in mine),
        moved=("+" if moved > 0 else "−") + fmt_yen(abs(moved)),
        target=fmt_yen(target),
    )
    return _noted_reps(found, line, lang)


def _cover_reasons(
    ws: Worksheet,
    r: int,
    found: Sequence[PlanLines],
    guard: Guard | None,
    lang: str,
    lead: Sequence[str] = (),
) -> int:
    """Write the rep's Plan lines from row ``r`` (``lead``: lines before them, under the
    heading); the next free row (after a blank one)."""
    if not found:
        return r
    _put(ws, r, 1, _t("cover_reasons", lang), "rk_header")
    for line in lead:
        r += 1
        _put(ws, r, 1, line, "rk_text")
    for lines in found:
        r += 1
        _put(ws, r, 1, lines.item, "rk_text")
        value = lines.value
        _put(ws, r, 2, value, "rk_yen" if isinstance(value, int | float) else "rk_text")
        ws.cell(r, 2).alignment = Alignment(horizontal="left")  # beside its label, as above
        for line in [*lines.rule, *lines.note]:
            r += 1
            _put(ws, r, 2, guard.clean(line) if guard is not None else line, "rk_text")
    return r + 2


# The visit log's date column: wide enough for "2026-12-04 00:00:00" (trial 36 L4).
DATE_TIME_WIDTH = 22


def _visit_log(
    ws: Worksheet,
    accounts_tab: str,
    n_accounts: int,
    lang: str,
    kinds: Sequence[str] = LOG_KINDS,
) -> None:
    """The rep's visit log: headers, formats, and drop-downs for account, kind (``kinds``:
    those the copy asks for) and outcome."""
    cols = [c for c in schema.VISIT_LOG.columns if c.key != "rep"]
    last = _VALIDATION_ROWS + 1
    # The date column holds a date-time too: a row written by a script or pasted from a
    # system keeps its own "yyyy-mm-dd h:mm:ss" (19 characters) over the column's date
    # format, and at 13 wide LibreOffice showed it as ### (trial 36 L4).
    widths = {"date": DATE_TIME_WIDTH, "account": 14, "kind": 12, "outcome": 12, "note": 50}
    for j, col in enumerate(cols, 1):
        _put(ws, 1, j, col.header(lang), "rk_header")
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = widths.get(col.key, 14)
        # Column formats rather than pre-formatted cells: the used range stays the header, so
        # "append" (in Excel, LibreOffice or a script) starts right under it.
        if col.kind == "date":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        else:
            ws.column_dimensions[letter].number_format = "@"  # "00123" keeps its zeros
        rng = f"{letter}2:{letter}{last}"
        dv: DataValidation | None = None
        if col.kind == "date":
            dv = date_entry_rule(errorStyle="stop", error=_t("log_date_error", lang))
        elif col.key == "account" and n_accounts:
            ref = f"{quote_sheetname(accounts_tab)}!$A$2:$A${n_accounts + 1}"
            # A warning, not a stop: a meeting with a prospect has no account code yet.
            dv = DataValidation(
                type="list", formula1=ref, errorStyle="warning", error=_t("log_account_error", lang)
            )
        elif col.kind in ("kind", "outcome"):
            labels = (KIND_LABELS if col.kind == "kind" else OUTCOME_LABELS)[lang]
            listed = [labels[k] for k in kinds] if col.kind == "kind" else labels.values()
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(listed) + '"',
                errorStyle="warning",
                error=_t("log_choice_error", lang),
            )
        if dv is None:
            continue
        dv.allow_blank = True
        dv.prompt = _t(f"log_prompt_{col.key}", lang)[:255]
        dv.showInputMessage = True
        dv.showErrorMessage = True
        dv.add(rng)
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _my_accounts(
    ws: Worksheet,
    accounts: pd.DataFrame,
    lang: str,
    guard: Guard | None,
    unknown_before: date | None = None,
) -> None:
    """The rep's live accounts (the visit log's account list). A start before
    ``unknown_before`` (the history's first day, accounts derived from orders) is no date
    the data holds: "<first month> 以前から" (core.censored; trial 24: 2025-08-31 for all)."""
    spec = schema.ACCOUNTS
    keys = ("account", "name", "start")
    for j, key in enumerate(keys, 1):
        _put(ws, 1, j, spec.column(key).header(lang), "rk_header")
    for i, row in enumerate(accounts.itertuples(index=False), start=2):
        _put(ws, i, 1, str(row.account), "rk_text")
        name = None if row.name is None or pd.isna(row.name) else str(row.name)
        _put(ws, i, 2, guard.clean(name) if guard else name, "rk_text")
        start = None if pd.isna(row.start) else row.start.date()
        if start is not None and unknown_before is not None and start < unknown_before:
            month = f"{unknown_before:%Y-%m}"
            _put(ws, i, 3, _t("start_unknown_before", lang, month=month), "rk_text")
        else:
            _put(ws, i, 3, start, "rk_date")
    widths = (14, 34, 17 if unknown_before is not None else 13)  # "2025-09 以前から" fits
    for letter, width in zip("ABC", widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _properties(wb: Workbook, source: ShareSource, rep: str | None, guard: Guard | None) -> None:
    """Document properties: who the copy is for and where it came from, nothing else."""
    lang = source.language
    props = wb.properties
    props.creator = props.lastModifiedBy = "routekpi"
    props.title = _t("cover_title_rep", lang, rep=rep) if rep else _t("cover_title_team", lang)
    props.created = props.modified = source.computed_at
    book = source.path.name
    if guard is not None and guard.leaks(book):
        book = ""
    for name, value in (
        (PROP_KIND, "rep" if rep else "team"),
        (PROP_REP, rep or ""),
        (PROP_BOOK, book),
        (PROP_DIGEST, source.digest),
        (PROP_COMPUTED, source.computed_at.isoformat()),
        (PROP_AS_OF, source.result.evidence.as_of.isoformat()),
    ):
        if value:
            wb.custom_doc_props.append(StringProperty(name=name, value=value))


def copy_file_name(source: ShareSource, rep: str | None) -> str:
    """``<master>_<rep>.xlsx`` (or ``_team``), safe on Windows, macOS and Linux.

    The rep's name as spelt, its spaces (half or full width) as ``_``: 「run3_中村 亮.xlsx」
    troubles some mailers and zip tools (trial 22). The copy's properties keep the name as
    spelt, which is what ``collect`` reads.
    """
    who = _UNSAFE_NAME.sub("_", rep).strip(" .\u3000") if rep else "team"
    who = re.sub(r"[\s\u3000]+", "_", who)
    return f"{source.path.stem}_{who or 'rep'}.xlsx"


__all__ = [
    "CopyInfo",
    "ShareError",
    "ShareSource",
    "build_copy",
    "copy_file_name",
    "load_source",
    "rep_tables",
]
