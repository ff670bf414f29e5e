"""Trial 50: the same exports as a manager would have had on an earlier day (H4's July view).

cut_at.py SRC_DIR DST_DIR YYYY/MM/DD — delivery lines and handheld rows up to the day, the master
without customers that started later and without end dates typed after it; the monthly summary
as is; truth.json with export_end moved."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path


def main() -> None:
    src, dst, cut = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("配送明細_2024-.csv", "ハンディ作業記録.csv"):
        rows = list(csv.reader(io.StringIO((src / name).read_text(encoding="cp932"))))
        with open(dst / name, "w", encoding="cp932", newline="") as fh:
            csv.writer(fh).writerows([rows[0], *[r for r in rows[1:] if r[0] <= cut]])
    shutil.copy(src / "売上月報_2021-2023.csv", dst)
    rows = list(csv.reader(io.StringIO((src / "得意先マスタ.csv").read_text(encoding="cp932"))))
    head = rows[0]
    start, end = head.index("契約日"), head.index("解約日")
    out = [head]
    for r in rows[1:]:
        if r[start] > cut:
            continue
        if r[end] and r[end] > cut:
            r[end] = ""
        out.append(r)
    with open(dst / "得意先マスタ.csv", "w", encoding="cp932", newline="") as fh:
        csv.writer(fh).writerows(out)
    truth = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    truth["export_end"] = cut.replace("/", "-")
    (dst / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
