"""Architecture: ui/ reaches the database and Pillow only through domain/ (services and ports wired in main.py)."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_domain_is_pure import imported_roots

UI = Path(__file__).resolve().parents[2] / 'ui'


def test_ui_modules_never_import_persistence() -> None:
    modules = sorted(UI.rglob('*.py'))
    assert len(modules) > 20
    offenders = sorted(str(path.relative_to(UI.parent)) for path in modules if 'persistence' in imported_roots(path))
    assert offenders == []


def test_the_layer_check_would_catch_a_persistence_import(tmp_path: Path) -> None:
    module = tmp_path / 'bad.py'
    module.write_text('from persistence.images import process_image\nimport persistence.tables\n')
    assert 'persistence' in imported_roots(module)
