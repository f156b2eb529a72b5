"""The command line and environment of main.py (R3 demo mode, configuration)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import ConfigurationError, settings_from

ROOT = Path(__file__).resolve().parents[2]


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('MENTOR_', 'NICEGUI_', 'PYTEST_'))}
    return env | extra


def test_without_a_storage_secret_outside_demo_mode_the_app_refuses_to_start_and_says_how(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, 'main.py', '--database-url', f'sqlite:///{tmp_path / "x.db"}'],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert 'MENTOR_STORAGE_SECRET is not set' in result.stderr
    assert 'export MENTOR_STORAGE_SECRET=' in result.stderr
    assert not (tmp_path / 'x.db').exists()


def test_command_line_options_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('MENTOR_PORT', '9001')
    monkeypatch.setenv('MENTOR_HOST', '0.0.0.0')  # noqa: S104 - a value under test, nothing listens
    monkeypatch.setenv('MENTOR_STORAGE_SECRET', 'from-env')
    settings = settings_from(['--port', '9002', '--database-url', 'postgresql://db/x'])
    assert (settings.port, settings.host, settings.database_url) == (9002, '0.0.0.0', 'postgresql://db/x')  # noqa: S104
    assert settings.storage_secret == 'from-env'
    assert settings.demo is False


def test_demo_mode_from_the_environment_needs_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('MENTOR_STORAGE_SECRET', raising=False)
    monkeypatch.setenv('MENTOR_DEMO', '1')
    settings = settings_from([])
    assert settings.demo and settings.storage_secret
    assert (settings.host, settings.port, settings.database_url) == ('127.0.0.1', 8080, 'sqlite:///data/mentor.db')


def test_without_demo_and_secret_settings_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ('MENTOR_STORAGE_SECRET', 'MENTOR_DEMO'):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match='MENTOR_STORAGE_SECRET'):
        settings_from([])
