"""R1 / issue 14 item 1: signing out ends every open page of that login — in another tab, in another browser
holding a copy of the cookie, on another instance — and a page whose login ended can do nothing more."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page
from sqlalchemy import text

from persistence.database import make_engine
from tests.e2e.conftest import Server, new_page, sign_in, start_server, stop_server
from tests.e2e.test_live import postgres_database  # noqa: F401 - the fixture
from tests.security_server import COOKIE

pytestmark = pytest.mark.e2e


async def _one_login_in_two_browsers(
    browser: Browser, signing_out: Server, other: Server
) -> tuple[BrowserContext, Page, BrowserContext, Page]:
    first_context, first = await new_page(browser)
    await sign_in(first, signing_out, 'mentee5@demo.test')
    login = next(cookie for cookie in await first_context.cookies() if cookie['name'] == COOKIE)
    second_context, second = await new_page(browser)
    await second_context.add_cookies([{'name': COOKIE, 'value': login['value'], 'url': other.url}])
    await second.goto(f'{other.url}/explore')
    await second.wait_for_function('window.did_handshake === true')
    return first_context, first, second_context, second


async def _sign_out_and_watch_the_other_page(browser: Browser, signing_out: Server, other: Server) -> None:
    first_context, first, second_context, second = await _one_login_in_two_browsers(browser, signing_out, other)
    await first.get_by_role('button', name='Sign out').click()
    await first.wait_for_url('**/login**')
    await second.wait_for_url('**/login**', timeout=3_000)  # sent to sign-in within a second or so, no click needed
    await second.goto(f'{other.url}/explore')
    assert '/login' in second.url  # and the copied cookie opens nothing
    await first_context.close()
    await second_context.close()


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path)
    yield running
    stop_server(running)


async def test_r1_signing_out_sends_every_open_page_of_that_login_to_sign_in(
    browser: Browser, sqlite_server: Server
) -> None:
    await _sign_out_and_watch_the_other_page(browser, sqlite_server, sqlite_server)


async def test_r1_a_click_on_a_page_whose_login_was_revoked_is_refused_and_lands_on_sign_in(
    browser: Browser, sqlite_server: Server, tmp_path: Path
) -> None:
    """Revoked behind the app's back (no event at all): the page's next action re-checks the login."""
    first_context, _, second_context, second = await _one_login_in_two_browsers(browser, sqlite_server, sqlite_server)
    engine = make_engine(f'sqlite:///{tmp_path / "mentor.db"}')
    count = text(
        "SELECT count(*) FROM enrollments e JOIN users u ON u.id = e.mentee_id WHERE u.email = 'mentee5@demo.test'"
    )
    try:
        with engine.connect() as connection:
            enrolled = connection.execute(count).scalar_one()
        # A transaction that writes first: one that read first cannot take SQLite's write lock once the server has
        # written since its read began ("database is locked" at once, without waiting).
        with engine.begin() as connection:
            connection.execute(text('UPDATE logins SET revoked_at = :now'), {'now': datetime.now(UTC)})
        await second.get_by_role('button', name='Enroll').first.click()
        await second.wait_for_url('**/login**', timeout=3_000)
        with engine.connect() as connection:
            assert connection.execute(count).scalar_one() == enrolled  # the click changed nothing
    finally:
        engine.dispose()
    await first_context.close()
    await second_context.close()


async def test_r1_a_page_whose_login_expires_goes_to_sign_in_at_that_moment_without_a_click(
    browser: Browser, sqlite_server: Server, tmp_path: Path
) -> None:
    engine = make_engine(f'sqlite:///{tmp_path / "mentor.db"}')
    context, page = await new_page(browser)
    try:
        await sign_in(page, sqlite_server, 'mentee5@demo.test')
        with engine.begin() as connection:  # the login's lifetime ends in two seconds
            ends = datetime.now(UTC) + timedelta(seconds=2)
            connection.execute(text('UPDATE logins SET expires_at = :ends'), {'ends': ends})
        await page.goto(f'{sqlite_server.url}/explore')  # a page opened while the login is still valid
        await page.wait_for_function('window.did_handshake === true')
        assert '/explore' in page.url
        await page.wait_for_url('**/login**', timeout=6_000)
    finally:
        engine.dispose()
        await context.close()


@pytest.mark.postgres
async def test_r1_signing_out_on_one_instance_ends_the_login_s_pages_on_another(
    browser: Browser,
    postgres_database: str,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    for name in ('one', 'two'):
        (tmp_path / name).mkdir()
    first = start_server(tmp_path / 'one', database_url=postgres_database)
    try:
        second = start_server(tmp_path / 'two', database_url=postgres_database)
    except BaseException:
        stop_server(first)
        raise
    try:
        await _sign_out_and_watch_the_other_page(browser, first, second)
    finally:
        stop_server(second)
        stop_server(first)
