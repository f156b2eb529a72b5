"""Dead code stays out: every method of a port (domain/ports.py) is called by the app, not only by tests."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTS = ROOT / 'domain' / 'ports.py'
APP = ('domain', 'persistence', 'ui', 'main.py', 'config.py')

# Port methods the app does not call yet, each with the reason. Keep this list short.
NOT_CALLED_YET: set[str] = set()


def port_members(source: str) -> dict[str, bool]:
    """Each public member of a Protocol class: True for a method (it must be called), False for an attribute or
    a property (it must be read)."""
    found: dict[str, bool] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.ClassDef) and any(getattr(b, 'id', None) == 'Protocol' for b in node.bases)):
            continue
        for member in node.body:
            if isinstance(member, ast.FunctionDef) and not member.name.startswith('_'):
                found[member.name] = not any(getattr(d, 'id', None) == 'property' for d in member.decorator_list)
            elif isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
                found[member.target.id] = False
    return found


def is_used(name: str, method: bool, sources: list[str]) -> bool:
    """Called as `something.name(` (a method) or read as `something.name` (an attribute), other than by the
    object itself (`self.`). A text search: a method named like another (`get`, `add`) counts when either is."""
    use = re.compile(rf'(?<!\bself)\.{re.escape(name)}' + (r'\(' if method else r'\b'))
    return any(use.search(source) for source in sources)


def app_sources() -> list[str]:
    files: list[Path] = []
    for part in APP:
        path = ROOT / part
        files += sorted(path.rglob('*.py')) if path.is_dir() else [path]
    return [path.read_text(encoding='utf-8') for path in files if path != PORTS]


def unused_members() -> set[str]:
    sources = app_sources()
    members = port_members(PORTS.read_text(encoding='utf-8'))
    assert len(members) > 30
    return {name for name, method in members.items() if not is_used(name, method, sources)}


def test_every_port_method_has_a_caller_in_the_app() -> None:
    assert unused_members() - NOT_CALLED_YET == set()


def test_the_allowance_names_only_port_methods_that_are_still_unused() -> None:
    assert NOT_CALLED_YET - unused_members() == set()


def test_the_guard_finds_an_uncalled_method_and_ignores_a_self_call() -> None:
    ports = (
        'class Store(Protocol):\n    size: int\n    @property\n    def shelf(self) -> int: ...\n'
        '    def put(self) -> None: ...\n    def drop(self) -> None: ...\n'
    )
    assert port_members(ports) == {'size': False, 'shelf': False, 'put': True, 'drop': True}
    app = [
        'store.put()\nprint(store.size, store.shelf, store.drop)\n',
        'class SqlStore:\n  def drop(self):\n    self.drop()\n',
    ]
    assert [name for name, method in port_members(ports).items() if not is_used(name, method, app)] == ['drop']
