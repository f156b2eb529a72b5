"""E1, L1, P11: the header every signed-in page shares — the app's name, the inbox with its unread count, the
phone's Menu, the links, the user, the theme switch and Sign out — as ONE NiceGUI element.

Each NiceGUI element costs the server about 5 KiB for as long as its page is open, and the header was twelve
of them on every page. Here the browser draws it from plain data (app_header.js), as session_tiles.js draws
tiles; the texts are made here, once. A plain <header>, not Quasar's QHeader: the same bar without the layout
machinery that made up a third of what Home cost the browser beyond a blank page (P1). The phone's Menu opens
and closes in the browser alone. A click on a button is sent back as `press` with the button's name, and is
acted on only if the header shows that button now (`press`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import Client, ui
from nicegui.element import Element
from nicegui.events import GenericEventArguments

from ui import icons
from ui.components.theme_switch import ThemeSwitch

TEXTS = {'inbox_text': 'Inbox', 'menu_text': 'Menu', 'nav_text': 'Main', 'sign_out_text': 'Sign out'}
# E1 (issue 23 item 10): below 1024 px the header is one row (name, inbox, "Menu"); the links and the user's
# controls drop down under it when Menu is opened.
HEADER_CSS = """/* E1 phone header (ui/components/app_header.py) */
@media (max-width: 1023.98px) {
  header.app-header.menu-open .app-menu {
    display: flex; flex-direction: column; align-items: stretch; gap: 0.25rem; position: absolute; top: 100%;
    left: 0; right: 0; padding: 0.5rem 0.75rem 0.75rem; max-height: calc(100vh - 100%); overflow-y: auto;
    background: var(--q-primary); box-shadow: 0 8px 16px rgb(0 0 0 / 0.25);
  }
  header.app-header.menu-open .app-menu nav { flex-direction: column; align-items: stretch; }
}
"""


def accessible_name(unread: int) -> str:
    """The inbox link's spoken name: the count is said too, never shown by colour alone."""
    return f'Inbox, {unread} unread'


class AppHeader(Element, component='app_header.js'):
    """`links`: the navigation's (text, address) pairs; `on_sign_out`: what Sign out does."""

    def __init__(
        self,
        home: str,
        links: list[tuple[str, str]],
        user: tuple[str, str],
        theme: ThemeSwitch,
        on_sign_out: Callable[[], Awaitable[None]],
    ) -> None:
        super().__init__()
        if HEADER_CSS.splitlines()[0] not in Client.shared_head_html:  # tests build pages again and again
            ui.add_css(HEADER_CSS, shared=True)
        self._theme, self._on_sign_out = theme, on_sign_out
        name, role = user
        # Flat props and a tuple: NiceGUI would copy a dict or list prop into watched collections per page (P11).
        self._props.update(home=home, links=tuple({'text': text, 'href': href} for text, href in links))
        self._props.update(user=name, role=role, inbox_icon=icons.INBOX, menu_icon=icons.MENU, **TEXTS)
        self._show_theme()
        self.on('press', self._pressed)
        self.show_unread(0)

    @property
    def links(self) -> dict[str, str]:
        """The navigation's links: each one's text and address."""
        return {link['text']: link['href'] for link in self._props['links']}

    @property
    def unread(self) -> int:
        return int(self._props['unread'])

    @property
    def inbox_label(self) -> str:
        return str(self._props['inbox_label'])

    @property
    def texts(self) -> list[str]:
        """What the header shows as text, the links behind a phone's Menu too."""
        count = [str(self.unread)] if self.unread else []
        links = [link['text'] for link in self._props['links']]
        user = [self._props['user'], self._props['role']]
        return [self._props['home'], TEXTS['inbox_text'], *count, *links, *user, TEXTS['sign_out_text']]

    @property
    def buttons(self) -> list[str]:
        """The names of the buttons that act (a text, or an icon's spoken name), as a click sends them."""
        return [self._props['theme_label'], TEXTS['sign_out_text']]

    def show_unread(self, unread: int) -> None:
        self._props.update(unread=unread, inbox_label=accessible_name(unread))  # a change of props is sent

    async def press(self, name: object) -> None:
        """A click on a button, as the browser sends it: its name. Anything but a button the header shows now
        is ignored (the browser is not trusted to send only those)."""
        if name not in self.buttons:
            return
        if name == TEXTS['sign_out_text']:
            await self._on_sign_out()
            return
        self._theme.switch()
        self._show_theme()

    def _show_theme(self) -> None:
        self._props.update(theme_label=self._theme.label, theme_icon=self._theme.icon)

    async def _pressed(self, event: GenericEventArguments) -> None:
        await self.press(event.args)
