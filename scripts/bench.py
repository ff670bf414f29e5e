"""Benchmark: `routekpi recalc` against the raw-read floor, at Excel's scale.

For each size (Orders rows; Visits scale alongside) it builds a sample workbook once (cached
under ``bench-data/``), then times, in fresh subprocesses so peak RSS is per run:

- floor: the fastest raw read of the same input sheets (fastexcel → Arrow, no processing);
- recalc: the full ``routekpi recalc`` (read + validate + compute + write) on a fresh copy;
- stages: in one process, the import time (with the read running alongside, as the command
  line does) and what is left of that read after it, then the read alone, then a recalc
  with validate / compute+render / write timed apart (the recalc's progress marks).

It prints a markdown table (min and median of ``--runs`` runs, recalc ÷ floor, peak RSS,
growth per 10× rows) and writes every figure to a JSON file. UDF throughput is measured by
``scripts/bench_udf.py`` when present and included.

    python scripts/bench.py                 # 10k, 100k, 1,048,575 rows, 3 runs each
    python scripts/bench.py --sizes 10000 100000 --runs 3
    python scripts/bench.py --history-rows 20000000   # only the Parquet history row

``--history-rows N`` measures the history-from-a-file path instead (routekpi.sources): an
N-row Parquet orders history made by the sample generator in 1M-row chunks (cached under
``bench-data/``), recalculated with ``--orders/--visits/--accounts``; rows per second, peak
RSS, and the time ÷ DuckDB's own time for the same aggregation SQL on the same file.
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data"
SIZES = (10_000, 100_000, 1_048_575)
INPUT_SHEETS = ("Orders", "Visits", "Accounts", "Holidays")

FLOOR = """
import sys, fastexcel
reader = fastexcel.read_excel(sys.argv[1])
for name in {sheets!r}:
    reader.load_sheet(name).to_arrow()
"""

STAGES = """
import json, os, shutil, sys, time
from pathlib import Path
t0 = time.perf_counter()
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as routekpi.cli.main
from pathlib import Path
from routekpi.io.reader import BackgroundRead, read_workbook
path, scratch = Path(sys.argv[1]), Path(sys.argv[2])
early = BackgroundRead(path)  # as the command line: the read runs while the engine imports
from routekpi.recalc import recalculate
t_imported = time.perf_counter()
early.result()
t1 = time.perf_counter()
del early
data = read_workbook(path)
t2 = time.perf_counter()
del data
shutil.copyfile(path, scratch)
marks = {}
def mark(step):
    marks.setdefault(step, time.perf_counter())
t3 = time.perf_counter()
report = recalculate(scratch, progress=mark)
t4 = time.perf_counter()
# recalculate says "compute" after reading and validating, "write" before writing the file.
marks.setdefault("compute", t3 + (t2 - t1))
marks.setdefault("write", marks["compute"])
print(json.dumps({
    "import": t_imported - t0,
    "read_left": t1 - t_imported,
    "read": t2 - t1,
    "validate": max(marks["compute"] - t3 - (t2 - t1), 0.0),
    "compute_render": marks["write"] - marks["compute"],
    "write": t4 - marks["write"],
    "in_process": t4 - t3,
    "rows": report.rows_read,
}))
"""


def build(size: int) -> Path:
    """The cached sample workbook with ``size`` Orders rows."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"orders_{size}.xlsm"
    if path.exists() and _stale(path):
        print(f"{path.name} predates the template: rebuilt", file=sys.stderr)
        path.unlink()
    if not path.exists():
        from routekpi.io.samplebook import write_sample_workbook

        started = time.perf_counter()
        write_sample_workbook(path, "ja", orders_rows=size)
        print(f"built {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def _stale(path: Path) -> bool:
    """True when a recalculation would build the template for ``path``: an output tab or a
    named cell style was added to the template after the cached book was built. That
    once-a-book upgrade (openpyxl's import and the template: 0.10-0.12 s of CPU at load 4-6,
    0.34 s at load 10) would then be in every timed run, since each recalculates a fresh
    copy of the cached book."""
    import zipfile

    from routekpi.io.newsheets import has_styles
    from routekpi.io.package import sheet_part_names
    from routekpi.recalc import STYLES_PART, TEMPLATE_STYLES
    from routekpi.schema import OUTPUT_SHEETS, find_sheet

    tabs = {spec.name for name in sheet_part_names(path) if (spec := find_sheet(name))}
    with zipfile.ZipFile(path) as zf:
        styles = zf.read(STYLES_PART) if STYLES_PART in zf.namelist() else b""
    return any(s.name not in tabs for s in OUTPUT_SHEETS) or not has_styles(styles, TEMPLATE_STYLES)


# CPU seconds (user + system, every thread) of the last child ``run_measured`` ran: on a
# machine shared with other jobs, wall time swings with their load and CPU time far less.
LAST_CPU = [0.0]


def run_measured(cmd: list[str]) -> tuple[float, float, str]:
    """Run a command; wall seconds, peak RSS in MiB (this child only) and its stdout.
    The child's CPU seconds are left in ``LAST_CPU``."""
    started = time.perf_counter()
    # Every timed process with one OpenBLAS thread, as the command line runs (cli.main):
    # else NumPy's import alone makes the floor slower than routekpi's own run of it.
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {err.strip()[-500:]}")
    return seconds, usage.ru_maxrss / 1024, out


def measure(size: int, runs: int) -> dict[str, object]:
    """Floor, recalc and stage figures for one size."""
    source = build(size)
    floor_t, floor_rss, floor_cpu = [], [], []
    recalc_t, recalc_rss, recalc_cpu = [], [], []
    scratch = DATA / f"scratch_{size}.xlsm"
    for _ in range(runs):
        t, rss, _ = run_measured(
            [sys.executable, "-c", FLOOR.format(sheets=INPUT_SHEETS), str(source)]
        )
        floor_t.append(t)
        floor_rss.append(rss)
        floor_cpu.append(LAST_CPU[0])
        shutil.copyfile(source, scratch)
        t, rss, _ = run_measured(
            [sys.executable, "-m", "routekpi.cli", "recalc", str(scratch), "--quiet"]
        )
        recalc_t.append(t)
        recalc_rss.append(rss)
        recalc_cpu.append(LAST_CPU[0])
    _, _, out = run_measured([sys.executable, "-c", STAGES, str(source), str(scratch)])
    stages = json.loads(out)
    scratch.unlink(missing_ok=True)
    return {
        "orders_rows": size,
        "file_mb": source.stat().st_size / 1024**2,
        "floor_s": {"min": min(floor_t), "median": statistics.median(floor_t), "runs": floor_t},
        "recalc_s": {"min": min(recalc_t), "median": statistics.median(recalc_t), "runs": recalc_t},
        "ratio_min": min(recalc_t) / min(floor_t),
        "floor_cpu_s": floor_cpu,
        "recalc_cpu_s": recalc_cpu,
        "ratio_cpu_min": min(recalc_cpu) / min(floor_cpu),
        "floor_rss_mib": max(floor_rss),
        "recalc_rss_mib": max(recalc_rss),
        "stages_s": stages,
    }


def udf_figures() -> dict[str, object] | None:
    """UDF throughput from scripts/bench_udf.py (``--json``), when that script exists."""
    script = ROOT / "scripts" / "bench_udf.py"
    if not script.exists():
        return None
    proc = subprocess.run([sys.executable, str(script), "--json"], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-300:]}
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return {"output": proc.stdout.strip()[-300:]}


def table(results: list[dict[str, object]]) -> str:
    """The markdown summary."""
    lines = [
        "| Orders rows | file MB | floor min / median s | recalc min / median s | recalc ÷ floor "
        "| floor RSS MiB | recalc RSS MiB | import / read / validate / compute+render / write s "
        "| read left after import s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        f, c, st = r["floor_s"], r["recalc_s"], r["stages_s"]
        lines.append(
            f"| {r['orders_rows']:,} | {r['file_mb']:.1f} | {f['min']:.2f} / {f['median']:.2f} "
            f"| {c['min']:.2f} / {c['median']:.2f} | {r['ratio_min']:.2f} "
            f"| {r['floor_rss_mib']:.0f} | {r['recalc_rss_mib']:.0f} "
            f"| {st['import']:.2f} / {st['read']:.2f} / {st['validate']:.2f} "
            f"/ {st['compute_render']:.2f} / {st['write']:.2f} "
            f"| {st.get('read_left', float('nan')):.2f} |"
        )
    lines.append("")
    for r in results:  # CPU time: the figure that stays put when other jobs share the cores
        lines.append(
            f"CPU at {r['orders_rows']:,} rows (user + system, min): floor "
            f"{min(r['floor_cpu_s']):.2f} s, recalc {min(r['recalc_cpu_s']):.2f} s, "
            f"÷ {r['ratio_cpu_min']:.2f}"
        )
    for a, b in itertools.pairwise(results):
        rows = b["orders_rows"] / a["orders_rows"]
        cost = b["recalc_s"]["min"] / a["recalc_s"]["min"]
        lines.append(
            f"\n{a['orders_rows']:,} → {b['orders_rows']:,} rows (×{rows:.1f}): recalc ×{cost:.1f}"
        )
    return "\n".join(lines)


# --- history from a Parquet file (routekpi.sources) -----------------------------------------
HISTORY_CHUNK = 1_000_000  # orders per generated chunk (each its own reps and accounts)

# DuckDB alone: the very aggregation routekpi runs — the shipped SQL (span, rep_months,
# lifetimes, visit_facts, visit_rhythm, order_windows, rep_days, then usage.sql), fetched and
# typed by the same functions (sqltext.facts_from_sql, with_usage) — over the same Parquet
# file, with the same DuckDB settings and plain casts: no validation, no engine. The accounts
# it needs for usage.sql are read by pandas as they are. Imports happen before the clock
# starts, in both scripts, so each figure is the work alone: wall seconds and CPU seconds
# (all threads; the fairer figure on a machine shared with other jobs).
DUCKDB_ONLY = """
import shutil, sys, tempfile, time
from datetime import date
import duckdb
import pandas as pd
from routekpi.sources.assemble import DUCKDB_MEMORY
from routekpi.sources.sqltext import duckdb_frame, facts_from_sql, with_usage
temp = tempfile.mkdtemp(prefix="bench-duckdb-")
t0, c0 = time.perf_counter(), time.process_time()
con = duckdb.connect()
con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")  # as routekpi.sources.assemble
con.execute(f"SET temp_directory = '{temp}'")
con.execute("SET preserve_insertion_order = false")
con.execute("SET enable_progress_bar = false")
con.execute(f"CREATE VIEW orders AS SELECT CAST(date AS DATE) AS date, account, rep, amount, "
            f"quantity FROM read_parquet('{sys.argv[1]}')")
con.execute("CREATE VIEW visits AS SELECT CAST(NULL AS DATE) AS date, '' AS rep, '' AS account, "
            "'' AS kind, '' AS outcome LIMIT 0")
as_of = date.fromisoformat(sys.argv[2])
facts = facts_from_sql(lambda sql: duckdb_frame(con, sql), as_of)
accounts = pd.read_parquet(sys.argv[3])
with_usage(facts, lambda sql: con.execute(sql).df(), con.register, accounts, int(sys.argv[4]))
con.close()
print(time.perf_counter() - t0, time.process_time() - c0)
shutil.rmtree(temp, ignore_errors=True)
"""

# The source stage alone, in process: validate the three files with the sheets' rules and
# aggregate (external_history + inputs: no engine, no workbook read or write in the time).
SOURCE_ONLY = """
import sys, time
from datetime import date
from pathlib import Path
import duckdb
from routekpi.io.reader import read_workbook
from routekpi.sources import SourceRef, external_history
import routekpi.sources.assemble
data = read_workbook(Path(sys.argv[1]))
refs = {k: SourceRef(k, v) for k, v in zip(("Orders", "Visits", "Accounts"), sys.argv[2:5])}
t0, c0 = time.perf_counter(), time.process_time()
ext = external_history(data, refs)
inputs = ext.inputs(date.fromisoformat(sys.argv[5]), int(sys.argv[6]))
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def build_history(rows: int) -> tuple[Path, Path, Path, Path, str]:
    """A Parquet orders history of ``rows`` rows (chunks of the sample generator, each with its
    own reps and accounts), its accounts, an empty visits file and a workbook whose Settings
    match (KGI = the chunks' KGIs summed). Cached under bench-data/."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from routekpi.io.template import build_template
    from routekpi.sample import generate_sample

    folder = DATA / f"history_{rows}"
    folder.mkdir(parents=True, exist_ok=True)
    orders, accounts = folder / "orders.parquet", folder / "accounts.parquet"
    visits, book = folder / "visits.parquet", folder / "book.xlsm"
    meta = folder / "settings.json"
    if not meta.exists():
        started = time.perf_counter()
        writer = None
        acc_parts, kgi, settings = [], 0.0, {}
        left, chunk = rows, 0
        while left > 0:
            n = min(HISTORY_CHUNK, left)
            s = generate_sample(100 + chunk, orders_rows=n)
            tag = f"{chunk:02d}"
            o = s.orders.assign(
                account=tag + "-" + s.orders["account"].astype(str),
                rep=tag + "-" + s.orders["rep"].astype(str),
            )[["date", "account", "rep", "amount", "quantity"]]
            table = pa.Table.from_pandas(o, preserve_index=False)
            writer = writer or pq.ParquetWriter(orders, table.schema)
            writer.write_table(table)
            a = s.accounts.assign(
                account=tag + "-" + s.accounts["account"].astype(str),
                rep=tag + "-" + s.accounts["rep"].astype(str),
            )
            acc_parts.append(a[["account", "name", "rep", "start", "end"]])
            kgi += float(s.settings["KGI"])
            settings = dict(s.settings)
            left -= n
            chunk += 1
            print(f"history chunk {chunk}: {rows - left:,} rows", file=sys.stderr)
        if writer is not None:
            writer.close()
        pd.concat(acc_parts).to_parquet(accounts, index=False)
        pd.DataFrame(
            {
                "date": pd.Series(dtype="datetime64[ns]"),
                "rep": pd.Series(dtype=str),
                "account": pd.Series(dtype=str),
                "kind": pd.Series(dtype=str),
                "outcome": pd.Series(dtype=str),
            }
        ).to_parquet(visits, index=False)
        settings["KGI"] = round(kgi)
        settings["AsOf"] = str(settings["AsOf"])
        book.write_bytes(build_template("ja", settings={**settings, "AsOf": None}))
        meta.write_text(json.dumps(settings), encoding="utf-8")
        print(f"built {folder.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    as_of = str(json.loads(meta.read_text(encoding="utf-8"))["AsOf"])[:10]
    return book, orders, visits, accounts, as_of


def measure_history(rows: int, runs: int) -> dict[str, object]:
    """Recalc from the Parquet history vs DuckDB's own time for the same aggregation."""
    book, orders, visits, accounts, as_of = build_history(rows)
    meta = json.loads((orders.parent / "settings.json").read_text(encoding="utf-8"))
    fiscal_start = int(meta.get("FiscalStartMonth", 4))
    files = [str(orders), str(visits), str(accounts)]
    scratch = book.with_name("scratch.xlsm")
    recalc_t, recalc_rss, duck_rss, source_rss = [], [], [], []
    duck_t, duck_cpu, source_t, source_cpu = [], [], [], []
    for _ in range(runs):
        duck = [str(orders), as_of, str(accounts), str(fiscal_start)]
        _, rss, out = run_measured([sys.executable, "-c", DUCKDB_ONLY, *duck])
        wall, cpu = map(float, out.strip().splitlines()[-1].split())
        duck_t.append(wall)
        duck_cpu.append(cpu)
        duck_rss.append(rss)
        source = [str(book), *files, as_of, str(fiscal_start)]
        _, rss, out = run_measured([sys.executable, "-c", SOURCE_ONLY, *source])
        wall, cpu = map(float, out.strip().splitlines()[-1].split())
        source_t.append(wall)
        source_cpu.append(cpu)
        source_rss.append(rss)
        shutil.copyfile(book, scratch)
        t, rss, _ = run_measured(
            [
                sys.executable,
                "-m",
                "routekpi.cli",
                "recalc",
                str(scratch),
                "--quiet",
                "--as-of",
                as_of,
                "--orders",
                files[0],
                "--visits",
                files[1],
                "--accounts",
                files[2],
            ]
        )
        recalc_t.append(t)
        recalc_rss.append(rss)
    scratch.unlink(missing_ok=True)
    return {
        "orders_rows": rows,
        "file_mb": orders.stat().st_size / 1024**2,
        "duckdb_s": {"min": min(duck_t), "runs": duck_t},
        "duckdb_cpu_s": {"min": min(duck_cpu), "runs": duck_cpu},
        "source_s": {"min": min(source_t), "runs": source_t},
        "source_cpu_s": {"min": min(source_cpu), "runs": source_cpu},
        "recalc_s": {"min": min(recalc_t), "runs": recalc_t},
        "rows_per_s": rows / min(recalc_t),
        "source_rows_per_s": rows / min(source_t),
        "source_ratio": min(source_t) / min(duck_t),
        "source_cpu_ratio": min(source_cpu) / min(duck_cpu),
        "recalc_ratio": min(recalc_t) / min(duck_t),
        "duckdb_rss_mib": max(duck_rss),
        "source_rss_mib": max(source_rss),
        "recalc_rss_mib": max(recalc_rss),
    }


def history_table(r: dict[str, object]) -> str:
    """The markdown row of the Parquet-history benchmark."""
    d, s, c = r["duckdb_s"], r["source_s"], r["recalc_s"]
    dc, sc = r["duckdb_cpu_s"], r["source_cpu_s"]
    return "\n".join(
        [
            "| Parquet orders rows | file MB | DuckDB SQL alone s (CPU s) "
            "| validate + aggregate s (÷ DuckDB) | CPU s (÷ DuckDB) "
            "| whole recalc s (÷ DuckDB) | rows/s: sources / recalc "
            "| peak RSS MiB: DuckDB / sources / recalc |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {r['orders_rows']:,} | {r['file_mb']:.0f} | {d['min']:.1f} ({dc['min']:.1f}) "
            f"| {s['min']:.1f} ({r['source_ratio']:.2f}) "
            f"| {sc['min']:.1f} ({r['source_cpu_ratio']:.2f}) "
            f"| {c['min']:.1f} ({r['recalc_ratio']:.2f}) "
            f"| {r['source_rows_per_s']:,.0f} / {r['rows_per_s']:,.0f} "
            f"| {r['duckdb_rss_mib']:.0f} / {r['source_rss_mib']:.0f} "
            f"/ {r['recalc_rss_mib']:.0f} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json-out", type=Path, default=DATA / "bench.json")
    parser.add_argument(
        "--history-rows",
        type=int,
        help="measure only a Parquet orders history of this many rows (e.g. 20000000)",
    )
    args = parser.parse_args()
    # Time what an installed package does: its modules compiled once (pip compiles them at
    # install), not recompiled by every run where PYTHONDONTWRITEBYTECODE is set (≈ 0.25 s).
    compileall.compile_dir(str(ROOT / "routekpi"), quiet=1)
    if args.history_rows:
        figures = measure_history(args.history_rows, args.runs)
        print(history_table(figures))
        out = args.json_out.with_name("bench_history.json")
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
        print(f"\nfigures: {out}")
        return 0
    results = [measure(size, args.runs) for size in args.sizes]
    udf = udf_figures()
    print(table(results))
    if udf is not None:
        print(f"\nUDF: {json.dumps(udf)}")
    args.json_out.parent.mkdir(exist_ok=True)
    args.json_out.write_text(
        json.dumps({"results": results, "udf": udf}, indent=1), encoding="utf-8"
    )
    print(f"\nfigures: {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
