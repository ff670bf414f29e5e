"""Profile the cold first ``KPI_TARGET`` call on the demo workbook (cProfile, tottime/cumtime).

    python scripts/speed47b/prof_udf.py [--sort tottime] [--top 40] [--repeat N]

``--repeat N`` times N cold calls (the model cache cleared between them, disk cache off) and
prints the CPU time of each, no profile — compare two trees by alternating runs.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH picks the tree (old/new comparisons)
    sys.path.insert(0, str(ROOT))

from routekpi.excel import disk_cache, udfs  # noqa: E402
from routekpi.excel.model_cache import CACHE  # noqa: E402
from routekpi.io.samplebook import write_sample_workbook  # noqa: E402
from tests.fake_xlwings import FakeBook  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--repeat", type=int, default=0)
    args = parser.parse_args()
    models = tempfile.TemporaryDirectory()
    os.environ[disk_cache.ENV] = models.name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.xlsm"
        write_sample_workbook(path, "ja")
        book = FakeBook.from_file(path)
    udfs.caller_book = lambda: book
    disk_cache.load = lambda *a, **k: None  # type: ignore[assignment]
    disk_cache.save = lambda *a, **k: None  # type: ignore[assignment]
    if args.repeat:
        times = []
        for _ in range(args.repeat):
            CACHE.clear()
            cpu = time.thread_time()
            udfs.KPI_TARGET("revenue")
            times.append(time.thread_time() - cpu)
        print(" ".join(f"{t * 1000:.1f}" for t in times), f"min {min(times) * 1000:.1f} ms")
        return
    CACHE.clear()
    prof = cProfile.Profile()
    prof.enable()
    udfs.KPI_TARGET("revenue")
    prof.disable()
    pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
