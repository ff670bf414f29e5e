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
from routekpi.share.job import SharedFile, ShareReport, send_drafts, share
from routekpi.share.mail import SmtpSettings, draft, rep_addresses, send, write_eml

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
        # The copy's visit plan is named (trial 38 M5: the body never mentioned it).
        assert "「訪問計画」シート" in body
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


def test_a_server_without_starttls_is_refused_before_the_master_is_computed(
    master: Path, tmp_path: Path, smtp_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial 27: 37 s of computing 15 copies, then the refusal, which spoke of a password
    none was set. The server is asked first, and the line says nothing was sent."""
    controller, sink = smtp_server

    def computed(*args: object, **kwargs: object) -> None:
        raise AssertionError("the master was computed before the server was asked")

    monkeypatch.setattr("routekpi.share.job.load_source", computed)
    out = tmp_path / "out"
    with pytest.raises(ShareError) as refused:
        share(master, out, per_rep=True, send_mail=True, env=_env(controller))
    assert refused.value.message == (
        "SMTP サーバー 127.0.0.1 が STARTTLS(暗号化)に対応していないため、何も送らずに中止しました"
        "(平文で送ってよい場合のみ ROUTEKPI_SMTP_STARTTLS=0)"
    )
    assert not out.exists() and sink.envelopes == []


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


class Picky(Sink):
    """A server that refuses some recipients (an address that left the company) and, from
    its ``hang_up``-th message on, drops the connection in the middle of DATA."""

    def __init__(self, refuse: set[str] = frozenset(), hang_up: int = 0) -> None:
        super().__init__()
        self.refuse, self.hang_up, self.seen = refuse, hang_up, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: user unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.seen += 1
        if self.hang_up and self.seen >= self.hang_up:
            server.transport.close()  # the server goes away: no answer to this DATA
            return "421 gone"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def picky_server(request: pytest.FixtureRequest):
    handler = Picky(**request.param)
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def _drafted_here(folder: Path, recipients: dict[str | None, str]) -> ShareReport:
    """Copies with their .eml drafts in ``folder``, as ``share --send`` writes them before
    sending (rep → To:, None for the team copy)."""
    report = ShareReport([], "ja")
    for rep, to in recipients.items():
        copy = folder / f"book_{rep or 'team'}.xlsx"
        copy.write_bytes(f"PK copy for {rep}".encode())
        eml = write_eml(
            draft(copy, to=to, subject=f"FY2026 {rep}", body="."), copy.with_suffix(".eml")
        )
        report.files.append(SharedFile(copy, rep, False, to=to, draft=eml))
    return report


def _plain(controller: Controller) -> SmtpSettings:
    env = {
        "ROUTEKPI_SMTP_HOST": "127.0.0.1",
        "ROUTEKPI_SMTP_PORT": str(controller.port),
        "ROUTEKPI_SMTP_STARTTLS": "0",
        "ROUTEKPI_MAIL_FROM": "manager@example.co.jp",
    }
    return SmtpSettings.from_env(env)


@pytest.mark.parametrize(
    "picky_server", [{"refuse": {"sato@example.co.jp", "boss2@example.co.jp"}}], indirect=True
)
def test_a_refused_recipient_keeps_a_draft_to_that_address_only(
    tmp_path: Path, picky_server
) -> None:
    """Sato's address is refused, the team mail's second boss too: Tanaka's mail goes and
    its draft is gone, Sato's draft stays as it was, the team draft is left to boss2 only."""
    controller, server = picky_server
    report = _drafted_here(
        tmp_path,
        {
            None: "boss1@example.co.jp, boss2@example.co.jp",
            "Tanaka": "tanaka@example.co.jp",
            "Sato": "sato@example.co.jp",
        },
    )
    team, tanaka, sato = report.files
    send_drafts(report, _plain(controller), tmp_path)
    assert [e.rcpt_tos for e in server.envelopes] == [
        ["boss1@example.co.jp"],
        ["tanaka@example.co.jp"],
    ]
    assert (tanaka.sent, tanaka.draft) == (True, None)
    assert not (tmp_path / "book_Tanaka.eml").exists()
    assert (team.sent, team.refused) == (True, ["boss2@example.co.jp"])
    assert (sato.sent, sato.refused) == (False, ["sato@example.co.jp"])
    left = {f.rep: message_from_bytes(f.draft.read_bytes(), policy=default) for f in report.unsent}
    assert {rep: (m["To"], m["X-Unsent"]) for rep, m in left.items()} == {
        None: ("boss2@example.co.jp", "1"),
        "Sato": ("sato@example.co.jp", "1"),
    }
    assert report.problems == [
        "チーム計: サーバーが宛先 boss2@example.co.jp を受け付けませんでした"
        "(550 5.1.1 <boss2@example.co.jp>: user unknown)",
        "Sato: サーバーが宛先 sato@example.co.jp を受け付けませんでした"
        "(550 5.1.1 <sato@example.co.jp>: user unknown)",
        f"送信済み 2 通(チーム計, Tanaka)、届いていないもの 2 通(チーム計, Sato)。届いていない分は"
        f"下書き(.eml)として {tmp_path} に残しています(book_team.eml, book_Sato.eml)。"
        "宛先を確かめ、メールソフトで開いて送ってください",
    ]


@pytest.mark.parametrize("picky_server", [{"hang_up": 2}], indirect=True)
def test_a_server_that_stops_midway_leaves_the_rest_as_drafts(tmp_path: Path, picky_server) -> None:
    controller, server = picky_server
    report = _drafted_here(
        tmp_path,
        {
            "Tanaka": "tanaka@example.co.jp",
            "Sato": "sato@example.co.jp",
            "Ito": "ito@example.co.jp",
        },
    )
    send_drafts(report, _plain(controller), tmp_path)
    assert [f.sent for f in report.files] == [True, False, False]
    assert len(server.envelopes) == 1
    assert sorted(p.name for p in tmp_path.glob("*.eml")) == ["book_Ito.eml", "book_Sato.eml"]
    [failed, summary] = report.problems
    assert failed.startswith(f"メール送信に失敗しました(127.0.0.1:{controller.port}): ")
    assert summary.startswith("送信済み 1 通(Tanaka)、届いていないもの 2 通(Sato, Ito)。")
    assert "(book_Sato.eml, book_Ito.eml)" in summary


def test_a_refused_connection_sends_nothing_and_keeps_every_draft(tmp_path: Path) -> None:
    port = _free_port()  # nobody listens there
    report = _drafted_here(tmp_path, {None: "boss@example.co.jp", "Tanaka": "tanaka@example.co.jp"})
    settings = SmtpSettings.from_env(
        {
            "ROUTEKPI_SMTP_HOST": "127.0.0.1",
            "ROUTEKPI_SMTP_PORT": str(port),
            "ROUTEKPI_MAIL_FROM": "m@example.co.jp",
        }
    )
    send_drafts(report, settings, tmp_path)
    assert report.sent == 0 and len(report.unsent) == 2
    assert all(f.draft is not None and f.draft.exists() for f in report.files)
    assert report.problems[0].startswith(f"メール送信に失敗しました(127.0.0.1:{port}): ")
    assert report.problems[1].startswith(
        "送信済み 0 通(—)、届いていないもの 2 通(チーム計, Tanaka)。"
    )


@pytest.mark.slow
def test_share_send_to_a_server_that_is_down_exits_1_with_the_drafts_named(
    master: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command line: copies and drafts written, one line per reason, no traceback."""
    monkeypatch.setenv("ROUTEKPI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ROUTEKPI_SMTP_PORT", str(_free_port()))
    monkeypatch.setenv("ROUTEKPI_SMTP_STARTTLS", "0")
    monkeypatch.setenv("ROUTEKPI_MAIL_FROM", "manager@example.co.jp")
    out = tmp_path / "out"
    assert main(["share", str(master), "--out", str(out), "--per-rep", "--send"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    drafts = sorted(p.name for p in out.glob("*.eml"))
    assert len(drafts) == 2  # Tanaka and Sato have addresses; nothing was sent
    summary = captured.err.splitlines()[-1]
    assert summary.startswith("routekpi: 送信済み 0 通(—)、届いていないもの 2 通(")
    assert all(name in summary for name in drafts) and str(out) in summary
    assert all(f"draft {name}" in captured.out for name in drafts)


def test_share_email_drafts_alone_exit_0(
    master: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--email`` without ``--send`` asks for drafts only: written, the job is done (trial 26
    read exit status 1 as a failure). Only ``--send`` falling short exits 1 (above)."""
    out = tmp_path / "out"
    assert main(["share", str(master), "--out", str(out), "--per-rep", "--email"]) == 0
    printed = capsys.readouterr().out
    drafts = sorted(p.name for p in out.glob("*.eml"))
    assert len(drafts) == 2 and all(f"draft {name}" in printed for name in drafts)
