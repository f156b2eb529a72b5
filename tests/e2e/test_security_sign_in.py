"""R1 in Chromium against a server started with MENTOR_SECURE_COOKIES=1: the lockout after five failed sign-ins,
sign-out revoking the login on the server, and the login cookie's flags (HttpOnly, SameSite=Lax, Secure)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from domain.errors import SignInFailed
from domain.services.accounts import LAST_TRY_WARNING, MAX_FAILURES, token_hash
from tests.e2e.conftest import new_page
from tests.security_server import COOKIE, SeededServer, shared_server

pytestmark = pytest.mark.e2e

WRONG = SignInFailed().message
LAST_TRY = SignInFailed(warning=LAST_TRY_WARNING).message
LOCKOUT_MESSAGE = re.compile(r'^Too many failed sign-ins\. Wait until \d\d:\d\d, then try again\.$')
ARGON2 = 20_000  # ms: a password check takes a while on a busy machine


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)  # started with MENTOR_SECURE_COOKIES=1


async def _try_sign_in(page: Page, server_url: str, email: str, password: str, *, reload: bool = True) -> None:
    if reload:
        await page.goto(f'{server_url}/login')
        await page.wait_for_function('window.did_handshake === true')
    await page.get_by_label('E-mail').fill(email)
    await page.get_by_label('Password').fill(password)
    await page.get_by_role('button', name='Sign in').click()


async def _set_cookie_of_sign_in(page: Page, server_url: str, email: str) -> str:
    """Sign in through the page; return the Set-Cookie header that hands the browser its login cookie."""
    async with page.expect_response(lambda r: '/auth/continue' in r.url) as answer:
        await _try_sign_in(page, server_url, email, 'mentor-demo')
    headers = await (await answer.value).all_headers()
    return next(line for line in headers['set-cookie'].splitlines() if line.startswith(f'{COOKIE}='))


async def test_r1_after_five_failed_sign_ins_a_wait_is_imposed_and_the_page_says_so(
    seeded: SeededServer, browser: Browser
) -> None:
    factory = seeded.uows()
    with factory(read_only=True) as uow:
        account = uow.users.by_email('mentee7@demo.test')
    assert account is not None
    context, page = await new_page(browser)
    await page.goto(f'{seeded.url}/login')
    await page.wait_for_function('window.did_handshake === true')
    for attempt in range(1, MAX_FAILURES + 1):
        await _try_sign_in(page, seeded.url, account.email, 'guess-again', reload=False)
        said = LAST_TRY if attempt == MAX_FAILURES - 1 else WRONG  # issue 23: a warning before the last try
        await expect(page.get_by_role('alert')).to_have_text(said, timeout=ARGON2)
        for _ in range(ARGON2 // 100):  # the server's count tells the attempts apart
            with factory(read_only=True) as uow:
                if uow.users.failed_sign_ins(account.id)[0] == attempt:
                    break
            await page.wait_for_timeout(100)
    factory.engine.dispose()
    await _try_sign_in(page, seeded.url, account.email, 'mentor-demo', reload=False)  # even the right password waits
    await expect(page.get_by_role('alert')).to_have_text(LOCKOUT_MESSAGE, timeout=ARGON2)
    assert '/login' in page.url
    await _try_sign_in(page, seeded.url, 'mentee8@demo.test', 'mentor-demo')  # the wait is for that account only
    await page.wait_for_url(f'{seeded.url}/')
    await context.close()


async def test_r1_signing_out_revokes_the_login_on_the_server_so_a_copied_cookie_is_worthless(
    seeded: SeededServer, browser: Browser
) -> None:
    context, page = await new_page(browser)
    cookie_line = await _set_cookie_of_sign_in(page, seeded.url, 'manager@demo.test')
    await page.wait_for_url(f'{seeded.url}/')
    copied = cookie_line.split(';', 1)[0].split('=', 1)[1].strip('"')
    csv_path = f'/sessions/{seeded.cast.public.id}/mentees.csv'
    with httpx.Client(base_url=seeded.url, cookies={COOKIE: copied}, follow_redirects=False) as thief:
        assert thief.get(csv_path).status_code == 200  # the copy works while the login lasts …
        await page.wait_for_function('window.did_handshake === true')
        await page.get_by_role('button', name='Sign out').click()
        await page.wait_for_url(f'{seeded.url}/login')
        for path in ('/', csv_path):  # … and not after signing out
            response = thief.get(path)
            assert response.status_code == 303 and response.headers['location'].startswith('/login'), path
    factory = seeded.uows()
    with factory(read_only=True) as uow:
        login = uow.logins.get(token_hash(copied.rsplit('.', 1)[0]))
    factory.engine.dispose()
    assert login is not None and login.revoked_at is not None, 'the login was not revoked in the database'
    await context.close()


async def test_r1_with_mentor_secure_cookies_the_login_cookie_is_httponly_samesite_lax_and_secure(
    seeded: SeededServer, browser: Browser
) -> None:
    """R1 (the default server's cookie, without Secure, is checked in tests/e2e/test_sign_in.py)."""
    context, page = await new_page(browser)
    flags = [
        part.strip().lower() for part in (await _set_cookie_of_sign_in(page, seeded.url, 'mentor@demo.test')).split(';')
    ]
    assert {'httponly', 'samesite=lax', 'secure'} <= set(flags)
    await page.wait_for_url(f'{seeded.url}/')
    await context.close()
