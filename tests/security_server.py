"""A real server (`python main.py --demo`) whose database was seeded beforehand with the security cast, and a
login cookie for every role — as the browser would hold after signing in (the token stored server side,
the cookie signed with the storage secret), so that tests can act as anyone without the sign-in page.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import re
import secrets
import select
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from config import DEMO_STORAGE_SECRET
from domain.entities import LoginSession, User
from domain.services.accounts import token_hash
from persistence.database import make_engine, migrate_to_head
from persistence.demo_data import seed_demo
from persistence.events import InMemoryEventBus
from persistence.security import Argon2PasswordHasher
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import Server, start_server, stop_server
from tests.security_support import Cast, seed_cast

COOKIE = 'mentor_login'
BOUNDARY = 'issue14boundary'
MIB = 1024 * 1024
SERVER_START_IN = timedelta(days=2)  # the cast's sessions, counted from the real clock the server reads


Seeder = Callable[[SqlUnitOfWorkFactory, Cast, datetime], dict[str, Any]]


@dataclass
class SeededServer:
    server: Server
    database_url: str
    cast: Cast
    cookies: dict[str, str]  # role → value of the login cookie
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)  # what each seeder returned, by its name

    @property
    def url(self) -> str:
        return self.server.url

    def uows(self) -> SqlUnitOfWorkFactory:
        """A unit-of-work factory on the server's database, for seeding and for checking after the fact."""
        return SqlUnitOfWorkFactory(make_engine(self.database_url), InMemoryEventBus(), instance_id='test-process')


def cookie_for(token: str, secret: str = DEMO_STORAGE_SECRET) -> str:
    """What ui/auth.py puts in the login cookie: the token and its HMAC under the storage secret."""
    return f'{token}.{hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()[:32]}'


def login_cookie(uows: SqlUnitOfWorkFactory, user: User, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    with uows() as uow:
        uow.logins.add(LoginSession(token_hash(token), user.id, now, now + timedelta(days=1), 'Europe/Berlin'))
        uow.commit()
    return cookie_for(token)


def seed_and_start(
    tmp: Path,
    seeders: dict[str, Seeder] | None = None,
    *,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> SeededServer:
    """Demo data, the cast, what each seeder adds and a login per role, stored before the server starts;
    then start it."""
    url = database_url or f'sqlite:///{tmp / "mentor.db"}'
    now = datetime.now(UTC)
    engine = make_engine(url)
    try:
        migrate_to_head(engine)
        uows = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='seeder')
        seed_demo(uows, Argon2PasswordHasher(), now)
        cast = seed_cast(uows, now, start_in=SERVER_START_IN)
        extras = {name: seed(uows, cast, now) for name, seed in (seeders or {}).items()}
        cookies = {role: login_cookie(uows, user, now) for role, user in cast.people.items()}
    finally:
        engine.dispose()
    server = start_server(tmp, database_url=url, extra_env=extra_env)
    return SeededServer(server, url, cast, cookies, extras)


# --- one server for the security e2e modules --------------------------------------------------------
# Starting and seeding a server costs seconds; the modules that only read, or change data of their own,
# share one. Each registers its seeder when it is imported (collection comes before any test runs).
# It runs with MENTOR_SECURE_COOKIES=1: Chromium keeps Secure cookies for http://127.0.0.1 too.

SHARED_SEEDERS: dict[str, Seeder] = {}
_shared: list[SeededServer] = []


def shared_seeder(name: str) -> Callable[[Seeder], Seeder]:
    def register(seed: Seeder) -> Seeder:
        SHARED_SEEDERS[name] = seed
        return seed

    return register


def shared_server(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    """The shared server, started on first use and stopped when the test process ends."""
    if not _shared:
        running = seed_and_start(
            tmp_path_factory.mktemp('shared-server'), dict(SHARED_SEEDERS), extra_env={'MENTOR_SECURE_COOKIES': '1'}
        )
        atexit.register(stop_server, running.server)
        _shared.append(running)
    return _shared[0]


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (the server's worker processes for Pillow, for instance)."""
    found = [pid]
    for child in Path(f'/proc/{pid}/task/{pid}/children').read_text().split():
        found += process_tree(int(child))
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of one process in KiB, from /proc/<pid>/status."""
    status = Path(f'/proc/{pid}/status').read_text()
    values = {m[1]: int(m[2]) for m in re.finditer(r'^(VmRSS|VmHWM):\s+(\d+) kB', status, re.MULTILINE)}
    return values['VmRSS'], values['VmHWM']


def reset_peak(pid: int) -> None:
    """Start VmHWM afresh at the current RSS (writing 5 to clear_refs, Linux ≥ 4.0), so a later peak is ours."""
    Path(f'/proc/{pid}/clear_refs').write_text('5')


def _multipart(size: int) -> tuple[bytes, Iterator[bytes], bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\n'
        'Content-Type: image/jpeg\r\n\r\n'
    ).encode()
    chunk = bytes(MIB)
    return head, (chunk[: min(MIB, size - sent)] for sent in range(0, size, MIB)), f'\r\n--{BOUNDARY}--\r\n'.encode()


def post_raw(url: str, path: str, size: int, *, cookie: str | None, chunked: bool = False) -> int:
    """POST a multipart body of `size` bytes over a plain socket, stopping as soon as the server answers (a server
    that refuses early must not make the client fail before it can read why). The status code."""
    host, port = urlsplit(url).hostname or '', urlsplit(url).port or 80
    head, middle, tail = _multipart(size)
    lines = [f'POST {path} HTTP/1.1', f'Host: {host}:{port}', f'Content-Type: multipart/form-data; boundary={BOUNDARY}']
    lines += ['Transfer-Encoding: chunked'] if chunked else [f'Content-Length: {len(head) + size + len(tail)}']
    lines += [f'Cookie: {COOKIE}={cookie}'] if cookie else []
    with socket.create_connection((host, port), timeout=60) as connection:
        connection.sendall(('\r\n'.join(lines) + '\r\n\r\n').encode())
        for part in [head, *middle, tail]:
            if select.select([connection], [], [], 0)[0]:
                break  # the server has answered already
            try:
                connection.sendall(f'{len(part):x}\r\n'.encode() + part + b'\r\n' if chunked else part)
            except (BrokenPipeError, ConnectionResetError):
                break
        else:
            if chunked:
                connection.sendall(b'0\r\n\r\n')
        answer = connection.recv(4096).decode('latin-1')
    return int(answer.split(' ', 2)[1])


def written_bytes(pids: list[int]) -> int:
    """Bytes the processes passed to write() so far (`wchar` of /proc/<pid>/io): files, pipes and sockets."""
    total = 0
    for pid in pids:
        fields = dict(line.split(': ') for line in Path(f'/proc/{pid}/io').read_text().splitlines())
        total += int(fields['wchar'])
    return total
