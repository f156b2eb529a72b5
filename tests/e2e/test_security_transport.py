"""R1 / issue 14 "also wanted": with MENTOR_SECURE_COOKIES=1 (the app is served over HTTPS) browsers are told to
use HTTPS only (HSTS), and NiceGUI's own session cookie is Secure like the login cookie. Without it, neither."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import Server
from tests.security_server import SeededServer, shared_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)  # started with MENTOR_SECURE_COOKIES=1


def _session_cookie(answer: httpx.Response) -> str:
    return next(line for line in answer.headers.get_list('set-cookie') if line.startswith('session='))


def test_r1_in_secure_mode_responses_carry_hsts_and_nicegui_s_session_cookie_is_secure(seeded: SeededServer) -> None:
    answer = httpx.get(f'{seeded.url}/login')
    assert answer.headers['strict-transport-security'] == 'max-age=31536000'
    assert 'secure' in _session_cookie(answer).lower().split('; ')
    assert httpx.get(f'{seeded.url}/').headers['strict-transport-security'] == 'max-age=31536000'  # the redirect too


def test_r1_without_secure_mode_there_is_no_hsts_and_no_secure_session_cookie(server: Server) -> None:
    answer = httpx.get(f'{server.url}/login')
    assert 'strict-transport-security' not in answer.headers
    assert 'secure' not in _session_cookie(answer).lower().split('; ')
