"""Crash in the middle of a burst of writes (C9, M1): a process writing through the services is killed with
SIGKILL; every change it acknowledged is in the database afterwards, which passes its integrity check and
opens again. The same with the real server and browsers is in tests/e2e/test_faults_crash.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from persistence.database import make_engine, migrate_to_head
from tests.e2e.conftest import ROOT

KILL_AFTER = (7, 40, 133)  # acknowledgements before the kill: early, mid-session, later


def _acks_until_killed(url: str, kill_after: int) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('MENTOR_', 'NICEGUI_', 'PYTEST_'))}
    command = [sys.executable, '-m', 'tests.security_crash_writer', url]
    acks: list[str] = []
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None and writer.stderr is not None
        deadline = time.monotonic() + 60
        for line in writer.stdout:
            if line.startswith('ack '):
                acks.append(line.split(maxsplit=1)[1].strip())
            if len(acks) >= kill_after or time.monotonic() > deadline:
                writer.send_signal(signal.SIGKILL)  # mid-burst: the next write is already under way
                break
        # What it printed before it died was acknowledged too.
        acks += [line.split(maxsplit=1)[1].strip() for line in writer.stdout if line.startswith('ack ')]
        errors = writer.stderr.read()
    assert writer.returncode == -signal.SIGKILL, errors
    return acks


@pytest.mark.parametrize('kill_after', KILL_AFTER)
def test_c9_m1_every_acknowledged_write_survives_a_sigkill_and_the_database_is_intact(
    tmp_path: Path, kill_after: int
) -> None:
    database = tmp_path / 'mentor.db'
    url = f'sqlite:///{database}'
    acks = _acks_until_killed(url, kill_after)
    assert len(acks) >= kill_after
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text('PRAGMA integrity_check')).scalar_one() == 'ok'
            sessions = {row[0] for row in connection.execute(text('SELECT id FROM sessions'))}
            enrolled = {tuple(row) for row in connection.execute(text('SELECT session_id, mentee_id FROM enrollments'))}
        for ack in acks:
            kind, *ids = ack.split()
            if kind == 'session':
                assert int(ids[0]) in sessions, f'acknowledged session {ids[0]} is gone'
            else:
                assert (int(ids[0]), int(ids[1])) in enrolled, f'acknowledged enrollment {ids} is gone'
        migrate_to_head(engine)  # the app starts on it again
    finally:
        engine.dispose()
