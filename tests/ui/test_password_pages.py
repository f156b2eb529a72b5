"""R4, R6: the empty installation's sign-in page, "Forgot password?" and "Set your password"."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from nicegui.testing import User

from domain.entities import MailKind
from domain.services.invitations import RESET_ANSWER_START, create_first_admin
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.security import Argon2PasswordHasher
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.ui.conftest import SLOW, should_not_see_on_page, sign_in_as

NEW_PASSWORD = 'seven herons over the dam'


def factory(database: Path) -> SqlUnitOfWorkFactory:
    engine = make_engine(f'sqlite:///{database}')
    migrate_to_head(engine)
    return SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='test')


@pytest.fixture
def empty_install(fresh_demo_database: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real installation (no --demo): main.py starts on an empty database."""
    monkeypatch.delenv('MENTOR_DEMO')
    monkeypatch.setenv('MENTOR_STORAGE_SECRET', 'test-secret-for-an-empty-install')
    return fresh_demo_database


def admin_link(database: Path) -> str:
    link = create_first_admin(
        factory(database)(),
        Argon2PasswordHasher(),
        email='root@example.org',
        name='Rosa Root',
        organization='Harbour Trust',
        password=None,
        repeated=None,
        base_url='http://127.0.0.1:8080',
        now=datetime.now(UTC),
    )
    assert link is not None
    parts = urlsplit(link)
    return f'{parts.path}?{parts.query}'


async def test_r4_the_empty_apps_sign_in_page_says_how_to_begin(empty_install: Path, user: User) -> None:
    await user.open('/login')
    await user.should_see('How to begin')
    await user.should_see('python main.py create-admin --email you@example.org --name "Your Name"')


async def test_r4_once_someone_exists_the_sign_in_page_no_longer_says_how_to_begin(user: User) -> None:
    await user.open('/login')
    await user.should_see('Forgot password?')
    await should_not_see_on_page(user, 'How to begin')


async def test_r6_set_your_password_from_the_link_then_sign_in(empty_install: Path, user: User) -> None:
    path = admin_link(empty_install)
    await user.open(path)
    await user.should_see('Set your password')
    await user.should_see('For Rosa Root (root@example.org)')
    user.find('New password').type('Password1234')
    user.find('Repeat the new password').type('Password1234')
    user.find('Set password').click()
    await user.should_see('too common', retries=SLOW)
    user.find('New password').clear()
    user.find('New password').type(NEW_PASSWORD)
    user.find('Repeat the new password').clear()
    user.find('Repeat the new password').type(NEW_PASSWORD)
    user.find('Set password').click()
    await user.should_see('Your password is set', retries=SLOW)
    await sign_in_as(user, 'root@example.org', NEW_PASSWORD)
    await user.should_see('Rosa Root')


async def test_r6_a_used_link_says_so_and_offers_forgot_password(empty_install: Path, user: User) -> None:
    path = admin_link(empty_install)
    await user.open(path)
    user.find('New password').type(NEW_PASSWORD)
    user.find('Repeat the new password').type(NEW_PASSWORD)
    user.find('Set password').click()
    await user.should_see('Your password is set', retries=SLOW)
    await user.open(path)
    await user.should_see('This link cannot be used any more')
    await user.should_see('Forgot password?')
    await user.open('/login/set-password?token=made-up')
    await user.should_see('This link cannot be used any more')


async def test_r6_forgot_password_answers_the_same_for_known_and_unknown_addresses(
    user: User, fresh_demo_database: Path
) -> None:
    await user.open('/login')
    user.find('Forgot password?').click()
    await user.should_see('Send reset link', retries=SLOW)
    for address in ('mentor@demo.test', 'nobody@demo.test'):
        user.find('E-mail').clear()
        user.find('E-mail').type(address)
        user.find('Send reset link').click()
        await user.should_see(RESET_ANSWER_START, retries=SLOW)
    with factory(fresh_demo_database)(read_only=True) as uow:
        mentor = uow.users.by_email('mentor@demo.test')
        assert mentor is not None
        queued = [m for m in uow.mail.latest(50) if m.kind is MailKind.ACCOUNT]
    assert [m.user_id for m in queued] == [mentor.id]
