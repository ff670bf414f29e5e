"""``routekpi share``: compute the master once, write the copies, encrypt, draft and send."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from routekpi import schema
from routekpi.contract import InputError, atomic_write
from routekpi.core.handover import GONE_DAYS
from routekpi.core.measure import TEAM
from routekpi.io.package import lock_files
from routekpi.io.repair import workbook_language
from routekpi.messages import text
from routekpi.render import critical_checks
from routekpi.share import crypto
from routekpi.share.copies import (
    LOG_KINDS,
    ShareError,
    ShareSource,
    build_copy,
    copy_file_name,
    kind_names,
    load_source,
)
from routekpi.share.mail import (
    SmtpSettings,
    check_tls,
    deliver,
    draft,
    leave_line,
    plan_line,
    recipient_key,
    rep_addresses,
    valid_address,
    with_plan_line,
    write_eml,
)
from routekpi.sources import SourceRef


@dataclass
class SharedFile:
    """One file written into the output folder."""

    path: Path
    rep: str | None  # None: the team copy
    encrypted: bool
    withheld: int = 0  # cells left out because they named someone else
    to: str | None = None  # "a@x.jp, b@x.jp" when the draft goes to several
    draft: Path | None = None  # the .eml on disk: every message not (fully) sent keeps one
    sent: bool = False
    refused: list[str] = field(default_factory=list)  # recipients the server would not take


@dataclass
class ShareReport:
    """What ``share`` wrote (and sent)."""

    files: list[SharedFile]
    language: str
    problems: list[str] = field(default_factory=list)

    @property
    def sent(self) -> int:
        """Messages handed to the SMTP server."""
        return sum(f.sent for f in self.files)

    @property
    def unsent(self) -> list[SharedFile]:
        """Messages ``--send`` did not get to every recipient (their drafts are on disk)."""
        return [f for f in self.files if f.draft is not None and (not f.sent or f.refused)]


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file and a rename (never half a file)."""
    for lock in lock_files(path):
        if lock.exists():
            raise ShareError(text("share.out_locked", "en", path=str(path)))
    atomic_write(path, lambda out: out.write(data), mode=0o644)


def share(
    path: Path,
    out: Path,
    *,
    per_rep: bool = False,
    language: str | None = None,
    password: str | None = None,
    email: bool = False,
    send_mail: bool = False,
    env: Mapping[str, str] | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    force: bool = False,
) -> ShareReport:
    """Write the team copy (and each rep's with ``per_rep``) into ``out``; see module doc.

    ``sources``: ``--orders/--visits/--accounts``, over the Sources sheet (as ``recalc``).
    A critical check (a KGI typed in thousands of yen, a subtotal row read as sales…) makes
    every target wrong: nothing is written unless ``force``, and then the report says so.
    """
    env = os.environ if env is None else env
    # Checked before the master is computed (trial 19: 21.6 s of work, then a missing
    # ROUTEKPI_MAIL_FROM) and before anything is written: a send that cannot happen should
    # not half-happen.
    smtp = _mail_settings(path, env, language) if send_mail else None
    source = load_source(path, language=language, sources=sources)
    lang = source.language
    critical = critical_checks(source.checks, lang)
    if critical and not force:
        raise ShareError(
            text("share.critical_refused", lang, count=len(critical), checks=" / ".join(critical))
        )
    if send_mail and smtp is None:  # the book's language was unreadable before computing
        smtp = SmtpSettings.from_env(env, lang)
        check_tls(smtp, lang)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report = ShareReport([], lang)
    if critical:
        report.problems.append(
            text("share.critical_forced", lang, count=len(critical), checks=" / ".join(critical))
        )
    if per_rep and source.visits_source:  # said before the reps are told what to fill in
        report.problems.append(text("share.no_visit_log_given", lang, source=source.visits_source))
    # Every rep gone on the as-of date: a leaver before the tracked year too (his name still
    # on the Reps sheet; trial 26 mailed him a copy).
    departed = source.result.gone if per_rep else {}
    if departed:  # a rep who left during the year gets no copy: one line says so
        reps = ", ".join(f"{rep} ({day.isoformat()})" for rep, day in departed.items())
        report.problems.append(text("share.departed_no_copy", lang, reps=reps, days=GONE_DAYS))
    # A newcomer prospecting without a sale has no target and so no copy (trial 20: skipped
    # without a word); one with accounts of his own still gets one (``ShareSource.reps``).
    unplanned = [r for r in source.result.evidence.unplanned if r not in source.reps]
    if per_rep and unplanned:
        report.problems.append(text("share.unplanned_no_copy", lang, reps=", ".join(unplanned)))
    for rep in [None, *(r for r in (source.reps if per_rep else []) if r not in departed)]:
        data, info = build_copy(source, rep)
        if password:
            data = crypto.encrypt(data, password)
        target = out / copy_file_name(source, rep)
        write_file(target, data)
        report.files.append(SharedFile(target, rep, bool(password), info.withheld))
    if email or send_mail:
        _drafts(source, report, bool(password))
    if smtp is not None:
        send_drafts(report, smtp, out)
    return report


def send_drafts(report: ShareReport, smtp: SmtpSettings, out: Path) -> None:
    """Send every draft. A sent message's .eml is removed; one not sent stays as it is, and
    one the server took for some recipients only is rewritten to the others: the folder then
    holds exactly what is left to send. Problem lines say which went, which did not and why.

    Trial 19: a failed send was one ShareError and the user could not tell what went out."""
    lang = report.language
    drafted = [(f, f.draft) for f in report.files if f.draft is not None]
    outcomes = deliver([_read_eml(eml) for _, eml in drafted], smtp, lang)
    reasons: list[str] = []  # each once, in the order met (one lost connection: one line)
    for (f, eml), outcome in zip(drafted, outcomes, strict=True):
        who = f.rep or text("team", lang)
        f.sent = outcome.sent
        if outcome.refused:
            f.refused = list(outcome.refused)
            for address, reply in outcome.refused.items():
                reasons.append(text("share.smtp_refused", lang, rep=who, to=address, reply=reply))
        elif outcome.reason:
            reasons.append(outcome.reason)
        if outcome.sent and outcome.refused:  # what is left: the same message, to them only
            msg = _read_eml(eml)
            msg.replace_header("To", ", ".join(f.refused))
            write_eml(msg, eml)
        elif outcome.sent:
            eml.unlink()
            f.draft = None
    unsent = report.unsent
    if not unsent:
        return
    report.problems.extend(dict.fromkeys(reasons))
    names = {id(f): f.rep or text("team", lang) for f in report.files}
    went = [names[id(f)] for f in report.files if f.sent]
    report.problems.append(
        text(
            "share.smtp_summary",
            lang,
            sent=len(went),
            sent_names=", ".join(went) or "—",
            unsent=len(unsent),
            unsent_names=", ".join(names[id(f)] for f in unsent),
            folder=str(out),
            drafts=", ".join(f.draft.name for f in unsent if f.draft is not None),
        )
    )


def _mail_settings(path: Path, env: Mapping[str, str], language: str | None) -> SmtpSettings | None:
    """The SMTP settings, read (and the server's TLS asked) before any computing: ShareError
    in the book's language when one is missing or the server cannot encrypt as required. None
    when the book cannot be read yet (``load_source`` says why first)."""
    try:
        lang = language or workbook_language(Path(path))
    except (InputError, OSError):
        return None
    settings = SmtpSettings.from_env(env, lang)
    check_tls(settings, lang)
    return settings


def _read_eml(path: Path) -> EmailMessage:
    from email import message_from_bytes
    from email.policy import default

    msg = message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)  # the default policy builds EmailMessage
    return msg


def _drafts(source: ShareSource, report: ShareReport, encrypted: bool) -> None:
    """One .eml per file that has an address; a problem line for each that has none."""
    lang = source.language
    where: dict[str, tuple[str, str]] = {}  # recipient → (tab, column) as the book names them
    addresses = rep_addresses(source.path, source.data, where)
    ev = source.result.evidence
    fy, as_of = ev.settings.year_name(), ev.as_of.isoformat()  # as the company names it
    password = text("share.mail_password", lang) if encrypted else ""
    for f in report.files:
        who = f.rep or TEAM
        # The Reps sheet's spelling may differ from the copy's by width or spaces (M4).
        key = recipient_key(addresses, who)
        listed = addresses.get(key, []) if key is not None else []
        if not listed:
            if f.rep is not None:  # the team copy is the manager's own: no address is normal
                report.problems.append(text("share.no_address", lang, rep=who))
            continue
        bad = [a for a in listed if not valid_address(a)]
        if bad:  # half the recipients would silently miss it: say what is expected instead
            tab, column = where.get(key or who, ("", ""))
            report.problems.append(
                text(
                    "share.bad_address",
                    lang,
                    rep=who,
                    value=" / ".join(bad),
                    tab=tab or (schema.REPS.ja if lang == "ja" else schema.REPS.name),
                    column=column or schema.REP_EMAIL.header(lang),
                )
            )
            continue
        kind = "rep" if f.rep else "team"
        if f.rep is not None and source.no_log_source:  # no visit log in the copy to fill
            kind = "rep_no_log"
        elif f.rep is not None and source.log_kinds != LOG_KINDS:  # visits from the source
            kind = "rep_kinds"
        to = ", ".join(listed)  # one draft to all of them, as a mail program sends it
        daily = source.result.daily
        away = (
            leave_line(daily, source.result.evidence.calendar.leave, f.rep, lang)
            if f.rep is not None
            else ""
        )
        if away:  # on leave over the whole visit plan: no plan, nothing to send back
            kind = "rep_leave"
        msg = draft(
            f.path,
            to=to,
            subject=text(
                f"share.mail_subject_{'rep' if f.rep else 'team'}",
                lang,
                rep=who,
                fy=fy,
                as_of=as_of,
            ),
            body=with_plan_line(
                text(
                    f"share.mail_body_{kind}",
                    lang,
                    rep=who,
                    fy=fy,
                    as_of=as_of,
                    file=f.path.name,
                    password=password,
                    leave=away,
                    kinds=kind_names(source.log_kinds, lang),
                    source=source.sources_visits,
                ),
                "" if away else plan_line(daily, f.rep, lang),  # the copy's days (trial 38 M5)
            ),
        )
        f.to = to
        f.draft = write_eml(msg, f.path.with_suffix(".eml"))
