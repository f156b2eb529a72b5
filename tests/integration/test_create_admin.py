"""R4: `python main.py create-admin` makes the first org admin of a real installation."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from domain.services.accounts import sign_in
from domain.services.invitations import link_holder
from persistence.database import make_engine
from persistence.events import InMemoryEventBus
from persistence.security import Argon2PasswordHasher
from persistence.unit_of_work import SqlUnitOfWorkFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = 'lantern over the quiet bay'


def create_admin(database: Path, *args: str, typed: str = '') -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('MENTOR_', 'NICEGUI_', 'PYTEST_'))}
    env['MENTOR_PUBLIC_URL'] = 'https://mentor.example.org'
    return subprocess.run(
        [sys.executable, 'main.py', 'create-admin', '--database-url', f'sqlite:///{database}', *args],
        cwd=ROOT,
        env=env,
        input=typed,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        start_new_session=True,  # no controlling terminal: getpass reads the typed lines from stdin
    )


def factory(database: Path) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_engine(f'sqlite:///{database}'), InMemoryEventBus(), instance_id='test')


def test_r4_create_admin_with_a_typed_password_makes_an_org_admin_who_signs_in(tmp_path: Path) -> None:
    database = tmp_path / 'mentor.db'
    result = create_admin(
        database, '--email', 'Ines@Example.org', '--name', 'Inés Admin', '--organization', 'Harbour Trust',
        typed=f'{PASSWORD}\n{PASSWORD}\n',
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert 'Org admin Ines@Example.org created.' in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    _token, user = sign_in(
        factory(database), Argon2PasswordHasher(), 'ines@example.org', PASSWORD, 'UTC', datetime.now(UTC)
    )
    assert (user.name, user.organization_name, user.is_org_admin) == ('Inés Admin', 'Harbour Trust', True)


def test_r4_a_second_run_for_the_same_email_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    database = tmp_path / 'mentor.db'
    assert create_admin(database, '--email', 'a@example.org', '--name', 'A', '--link').returncode == 0
    again = create_admin(database, '--email', ' A@EXAMPLE.org', '--name', 'A', '--link')
    assert again.returncode == 1
    assert 'already has an account' in again.stderr
    assert 'Forgot password?' in again.stderr
    assert 'Traceback' not in again.stderr


def test_r4_create_admin_with_link_prints_a_one_time_set_password_link(tmp_path: Path) -> None:
    database = tmp_path / 'mentor.db'
    result = create_admin(database, '--email', 'b@example.org', '--name', 'B', '--link')
    assert result.returncode == 0, result.stderr
    link = result.stdout.strip().splitlines()[-1]
    assert link.startswith('https://mentor.example.org/login/set-password?token=')
    user, _purpose = link_holder(factory(database)(), link.rsplit('=', 1)[1], datetime.now(UTC))
    assert user.email == 'b@example.org'


def test_r4_r6_a_short_or_mistyped_password_is_refused_and_nobody_is_created(tmp_path: Path) -> None:
    database = tmp_path / 'mentor.db'
    short = create_admin(database, '--email', 'c@example.org', '--name', 'C', typed='too short\ntoo short\n')
    assert (short.returncode, 'at least 12 characters' in short.stderr) == (1, True)
    typo = create_admin(database, '--email', 'c@example.org', '--name', 'C', typed=f'{PASSWORD}\n{PASSWORD}x\n')
    assert (typo.returncode, 'not the same' in typo.stderr) == (1, True)
    bad = create_admin(database, '--email', 'not-an-address', '--name', 'C', '--link')
    assert (bad.returncode, 'Not a valid e-mail address' in bad.stderr) == (1, True)
    assert create_admin(database, '--email', 'c@example.org', '--name', 'C', '--link').returncode == 0
