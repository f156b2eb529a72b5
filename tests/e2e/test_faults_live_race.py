"""A click must not vanish when a live update rebuilds the page at the same moment (M1, L1, E2).

Found by the crash test: twelve mentees clicking "Enroll" on one session at once, about half the clicks were
silently lost — each enrollment refreshes every open Session Details page, which replaces its buttons on the
server, and a click on a button the browser still showed (the update was still on its way) is dropped.
Here the race is made certain: the mentee's page receives nothing from the server for a moment (its
websocket is held by Playwright) while another mentee's change refreshes it, and then the mentee clicks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Browser, Page, WebSocketRoute, expect

from domain.entities import Role
from domain.services import authoring, enrollment
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import new_page
from tests.security_server import COOKIE, SERVER_START_IN, SeededServer, login_cookie, shared_seeder, shared_server
from tests.security_support import Cast, add_person, draft_for

pytestmark = pytest.mark.e2e


@shared_seeder('race')
def _race_session(uows: SqlUnitOfWorkFactory, cast: Cast, now: datetime) -> dict[str, Any]:
    """A session of its own, one mentee in it who will leave and one who will click "Enroll"."""
    start = now + SERVER_START_IN + timedelta(hours=8)
    draft = draft_for('Race track', start, mentor_id=cast["the session's mentor"].id)
    session = authoring.create_session(uows(), cast['session manager'], draft, now)
    leaver, clicker = (add_person(uows, name, {Role.MENTEE}) for name in ('Lea Leaver', 'Cleo Clicker'))
    enrollment.enroll(uows(), leaver, session.id, now)
    return {
        'session_id': session.id,
        'leaver': login_cookie(uows, leaver, now),
        'clicker': login_cookie(uows, clicker, now),
    }


@pytest.fixture
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


def _changes_the_page(message: str | bytes) -> bool:
    """Whether a message from the server changes what the page shows: new data for an element, or the card's new
    counts sent alone (ui/components/session_card.py)."""
    return 'update' in str(message) or 'show_counts' in str(message)


class HeldSocket:
    """Forwards the page's websocket both ways; while `held`, what the server sends waits."""

    def __init__(self) -> None:
        self.held = False
        self.waiting: list[str | bytes] = []
        self.page_side: WebSocketRoute | None = None

    def route(self, page_side: WebSocketRoute) -> None:
        server_side = page_side.connect_to_server()
        self.page_side = page_side
        page_side.on_message(server_side.send)
        server_side.on_message(lambda message: self.waiting.append(message) if self.held else page_side.send(message))

    def release(self) -> None:
        self.held = False
        assert self.page_side is not None
        for message in self.waiting:
            self.page_side.send(message)
        self.waiting.clear()


async def _open(browser: Browser, seeded: SeededServer, who: str, held: HeldSocket | None = None) -> Page:
    race = seeded.extras['race']
    context, page = await new_page(browser)
    await context.add_cookies([{'name': COOKIE, 'value': race[who], 'url': seeded.url}])
    if held is not None:
        await page.route_web_socket('**/_nicegui_ws/**', held.route)
    await page.goto(f'{seeded.url}/sessions/{race["session_id"]}')
    await page.wait_for_function('window.did_handshake === true')
    return page


async def test_m1_l1_an_enroll_click_during_someone_else_s_change_enrolls_or_says_why_not(
    browser: Browser, seeded: SeededServer
) -> None:
    held = HeldSocket()
    clicker = await _open(browser, seeded, 'clicker', held)
    other = await _open(browser, seeded, 'leaver')
    await expect(clicker.get_by_role('button', name='Enroll', exact=True)).to_be_visible()

    held.held = True
    await other.get_by_role('button', name='Un-enroll').click()
    await other.get_by_role('button', name='Yes, un-enroll').click()  # changes the session: every page refreshes
    await expect(other.get_by_role('button', name='Enroll', exact=True)).to_be_visible()
    for _ in range(100):  # until the server has changed the clicker's page (its change waits in the socket)
        if any(_changes_the_page(message) for message in held.waiting):
            break
        await clicker.wait_for_timeout(100)
    assert any(_changes_the_page(m) for m in held.waiting), 'the server did not change the page'
    await clicker.get_by_role('button', name='Enroll', exact=True).click()  # still the old button in this browser
    await clicker.wait_for_timeout(500)
    held.release()

    told = clicker.get_by_text('You are enrolled in this session.').or_(clicker.locator('.q-notification'))
    await expect(told.first).to_be_visible(timeout=5_000)
    for page in (clicker, other):
        await page.context.close()
