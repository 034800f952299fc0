"""The layout holds its design: no import circle between papergraph's modules (imports inside
functions included), and no module that reaches into another's private names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "papergraph"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> list[tuple[str, str | None]]:
    """(module, imported name or None) for every papergraph import in the module `name`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append((full, None) if full in MODULES else (base, alias.name))
    return [(module, what) for module, what in found if module in MODULES]


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        for module, _ in _imports(name, path):
            if module != name:
                graph.add_edge(name, module)
    return graph


def test_the_module_graph_is_read_whole():
    graph = _graph()
    assert {"papergraph.cli", "papergraph.store", "papergraph.read", "papergraph.web"} <= set(graph)
    assert graph.has_edge("papergraph.cli.write", "papergraph.store")
    assert graph.number_of_edges() > len(MODULES)


def test_no_import_circle():
    graph = _graph()
    cycles = list(nx.simple_cycles(graph))
    assert cycles == [], "import circles: " + "; ".join(" -> ".join(c) for c in cycles[:5])


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_imports_another_modules_private_names():
    reaching = [
        f"{name} imports {what} from {module}"
        for name, path in MODULES.items()
        for module, what in _imports(name, path)
        if what is not None and _private(what) and module != name
    ]
    assert reaching == []


def test_private_modules_serve_their_own_package_only():
    reaching = [
        f"{name} imports {module}"
        for name, path in MODULES.items()
        for module, _ in _imports(name, path)
        if _private(module.rsplit(".", 1)[-1]) and not name.startswith(module.rsplit(".", 1)[0])
    ]
    assert reaching == []


def test_no_module_is_over_500_lines_but_the_word_tables():
    long = [
        f"{name}: {lines} lines"
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
        and name != "papergraph.extract._lexicon"
    ]
    assert long == []


def test_only_the_store_package_asks_which_kind_of_store_it_holds():
    asking = [
        name
        for name, path in MODULES.items()
        if not name.startswith("papergraph.store")
        and re.search(r"isinstance\([^)]*Remote", path.read_text(encoding="utf-8"))
    ]
    assert asking == []


def test_no_comment_cites_an_issue_or_a_file_outside_the_repository():
    citing = [
        f"{name}: {match.group()}"
        for name, path in MODULES.items()
        for match in re.finditer(
            r"\bissues? \d+|DESIGN\.md|STYLE\.md|\.\./shared", path.read_text(encoding="utf-8")
        )
    ]
    assert citing == []
