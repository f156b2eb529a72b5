"""R1: signing in and out."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from domain.errors import InvalidInput, SignInFailed, TooManyAttempts
from domain.services.accounts import ClientThrottle, sign_in, sign_out, token_hash, user_for_token
from tests.fakes import FakePasswordHasher
from tests.unit.support import NOW, PASSWORD
from ui.timefmt import show

hasher = FakePasswordHasher()
LOCKOUT_MESSAGE = re.compile(r'^Too many failed sign-ins\. Wait until \d\d:\d\d, then try again\.$')


def test_r1_sign_in_returns_a_token_that_finds_the_user(uow, people) -> None:
    token, user = sign_in(uow, hasher, 'Tom@Example.org ', PASSWORD, 'Europe/Paris', NOW)
    assert user == people.mentor
    found = user_for_token(uow, token, NOW + timedelta(days=1))
    assert found is not None
    assert found[0] == people.mentor
    assert found[1].time_zone == 'Europe/Paris'
    assert found[1].token_hash == token_hash(token) != token


def test_r1_every_sign_in_gets_a_fresh_token(uow, people) -> None:
    first, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    second, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    assert first != second
    assert len(first) >= 40


def test_r1_unknown_time_zone_falls_back_to_utc(uow, people) -> None:
    token, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'Mars/Olympus', NOW)
    found = user_for_token(uow, token, NOW)
    assert found is not None
    assert found[1].time_zone == 'UTC'


def test_r1_wrong_password_and_unknown_email_give_the_same_refusal(uow, people) -> None:
    with pytest.raises(SignInFailed) as wrong_password:
        sign_in(uow, hasher, 'tom@example.org', 'nope', 'UTC', NOW)
    with pytest.raises(SignInFailed) as unknown_email:
        sign_in(uow, hasher, 'nobody@example.org', PASSWORD, 'UTC', NOW)
    assert wrong_password.value.message == unknown_email.value.message
    assert 'do not match' in wrong_password.value.message


def test_r1_five_failures_lock_the_account_for_five_minutes_even_with_the_right_password(uow, people) -> None:
    for attempt in range(5):
        with pytest.raises(SignInFailed):
            sign_in(uow, hasher, 'tom@example.org', 'nope', 'UTC', NOW + timedelta(seconds=attempt))
    last_failure = NOW + timedelta(seconds=4)
    with pytest.raises(TooManyAttempts, match=LOCKOUT_MESSAGE):
        sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', last_failure + timedelta(minutes=4, seconds=59))
    _, user = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', last_failure + timedelta(minutes=5))
    assert user == people.mentor


def test_r1_a_success_resets_the_failure_count(uow, people) -> None:
    for _ in range(4):
        with pytest.raises(SignInFailed):
            sign_in(uow, hasher, 'tom@example.org', 'nope', 'UTC', NOW)
    sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            sign_in(uow, hasher, 'tom@example.org', 'nope', 'UTC', NOW)
    _, user = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    assert user == people.mentor


def test_r1_lockout_of_one_account_leaves_others_alone(uow, people) -> None:
    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in(uow, hasher, 'tom@example.org', 'nope', 'UTC', NOW)
    _, user = sign_in(uow, hasher, 'maya@example.org', PASSWORD, 'UTC', NOW)
    assert user == people.manager


def test_r1_unknown_token_finds_nobody(uow, people) -> None:
    assert user_for_token(uow, 'made-up', NOW) is None


def test_r1_token_expires_after_14_days(uow, people) -> None:
    token, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    assert user_for_token(uow, token, NOW + timedelta(days=14) - timedelta(seconds=1)) is not None
    assert user_for_token(uow, token, NOW + timedelta(days=14)) is None


def test_r1_sign_out_revokes_the_token_on_the_server(uow, people) -> None:
    token, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    other, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    sign_out(uow, token, NOW)
    assert user_for_token(uow, token, NOW) is None
    assert user_for_token(uow, other, NOW) is not None


def test_r1_signing_out_an_unknown_token_is_harmless(uow, people) -> None:
    sign_out(uow, 'made-up', NOW)


def test_r1_empty_fields_say_what_is_missing_and_are_no_failed_try(uow, people) -> None:
    missing = [
        ('', '', 'Enter your e-mail address and password.'),
        (' ', PASSWORD, 'Enter your e-mail address.'),
        ('tom@example.org', '', 'Enter your password.'),
    ]
    for email, password, says in missing:
        with pytest.raises(InvalidInput) as refused:
            sign_in(uow, hasher, email, password, 'UTC', NOW)
        assert refused.value.message == says
    for attempt in range(6):
        with pytest.raises(InvalidInput):
            sign_in(uow, hasher, 'tom@example.org', '', 'UTC', NOW + timedelta(seconds=attempt))
    _, user = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW + timedelta(seconds=7))
    assert user == people.mentor  # not locked out


def test_r1_the_try_before_the_lockout_warns_alike_for_known_and_unknown_addresses(uow, people) -> None:
    throttle = ClientThrottle()
    for email, client in (('tom@example.org', '10.0.0.1'), ('nobody@example.org', '10.0.0.2')):
        said = []
        for attempt in range(4):
            with pytest.raises(SignInFailed) as refused:
                when = NOW + timedelta(seconds=attempt)
                sign_in(uow, hasher, email, 'nope', 'UTC', when, client=client, throttle=throttle)
            said.append(refused.value.message)
        plain = 'That e-mail and password do not match an account.'
        assert said == [plain] * 3 + [f'{plain} One more failed try and sign-in waits 5 minutes.']


def test_e3_a_browser_legacy_zone_name_is_kept_by_its_current_name(uow, people) -> None:
    for legacy, current in (('Asia/Calcutta', 'Asia/Kolkata'), ('Europe/Kiev', 'Europe/Kyiv'), ('UTC', 'UTC')):
        token, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, legacy, NOW)
        found = user_for_token(uow, token, NOW)
        assert found is not None
        assert found[1].time_zone == current


def test_e3_a_zone_stored_by_its_legacy_name_is_shown_by_its_current_name() -> None:
    assert show(NOW, 'Asia/Calcutta').endswith('IST (Asia/Kolkata)')
