"""Per data set: the pooled reduction and each KPI's MdAPE (routekpi / uniform / no change)
from scripts/backtest.py's printed "all backtests together" tables; two logs side by side.

    python scripts/realism53b/sets_table.py BASE.log [VARIANT.log] [--kpis]
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path


def parse(path: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    name = None
    for line in path.read_text().splitlines():
        m = re.match(r"### (.+) — all backtests together", line)
        if m:
            name = m.group(1)
            out[name] = {"kpis": {}}
            continue
        if name is None:
            continue
        if line.startswith("| ") and not line.startswith("| KPI") and "%" in line:
            cells = [c.strip() for c in line.strip("|").split("|")]
            kpi = cells[0].replace("**", "").split(" (")[0]
            with contextlib.suppress(ValueError):
                out[name]["kpis"][kpi] = tuple(float(c.rstrip("%")) for c in cells[2:5])
        m = re.match(r"Pooled error reduction vs uniform uplift: (-?[\d.]+)%", line)
        if m:
            out[name]["reduction"] = float(m.group(1))
            name = None
    return out


def lost(kpis: dict[str, tuple[float, float, float]]) -> list[str]:
    res = []
    for k, (r, u, n) in kpis.items():
        if k == "pooled":
            continue
        if r - u > 0.05:
            res.append(f"{k} u+{r - u:.1f}")
        if r - n > 0.05:
            res.append(f"{k} n+{r - n:.1f}")
    return res


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    logs = [parse(Path(a)) for a in args]
    for name in logs[0]:
        cells = []
        for lg in logs:
            s = lg.get(name)
            cells.append(
                f"{s['reduction']:.1f} | {'; '.join(lost(s['kpis'])) or 'none'}" if s else "– | –"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")
    if "--kpis" in sys.argv:
        for name in logs[0]:
            print(
                f"\n{name}\n| KPI | " + " | ".join(f"r/u/n log{i}" for i in range(len(logs))) + " |"
            )
            for k in logs[0][name]["kpis"]:
                print(
                    f"| {k} | "
                    + " | ".join(
                        "/".join(f"{v:.1f}" for v in lg.get(name, {}).get("kpis", {}).get(k, ()))
                        for lg in logs
                    )
                    + " |"
                )


if __name__ == "__main__":
    main()
