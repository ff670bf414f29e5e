"""Trial 52's M4 measure: each rep's FY2027 revenue target (scaled to the truth's total) against
the truth's EXPECTED FY2027 by today's holder (the rates, not one draw) and the drawn one.

    PYTHONPATH=$PWD python scripts/realism53a/t52_score.py DATA_DIR BOOK [RULE ...]

The book read as the backtest reads it (raw order lines: ``backtest_job.load``), planned with
its own settings (AsOf, KGI), the engine as it is and with each R53 rule of variant.py.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def targets_of(book: Path) -> dict[str, float]:
    from routekpi.backtest_job import load
    from routekpi.core.baselines import build_evidence
    from routekpi.core.engine import plan_for

    history, settings, _, _ = load(book)
    ev = build_evidence(history, settings)
    plan, _ = plan_for(ev, float(settings.kgi))
    fy = plan.fy.drop(index="ALL", errors="ignore")
    return {str(r): float(v) for r, v in fy["revenue"].items()}


def score(name: str, got: dict[str, float], truth: dict) -> None:
    for key in ("expected", "drawn"):
        if key == "expected":
            ref = {n: v["2027"] for n, v in truth["expected_per_rep_by_holder_2026_12"].items()}
        else:
            ref = {v["name"]: v["fy2027"] for v in truth["per_rep_by_holder_2026_12"].values()}
        reps = [r for r in got if r in ref]
        k = sum(ref[r] for r in reps) / sum(got[r] for r in reps)
        err = {r: got[r] * k / ref[r] - 1 for r in reps}
        md = statistics.median(abs(e) for e in err.values())
        worst = max(err, key=lambda r: abs(err[r]))
        print(f"{name} vs {key}: MdAPE {md * 100:.1f}% max {err[worst] * 100:+.1f}% ({worst})")
        if key == "expected":
            print("   " + ", ".join(f"{r} {e * 100:+.1f}" for r, e in err.items()))


def main() -> None:
    data, book = Path(sys.argv[1]), Path(sys.argv[1]) / sys.argv[2]
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    rule = sys.argv[3] if len(sys.argv) > 3 else ""
    if rule:
        os.environ["R53"] = rule
        import variant

        variant.apply()
    score(rule or "engine", targets_of(book), truth)


if __name__ == "__main__":
    main()
