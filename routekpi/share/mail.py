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

import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path

import python_calamine as calamine

from routekpi import schema
from routekpi.core.measure import TEAM
from routekpi.io.reader import WorkbookData
from routekpi.messages import text
from routekpi.share.copies import ShareError

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
    tab = next((t for t in data.user_sheets if schema.REPS.matches(t)), None)
    if tab is not None:
        book = calamine.CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_name(tab).to_python(skip_empty_area=True)
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


def send(messages: Sequence[EmailMessage], settings: SmtpSettings, language: str = "ja") -> int:
    """Send ``messages`` over one SMTP connection; returns how many were accepted."""
    context = ssl.create_default_context(cafile=settings.cafile)
    where = {"host": settings.host, "port": settings.port}
    try:
        if settings.use_ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=30, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=30)
        with smtp:
            smtp.ehlo()
            if settings.starttls:
                if not smtp.has_extn("starttls"):
                    raise ShareError(text("share.smtp_no_tls", language, host=settings.host))
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for msg in messages:
                if "From" not in msg:
                    msg["From"] = settings.sender
                del msg["X-Unsent"]  # a sent message is not a draft
                smtp.send_message(msg, from_addr=settings.sender)
    except ShareError:
        raise
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ShareError(text("share.smtp_failed", language, reason=reason, **where)) from exc
    return len(messages)
