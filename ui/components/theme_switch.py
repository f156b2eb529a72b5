"""E1: dark mode follows the system until the user switches it (system → dark → light → system); the choice
is remembered for the user's browser.

Following the system is the app's default (main.py runs with `dark=None`), so a page for a user who never
switched carries no dark-mode element: setting the theme in the browser after the page is built would make
it style and lay out the whole page a second time (P1). The header draws the button (app_header.py).
"""

from __future__ import annotations

from nicegui import app, ui

from ui import icons

_KEY = 'theme'
_NEXT = {'system': 'dark', 'dark': 'light', 'light': 'system'}
_ICON = {'system': icons.BRIGHTNESS_AUTO, 'dark': icons.DARK_MODE, 'light': icons.LIGHT_MODE}
_VALUE = {'system': None, 'dark': True, 'light': False}


class ThemeSwitch:
    """The user's theme on this page; create it where the page is built (a chosen theme is set there)."""

    def __init__(self) -> None:
        theme = str(app.storage.user.get(_KEY, 'system'))
        self.theme = theme if theme in _NEXT else 'system'
        self._slot = ui.context.slot
        self._dark = None if self.theme == 'system' else ui.dark_mode(_VALUE[self.theme])

    @property
    def label(self) -> str:
        """The button's accessible name: it says the current theme."""
        current = 'follows the system' if self.theme == 'system' else self.theme
        return f'Colour theme: {current}. Switch theme'

    @property
    def icon(self) -> str:
        return _ICON[self.theme]

    def switch(self) -> None:
        self.theme = _NEXT[self.theme]
        app.storage.user[_KEY] = self.theme
        if self._dark is None:
            with self._slot:
                self._dark = ui.dark_mode()
        self._dark.value = _VALUE[self.theme]
