"""Database outage (E2, L1): PostgreSQL goes down and comes back while the app runs.

While it is down, a click says "please try again" beside the button and a page request answers 503 with the
same words; nothing crashes. Once it is back, the app recovers by itself: the same click enrolls, and the
live listener reconnects, so a change made by another app instance shows on an open page without a reload.

CAUTION: this stops the machine's PostgreSQL cluster for a few seconds (other test runs share it); the
cluster is started again in any case, and the test waits until it accepts connections. Marked `alone`: `make
test` runs it after the other tests, which run side by side and would lose their connections.
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import pytest
from playwright.async_api import Browser, Page, expect

from domain.entities import Role
from domain.errors import TryAgain
from domain.services import enrollment
from persistence.database import normalize_url
from persistence.events import libpq_dsn
from tests.e2e.conftest import new_page, stop_server
from tests.integration.conftest import postgres_server_url
from tests.security_server import COOKIE, SeededServer, seed_and_start
from tests.security_support import add_person

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.alone]

TRY_AGAIN = TryAgain().message
ENROLLED = 'You are enrolled in this session.'
INSTANCE = 'outage-server'


def _cluster(action: str) -> None:
    version = sorted(p.name for p in Path('/etc/postgresql').iterdir())[-1]
    command = ['pg_ctlcluster', '--skip-systemctl-redirect', version, 'main', action]
    subprocess.run([*command, *(['-m', 'fast'] if action == 'stop' else [])], check=True, capture_output=True)


def _wait_until_up(dsn: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if subprocess.run(['pg_isready', '-h', '127.0.0.1', '-q'], check=False).returncode == 0:
            try:
                psycopg.connect(dsn, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                pass
        time.sleep(0.2)
    raise AssertionError('PostgreSQL did not come back')


@pytest.fixture
def postgres_server(tmp_path: Path) -> Iterator[SeededServer]:
    server_url = postgres_server_url()
    name = f'mentor_outage_{uuid.uuid4().hex[:10]}'
    admin = libpq_dsn(server_url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE {name}')
    url = normalize_url(server_url).set(database=name).render_as_string(hide_password=False)
    running = seed_and_start(tmp_path, database_url=url, extra_env={'MENTOR_INSTANCE_ID': INSTANCE})
    try:
        yield running
    finally:
        stop_server(running.server)
        if subprocess.run(['pg_isready', '-h', '127.0.0.1', '-q'], check=False).returncode != 0:
            _cluster('start')
        _wait_until_up(admin)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


async def _open(browser: Browser, seeded: SeededServer, role: str, path: str) -> Page:
    context, page = await new_page(browser)
    await context.add_cookies([{'name': COOKIE, 'value': seeded.cookies[role], 'url': seeded.url}])
    await page.goto(f'{seeded.url}{path}')
    await page.wait_for_function('window.did_handshake === true')
    return page


def _listener_connected(dsn: str) -> bool:
    with psycopg.connect(dsn, autocommit=True) as connection:
        found = connection.execute(
            'SELECT count(*) FROM pg_stat_activity WHERE application_name = %s', (f'mentor-listener:{INSTANCE}',)
        ).fetchone()
    return bool(found and found[0])


async def test_e2_l1_while_postgresql_restarts_users_are_told_to_try_again_and_the_app_recovers_by_itself(
    browser: Browser, postgres_server: SeededServer
) -> None:
    seeded, session_id = postgres_server, postgres_server.cast.public.id
    dsn = libpq_dsn(seeded.database_url)
    mentee = await _open(browser, seeded, 'another mentee', f'/sessions/{session_id}')
    manager = await _open(browser, seeded, 'session manager', f'/sessions/{session_id}')
    await expect(manager.get_by_test_id('mentee-count')).to_have_text('2')

    _cluster('stop')
    try:
        await mentee.get_by_role('button', name='Enroll').click()
        # Shown as a notification; the page cannot be re-read to show it beside the buttons while the database is away.
        await expect(mentee.locator('.q-notification').filter(has_text=TRY_AGAIN)).to_be_visible(timeout=20_000)
        with httpx.Client(base_url=seeded.url, cookies={COOKIE: seeded.cookies['mentee']}, timeout=20) as client:
            response = client.get(f'/sessions/{session_id}')
        assert (response.status_code, response.text) == (503, TRY_AGAIN)
    finally:
        _cluster('start')
        _wait_until_up(dsn)

    await mentee.get_by_role('button', name='Enroll').click()  # the same click, now that it is back
    await expect(mentee.get_by_text(ENROLLED)).to_be_visible(timeout=20_000)
    await expect(manager.get_by_test_id('mentee-count')).to_have_text('3', timeout=10_000)

    deadline = time.monotonic() + 30
    while not _listener_connected(dsn) and time.monotonic() < deadline:
        await manager.wait_for_timeout(250)
    assert _listener_connected(dsn), 'the live listener did not reconnect'
    outsider = seeded.uows()  # another app instance: its own engine and instance id, NOTIFY on commit
    late = add_person(outsider, 'Lena Late', {Role.MENTEE})
    enrollment.enroll(outsider(), late, session_id, datetime.now(UTC))
    outsider.engine.dispose()
    await expect(manager.get_by_test_id('mentee-count')).to_have_text('4', timeout=5_000)  # live, no reload

    assert seeded.server.process.poll() is None, 'the server died'
    assert 'Traceback' not in seeded.server.log(), seeded.server.log()[-3000:]
    for page in (mentee, manager):
        await page.context.close()
