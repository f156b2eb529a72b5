"""Read-only parts of a page drawn as ONE element of escaped HTML instead of a tree of NiceGUI elements (P11).

Each NiceGUI element costs the server about 3 KiB for as long as the page is open (its props, classes and
style, each watched for changes); a block of text that never changes needs none of that. The markup uses the
very classes the elements rendered (labels' `nicegui-label`, Quasar's chip and icon classes), so it looks,
reads (roles, levels, bidi isolation) and is tested (`data-testid`, and `user.should_see`, which reads an HTML
element's content) as before. Every text and attribute value is escaped here: what people typed is never markup.

The element is a plain tag holding the markup (`Markup`): not NiceGUI's `ui.html` component, whose template the
browser would compile on every page load (P1: the first template of a page starts Vue's whole compiler).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from nicegui import ui

LABEL = 'nicegui-label'  # the class a ui.label carries (the app's CSS isolates its text: issue 14)


def tag(name: str, content: str = '', *, classes: str = '', **attributes: str | None) -> str:
    """`<name class=… attributes…>content</name>`; `content` is markup (escape texts with `text`)."""
    pairs = [('class', classes), *((key.rstrip('_').replace('_', '-'), value) for key, value in attributes.items())]
    shown = ''.join(f' {key}="{escape(value)}"' for key, value in pairs if value)
    return f'<{name}{shown}>{content}</{name}>'


def text(value: str, *, classes: str = '', **attributes: str | None) -> str:
    """A label's markup: the text escaped (quotes need none outside attributes), in a div with a label's class."""
    return tag('div', escape(value, quote=False), classes=f'{LABEL} {classes}'.strip(), **attributes)


class Markup(ui.html):
    """`ui.html` (so `user.should_see` reads its content), drawn as a plain element: its tag, with the markup as
    its `innerHTML`, which Vue sets on a native element as a DOM property. No sanitizing in the browser: every
    value was escaped here. As `Anchor` is to `ui.link` (ui/components/anchor.py)."""

    component = None

    def __init__(self, content: str, tag: str) -> None:
        super().__init__(content, sanitize=False)
        self.tag = tag
        del self._props['tag'], self._props['sanitize']  # html.js's props: on a plain tag they would be attributes


def block(parts: Iterable[str], classes: str = '', tag: str = 'div') -> Markup:
    """One element (a `tag`) holding these parts."""
    return Markup(''.join(parts), tag).classes(classes)
