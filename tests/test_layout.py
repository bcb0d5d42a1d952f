"""The house rules of the layout (docs/architecture.md), checked on the source:
layers point one way, no import cycles (imports inside functions count), provider error
codes stay in channels/, the product never imports the sandbox, and the explicit
channel tables cover every channel."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from aduan.config import ROOT
from ticketing import delivery, inbound
from ticketing.delivery import adapters

PRODUCT = ("aduan", "channels", "webhooks", "ticketing", "sla", "inbox", "public")


def _modules() -> dict[str, Path]:
    found = {}
    for root in PRODUCT:
        for path in (ROOT / root).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Returns the modules of ours that `name` imports anywhere in its file, plus every
    absolute import's top-level package (to see third-party and sandbox imports)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in modules else base)
    resolved = set()
    for target in targets:
        probe = target
        while probe and probe not in modules:
            probe = probe.rpartition(".")[0]
        resolved.add(probe or target.split(".")[0])
    return {target for target in resolved if target != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_among_the_product_modules():
    assert _cycles(_graph()) == []


def test_layers_point_one_way():
    graph = _graph()
    for name, targets in graph.items():
        ours = {t for t in targets if t.split(".")[0] in PRODUCT}
        if name.startswith("channels"):
            assert all(t.startswith("channels") for t in ours), (name, ours)
        if name.startswith("sla"):
            tickets = {t for t in ours if t.startswith("ticketing")}
            assert all(t.startswith("ticketing.models") for t in tickets), (name, tickets)
        if name.startswith("ticketing") and not name.startswith("ticketing.inbound"):
            outer = ("webhooks", "inbox", "public", "ticketing.inbound")
            assert not any(t.startswith(outer) for t in ours), (name, ours)
        if name.startswith("ticketing.delivery"):
            assert "ticketing.outbox" not in ours, name  # rules return values


def test_the_product_never_imports_the_sandbox():
    for name, targets in _graph().items():
        assert not any(t == "sandbox" or t.startswith("sandbox.") for t in targets), name


def test_no_provider_error_code_outside_channels():
    """Twilio (2xxxx, 3xxxx, 6xxxx) and Meta (13xxxx) codes are translated into
    reasons by the adapters; the rest of the product never spells one."""
    code = re.compile(r"""["'\s(=](?:2[01]\d{3}|3000\d|6[0-9]\d{3}|13[0-3]\d{3})\b""")
    for name, path in _modules().items():
        if name.startswith("channels"):
            continue
        source = path.read_text()
        assert not code.search(source), f"{path}: {code.search(source)}"


def test_every_channel_has_one_delivery_rule_and_every_route_one_reader():
    assert set(delivery.RULES) == set(adapters.BUILDERS)
    stored = set()
    writers = [*(ROOT / "webhooks").glob("*.py"), *(ROOT / "public").glob("*.py")]
    for path in writers:  # provider webhooks return a Store; the public side's reports submit()
        found = re.findall(r"""(?:Store|whole_body|submit)\(\s*["'](\w+)["']""", path.read_text())
        stored.update(found)
    stored.update({"x", "x_dm"})  # written by the X poller
    assert stored == set(inbound.ROUTES)


def test_the_production_wheel_leaves_the_sandbox_out():
    """setuptools packages only what pyproject.toml lists; the sandbox is its own
    distribution (sandbox/pyproject.toml)."""
    from setuptools import find_packages

    text = (ROOT / "pyproject.toml").read_text()
    include = re.search(r"include = \[(.*?)\]", text).group(1)
    patterns = re.findall(r'"([^"]+)"', include)
    packages = find_packages(str(ROOT), include=patterns)
    assert packages and "aduan" in packages and "ticketing.inbound" in packages
    assert not [p for p in packages if p.split(".")[0] in ("sandbox", "tests", "bench")]


def _defined(path: Path) -> set[str]:
    """Returns the names a module defines at its top: functions, classes (and their
    methods, as Class.method) and assigned constants."""
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            if isinstance(node, ast.ClassDef):
                names |= {f"{node.name}.{item.name}" for item in node.body if hasattr(item, "name")}
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {target.id for target in targets if isinstance(target, ast.Name)}
    return names


def test_every_file_and_name_the_docs_point_to_exists():
    """`webhooks/intake.py:accept` in the docs outlived the function it named: a reader
    following the docs must land on code that is there."""
    missing = []
    for doc in [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]:
        for path, name in re.findall(r"`([\w/]+\.py):([\w.]+)`", doc.read_text()):
            if not (ROOT / path).is_file() or name not in _defined(ROOT / path):
                missing.append(f"{doc.name}: {path}:{name}")
    assert not missing
