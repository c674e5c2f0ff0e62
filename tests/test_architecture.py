"""The shape of the code, enforced: layers that import only downward, no import
cycles (imports inside functions count), a core that knows nothing of the
terminal, renderers that decide nothing, and core modules of a readable size.

Layers, lowest first; a module belongs to the layer of its longest listed
prefix, and may import modules of its own layer or below, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "claimcheck"

LAYERS: dict[str, int] = {
    # 0 foundation: the diagnostic value, character classes, did-you-mean
    "claimcheck": 0,
    "claimcheck.diagnostics": 0,
    "claimcheck.text": 0,
    "claimcheck.suggest": 0,
    # 1 domain: figures, the record format and the shape checks of one record, the model
    "claimcheck.figures": 1,
    "claimcheck.schema": 1,
    "claimcheck.ids": 1,
    "claimcheck.model": 1,
    "claimcheck.rules.records": 1,  # run by the loader's worker processes too
    # 2 reading files into the model
    "claimcheck.load": 2,
    # 3 analysis
    "claimcheck.xref": 3,
    "claimcheck.bias": 3,
    # 4 the checks between records
    "claimcheck.rules": 4,
    # 5 opening a base (read, build, check)
    "claimcheck.base": 5,
    "claimcheck.cache": 5,
    # 6 services on an open base: queries, output shapes, writing, formats, new commands' cores
    "claimcheck.query": 6,
    "claimcheck.records": 6,
    "claimcheck.write": 6,
    "claimcheck.interop": 6,
    "claimcheck.extract": 6,
    "claimcheck.diff": 6,
    "claimcheck.report": 6,
    # 7 presentation: results in, text out
    "claimcheck.render": 7,
    # 8 the command line, and the generator of the manual's reference parts
    "claimcheck.cli": 8,
    "claimcheck._entry": 8,
    "claimcheck.__main__": 8,
    "claimcheck.docsgen": 8,
}
CORE_TOP = 6
#: Renderers may import classes and UPPER_CASE constants from the core, and these functions.
RENDER_MAY_CALL = {"format_interval", "format_number", "highlights", "iso", "safe", "safe_block", "dumps",
                   "escape_json", "write_json_records", "rating_text"}
RENDER_MAY_IMPORT = {"claimcheck", "claimcheck.text", "claimcheck.figures", "claimcheck.model",
                     "claimcheck.diagnostics", "claimcheck.records", "claimcheck.xref", "claimcheck.bias",
                     "claimcheck.rules.run", "claimcheck.render", "claimcheck.diff", "claimcheck.report"}
#: A core module longer than this is doing more than one thing.
MAX_CORE_LINES = 620


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(mod: str) -> int:
    best = None
    for prefix, n in LAYERS.items():
        if (mod == prefix or mod.startswith(prefix + ".")) and (best is None or len(prefix) > len(best)):
            best = prefix
    assert best is not None, f"{mod} is in no layer: add it to LAYERS"
    return LAYERS[best]


def _resolve(mod: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    parts = mod.split(".")
    base = parts if is_pkg else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(mod: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import of
    ``mod``, those inside functions and under TYPE_CHECKING included."""
    path = MODULES[mod]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((a.name, None, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(mod, is_pkg, node)
            for a in node.names:
                sub = f"{target}.{a.name}"
                if sub in MODULES:
                    out.append((sub, None, node.lineno))
                else:
                    out.append((target, a.name, node.lineno))
    return out


def internal_edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for mod in MODULES:
        for target, _, _ in imports(mod):
            if target in MODULES and target != mod:
                graph[mod].add(target)
    return graph


def test_every_module_is_in_a_layer():
    for mod in MODULES:
        layer(mod)


def test_no_import_points_up():
    wrong = []
    for mod in MODULES:
        for target, _, line in imports(mod):
            if target in MODULES and layer(target) > layer(mod):
                wrong.append(f"{mod}:{line} imports {target} (layer {layer(mod)} -> {layer(target)})")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert _cycles(internal_edges()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_core_knows_nothing_of_the_terminal():
    wrong = []
    for mod in MODULES:
        if layer(mod) > CORE_TOP:
            continue
        for target, _, line in imports(mod):
            if target.split(".")[0] in ("typer", "rich", "click"):
                wrong.append(f"{mod}:{line} imports {target}")
    assert wrong == []


def test_renderers_decide_nothing():
    """A renderer imports types, constants and formatting helpers from the
    core, never an analysis function, and never walks the base's claims."""
    wrong = []
    for mod in MODULES:
        if not mod.startswith("claimcheck.render"):
            continue
        for target, name, line in imports(mod):
            if not target.startswith("claimcheck"):
                continue
            allowed = any(target == p or target.startswith(p + ".") for p in RENDER_MAY_IMPORT)
            if not allowed:
                wrong.append(f"{mod}:{line} imports {target}")
            elif (name and not target.startswith("claimcheck.render") and not name.startswith("__")
                  and not (name[0].isupper() or name in RENDER_MAY_CALL)):
                wrong.append(f"{mod}:{line} imports the function {target}.{name}")
        tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr in ("claims", "claim_records", "by_topic")
                    and isinstance(node.value, ast.Name) and node.value.id == "base"):
                wrong.append(f"{mod}:{node.lineno} reads base.{node.attr}")
    assert wrong == []


@pytest.mark.parametrize("mod", [m for m in MODULES if layer(m) <= CORE_TOP])
def test_core_modules_stay_readable(mod):
    lines = MODULES[mod].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_CORE_LINES, f"{mod} has {lines} lines: split it by concern"
