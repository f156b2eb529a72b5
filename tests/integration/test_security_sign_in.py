"""R1 / issue 14 item 2: checking a password (argon2, ~230 ms) holds no write transaction, so sign-ins never stall
enrollments; and an outdated argon2 hash is upgraded at sign-in."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from domain.errors import SignInFailed
from domain.services import accounts
from persistence.security import Argon2PasswordHasher
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.fakes import FakePasswordHasher
from tests.integration.builders import add_user

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


class PasswordCheckThatWaits(FakePasswordHasher):
    """Holds every password check until released, so the test can act while one is running."""

    def __init__(self) -> None:
        self.checking = threading.Event()
        self.release = threading.Event()

    def verify(self, password_hash: str, password: str) -> bool:
        self.checking.set()
        self.release.wait(10)
        return super().verify(password_hash, password)


@pytest.mark.parametrize('email', ['known@example.test', 'unknown@example.test'])
def test_r1_while_a_password_is_being_checked_other_writes_go_ahead(
    uow_factory: SqlUnitOfWorkFactory, email: str
) -> None:
    add_user(uow_factory, 'Known', email='known@example.test')
    hasher = PasswordCheckThatWaits()

    def sign_in() -> None:
        with pytest.raises(SignInFailed):
            accounts.sign_in(uow_factory, hasher, email, 'pw', 'UTC', NOW)

    attempt = threading.Thread(target=sign_in)
    writer_done = threading.Event()

    def write() -> None:
        with uow_factory() as uow:
            uow.users.add_organization('Written during a sign-in')
            uow.commit()
        writer_done.set()

    attempt.start()
    try:
        assert hasher.checking.wait(10)
        start = time.perf_counter()
        threading.Thread(target=write, daemon=True).start()
        assert writer_done.wait(2), 'a write waited for the password check'
        assert time.perf_counter() - start < 1
    finally:
        hasher.release.set()
        attempt.join(15)


def test_r1_signing_in_upgrades_a_hash_made_with_weaker_argon2_parameters(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = add_user(uow_factory, 'Old Hash', email='old@example.test')
    weak = Argon2PasswordHasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    today = Argon2PasswordHasher()
    with uow_factory() as uow:
        uow.users.set_password_hash(user.id, weak.hash('secret words'))
        uow.commit()
    accounts.sign_in(uow_factory, today, 'old@example.test', 'secret words', 'UTC', NOW)
    with uow_factory(read_only=True) as uow:
        stored = uow.users.password_hash(user.id)
    assert stored is not None
    assert not today.needs_rehash(stored)
    assert today.verify(stored, 'secret words')
    accounts.sign_in(uow_factory, today, 'old@example.test', 'secret words', 'UTC', NOW)  # and it still signs in
