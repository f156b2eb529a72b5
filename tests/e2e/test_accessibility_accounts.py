"""E1 for R4–R6's pages in a real Chromium against `python main.py --demo`: axe-core finds no serious or critical
violation on People (and its windows), Profile, Forgot password? and Set your password, in the light and the dark theme,
at 390×844 and at 1280×800, and nothing scrolls sideways on the phone."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in
from tests.e2e.test_accessibility import SIZES, close_window, open_by_button, problems, visit

pytestmark = pytest.mark.e2e


async def invitation_path(page: Page, server: Server, phone: bool, dark: bool) -> str:
    """Add a person on People; without SMTP the window shows their invitation link once."""
    await open_by_button(page, 'Add person')
    window = page.get_by_role('dialog')
    await window.get_by_label('Name').fill('Axel Access')
    await window.get_by_label('E-mail').fill(f'axel-{int(phone)}{int(dark)}@demo.test')
    await window.get_by_role('button', name='Save').click()
    link = page.get_by_role('dialog').get_by_label('Invitation link')
    await expect(link).to_be_visible()
    value = await link.input_value()
    return value.removeprefix(server.url)


async def account_pages_problems(browser: Browser, server: Server, phone: bool, dark: bool) -> list[str]:
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, 'admin@demo.test')
    await visit(page, server, '/people')
    found = await problems(page, '/people', phone)
    await open_by_button(page, 'Add person')
    found += await problems(page, '/people [Add person]', phone)
    await close_window(page)
    path = await invitation_path(page, server, phone, dark)
    await page.wait_for_timeout(400)
    found += await problems(page, '/people [Pass this link on]', phone)
    await visit(page, server, '/profile')  # R8
    found += await problems(page, '/profile', phone)
    await context.close()
    anonymous, visitor = await new_page(browser, phone=phone)
    if dark:
        await visitor.emulate_media(color_scheme='dark')
    for where in ('/login', '/login/forgot-password', path, '/login/set-password?token=used-or-unknown'):
        await visit(visitor, server, where)
        found += await problems(visitor, where.split('?')[0] + ('' if where == path else ' (refused)'), phone)
    await anonymous.close()
    return found


@pytest.mark.parametrize('dark', [False, True], ids=['light', 'dark'])
@pytest.mark.parametrize('phone', SIZES, ids=['laptop-1280x800', 'phone-390x844'])
async def test_e1_r5_r6_account_pages_have_no_serious_accessibility_violation(
    server: Server, browser: Browser, phone: bool, dark: bool
) -> None:
    assert await account_pages_problems(browser, server, phone, dark) == []
