"""NiceGUI `user` tests: main.py runs in-process (no server, no browser) on a fresh demo database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui.testing import User

TEST_TIME_ZONE = 'Europe/Berlin'
SLOW = 100  # should_see retries (0.1 s each) for steps that hash a password or start a page


@pytest.fixture(autouse=True)
def fresh_demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Runs before the `user` fixture starts main.py, so main.py sees this configuration."""
    database = tmp_path / 'mentor.db'
    for name in ('MENTOR_HOST', 'MENTOR_PORT', 'MENTOR_STORAGE_SECRET', 'MENTOR_INSTANCE_ID'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('MENTOR_DATABASE_URL', f'sqlite:///{database}')
    monkeypatch.setenv('MENTOR_DEMO', '1')
    yield database


async def sign_in_as(user: User, email: str, password: str = 'mentor-demo') -> None:
    """Sign in through the real sign-in page; the browser's time zone is answered as Europe/Berlin."""
    user.javascript_rules[re.compile(r'.*resolvedOptions\(\)\.timeZone.*')] = lambda _: TEST_TIME_ZONE
    await user.open('/login')
    user.find('E-mail').type(email)
    user.find('Password').type(password)
    user.find('Sign in').click()
    await user.should_see('Sign out', retries=SLOW)
