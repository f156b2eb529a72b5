"""P1: the stylesheet the app serves holds every Tailwind class its pages can use (ui/tailwind.py)."""

from __future__ import annotations

from pathlib import Path

from ui.tailwind import STYLESHEET, compile_css


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
