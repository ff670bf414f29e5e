"""Build the workbook template: ``python scripts/build_template.py [--lang ja|en] [--out PATH]``.

Without ``--out`` the Japanese template goes to ``workbook_template.xlsm`` at the repository
root (the committed file tests compare with a fresh build) and the English one to
``workbook_template.en.xlsm`` beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from a checkout without `pip install -e .`

from routekpi.io.template import LANGUAGES, write_template  # noqa: E402


def default_output(language: str) -> Path:
    """Where the template for ``language`` goes when no ``--out`` is given."""
    name = "workbook_template.xlsm" if language == "ja" else f"workbook_template.{language}.xlsm"
    return ROOT / name


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, write the template, print its path."""
    parser = argparse.ArgumentParser(description="Build the routekpi workbook template (.xlsm).")
    parser.add_argument("--lang", choices=LANGUAGES, default="ja", help="workbook language")
    parser.add_argument("--out", type=Path, help="output path (default: repository root)")
    args = parser.parse_args(argv)
    out: Path = args.out or default_output(args.lang)
    write_template(out, args.lang)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
