"""routekpi share --email / --send: .eml drafts and SMTP with settings from the environment."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from share_helpers import add_reps_sheet, make_master

from routekpi.cli import main
from routekpi.contract import RawSheet
from routekpi.io.reader import WorkbookData
from routekpi.share.copies import ShareError
from routekpi.share.job import ShareReport, share
from routekpi.share.mail import SmtpSettings, draft, rep_addresses, send

EMAILS = {"Tanaka": "tanaka@example.co.jp", "Sato": "sato@example.co.jp", "Ito": "not-an-address"}


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_master(tmp_path_factory.mktemp("mail") / "book.xlsm")
    add_reps_sheet(path, EMAILS)
    return path


@pytest.fixture(scope="module")
def drafted(master: Path, tmp_path_factory: pytest.TempPathFactory) -> ShareReport:
    """Every rep's copy and its .eml draft, written once: the sending tests send these."""
    out = tmp_path_factory.mktemp("drafts")
    return share(master, out, per_rep=True, email=True, password="Zq9-secret")


def _env(controller: Controller, **more: str) -> dict[str, str]:
    """The SMTP environment a manager sets for our test server (``more`` adds or overrides)."""
    return {
        "ROUTEKPI_SMTP_HOST": "127.0.0.1",
        "ROUTEKPI_SMTP_PORT": str(controller.port),
        "ROUTEKPI_SMTP_USER": "manager",
        "ROUTEKPI_SMTP_PASSWORD": "smtp-secret",
        **{f"ROUTEKPI_{k}": v for k, v in more.items()},
    }


def _drafts(report: ShareReport) -> list[EmailMessage]:
    """The drafts as fresh messages (sending edits a message's headers)."""
    return [
        message_from_bytes(f.draft.read_bytes(), policy=default)
        for f in report.files
        if f.draft is not None
    ]


class Sink:
    """An SMTP handler that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes: list[object] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"manager",
        b"smtp-secret",
    )
    # handled=False: aiosmtpd answers 535 itself; the default left the client waiting 30 s.
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server():
    sink = Sink()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=_login,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield controller, sink
    finally:
        controller.stop()


@pytest.mark.slow
def test_drafts_parse_and_carry_the_file(drafted: ShareReport) -> None:
    report = drafted
    drafts = {f.rep: f for f in report.files if f.draft is not None}
    assert sorted(drafts) == ["Sato", "Tanaka"]
    # no address for the other reps, and Ito's is not an address: said, not guessed
    assert any("Ito" in p and "not-an-address" in p for p in report.problems)
    assert any(p.startswith("Suzuki") for p in report.problems)
    for rep, f in drafts.items():
        msg = message_from_bytes(f.draft.read_bytes(), policy=default)
        assert msg["To"] == EMAILS[rep] and msg["X-Unsent"] == "1"
        assert rep in msg["Subject"] and "FY2026" in msg["Subject"]
        body = msg.get_body(("plain",)).get_content()
        assert "訪問入力" in body and "パスワード" in body
        assert b"Zq9-secret" not in f.draft.read_bytes()  # the password travels separately
        [attachment] = list(msg.iter_attachments())
        assert attachment.get_filename() == f.path.name
        assert attachment.get_content() == f.path.read_bytes()


@pytest.mark.slow
def test_send_over_smtp_with_settings_from_the_environment(
    master: Path, tmp_path: Path, smtp_server
) -> None:
    controller, sink = smtp_server
    env = _env(controller, SMTP_STARTTLS="0", MAIL_FROM="manager@example.co.jp")
    report = share(master, tmp_path, per_rep=True, send_mail=True, env=env)
    assert report.sent == 2
    got = {tuple(e.rcpt_tos): e for e in sink.envelopes}
    assert set(got) == {(EMAILS["Tanaka"],), (EMAILS["Sato"],)}
    for f in report.files:
        if f.sent:
            envelope = got[(f.to,)]
            assert envelope.mail_from == "manager@example.co.jp"
            msg = message_from_bytes(envelope.content, policy=default)
            assert "X-Unsent" not in msg
            [attachment] = list(msg.iter_attachments())
            assert attachment.get_content() == f.path.read_bytes()


def test_a_draft_to_several_addresses_is_sent_to_each(tmp_path: Path, smtp_server) -> None:
    # Two branch heads for the team copy: one message, both on To:, both receive it.
    controller, sink = smtp_server
    attachment = tmp_path / "book_team.xlsx"
    attachment.write_bytes(b"PK not really a workbook")
    to = "boss1@example.co.jp, boss2@example.co.jp"
    msg = draft(attachment, to=to, subject="FY2026", body="team copy")
    env = _env(controller, SMTP_STARTTLS="0", MAIL_FROM="manager@example.co.jp")
    assert send([msg], SmtpSettings.from_env(env)) == 1
    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == ["boss1@example.co.jp", "boss2@example.co.jp"]


def test_a_wrong_smtp_password_is_one_clear_line_and_sends_nothing(
    drafted: ShareReport, smtp_server
) -> None:
    controller, sink = smtp_server
    env = _env(controller, SMTP_STARTTLS="0", SMTP_PASSWORD="x")
    with pytest.raises(ShareError, match=r"sending mail failed|メール送信に失敗"):
        send(_drafts(drafted), SmtpSettings.from_env(env))
    assert sink.envelopes == []


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_send_with_starttls_and_a_company_ca(drafted: ShareReport, tmp_path: Path) -> None:
    # The default: STARTTLS required, the server's certificate checked (here against our CA).
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subject = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        [*openssl, *subject, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    sink = Sink()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=_login,
        tls_context=server_tls,
        require_starttls=True,
    )
    controller.start()
    try:
        env = _env(controller, SMTP_CAFILE=str(cert))
        assert send(_drafts(drafted), SmtpSettings.from_env(env)) == 2
        assert len(sink.envelopes) == 2
        # Without our CA the certificate is not trusted: nothing is sent.
        sink.envelopes.clear()
        untrusted = {k: v for k, v in env.items() if k != "ROUTEKPI_SMTP_CAFILE"}
        with pytest.raises(ShareError, match=r"sending mail failed|メール送信に失敗"):
            send(_drafts(drafted), SmtpSettings.from_env(untrusted))
        assert sink.envelopes == []
    finally:
        controller.stop()


def test_no_starttls_means_no_password_on_the_wire(drafted: ShareReport, smtp_server) -> None:
    controller, sink = smtp_server
    env = _env(controller)
    with pytest.raises(ShareError, match="STARTTLS"):
        send(_drafts(drafted), SmtpSettings.from_env(env))
    assert sink.envelopes == []


def test_send_needs_a_host_before_anything_is_written(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(ShareError, match="ROUTEKPI_SMTP_HOST"):
        share(master, out, per_rep=True, send_mail=True, env={})
    assert not out.exists()


def test_send_without_a_sender_stops_before_the_master_is_computed(
    master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial 19: 21.6 s of computing, then 'no sender address'. The settings are read first."""

    def computed(*args: object, **kwargs: object) -> None:
        raise AssertionError("the master was computed before the mail settings were checked")

    monkeypatch.setattr("routekpi.share.job.load_source", computed)
    out = tmp_path / "out"
    env = {"ROUTEKPI_SMTP_HOST": "127.0.0.1"}  # a server, but neither MAIL_FROM nor SMTP_USER
    with pytest.raises(ShareError) as refused:
        share(master, out, per_rep=True, send_mail=True, env=env)
    # In the master's language (ja), read from its Settings without computing.
    assert refused.value.message == (
        "送信元アドレスがありません: 環境変数 ROUTEKPI_MAIL_FROM か ROUTEKPI_SMTP_USER を"
        "設定してください"
    )
    assert not out.exists()


def test_share_send_on_the_command_line_names_the_missing_sender(
    master: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("ROUTEKPI_MAIL_FROM", "ROUTEKPI_SMTP_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ROUTEKPI_SMTP_HOST", "127.0.0.1")
    out = tmp_path / "out"
    assert main(["share", str(master), "--out", str(out), "--per-rep", "--send"]) == 1
    assert capsys.readouterr().err == (
        "routekpi: 送信元アドレスがありません: 環境変数 ROUTEKPI_MAIL_FROM か ROUTEKPI_SMTP_USER"
        " を設定してください\n"
    )
    assert not out.exists()


def test_addresses_come_from_a_rep_email_column_never_the_customers() -> None:
    def data(header: list[str], row: list[str]) -> WorkbookData:
        raw = RawSheet(name="Accounts", rows=[header, row])
        return WorkbookData({"Accounts": raw}, {}, {}, {"Accounts": "Accounts"})

    both = data(
        ["顧客コード", "担当者", "Email", "担当者メール"], ["C1", "Tanaka", "c@x.jp", "t@y.jp"]
    )
    assert rep_addresses(Path("unused.xlsm"), both) == {"Tanaka": ["t@y.jp"]}
    customer_only = data(["顧客コード", "担当者", "Email"], ["C1", "Tanaka", "c@x.jp"])
    assert rep_addresses(Path("unused.xlsm"), customer_only) == {}
