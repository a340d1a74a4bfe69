"""The package layout shows the pipeline: one-way layers, small files, documented subpackages."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
# A layer may import itself and the layers before it; the facade (assistant.assistant) sits between answer and desk.
LAYERS = ["core", "records", "index", "search", "answer", "assistant", "desk", "interfaces"]
SUBPACKAGES = ["core", "records", "index", "search", "answer", "desk", "interfaces", "interfaces/cli",
               "interfaces/web", "interfaces/evaluation"]


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        yield path, rel, ast.parse(path.read_text(encoding="utf-8"))


def _layer(parts: tuple[str, ...]) -> str | None:
    if not parts:
        return None
    if parts[0] == "assistant" and len(parts) > 1:
        parts = parts[1:]
    head = parts[0].removesuffix(".py")
    return head if head in LAYERS else None


def _imports(rel: Path, tree: ast.Module):
    """(absolute dotted module, is_type_checking_only) for every import in the module."""
    here = ("assistant",) + rel.with_suffix("").parts
    package = here[:-1]  # a module's package; for __init__.py, its own package
    checking = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            checking.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = base + tuple(node.module.split(".") if node.module else ())
                targets = [mod] if node.module else [mod + (a.name,) for a in node.names]
            else:
                targets = [tuple(node.module.split("."))]
            for t in targets:
                yield t, id(node) in checking
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield tuple(a.name.split(".")), id(node) in checking


def test_no_module_imports_eval_folder():
    for path, rel, tree in _modules():
        for mod, _ in _imports(rel, tree):
            assert mod[0] != "eval", f"{rel} imports {'.'.join(mod)}: the package must not depend on eval/"


def test_layers_only_import_downwards():
    for path, rel, tree in _modules():
        own = _layer(rel.parts)
        if own is None:
            continue
        for mod, type_only in _imports(rel, tree):
            if mod[0] != "assistant" or type_only:
                continue
            other = _layer(mod)
            if other is None:
                continue
            assert LAYERS.index(other) <= LAYERS.index(own), f"{rel} ({own}) imports {'.'.join(mod)} ({other})"


def test_gradio_only_in_web_and_chromadb_only_in_store():
    for path, rel, tree in _modules():
        for mod, _ in _imports(rel, tree):
            if mod[0] == "gradio" or mod[0] == "gradio_client":
                assert rel.parts[:2] == ("interfaces", "web"), f"{rel} imports gradio"
            if mod[0] == "chromadb":
                assert rel.as_posix() == "index/store.py", f"{rel} imports chromadb"


def test_files_are_small_and_top_level_is_short():
    for path, rel, _ in _modules():
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert n <= 450, f"{rel} has {n} lines (split it along its data flow)"
    entries = [p for p in PACKAGE.iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 10, sorted(p.name for p in entries)


def test_every_subpackage_says_its_job():
    for sub in SUBPACKAGES:
        init = PACKAGE / sub / "__init__.py"
        assert init.is_file(), f"{sub} has no __init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{sub}/__init__.py needs a docstring saying its job and what it may import"
