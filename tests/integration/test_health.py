"""S1: `/healthz` answers the proxy without a sign-in: 200 while the database answers and, on PostgreSQL, the
LISTEN connection is up; 503 and what is down otherwise. Against a real server process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import make_url

from persistence.events import libpq_dsn
from tests.e2e.conftest import Server, start_server, stop_server
from tests.integration.conftest import postgres_server_url

INSTANCE = 'health-check'


def _health(server: Server) -> tuple[int, dict[str, str]]:
    response = httpx.get(f'{server.url}/healthz', timeout=15)  # no login cookie
    return response.status_code, response.json()


def _until(server: Server, status: int, seconds: float = 20) -> dict[str, str]:
    deadline = time.monotonic() + seconds
    code, body = _health(server)
    while code != status and time.monotonic() < deadline:
        time.sleep(0.2)
        code, body = _health(server)
    assert code == status, body
    return body


def test_s1_healthz_on_sqlite_answers_200_without_a_sign_in(tmp_path: Path) -> None:
    server = start_server(tmp_path, extra_env={'MENTOR_INSTANCE_ID': INSTANCE})
    try:
        assert _health(server) == (200, {'instance': INSTANCE, 'database': 'ok'})
    finally:
        stop_server(server)


@pytest.fixture
def postgres_server(fresh_postgres_url: str, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    server = start_server(tmp_path, database_url=fresh_postgres_url, extra_env={'MENTOR_INSTANCE_ID': INSTANCE})
    name = make_url(fresh_postgres_url).database
    assert name is not None
    try:
        yield server, name
    finally:
        stop_server(server)
        with psycopg.connect(libpq_dsn(postgres_server_url()), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE {name} ALLOW_CONNECTIONS true')


def _cut(database: str, application_name: str | None = None) -> None:
    """Refuse new connections to the database, then end the chosen ones (all, or one by application name)."""
    with psycopg.connect(libpq_dsn(postgres_server_url()), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE {database} ALLOW_CONNECTIONS false')
        admin.execute(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()'
            ' AND (%s::text IS NULL OR application_name = %s)',
            (database, application_name, application_name),
        )


@pytest.mark.postgres
def test_s1_healthz_on_postgresql_is_503_while_the_listener_or_the_database_is_down(
    postgres_server: tuple[Server, str],
) -> None:
    server, database = postgres_server
    assert _until(server, 200) == {'instance': INSTANCE, 'database': 'ok', 'listener': 'ok'}

    _cut(database, application_name=f'mentor-listener:{INSTANCE}')  # the listener cannot come back
    assert _until(server, 503) == {'instance': INSTANCE, 'database': 'ok', 'listener': 'down'}

    _cut(database)  # and now the pooled connections are gone too
    assert _until(server, 503, seconds=30) == {'instance': INSTANCE, 'database': 'down', 'listener': 'down'}

    with psycopg.connect(libpq_dsn(postgres_server_url()), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE {database} ALLOW_CONNECTIONS true')
    assert _until(server, 200, seconds=30) == {
        'instance': INSTANCE,
        'database': 'ok',
        'listener': 'ok',
    }  # recovers by itself
    assert 'Traceback' not in server.log(), server.log()[-3000:]
