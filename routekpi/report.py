"""``routekpi report BOOK --pdf OUT [--sheets …]``: print output sheets to PDF (LibreOffice).

The workbook itself is never changed. A temporary copy gets every sheet that is not an
output sheet (or a Backtest sheet the user added for ``backtest --sheet``) — or, with
``--sheets``, not one of those named — marked hidden in ``xl/workbook.xml`` (LibreOffice
does not print hidden sheets), with the first printed sheet as the active tab; LibreOffice
then converts that copy, page setup and print areas included. A million-row history is
still loaded, but not printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import openpyxl

from routekpi.schema import (
    BACKTEST_SHEET_NAMES,
    COVER,
    DAILY,
    MY_ACCOUNTS,
    OUTPUT_SHEETS,
    SETTINGS,
    VISIT_LOG,
    SheetSpec,
    find_sheet,
)

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 600


class ReportError(Exception):
    """The PDF could not be made; ``key``/``params`` name the message to show."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH (or $ROUTEKPI_SOFFICE), None when absent."""
    override = os.environ.get("ROUTEKPI_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\b[^>]*?/>")
_NAME = re.compile(rb'\sname="([^"]*)"')
_STATE = re.compile(rb'\sstate="[^"]*"')
_ACTIVE = re.compile(rb'(\sactiveTab=")\d+(")')
_FIRST = re.compile(rb'(\sfirstSheet=")\d+(")')
# A sheet's print area (``localSheetId``: its position): LibreOffice prints a hidden sheet
# that has one (a Dashboard printed before the Flags asked for), so a hidden sheet loses it.
_PRINT_AREA = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?definedName\b[^>]*\bname="_xlnm\.Print_Area"[^>]*'
    rb'\blocalSheetId="(\d+)"[^>]*>.*?</(?:[A-Za-z_][\w.-]*:)?definedName>',
    re.S,
)


# A rep's copy (routekpi.share.copies) has sheets of its own: its cover and account list print
# with the output sheets, its visit log when named (trial 46 L1: 表紙 was refused).
COPY_SHEETS: tuple[SheetSpec, ...] = (COVER, MY_ACCOUNTS, VISIT_LOG)
_COPY_PRINTED = frozenset({COVER.name, MY_ACCOUNTS.name})


def _spec(name: object) -> SheetSpec | None:
    """``find_sheet``, or one of a copy's own sheets (``COPY_SHEETS``)."""
    found = find_sheet(name)
    return found if found is not None else next((s for s in COPY_SHEETS if s.matches(name)), None)


# Between the names given to --sheets: a comma (ASCII or full width) or 、.
_SHEET_SEPARATORS = re.compile(r"[,，、]")


def printable_sheets(names: str | Sequence[str]) -> frozenset[str]:
    """The sheets ``--sheets`` names, as canonical output names (``Dashboard``) or the
    Backtest sheet, from their tab names in either language or an alias (``振り返り``,
    ``visit plan``); ReportError naming what was not understood and what can be printed."""
    given = _SHEET_SEPARATORS.split(names) if isinstance(names, str) else list(names)
    wanted: set[str] = set()
    unknown: list[str] = []
    outputs = {s.name for s in (*OUTPUT_SHEETS, *COPY_SHEETS)}
    backtest = {n.casefold() for n in BACKTEST_SHEET_NAMES}
    for name in (n.strip() for n in given):
        if not name:
            continue
        spec = _spec(name)
        if spec is not None and spec.name in outputs:
            wanted.add(spec.name)
        elif name.casefold() in backtest:
            wanted.add(BACKTEST_SHEET_NAMES[0])
        else:
            unknown.append(name)
    if unknown or not wanted:
        known = ", ".join(
            [
                *(f"{s.name}/{s.ja}" for s in (*OUTPUT_SHEETS, *COPY_SHEETS)),
                "/".join(BACKTEST_SHEET_NAMES),
            ]
        )
        key = "report.unknown_sheet" if unknown else "report.no_sheet_given"
        raise ReportError(key, names=", ".join(unknown), known=known)
    return frozenset(wanted)


def outputs_only_workbook_xml(xml: bytes, sheets: frozenset[str] | None = None) -> bytes:
    """workbook.xml with every non-output sheet hidden and the first output sheet active;
    with ``sheets`` (from :func:`printable_sheets`), every sheet but those. A rep copy's
    cover and account list are printed as output sheets."""
    outputs = {s.name for s in OUTPUT_SHEETS}
    # A copy's cover and account list; a master (it has Settings) prints its outputs only:
    # a 表紙 of the company's own in front of its Dashboard is not routekpi's (review47).
    names = (_NAME.search(m.group(0)) for m in _SHEET.finditer(xml))
    labels = [_unescape(n.group(1).decode("utf-8")) for n in names if n]
    if not any((spec := find_sheet(n)) is not None and spec.name == SETTINGS.name for n in labels):
        outputs |= _COPY_PRINTED
    backtest = {n.casefold() for n in BACKTEST_SHEET_NAMES}
    if sheets is not None:
        outputs = (outputs | {s.name for s in COPY_SHEETS}) & sheets
        backtest = backtest if BACKTEST_SHEET_NAMES[0] in sheets else set()
    first_output: int | None = None
    hidden: set[int] = set()
    parts: list[bytes] = []
    pos = 0
    for i, m in enumerate(_SHEET.finditer(xml)):
        element = m.group(0)
        name = _NAME.search(element)
        label = name.group(1).decode("utf-8") if name else ""
        spec = _spec(_unescape(label))
        element = _STATE.sub(b"", element)
        printed = spec is not None and spec.name in outputs
        if printed or (spec is None and _unescape(label).casefold() in backtest):
            if first_output is None:
                first_output = i
        else:
            element = element[:-2].rstrip() + b' state="hidden"/>'
            hidden.add(i)
        parts += [xml[pos : m.start()], element]
        pos = m.end()
    parts.append(xml[pos:])
    out = b"".join(parts)
    out = _PRINT_AREA.sub(lambda m: b"" if int(m.group(1)) in hidden else m.group(0), out)
    if first_output is None and sheets is not None:
        raise ReportError("report.sheets_absent", names=", ".join(sorted(sheets)))
    if first_output is None:
        raise ReportError("report.failed", reason="no output sheets")
    out = _ACTIVE.sub(rb"\g<1>%d\g<2>" % first_output, out)
    return _FIRST.sub(rb"\g<1>%d\g<2>" % first_output, out)


def _unescape(value: str) -> str:
    return (
        value.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _outputs_only_copy(
    src: Path,
    dst: Path,
    sheets: frozenset[str] | None = None,
    hidden: tuple[str, frozenset[int]] | DailyPrint | None = None,
    days: int | None = None,
) -> None:
    """The print copy: non-output sheets hidden, the Daily's ``hidden`` rows hidden (with a
    :class:`DailyPrint`, only the page breaks between printed reps kept) and, with ``days``,
    its title saying the days printed. The master is only read."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = outputs_only_workbook_xml(data, sheets)
            elif hidden is not None and info.filename == hidden[0]:
                data = rows_hidden(data, hidden[1])
                if isinstance(hidden, DailyPrint):
                    data = breaks_printed(data, hidden.hidden, hidden.first_listed)
                data = days_titled(data, days) if days is not None else data
            elif days is not None and info.filename == "xl/sharedStrings.xml":
                data = days_titled(data, days)  # a book saved by Excel keeps the title here
            zout.writestr(info, data)


# The Daily's title (messages daily.span.*: 「{first}から{days}営業日分の訪問計画」 / "Visit plan
# for {days} working days"): a ``--days 1`` print said 10 days above one (trial 48).
_DAYS_TITLE_JA = re.compile("から(\\d+)営業日分の訪問計画".encode())
_DAYS_TITLE_EN = re.compile(rb"Visit plan for (\d+) working days?\b")


def days_titled(xml: bytes, days: int) -> bytes:
    """Sheet (or shared-strings) XML with the Daily's title counting at most ``days`` days: a
    plan of fewer days than asked keeps its own count."""

    def shown(m: re.Match[bytes]) -> int:
        return min(days, int(m.group(1)))

    xml = _DAYS_TITLE_JA.sub(lambda m: "から%d営業日分の訪問計画".encode() % shown(m), xml, count=1)
    return _DAYS_TITLE_EN.sub(
        lambda m: b"Visit plan for %d working day%s" % (shown(m), b"" if shown(m) == 1 else b"s"),
        xml,
        count=1,
    )


_ROW_TAG = re.compile(rb"<row\b([^>]*?)\sr=\"(\d+)\"([^>]*)>")
_HIDDEN_ATTR = re.compile(rb'\shidden="[^"]*"')


def rows_hidden(xml: bytes, rows: frozenset[int]) -> bytes:
    """A worksheet's XML with ``rows`` (1-based) hidden: LibreOffice does not print them."""

    def hide(m: re.Match[bytes]) -> bytes:
        if int(m.group(2)) not in rows:
            return m.group(0)
        before, after = _HIDDEN_ATTR.sub(b"", m.group(1)), _HIDDEN_ATTR.sub(b"", m.group(3))
        closing = b"/" if after.endswith(b"/") else b""
        after = after[:-1] if closing else after
        return b'<row%s r="%s"%s hidden="1"%s>' % (before, m.group(2), after, closing)

    return _ROW_TAG.sub(hide, xml)


class DailyPrint(NamedTuple):
    """What a ``--rep``/``--days`` print of the Daily hides: the sheet's zip member, the rows
    left out, and the first row of the visit list (the notes above it print with it)."""

    part: str
    hidden: frozenset[int]
    first_listed: int


def daily_rows_hidden(
    book: Path, rep: str | None, days: int | None
) -> tuple[str, frozenset[int]] | None:
    """The Daily sheet's part and the visit-list rows a ``--rep``/``--days`` print leaves out:
    another rep's rows, and days after the first ``days``; the sheet's notes stay. None when
    neither is given; ReportError when the book has no Daily or the rep is not on it."""
    found = daily_print(book, rep, days)
    return None if found is None else (found.part, found.hidden)


def daily_print(book: Path, rep: str | None, days: int | None) -> DailyPrint | None:
    """:func:`daily_rows_hidden` with the first row of the visit list, which
    :func:`breaks_printed` needs to keep the notes on the first printed rep's page."""
    if rep is None and days is None:
        return None
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    try:
        ws = next(
            (w for w in wb.worksheets if getattr(_spec(w.title), "name", None) == DAILY.name), None
        )
        if ws is None:
            raise ReportError("report.sheets_absent", names=DAILY.name)
        index = wb.worksheets.index(ws)
        reps: list[str] = []
        seen_days: list[object] = []
        hide: set[int] = set()
        first_listed = 0
        for i, row in enumerate(ws.iter_rows(min_row=2, max_col=2, values_only=True), start=2):
            who, day = (*row, None, None)[:2]
            if not isinstance(day, datetime) or not isinstance(who, str):
                continue  # the header's notes, not a rep's day
            first_listed = first_listed or i
            if who not in reps:
                reps.append(who)
            if day not in seen_days:
                seen_days.append(day)
            if (rep is not None and _bare(who) != _bare(rep)) or (
                days is not None and seen_days.index(day) >= days
            ):
                hide.add(i)
    finally:
        wb.close()
    if rep is not None and _bare(rep) not in {_bare(r) for r in reps}:
        raise ReportError("report.rep_absent", rep=rep, reps=", ".join(reps))
    return DailyPrint(_sheet_part(book, index), frozenset(hide), first_listed or 2)


_BREAKS = re.compile(
    rb"<((?:[A-Za-z_][\w.-]*:)?)rowBreaks\b[^>]*?(?:/>|>(.*?)</\1rowBreaks>)", re.S
)
_BRK = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?brk\b[^>]*?\bid=\"(\d+)\"[^>]*/>")
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=\"(\d+)\"")


def breaks_printed(xml: bytes, hidden: frozenset[int], first_listed: int) -> bytes:
    """The Daily's XML with only the page breaks that still part two printed reps: a break is
    kept when the page it ends shows a row of the visit list (rows from ``first_listed``; the
    notes above print with the first shown rep) and a shown row follows it. A ``--rep`` print
    kept every rep's break and printed the notes alone, the rep from page 3 (fix49b)."""
    found = _BREAKS.search(xml)
    if found is None or found.group(2) is None:
        return xml
    rows = (int(r) for r in _ROW_NUMBER.findall(xml))
    listed = sorted(r for r in rows if r not in hidden and r >= first_listed)
    kept: list[bytes] = []
    since = 0  # the row the last kept break ends the page after
    for brk in _BRK.finditer(found.group(2)):
        at = int(brk.group(1))
        # A shown list row on the page the break ends (since, at], and one after it.
        if bisect_right(listed, at) > bisect_right(listed, since) and listed[-1] > at:
            kept.append(brk.group(0))
            since = at
    if len(kept) == len(_BRK.findall(found.group(2))):
        return xml
    prefix = found.group(1)
    tag = b"<%srowBreaks" % prefix
    element = (
        b'%s count="%d" manualBreakCount="%d">%s</%srowBreaks>'
        % (tag, len(kept), len(kept), b"".join(kept), prefix)
        if kept
        else b""
    )
    return xml[: found.start()] + element + xml[found.end() :]


def _bare(name: str) -> str:
    """A rep's name without its spaces: 上野美香 is 上野 美香 (or 上野　美香)."""
    return re.sub(r"\s", "", name)


def _sheet_part(book: Path, index: int) -> str:
    """The zip member of the ``index``-th sheet (workbook order), through the workbook rels."""
    with zipfile.ZipFile(book) as zf:
        ids = re.findall(rb"<sheet\b[^>]*?\br:id=\"([^\"]+)\"", zf.read("xl/workbook.xml"))
        rels = zf.read("xl/_rels/workbook.xml.rels")
    rid = ids[index]
    for rel in re.findall(rb"<Relationship\b[^>]*>", rels):
        if re.search(rb'\bId="%s"' % re.escape(rid), rel):
            target = re.search(rb'\bTarget="([^"]+)"', rel)
            assert target is not None
            path = target.group(1).decode()
            return path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    raise ReportError("report.failed", reason="no sheet part")


def export_pdf(
    book: Path,
    out: Path,
    soffice: str | None = None,
    sheets: str | Sequence[str] | None = None,
    rep: str | None = None,
    days: int | None = None,
) -> Path:
    """Write the output sheets of ``book`` (only ``sheets``, when given: names as
    :func:`printable_sheets` reads them) to the PDF ``out``; returns ``out``. ``rep`` /
    ``days``: the Daily prints that rep's visit list only / its first ``days`` days only
    (trial 48 L5: 10 days × 18 reps printed 461 pages)."""
    # The names first: a typo is reported before LibreOffice is looked for or started.
    wanted = printable_sheets(sheets) if sheets is not None else None
    if days is not None and days < 1:
        raise ReportError("report.bad_days", days=days)
    try:
        hidden = daily_print(Path(book), rep, days)
    except (OSError, zipfile.BadZipFile, KeyError, IndexError) as exc:
        raise ReportError("report.failed", reason=str(exc)) from exc
    soffice = soffice or find_soffice()
    if soffice is None:
        raise ReportError("report.no_soffice")
    book, out = Path(book), Path(out)
    with tempfile.TemporaryDirectory(prefix="routekpi_report_") as tmp:
        folder = Path(tmp)
        # The copy keeps the workbook's extension, so LibreOffice picks the right filter.
        copy = folder / f"{out.stem}{book.suffix}"
        try:
            _outputs_only_copy(book, copy, wanted, hidden, days)
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            raise ReportError("report.failed", reason=str(exc)) from exc
        profile = folder / f"profile_{uuid.uuid4().hex}"
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(copy),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ReportError("report.failed", reason=type(exc).__name__) from exc
        made = folder / f"{out.stem}.pdf"
        if not made.exists():
            raise ReportError("report.failed", reason="LibreOffice wrote no PDF")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), out)
    return out
