# ruff: noqa: E501
"""Trial 46: print the numbers REPORT.md quotes, from the books rerun.sh made. analyze.py [DATA_DIR]"""

from __future__ import annotations

import collections
import csv
import json
import re
import sys
from pathlib import Path

import openpyxl

D = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/wt/_trial46/data")


def rows(book: str, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(D / book, read_only=True, data_only=True)
    out = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    return out


def main() -> None:
    truth = json.loads((D / "truth.json").read_text())
    print("truth FY team:", {y: v["_team"] for y, v in truth["fy_revenue"].items()})
    keys = (
        "revenue",
        "new_accounts",
        "meetings",
        "appointment_attempts",
        "meeting_win_rate",
        "active_accounts",
    )
    print("== Targets FY2027 (baseline → target)")
    for r in rows("book_words.xlsm", "Targets"):
        if r[0] == "FY2027" and r[2] in keys:
            b, t = r[4], r[5]
            print(
                f"  {r[1]:6} {r[2]:22} {b:>16,.3f} → {t:>16,.3f}"
                if isinstance(b, float)
                else f"  {r[1]} {r[2]} {b} {t}"
            )
    print("== Checks / Plan lines")
    for r in rows("book_words.xlsm", "Checks"):
        txt = " ".join(str(v) for v in r if v)
        if any(
            k in txt for k in ("重複行", "使いません", "さくら会", "新井", "解約日は", "成約率")
        ):
            print("  ", txt[:400])
    # 休止 clinics on the Daily
    last: dict[str, str] = {}
    with open(D / "受注明細_202206-202611.csv", encoding="cp932") as f:
        for row in csv.DictReader(f):
            last[row["得意先コード"]] = max(last.get(row["得意先コード"], ""), row["受注日"])
    with open(D / "得意先マスタ.csv", encoding="cp932") as f:
        stop = {
            r["得意先コード"]: last.get(r["得意先コード"], "-")
            for r in csv.DictReader(f)
            if r["休止"] == "1"
        }
    daily = rows("book_words.xlsm", "Daily")
    hits = collections.Counter(str(r[3]) for r in daily if r[3] is not None and str(r[3]) in stop)
    print("== 休止 flagged:", len(stop), "on Daily:", dict(hits), {c: stop[c] for c in hits})
    # Daily overdue before / after the collect
    for book in ("book_words.xlsm", "book_collect.xlsm"):
        over: collections.Counter = collections.Counter()
        tot: collections.Counter = collections.Counter()
        days: collections.Counter = collections.Counter()
        for r in rows(book, "Daily")[1:]:
            if r[0] and isinstance(r[2], int):
                tot[r[0]] += 1
                m = re.search(r"訪問間隔超過 (\d+)日", str(r[6]))
                if m:
                    over[r[0]] += 1
                    days[r[0]] += int(m.group(1))
        print("==", book, {k: (tot[k], over[k], round(days[k] / max(over[k], 1), 1)) for k in tot})
    verify(truth, stop)


def cells(book: str, sheet: str) -> list[str]:
    """Every non-empty cell of a sheet as text (for "is it said anywhere" checks)."""
    return [str(v) for r in rows(book, sheet) for v in r if v is not None and str(v).strip()]


def targets(book: str) -> dict[tuple[str, str], tuple]:
    return {(r[1], r[2]): (r[4], r[5]) for r in rows(book, "Targets") if r[0] == "FY2027"}


def verify(truth: dict, stop: dict[str, str]) -> None:
    """The numbers VERIFY.md quotes (session 41's fixes, finding by finding)."""
    print("== verify")
    plan = rows("book_words.xlsm", "Plan")
    act = [r[1] for r in plan if r[0] and str(r[0]).startswith("FY2026 実績")]
    print(
        "H4 FY2026 actual read",
        act,
        "truth",
        truth["fy_revenue"]["2026"]["_team"],
        "重複行 said:",
        any("重複行" in c for c in cells("book_words.xlsm", "Checks")),
    )
    flags = cells("book_words.xlsm", "Flags")
    print("M2 休止 codes named on Flags:", sorted({c for c in stop if any(c in f for f in flags)}))
    daily = rows("book_words.xlsm", "Daily")
    print(
        "M6 billing codes (9xxxx) on Daily:",
        collections.Counter(str(r[3]) for r in daily if str(r[3]).startswith("900")),
    )
    print(
        "M3",
        [
            str(r[2])[:90]
            for r in plan
            if r[0] in ("佐藤 健一", "鈴木 大輔") and "さくら会" in str(r[2])
        ],
    )
    note = [
        c[:80]
        for c in cells("share/book_words_新井_悠斗.xlsx", "訪問計画")
        if "前回訪問" in c and "見込み" in c
    ]
    print("M4 copy 訪問計画 note:", note)
    base, words, asis = (
        targets(b) for b in ("book_base.xlsm", "book_words.xlsm", "book_asis.xlsm")
    )
    diff = [k for k in words if words[k] != asis.get(k)]
    print(
        "M1 base computed:",
        len(base),
        "FY2027 rows; asis (export as written + Words) vs words: rows differing",
        len(diff),
    )
    hire = targets("book_hire27.xlsm")
    for rep in ("小野寺 蓮", "鈴木 大輔"):
        print(
            "H5",
            rep,
            {k: hire.get((rep, k)) for k in ("revenue", "active_accounts", "new_accounts")},
            "words:",
            words.get((rep, "revenue")),
        )
    for book in ("book_words.xlsm", "book_hire27.xlsm"):
        first = collections.Counter(
            r[0]
            for r in rows(book, "Daily")
            if isinstance(r[2], int) and str(r[1])[:10] == "2026-12-07"
        )
        print(
            "N5", book, "Daily 12/7 visits: 鈴木", first["鈴木 大輔"], "小野寺", first["小野寺 蓮"]
        )
    jan = targets("book_jan.xlsm")
    print("M7 FY2027 target Nov → Jan")
    for rep in sorted({k[0] for k in words}):
        print(
            "  ",
            rep,
            {
                k: (round(words[(rep, k)][1]), round(jan[(rep, k)][1]))
                for k in ("meetings", "appointment_attempts", "new_accounts", "revenue")
                if (rep, k) in jan
            },
        )
    warn = [r for r in rows("book_jan.xlsm", "Checks") if len(r) > 5 and r[5] == "警告"]
    print(
        "L3 book_jan Checks warnings:",
        len(warn),
        "speaking of 受注番号:",
        sum("受注番号" in str(r) for r in warn),
    )


if __name__ == "__main__":
    main()
