"""C2, T1, T2 in a real Chromium (issue 22, item 12): a session's picture has one frame, 16:9, in the form's
preview, on the tiles and on the Session Details page, and is shown whole in it (a portrait photo is not cut
into a thin strip); a long title takes at most three lines of a tile."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Locator, Page

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

WIDE = 16 / 9
# The frame's sides, and how the picture is fitted into it.
FRAME = """e => { const r = e.getBoundingClientRect();
    return { ratio: r.width / r.height, fit: getComputedStyle(e).objectFit }; }"""
LONG_TITLE = 'A very long session title that goes on and on about everything a mentee might want to know ' * 3
LINES = """e => { const style = getComputedStyle(e); const line = parseFloat(style.lineHeight);
    return { lines: e.getBoundingClientRect().height / line, clipped: e.scrollHeight > e.clientHeight + 1 }; }"""


async def frame_of(picture: Locator) -> dict[str, float | str]:
    await picture.scroll_into_view_if_needed()
    frame: dict[str, float | str] = await picture.evaluate(FRAME)
    return frame


async def visit(page: Page, server: Server, path: str) -> None:
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')


@pytest.mark.parametrize('phone', [True, False])
async def test_c2_t1_t2_the_picture_has_one_16_9_frame_from_the_form_to_the_tile_and_the_details(
    server: Server, browser: Browser, phone: bool
) -> None:
    context, page = await new_page(browser, phone=phone)
    await sign_in(page, server, 'manager@demo.test')
    tile = page.locator('[data-testid^="session-tile-"]').filter(has=page.locator('img')).first
    href = await tile.locator('a').first.get_attribute('href')
    assert href is not None
    frames = {'tile': await frame_of(tile.locator('img'))}
    await visit(page, server, href)
    frames['details'] = await frame_of(page.locator('img[alt^="Image for"]'))
    await visit(page, server, f'{href}/edit')
    frames['preview'] = await frame_of(page.get_by_test_id('session-image').locator('img'))
    for where, frame in frames.items():
        assert abs(float(frame['ratio']) - WIDE) < 0.03, (where, frame)
        assert frame['fit'] == 'contain', (where, frame)  # the whole picture, portrait or landscape
    await context.close()


async def test_t1_a_long_title_takes_at_most_three_lines_of_a_tile(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser, phone=True)
    found: dict[str, dict[str, float | bool]] = {}
    await sign_in(page, server, 'manager@demo.test')
    for email, path in (('manager@demo.test', '/'), ('mentee1@demo.test', '/explore')):
        if email != 'manager@demo.test':
            await context.clear_cookies()
            await sign_in(page, server, email)
            await visit(page, server, path)
        title = page.locator('[data-testid^="session-tile-"], [data-testid^="mentee-tile-"]').first.locator('a')
        await title.first.evaluate('(e, text) => { e.textContent = text; }', LONG_TITLE)
        found[path] = await title.first.evaluate(LINES)
    for path, shown in found.items():
        assert shown['lines'] <= 3.05 and shown['clipped'], (path, shown)
    await context.close()
