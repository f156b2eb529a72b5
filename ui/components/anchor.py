"""A plain `<a href>` with a text: what `ui.link` shows, without its Vue template.

The browser compiles a component's template at runtime, on every page load, and the first template of a
page starts Vue's whole compiler: about a tenth of a blank page's load time on Home (P1). The app's own links
are these (the header draws its own: app_header.js); only the meeting link, to another site in a new tab, is a
`ui.link`.
"""

from __future__ import annotations

from nicegui import ui


class Anchor(ui.link):
    """`ui.link` (so NiceGUI's simulated user follows it too), drawn as a plain element: the page does not
    load link.js. Links within the app only: the browser follows the path as it is."""

    component = None

    def __init__(self, text: str, href: str) -> None:
        super().__init__(text, href)
        self.tag = 'a'
        del self._props['target']  # '_self', the default
