"""S1: starting against a database that is missing or unreachable ends in one line that says what to do.

Run as a new user would: `python main.py --database-url …` in a subprocess; no traceback, exit status 1.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from persistence.database import normalize_url, open_database
from persistence.events import libpq_dsn
from tests.e2e.conftest import free_port
from tests.integration.conftest import postgres_server_url
from tests.integration.test_command_line import ROOT, _clean_env


def _start(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, 'main.py', '--database-url', database_url],
        cwd=ROOT,
        env=_clean_env(MENTOR_STORAGE_SECRET='test-secret'),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert 'Traceback' not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('main.py: ')
    return lines[0]


def test_s1_a_sqlite_path_under_a_file_names_the_directory_and_the_option(tmp_path: Path) -> None:
    (tmp_path / 'taken').write_text('not a directory')
    line = _one_line_refusal(_start(f'sqlite:///{tmp_path / "taken" / "mentor.db"}'))
    assert f'cannot create the directory {tmp_path / "taken"} for the SQLite database' in line
    assert '--database-url' in line


def test_s1_a_file_that_is_not_sqlite_is_named(tmp_path: Path) -> None:
    garbage = tmp_path / 'notes.db'
    garbage.write_text('shopping list, not a database ' * 100)
    line = _one_line_refusal(_start(f'sqlite:///{garbage}'))
    assert f'{garbage} is not a SQLite database' in line


@pytest.mark.postgres
def test_s1_a_missing_postgresql_database_says_the_createdb_command_that_fixes_it() -> None:
    server_url = postgres_server_url()
    name = f'mentor_missing_{uuid.uuid4().hex[:10]}'
    url = normalize_url(server_url).set(database=name)
    line = _one_line_refusal(_start(url.render_as_string(hide_password=False)))
    where = f'{url.host}:{url.port or 5432}'
    assert f'PostgreSQL at {where} has no database "{name}"; create it: createdb ' in line
    command = line.split('create it: ', 1)[1]
    try:
        subprocess.run(shlex.split(command), check=True, capture_output=True, timeout=30)  # exactly as told
        open_database(url.render_as_string(hide_password=False)).dispose()  # now it starts and migrates
    finally:
        with psycopg.connect(libpq_dsn(server_url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


@pytest.mark.postgres
def test_s1_an_unreachable_postgresql_server_is_named_by_host_and_port() -> None:
    port = free_port()  # nothing listens there
    url = normalize_url(postgres_server_url()).set(port=port, database='mentor')
    line = _one_line_refusal(_start(url.render_as_string(hide_password=False)))
    assert f'cannot reach PostgreSQL at {url.host}:{port} (Connection refused)' in line
    assert 'MENTOR_DATABASE_URL' in line


@pytest.mark.postgres
def test_s1_an_unknown_postgresql_user_is_refused_with_a_hint_at_the_url() -> None:
    url = normalize_url(postgres_server_url()).set(username='nobody_here', database='mentor')
    line = _one_line_refusal(_start(url.render_as_string(hide_password=False)))
    assert 'refused user "nobody_here"' in line
    assert '--database-url' in line
