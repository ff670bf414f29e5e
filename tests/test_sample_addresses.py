"""The README's ``share --email`` example on the built-in sample (session 39's leftover: the
sample's Reps sheet was empty, so the example wrote no draft and printed one "no address"
line per rep): ``new --sample`` lists each rep at the reserved example domain, and the
drafts are written to those addresses."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook


def test_new_sample_lists_every_rep_at_the_example_domain(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    assert main(["new", "--sample", str(book)]) == 0
    wb = openpyxl.load_workbook(book, read_only=True, keep_vba=True)
    rows = list(wb["Reps"].iter_rows(values_only=True))
    reps = {
        str(r)
        for (r,) in wb["Orders"].iter_rows(min_row=2, max_col=3, min_col=3, values_only=True)
        if r
    }
    wb.close()
    assert rows[0][:2] == ("担当者", "メールアドレス")
    listed = {r[0]: r[1] for r in rows[1:] if r[0]}
    assert set(listed) == reps | {"ALL"}
    assert listed["Tanaka"] == "tanaka@example.co.jp"
    assert listed["ALL"] == "manager@example.co.jp"
    assert all(a.endswith("@example.co.jp") for a in listed.values())


def test_share_email_on_the_sample_writes_a_draft_per_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "ja", seed=11, orders_rows=4_000, addresses=True)
    out = tmp_path / "share"
    assert main(["share", str(book), "--out", str(out), "--per-rep", "--email"]) == 0
    printed = capsys.readouterr()
    assert "メールアドレスがありません" not in printed.err
    drafts = sorted(p.name for p in out.glob("*.eml"))
    copies = sorted(p.name for p in out.glob("*.xlsx"))
    assert len(copies) == 9 and drafts == [c.replace(".xlsx", ".eml") for c in copies]
    msg = message_from_bytes((out / "book_Tanaka.eml").read_bytes(), policy=default)
    assert msg["To"] == "tanaka@example.co.jp"
    assert [p.get_filename() for p in msg.iter_attachments()] == ["book_Tanaka.xlsx"]
    team = message_from_bytes((out / "book_team.eml").read_bytes(), policy=default)
    assert team["To"] == "manager@example.co.jp"
    # the README's line: copy, → address, draft name
    assert "→ tanaka@example.co.jp  draft book_Tanaka.eml" in printed.out
