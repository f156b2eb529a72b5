"""NiceGUI `user` tests: main.py runs in-process (no server, no browser) on a fresh demo database."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from nicegui import Client, context, ui
from nicegui.testing import User
from nicegui.testing.user_navigate import UserNavigate
from nicegui.testing.user_notify import UserNotify

from persistence.demo_data import DEMO_PASSWORD
from ui.components.app_header import AppHeader
from ui.components.session_card import SessionCard
from ui.components.session_tiles import SessionTiles

TEST_TIME_ZONE = 'Europe/Berlin'
SLOW = 100  # should_see retries (0.1 s each) for steps that hash a password or start a page
# A sign-in: argon2 takes a quarter second on a quiet machine; CI once took over 10 s beside the other test
# processes' browsers. A sign-in that works waits only as long as it takes.
SIGN_IN = 300


@pytest.fixture(autouse=True)
def fresh_demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Runs before the `user` fixture starts main.py, so main.py sees this configuration."""
    database = tmp_path / 'mentor.db'
    for name in ('MENTOR_HOST', 'MENTOR_PORT', 'MENTOR_STORAGE_SECRET', 'MENTOR_INSTANCE_ID'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('MENTOR_DATABASE_URL', f'sqlite:///{database}')
    monkeypatch.setenv('MENTOR_DEMO', '1')
    yield database


@pytest.fixture(autouse=True)
def each_page_navigates_and_notifies_its_own_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """NiceGUI's simulated User points the module-wide `ui.navigate` and `ui.notify` at whichever user last had an
    attribute read, and a live update of another user's page reads that user's. With several users, a sign-in's
    navigation (or a refusal's notification) could land in another user's browser: the signing-in user stayed on
    the sign-in page (seen on CI). Here they go to the user whose page the calling code runs in."""
    users: dict[str, User] = {}  # client id → the simulated user who opened that page
    opened, navigated, notified = User.open, UserNavigate.to, UserNotify.__call__

    async def open_and_remember(self: User, path: str, *, clear_forward_history: bool = True) -> Client:
        client = await opened(self, path, clear_forward_history=clear_forward_history)
        users[client.id] = self
        return client

    def acting_user() -> User | None:
        try:
            return users.get(context.client.id)
        except RuntimeError:  # called outside any page (a test's own code): NiceGUI's choice stands
            return None

    def navigate_its_own(self: UserNavigate, target: Any, new_tab: bool = False) -> None:
        acting = acting_user()
        navigated(acting.navigate if acting is not None else self, target, new_tab)

    def notify_its_own(self: UserNotify, message: str, **kwargs: Any) -> None:
        acting = acting_user()
        notified(acting.notify if acting is not None else self, message, **kwargs)

    monkeypatch.setattr(User, 'open', open_and_remember)
    monkeypatch.setattr(UserNavigate, 'to', navigate_its_own)
    monkeypatch.setattr(UserNotify, '__call__', notify_its_own)


async def sign_in_as(user: User, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real sign-in page; the browser's time zone is answered as Europe/Berlin. Waits as long
    as argon2 and the page's wait for the time zone need on a busy machine."""
    user.javascript_rules[re.compile(r'.*resolvedOptions\(\)\.timeZone.*')] = lambda _: TEST_TIME_ZONE
    await user.open('/login')
    user.find('E-mail').type(email)
    user.find('Password').type(password)
    user.find(kind=ui.button, content='Sign in').click()
    try:
        await should_see_on_page(user, 'Sign out', retries=SIGN_IN)
    except AssertionError as error:  # once seen on CI (30 s, no message on the page): say where the threads were
        raise AssertionError(f'{error}\n\nthreads of this process:\n{_thread_stacks()}') from None


def _thread_stacks() -> str:
    frames = sys._current_frames()  # documented in the sys module: every thread's current frame
    return '\n'.join(
        f'--- {thread.name}:\n' + ''.join(traceback.format_stack(frames[thread.ident])[-8:])
        for thread in threading.enumerate()
        if thread.ident in frames
    )


def page_header(user: User) -> AppHeader:
    """The header of the open page (one element, drawn by the browser from data: ui/components/app_header.py)."""
    (header,) = user.find(kind=AppHeader).elements
    return header


def header_links(user: User) -> dict[str, str]:
    """The header's navigation, each link's text and address."""
    return page_header(user).links


def press_header(user: User, name: str) -> None:
    """A click on the header's button of that name (its text, or an icon's spoken name), sent as the browser
    sends it."""
    user.find(kind=AppHeader).trigger('press', name)


async def follow_header_link(user: User, text: str) -> None:
    """What a click on that link of the header does: open its address."""
    await user.open(header_links(user)[text])


# Elements the browser draws from data (one NiceGUI element each, P6/P11): NiceGUI's simulated user reads only an
# element's own props, so `user.should_see` does not find their texts; these helpers read their public `texts`.
DRAWN_FROM_DATA: tuple[type[AppHeader | SessionCard | SessionTiles], ...] = (AppHeader, SessionCard, SessionTiles)


def drawn_texts(user: User) -> list[str]:
    """The texts the page's header, Session Details card and session lists show."""
    texts: list[str] = []
    for kind in DRAWN_FROM_DATA:
        with suppress(AssertionError):  # none of that kind on this page
            texts += [str(text) for element in user.find(kind=kind).elements for text in element.texts]
    return texts


def _on_page(user: User, text: str) -> bool:
    """Whether the page shows `text`: in an element, in a notification, or in an element drawn from data."""
    if user.notify.contains(text) or any(text in shown for shown in drawn_texts(user)):
        return True
    try:
        user.find(text)
    except AssertionError:
        return False
    return True


async def should_see_on_page(user: User, text: str, retries: int = 3) -> None:
    """`user.should_see(text)`, counting the texts of the elements drawn from data."""
    await _until_on_page(user, text, True, retries)


async def should_not_see_on_page(user: User, text: str, retries: int = 3) -> None:
    """`user.should_not_see(text)`, counting the texts of the elements drawn from data."""
    await _until_on_page(user, text, False, retries)


async def _until_on_page(user: User, text: str, shown: bool, retries: int) -> None:
    for _ in range(retries):
        if _on_page(user, text) is shown:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f'expected {"" if shown else "not "}to see {text!r}')
