"""Tailwind's classes compiled ahead of time into one static stylesheet (P1).

NiceGUI's default, Tailwind's browser runtime, reads every page's classes in the browser and generates their
CSS on each load: about a quarter of the browser's work on Home, for the same rules every time. `make css` compiles
them once, with the version and the settings NiceGUI's runtime uses (the `tailwindcss` npm package, the
`dark` variant on Quasar's body class, NiceGUI's `headwind` overrides), from every class name that can
reach a page: ours in ui/, NiceGUI's elements and scripts, and Quasar's. The app serves the result
(`ui/static/tailwind.css`, committed) and runs with `tailwind=False`; a test keeps the file up to date.

    .venv/bin/python -m ui.tailwind          (or `make css`) after adding a class name in ui/
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import nicegui
from nicegui import Client, app, ui

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = Path(__file__).parent / 'static' / 'tailwind.css'
CLI = ROOT / 'node_modules' / '.bin' / 'tailwindcss'
URL = '/static/tailwind.css'
_NICEGUI = Path(nicegui.__file__).parent


def source_css() -> str:
    """What NiceGUI's runtime compiles (`@import "tailwindcss"` and its `dark` variant), over our sources."""
    sources = [
        ROOT / 'ui',
        _NICEGUI / 'elements',
        *(_NICEGUI / 'static' / f for f in ('nicegui.js', 'quasar.umd.prod.js')),
    ]
    headwind = (_NICEGUI / 'static' / 'headwind.css').read_text()
    return '\n'.join([
        '@import "tailwindcss" source(none);',
        *(f'@source "{path.as_posix()}";' for path in sources),
        '@custom-variant dark (&:where(body.body--dark, body.body--dark *));',
        f'@layer overrides {{\n{headwind}\n}}',
    ])  # fmt: skip


def compile_css(output: Path) -> None:
    with tempfile.TemporaryDirectory(dir=CLI.parent.parent) as folder:  # where `@import "tailwindcss"` resolves
        source = Path(folder) / 'tailwind.source.css'
        source.write_text(source_css())
        command = [str(CLI), '--input', str(source), '--output', str(output), '--minify']
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120)  # noqa: S603  our own files


def install() -> None:
    """Serve the stylesheet (to anyone: the sign-in page needs it too) and link it from every page, by an
    address that changes with its content, so that browsers may keep it for a year."""
    digest = hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()[:12]
    app.add_static_file(local_file=STYLESHEET, url_path=URL, max_cache_age=365 * 24 * 3600)
    link = f'<link rel="stylesheet" href="{URL}?v={digest}">'
    if link not in Client.shared_head_html:  # tests build the app again and again in one process
        ui.add_head_html(link, shared=True)


if __name__ == '__main__':
    compile_css(Path(sys.argv[1]) if len(sys.argv) > 1 else STYLESHEET)
