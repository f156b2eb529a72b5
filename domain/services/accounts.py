"""R1: signing in and out with e-mail and password; sign-in tokens kept server side."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from domain import rules
from domain.entities import LoginSession, User
from domain.errors import SignInFailed, TooManyAttempts
from domain.ports import PasswordHasher, UnitOfWork
from domain.services._shared import clean_time_zone

LOGIN_LIFETIME = timedelta(days=14)
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
LOCKOUT_MESSAGE = 'Too many failed sign-ins. Wait 5 minutes, then try again.'

# One throw-away hash per hasher type, so an unknown e-mail costs about as much time as a wrong password.
_dummy_hashes: dict[type, str] = {}


def token_hash(token: str) -> str:
    """What is stored for a sign-in token: its SHA-256 in hex (the token itself never is)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _dummy_verify(hasher: PasswordHasher, password: str) -> None:
    dummy = _dummy_hashes.get(type(hasher))
    if dummy is None:
        dummy = _dummy_hashes[type(hasher)] = hasher.hash(secrets.token_urlsafe(16))
    hasher.verify(dummy, password)


def _check_not_locked(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    failures, last_failure = uow.users.failed_sign_ins(user_id)
    if failures >= MAX_FAILURES and last_failure is not None and now - last_failure < LOCKOUT:
        raise TooManyAttempts(LOCKOUT_MESSAGE)


def sign_in(
    uow: UnitOfWork, hasher: PasswordHasher, email: str, password: str, time_zone: str, now: datetime
) -> tuple[str, User]:
    """R1: check e-mail and password; return a fresh token for the browser and the user.

    Wrong e-mail and wrong password give the same refusal. After five consecutive failures of one
    account, sign-ins are refused for five minutes after the last failure, even with the right password.
    """
    with uow:
        user = uow.users.by_email(email.strip()) if rules.storable(email) else None
        if user is None:
            _dummy_verify(hasher, password)
            raise SignInFailed()
        _check_not_locked(uow, user.id, now)
        stored = uow.users.password_hash(user.id)
        if stored is None or not hasher.verify(stored, password):
            uow.users.record_failed_sign_in(user.id, now)
            uow.commit()
            raise SignInFailed()
        uow.users.reset_failed_sign_ins(user.id)
        token = secrets.token_urlsafe(32)
        login = LoginSession(token_hash(token), user.id, now, now + LOGIN_LIFETIME, clean_time_zone(time_zone))
        uow.logins.add(login)
        uow.mail.set_time_zone(user.id, login.time_zone)  # N1: mails name the zone the user last signed in from
        uow.commit()
        return token, user


def user_for_token(uow: UnitOfWork, token: str, now: datetime) -> tuple[User, LoginSession] | None:
    """The signed-in user behind a browser's token; None when unknown, revoked or expired."""
    with uow:
        login = uow.logins.get(token_hash(token))
        if login is None or login.revoked_at is not None or now >= login.expires_at:
            return None
        user = uow.users.get(login.user_id)
        return None if user is None else (user, login)


def sign_out(uow: UnitOfWork, token: str, now: datetime) -> None:
    """R1: revoke the token on the server, so a copy of it is worthless too."""
    with uow:
        uow.logins.revoke(token_hash(token), now)
        uow.commit()
