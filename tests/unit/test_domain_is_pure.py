"""Architecture: domain/ imports only the standard library, itself and the few pure libraries named here (no
nicegui, sqlmodel, PIL …)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / 'domain'
# N3: calendar files are built with icalendar, a pure library (no I/O, no framework), in domain/calendar.py.
# R5, R6: e-mail addresses are checked with email-validator, syntax only (check_deliverability=False: no DNS).
PURE_LIBRARIES = {'icalendar', 'email_validator'}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split('.')[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split('.')[0])
    return roots


def test_domain_modules_import_only_the_standard_library_and_domain() -> None:
    modules = sorted(DOMAIN.rglob('*.py'))
    assert len(modules) > 5
    allowed = set(sys.stdlib_module_names) | {'domain', '__future__'} | PURE_LIBRARIES
    offenders = {
        str(path.relative_to(DOMAIN.parent)): sorted(imported_roots(path) - allowed)
        for path in modules
        if imported_roots(path) - allowed
    }
    assert offenders == {}


def test_the_purity_check_would_catch_a_third_party_import(tmp_path: Path) -> None:
    module = tmp_path / 'bad.py'
    module.write_text('import os\nfrom nicegui import ui\nfrom sqlmodel.main import SQLModel\nfrom . import rules\n')
    assert imported_roots(module) == {'os', 'nicegui', 'sqlmodel'}
