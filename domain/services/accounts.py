"""R1: signing in and out with e-mail and password; sign-in tokens kept server side."""

from __future__ import annotations

import hashlib
import secrets
import threading
import zoneinfo
from collections import deque
from datetime import datetime, timedelta

from domain import rules
from domain.entities import LoginSession, User
from domain.errors import InvalidInput, SignInFailed, TooManyAttempts
from domain.ports import LoginRevoked, PasswordHasher, UnitOfWork, UnitOfWorkFactory
from domain.zones import clean_time_zone

LOGIN_LIFETIME = timedelta(days=14)
DEACTIVATED = 'This account is deactivated. Ask an org admin of your organization to reactivate it.'
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
CLIENT_MAX_FAILURES = 20  # failed sign-ins of one client (any accounts) within CLIENT_WINDOW before it waits
CLIENT_WINDOW = timedelta(minutes=5)
LAST_TRY_WARNING = f'One more failed try and sign-in waits {LOCKOUT.seconds // 60} minutes.'
CLIENTS_REMEMBERED = 10_000  # beyond this, the clients whose last failure is oldest are forgotten

# One throw-away hash per hasher type, so an unknown e-mail costs about as much time as a wrong password.
_dummy_hashes: dict[type, str] = {}


def token_hash(token: str) -> str:
    """What is stored for a sign-in token: its SHA-256 in hex (the token itself never is)."""
    return hashlib.sha256(token.encode()).hexdigest()


def lockout_message(until: datetime, time_zone: str) -> str:
    """The wait, to the next full minute in the browser's time zone (so 'until' is never too early)."""
    local = until.astimezone(zoneinfo.ZoneInfo(clean_time_zone(time_zone)))
    minute = (local + timedelta(seconds=59, microseconds=999_999)).replace(second=0, microsecond=0)
    return f'Too many failed sign-ins. Wait until {minute:%H:%M}, then try again.'


class ClientThrottle:
    """Failed sign-ins per client address, in this process: guessing across many accounts slows down too."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[datetime]] = {}
        self._streaks: dict[str, tuple[str, int, datetime]] = {}  # client: (e-mail, failures in a row, last)
        self._lock = threading.Lock()  # sign-ins run in worker threads

    def wait_until(self, client: str, now: datetime) -> datetime | None:
        with self._lock:
            failures = self._failures.get(client)
            while failures and now - failures[0] >= CLIENT_WINDOW:
                failures.popleft()
            if not failures:
                self._failures.pop(client, None)
                return None
            return failures[0] + CLIENT_WINDOW if len(failures) >= CLIENT_MAX_FAILURES else None

    def record_failure(self, client: str, now: datetime, email: str = '') -> int:
        """Count a failure; return how many in a row this client failed with this e-mail address, known or not
        (so that the warning before the lockout says nothing about whether an account exists)."""
        with self._lock:
            failures = self._failures.pop(client, deque(maxlen=CLIENT_MAX_FAILURES))
            failures.append(now)
            self._failures[client] = failures  # re-inserted last: the dict runs from the oldest failure on
            address = email.strip().casefold()
            last = self._streaks.pop(client, None)
            in_a_row = last[1] + 1 if last and last[0] == address and now - last[2] < LOCKOUT else 1
            self._streaks[client] = (address, in_a_row, now)
            for remembered in (self._failures, self._streaks):
                while len(remembered) > CLIENTS_REMEMBERED:
                    del remembered[next(iter(remembered))]
            return in_a_row


def _dummy_verify(hasher: PasswordHasher, password: str) -> None:
    dummy = _dummy_hashes.get(type(hasher))
    if dummy is None:
        dummy = _dummy_hashes[type(hasher)] = hasher.hash(secrets.token_urlsafe(16))
    hasher.verify(dummy, password)


def _locked_until(uow: UnitOfWork, user_id: int, now: datetime) -> datetime | None:
    """The end of the account's lock; None when not locked. An expired lock no longer counts at all."""
    failures, last_failure = uow.users.failed_sign_ins(user_id)
    if last_failure is None or now - last_failure >= LOCKOUT:
        return None
    return last_failure + LOCKOUT if failures >= MAX_FAILURES else None


def _check_filled(email: str, password: str) -> None:
    """R1: an empty field is said by name, and is no failed try (it counts toward no lockout)."""
    missing = [name for name, value in (('e-mail address', email.strip()), ('password', password)) if not value]
    if missing:
        raise InvalidInput(f'Enter your {" and ".join(missing)}.', 'email' if email.strip() == '' else 'password')


def _record_failure(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    _, last_failure = uow.users.failed_sign_ins(user_id)
    if last_failure is not None and now - last_failure >= LOCKOUT:
        uow.users.reset_failed_sign_ins(user_id)  # failures older than a lock are forgotten: a fresh count
    uow.users.record_failed_sign_in(user_id, now)


def sign_in(
    uows: UnitOfWorkFactory,
    hasher: PasswordHasher,
    email: str,
    password: str,
    time_zone: str,
    now: datetime,
    *,
    client: str = '',
    throttle: ClientThrottle | None = None,
) -> tuple[str, User]:
    """R1: check e-mail and password; return a fresh token for the browser and the user.

    Wrong e-mail and wrong password give the same refusal. After five consecutive failures of one account
    within five minutes of each other, sign-ins are refused for five minutes after the last failure, even
    with the right password; the refusal says until when. A client (with a `throttle`) that failed
    CLIENT_MAX_FAILURES times within CLIENT_WINDOW waits too. The password is checked outside any write
    transaction (argon2 takes a quarter of a second), and a hash made with outdated parameters is renewed.
    """
    if throttle is not None and (until := throttle.wait_until(client, now)) is not None:
        raise TooManyAttempts(lockout_message(until, time_zone))
    _check_filled(email, password)
    with uows(read_only=True) as uow:
        user = uow.users.by_email(email.strip()) if rules.storable(email) else None
        locked_until = None if user is None else _locked_until(uow, user.id, now)
        stored = None if user is None else uow.users.password_hash(user.id)
    if locked_until is not None:
        raise TooManyAttempts(lockout_message(locked_until, time_zone))
    if user is None or stored is None:
        _dummy_verify(hasher, password)
    verified = user is not None and stored is not None and hasher.verify(stored, password)
    if user is None or not verified:
        if user is not None:
            with uows() as uow:
                _record_failure(uow, user.id, now)
                uow.commit()
        in_a_row = 0 if throttle is None else throttle.record_failure(client, now, email)
        raise SignInFailed(warning=LAST_TRY_WARNING if in_a_row == MAX_FAILURES - 1 else '')
    if not user.active:  # R5: told only after the right password, so the answer reveals nothing to others
        raise SignInFailed(DEACTIVATED)
    renewed = hasher.hash(password) if stored is not None and hasher.needs_rehash(stored) else None
    with uows() as uow:
        if (locked_until := _locked_until(uow, user.id, now)) is not None:  # failures of a parallel attempt
            raise TooManyAttempts(lockout_message(locked_until, time_zone))
        uow.users.reset_failed_sign_ins(user.id)
        if renewed is not None:
            uow.users.set_password_hash(user.id, renewed)
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
        return None if user is None or not user.active else (user, login)  # R5: deactivated: pages end


def sign_out(uow: UnitOfWork, token: str, now: datetime) -> None:
    """R1: revoke the token on the server, so a copy of it is worthless too."""
    with uow:
        uow.logins.revoke(token_hash(token), now)
        uow.record(LoginRevoked(token_hash(token)))  # every open page of the login ends, on every instance
        uow.commit()
