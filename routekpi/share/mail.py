"""E-mail for shared copies: one .eml draft per file, and sending them over SMTP.

Addresses come from the workbook (a ``Reps`` sheet with rep and e-mail, or a rep-email column
on Accounts). The SMTP server and its credentials come only from environment variables, never
from the workbook, which travels by e-mail itself:

``ROUTEKPI_SMTP_HOST`` (required to send), ``ROUTEKPI_SMTP_PORT`` (587; 465 with SSL),
``ROUTEKPI_SMTP_STARTTLS`` (1 = upgrade the connection and refuse a server that cannot;
0 = plain), ``ROUTEKPI_SMTP_SSL`` (1 = TLS from the first byte), ``ROUTEKPI_SMTP_USER``,
``ROUTEKPI_SMTP_PASSWORD``, ``ROUTEKPI_MAIL_FROM`` (default: the user), ``ROUTEKPI_SMTP_CAFILE``
(an extra CA certificate, e.g. a company's own).
"""

from __future__ import annotations

import functools
import re
import smtplib
import ssl
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path

import pandas as pd
import python_calamine as calamine

from routekpi import schema
from routekpi.core.daily import DailyPlan
from routekpi.core.measure import TEAM
from routekpi.io.reader import WorkbookData
from routekpi.messages import text
from routekpi.render_daily import day_with_weekday
from routekpi.share.copies import ShareError
from routekpi.validation.reps_sheet import rep_fold, reps_tab

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+$")


def valid_address(value: str) -> bool:
    """A plain ``name@domain.tld`` address (no display name, no list)."""
    return bool(_ADDRESS.match(value))


def _rows_with_header(
    rows: Sequence[Sequence[object]],
    spec: schema.SheetSpec,
    keys: tuple[str, ...],
    headers: dict[str, str] | None = None,
) -> list[dict[str, str]]:
    """Rows as dicts of the wanted column keys, below the first row naming all of them;
    ``headers`` gets each key's header as the sheet writes it."""
    columns = {c.key: c for c in (*spec.columns, schema.ACCOUNT_REP_EMAIL)}
    for i, row in enumerate(rows[:10]):
        where: dict[str, int] = {}
        for j, cell in enumerate(row):
            for key in keys:
                if key not in where and cell is not None and columns[key].matches(cell):
                    where[key] = j
        if len(where) == len(keys):
            if headers is not None:
                headers.update({k: str(row[j]).strip() for k, j in where.items()})
            return [
                {
                    k: str(r[j]).strip() if j < len(r) and r[j] is not None else ""
                    for k, j in where.items()
                }
                for r in rows[i + 1 :]
            ]
    return []


# Several addresses in one cell: "a@x.jp; b@x.jp", "a@x.jp, b@x.jp", "a@x.jp、b@x.jp" (also
# full-width ；，and line breaks, as an address book or a pasted column writes them). Not
# spaces: "sato at example" is one wrong entry to name, not three.
_SEPARATORS = re.compile(r"[;,、，；\r\n]+")


def split_addresses(value: str) -> list[str]:
    """The addresses a cell lists (stripped, empty pieces dropped; each still to validate)."""
    return [part.strip() for part in _SEPARATORS.split(value) if part.strip()]


def rep_addresses(
    path: Path, data: WorkbookData, where: dict[str, tuple[str, str]] | None = None
) -> dict[str, list[str]]:
    """Recipient → its e-mail addresses, in order, each once: the Reps sheet (every row of a
    rep or ALL, several addresses per cell allowed), else a rep-email column on Accounts.

    ``where`` gets, for each recipient, the tab and column header its addresses were read
    from, as the book names them (「担当者一覧」, not the schema's 「担当者」): a refusal
    points the user at the cell they typed."""
    found: dict[str, list[str]] = {}
    source: dict[str, tuple[str, str]] = {}
    accounts = data.sheets.get(schema.ACCOUNTS.name)
    if accounts is not None and accounts.rows:
        headers: dict[str, str] = {}
        rows = _rows_with_header(accounts.rows, schema.ACCOUNTS, ("rep", "rep_email"), headers)
        at = (
            data.tab_names.get(schema.ACCOUNTS.name, schema.ACCOUNTS.name),
            headers.get("rep_email", ""),
        )
        for row in rows:
            if row["rep"] and row["rep_email"]:  # one rep over many accounts: the first one
                found.setdefault(row["rep"], split_addresses(row["rep_email"]))
                source.setdefault(row["rep"], at)
    named = [t for t in data.user_sheets if schema.REPS.matches(t)]
    if named:
        book = calamine.CalamineWorkbook.from_path(str(path))

        @functools.cache  # reps_tab reads the tab, then its rows are read here
        def readable(tab: str) -> list[list[object]]:
            return book.get_sheet_by_name(tab).to_python(skip_empty_area=True)

        tab = reps_tab(named, readable)
        rows = readable(tab)
        listed: dict[str, list[str]] = {}
        headers = {}
        for row in _rows_with_header(rows, schema.REPS, ("rep", "email"), headers):
            if row["rep"] and row["email"]:  # two ALL rows: two branch heads, both get it
                listed.setdefault(row["rep"], []).extend(split_addresses(row["email"]))
        found.update(listed)  # the Reps sheet is the address book: it wins over Accounts
        source.update({who: (tab, headers.get("email", "")) for who in listed})
    for team in (text("team", "ja"), text("team", "en"), "team", "Team"):
        if team in found:
            found.setdefault(TEAM, []).extend(found[team])
            source.setdefault(TEAM, source[team])
    if where is not None:
        where.update(source)
    return {who: list(dict.fromkeys(addrs)) for who, addrs in found.items() if addrs}


def recipient_key(addresses: Mapping[str, object], who: str) -> str | None:
    """The key of ``addresses`` (``rep_addresses``) that names ``who``: itself, else the name
    the engine reads as the same rep (NFKC, spaces removed: the Reps sheet's 「佐藤　健一」 is
    the copy's 「佐藤 健一」; trial 44 M4: every draft was refused for want of an address)."""
    if who in addresses:
        return who
    want = rep_fold(who)
    return next((k for k in addresses if rep_fold(k) == want), None)


def draft(
    attachment: Path,
    *,
    to: str,
    subject: str,
    body: str,
    sender: str | None = None,
) -> EmailMessage:
    """A message with the file attached, marked unsent so mail programs open it as a draft."""
    msg = EmailMessage()
    msg["To"] = to  # "a@x.jp, b@x.jp" for several: one message, every recipient sees it
    if sender:
        msg["From"] = sender
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="routekpi.invalid")
    msg["X-Unsent"] = "1"  # Outlook opens the .eml as an editable draft
    msg.set_content(body)
    msg.add_attachment(
        attachment.read_bytes(),
        maintype=XLSX_TYPE[0],
        subtype=XLSX_TYPE[1],
        filename=attachment.name,
    )
    return msg


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """Write a message as an .eml file (CRLF line ends, as mail programs expect)."""
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send, read from the environment."""

    host: str
    port: int
    starttls: bool
    use_ssl: bool
    user: str | None
    password: str | None
    sender: str
    cafile: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str], language: str = "ja") -> SmtpSettings:
        """Settings from ``ROUTEKPI_SMTP_*`` variables; ShareError when one is missing."""
        host = env.get("ROUTEKPI_SMTP_HOST", "").strip()
        if not host:
            raise ShareError(text("share.smtp_missing", language))

        def flag(name: str, default: bool) -> bool:
            value = env.get(name, "").strip().casefold()
            return default if not value else value not in ("0", "false", "no", "off")

        use_ssl = flag("ROUTEKPI_SMTP_SSL", False)
        port_text = env.get("ROUTEKPI_SMTP_PORT", "").strip()
        try:
            port = int(port_text) if port_text else (465 if use_ssl else 587)
        except ValueError as exc:
            raise ShareError(text("share.smtp_missing", language)) from exc
        user = env.get("ROUTEKPI_SMTP_USER") or None
        sender = (env.get("ROUTEKPI_MAIL_FROM") or user or "").strip()
        if not sender:
            raise ShareError(text("share.smtp_no_from", language))
        return cls(
            host=host,
            port=port,
            starttls=flag("ROUTEKPI_SMTP_STARTTLS", True) and not use_ssl,
            use_ssl=use_ssl,
            user=user,
            password=env.get("ROUTEKPI_SMTP_PASSWORD") or None,
            sender=sender,
            cafile=env.get("ROUTEKPI_SMTP_CAFILE") or None,
        )


def check_tls(settings: SmtpSettings, language: str = "ja") -> None:
    """ShareError now when the server answers but cannot upgrade to TLS as required: a setting,
    not a passing fault, so it is said before the copies are computed (trial 27: 37 s of work,
    then the refusal). A server that does not answer is left to the sending, which keeps the
    drafts and names them."""
    if not settings.starttls:
        return
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
            smtp.ehlo()
            offered = smtp.has_extn("starttls")
    except (smtplib.SMTPException, OSError):
        return
    if not offered:
        raise ShareError(text("share.smtp_no_tls", language, host=settings.host))


@dataclass
class Delivery:
    """What became of one message: sent (perhaps not to every recipient) or not, and why."""

    sent: bool = False
    refused: dict[str, str] = field(default_factory=dict)  # address → the server's reply
    reason: str | None = None  # why it was not sent at all


def _reason(exc: BaseException) -> str:
    """The first line of an SMTP or socket error, as the server or the system said it."""
    if isinstance(exc, smtplib.SMTPResponseException):
        said = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"{exc.smtp_code} {said}".splitlines()[0]
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _refused(recipients: Mapping[str, tuple[int, bytes | str]]) -> dict[str, str]:
    return {
        address: f"{code} {said.decode('utf-8', 'replace') if isinstance(said, bytes) else said}"
        for address, (code, said) in recipients.items()
    }


def deliver(
    messages: Sequence[EmailMessage], settings: SmtpSettings, language: str = "ja"
) -> list[Delivery]:
    """Send ``messages`` over one SMTP connection and say, per message, what happened.

    Never raises for the server's or the network's sake: a refused recipient or message is
    that message's outcome and the next one is still tried; a lost connection leaves it and
    every later one unsent, so the caller can keep exactly those as drafts."""
    outcomes = [Delivery() for _ in messages]
    where = {"host": settings.host, "port": settings.port}
    context = ssl.create_default_context(cafile=settings.cafile)
    smtp: smtplib.SMTP | None = None
    pending = 0
    try:
        if settings.use_ssl:
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=30, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=30)
        smtp.ehlo()
        if settings.starttls:
            if not smtp.has_extn("starttls"):
                raise _Stop(text("share.smtp_no_tls", language, host=settings.host))
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        for pending, msg in enumerate(messages):
            if "From" not in msg:
                msg["From"] = settings.sender
            del msg["X-Unsent"]  # a sent message is not a draft
            outcome = outcomes[pending]
            try:
                outcome.refused = _refused(smtp.send_message(msg, from_addr=settings.sender))
                outcome.sent = True
            except smtplib.SMTPRecipientsRefused as exc:  # every recipient: the link is fine
                outcome.refused = _refused(exc.recipients)
                outcome.reason = "; ".join(f"{a}: {r}" for a, r in outcome.refused.items())
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                outcome.reason = _reason(exc)
                if not _connected(smtp):  # a 421 answer: the server closed the connection
                    failed = text("share.smtp_failed", language, reason=outcome.reason, **where)
                    raise _Stop(failed) from exc
        pending = len(messages)
    except _Stop as stop:
        _unsent(outcomes, pending, stop.reason)
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        _unsent(
            outcomes, pending, text("share.smtp_failed", language, reason=_reason(exc), **where)
        )
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):  # already gone: nothing left to say
                smtp.close()
    return outcomes


class _Stop(Exception):
    """Sending cannot go on (no TLS, the server hung up): every message left is unsent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _connected(smtp: smtplib.SMTP) -> bool:
    return getattr(smtp, "sock", None) is not None


def _unsent(outcomes: list[Delivery], first: int, reason: str) -> None:
    """Mark ``outcomes[first:]`` unsent for ``reason`` (the one in flight included)."""
    for outcome in outcomes[first:]:
        if not outcome.sent and outcome.reason is None:
            outcome.reason = reason


def send(messages: Sequence[EmailMessage], settings: SmtpSettings, language: str = "ja") -> int:
    """Send ``messages`` over one SMTP connection; returns how many were accepted.

    All or an error: ShareError with the first reason when any message was not sent."""
    outcomes = deliver(messages, settings, language)
    failed = next((o.reason for o in outcomes if o.reason), None)
    if failed is not None:
        raise ShareError(failed)
    return sum(o.sent for o in outcomes)


def plan_line(plan: DailyPlan | None, rep: str | None, language: str) -> str:
    """The e-mail body's line on the attached copy's visit plan (trial 38 M5: the body never
    said which days it covers): its first and last day, how many working days, and the stops
    on it — the rep's own, or the team's for the team copy (``rep`` None). "" when the plan
    lists no visit for them."""
    if plan is None or not len(plan.stops) or not len(plan.days):
        return ""
    stops = plan.stops[plan.stops["kind"].to_numpy() == "visit"]
    if rep is not None:
        stops = stops[stops["rep"].to_numpy() == rep]
    if not len(stops):
        return ""
    days = sorted(set(plan.days["date"]))
    first, last = (day_with_weekday(d, language, False) for d in (days[0], days[-1]))
    return text(
        "share.mail_plan_rep" if rep is not None else "share.mail_plan_team",
        language,
        first=first,
        last=last,
        days=len(days),
        stops=f"{len(stops):,}",
        reps=stops["rep"].nunique(),
        sheet=schema.DAILY.ja if language == "ja" else schema.DAILY.name,
    )


def with_plan_line(body: str, line: str) -> str:
    """``body`` with ``line`` at the end of its second paragraph (the one naming the
    attachment and its sheets); ``body`` itself when ``line`` is ""."""
    if not line:
        return body
    parts = body.split("\n\n")
    at = 1 if len(parts) > 1 else 0
    parts[at] = parts[at].rstrip("\n") + "\n" + line
    return "\n\n".join(parts)


def leave_line(
    plan: DailyPlan | None, leave: Iterable[tuple[str, date, date]], rep: str, language: str
) -> str:
    """The e-mail body's paragraph for a rep on leave over every day of the attached visit
    plan (trial 42 L2: a rep on 育休 was asked to record his visits and reply): until when,
    who covers his accounts (the plan's ``covering`` / ``cover_declared``), nothing to send
    back. "" when he works on any of the plan's days (or the plan lists no day of his)."""
    if plan is None or not len(plan.days):
        return ""
    days = plan.days[plan.days["rep"].to_numpy() == rep]
    if not len(days) or not bool(days["leave"].astype(bool).all()):
        return ""
    first = pd.Timestamp(min(days["date"])).date()
    until = max((b for r, a, b in leave if r == rep and a <= first <= b), default=None)
    covers = [c for c, held in plan.covering.items() if rep in held]
    covers += [c for c, held in plan.cover_declared.items() if rep in held and c not in covers]
    joined = ("、" if language == "ja" else ", ").join(covers)
    cover = text("share.mail_leave_cover", language, cover=joined) if covers else ""
    return text(
        "share.mail_leave" if until is not None else "share.mail_leave_open",
        language,
        until=until.isoformat() if until is not None else "",
        cover=cover,
    )
