"""The one-way import rule (docs/ARCHITECTURE.md, "Layers"): a module imports its own app
and the layers below it, never a layer above, so a change at the top cannot break what
sits under it. Read from the source with ast, so imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import whatsafter

PACKAGE = Path(whatsafter.__file__).parent

# Top first. Apps in one tuple form one layer and import none of each other, except that
# the lower of two layers listed for the domain apps (aftercredits) sits under the rest.
LAYERS: list[tuple[str, ...]] = [
    ("settings", "urls", "cli", "wsgi", "asgi"),
    ("web", "api"),
    ("ingest", "subtitles"),
    ("ratings", "watch", "quizzes", "search"),
    ("aftercredits",),
    ("catalog",),
    # plain helpers
    ("normalise", "utils", "countries", "progress", "faults", "secret_key", "pytest_env"),
]
# Apps on one layer that may import each other: the pages and the API share payloads.
PEERS = {frozenset({"web", "api"})}


def _rank(part: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if part in layer:
            return rank
    raise AssertionError(f"whatsafter.{part} is on no layer: add it to LAYERS")


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, module) for every whatsafter import in the file, relative ones resolved."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base == "whatsafter":  # from whatsafter import faults
                found += [(node.lineno, f"whatsafter.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return [(line, name) for line, name in found if name.startswith("whatsafter.")]


def _app(module: str) -> str:
    return module.split(".")[1]


def layer_violations(root: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        if "migrations" in path.parts or module == "whatsafter":
            continue  # migrations name other apps' models by design
        source = _app(module)
        for line, target in _imports(path, root):
            imported = _app(target)
            if imported == source or frozenset({source, imported}) in PEERS:
                continue
            if _rank(imported) <= _rank(source):
                where = path.relative_to(root.parent)
                problems.append(f"{where}:{line} whatsafter.{source} imports {target}")
    return problems


def test_every_import_points_down_a_layer() -> None:
    assert layer_violations() == []


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    """The check itself can fail: a catalog module importing the web app is reported."""
    fake = tmp_path / "whatsafter"
    (fake / "catalog").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "catalog" / "__init__.py").write_text("")
    (fake / "catalog" / "pages.py").write_text(
        "def page():\n    from ..web import selectors\n    return selectors\n"
    )
    (fake / "catalog" / "lists.py").write_text("from whatsafter import search\n")
    assert layer_violations(fake) == [
        "whatsafter/catalog/lists.py:1 whatsafter.catalog imports whatsafter.search",
        "whatsafter/catalog/pages.py:2 whatsafter.catalog imports whatsafter.web",
    ]
