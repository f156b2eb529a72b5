"""Crash (M1, C9): the server is killed with SIGKILL while mentees click "Enroll" in many browsers at once.

After a restart on the same database every enrollment a browser had confirmed ("You are enrolled in this
session.") is there — in the database and on the restarted app's pages — and SQLite's integrity check passes.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page
from sqlalchemy import text

from domain.entities import Role
from domain.services import authoring
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import new_page, start_server, stop_server
from tests.security_server import COOKIE, SERVER_START_IN, SeededServer, Seeder, login_cookie, seed_and_start
from tests.security_support import Cast, add_person, draft_for

SLOT = timedelta(hours=2)

pytestmark = pytest.mark.e2e

MENTEES, ROUNDS = 3, 5  # each mentee enrolls in five sessions of their own, one after the other
KILL_AT = 5  # confirmations seen before the kill: a third of the burst
ENROLLED = 'You are enrolled in this session.'


@dataclass(frozen=True)
class Mentee:
    id: int
    cookie: str
    session_ids: tuple[int, ...]  # sessions of their own: no one else's change refreshes their page meanwhile


def _crowd(found: list[Mentee]) -> Seeder:
    def extra(uows: SqlUnitOfWorkFactory, cast: Cast, now: datetime) -> dict[str, Any]:
        manager, first = cast['session manager'], now + SERVER_START_IN + timedelta(hours=6)
        for n in range(MENTEES):
            mentee = add_person(uows, f'Crowd {n}', {Role.MENTEE})
            sessions = [
                authoring.create_session(
                    uows(), manager, draft_for(f'Hall {n}.{k}', first + (n * ROUNDS + k) * SLOT), now
                )
                for k in range(ROUNDS)
            ]
            found.append(Mentee(mentee.id, login_cookie(uows, mentee, now), tuple(s.id for s in sessions)))
        return {}

    return extra


@pytest.fixture
def crowded(tmp_path: Path) -> Iterator[tuple[SeededServer, list[Mentee]]]:
    found: list[Mentee] = []
    running = seed_and_start(tmp_path, {'crowd': _crowd(found)})
    yield running, found
    stop_server(running.server)


async def _signed_in_page(browser: Browser, url: str, cookie: str) -> Page:
    context, page = await new_page(browser)
    context.set_default_timeout(30_000)
    await context.add_cookies([{'name': COOKIE, 'value': cookie, 'url': url}])
    return page


async def _enroll_everywhere(
    page: Page, url: str, mentee: Mentee, acks: list[tuple[Mentee, int]], enough: asyncio.Event
) -> None:
    """Enroll in each session in turn; a confirmation on screen is an acknowledgement."""
    for session_id in mentee.session_ids:
        await page.goto(f'{url}/sessions/{session_id}')
        await page.wait_for_function('window.did_handshake === true')
        await page.get_by_role('button', name='Enroll').click()
        await page.get_by_text(ENROLLED).wait_for()
        acks.append((mentee, session_id))
        if len(acks) >= KILL_AT:
            enough.set()


async def test_m1_c9_every_enrollment_confirmed_before_a_sigkill_is_there_after_the_restart(
    browser: Browser, crowded: tuple[SeededServer, list[Mentee]], tmp_path: Path
) -> None:
    seeded, crowd = crowded
    pages = [await _signed_in_page(browser, seeded.url, mentee.cookie) for mentee in crowd]
    acks: list[tuple[Mentee, int]] = []
    enough = asyncio.Event()
    burst = [
        asyncio.create_task(_enroll_everywhere(page, seeded.url, mentee, acks, enough))
        for page, mentee in zip(pages, crowd, strict=True)
    ]
    await asyncio.wait_for(enough.wait(), 120)
    seeded.server.process.send_signal(signal.SIGKILL)  # mid-burst: the other mentees' clicks are on their way
    seeded.server.process.wait(10)
    await asyncio.gather(*burst, return_exceptions=True)
    assert KILL_AT <= len(acks) < MENTEES * ROUNDS

    factory = seeded.uows()
    with factory.engine.connect() as connection:
        assert connection.execute(text('PRAGMA integrity_check')).scalar_one() == 'ok'
    with factory(read_only=True) as uow:
        lost = [(m.id, session_id) for m, session_id in acks if uow.enrollments.get(session_id, m.id) is None]
    factory.engine.dispose()
    assert lost == [], 'confirmed but lost'

    restarted = start_server(tmp_path, database_url=seeded.database_url)
    try:
        for mentee, session_id in acks:
            with httpx.Client(base_url=restarted.url, cookies={COOKIE: mentee.cookie}, timeout=20) as client:
                assert ENROLLED in client.get(f'/sessions/{session_id}').text
    finally:
        stop_server(restarted)
    for page in pages:
        await page.context.close()
