"""L1, M1, U3 in real Chromium against real server processes: two instances on one PostgreSQL database,
twenty mentees racing for five seats, and the completion job turning an open page "Completed"."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from playwright.async_api import Browser, Locator, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from domain.entities import MeetingInfo, Platform, SessionDraft, SessionType, User
from domain.services import authoring, enrollment, running
from persistence.database import make_engine, normalize_url
from persistence.events import InMemoryEventBus, libpq_dsn
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import Server, new_page, sign_in, start_server, stop_server

pytestmark = pytest.mark.e2e

POSTGRES_ENV = 'MENTOR_TEST_POSTGRES_URL'
PUBLIC_SPEAKING = 'Public speaking for first-time presenters'  # Daniel's, 6 of 20 seats taken


async def open_page(page: Page, server: Server, path: str) -> None:
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')


async def tile_id(page: Page, title: str) -> int:
    href = await page.get_by_role('link', name=title, exact=True).first.get_attribute('href')
    assert href is not None
    return int(href.rsplit('/', 1)[-1])


class Backstage:
    """The domain services run from the test against a server's database (set-up only, as a script would)."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self.factory = SqlUnitOfWorkFactory(self.engine, InMemoryEventBus(), instance_id='e2e-backstage')

    def close(self) -> None:
        self.engine.dispose()

    def user(self, email: str) -> User:
        with self.factory(read_only=True) as uow:
            found = uow.users.by_email(email)
        assert found is not None
        return found

    def create(self, title: str, start_at: datetime, minutes: int, *, seat_limit: int, now: datetime) -> int:
        """A Public session of the session manager, created as if it were `now`."""
        draft = SessionDraft(
            title=title, description=f'{title}: made by the end-to-end test.', start_at=start_at,
            end_at=start_at + timedelta(minutes=minutes), time_zone='Europe/Berlin', recommended_for=('Students',),
            categories=('Science',), medium=('English',), session_type=SessionType.PUBLIC, seat_limit=seat_limit,
        )  # fmt: skip
        return authoring.create_session(self.factory(), self.user('manager@demo.test'), draft, now).id

    def completed_at(self, session_id: int) -> datetime | None:
        with self.factory(read_only=True) as uow:
            session = uow.sessions.get(session_id)
        assert session is not None
        return session.completed_at


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test, dropped afterwards."""
    server_url = os.environ.get(POSTGRES_ENV)
    if not server_url:
        pytest.skip(f'{POSTGRES_ENV} is not set: two app instances sharing one database need PostgreSQL')
    name = f'mentor_e2e_{uuid.uuid4().hex[:12]}'
    try:
        admin = psycopg.connect(libpq_dsn(server_url), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f'{POSTGRES_ENV} is set but PostgreSQL is unreachable: {error}', pytrace=False)
    with admin:
        admin.execute(f'CREATE DATABASE {name}')
        try:
            yield normalize_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


async def test_l1_a_change_made_on_one_instance_shows_on_another_instance_without_reload(
    postgres_database: str, tmp_path: Path, browser: Browser
) -> None:
    for name in ('one', 'two'):
        (tmp_path / name).mkdir()
    first = start_server(tmp_path / 'one', database_url=postgres_database)
    try:
        second = start_server(tmp_path / 'two', database_url=postgres_database)  # seeds nothing: already there
    except BaseException:
        stop_server(first)
        raise
    try:
        watcher_context, watcher = await new_page(browser)
        await sign_in(watcher, first, 'mentee31@demo.test')
        await open_page(watcher, first, '/explore')
        session_id = await tile_id(watcher, PUBLIC_SPEAKING)
        seats = watcher.get_by_test_id(f'seats-left-{session_id}')
        await expect(seats).to_have_text('14 seats left')
        mentor_context, mentor = await new_page(browser)
        await sign_in(mentor, first, 'mentor@demo.test')
        await open_page(mentor, first, f'/sessions/{session_id}')
        await expect(mentor.get_by_test_id('mentee-count')).to_have_text('6')

        enroller_context, enroller = await new_page(browser, phone=True)
        await sign_in(enroller, second, 'mentee32@demo.test')
        await open_page(enroller, second, '/explore')
        tile = enroller.get_by_test_id(f'mentee-tile-{session_id}')
        await tile.get_by_role('button', name='Enroll').click()
        await expect(tile.get_by_test_id('place-enrolled')).to_be_visible()

        await expect(seats).to_have_text('13 seats left', timeout=3_000)  # the other instance, no reload
        await expect(mentor.get_by_test_id('mentee-count')).to_have_text('7', timeout=3_000)
        for context in (watcher_context, mentor_context, enroller_context):
            await context.close()
    finally:
        stop_server(second)
        stop_server(first)


async def _signed_in_mentee(browser: Browser, server: Server, number: int, gate: asyncio.Semaphore) -> Page:
    async with gate:  # a few sign-ins at a time: argon2 on a small machine
        _, page = await new_page(browser)
        await sign_in(page, server, f'mentee{number}@demo.test')
        return page


async def _tap_enroll(tile: Locator) -> None:
    """A tap on "Enroll", unless the card already turned full under the finger (issue 23 item 2: a full card
    offers the waitlist instead)."""
    with contextlib.suppress(PlaywrightTimeoutError):
        await tile.get_by_role('button', name='Enroll').click(timeout=10_000)


async def _outcome(page: Page, tile: Locator, session_id: int) -> str:
    """'enrolled', or the refusal shown beside the button, or the full state the card showed instead of "Enroll"
    ('session seats full' too). Every click counts: live updates keep the buttons."""
    enrolled, refusal = tile.get_by_test_id('place-enrolled'), page.get_by_test_id(f'tile-error-{session_id}')
    waitlist = tile.get_by_role('button', name='Join waitlist')
    await expect(enrolled.or_(refusal).or_(waitlist).first).to_be_visible(timeout=30_000)  # a full card shows two
    if await enrolled.count():
        return 'enrolled'
    return await refusal.inner_text() if await refusal.count() else 'session seats full'


async def test_m1_l1_twenty_mentees_click_enroll_at_once_and_exactly_five_get_the_five_seats(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    backstage = Backstage(f'sqlite:///{tmp_path / "mentor.db"}')
    now = datetime.now(UTC)
    session_id = backstage.create('Five seats only', now + timedelta(hours=12), 60, seat_limit=5, now=now)
    backstage.close()
    gate = asyncio.Semaphore(4)
    pages = await asyncio.gather(*(_signed_in_mentee(browser, server, n, gate) for n in range(1, 21)))
    tiles = []
    for page in pages:
        await open_page(page, server, '/explore')
        tile = page.get_by_test_id(f'mentee-tile-{session_id}')
        await expect(tile.get_by_test_id(f'seats-left-{session_id}')).to_have_text('5 seats left')
        tiles.append(tile)

    await asyncio.gather(*(_tap_enroll(tile) for tile in tiles))
    racing = zip(pages, tiles, strict=True)
    outcomes = await asyncio.gather(*(_outcome(page, tile, session_id) for page, tile in racing))
    assert sorted(outcomes) == ['enrolled'] * 5 + ['session seats full'] * 15
    for tile in tiles:
        await expect(tile.get_by_test_id(f'seats-left-{session_id}')).to_have_text('session seats full')

    manager_context, manager = await new_page(browser)
    await sign_in(manager, server, 'manager@demo.test')
    await open_page(manager, server, f'/sessions/{session_id}')
    await expect(manager.get_by_test_id('mentee-count')).to_have_text('5')
    assert 'Traceback' not in server.log()
    for context in {page.context for page in pages} | {manager_context}:
        await context.close()


async def test_u3_the_completion_job_turns_an_open_live_session_completed_without_reload(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    backstage = Backstage(f'sqlite:///{tmp_path / "mentor.db"}')
    end_at = datetime.now(UTC) + timedelta(seconds=25)
    start_at = end_at - timedelta(minutes=30)  # the shortest session allowed, created "a minute before it starts"
    session_id = backstage.create('Ends in a moment', start_at, 30, seat_limit=10, now=start_at - timedelta(minutes=1))
    manager, mentee = backstage.user('manager@demo.test'), backstage.user('mentee31@demo.test')
    enrollment.enroll(backstage.factory(), mentee, session_id, start_at)
    meet = MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij')
    running.edit_meeting(backstage.factory(), manager, session_id, meet, start_at)
    running.start_session(backstage.factory(), manager, session_id, start_at)

    context, page = await new_page(browser)
    await sign_in(page, server, 'mentee31@demo.test')
    await open_page(page, server, '/my-sessions')
    tile = page.get_by_test_id(f'mentee-tile-{session_id}')
    await expect(tile.get_by_test_id('status-live')).to_be_visible()
    await expect(tile.get_by_role('button', name='Join')).to_be_visible()
    assert backstage.completed_at(session_id) is None

    wait_ms = (end_at - datetime.now(UTC)).total_seconds() * 1000 + 5_000
    await expect(tile.get_by_test_id('status-completed')).to_be_visible(timeout=wait_ms)  # no reload
    await expect(tile.get_by_role('button', name='Join')).to_have_count(0)
    await expect(page.get_by_test_id('count-completed')).to_have_text('(1)')
    deadline = time.monotonic() + 5
    while backstage.completed_at(session_id) is None and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert backstage.completed_at(session_id) is not None  # the server's background job marked it
    backstage.close()
    await context.close()
