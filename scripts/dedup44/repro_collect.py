"""dedup44: an attempt typed in a rep's copy that the visits export already has.

Run from the worktree root: ``PYTHONPATH=$PWD python scripts/dedup44/repro_collect.py [DIR]``.
The sample master (tests/share_helpers.make_master) with its Visits rows moved into
data/visits.csv named on the Sources sheet; shared; Ito types the export's アポ of the as-of
month's last day with one, and a new one that day with the other outcome; collect, recalc;
the file re-sent with its memos edited; collect, recalc. Prints collect's (rows, added,
duplicates, refused) and Ito's appointment_attempts for the month.

Session 39, main at 38a53aae: (2, 2, 0, 0), 4 → 5; re-sent (2, 2, 0, 0), → 7.
Branch dedup44:               (2, 1, 1, 0), 4 → 5; re-sent (2, 0, 2, 0), → 5.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sys
from collections import Counter
from pathlib import Path

import openpyxl

sys.path.insert(0, "tests")
from share_helpers import make_master

from routekpi.io.reader import read_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.recalc import recalculate
from routekpi.share.collect import collect
from routekpi.share.job import share

REP = "Ito"


def main(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "data").mkdir(parents=True)
    master = make_master(root / "master.xlsm")
    rows = [list(r) for r in openpyxl.load_workbook(master, read_only=True)["Visits"].values]
    with (root / "data" / "visits.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [[v.strftime("%Y/%m/%d") if isinstance(v, dt.datetime) else v for v in r] for r in rows]
        )
    book = shutil.copyfile(master, root / "plan.xlsm")
    tabs = read_workbook(master).tab_names
    sources = [["入力", "ソース"], ["訪問", "data/visits.csv"]]
    rewrite_workbook(
        book,
        {tabs["Visits"]: SheetContent(rows=[rows[0]]), tabs["Sources"]: SheetContent(rows=sources)},
    )
    copy = next(f.path for f in share(book, root / "out", per_rep=True).files if f.rep == REP)
    cover = openpyxl.load_workbook(copy, read_only=True)["表紙"].iter_rows(values_only=True)
    as_of = dict(r[:2] for r in cover)["基準日"].date()
    period = as_of.strftime("%Y-%m")
    attempts = [
        r
        for r in rows[1:]
        if r[1] == REP and r[3] == "アポ" and r[0].date() <= as_of
        if r[0].strftime("%Y-%m") == period
    ]
    last = max(r[0] for r in attempts)
    outcomes = Counter(r[4] for r in attempts if r[0] == last)
    print("export's attempts on", last.date(), dict(outcomes))
    done_outcome = next(iter(outcomes))
    other = "失敗" if done_outcome == "成功" else "成功"

    def attempts_now(report: dict[str, object]) -> float:
        return next(
            a["actual"]
            for a in report["attainment"]  # type: ignore[union-attr]
            if a["rep"] == REP and a["kpi"] == "appointment_attempts" and a["period"] == period
        )

    before = recalculate(shutil.copyfile(book, root / "b.xlsm")).json()
    print("attempts before", attempts_now(before))
    wb = openpyxl.load_workbook(copy)
    wb["訪問入力"].append([last, None, "アポ", done_outcome, "山本商店"])
    wb["訪問入力"].append([last, None, "アポ", other, "山本商店 再架電"])
    returned = root / "returned.xlsx"
    wb.save(returned)
    done = collect(book, [returned])
    print("collect", [(f.rows, f.added, f.duplicates, f.refused) for f in done.files])
    print("attempts after", attempts_now(recalculate(book).json()))
    wb = openpyxl.load_workbook(returned)
    for row in wb["訪問入力"].iter_rows(min_row=2):
        row[4].value = f"{row[4].value}(訂正)"
    wb.save(returned)
    again = collect(book, [returned])
    said = [(f.rows, f.added, f.duplicates, f.refused) for f in again.files]
    print("re-sent, memos edited", said)
    print("attempts after", attempts_now(recalculate(book).json()))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dedup44_repro"))
