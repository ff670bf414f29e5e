"""routekpi share --email: several addresses for one recipient (two branch heads for ALL, a
rep's office and mobile address), in one cell or over several rows of the Reps sheet."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path

import openpyxl
import pytest
from share_helpers import make_master

from routekpi.io.reader import RawSheet, WorkbookData
from routekpi.share.job import ShareReport, share
from routekpi.share.mail import rep_addresses, split_addresses

# The Reps sheet as a manager types it: a list in one cell, a second row for the same
# recipient (and a repeat), and one entry that is not an address.
ROWS = [
    ("ALL", "boss1@example.co.jp; boss2@example.co.jp"),
    ("ALL", "boss3@example.co.jp"),
    ("Tanaka", "tanaka@example.co.jp"),
    ("Tanaka", "tanaka.mobile@example.co.jp、tanaka@example.co.jp"),
    ("Sato", "sato@example.co.jp, sato at example"),
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> ShareReport:
    path = make_master(tmp_path_factory.mktemp("recipients") / "book.xlsm")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb.create_sheet("担当者一覧")
    ws.append(["担当者", "メールアドレス"])
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return share(path, path.parent / "out", per_rep=True, email=True)


def _to(report: ShareReport, rep: str | None) -> list[str] | None:
    """The draft's To: addresses for ``rep`` (None: the team copy); None without a draft."""
    f = next(f for f in report.files if f.rep == rep)
    if f.draft is None:
        return None
    msg = message_from_bytes(f.draft.read_bytes(), policy=default)
    return [a.addr_spec for a in msg["To"].addresses]


def test_split_addresses_takes_the_separators_people_type() -> None:
    want = ["a@x.jp", "b@x.jp"]
    for cell in ("a@x.jp; b@x.jp", "a@x.jp,b@x.jp", "a@x.jp、b@x.jp", "a@x.jp；b@x.jp"):
        assert split_addresses(cell) == want, cell
    assert split_addresses(" a@x.jp\nb@x.jp ;") == want  # a pasted column, a trailing ;
    assert split_addresses("a@x.jp") == ["a@x.jp"]
    assert split_addresses("a@x.jp b@x.jp") == ["a@x.jp b@x.jp"]  # named whole, as typed


@pytest.mark.slow
def test_two_all_rows_and_a_list_in_one_cell_all_get_the_team_draft(
    drafted: ShareReport,
) -> None:
    # Before: the one-cell list was refused and, of two ALL rows, only the last one got it.
    assert _to(drafted, None) == [
        "boss1@example.co.jp",
        "boss2@example.co.jp",
        "boss3@example.co.jp",
    ]
    team = next(f for f in drafted.files if f.rep is None)
    assert team.to == "boss1@example.co.jp, boss2@example.co.jp, boss3@example.co.jp"


@pytest.mark.slow
def test_a_rep_with_two_rows_gets_one_draft_to_both_addresses_once(drafted: ShareReport) -> None:
    assert _to(drafted, "Tanaka") == ["tanaka@example.co.jp", "tanaka.mobile@example.co.jp"]


@pytest.mark.slow
def test_an_entry_that_is_no_address_stops_that_draft_and_says_what_is_expected(
    drafted: ShareReport,
) -> None:
    # Half the addresses would silently miss it: no draft, and the line says why and how.
    assert _to(drafted, "Sato") is None
    [said] = [p for p in drafted.problems if p.startswith("Sato:")]
    assert "「sato at example」" in said and "sato@example.co.jp」" not in said
    assert "name@example.co.jp" in said and "; か , か 、" in said and "行を分けて" in said
    # reps without any address are named too, each once
    assert sum(p.startswith("Suzuki:") for p in drafted.problems) == 1


@pytest.mark.slow
def test_the_refusal_names_the_tab_and_column_as_the_book_has_them(drafted: ShareReport) -> None:
    # The book's tab is 「担当者一覧」: the line sends the user there, not to a 「担当者シート」.
    [said] = [p for p in drafted.problems if p.startswith("Sato:")]
    assert "「担当者一覧」シートの「メールアドレス」欄" in said and "担当者シート" not in said


def test_addresses_say_which_tab_and_column_they_came_from() -> None:
    raw = RawSheet(
        name="Accounts", rows=[["顧客コード", "担当者", "営業メール"], ["C1", "Ito", "i@x"]]
    )
    data = WorkbookData({"Accounts": raw}, {}, {}, {"Accounts": "顧客台帳"})
    where: dict[str, tuple[str, str]] = {}
    assert rep_addresses(Path("unused.xlsm"), data, where) == {"Ito": ["i@x"]}
    assert where == {"Ito": ("顧客台帳", "営業メール")}
