"""Writes ui/icons.py: the shape of every icon the app shows, as one SVG path each, from one package (P1); and
ui/static/quasar_icons.js: the same for the icons Quasar's and NiceGUI's components ask for by Material name.

The shapes are Google's Material Icons (Apache License 2.0) as the `@quasar/extras` npm package publishes them
in SVG form (MIT; pinned in package.json). Quasar writes a shape as sub-paths joined by `&&`, each optionally
followed by `@@style`; a sub-path styled `fill:none` (the 24×24 bounding box) draws nothing and is left out.
The rest is joined into one path, which Quasar's QIcon (`ui.icon(icons.INBOX)`, `ui.button(icon=icons.ADD)`)
and our components (session_tiles.js, session_card.js) draw; the rare shape with styled sub-paths (HOW_TO_REG)
keeps Quasar's form, which they draw as Quasar does.

Quasar draws a Material name (QSelect's arrow, QTable's sort arrow, QDate's chevrons, QUploader's buttons, a
chip's remove, NiceGUI's password toggle …) with the 128 kB Material Icons font, shown blank until it loads. The
script maps each name of QUASAR_NAMES to its path through Quasar's icon mapping function (`iconMapFn` of its icon
set), set before Quasar starts; `install` serves it to every page.

    .venv/bin/python -m ui.icon_shapes       (or `make icons`) after adding a name to NAMES
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

from nicegui import Client, app, ui

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / 'node_modules' / '@quasar' / 'extras'
SOURCE = PACKAGE / 'exports' / 'material-icons' / 'index.js'
TARGET = Path(__file__).parent / 'icons.py'
SCRIPT = Path(__file__).parent / 'static' / 'quasar_icons.js'
SCRIPT_URL = '/static/quasar_icons.js'
# Every icon the app uses, by its Material name; a constant in ui/icons.py each (e.g. INBOX).
NAMES = (
    'add', 'add_photo_alternate', 'apartment', 'arrow_drop_down', 'autorenew', 'block', 'brightness_auto', 'check',
    'chevron_left', 'chevron_right', 'close', 'co_present', 'content_copy', 'dark_mode', 'delete', 'download',
    'drafts', 'edit', 'event', 'event_available', 'event_busy', 'event_note', 'event_seat', 'groups', 'how_to_reg',
    'image', 'inbox', 'key', 'light_mode', 'lock_clock', 'login', 'mail', 'mark_email_unread', 'menu', 'person',
    'person_add', 'person_remove', 'pin',
    'play_arrow', 'schedule', 'search_off', 'sensors', 'stop', 'task_alt', 'travel_explore',
    'upload_file', 'videocam', 'visibility',
)  # fmt: skip
# Every Material name Quasar's components ask for by themselves (its default icon set, `material-icons`, as
# NiceGUI bundles it: tests/integration/test_icon_shapes.py compares) and NiceGUI's password toggle's two.
QUASAR_NAMES = (
    'access_time', 'add', 'add_box', 'arrow_back', 'arrow_downward', 'arrow_drop_down', 'arrow_forward',
    'arrow_upward', 'cancel', 'check', 'check_circle', 'chevron_left', 'chevron_right', 'clear', 'clear_all',
    'close', 'cloud_upload', 'code', 'done', 'done_all', 'edit', 'error', 'first_page', 'font_download',
    'format_align_center', 'format_align_justify', 'format_align_left', 'format_align_right', 'format_bold',
    'format_clear', 'format_indent_decrease', 'format_indent_increase', 'format_italic', 'format_list_bulleted',
    'format_list_numbered', 'format_quote', 'format_size', 'format_underlined', 'fullscreen', 'grade', 'gradient',
    'info', 'keyboard_arrow_down', 'keyboard_arrow_left', 'keyboard_arrow_right', 'keyboard_arrow_up', 'last_page',
    'lens', 'link', 'play_arrow', 'print', 'priority_high', 'redo', 'refresh', 'remove', 'strikethrough_s', 'style',
    'text_format', 'today', 'tune', 'undo', 'vertical_align_bottom', 'vertical_align_top', 'warning',
    'visibility', 'visibility_off',
)  # fmt: skip
_EXPORT = re.compile(r"^export const (mat\w+) = '([^']*)'$", re.MULTILINE)
_BOX = 'fill:none'
_COMMAND_AND_NUMBER = re.compile(r'[A-Za-z]-?\d{1,2}[ ,]$')
WIDTH = 110  # then `ruff format` lays the file out as the house does


def _export_name(name: str) -> str:
    return 'mat' + ''.join(part[:1].upper() + part[1:] for part in name.split('_'))


def one_path(shape: str) -> str:
    """Quasar's `path@@style&&path…` without the invisible bounding box: one SVG path when no sub-path has a
    style of its own, else Quasar's form (which QIcon draws; session_tiles.js draws only plain paths)."""
    parts = [part.partition('@@') for part in shape.split('&&')]
    drawn = [(path.strip(), style) for path, _, style in parts if _BOX not in style.split(';')]
    if any(style for _, style in drawn):
        return '&&'.join(f'{path}@@{style}' if style else path for path, style in drawn)
    return ' '.join(path for path, _ in drawn)


def _cut(path: str, limit: int) -> int:
    """Where to break a long path: after a space or comma, never right after a command and its first number
    (a capital, a digit and a quote read like a requirement ID to tests/unit/test_requirement_ids.py)."""
    for end in range(limit, 0, -1):
        if path[end - 1] in ' ,' and not _COMMAND_AND_NUMBER.search(path[:end]):
            return end
    return limit


def _constant(name: str, path: str) -> str:
    line = f"{name.upper()} = '{path}'"
    if len(line) <= WIDTH:
        return line
    chunks, rest = [], path
    while rest:
        cut = len(rest) if len(rest) <= WIDTH - 8 else _cut(rest, WIDTH - 8)
        chunks.append(rest[:cut])
        rest = rest[cut:]
    body = '\n'.join(f"    '{chunk}'" for chunk in chunks)
    return f'{name.upper()} = (\n{body}\n)'


def _shapes(source: str, version: str, names: tuple[str, ...]) -> dict[str, str]:
    exported = dict(_EXPORT.findall(source))
    missing = [name for name in names if _export_name(name) not in exported]
    if missing:
        raise ValueError(f'not in @quasar/extras {version}: {", ".join(missing)}')
    return {name: one_path(exported[_export_name(name)]) for name in names}


def module_text(source: str, version: str) -> str:
    constants = '\n'.join(_constant(name, path) for name, path in _shapes(source, version, NAMES).items())
    return (
        f'"""The icons of every page, drawn as SVG paths: no icon font to load (P1). Generated by ui/icon_shapes.py\n'
        f'from @quasar/extras {version} (Material Icons, Apache License 2.0): do not edit; add a name there and run\n'
        f'`make icons`."""\n\n'
        f'from __future__ import annotations\n\n{constants}\n'
    )


def script_text(source: str, version: str) -> str:
    shapes = json.dumps(_shapes(source, version, QUASAR_NAMES), indent=2)
    return (
        f'// Generated by ui/icon_shapes.py from @quasar/extras {version} (Material Icons, Apache License 2.0):\n'
        f'// do not edit. The Material names Quasar and NiceGUI ask for, drawn as SVG paths: no icon font to load.\n'
        f'const shapes = {shapes};\n'
        f'Quasar.iconSet.iconMapFn = (name) => (Object.hasOwn(shapes, name) ? {{ icon: shapes[name] }} : undefined);\n'
    )


def package_version() -> str:
    found = re.search(r'"version":\s*"([^"]+)"', (PACKAGE / 'package.json').read_text())
    assert found is not None
    return found.group(1)


def write(target: Path, script: Path) -> None:
    source, version = SOURCE.read_text(), package_version()
    target.write_text(module_text(source, version))
    subprocess.run([sys.executable, '-m', 'ruff', 'format', '--quiet', str(target)], check=True, timeout=60)  # noqa: S603
    script.write_text(script_text(source, version))


def install() -> None:
    """Serve the script (to anyone: the sign-in page has a password toggle) and run it on every page before
    Quasar starts: a module script in the body runs after Quasar's deferred script and before NiceGUI's app.
    By an address that changes with its content, so that browsers may keep it for a year."""
    digest = hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:12]
    app.add_static_file(local_file=SCRIPT, url_path=SCRIPT_URL, max_cache_age=365 * 24 * 3600)
    tag = f'<script type="module" src="{SCRIPT_URL}?v={digest}"></script>'
    if tag not in Client.shared_body_html:  # tests build the app again and again in one process
        ui.add_body_html(tag, shared=True)


if __name__ == '__main__':
    write(TARGET, SCRIPT)
