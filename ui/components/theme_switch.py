"""E1: dark mode follows the system until the user switches it (system → dark → light → system); the choice
is remembered for the user's browser.

Following the system is the app's default (main.py runs with `dark=None`), so a page for a user who never
switched carries no dark-mode element: setting the theme in the browser after the page is built would make
it style and lay out the whole page a second time (P1).
"""

from __future__ import annotations

from nicegui import app, ui

from ui import icons

_KEY = 'theme'
_NEXT = {'system': 'dark', 'dark': 'light', 'light': 'system'}
_ICON = {'system': icons.BRIGHTNESS_AUTO, 'dark': icons.DARK_MODE, 'light': icons.LIGHT_MODE}
_VALUE = {'system': None, 'dark': True, 'light': False}


def _name(theme: str) -> str:
    return f'Colour theme: {"follows the system" if theme == "system" else theme}. Switch theme'


def theme_switch() -> None:
    """A header button; its accessible name says the current theme."""
    theme = str(app.storage.user.get(_KEY, 'system'))
    if theme not in _NEXT:
        theme = 'system'
    button = ui.button(icon=_ICON[theme]).props('flat round color=white data-testid=theme-switch')
    button.props['aria-label'] = _name(theme)
    with button:
        dark = None if theme == 'system' else ui.dark_mode(_VALUE[theme])

    def switch() -> None:
        nonlocal theme, dark
        theme = _NEXT[theme]
        app.storage.user[_KEY] = theme
        if dark is None:
            with button:
                dark = ui.dark_mode()
        dark.value = _VALUE[theme]
        button.props['icon'] = _ICON[theme]
        button.props['aria-label'] = _name(theme)
        button.update()

    button.on_click(switch)
