"""Real server processes and a real Chromium (Playwright's async API, function-scoped fixtures, so these
tests run beside NiceGUI's `user` tests in one pytest run)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = '/usr/bin/chromium'
PHONE = {'viewport': {'width': 390, 'height': 844}, 'is_mobile': True, 'has_touch': True}
LAPTOP = {'viewport': {'width': 1280, 'height': 800}}
# How long a step may take before it fails: room for a machine busy with three test processes (make test),
# where a step that takes a second alone can take ten. A passing test waits only as long as the step takes.
STEP_TIMEOUT_MS = 30_000
expect.set_options(timeout=15_000)  # Playwright's own default is 5 s


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors='replace')


def start_server(
    tmp: Path,
    *,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    demo: bool = True,
    port: int | None = None,
) -> Server:
    """`python main.py --demo` (or, `demo=False`, a real installation) on a free port with its own database and
    NiceGUI storage."""
    port = port or free_port()
    env = {
        k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST' and not k.startswith(('NICEGUI_', 'MENTOR_'))
    }
    env |= {
        'MENTOR_DATABASE_URL': database_url or f'sqlite:///{tmp / "mentor.db"}',
        'NICEGUI_STORAGE_PATH': str(tmp / 'nicegui'),
        'PYTHONUNBUFFERED': '1',
    } | (extra_env or {})
    log_path = tmp / f'server-{port}.log'
    with log_path.open('wb') as log:
        process = subprocess.Popen(
            [sys.executable, 'main.py', *(['--demo'] if demo else []), '--port', str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
    server = Server(f'http://127.0.0.1:{port}', process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f'server exited with {process.returncode}:\n{server.log()}')
        try:
            with urllib.request.urlopen(f'{server.url}/login', timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f'server did not answer within 60 s:\n{server.log()}')


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path)
    yield running
    stop_server(running)


def _executable() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which('chromium')


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=_executable(),
            headless=True,
            args=['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
        )
        yield launched
        await launched.close()


async def new_page(
    browser: Browser, *, phone: bool = False, time_zone: str = 'Europe/Berlin'
) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(**(PHONE if phone else LAPTOP), timezone_id=time_zone, accept_downloads=True)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context, await context.new_page()


async def sign_in(page: Page, server: Server, email: str, password: str = 'mentor-demo') -> None:
    await page.goto(f'{server.url}/login')
    await page.wait_for_function('window.did_handshake === true')
    await page.get_by_label('E-mail').fill(email)
    await page.get_by_label('Password').fill(password)
    await page.get_by_role('button', name='Sign in').click()
    await page.wait_for_url(f'{server.url}/')
    await page.wait_for_function('window.did_handshake === true')


FONTS_IN_USE = "[...document.fonts].filter((font) => font.status !== 'unloaded').map((font) => font.family)"


async def assert_no_icon_font(page: Page) -> None:
    """P1, E1: the page draws every icon as an SVG path: it uses its text font and never the Material Icons font
    (ui/icons.py, ui/static/quasar_icons.js)."""
    await page.evaluate('document.fonts.ready.then(() => true)')
    fonts = await page.evaluate(FONTS_IN_USE)
    assert fonts, 'the page uses its text font'
    assert not [family for family in fonts if 'Material' in family], fonts
    assert await page.locator('.material-icons').count() == 0
