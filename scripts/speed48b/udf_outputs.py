"""Every UDF answer of the demo book (ja and en) and its model's fingerprint, hashed: an
old/new comparison of the live read (``excel/xwio``) and the model.

    cd /tmp && PYTHONPATH=/path/to/tree python udf_outputs.py > answers.txt

Prints the fingerprint per language, then a digest of every ``KPI_*`` answer (each KPI ×
rep × period × three KGIs, ``KPI_FLAGS`` per rep) and their count.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from routekpi.excel import disk_cache, udfs, xwio
from routekpi.excel.model_cache import CACHE, fingerprint
from routekpi.io.samplebook import write_sample_workbook
from tests.fake_xlwings import FakeBook


def main() -> None:
    os.environ[disk_cache.ENV] = disk_cache.OFF
    for language in ("ja", "en"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sample.xlsm"
            write_sample_workbook(path, language)
            book = FakeBook.from_file(path)
        print(language, "fingerprint", fingerprint(xwio.read_book(book)))
        udfs.caller_book = lambda book=book: book
        CACHE.clear()
        out = [repr(udfs.KPI_TARGET("revenue"))]
        model = CACHE.get(book.fullname)
        assert model is not None and model.result is not None
        kgi = float(model.workbook_kgi)  # type: ignore[arg-type]
        reps = [*map(str, model.result.evidence.reps), "ALL"]
        periods = [None, *sorted(model.periods)]
        kpis = sorted({str(k) for k in model.result.targets["kpi"]})
        for kpi in kpis:
            for rep in reps:
                for period in periods:
                    for k in (None, kgi * 0.9, kgi * 1.1):
                        out.append(repr(udfs.KPI_TARGET(kpi, rep, period, k)))
                        out.append(repr(udfs.KPI_BASELINE(kpi, rep, period, k)))
                        out.append(repr(udfs.KPI_CEILING(kpi, rep, period, k)))
                    out.append(repr(udfs.KPI_ACTUAL(kpi, rep, period)))
                    out.append(repr(udfs.KPI_ATTAINMENT(kpi, rep, period)))
        out.extend(repr(udfs.KPI_FLAGS(rep)) for rep in reps)
        digest = hashlib.sha1("\n".join(out).encode()).hexdigest()[:16]
        print(language, "answers", len(out), digest)


if __name__ == "__main__":
    main()
