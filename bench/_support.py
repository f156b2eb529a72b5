"""What the benchmarks share: medians of alternating repeats, ratio and growth lines, server processes,
a throw-away PostgreSQL database, and bulk seeding with SQLAlchemy core (fast enough for 10,000 rows)."""

from __future__ import annotations

import asyncio
import math
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from sqlalchemy import Engine, Table, insert, select

from persistence.tables import EnrollmentRow, OrganizationRow, SessionRow, UserRow

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = 'postgresql+psycopg://postgres@127.0.0.1:5432'
NOW = datetime.now(UTC).replace(microsecond=0)
CHROMIUM = '/usr/bin/chromium'
HANDSHAKE = 'window.did_handshake === true'


# --- figures --------------------------------------------------------------------------------------


def sizes(text: str) -> list[int]:
    """'1000,10000' → [1000, 10000]."""
    return [int(part.replace('_', '')) for part in text.split(',') if part.strip()]


def alternating_medians(steps: Mapping[str, Callable[[], float]], repeats: int) -> dict[str, float]:
    """Each step returns the seconds it measured itself; the steps take turns, so a busy machine slows
    them alike. The median of each."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            times[name].append(step())
    return {name: statistics.median(values) for name, values in times.items()}


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def verdict(ratio: float, target: float) -> str:
    return 'ok' if ratio <= target else 'MISSED'


def ratio_line(label: str, ratio: float, target: float, *, at_least: bool = False) -> str:
    """One printed line per target; `at_least` for throughput, where more is better."""
    sign = '≥' if at_least else '≤'
    met = ratio >= target if at_least else ratio <= target
    line = f'{label} ratio {ratio:.2f}× (target {sign} {target}×): {"ok" if met else "MISSED"}'
    print(line)
    return line


def growth_line(label: str, small: int, small_cost: float, large: int, large_cost: float) -> str:
    """How cost grows with the work: the exponent k in cost ∝ size^k between the two sizes."""
    exponent = math.log(max(large_cost, 1e-12) / max(small_cost, 1e-12)) / math.log(large / small)
    if exponent < 0.85:
        kind = 'better than linear'
    elif exponent <= 1.15:
        kind = 'linear'
    else:
        kind = 'WORSE than linear'
    line = (
        f'{label} growth: size ×{large / small:.1f} → cost ×{large_cost / max(small_cost, 1e-12):.2f}'
        f' (exponent {exponent:.2f}): {kind}'
    )
    print(line)
    return line


# --- processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return int(probe.getsockname()[1])


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment without pytest's and NiceGUI's markers (ui.run would think it is under test)."""
    env = {
        k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST' and not k.startswith(('NICEGUI_', 'MENTOR_'))
    }
    return env | {'PYTHONUNBUFFERED': '1'} | extra


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    started: float  # perf_counter at Popen
    answered: float = 0.0  # perf_counter at the first 200

    def log(self) -> str:
        return self.log_path.read_text(errors='replace')

    @property
    def pid(self) -> int:
        return self.process.pid


def start_server(
    args: Sequence[str], tmp: Path, *, env: dict[str, str], port: int, probe: str = '/', timeout: float = 90
) -> Server:
    """Start `python args…` and poll `probe` every 5 ms until it answers 200."""
    log_path = tmp / f'server-{port}.log'
    url = f'http://127.0.0.1:{port}'
    with log_path.open('wb') as log:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=clean_env(env), stdout=log, stderr=log)
    server = Server(url, process, log_path, started)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f'server exited with {process.returncode}:\n{server.log()[-4000:]}')
        try:
            with urllib.request.urlopen(url + probe, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    server.answered = time.perf_counter()
                    return server
        except urllib.error.HTTPError as error:  # it answers, but with an error: no use waiting
            stop_server(server)
            raise RuntimeError(f'{probe} answered {error.code}:\n{server.log()[-4000:]}') from None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.005)
    stop_server(server)
    raise RuntimeError(f'server did not answer within {timeout} s:\n{server.log()[-4000:]}')


def app_server(tmp: Path, database_url: str, *, extra: Sequence[str] = (), instance: str = '') -> Server:
    """`python main.py --demo` on a free port (as tests/e2e/conftest.py starts it)."""
    port = free_port()
    env = {'MENTOR_DATABASE_URL': database_url, 'NICEGUI_STORAGE_PATH': str(tmp / f'nicegui-{port}')}
    if instance:
        env['MENTOR_INSTANCE_ID'] = instance
    return start_server(['main.py', '--demo', '--port', str(port), *extra], tmp, env=env, port=port, probe='/login')


def blank_server(tmp: Path, *, mode: str = 'blank') -> Server:
    """bench/_blank_app.py: a bare NiceGUI app (`blank`) or the bare live broadcast (`broadcast`)."""
    port = free_port()
    env = {'NICEGUI_STORAGE_PATH': str(tmp / f'nicegui-{port}')}
    return start_server(['bench/_blank_app.py', mode, '--port', str(port)], tmp, env=env, port=port)


def app_with_blank_page(tmp: Path, database_url: str) -> Server:
    """The real app, plus a blank NiceGUI page at /bench/blank served by the same process."""
    port = free_port()
    env = {'MENTOR_DATABASE_URL': database_url, 'NICEGUI_STORAGE_PATH': str(tmp / f'nicegui-{port}')}
    args = ['bench/_blank_app.py', 'inside-app', '--port', str(port)]
    return start_server(args, tmp, env=env, port=port, probe='/login')


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def rss_bytes(pid: int) -> int:
    """The resident set of a running process (Linux)."""
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) * 1024
    raise RuntimeError('no VmRSS: this benchmark needs Linux')


# --- PostgreSQL -----------------------------------------------------------------------------------


@contextmanager
def fresh_postgres(server_url: str) -> Iterator[str | None]:
    """A new, empty database on the server, dropped afterwards; None (and a note) if unreachable."""
    if not server_url:
        print('PostgreSQL: skipped (no --postgres URL)')
        yield None
        return
    import psycopg

    from persistence.database import normalize_url
    from persistence.events import libpq_dsn

    name = f'mentor_bench_{uuid.uuid4().hex[:10]}'
    try:
        with psycopg.connect(libpq_dsn(server_url), autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE {name}')
    except psycopg.OperationalError as error:
        print(f'PostgreSQL: skipped ({server_url} unreachable: {str(error).strip()})')
        yield None
        return
    try:
        yield normalize_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq_dsn(server_url), autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


# --- seeding --------------------------------------------------------------------------------------


def table_of(row: Any) -> Table:
    table: Table = row.__table__
    return table


def insert_rows(engine: Engine, row: Any, values: list[dict[str, Any]]) -> list[int]:
    """Bulk insert (one statement, many values) and the new ids in the order given."""
    if not values:
        return []
    table = table_of(row)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    with engine.begin() as connection:
        return [int(found[0]) for found in connection.execute(statement, values)]


def add_organization(engine: Engine, name: str) -> int:
    table = table_of(OrganizationRow)
    with engine.begin() as connection:
        found = connection.execute(select(table.c.id).where(table.c.name == name)).first()
    return int(found[0]) if found else insert_rows(engine, OrganizationRow, [{'name': name}])[0]


def user_values(
    name: str, email: str, organization_id: int, *, mentee: bool = False, mentor: bool = False, password_hash: str = ''
) -> dict[str, Any]:
    return {
        'name': name,
        'email': email,
        'email_key': email.lower(),
        'organization_id': organization_id,
        'designation': 'Student' if mentee else 'Mentor',
        'is_mentee': mentee,
        'is_mentor': mentor,
        'is_session_manager': False,
        'is_org_admin': False,
        'password_hash': password_hash or 'not-a-hash',
        'failed_sign_ins': 0,
    }


def session_values(mentor_id: int, number: int, start_at: datetime, *, seat_limit: int = 20) -> dict[str, Any]:
    return {
        'title': f'Benchmark session {number}',
        'description': f'Session {number}, seeded for a benchmark.',
        'session_type': 'Public',
        'mentor_id': mentor_id,
        'creator_id': mentor_id,
        'start_at': start_at,
        'end_at': start_at + timedelta(hours=1),
        'time_zone': 'Europe/Berlin',
        'seat_limit': seat_limit,
        'platform': 'BigBlueButton',
        'meeting_link': '',
        'meeting_id': '',
        'meeting_passcode': '',
        'created_at': start_at - timedelta(days=30),
        'completed_at': None,
    }


def add_mentor_sessions(engine: Engine, mentor_id: int, count: int) -> None:
    """Half of them completed (one a day back from now, marked so as the app's job marks them), half
    upcoming (one a day ahead)."""
    values = [
        session_values(mentor_id, n, NOW + timedelta(days=(n // 2 + 1) * (1 if n % 2 else -1), hours=2))
        for n in range(count)
    ]
    for value in values:
        if value['end_at'] <= NOW:
            value['completed_at'] = value['end_at']
    for chunk in range(0, len(values), 5000):
        insert_rows(engine, SessionRow, values[chunk : chunk + 5000])


def add_mentees(engine: Engine, count: int, prefix: str, organization_id: int) -> list[int]:
    values = [
        user_values(f'{prefix} Mentee {n:05}', f'{prefix.lower()}.mentee{n}@bench.test', organization_id, mentee=True)
        for n in range(count)
    ]
    return [i for chunk in range(0, count, 5000) for i in insert_rows(engine, UserRow, values[chunk : chunk + 5000])]


def add_enrollments(engine: Engine, session_id: int, mentee_ids: Sequence[int]) -> None:
    values = [
        {
            'session_id': session_id,
            'mentee_id': mentee_id,
            'enrollment_type': 'Enrolled' if n % 3 else 'Invited',
            'created_at': NOW,
        }
        for n, mentee_id in enumerate(mentee_ids)
    ]
    for chunk in range(0, len(values), 5000):
        insert_rows(engine, EnrollmentRow, values[chunk : chunk + 5000])


def seed_demo_database(url: str) -> Engine:
    """A migrated database with the demo data (as `main.py --demo` seeds it)."""
    from persistence.database import make_engine, migrate_to_head
    from persistence.demo_data import seed_demo
    from persistence.events import InMemoryEventBus
    from persistence.security import Argon2PasswordHasher
    from persistence.unit_of_work import SqlUnitOfWorkFactory

    engine = make_engine(url)
    migrate_to_head(engine)
    seed_demo(SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench'), Argon2PasswordHasher(), NOW)
    return engine


def user_id(engine: Engine, email: str) -> int:
    users = table_of(UserRow)
    with engine.begin() as connection:
        return int(connection.execute(select(users.c.id).where(users.c.email_key == email.lower())).scalar_one())


def add_demo_mentor(engine: Engine, email: str, name: str) -> int:
    """A mentor who signs in with the demo password (the demo manager's hash is reused)."""
    from persistence.demo_data import MANAGER_EMAIL

    users = table_of(UserRow)
    with engine.begin() as connection:
        manager = connection.execute(select(users).where(users.c.email_key == MANAGER_EMAIL)).one()
    values = user_values(name, email, manager.organization_id, mentor=True, password_hash=manager.password_hash)
    return insert_rows(engine, UserRow, [values])[0]


# --- Chromium -------------------------------------------------------------------------------------


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """One headless Chromium (Debian's, as the e2e tests use)."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
            headless=True,
            args=['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
        )
        try:
            yield browser
        finally:
            await browser.close()


async def new_context(browser: Browser) -> BrowserContext:
    context = await browser.new_context(viewport={'width': 1280, 'height': 800}, timezone_id='Europe/Berlin')
    context.set_default_timeout(60_000)
    return context


async def signed_in(browser: Browser, server_url: str, email: str) -> BrowserContext:
    """A browser context with the login cookie of `email` (demo password; signed in through the login page)."""
    from persistence.demo_data import DEMO_PASSWORD

    context = await new_context(browser)
    page = await context.new_page()
    await page.goto(f'{server_url}/login')
    await page.wait_for_function(HANDSHAKE)
    await page.get_by_label('E-mail').fill(email)
    await page.get_by_label('Password').fill(DEMO_PASSWORD)
    await page.get_by_role('button', name='Sign in').click()
    await page.wait_for_url(f'{server_url}/', timeout=60_000)
    await page.wait_for_function(HANDSHAKE)
    await page.close()
    return context


async def open_page(context: BrowserContext, url: str, shown: str) -> tuple[Page, float]:
    """Navigate a new tab to `url`; the seconds until the socket is up and the JS condition `shown` holds."""
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_function(f'({HANDSHAKE}) && ({shown})', polling=10)
    return page, time.perf_counter() - start


async def open_pages(context: BrowserContext, urls: Sequence[str], shown: str, *, at_once: int = 10) -> list[Page]:
    """A tab for each URL (until shown, as open_page), `at_once` tabs opening at the same time."""
    opened: list[Page] = []
    for first in range(0, len(urls), at_once):
        batch = await asyncio.gather(*(open_page(context, url, shown) for url in urls[first : first + at_once]))
        opened += [page for page, _ in batch]
    return opened
