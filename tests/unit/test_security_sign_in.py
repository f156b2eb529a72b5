"""R1 / issue 14 item 3: a lockout that ends, a per-client throttle, and a locked user told until when."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import SignInFailed, TooManyAttempts
from domain.services import accounts
from tests.fakes import FakePasswordHasher, InMemoryUnitOfWork
from tests.unit.support import NOW, PASSWORD, People

hasher = FakePasswordHasher()


def _fail(uow: InMemoryUnitOfWork, email: str, now, **client: object) -> None:
    with pytest.raises(SignInFailed):
        accounts.sign_in(uow, hasher, email, 'wrong', 'UTC', now, **client)  # type: ignore[arg-type]


def test_r1_after_the_lock_expires_one_wrong_password_does_not_lock_the_account_again(uow, people: People) -> None:
    for _ in range(accounts.MAX_FAILURES):
        _fail(uow, 'tom@example.org', NOW)
    after_lock = NOW + accounts.LOCKOUT
    _fail(uow, 'tom@example.org', after_lock)  # an attacker's one request every five minutes …
    _, user = accounts.sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', after_lock + timedelta(seconds=1))
    assert user == people.mentor  # … no longer keeps the owner out


def test_r1_a_locked_user_is_told_until_when_in_their_own_time_zone(uow, people: People) -> None:
    for second in range(accounts.MAX_FAILURES):
        _fail(uow, 'tom@example.org', NOW + timedelta(seconds=second))
    with pytest.raises(TooManyAttempts) as refused:
        accounts.sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'Europe/Paris', NOW + timedelta(minutes=1))
    # the last failure at 09:00:04 UTC, so the lock ends 09:05:04 UTC: 10:05:04 in Paris, said as 10:06
    assert refused.value.message == 'Too many failed sign-ins. Wait until 10:06, then try again.'


def test_r1_guessing_across_many_accounts_from_one_client_is_throttled_and_other_clients_are_not(
    uow, people: People
) -> None:
    throttle = accounts.ClientThrottle()
    for attempt in range(accounts.CLIENT_MAX_FAILURES):
        _fail(uow, f'guess{attempt}@example.org', NOW, client='203.0.113.9', throttle=throttle)
    with pytest.raises(TooManyAttempts, match='Wait until 09:05'):
        accounts.sign_in(uow, hasher, 'maya@example.org', PASSWORD, 'UTC', NOW, client='203.0.113.9', throttle=throttle)
    _, user = accounts.sign_in(
        uow, hasher, 'maya@example.org', PASSWORD, 'UTC', NOW, client='198.51.100.1', throttle=throttle
    )
    assert user == people.manager
    later = NOW + accounts.CLIENT_WINDOW
    _, user = accounts.sign_in(
        uow, hasher, 'maya@example.org', PASSWORD, 'UTC', later, client='203.0.113.9', throttle=throttle
    )
    assert user == people.manager
