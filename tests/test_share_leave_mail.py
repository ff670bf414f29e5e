"""share --email for a rep on leave over his whole visit plan (trial 42 L2: a rep on 育休
got the usual "here is your visit plan, record your visits and reply"): his draft says until
when he is away and who covers his accounts, and asks for nothing; a colleague at work gets
the usual mail with his plan line."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from share_helpers import add_reps_sheet

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook
from routekpi.share.job import ShareReport, share
from tests.workbook_files import edit, paste


def _body(report: ShareReport, rep: str) -> str:
    f = next(f for f in report.files if f.rep == rep)
    assert f.draft is not None
    msg = message_from_bytes(f.draft.read_bytes(), policy=default)
    return str(msg.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]


def test_the_rep_on_leave_is_told_there_is_no_plan_and_who_covers(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "en", orders_rows=6_000)  # FY2026, as of 2026-10-31
    with edit(book) as wb:  # Sato away from October to March, Tanaka named as his cover
        paste(wb, "Leave", [["Sato", date(2026, 10, 1), date(2027, 3, 31), "Parental", "Tanaka"]])
    assert main(["recalc", str(book)]) == 0
    add_reps_sheet(book, {"Sato": "sato@example.co.jp", "Tanaka": "tanaka@example.co.jp"})
    report = share(book, tmp_path / "out", per_rep=True, email=True)
    sato = _body(report, "Sato")
    assert "You are on leave until 2027-03-31, so there is no visit plan" in sato
    assert "(your accounts are covered by Tanaka)" in sato
    assert "Nothing to record or send back." in sato
    assert "VisitLog" not in sato and "reply" not in sato and "Visit plan:" not in sato
    tanaka = _body(report, "Tanaka")
    assert "on leave" not in tanaka
    assert "Visit plan:" in tanaka and "VisitLog" in tanaka
