"""M1/T2 / issue 14 item 8: user text is shown bidi-isolated, so a right-to-left title cannot reorder what stands
around it on Explore or the Session Details page."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser

from tests.e2e.conftest import new_page
from tests.security_server import COOKIE, SeededServer, shared_server
from tests.security_support import PUBLIC_TITLE

pytestmark = pytest.mark.e2e


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


async def test_m1_t2_a_session_title_is_shown_bidi_isolated_on_explore_and_details(
    browser: Browser, seeded: SeededServer
) -> None:
    context, page = await new_page(browser)
    await context.add_cookies([{'name': COOKIE, 'value': seeded.cookies['mentee'], 'url': seeded.url}])
    for path in ('/explore', f'/sessions/{seeded.cast.public.id}'):
        await page.goto(f'{seeded.url}{path}')
        title = page.get_by_text(PUBLIC_TITLE, exact=True).first
        assert await title.evaluate('element => getComputedStyle(element).unicodeBidi') == 'isolate', path
    await context.close()
