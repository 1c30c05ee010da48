"""The house rules of the code, read from the imports: data flows one way (a module imports only
from the stages before it) and no module reaches into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

from repo import REPO_DIR

PACKAGE = REPO_DIR / "govgraph"

# Stages in the order data flows through them; a module may import from its own stage and the
# stages before it.  The front ends (CLI, spaCy components, library entry points, scoring) may
# import anything.
STAGES: list[tuple[str, ...]] = [
    (
        "govgraph.text",
        "govgraph.errors",
        "govgraph.records",
        "govgraph.resources",
        "govgraph.vocab",
        "govgraph.docnum",
        "govgraph.places",
        "govgraph.namespace",
        "govgraph.atomic",
    ),
    ("govgraph.ingest",),
    ("govgraph.extract",),
    ("govgraph.resolve",),
    ("govgraph.graph", "govgraph.jsonld"),
    ("govgraph.viz",),
    ("govgraph.build", "govgraph.store"),
    ("govgraph.query",),
    ("govgraph.cli", "govgraph.components", "govgraph.pipeline", "govgraph.evaluate", "govgraph"),
]


def _stage(module: str) -> int:
    """The stage of ``module``: the one whose longest prefix names it."""
    best, best_len = -1, -1
    for n, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = n, len(prefix)
    return best


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO_DIR).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out.append((name, path))
    return out


def _is_submodule(package: str, name: str) -> bool:
    folder = REPO_DIR.joinpath(*package.split("."))
    return (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [a.name for a in node.names]
            # "from govgraph import records" imports the module govgraph.records
            submodules = [n for n in names if _is_submodule(node.module, n)]
            found.extend(
                (f"{node.module}.{n}", [], node.lineno) for n in submodules
            )
            rest = [n for n in names if n not in submodules]
            if rest:
                found.append((node.module, rest, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, [], node.lineno) for a in node.names)
    return [f for f in found if f[0] == "govgraph" or f[0].startswith("govgraph.")]


def test_every_module_has_a_stage() -> None:
    assert [name for name, _ in _modules() if _stage(name) < 0] == []


def test_data_flows_one_way() -> None:
    backwards = []
    for name, path in _modules():
        for target, names, line in _imports(path):
            if target == "govgraph" and names == ["__version__"]:
                continue  # the package's version, not a stage
            if _stage(target) > _stage(name):
                backwards.append(f"{path.relative_to(REPO_DIR)}:{line} imports {target}")
    assert backwards == []


def _unit(module: str) -> str:
    """A module's unit of privacy: its subpackage (govgraph.build.*), or the module itself."""
    return ".".join(module.split(".")[:2])


def test_no_private_names_across_modules() -> None:
    reaching = []
    for name, path in _modules():
        for target, names, line in _imports(path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and _unit(target) != _unit(name):
                reaching.append(f"{path.relative_to(REPO_DIR)}:{line} imports {target}.{private}")
    assert reaching == []


def test_every_imported_name_exists() -> None:
    """An import inside a function runs only when that function does: a name renamed in its
    module must not wait for a rare input (an escaped literal, say) to fail a build."""
    import importlib

    missing = []
    for _name, path in _modules():
        for target, names, line in _imports(path):
            module = importlib.import_module(target)
            where = f"{path.relative_to(REPO_DIR)}:{line} imports {target}"
            missing += [f"{where}.{n}" for n in names if not hasattr(module, n)]
    assert missing == []
