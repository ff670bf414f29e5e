"""Where a warm in-process recalculation's main thread spends its time, by routekpi file and
function (speed54): a sampler thread reads the main thread's stack every ``--every`` ms and
charges each sample to the innermost routekpi frame (so pandas' and NumPy's time goes to
the routekpi line that asked for it), and to its file.

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python scripts/speed54/sample_owner.py BOOK [--top 40]

Samples are of wall time, on a shared machine: read the shares, not the milliseconds (scale
them by the run's thread CPU, printed too).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from routekpi.recalc import recalculate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--every", type=float, default=1.0)
    args = parser.parse_args()
    src = Path(tempfile.mkdtemp()) / ("in" + args.book.suffix)
    shutil.copy(args.book, src)
    recalculate(src, today=dt.date(2026, 12, 1))
    shutil.copy(args.book, src)
    main_id = threading.get_ident()
    by_fn: collections.Counter[str] = collections.Counter()
    by_file: collections.Counter[str] = collections.Counter()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            frame = sys._current_frames().get(main_id)
            while frame is not None:
                name = frame.f_code.co_filename
                if "/routekpi/" in name and "site-packages" not in name:
                    short = name.split("/routekpi/", 1)[1]
                    by_fn[f"{short}:{frame.f_code.co_name}"] += 1
                    by_file[short] += 1
                    break
                frame = frame.f_back
            else:
                by_fn["(outside routekpi)"] += 1
            time.sleep(args.every / 1000)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.thread_time()
    sampler.start()
    recalculate(src, today=dt.date(2026, 12, 1))
    done.set()
    sampler.join()
    cpu = time.thread_time() - started
    total = sum(by_fn.values()) or 1
    print(f"main thread CPU {cpu * 1000:.0f} ms, {total} samples")
    print("-- by file")
    for name, n in by_file.most_common(args.top):
        print(f"{100 * n / total:5.1f}%  {cpu * 1000 * n / total:7.1f} ms  {name}")
    print("-- by function (innermost routekpi frame)")
    for name, n in by_fn.most_common(args.top):
        print(f"{100 * n / total:5.1f}%  {cpu * 1000 * n / total:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
