"""C3, C5, T1–T3, M1, M2: text from users is shown as text in Chromium, on every page and in every window.

A session titled `<img src=x onerror=…>` with `<script>` in its description, a custom "+Other" item and a
mentee name of the same kind are seeded into the server's database before it starts. Each page and window
that shows them is opened by a role that sees it: no dialog fires, no payload runs, the text shows literally.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Dialog, Page, expect

from domain.entities import OptionKind, Role
from domain.services import authoring, enrollment, options
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import new_page
from tests.security_server import COOKIE, SERVER_START_IN, SeededServer, login_cookie, shared_seeder, shared_server
from tests.security_support import Cast, add_person, draft_for

pytestmark = pytest.mark.e2e

TITLE = '<img src=x onerror=alert(1)>'
DESCRIPTION = '<script>alert(2)</script> and <img src=x onerror="window.__xss=2"> and {{ 7*7 }} ${7*7}'
ITEM = '<img src=x onerror=alert(3)>'
NAME = '<img src=x onerror="window.__xss=4">'
# A name with a double quote (think `Robert "Bob" Smith`) that closes a quoted prop and opens a JavaScript one.
QUOTED_NAME = 'Vera" :aria-description="alert(5)'


@dataclass
class Hostile:
    server: SeededServer
    session_id: int
    mentee_cookie: str


@shared_seeder('xss')
def _hostile_data(uows: SqlUnitOfWorkFactory, cast: Cast, now: datetime) -> dict[str, Any]:
    manager, mentor = cast['session manager'], cast["the session's mentor"]
    item = options.add_custom_option(uows(), manager, OptionKind.CATEGORIES, ITEM)
    mentee = add_person(uows, NAME, {Role.MENTEE})
    add_person(uows, QUOTED_NAME, {Role.MENTOR})
    start = now + SERVER_START_IN + timedelta(hours=5)
    draft = draft_for(
        TITLE,
        start,
        mentor_id=mentor.id,
        mentee_ids=(mentee.id,),
        description=DESCRIPTION,
        image_id=cast.public.image_id,
    )
    session = authoring.create_session(uows(), manager, replace(draft, categories=(item.label,)), now)
    enrollment.enroll(uows(), cast['another mentee'], session.id, now)
    return {'session_id': session.id, 'cookie': login_cookie(uows, mentee, now)}


@pytest.fixture(scope='module')
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    running = shared_server(tmp_path_factory)
    return Hostile(running, running.extras['xss']['session_id'], running.extras['xss']['cookie'])


class Watched:
    """A signed-in page whose dialogs are recorded (and dismissed) and whose payload flag is checked."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.context, self.page, self.dialogs = context, page, list[str]()

        async def record(dialog: Dialog) -> None:
            self.dialogs.append(dialog.message)
            await dialog.dismiss()

        page.on('dialog', record)

    async def open(self, url: str) -> None:
        await self.page.goto(url)
        await self.page.wait_for_function('window.did_handshake === true')

    async def sees_literally(self, *texts: str) -> None:
        for text in texts:
            await expect(self.page.get_by_text(text, exact=True).first).to_be_visible()

    async def nothing_ran(self) -> None:
        await self.page.wait_for_timeout(300)  # let any onerror of a broken <img> fire
        assert self.dialogs == []
        assert await self.page.evaluate('window.__xss === undefined')
        assert await self.page.locator('img[src="x"], script:text("alert")').count() == 0


@pytest.fixture
async def as_role(hostile: Hostile, browser: Browser) -> AsyncIterator[object]:
    opened: list[BrowserContext] = []

    async def sign_in(cookie: str) -> Watched:
        context, page = await new_page(browser)
        await context.add_cookies([{'name': COOKIE, 'value': cookie, 'url': hostile.server.url}])
        opened.append(context)
        return Watched(context, page)

    yield sign_in
    for context in opened:
        await context.close()


async def test_c3_t1_t2_t3_u1_the_manager_sees_the_hostile_texts_literally_on_home_details_list_and_edit(
    hostile: Hostile, as_role
) -> None:
    url, session_id = hostile.server.url, hostile.session_id
    manager: Watched = await as_role(hostile.server.cookies['session manager'])
    await manager.open(f'{url}/')  # the home tile
    await manager.sees_literally(TITLE)
    await manager.nothing_ran()
    await manager.open(f'{url}/sessions/{session_id}')  # details, then the Mentee list window
    await manager.sees_literally(TITLE, DESCRIPTION, ITEM)
    await manager.page.get_by_role('button', name='View list').click()
    await manager.sees_literally(NAME)
    await manager.nothing_ran()
    await manager.open(f'{url}/sessions/{session_id}/edit')  # the form, its chips and the Mentee list picker
    await expect(manager.page.get_by_label('Session title')).to_have_value(TITLE)
    await manager.sees_literally(ITEM, NAME)
    await manager.page.get_by_role('button', name='+ Add New Mentee').click()
    await manager.page.get_by_label('Search').fill('onerror')
    await expect(manager.page.get_by_role('listitem').get_by_text(NAME, exact=True)).to_be_visible()
    await manager.nothing_ran()


async def test_c3_m1_m2_mentees_and_the_mentor_see_the_hostile_texts_literally_in_explore_my_sessions_and_inbox(
    hostile: Hostile, as_role
) -> None:
    url = hostile.server.url
    mentee: Watched = await as_role(hostile.mentee_cookie)  # invited, and named like a payload
    for path in ('/explore', '/my-sessions', '/inbox'):
        await mentee.open(f'{url}{path}')
        await expect(mentee.page.get_by_text(TITLE).first).to_be_visible()  # the tile, or within the notice
        await mentee.nothing_ran()
    mentor: Watched = await as_role(hostile.server.cookies["the session's mentor"])
    await mentor.open(f'{url}/inbox')
    await expect(mentor.page.get_by_text(f'You are the mentor of {TITLE}', exact=False).first).to_be_visible()
    await mentor.nothing_ran()
    other: Watched = await as_role(hostile.server.cookies['another mentee'])  # enrolled
    await other.open(f'{url}/sessions/{hostile.session_id}')
    await other.sees_literally(TITLE, DESCRIPTION, ITEM)
    await other.nothing_ran()


async def test_c5_a_mentor_named_with_a_double_quote_is_shown_literally_when_chosen(hostile: Hostile, as_role) -> None:
    manager: Watched = await as_role(hostile.server.cookies['session manager'])
    await manager.open(f'{hostile.server.url}/sessions/new')
    await manager.page.get_by_role('button', name='+ Add mentor').click()
    await manager.page.get_by_label('Search').fill('Vera')
    row = manager.page.get_by_role('listitem').filter(has_text='Vera')
    await row.get_by_role('button', name='Add').click()
    await manager.sees_literally(QUOTED_NAME)
    await manager.nothing_ran()
