"""Trial 53: the other returns convention — DIR's exports copied to DST with 返品/値引 lines
NEGATIVE (数量 and 金額), still marked by 伝票区分 (as many 販売管理 print them).

neg.py DIR DST"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path


def main() -> None:
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    (dst / "売上明細").mkdir(parents=True, exist_ok=True)
    for name in ("truth.json", "得意先マスタ.csv", "訪問記録.csv"):
        shutil.copy(src / name, dst / name)
    for f in sorted((src / "売上明細").glob("*.csv")):
        with open(f, encoding="cp932", newline="") as fh:
            rows = list(csv.reader(fh))
        h = rows[0]
        k, q, a = h.index("伝票区分"), h.index("数量"), h.index("金額")
        for r in rows[1:]:
            if r[k] in ("返品", "値引"):
                if r[q]:
                    r[q] = str(-int(r[q]))
                r[a] = str(-int(r[a]))
        with open(dst / "売上明細" / f.name, "w", encoding="cp932", newline="") as fh:
            csv.writer(fh, lineterminator="\r\n").writerows(rows)


if __name__ == "__main__":
    main()
