"""P1, E1 (issue 13: one icon system on every page): the icons Quasar's and NiceGUI's components draw by
themselves — the sign-in page's password toggle, a form's date chevrons, selects' arrows, the picture
uploader's button, a table's sort arrow — are SVG paths too (ui/static/quasar_icons.js), so that no page loads
the 128 kB Material Icons font, which shows those icons blank until it arrives."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page

from tests.e2e.conftest import assert_no_icon_font, new_page
from tests.security_server import COOKIE, SeededServer, shared_server

# Every visible icon: its Material name if the font draws it, else the paths it draws (a shape of several
# sub-paths as several paths, never Quasar's written form "d@@style&&d", which a browser draws only in part).
ICONS = """[...document.querySelectorAll('.q-icon')].filter((icon) => icon.checkVisibility()).map((icon) => {
  const svg = icon.matches('svg') ? icon : icon.querySelector('svg');
  if (svg === null) return `font: ${icon.textContent.trim()}`;
  return [...svg.querySelectorAll('path')].map((path) => path.getAttribute('d') ?? '').join(' ');
})"""


@pytest.fixture
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


async def _drawn_icons(page: Page) -> list[str]:
    await page.wait_for_function('window.did_handshake === true')
    await assert_no_icon_font(page)
    icons: list[str] = await page.evaluate(ICONS)
    assert icons and all(icon.startswith('M') and '@@' not in icon for icon in icons), icons
    return icons


async def test_p1_e1_the_sign_in_pages_password_toggle_is_drawn_without_the_icon_font(
    seeded: SeededServer, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await page.goto(f'{seeded.url}/login')
    toggle = await _drawn_icons(page)
    await page.get_by_label('Password').fill('typed, then shown')
    await page.locator('.q-field__append .q-icon').last.click()  # NiceGUI's toggle: visibility_off → visibility
    await page.get_by_label('Password').and_(page.locator('[type=text]')).wait_for()
    assert await _drawn_icons(page) != toggle  # the other shape
    await context.close()


@pytest.mark.parametrize(
    ('role', 'path', 'opened'),
    [
        ('session manager', '/sessions/new', None),  # the date's chevrons, the pickers' arrows, the uploader's button
        ('session manager', '/dashboard', None),  # the filters' selects
        ('session manager', '/sessions/{public}', 'View list'),  # the mentee list's table: sort arrow, select
        ('another mentee', '/sessions/{public}', None),  # "Enroll": a shape of two sub-paths (HOW_TO_REG)
        ('another mentee', '/explore', None),  # the same on the tiles' buttons
    ],
)
async def test_p1_e1_quasars_own_icons_are_svg_paths_on_the_pages_that_show_them(
    seeded: SeededServer, browser: Browser, role: str, path: str, opened: str | None
) -> None:
    context, page = await new_page(browser)
    cookie = seeded.cookies[role]
    await context.add_cookies([{'name': COOKIE, 'value': cookie, 'url': seeded.url}])
    await page.goto(seeded.url + path.format(public=seeded.cast.public.id))
    icons = await _drawn_icons(page)
    if opened is not None:
        await page.get_by_role('button', name=opened).click()
        await page.get_by_role('dialog').wait_for()
        assert len(await _drawn_icons(page)) > len(icons)
    await context.close()
