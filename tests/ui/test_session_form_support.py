"""Helpers for the session form's `user` tests (this module holds no tests itself)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nicegui import ui
from nicegui.testing import User

from domain.services import queries
from tests.ui.conftest import TEST_TIME_ZONE, should_see_on_page
from ui.context import app_context

PATIENCE = 50  # should_see retries (0.1 s each): signing in runs argon2, saving runs a transaction


async def sign_in(user: User, email: str, password: str = 'mentor-demo', time_zone: str = TEST_TIME_ZONE) -> None:
    """Like conftest's sign_in_as, but patient: argon2 on a busy machine takes longer than 0.3 s."""
    user.javascript_rules[re.compile(r'.*resolvedOptions\(\)\.timeZone.*')] = lambda _: time_zone
    await user.open('/login')
    user.find('E-mail').type(email)
    user.find('Password').type(password)
    user.find(kind=ui.button, content='Sign in').click()  # the page's subtitle also says "Sign in …"
    await should_see_on_page(user, 'Sign out', retries=PATIENCE)


def local(days: int = 3, hour: int = 10, minute: int = 0) -> str:
    """A time `days` from now in the test zone, as typed into Start date / End date."""
    moment = datetime.now(ZoneInfo(TEST_TIME_ZONE)) + timedelta(days=days)
    return moment.replace(hour=hour, minute=minute).strftime('%Y-%m-%d %H:%M')


def type_into(user: User, marker: str, text: str) -> None:
    user.find(marker=marker).clear().type(text)


async def choose_options(user: User, button: str, window: str, labels: list[str]) -> None:
    """Open "+Select …", tick the labels, "Save"."""
    user.find(button).click()
    await user.should_see(marker=window)
    with user.scope(marker=window):
        for label in labels:
            user.find(kind=ui.checkbox, content=label).click()
        user.find('Save').click()
    await user.should_not_see(marker=window)


async def fill_required(user: User, title: str = 'Résumé clinic — what works') -> None:
    """Title, description, a future start and end, and one item in each of the three lists."""
    type_into(user, 'session-title', title)
    type_into(user, 'description', "Bring your CV; we'll go through it together. 😊")
    type_into(user, 'start-date', local(days=20, hour=10))
    type_into(user, 'end-date', local(days=20, hour=11))
    await choose_options(user, '+Select Recommended for', 'window-recommended-for', ['Students'])
    await choose_options(user, '+Select Categories', 'window-categories', ['Communication'])
    await choose_options(user, '+Select Medium', 'window-medium', ['English'])


async def should_see_beside(user: User, field: str, message: str) -> None:
    """The message shows in the field's own box, next to the control (E2)."""
    await user.should_see(content=message, retries=PATIENCE)
    with user.scope(marker=f'field-{field}'):
        await user.should_see(message)


def session_id(mentor_email: str, title: str) -> int:
    """The id of one of the demo sessions the mentor runs, found the way "My mentoring sessions" finds it."""
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        actor = uow.users.by_email(mentor_email)
    assert actor is not None
    for finished in (False, True):
        page = queries.my_mentoring_sessions(
            context.uow_factory(read_only=True), actor, context.clock(), finished=finished, per_page=100
        )
        for summary in page.items:
            if summary.session.title == title:
                return summary.session.id
    raise AssertionError(f'no session titled {title!r}')
