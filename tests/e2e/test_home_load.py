"""P1: what keeps Home light in the browser, checked in Chromium; and E1 for what only a busy mentor sees
(pagers, an unread count in the header).

Home and the header draw their icons from SVG paths (ui/icons.py): the 128 kB Material Icons font cost Home
about a tenth of a blank page's load time. No component of Home has a Vue template, which the browser would
compile on every load. The pager is plain buttons drawn from data (ui/components/pager.py), not a QBtn each.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from domain.entities import Role
from domain.services import authoring
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import assert_no_icon_font, new_page
from tests.e2e.test_accessibility import problems
from tests.security_server import COOKIE, SERVER_START_IN, SeededServer, login_cookie, shared_seeder, shared_server
from tests.security_support import Cast, add_person, draft_for

SESSIONS = 30  # three pages of 12
# Icons of elements the page does not display (the phone header's Menu on a laptop) are left out.
ICON_BOXES = """[...document.querySelectorAll('.q-icon')].filter((icon) => icon.checkVisibility()).map((icon) => {
  const svg = icon.matches('svg') ? icon : icon.querySelector('svg');  // QIcon wraps its <svg> in an <i>
  const box = (svg ?? icon).getBoundingClientRect();
  return {width: box.width, height: box.height, path: svg?.querySelector('path')?.getAttribute('d') ?? ''};
})"""
COMPONENT = re.compile(r'/_nicegui/[^"\']+/components/[0-9a-f]+/[\w.-]+\.js')
TEMPLATE = re.compile(r'^\s*template\s*:', re.MULTILINE)  # a Vue component's `template:` option


@shared_seeder('busy mentor')
def _busy_mentor(uows: SqlUnitOfWorkFactory, cast: Cast, now: datetime) -> dict[str, Any]:
    """A mentor with 30 sessions the manager created for her (so 30 unread notices), two months ahead: after
    every other session of the shared server, so that none of those leaves the first page of a list."""
    mentor = add_person(uows, 'Paula Pager', {Role.MENTOR})
    for number in range(1, SESSIONS + 1):
        start = now + SERVER_START_IN + timedelta(days=60, hours=number)
        draft = draft_for(f'Paged session {number:02}', start, mentor_id=mentor.id)
        authoring.create_session(uows(), cast['session manager'], draft, now)
    return {'cookie': login_cookie(uows, mentor, now)}


@pytest.fixture
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


async def _home(browser: Browser, seeded: SeededServer, *, phone: bool = False) -> Page:
    context, page = await new_page(browser, phone=phone)
    await context.add_cookies([{'name': COOKIE, 'value': seeded.extras['busy mentor']['cookie'], 'url': seeded.url}])
    await page.goto(f'{seeded.url}/')
    await page.wait_for_function('window.did_handshake === true')
    await expect(page.get_by_text('Paged session 01', exact=True)).to_be_visible()
    return page


async def test_p1_home_shows_every_icon_without_loading_an_icon_font(seeded: SeededServer, browser: Browser) -> None:
    page = await _home(browser, seeded)
    await assert_no_icon_font(page)
    icons = await page.evaluate(ICON_BOXES)
    # the header's inbox and theme switch, "Create session", each tile's picture, chip, time and count, the pager
    assert len(icons) >= 3 + 12 * 4 + 2
    bad = [icon for icon in icons if not (icon['width'] > 0 and icon['height'] > 0 and icon['path'].startswith('M'))]
    assert not bad, bad
    await page.context.close()


async def test_p1_no_component_of_home_needs_the_browsers_template_compiler(
    seeded: SeededServer, browser: Browser
) -> None:
    page = await _home(browser, seeded)
    components = set(COMPONENT.findall(await page.content()))
    for drawn in ('/session_tiles.js', '/app_header.js'):  # the tiles, and the header every page has
        assert any(path.endswith(drawn) for path in components), components
    for path in components:
        source = await (await page.context.request.get(f'{seeded.url}{path}')).text()
        assert not TEMPLATE.search(source), path
    await page.context.close()


async def test_t1_p1_the_pager_turns_pages_with_plain_buttons(seeded: SeededServer, browser: Browser) -> None:
    page = await _home(browser, seeded)
    pager = page.get_by_role('navigation', name='Upcoming and live: pages')
    await expect(pager.get_by_role('button', name='Page 1')).to_have_attribute('aria-current', 'page')
    await expect(pager.get_by_role('button', name='Previous page')).to_be_disabled()
    assert await pager.locator('.q-btn').count() == 0

    await pager.get_by_role('button', name='Page 3').click()
    await expect(page.get_by_text('Paged session 25', exact=True)).to_be_visible()
    await expect(page.get_by_text('Paged session 01', exact=True)).to_have_count(0)
    await expect(pager.get_by_role('button', name='Page 3')).to_have_attribute('aria-current', 'page')
    await expect(pager.get_by_role('button', name='Next page')).to_be_disabled()

    await pager.get_by_role('button', name='Previous page').click()
    await expect(page.get_by_text('Paged session 13', exact=True)).to_be_visible()
    await expect(pager.get_by_role('button', name='Page 2')).to_have_attribute('aria-current', 'page')
    await page.context.close()


async def test_e1_home_with_pagers_and_an_unread_badge_has_no_axe_violation_and_fits_a_phone(
    seeded: SeededServer, browser: Browser
) -> None:
    found: list[str] = []
    for phone in (False, True):
        for scheme in ('light', 'dark'):
            page = await _home(browser, seeded, phone=phone)
            await page.emulate_media(color_scheme=scheme)
            pager = page.get_by_role('navigation', name='Completed: pages').or_(
                page.get_by_role('navigation', name='Upcoming and live: pages')
            )
            await pager.first.scroll_into_view_if_needed()
            await expect(page.get_by_test_id('inbox-badge')).to_have_text('30')  # a notice per session created
            found += await problems(page, f'/ with a pager ({scheme}, {"phone" if phone else "laptop"})', phone)
            buttons = await pager.first.get_by_role('button').all()
            assert len(buttons) == 2 + 3  # previous, pages 1–3, next
            await page.context.close()
    assert not found, '\n'.join(found)
