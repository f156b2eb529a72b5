"""S1: SIGTERM drains an instance: it stops taking connections, lets the request in flight finish, closes the
LISTEN connection and exits 0 without a traceback. A real server process on PostgreSQL; the request is made
slow by holding a lock on the sign-in table that the sign-in gate reads."""

from __future__ import annotations

import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import pytest

from persistence.database import make_engine
from persistence.events import InMemoryEventBus, libpq_dsn
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import start_server, stop_server
from tests.security_server import COOKIE, login_cookie

pytestmark = pytest.mark.postgres

INSTANCE = 'draining'


def _cookie(database_url: str) -> str:
    uows = SqlUnitOfWorkFactory(make_engine(database_url), InMemoryEventBus(), instance_id='test-process')
    with uows(read_only=True) as uow:
        mentee = uow.users.by_email('mentee1@demo.test')
    assert mentee is not None
    cookie = login_cookie(uows, mentee, datetime.now(UTC))
    uows.engine.dispose()
    return cookie


def _until(condition: object, seconds: float = 15) -> None:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert condition()


def test_s1_sigterm_finishes_the_request_in_flight_refuses_new_ones_and_exits_cleanly(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    server = start_server(tmp_path, database_url=fresh_postgres_url, extra_env={'MENTOR_INSTANCE_ID': INSTANCE})
    try:
        cookie = _cookie(fresh_postgres_url)
        dsn = libpq_dsn(fresh_postgres_url)
        with psycopg.connect(dsn) as locker, psycopg.connect(dsn, autocommit=True) as watcher:

            def count(condition: str) -> int:
                row = watcher.execute(f'SELECT count(*) FROM pg_stat_activity WHERE {condition}').fetchone()  # noqa: S608 - the test's own conditions
                return int(row[0]) if row else 0

            _until(lambda: count(f"application_name = 'mentor-listener:{INSTANCE}'") == 1)
            locker.execute('LOCK TABLE logins IN ACCESS EXCLUSIVE MODE')  # held until commit
            answers: list[httpx.Response] = []
            request = threading.Thread(
                target=lambda: answers.append(httpx.get(f'{server.url}/inbox', cookies={COOKIE: cookie}, timeout=60))
            )
            request.start()
            _until(lambda: count("wait_event_type = 'Lock' AND query ILIKE '%logins%'") >= 1)  # in flight

            server.process.send_signal(signal.SIGTERM)

            def refuses_new_connections() -> bool:
                try:
                    httpx.get(f'{server.url}/healthz', timeout=2)
                except (httpx.ConnectError, httpx.ReadError):
                    # Refused, or reset: a connection that reached the backlog just as the socket closed.
                    return True
                return False

            _until(refuses_new_connections, seconds=10)
            assert server.process.poll() is None, 'exited with a request still in flight'
            locker.commit()  # the slow request may go on now
            request.join(timeout=30)
            assert [answer.status_code for answer in answers] == [200]  # served, not cut off nor redirected
            assert server.process.wait(timeout=30) == 0
            assert count(f"application_name = 'mentor-listener:{INSTANCE}'") == 0
        log = server.log()
        assert 'Traceback' not in log, log[-3000:]
        assert 'lost its connection' not in log, log[-3000:]  # the listener was closed, not cut off
    finally:
        stop_server(server)
