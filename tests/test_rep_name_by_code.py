"""A name given under one rep code only is that code's rep on the rows that give a name only
(fix24b): the ERP's orders carry 担当者コード + 担当者名, the SFA's visits a name alone, in a
spelling the ERP's rows give now and then. Read by name, the visits made a rep of their own
(all of Takahashi's visits under a rep with no orders, his visit levers with none). Real
books written and read back, on the sheet path and with the visits from a file."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest
from workbook_files import SAMPLE_REP_CODES, sample_book_variants

from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from routekpi.validation.reps import name_aliases

ERP_FORM = "T. Takahashi"  # every third of Takahashi's ERP rows, code E05
SFA_FORM = "T．Takahashi"  # the SFA's: a full-width stop, no space (NFKC + spaces: the same)
SFA_READ = "T.Takahashi"  # as the readers give it (NFKC)


def test_a_name_under_one_code_is_that_codes_rep() -> None:
    pairs = {
        ("E05", "Takahashi"): 10,
        ("E05", "T. Takahashi"): 3,
        ("E07", "Watanabe"): 5,
        ("E07", "Takahashi"): 1,  # one row of E07 renamed: Takahashi is under two codes
        ("E08", "Yamamoto"): 4,
    }
    assert name_aliases(pairs) == {
        "T.Takahashi": ("Takahashi", "E05"),
        "Watanabe": ("Watanabe", "E07"),
        "Yamamoto": ("Yamamoto", "E08"),
    }


def _visits_named(ws: openpyxl.worksheet.worksheet.Worksheet, name: str) -> int:
    """Takahashi's visits renamed ``name``; how many rows."""
    head = [c.value for c in ws[1]]
    col = head.index("担当者") + 1
    n = 0
    for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
        if cell.value == "Takahashi":
            cell.value = name
            n += 1
    return n


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The sample book with a code column on Orders ("coded"); that book with every third
    of Takahashi's orders named T. Takahashi and his visits named T．Takahashi ("sfa"); the
    sfa book's Visits saved as a CSV file ("visits_csv"); and the sfa book with one Watanabe
    order named T. Takahashi too ("two_codes": the name is under two codes)."""
    root = tmp_path_factory.mktemp("namebycode")
    out: dict[str, object] = {}
    for name, path, wb in sample_book_variants(root, ("coded", "sfa", "two_codes")):
        ws = wb["Orders"]
        head = [c.value for c in ws[1]]
        rep_col, code_col = head.index("担当者") + 1, len(head) + 1
        ws.cell(1, code_col).value = "担当者コード"
        seen = 0
        watanabe_renamed = False
        for r in range(2, ws.max_row + 1):
            rep = ws.cell(r, rep_col).value
            if rep is None:
                continue
            ws.cell(r, code_col).value = SAMPLE_REP_CODES[str(rep)]
            if name != "coded" and rep == "Takahashi":
                seen += 1
                if seen % 3 == 0:
                    ws.cell(r, rep_col).value = ERP_FORM
            if name == "two_codes" and rep == "Watanabe" and not watanabe_renamed:
                ws.cell(r, rep_col).value = ERP_FORM
                watanabe_renamed = True
        if name != "coded":
            out[f"{name}_visits"] = _visits_named(wb["Visits"], SFA_FORM)
        out[name] = path
    # The sfa book's visits as a CSV file (the SFA export), its Visits sheet left as it was.
    wb = openpyxl.load_workbook(out["sfa"], read_only=True)
    csv_path = root / "visits.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for row in wb["Visits"].iter_rows(values_only=True):
            if any(v is not None for v in row):
                writer.writerow(["" if v is None else v for v in row])
    wb.close()
    out["visits_csv"] = csv_path
    return out


def _visits_by_rep(computed: object) -> pd.Series:
    facts = computed.result.evidence.facts.reset_index()
    return facts.groupby("rep")["visits"].sum()


def _sorted(targets: pd.DataFrame) -> pd.DataFrame:
    return targets.sort_values(["kpi", "rep", "period"]).reset_index(drop=True)


def test_the_sfa_spelling_is_the_codes_rep_on_the_sheets_and_from_a_file(
    books: dict[str, object],
) -> None:
    coded, _ = compute_file(books["coded"])
    sfa, _ = compute_file(books["sfa"])
    visits = sfa.result.history.visits
    assert not {SFA_FORM, SFA_READ, ERP_FORM} & set(visits["rep"])
    # Every one of his visits is his: as many as the coded book gives him.
    mine = int((visits["rep"] == "Takahashi").sum())
    was = int((coded.result.history.visits["rep"] == "Takahashi").sum())
    assert mine == was == books["sfa_visits"]
    # The same plan as the coded book (one rep, one name).
    pd.testing.assert_frame_equal(_sorted(sfa.result.targets), _sorted(coded.result.targets))
    said = [c for c in sfa.checks if c.problem == "rep_name_by_code"]
    assert [(c.sheet, c.severity, c.value) for c in said] == [("Orders", "warn", SFA_READ)]
    n = books["sfa_visits"]
    assert said[0].params["count"] == n
    words = text("rep_name_by_code", "en", **said[0].params)
    assert f"'{SFA_READ}' → code E05, 'Takahashi' ({n:,} rows)" in words
    ja = text("rep_name_by_code", "ja", **said[0].params)
    assert f"「{SFA_READ}」→ コード E05 の「Takahashi」({n:,}行)" in ja
    assert not [c for c in coded.checks if c.problem == "rep_name_by_code"]

    # The visits from a file: the same reps, the same plan, the same line.
    from_file, _ = compute_file(
        books["sfa"], sources={"Visits": SourceRef("Visits", str(books["visits_csv"]))}
    )
    # (The file path keeps facts, not visit rows: the reps' monthly visits alike.)
    pd.testing.assert_series_equal(_visits_by_rep(from_file), _visits_by_rep(sfa))
    assert "Takahashi" in _visits_by_rep(from_file).index
    pd.testing.assert_frame_equal(_sorted(from_file.result.targets), _sorted(sfa.result.targets))
    said_file = [c for c in from_file.checks if c.problem == "rep_name_by_code"]
    assert [(c.sheet, c.params) for c in said_file] == [("Orders", said[0].params)]


def test_a_name_under_two_codes_stays_a_name(books: dict[str, object]) -> None:
    """One of Watanabe's orders named T. Takahashi too: the name is under E05 and E07, it
    names no one code, and the visits stay under the SFA's name (as before)."""
    two, _ = compute_file(books["two_codes"])
    visits = two.result.history.visits
    # His visits stay under the SFA's name (but the few the engine gives the holder of the
    # account visited, Takahashi by the Accounts sheet, as for any rep).
    named = int((visits["rep"] == SFA_READ).sum())
    assert named + int((visits["rep"] == "Takahashi").sum()) == books["two_codes_visits"]
    assert named > 0.9 * books["two_codes_visits"]
    assert not [c for c in two.checks if c.problem == "rep_name_by_code"]
