"""No module imports from a layer above its own.

The layer table below is the one declaration of routekpi's architecture (docs/development.md
describes it). Every ``import`` in every module is read with ``ast`` — also the ones inside
functions and under ``TYPE_CHECKING`` — so a late import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "routekpi"

# Bottom to top. A module may import from its own layer and any layer before it, never from
# a later one. Names are routekpi's top-level modules and packages.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("contract", "collector"),  # shared types and helpers; the gc freeze; import nothing above
    ("core", "sample"),  # the pure engine; the seeded sample-history generator
    ("schema", "messages"),  # sheets and columns as declared; every user-facing sentence
    ("validation",),  # raw cells → clean tables + Checks
    ("io", "sources"),  # files: reading, writing, the template
    ("render", "render_daily", "render_dashboard", "render_handover", "wrapping"),  # result → rows
    ("pipeline", "aside"),  # read → validate → compute → render, the one path every door runs;
    # a big run's Daily-independent parts in a forked child
    ("recalc", "report", "backtest_job", "repair_job", "daily_job"),  # the file jobs
    # adapters: command line, button, shared copies; the UDFs' values from a file
    ("cli", "excel", "share", "formula_job"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    """``routekpi/io/reader.py`` → ``routekpi.io.reader``; ``io/__init__.py`` → ``routekpi.io``."""
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int | None:
    """The rank of a ``routekpi.…`` module; None for ``routekpi`` itself (version only)."""
    parts = module.split(".")
    if parts[0] != "routekpi" or len(parts) == 1:
        return None
    if parts[1] not in RANK:
        raise AssertionError(f"{module}: not in the layer table of tests/test_layers.py")
    return RANK[parts[1]]


def imported(tree: ast.AST, package: str) -> list[tuple[str, int]]:
    """Every routekpi module ``tree`` imports, with its line; ``package``: where it lives
    (for relative imports)."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if base == "routekpi":  # from routekpi import schema, __version__
                found += [
                    (f"routekpi.{a.name}", node.lineno) for a in node.names if is_part(a.name)
                ]
            else:
                found.append((base, node.lineno))
    return [(name, line) for name, line in found if name.split(".")[0] == "routekpi"]


def is_part(name: str) -> bool:
    """True when ``routekpi.<name>`` is a module or package (not a name in ``__init__``)."""
    return (ROOT / f"{name}.py").is_file() or (ROOT / name / "__init__.py").is_file()


def upward_imports(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """One line per import in ``source`` (the text of ``module``) that goes up a layer."""
    own = layer(module)
    problems = []
    package = module if is_package else module.rsplit(".", 1)[0]
    for target, line in imported(ast.parse(source), package):
        rank = layer(target)
        if own is not None and rank is not None and rank > own:
            problems.append(
                f"{module}:{line} imports {target} "
                f"(layer {LAYERS[rank][0]!r} is above {LAYERS[own][0]!r})"
            )
    return problems


MODULES = sorted(ROOT.rglob("*.py"))


def test_every_module_is_in_a_layer() -> None:
    for path in MODULES:
        layer(module_name(path))  # raises for a top-level name missing from the table


def test_no_import_goes_up_a_layer() -> None:
    problems = [
        problem
        for path in MODULES
        for problem in upward_imports(
            path.read_text(encoding="utf-8"), module_name(path), is_package=path.stem == "__init__"
        )
    ]
    assert problems == []


def test_contract_imports_only_the_standard_library() -> None:
    tree = ast.parse((ROOT / "contract.py").read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    tops = {name.split(".")[0] for name in names}
    assert tops <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("routekpi.core.engine", "from routekpi.io.reader import read_workbook\n"),
        ("routekpi.core.engine", "def f():\n    import routekpi.validation.tables\n"),
        ("routekpi.validation.tables", "from routekpi.io import sheetxml\n"),
        ("routekpi.validation.tables", "from routekpi import recalc\n"),
        ("routekpi.io.template", "from ..render_dashboard import status_formula\n"),
        ("routekpi.contract", "from routekpi.core.catalog import KPIS\n"),
    ],
)
def test_an_upward_import_is_caught(module: str, source: str) -> None:
    assert len(upward_imports(source, module)) == 1


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("routekpi.core.catalog", "from routekpi.contract import fold\n"),
        ("routekpi.io.reader", "from routekpi.validation.tables import read_table\n"),
        ("routekpi.recalc", "from routekpi import schema\nfrom routekpi.io import reader\n"),
        ("routekpi.io.repair", "from .reader import check_container\n"),
    ],
)
def test_a_downward_or_sideways_import_is_allowed(module: str, source: str) -> None:
    assert upward_imports(source, module) == []
