"""Collect reps' returned copies: their visit-log rows appended to the master's Visits, once.

Each returned file is read like any input (the same validation, so a bad row is reported with
file, sheet and row and skipped), the rep is taken from the file itself (the copy's document
property, else its cover), rows for someone else are refused, a visit to a colleague's account is
taken as a cover visit under the visitor (with a warning), and rows already in Visits —
from an earlier collect, or typed by the manager — are skipped and counted. The new rows go
below the existing ones at the zip level (every existing cell stays byte for byte, the Visits
table grows with them) into a temporary file that, after the optional recalculation, replaces
the master in one rename: the master is either unchanged or completely updated.

When the Sources sheet names a visits file or database (an SFA export: rows cannot be
appended to it), the rows go to the master's collected-visits sheet instead
(``schema.COLLECTED_VISITS``, 回収訪問; created after the last tab on the first collect), which
the recalculation reads beside the source (``sources.assemble._with_collected``). A route
visit the source already shows for the day, rep and account is that visit, as below. So too
when the Visits sheet is a pasted export (its header not the template's: trial 44 L8, the next
paste would wipe rows appended below it): recalc reads the sheet beside the pasted Visits
(``validation.tables._with_collected_sheet``), the export standing for the source.

A row is a duplicate only when Visits already holds a row with every cell a visit log has the
same: date, rep, account, kind, outcome and the memo (for a row without an account code, a
name column on Visits counts as its memo: the prospect's name). Three calls to three
prospects on one day are three rows; the same row sent again (the same file twice, or a
file re-sent with more rows below) adds only what is new. Rows are counted, not only
matched: two identical rows typed in one file are two calls when Visits holds none of them.
Every row on the sheet counts, including those the recalculation leaves out (dated after
the as-of date, or after today), so a re-collect never appends a row a second time.

When visits come from a source, a call, attempt, meeting or prospect visit is matched
against it by recalc's key (validation.same_visit.logged_key: day, rep, account, kind and
outcome, counted, memo aside): recalc counts, of each key, the larger of the source's rows
and the sheet's (``sources.assemble._collected_kept``). So a rep's rows of a key are not
written while the book counts as many already (the source's: an info row says so), and
when his log holds more, the sheet gets the rows it lacks — the source's among them — so
recalc counts them all (``_settle``). What collect calls added is what recalc adds.

A route visit (kind 訪問) to an account Visits already shows visited by the same rep on the
same day — the ERP's export of it, pasted there — is that visit, whatever its memo or kind
word: not added, counted as a duplicate, and an info row says so (its memo stays in the
returned file) and where that visit came from when the book tells: the source, this file's
row an earlier collect took (trial 43 L2), the collected-visits sheet; else no guess.

A row dated after today (a planned visit typed in advance, a mistyped year) is refused with
file, sheet, row and column: the recalculation would not use it, so it is not collected and
is taken when the file is sent again after that day; one ``MONTH_TYPO_MIN_DAYS`` or more
ahead whose same day a month earlier has passed is said to be a mistyped month too (12/10
for 11/10: trial 43 L1), with how to put it in. A row dated more than ``LONG_AGO_DAYS``
before the copy's as-of date (a year typed one too low: trial 39 H4) is refused too: one such
row would tell the recalculation that the visit log starts a year earlier than it does.

The account cell is read as the rep meant it (trial 39 H4): a customer's name typed there is
its code when the name is one account (the rep's own first), with an info row; a name that
is several accounts is refused, naming them; a route visit to a code no sheet knows is
collected with a warning (a new customer not on the master yet, or a typo).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
import pandas as pd
import python_calamine as calamine

from routekpi import schema
from routekpi.contract import (
    SKIPPED_PROBLEMS,
    Check,
    InputError,
    RawSheet,
    language_of,
    typed_rows,
)
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.handover import holders_now
from routekpi.core.history import History
from routekpi.io.package import (
    WorkbookLocked,
    WorkbookWriteError,
    read_member,
    sheet_part_names,
    table_parts,
)
from routekpi.io.reader import WorkbookData, check_container, read_workbook
from routekpi.io.samplebook import KIND_LABELS, OUTCOME_LABELS
from routekpi.io.sheetrewrite import replace_members, resize_table, rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent, blank_worksheet, style_index
from routekpi.messages import text
from routekpi.pipeline import validate
from routekpi.recalc import RecalcError, recalculate
from routekpi.render import check_line, check_rows
from routekpi.share import crypto
from routekpi.share.copies import PROP_AS_OF, PROP_BOOK, PROP_KIND, PROP_REP, ShareError
from routekpi.share.sheetappend import add_table_column, append_rows, table_range
from routekpi.sources import named_sources
from routekpi.validation.period import decide_period
from routekpi.validation.reps_sheet import listed_reps
from routekpi.validation.same_visit import (
    LoggedKey,
    VisitKey,
    is_route,
    logged_key,
    pasted_export,
    sheet_header,
)
from routekpi.validation.same_visit import cell_text as _cell_text
from routekpi.validation.same_visit import visit_key as _key
from routekpi.validation.settings import SettingValues, parse_settings, working_weekdays
from routekpi.validation.tables import (
    name_key,
    read_table,
    read_words,
    validate_inputs,
    zeros_dropped,
)
from routekpi.validation.words import KindWords

# Master columns collect writes, in the order new ones are added on the right.
_WRITTEN = ("date", "rep", "account", "kind", "outcome", "note")
# A visit dated this long before the copy's as-of date is a mistyped year, not a late entry
# (a rep returning last month's log late is well inside it).
LONG_AGO_DAYS = 62
# A visit dated this far after today cannot be one planned ahead on a route (the copies go out
# monthly): the year is mistyped, and "send it again after that day" would be wrong advice.
FAR_AHEAD_DAYS = 62
# A visit typed in advance is for this week or the next; one dated this many days or more
# after today, whose same day a month earlier has passed, reads as the month mistyped
# (trial 43 L1: 12/10 typed for 11/10 on 11/16) and the message says so.
MONTH_TYPO_MIN_DAYS = 14


@dataclass
class FileResult:
    """What one returned file gave."""

    file: Path
    rep: str
    rows: int = 0  # filled rows on its visit log
    added: int = 0
    duplicates: int = 0
    refused: int = 0  # invalid, or for someone else
    read: bool = False  # its visit log was read (else a problem with the file as a whole)


@dataclass(frozen=True)
class AsOfNote:
    """The as-of date before and after a collect, and why.

    With the AsOf cell blank the as-of date is the orders' last day (``History.default_as_of``):
    a rep's visit typed after it does not move it (the days after the last order would count
    as days without sales), but counts as contact — the Daily list starts after it and an
    account seen then is not at risk. Only a history without that day (a source whose preview
    ends at its last order or visit) can still move it; the collect says which, never silently.
    """

    before: date
    after: date
    from_setting: bool  # the AsOf cell (else: the last date of the history)
    orders_end: date | None  # the last order date
    later_rows: int  # collected rows dated after the as-of date in use
    no_order_days: int  # working days after orders_end up to ``after``
    cell: tuple[int | None, str] = (None, "")  # the AsOf cell on Settings: row, column letter
    contact_end: date | None = None  # the last visit (collected ones too): contact up to here

    @property
    def moved(self) -> bool:
        """The collected visits moved the as-of date."""
        return self.after != self.before

    def check(self) -> Check:
        """The Checks row: which as-of date the outputs use, and why."""
        params: dict[str, object] = {
            "before": self.before.isoformat(),
            "after": self.after.isoformat(),
            "as_of": self.after.isoformat(),
            "orders_end": self.orders_end.isoformat() if self.orders_end else "—",
            "days": self.no_order_days,
            "count": self.later_rows,
            "next": (self.after + timedelta(days=1)).isoformat(),
            "contact": (self.contact_end or self.after).isoformat(),
        }
        severity = "info"
        if self.from_setting:
            key = "collect.as_of_setting_later" if self.later_rows else "collect.as_of_setting"
        elif self.moved and self.no_order_days:
            key, severity = "collect.as_of_moved", "warn"
        elif self.moved:
            key = "collect.as_of_moved_no_workday"
        elif self.later_rows:
            key = "collect.as_of_kept_later"
        else:
            key = "collect.as_of_kept"
        row, col = self.cell
        where = f"{col} AsOf".strip()
        return Check(schema.SETTINGS.name, row, where, None, key, params, severity)


@dataclass
class CollectReport:
    """What a collect run did."""

    master: Path
    language: str
    files: list[FileResult] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    written: bool = False
    recalculated: bool = False
    as_of: AsOfNote | None = None  # None: nothing written, or the settings could not be read
    # Visits from a source: the sheet collected rows went to, and the source ("": Visits).
    collected_sheet: str = ""
    visits_source: str = ""
    # Visits pasted as an export: collected rows went to ``collected_sheet`` beside it.
    pasted_export: bool = False

    @property
    def added(self) -> int:
        """Rows appended to Visits."""
        return sum(f.added for f in self.files)

    @property
    def duplicates(self) -> int:
        """Rows skipped because Visits already had them."""
        return sum(f.duplicates for f in self.files)

    @property
    def none_read(self) -> bool:
        """True when no file named could be read (missing, locked, not a rep's copy…):
        ``routekpi collect`` exits 1, as for a typo'd name, not 0 as for "nothing new"."""
        return bool(self.files) and not any(f.read for f in self.files)

    def check_lines(self) -> list[str]:
        """The checks, one console line each (``render.check_line``: a long message is not
        wrapped onto a line of its own as on the Checks sheet)."""
        return [check_line(c, self.language) for c in self.checks]

    def summary(self) -> list[str]:
        """The lines ``routekpi collect`` prints."""
        lang = self.language
        lines = [
            text(
                "collect.summary_file",
                lang,
                file=f.file.name,
                rep=f.rep or "?",
                rows=f.rows,
                added=f.added,
                duplicates=f.duplicates,
                refused=f.refused,
            )
            for f in self.files
        ]
        if not self.written:
            lines.append(text("collect.summary_nothing", lang))
        else:
            recalc = text("collect.summary_recalc", lang) if self.recalculated else ""
            lines.append(
                text(
                    "collect.summary_collected_pasted"
                    if self.pasted_export
                    else "collect.summary_collected_sheet"
                    if self.collected_sheet
                    else "collect.summary_total",
                    lang,
                    added=self.added,
                    duplicates=self.duplicates,
                    recalc=recalc,
                    sheet=self.collected_sheet,
                    source=self.visits_source,
                )
            )
            if self.as_of is not None:
                note = self.as_of.check()
                lines.append(text(note.problem, lang, **note.params))
        return lines


@dataclass
class _Copy:
    rep: str
    kind: str
    book: str
    tab: str
    raw: RawSheet | None
    date1904: bool
    as_of: date | None = None  # the master's as-of date when the copy was made


@dataclass(frozen=True)
class _Accounts:
    """The accounts a typed code can be: every code on a sheet, and customer names as keys."""

    codes: frozenset[str]
    by_name: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, history: History) -> _Accounts:
        codes: set[str] = set()
        for frame in (history.accounts, history.orders, history.visits):
            codes.update(str(a) for a in pd.unique(frame["account"].dropna()))
        named: dict[str, list[str]] = {}
        names = history.accounts[["account", "name"]].dropna()
        for account, name in zip(names["account"], names["name"], strict=True):
            found = named.setdefault(name_key(str(name)), [])
            if str(account) not in found:
                found.append(str(account))
        return cls(frozenset(codes), {k: tuple(v) for k, v in named.items()})

    def named(self, typed: str, rep: str, owners: dict[str, str]) -> tuple[str, ...]:
        """The accounts a name typed in the code cell is: the rep's own if one is his."""
        found = self.by_name.get(name_key(typed), ())
        mine = tuple(a for a in found if owners.get(a) == rep)
        return mine if len(mine) == 1 else found


def _custom_properties(zf: zipfile.ZipFile) -> dict[str, str]:
    """Custom document properties (name → text) of an opened .xlsx."""
    try:
        root = SafeET.fromstring(zf.read("docProps/custom.xml"))
    except (KeyError, ParseError):
        return {}
    props = {}
    for el in root:
        name = el.get("name")
        value = next(iter(el), None)
        if name and value is not None and value.text is not None:
            props[name] = value.text.strip()
    return props


def _date1904(zf: zipfile.ZipFile) -> bool:
    try:
        root = SafeET.fromstring(zf.read("xl/workbook.xml"))
    except (KeyError, ParseError):
        return False
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == "workbookPr":
            return el.get("date1904", "0").lower() in ("1", "true")
    return False


def _cover_rep(book: calamine.CalamineWorkbook) -> str:
    """The rep named on the cover (when a program dropped the document properties)."""
    labels = {text("share.cover_rep", lang) for lang in ("ja", "en")}
    for tab in book.sheet_names:
        if schema.COVER.matches(tab):
            for row in book.get_sheet_by_name(tab).to_python():
                if len(row) > 1 and str(row[0]).strip() in labels and str(row[1]).strip():
                    return str(row[1]).strip()
    return ""


def read_copy(path: Path, data: bytes) -> _Copy:
    """The rep, provenance and raw visit log of a (decrypted) returned copy."""
    with tempfile.TemporaryDirectory(prefix="routekpi_collect_") as folder:
        tmp = Path(folder) / "copy.xlsx"
        tmp.write_bytes(data)
        check_container(tmp)  # zip bombs, DTDs, not a workbook: refused like any input
        with zipfile.ZipFile(tmp) as zf:
            props = _custom_properties(zf)
            date1904 = _date1904(zf)
        try:
            book = calamine.CalamineWorkbook.from_path(str(tmp))
        except Exception as exc:  # calamine's own error types for damaged files
            raise InputError("err.not_workbook", path=path.name) from exc
        rep = props.get(PROP_REP) or _cover_rep(book)
        tab = next((t for t in book.sheet_names if schema.VISIT_LOG.matches(t)), "")
        raw = None
        if tab:
            sheet = book.get_sheet_by_name(tab)
            rows = sheet.to_python(skip_empty_area=True)
            r0, c0 = sheet.start or (0, 0)
            raw = RawSheet(name=tab, rows=rows, first_row=r0 + 1, first_col=c0)
    as_of = None
    with contextlib.suppress(KeyError, ValueError):
        as_of = date.fromisoformat(props[PROP_AS_OF][:10])
    return _Copy(rep, props.get(PROP_KIND, ""), props.get(PROP_BOOK, ""), tab, raw, date1904, as_of)


def _month_typo(day: date, today: date, long_ago: date) -> date | None:
    """The same day of the month before ``day``, when ``day`` is ``MONTH_TYPO_MIN_DAYS`` or
    more after today and that day is a date the visit could have been (today or before, not
    before ``long_ago``); None otherwise (12/31's month before has no 31st: no guess)."""
    if (day - today).days < MONTH_TYPO_MIN_DAYS:
        return None
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    try:
        earlier = day.replace(year=year, month=month)
    except ValueError:
        return None
    return earlier if long_ago <= earlier <= today else None


def _sheet_keys(
    raw: RawSheet, header: tuple[int, list[object]], words: KindWords, date1904: bool
) -> Counter[VisitKey]:
    """Every row on the master's Visits as a key, counted: rows recalc leaves out too (a date
    after today or after the as-of date), so a re-collect never adds them again."""
    frame, rows = read_table(schema.VISITS, raw, [], date1904=date1904, today=None, words=words)
    _, cells = header
    account_at = schema.match_headers(schema.VISITS, cells).positions.get("account")
    name_spec = schema.ACCOUNTS.column("name")
    note_at = next(
        (i for i, h in enumerate(cells) if h is not None and schema.VISIT_NOTE.matches(h)), None
    )
    name_at = next(
        (
            i
            for i, h in enumerate(cells)
            if h is not None and i != account_at and name_spec.matches(h)
        ),
        None,
    )

    def cell(row: int, at: int | None) -> object:
        """A cell of a column the schema does not read (the fast path keeps only the
        schema's columns, and takes a sheet with any other column the slow way)."""
        if at is None or raw.columns is not None:
            return None
        i = row - raw.first_row
        line = raw.rows[i] if 0 <= i < len(raw.rows) else ()
        return line[at] if at < len(line) else None

    keys: Counter[VisitKey] = Counter()
    for v, row in zip(frame.itertuples(index=False), rows, strict=True):
        account = None if v.account is None or pd.isna(v.account) else v.account
        outcome = None if v.outcome is None or pd.isna(v.outcome) else v.outcome
        memo = _cell_text(cell(int(row), note_at))
        if account is None:  # a prospect: who it was is in its name column, if any
            # (read with the row when the schema reads it: the fast path keeps that column)
            name = _cell_text(cell(int(row), name_at)) or _cell_text(
                getattr(v, schema.ACCOUNT_NAME_KEY, None)
            )
            memo = " ".join(t for t in (name, memo) if t)
        keys[_key(v.date, v.rep, account, v.kind, outcome, memo)] += 1
    return keys


def collect(
    master: Path,
    files: Sequence[Path],
    *,
    password: str | None = None,
    ask_password: Callable[[Path], str | None] | None = None,
    recalc: bool = True,
    today: date | None = None,
) -> CollectReport:
    """Append the new visit-log rows of ``files`` to ``master``'s Visits (see module doc)."""
    master = Path(master)
    today = today or date.today()
    try:
        data = read_workbook(master)
    except InputError as exc:
        ja, en = text(exc.key, "ja", **exc.params), text(exc.key, "en", **exc.params)
        raise ShareError(f"{ja} / {en}") from exc
    lang = language_of(data.settings.get("Language"))
    # Inputs named on the Sources sheet come from files or a database, as recalc reads them.
    refs = named_sources(data, None, master.parent, [])
    # Visits from a file or database: rows cannot be appended to an SFA export, so they go to
    # the master's collected-visits sheet, which recalc reads beside the source (module doc).
    # So too when the Visits sheet is a pasted export (its header not the template's): the
    # next paste would wipe rows appended below it (trial 44 L8); recalc reads the sheet
    # beside it (validation.tables._with_collected_sheet).
    pasted = schema.VISITS.name not in refs and pasted_export(data.sheets.get(schema.VISITS.name))
    target = schema.COLLECTED_VISITS if schema.VISITS.name in refs or pasted else schema.VISITS
    try:
        if refs:  # orders or accounts from files: who owns which account comes from there
            inputs = validate(data, base=master.parent, raw_rows=True).inputs
        else:
            # The Reps sheet's spellings, as recalc shows them: the copies carry those names.
            listed = listed_reps(data.reps)
            inputs = validate_inputs(
                data.sheets,
                date1904=data.date1904,
                today=today,
                listed_reps=listed,
                weekdays=working_weekdays(data.settings),  # the calendar recalc counts
            )
    except InputError as exc:
        raise ShareError(text(exc.key, lang, **exc.params)) from exc
    visits_raw = data.sheets.get(target.name)
    header = sheet_header(visits_raw) if visits_raw is not None else None
    if target is schema.VISITS and (visits_raw is None or header is None):
        raise ShareError(text("collect.no_visits_sheet", lang))
    if visits_raw is not None and header is None and typed_rows(visits_raw, header=False):
        # The collected-visits sheet with rows but no header collect can read: appending
        # below would put rows the recalculation cannot read (its header is the Visits one).
        tab = data.tab_names.get(target.name, target.ja)
        raise ShareError(text("collect.collected_no_header", lang, sheet=tab))

    history = inputs.history
    # The master's own kind words (Words sheet): a rep's 見積提出 reads as the master says.
    # Its problems are the recalculation's Checks rows, not repeated per file here.
    words = read_words(data.sheets.get(schema.WORDS.name), [], date1904=data.date1904, today=today)
    # Every row on the sheet, counted (module doc); a file adds a row only past that count.
    seen: Counter[VisitKey] = Counter()
    if visits_raw is not None and header is not None:
        seen = _sheet_keys(visits_raw, header, words, data.date1904)
    # A route visit already on Visits for the same day, rep and account (the ERP's export
    # pasted there): the rep's log of it is the same visit, whatever its memo (trial 36 M3:
    # 定期訪問 from the ERP and 訪問 with a memo from the rep, counted twice).
    same_day: Counter[tuple[date, str, str]] = Counter()
    for k, n in seen.items():
        if k[3] == "visit" and k[2]:
            same_day[k[:3]] += n
    # The source's route visits (the SFA's log), when visits come from one: the history
    # read holds the collected sheet's rows too, which ``same_day`` has already.
    in_source: Counter[tuple[date, str, str]] = Counter()
    # Its other rows (calls, attempts, meetings, prospects) by the recalculation's key
    # (validation.same_visit.logged_key): what recalc counts of each now, the larger of the
    # source's rows and the sheet's (it takes the sheet's rows as the source's while the
    # source's last: sources.assemble._collected_kept); and the sheet's rows alone.
    counted: Counter[LoggedKey] = Counter()
    on_sheet: Counter[LoggedKey] = Counter()
    if target is schema.COLLECTED_VISITS:
        held = _logged(history)
        in_source = Counter({k[:3]: n for k, n in held.items() if is_route(k)}) - same_day
        for k, n in seen.items():
            if not is_route(k):
                on_sheet[logged_key(*k[:5])] += n
        counted = Counter({k: n for k, n in held.items() if not is_route(k)})
        counted |= on_sheet
    # Who holds each account now by the engine's rule (core.handover.standing): an account
    # the sheet still gives to a rep who has left is the colleague's who serves it, so his
    # visits are his to log. The as-of date recalc would use (before these rows).
    parsed = _settings(data)
    day = (_as_of(parsed, history) if parsed is not None else None) or history.last_date()
    held = holders_now(history, day)[0].accounts if day is not None else history.accounts
    owners = {str(a): str(r) for a, r in zip(held["account"], held["rep"], strict=True)}
    known_reps = set(history.accounts["rep"].dropna()) | set(history.orders["rep"].dropna())
    accounts = _Accounts.of(history)
    report = CollectReport(master, lang)
    if target is schema.COLLECTED_VISITS:
        report.visits_source = (
            refs[schema.VISITS.name].label
            if schema.VISITS.name in refs
            else data.tab_names.get(schema.VISITS.name, schema.VISITS.name)
        )
        report.pasted_export = pasted
        report.collected_sheet = data.tab_names.get(
            target.name, target.ja if lang == "ja" else target.name
        )
    new_rows: list[dict[str, object]] = []
    # A route visit this collect has taken, by day, rep and account: where it came from
    # (trial 40 M4: one visit typed twice in a rep's log went in twice). A second row for it
    # is the same visit, as a row already on Visits is (same_day); calls and attempts are not.
    taken: dict[tuple[date, str, str], tuple[str, int]] = {}
    typed: list[str] = []  # passwords typed at the prompt that opened a file
    for path in files:
        path = Path(path)
        fr = FileResult(path, "")
        report.files.append(fr)
        copy = _open(path, password, ask_password, typed, report.checks)
        if copy is None:
            continue
        fr.rep = copy.rep
        where = f"{path.name} › {copy.tab}" if copy.tab else path.name
        if not copy.rep or copy.kind == "team":
            report.checks.append(_file_check(path.name, "collect.not_a_copy", path.name))
            continue
        if copy.rep not in known_reps:
            report.checks.append(
                _file_check(path.name, "collect.unknown_rep", path.name, rep=copy.rep)
            )
            continue
        if copy.book and copy.book != master.name:
            report.checks.append(
                _file_check(path.name, "collect.other_book", path.name, "warn", book=copy.book)
            )
        if copy.raw is None and schema.VISITS.name in refs:
            # Every kind comes from the Sources file: the copies carry no log (trial 48 L3),
            # so a copy sent back without one is nothing to collect, not a wrong file.
            source = refs[schema.VISITS.name].label
            report.checks.append(
                _file_check(path.name, "collect.no_log_source", path.name, "info", source=source)
            )
            continue
        if copy.raw is None:
            report.checks.append(_file_check(path.name, "collect.no_log", path.name))
            continue
        fr.read = True
        checks: list[Check] = []
        frame, row_numbers = read_table(
            schema.VISIT_LOG, copy.raw, checks, date1904=copy.date1904, today=today, words=words
        )
        left_out = [c for c in checks if c.problem in SKIPPED_PROBLEMS]
        skipped = sum(int(c.params.get("count", 0)) for c in left_out)  # type: ignore[call-overload]
        fr.rows = len(frame) + skipped
        fr.refused = skipped
        report.checks.extend(_relabel(c, where) for c in checks if c not in left_out)
        cols = frame.attrs.get("columns", {})
        # Codes that lost their leading zeros (123 for 0123: Excel read the column as
        # numbers), on the copy or in the source, read as the code they are by the reader's
        # rule (validation.tables.zeros_dropped: one code with the same digits, else none):
        # the copy's against the master's accounts, then against the source's route visits,
        # so a visit the export logs under 123 is the one the rep typed as 0123.
        codes = {str(a) for a in frame["account"].dropna()} if "account" in frame else set()
        zeros = zeros_dropped(codes - accounts.codes, accounts.codes)
        codes = {zeros.get(a, a) for a in codes}
        logged = {k[2] for k in (*in_source, *same_day, *counted) if k[2]}
        as_logged = zeros_dropped(codes - logged, logged)
        in_file: Counter[VisitKey] = Counter()
        say = partial(_log_check, report.checks, where, cols)  # a row's cell, said on Checks
        long_ago = (copy.as_of or today) - timedelta(days=LONG_AGO_DAYS)
        # This file's route visits the sheet already holds whole, by day, rep and account:
        # an earlier collect of this file took them (trial 43 L2: a re-sent file's second row
        # for one visit was said to be a row pasted from the system).
        earlier_row: dict[tuple[date, str, str], int] = {}
        # This file's rows in order, each with its logged key when the source decides it (a
        # row the source may hold: settled per key after the file, ``_settle``).
        mine: list[_Row] = []
        for i, v in enumerate(frame.itertuples(index=False)):
            k = _key(v.date, copy.rep, v.account, v.kind, v.outcome, v.note)
            if k[3] == "visit" and k[2] and seen[k]:
                earlier_row.setdefault(k[:3], int(row_numbers[i]))
        for i, v in enumerate(frame.itertuples(index=False)):
            row = int(row_numbers[i])
            day = pd.Timestamp(v.date).date()
            if day < long_ago:
                say(
                    row,
                    "date",
                    day.isoformat(),
                    "collect.long_ago",
                    {"as_of": (copy.as_of or today).isoformat(), "days": LONG_AGO_DAYS},
                )
                fr.refused += 1
                continue
            if day > today:
                # Not happened yet (typed in advance) or a mistyped year: recalc would not use
                # it, and appended now it would sit on Visits unused. Taken when sent again.
                far = (day - today).days > FAR_AHEAD_DAYS
                earlier = None if far else _month_typo(day, today, long_ago)
                say(
                    row,
                    "date",
                    day.isoformat(),
                    "collect.far_ahead"
                    if far
                    else "collect.month_typo"
                    if earlier
                    else "collect.after_today",
                    {
                        "today": today.isoformat(),
                        "days": FAR_AHEAD_DAYS,
                        "ahead": (day - today).days,
                        "day": day.isoformat(),
                        "earlier": earlier.isoformat() if earlier else "",
                    },
                )
                fr.refused += 1
                continue
            rep_here = getattr(v, "rep", None)
            account = None if v.account is None or pd.isna(v.account) else str(v.account)
            if rep_here is not None and not pd.isna(rep_here) and str(rep_here) != copy.rep:
                say(row, "rep", rep_here, "collect.other_rep", {"rep": rep_here, "owner": copy.rep})
                fr.refused += 1
                continue
            if account in zeros:
                account = zeros[account]
            if account and account not in accounts.codes:
                named = accounts.named(account, copy.rep, owners)
                if len(named) > 1:  # which of them he meant only he knows
                    listed = "、".join(f"{a}({owners.get(a, '-')})" for a in named)
                    say(row, "account", account, "collect.name_ambiguous", {"accounts": listed})
                    fr.refused += 1
                    continue
                if named:
                    say(
                        row,
                        "account",
                        account,
                        "collect.name_as_code",
                        {"account": named[0]},
                        "info",
                    )
                    account = named[0]
                elif v.kind == "visit":
                    say(
                        row,
                        "account",
                        account,
                        "collect.unknown_account",
                        {"account": account},
                        "warn",
                    )
            owner = owners.get(account) if account else None
            outcome = None if v.outcome is None or pd.isna(v.outcome) else v.outcome
            note = None if v.note is None or pd.isna(v.note) else str(v.note)
            key = _key(v.date, copy.rep, account, v.kind, outcome, note)
            in_file[key] += 1
            entry: dict[str, object] = {
                "date": key[0],
                "rep": copy.rep,
                "account": account,
                "kind": v.kind,
                "outcome": outcome,
                "note": note,
            }
            if target is schema.COLLECTED_VISITS and not is_route(key):
                # A call, attempt or meeting the source may hold: decided with this file's
                # other rows of its key, as recalc counts them (``_settle``).
                at = as_logged.get(account or "", account or "")
                lk = logged_key(key[0], key[1], at, key[3], key[4])
                mine.append(_Row(entry, row, lk, in_file[key] <= seen[key], owner))
                continue
            if in_file[key] <= seen[key]:  # Visits has this row (as many times) already
                fr.duplicates += 1
                continue
            # The source's or the sheet's 123 that day is this 0123's visit (``as_logged``).
            alias = (key[0], key[1], as_logged.get(account or "", account or ""))
            logged_src = in_source[key[:3]] or in_source[alias]
            if (
                key[3] == "visit"
                and account
                and (same_day[key[:3]] or same_day[alias] or logged_src)
            ):
                # Where the visit already is, as far as the book tells: the source (SFA), this
                # file's earlier collect, the collected-visits sheet (collects write it), else
                # Visits, without a guess (pasted or typed: the sheet does not say).
                first = earlier_row.get(key[:3])
                said = (
                    "collect.same_visit_source"
                    if logged_src
                    else "collect.same_visit_collected"
                    if first is not None
                    else "collect.same_visit_sheet"
                    if target is schema.COLLECTED_VISITS
                    else "collect.same_visit"
                )
                say(
                    row,
                    "date",
                    key[0].isoformat(),
                    said,
                    {
                        "account": account,
                        "day": key[0].isoformat(),
                        "note": note or "",
                        "source": report.visits_source,
                        "row": first or "",
                        "sheet": report.collected_sheet or "",
                    },
                    "info",
                )
                fr.duplicates += 1
                continue
            if key[3] == "visit" and account and key[:3] in taken:
                first_where, first_row = taken[key[:3]]
                say(
                    row,
                    "date",
                    key[0].isoformat(),
                    "collect.same_visit_typed",
                    {
                        "account": account,
                        "day": key[0].isoformat(),
                        "row": first_row,
                        "file": first_where,
                    },
                    "info",
                )
                fr.duplicates += 1
                continue
            mine.append(_Row(entry, row, None, False, owner))
            if key[3] == "visit" and account:
                taken[key[:3]] = (where, row)
        written, notes = _settle(mine, counted, on_sheet)
        for r in mine:
            if r in notes:  # said at its date cell (collect.same_row_source*)
                problem, params = notes[r]
                params = {
                    **params,
                    "source": report.visits_source,
                    "sheet": report.collected_sheet or "",
                }
                params["kind"] = _labelled("kind", params["kind"], lang)
                params["outcome"] = _labelled("outcome", params["outcome"] or None, lang) or "—"
                say(r.row, "date", params["day"], problem, params, "info")
            if r.key is not None and r not in written:
                fr.duplicates += 1
                continue
            if r.owner is not None and r.owner != copy.rep:
                # A cover visit (route sales cover a colleague's stop on leave or a busy day):
                # the visit is the visitor's work and goes in under him; the account stays
                # the holder's. A warning names it, so a mistyped account code is seen.
                account = r.entry["account"]
                say(
                    r.row,
                    "account",
                    account,
                    "collect.cover_visit",
                    {"account": account, "rep": r.owner, "visitor": copy.rep},
                    "warn",
                )
            new_rows.append(r.entry)
            fr.added += 1
        for k, n in in_file.items():  # this file's rows are on the sheet now
            seen[k] = max(seen[k], n)
    if new_rows:
        before = _as_of(parsed, history) if parsed is not None else None

        def note(recalculated: date | None) -> AsOfNote | None:
            """The as-of note; ``recalculated``: the as-of date the recalculation used."""
            if parsed is None or before is None:
                return None
            after = recalculated or _as_of(parsed, _with_visits(history, new_rows))
            if after is None:
                return None
            cell = data.setting_cells.get("AsOf", (None, ""))
            return _as_of_note(parsed, history, before, after, new_rows, cell)

        _write(master, data, header, new_rows, lang, report, recalc, note, target)
    return report


def _logged(history: History) -> Counter[LoggedKey]:
    """The visits of ``history`` by the recalculation's key against the source
    (validation.same_visit.logged_key), counted."""
    v = history.visits
    if not len(v) or "kind" not in v:
        return Counter()
    outcome = v["outcome"] if "outcome" in v else [None] * len(v)
    return Counter(
        logged_key(d, r, a, k, o)
        for d, r, a, k, o in zip(v["date"], v["rep"], v["account"], v["kind"], outcome, strict=True)
    )


@dataclass(eq=False)
class _Row:
    """A returned log's row that passed its checks: what goes on the sheet if written."""

    entry: dict[str, object]
    row: int
    key: LoggedKey | None  # its key against the source, when the source decides it
    on_sheet: bool  # the sheet holds it whole (memo too): an earlier collect wrote it
    owner: str | None  # who holds its account now


def _settle(
    rows: list[_Row], counted: Counter[LoggedKey], on_sheet: Counter[LoggedKey]
) -> tuple[set[_Row], dict[_Row, tuple[str, dict[str, object]]]]:
    """The rows with a logged key to write, and what to say at some (module doc).

    Per key, recalc counts the larger of the source's rows and the sheet's (``counted``):
    while the file holds no more rows than that, none is new and none is written (the ones
    the sheet lacks are the source's: said so); when it holds more, the sheet must hold as
    many rows as the file for recalc to count them all, so the rows it lacks are written —
    those the source holds too among them (said once). ``counted`` and ``on_sheet`` then
    say what the sheet holds, for the next file of the same rep.
    """
    groups: dict[LoggedKey, list[_Row]] = {}
    for r in rows:
        if r.key is not None:
            groups.setdefault(r.key, []).append(r)
    written: set[_Row] = set()
    notes: dict[_Row, tuple[str, dict[str, object]]] = {}
    for k, group in groups.items():
        held, sheet = counted[k], on_sheet[k]
        params: dict[str, object] = {
            "day": k[0].isoformat(),
            "account": k[2] or "—",
            "kind": k[3],
            "outcome": k[4],
            "held": held,
            "rows": len(group),
        }
        lacking = [r for r in group if not r.on_sheet]
        if len(group) <= held:
            notes.update((r, ("collect.same_row_source", params)) for r in lacking)
        else:
            new = lacking[: len(group) - sheet]
            written.update(new)
            on_sheet[k] += len(new)
            if held > sheet and new:  # the source's rows went in with the new ones
                notes[new[0]] = ("collect.same_row_source_kept", params)
        counted[k] = max(held, len(group))
    return written, notes


def _settings(data: WorkbookData) -> SettingValues | None:
    """The master's settings as recalc parses them (None when they cannot be read)."""
    try:
        return parse_settings(
            data.settings,
            cell_of=data.setting_cells,
            sheet_of=data.setting_sheets,
            date1904=data.date1904,
        )
    except (InputError, KeyError, TypeError, ValueError):
        return None


def _as_of(parsed: SettingValues, history: History) -> date | None:
    """The as-of date recalc would use for ``history`` (validation.period, as the pipeline
    asks it: the AsOf cell, never past what the history covers, else the default as-of date,
    the orders' last day: ``History.default_as_of``)."""
    return decide_period(parsed, history).covered_as_of or history.last_date()


def _with_visits(history: History, rows: list[dict[str, object]]) -> History:
    """``history`` with the collected visits added (only what the as-of date is judged by)."""
    added = pd.DataFrame(
        {
            "date": pd.to_datetime([r["date"] for r in rows]),
            "rep": [r["rep"] for r in rows],
            "account": [r["account"] for r in rows],
            "kind": [r["kind"] for r in rows],
        }
    )
    visits = pd.concat([history.visits, added], ignore_index=True) if len(history.visits) else added
    return dataclasses.replace(history, visits=visits)


def _as_of_note(
    parsed: SettingValues,
    history: History,
    before: date,
    after: date,
    rows: list[dict[str, object]],
    cell: tuple[int | None, str] = (None, ""),
) -> AsOfNote:
    orders_end = history.orders_end()
    holidays = frozenset(d.date() for d in history.holidays["date"].dropna())
    days = 0
    if orders_end is not None and after > orders_end:
        calendar = BusinessCalendar(holidays, weekdays=history.weekdays)
        days = calendar.count(orders_end + timedelta(days=1), after)
    from_setting = isinstance(parsed.values.get("AsOf"), date)
    contact = (
        None if from_setting else _with_visits(history, rows).contact_through(after, typed=False)
    )
    return AsOfNote(
        before=before,
        after=after,
        from_setting=from_setting,
        orders_end=orders_end,
        later_rows=sum(1 for r in rows if isinstance(r["date"], date) and r["date"] > after),
        no_order_days=days,
        cell=cell,
        contact_end=contact,
    )


def _open(
    path: Path,
    password: str | None,
    ask: Callable[[Path], str | None] | None,
    known: list[str],
    checks: list[Check],
) -> _Copy | None:
    """Read one returned file; a problem with the file as a whole becomes one Check.

    An encrypted copy is tried with the given password, else with the passwords typed for
    earlier files of this run (reps' copies usually share one), else the user is asked.
    """
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        checks.append(_file_check(path.name, "err.not_found", path.name, path=str(path)))
        return None
    except OSError as exc:  # a folder, no permission: not "not found"
        reason = exc.strerror or type(exc).__name__
        checks.append(
            _file_check(path.name, "err.cli_os", path.name, path=str(path), reason=reason)
        )
        return None
    if crypto.is_encrypted(blob):
        plain = _decrypt(blob, [password] if password else known)
        if plain is None and not password and ask is not None:
            typed = ask(path)
            plain = _decrypt(blob, [typed]) if typed else None
            if plain is not None and typed:
                known.append(typed)
            elif typed:
                checks.append(_file_check(path.name, "collect.wrong_password", path.name))
                return None
        if plain is None:
            key = "collect.wrong_password" if password else "collect.encrypted_no_password"
            checks.append(_file_check(path.name, key, path.name))
            return None
        blob = plain
    try:
        return read_copy(path, blob)
    except InputError as exc:
        checks.append(
            _file_check(path.name, exc.key, path.name, **{**exc.params, "path": path.name})
        )
        return None


def _decrypt(blob: bytes, passwords: Sequence[str]) -> bytes | None:
    """The decrypted file with the first password that opens it, else None."""
    for secret in passwords:
        try:
            return crypto.decrypt(blob, secret)
        except crypto.WrongPassword:
            continue
    return None


def _log_check(
    out: list[Check],
    where: str,
    cols: dict[str, str],
    row: int,
    key: str,
    value: object,
    problem: str,
    params: dict[str, object],
    severity: str = "error",
) -> None:
    """One Checks row at a returned visit log's cell: file › tab, row, the column of ``key``."""
    out.append(Check(where, row, cols.get(key, ""), value, problem, params, severity))


def _file_check(file: str, key: str, name: str, severity: str = "error", **params: object) -> Check:
    return Check(file, None, "", None, key, {"file": name, **params}, severity)


def _relabel(check: Check, where: str) -> Check:
    return Check(
        where, check.row, check.column, check.value, check.problem, check.params, check.severity
    )


def _write(
    master: Path,
    data: WorkbookData,
    header: tuple[int, list[object]] | None,
    rows: list[dict[str, object]],
    lang: str,
    report: CollectReport,
    recalc: bool,
    note: Callable[[date | None], AsOfNote | None] = lambda _: None,
    target: schema.SheetSpec = schema.VISITS,
) -> None:
    """Append ``rows`` to Visits — or the collected-visits sheet, ``target``, created when
    the master has none yet (``header`` None) — and recalculate, in a temp file, then rename
    it over master.

    ``note``: the as-of note for the recalculation's as-of date (None when none ran); its
    Checks row goes below the recalculation's with the collect's own problems."""
    try:
        if header is None:  # no sheet yet, or one the manager emptied: written with its header
            tab = data.tab_names.get(target.name)
            build: Callable[[Path], None] = partial(_new_sheet, master, rows, lang, target, tab)
        else:
            members = _appended(master, data, header, rows, lang, target)
            build = partial(_replace, master, members)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{master.name}.", suffix=".collect", dir=master.parent
        )
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            build(tmp)
            recalc_as_of = None
            if recalc:
                done = recalculate(tmp)
                report.recalculated = True
                recalc_as_of = done.result.evidence.as_of
            report.as_of = note(recalc_as_of)
            # The as-of row goes on Checks; on the console it is a summary line (not stderr).
            checks = [*report.checks, *([report.as_of.check()] if report.as_of else [])]
            if recalc and checks:
                _append_checks(tmp, data, checks, lang)
            os.replace(tmp, master)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
    except WorkbookLocked as exc:
        raise ShareError(text("err.locked", lang, path=str(master))) from exc
    except (WorkbookWriteError, OSError) as exc:
        raise ShareError(text("err.write_failed", lang, reason=str(exc))) from exc
    except RecalcError as exc:
        raise ShareError(exc.message) from exc
    report.written = True


def _replace(master: Path, members: dict[str, bytes], tmp: Path) -> None:
    replace_members(master, members, dst=tmp)


def _labelled(key: str, value: object, lang: str) -> object:
    """A kind or outcome as the sheets spell it (訪問, not visit)."""
    if key == "kind" and value is not None:
        return KIND_LABELS[lang].get(str(value), value)
    if key == "outcome" and value is not None:
        return OUTCOME_LABELS[lang].get(str(value), value)
    return value


# A new sheet: no cells yet (the rewriter writes them), its header row frozen.
_NEW_SHEET = blank_worksheet(frozen_rows=1)
# Its column widths (characters): date, rep, account, kind, outcome, memo.
_NEW_WIDTHS = (12.0, 14.0, 14.0, 10.0, 10.0, 36.0)


def _new_sheet(
    master: Path,
    rows: list[dict[str, object]],
    lang: str,
    spec: schema.SheetSpec,
    existing: str | None,
    tmp: Path,
) -> None:
    """``master`` with the collected-visits sheet written to ``tmp``: the header in the book's
    language and ``rows`` below it, on the ``existing`` empty tab, else on a tab added after
    the last one."""
    tab = existing or (spec.ja if lang == "ja" else spec.name)
    cols = [c.key for c in spec.columns]
    body: list[list[object]] = [[Cell(c.header(lang), "rk_header") for c in spec.columns]]
    body += [[_labelled(k, r.get(k), lang) for k in cols] for r in rows]
    content = SheetContent(rows=body, column_widths=_NEW_WIDTHS)
    added = {} if existing else {tab: _NEW_SHEET}
    rewrite_workbook(master, {tab: content}, dst=tmp, new_sheets=added)


def _appended(
    master: Path,
    data: WorkbookData,
    header: tuple[int, list[object]],
    rows: list[dict[str, object]],
    lang: str,
    target: schema.SheetSpec,
) -> dict[str, bytes]:
    """The sheet part (and its tables) of ``target`` with ``rows`` appended below."""
    header_row, cells = header
    raw = data.sheets[target.name]
    assert raw is not None
    first_col = raw.first_col
    specs = {c.key: c for c in schema.VISITS.columns} | {"note": schema.VISIT_NOTE}
    match = schema.match_headers(schema.VISITS, cells)
    where: dict[str, int] = {k: first_col + i + 1 for k, i in match.positions.items()}
    note_at = next(
        (i for i, h in enumerate(cells) if h is not None and schema.VISIT_NOTE.matches(h)), None
    )
    if note_at is not None:
        where["note"] = first_col + note_at + 1
    used = [first_col + i + 1 for i, h in enumerate(cells) if h is not None and str(h).strip()]
    right = max(used, default=first_col)
    added_headers: dict[int, str] = {}
    for key in _WRITTEN:
        if key not in where and any(r.get(key) is not None for r in rows):
            right += 1
            where[key] = right
            added_headers[right] = specs[key].header(lang)
    values = [{col: _labelled(key, r.get(key), lang) for key, col in where.items()} for r in rows]

    tab = data.tab_names[target.name]
    part = sheet_part_names(master)[tab]
    styles = style_index(read_member(master, "xl/styles.xml"))
    result = append_rows(
        read_member(master, part),
        values,
        header_row=header_row,
        default_styles={where["date"]: styles.get("rk_date", 0)},
        header_cells=added_headers or None,
    )
    members = {part: result.xml}
    for table in table_parts(master, part):
        xml = read_member(master, table)
        span = table_range(xml)
        if span is None or span[1] != header_row:
            continue
        xml = resize_table(xml, result.last_row)
        for col in sorted(added_headers):
            if col == span[2] + 1:
                xml = add_table_column(xml, added_headers[col], result.last_row)
                span = (span[0], span[1], col, span[3])
        members[table] = xml
    return members


def _append_checks(path: Path, data: WorkbookData, checks: list[Check], lang: str) -> None:
    """The collect problems below the recalculation's own rows on Checks."""
    tab = data.tab_names.get(schema.CHECKS.name)
    if tab is None:
        return
    part = sheet_part_names(path)[tab]
    rows = [{j: v for j, v in enumerate(row, 1)} for row in check_rows(checks, lang)]
    result = append_rows(read_member(path, part), rows, header_row=1)
    replace_members(path, {part: result.xml}, dst=path)


__all__ = ["CollectReport", "FileResult", "collect", "read_copy"]
