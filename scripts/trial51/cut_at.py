# ruff: noqa: E501
"""Trial 51: the exports as they were on an earlier day (sales lines, SFA rows and master starts up to DAY).

cut_at.py DATA_DIR SUBDIR YYYY-MM-DD — writes DATA_DIR/SUBDIR/ with the same file names (and truth.json copied)."""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path


def cut(src: Path, dst: Path, enc: str, col: str, day: str) -> None:
    rows = list(csv.reader(io.StringIO(src.read_text(encoding=enc))))
    i = rows[0].index(col)
    keep = [rows[0]] + [r for r in rows[1:] if r[i].replace("/", "-") <= day]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(keep)
    dst.write_text(buf.getvalue(), encoding=enc)


def main() -> None:
    data, sub, day = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    out = data / sub
    out.mkdir(exist_ok=True)
    for f in sorted(data.glob("売上明細_*.csv")):
        cut(f, out / f.name, "cp932", "伝票日付", day)
    cut(data / "SFA_activities.csv", out / "SFA_activities.csv", "utf-8-sig", "Activity Date", day)
    cut(data / "得意先マスタ.csv", out / "得意先マスタ.csv", "cp932", "取引開始日", day)
    shutil.copy(data / "truth.json", out / "truth.json")


if __name__ == "__main__":
    main()
