"""No product module imports one that imports it back, directly or through others: every module of
`lambda/cramp_helper` sits above the ones it uses (handlers above flows, flows above the turn, the turn
above content and the record). Imports for type checking and `lazy.on_first_use` count too; a module that
needs something of a caller's type says so with a `Protocol` (`screens.Turn`). Capabilities make offers by
registering them (`handlers/offers.register`), so the offer registry imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "lambda" / "cramp_helper"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported_by(name: str) -> set[str]:
    """The product modules `name` imports anywhere in its source."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or "" if node.level == 0 else package.rsplit(".", node.level - 1)[0]
            if node.level and node.module:
                base = f"{base}.{node.module}"
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "on_first_use":
            found |= {f"cramp_helper.{arg.value}" for arg in node.args if isinstance(arg, ast.Constant)}
    return {module for module in found if module in MODULES and module != name}


def test_the_product_modules_import_only_downward():
    graph = {name: imported_by(name) for name in MODULES}
    placed: list[str] = []
    while len(placed) < len(graph):
        ready = sorted(name for name, uses in graph.items() if name not in placed and uses <= set(placed))
        stuck = {name: sorted(uses - set(placed)) for name, uses in graph.items() if name not in placed}
        assert ready, f"modules that import each other (each with what it waits for): {stuck}"
        placed += ready
    assert {"cramp_helper.handlers.offers", "cramp_helper.turn"} <= set(graph)
    assert not graph["cramp_helper.handlers.offers"] & {
        name for name in MODULES if name.startswith("cramp_helper.handlers.") and name != "cramp_helper.handlers.base"
    }
