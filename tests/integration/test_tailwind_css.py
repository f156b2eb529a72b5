"""P1: the stylesheet the app serves holds every Tailwind class its pages can use (ui/tailwind.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nicegui

from ui.app import TOUCH_AND_MOTION_CSS
from ui.components.app_header import HEADER_CSS
from ui.components.datetime_field import PICKER_CSS
from ui.components.session_form_parts import FORM_CSS
from ui.tailwind import ROOT, STYLESHEET, compile_css


def test_the_committed_stylesheet_is_what_make_css_compiles_from_the_sources_now(tmp_path: Path) -> None:
    """Fails after a new class name in ui/ until `make css` ran: a page would show it unstyled."""
    compiled = tmp_path / 'tailwind.css'
    compile_css(compiled)
    assert compiled.read_bytes() == STYLESHEET.read_bytes(), 'ui/static/tailwind.css is stale: run `make css`'


def test_the_stylesheet_styles_the_classes_the_pages_use() -> None:
    """A few classes of Home and of the header, as NiceGUI's runtime would have generated them."""
    css = STYLESHEET.read_text()
    for rule in ('.max-w-5xl{', '.sm\\:grid-cols-2{', '.bg-slate-50{', '.border-b-2{', '.lg\\:grid-cols-3{'):
        assert rule in css, rule


def _class_names_in_ui() -> dict[str, str]:
    """Every class name a `.classes(…)` call in ui/ can give an element (its string literals, and the module's
    string constants it names), each with where it is first used."""
    used: dict[str, str] = {}
    for path in sorted((ROOT / 'ui').rglob('*.py')):
        tree = ast.parse(path.read_text())
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'classes'
            ):
                continue
            for part in (part for arg in [*node.args, *(k.value for k in node.keywords)] for part in ast.walk(arg)):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    text = part.value
                elif isinstance(part, ast.Name):
                    text = constants.get(part.id, '')
                else:
                    continue
                for name in text.split():
                    used.setdefault(name, f'{path.relative_to(ROOT)}:{node.lineno}')
    return used


def _class_names_styled() -> set[str]:
    """Every class a stylesheet of the page names: ours compiled, NiceGUI's and Quasar's, and the app's own CSS."""
    static = Path(nicegui.__file__).parent / 'static'
    sheets = [
        STYLESHEET.read_text(),
        *(sheet.read_text() for sheet in static.glob('*.css')),
        TOUCH_AND_MOTION_CSS,
        FORM_CSS,
        HEADER_CSS,
        PICKER_CSS,
    ]
    return {
        re.sub(r'\\(.)', r'\1', found.group(1))
        for sheet in sheets
        for found in re.finditer(r'\.((?:\\.|[\w-])+)', sheet)
    }


def test_e1_every_class_a_page_uses_is_in_a_stylesheet() -> None:
    """Issue 23 item 11: a class no stylesheet has does nothing (the inbox's "new notice" edge was drawn black
    because `border-primary` is neither Tailwind's nor Quasar's)."""
    styled = _class_names_styled()
    missing = {name: where for name, where in _class_names_in_ui().items() if name not in styled}
    assert not missing, f'classes no stylesheet styles (a typo, or `make css` not run): {missing}'
