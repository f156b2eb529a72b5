"""NiceGUI `user` tests: main.py runs in-process (no server, no browser) on a fresh demo database."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from persistence.demo_data import DEMO_PASSWORD
from ui.components.session_tiles import SessionTiles
from ui.components.static_markup import Markup

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


async def sign_in_as(user: User, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real sign-in page; the browser's time zone is answered as Europe/Berlin. Waits as long
    as argon2 and the page's wait for the time zone need on a busy machine."""
    user.javascript_rules[re.compile(r'.*resolvedOptions\(\)\.timeZone.*')] = lambda _: TEST_TIME_ZONE
    await user.open('/login')
    user.find('E-mail').type(email)
    user.find('Password').type(password)
    user.find(kind=ui.button, content='Sign in').click()
    await user.should_see('Sign out', retries=SIGN_IN)


def header_links(user: User) -> dict[str, str]:
    """The header's navigation, each link's text and address, as its markup draws them (ui/layout.py, P11)."""
    (nav,) = user.find(kind=Markup, marker='main-nav').elements
    anchors = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', nav.content)
    return {unescape(text): unescape(address) for address, text in anchors}


async def follow_header_link(user: User, text: str) -> None:
    """What a click on that link of the header does: open its address."""
    await user.open(header_links(user)[text])


def _listed(user: User, text: str) -> bool:
    """Whether an element on the page, or a session list drawn from data (Home's tiles), shows `text`."""
    if any(text in shown for tiles in user.find(kind=SessionTiles).elements for shown in tiles.texts):
        return True
    try:
        user.find(text)
    except AssertionError:
        return False
    return True


async def should_see_listed(user: User, text: str, retries: int = 3) -> None:
    """`user.should_see`, counting the texts of Home's session lists too (drawn by the browser from data)."""
    for _ in range(retries):
        if _listed(user, text):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f'expected to see {text!r}')


async def should_not_see_listed(user: User, text: str, retries: int = 3) -> None:
    for _ in range(retries):
        if not _listed(user, text):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f'expected not to see {text!r}')
