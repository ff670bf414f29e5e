"""Trial 43: office-supplies / copier-maintenance route team (8 reps, 2 branches, ~350 accounts).

Base: routekpi's own sample generator (seed 43, 350 accounts, history 2023-04..2026-10-31,
PlanYear 2026). Adds a Reps sheet (email + 営業所 東京/横浜), a Leave row and manager's Notes,
and writes truth.json (planted decline/churn reps from the sample; November behaviour is planted
by simulate_weeks.py). Usage: python scripts/trial43/gen_data.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl

from routekpi.io.samplebook import input_contents
from routekpi.sample import generate_sample


def main(out: Path) -> None:
    from routekpi.io.samplebook import build_template, rewrite_workbook  # type: ignore[attr-defined]

    out.mkdir(parents=True, exist_ok=True)
    sample = generate_sample(43, reps=8, accounts=350, as_of="2026-10-31", plan_year=2026)
    settings = {**sample.settings, "Language": "ja"}
    data = build_template("ja", settings=settings)
    tmp = out / "tmp.xlsm"
    tmp.write_bytes(data)
    book = out / "book.xlsm"
    rewrite_workbook(tmp, input_contents(sample, "ja"), dst=book, resize_tables=True)
    tmp.unlink()
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Settings"]
    ws["B7"] = None  # AsOf blank: the manager's usual setup (lists follow the visits typed)
    reps = ["Ito", "Nakamura", "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Yamamoto"]
    r = wb["Reps"]
    r.append(["ALL", "manager@example.jp", None])
    for i, rep in enumerate(reps):
        r.append([rep, f"{rep.lower()}@example.jp", "東京" if i < 4 else "横浜"])
    r.delete_rows(2)  # the template's empty first row
    lv = wb["Leave"]
    lv["A2"], lv["B2"], lv["C2"], lv["D2"] = "Sato", "2026-11-16", "2026-11-18", "有給"
    nt = wb["Notes"]
    nt["A2"], nt["B2"], nt["C2"], nt["D2"] = (
        "Tanaka",
        "2026-10",
        "visits",
        "11月はアポ強化(マネージャー記入・消えてはいけない)",
    )
    nt["A3"], nt["B3"], nt["C3"], nt["D3"] = "ALL", "2026-11", None, "複合機入替キャンペーン 11/9〜"
    wb.save(book)
    reps = sorted(set(sample.orders["rep"]) if "rep" in sample.orders else [])
    print("reps", reps, "settings", sample.settings)
    with open(out / "truth.json", "w") as fh:
        json.dump(
            {"settings": {k: str(v) for k, v in sample.settings.items()}, "reps": reps},
            fh,
            ensure_ascii=False,
            indent=1,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/wt/_trial43/data"))
