"""Read-only parts of a page drawn as ONE element of escaped HTML instead of a tree of NiceGUI elements (P11).

Each NiceGUI element costs the server about 3 KiB for as long as the page is open (its props, classes and
style, each watched for changes); a block of text that never changes needs none of that. The markup uses the
very classes the elements rendered (labels' `nicegui-label`, Quasar's chip and icon classes), so it looks,
reads (roles, levels, bidi isolation) and is tested (`data-testid`, and `user.should_see`, which reads an HTML
element's content) as before. Every text and attribute value is escaped here: what people typed is never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from nicegui import ui

LABEL = 'nicegui-label'  # the class a ui.label carries (the app's CSS isolates its text: issue 14)
CHIP = 'q-chip row inline no-wrap items-center q-chip--colored q-chip--dense font-medium m-0'


def tag(name: str, content: str = '', *, classes: str = '', **attributes: str | None) -> str:
    """`<name class=… attributes…>content</name>`; `content` is markup (escape texts with `text`)."""
    pairs = [('class', classes), *((key.rstrip('_').replace('_', '-'), value) for key, value in attributes.items())]
    shown = ''.join(f' {key}="{escape(value)}"' for key, value in pairs if value)
    return f'<{name}{shown}>{content}</{name}>'


def text(value: str, *, classes: str = '', **attributes: str | None) -> str:
    """A label's markup: the text escaped, in a div with a label's class."""
    return tag('div', escape(value), classes=f'{LABEL} {classes}'.strip(), **attributes)


def icon(path: str, classes: str, size: str = '1.5rem') -> str:
    """An icon as Quasar draws one from an SVG path (ui/icons.py), hidden from screen readers."""
    shape = f'<svg viewBox="0 0 24 24" focusable="false" aria-hidden="true"><path d="{escape(path)}"></path></svg>'
    style = f'font-size: {size}' if size else None
    return tag('i', shape, classes=f'q-icon {classes}', style=style, aria_hidden='true')


def chip(word: str, classes: str, path: str | None = None, **attributes: str | None) -> str:
    """A dense Quasar chip: an optional icon, then the word."""
    shape = icon(path, 'q-chip__icon q-chip__icon--left', '') if path else ''
    content = tag('div', escape(word), classes='q-chip__content col row no-wrap items-center q-anchor--skip')
    return tag('div', shape + content, classes=f'{CHIP} {classes}', **attributes)


def block(parts: Iterable[str], classes: str = '') -> ui.html:
    """One element holding these parts. Sanitizing in the browser is off: every value was escaped here."""
    return ui.html(''.join(parts), sanitize=False).classes(classes)
