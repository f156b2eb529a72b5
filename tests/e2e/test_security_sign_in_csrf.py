"""R1 / issue 14 item 4: login CSRF (a sign-in ticket works only in the browser that asked for it) and logout
CSRF (every sign-out revokes the login on the server; a cross-site link signs nobody out)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, Route

from domain.services.accounts import token_hash
from tests.e2e.conftest import new_page
from tests.security_server import COOKIE, SeededServer, login_cookie, shared_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


async def _ticket_link(browser: Browser, seeded: SeededServer, email: str) -> tuple[str, BrowserContext, Page]:
    """Sign in through the page but stop the browser at the hand-over: the link with the ticket, and the page."""
    context, page = await new_page(browser)
    held: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def hold(route: Route) -> None:
        await route.abort()  # done before the route goes: a request still paused then would reach the server
        held.set_result(route.request.url)

    await page.route('**/auth/continue**', hold)
    await page.goto(f'{seeded.url}/login')
    await page.wait_for_function('window.did_handshake === true')
    await page.get_by_label('E-mail').fill(email)
    await page.get_by_label('Password').fill('mentor-demo')
    await page.get_by_role('button', name='Sign in').click()
    link = await asyncio.wait_for(held, timeout=20)
    await page.unroute('**/auth/continue**')
    return link, context, page


async def test_r1_a_sign_in_ticket_works_only_in_the_browser_that_asked_for_it(
    seeded: SeededServer, browser: Browser
) -> None:
    link, context, page = await _ticket_link(browser, seeded, 'mentor@demo.test')
    with httpx.Client(follow_redirects=False) as victim:  # the attacker's link, opened in another browser
        answer = victim.get(link)
    assert COOKIE not in answer.cookies
    assert answer.headers['location'].startswith('/login')
    await page.goto(link)  # the browser that signed in still gets in
    await page.wait_for_url(f'{seeded.url}/')
    await context.close()


def _fresh_login(seeded: SeededServer, role: str) -> tuple[str, str]:
    uows = seeded.uows()
    try:
        cookie = login_cookie(uows, seeded.cast.people[role], datetime.now(UTC))
    finally:
        uows.engine.dispose()
    return cookie, token_hash(cookie.rsplit('.', 1)[0])


def _revoked(seeded: SeededServer, hashed: str) -> bool:
    uows = seeded.uows()
    try:
        with uows(read_only=True) as uow:
            login = uow.logins.get(hashed)
    finally:
        uows.engine.dispose()
    assert login is not None
    return login.revoked_at is not None


def test_r1_the_signed_out_address_revokes_the_login_on_the_server(seeded: SeededServer) -> None:
    cookie, hashed = _fresh_login(seeded, 'mentee')
    with httpx.Client(base_url=seeded.url, cookies={COOKIE: cookie}, follow_redirects=False) as browser:
        assert browser.get('/auth/signed-out').headers['location'] == '/login'
    assert _revoked(seeded, hashed)
    with httpx.Client(base_url=seeded.url, cookies={COOKIE: cookie}, follow_redirects=False) as copy:
        assert copy.get('/').status_code == 303  # a copy of the cookie is worthless now


def test_r1_a_cross_site_link_to_sign_out_signs_nobody_out(seeded: SeededServer) -> None:
    cookie, hashed = _fresh_login(seeded, 'mentee')
    with httpx.Client(base_url=seeded.url, cookies={COOKIE: cookie}, follow_redirects=False) as browser:
        answer = browser.get('/auth/signed-out', headers={'Sec-Fetch-Site': 'cross-site'})
        assert answer.headers['location'] == '/'
        assert COOKIE not in answer.headers.get('set-cookie', '')  # the login cookie stays
        assert browser.get('/').status_code == 200
    assert not _revoked(seeded, hashed)
