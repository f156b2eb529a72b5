"""P11, E1: the header every signed-in page shares is one element; its theme switch, as simulated users."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User

from tests.ui.conftest import header_links, page_header, press_header, should_see_on_page, sign_in_as
from ui.components.app_header import AppHeader

FOLLOWS_SYSTEM = 'Colour theme: follows the system. Switch theme'
DARK = 'Colour theme: dark. Switch theme'
LIGHT = 'Colour theme: light. Switch theme'


async def switch_theme(user: User, name: str) -> tuple[str, list[bool | None]]:
    """Press the theme switch of that name; then what the header and the page say (the press runs in the
    background, as a click's does)."""
    press_header(user, name)
    for _ in range(50):
        if page_header(user).buttons[0] != name:
            break
        await asyncio.sleep(0.02)
    return page_header(user).buttons[0], dark_modes(user)


def dark_modes(user: User) -> list[bool | None]:
    """The values of the page's dark-mode elements (none: the page follows the system)."""
    assert user.client is not None
    return [element.value for element in user.client.elements.values() if isinstance(element, ui.dark_mode)]


async def test_p11_the_header_is_one_element_beside_the_pages_content(user: User) -> None:
    """P11: each NiceGUI element costs the server about 5 KiB while its page is open; the header, with the
    longest list of links, is one element, and the frame adds nothing but it and the content's column."""
    await sign_in_as(user, 'admin@demo.test')
    for path in ('/', '/people', '/settings/mail'):
        await user.open(path)
        await should_see_on_page(user, 'Sign out')
        header = page_header(user)
        assert 'Outbox' in header_links(user)
        assert list(header.descendants()) == []
        assert header.parent_slot is not None
        assert [type(element) for element in header.parent_slot.children] == [AppHeader, ui.column]


async def test_e1_the_theme_switch_goes_dark_light_and_back_to_the_system_and_is_remembered(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    assert FOLLOWS_SYSTEM in page_header(user).buttons
    assert dark_modes(user) == []  # P1: a page that follows the system sets no theme
    assert await switch_theme(user, FOLLOWS_SYSTEM) == (DARK, [True])
    await user.open('/')
    assert (page_header(user).buttons[0], dark_modes(user)) == (DARK, [True])  # remembered
    assert await switch_theme(user, DARK) == (LIGHT, [False])
    assert await switch_theme(user, LIGHT) == (FOLLOWS_SYSTEM, [None])
    await user.open('/')
    assert dark_modes(user) == []


async def test_e1_the_header_acts_only_on_a_button_it_shows_now(user: User) -> None:
    """The browser is not trusted to send only the names of the buttons shown: a stale or made-up one does
    nothing."""
    await sign_in_as(user, 'mentor@demo.test')
    for name in (DARK, 'Delete everything', 'Menu', {'name': 'Sign out'}):
        user.find(kind=AppHeader).trigger('press', name)
    await asyncio.sleep(0.5)  # what a press would do has had time to happen
    await should_see_on_page(user, 'Sign out')
    assert page_header(user).buttons == [FOLLOWS_SYSTEM, 'Sign out']
    assert dark_modes(user) == []
