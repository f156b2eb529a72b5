"""P11 (S1): how many open pages one instance carries. Simulated pages, not browsers, speaking NiceGUI's real
protocol: each fetches its page over HTTP with the login cookie, then connects the page's socket with
python-socketio's client (the query the page's HTML carries, as nicegui.js sends it). Then one enrollment.

    .venv/bin/python bench/bench_open_pages.py [--pages 2000] [--other-pages 1000] [--batch 10]
                                               [--behind-nginx 2000] [--postgres postgresql+psycopg://…]

One instance (main.py --demo on SQLite, through bench/_blank_app.py inside-app for the blank page). `--pages`
pages of the mentor's Session Details of one session watch its mentee count; a mentee's simulated page clicks
"Enroll" (the event the card's button sends: ui/components/session_card.py); each watching page records when
a message with the new count arrives. Figures: time from the click until each page got it (p50, p95, max),
pages that failed to connect or never got it (30 s), the server's memory per open page next to a blank page's
(a second, fresh server with `--pages` blank pages), and the server's CPU time per update, with the part of it
that the open pages cost anyway (their sockets wake once a second; measured over 2 s just before). Then
`--other-pages` pages of the mentor's other sessions are opened alongside and a second mentee enrolls: the
update's own CPU time should not grow with pages that do not show the session. Between the two, `--idle`
seconds with every page open and idle, /healthz asked every 50 ms: its longest answer is the longest the
server's event loop stood still (a full garbage collection walks every object of every open page).
`--behind-nginx N`: then N pages (and one enrollment) through Debian's nginx, configured from deploy/nginx/ as
tests/e2e/proxy.py does, in front of two instances on one fresh PostgreSQL database (LISTEN/NOTIFY carries the
change to the other instance); each page has its own route cookie, as each browser would.
Targets: p95 ≤ 1 s, 0 failed or missed pages, ≤ 1.5× a blank page's memory per page; behind nginx, p95 ≤ 1 s;
our own: no idle answer over 1 s.
The machine must be quiet for the full figure (2,000 pages): see docs/performance.md.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import gc
import json
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import socketio  # type: ignore[import-untyped]
from sqlalchemy import select

from bench._support import (
    DEFAULT_POSTGRES,
    NOW,
    Server,
    app_server,
    app_with_blank_page,
    fresh_postgres,
    ratio_line,
    rss_bytes,
    seed_demo_database,
    stop_server,
    table_of,
)
from persistence.demo_data import MENTOR_EMAIL
from persistence.events import InMemoryEventBus
from persistence.tables import SessionRow
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import stop_server as stop_proxy
from tests.e2e.proxy import start_proxy
from tests.security_server import COOKIE, login_cookie

P95_TARGET = 1.0
IDLE_TARGET = 1.0  # seconds: the longest /healthz answer while the pages sit idle
MEMORY_TARGET = 1.5
WAIT_SECONDS = 30.0
IDLE_SAMPLE_SECONDS = 2.0  # before each update: what the open pages cost idle, to tell the update's own CPU time
ROUTE_COOKIE = 'mentor_route'  # deploy/nginx/mentor-upstream.conf: the instance a browser sticks to
_QUERY = re.compile(r'query: (\{.*?\}),\n')
_ELEMENTS = re.compile(r'parseElements\(String\.raw`(.*?)`\)', re.DOTALL)


@dataclass
class SimulatedPage:
    """One open page: its socket, the elements its HTML carried, and when it saw the count it waits for."""

    client: socketio.AsyncClient
    client_id: str
    elements: dict[str, Any]
    expected: str = ''
    seen_at: float | None = None
    seen: asyncio.Event = field(default_factory=asyncio.Event)


def _shows(data: object, expected: str) -> bool:
    """Whether a message carries the card's mentee count with the expected figure: the card's data, or the counts
    sent alone (`SessionCard.show_counts`)."""
    if isinstance(data, dict):
        props = data.get('props')
        if isinstance(props, dict) and (props.get('counts') or {}).get('mentees') == expected:
            return True
        code = data.get('code')
        if isinstance(code, str) and '"show_counts"' in code and re.search(f'"mentees": ?"{expected}"', code):
            return True
        return any(_shows(value, expected) for value in data.values())
    if isinstance(data, list):
        return any(_shows(value, expected) for value in data)
    return False


async def open_simulated_page(base: str, path: str, cookie: str, *, routed: bool = False) -> SimulatedPage:
    """GET the page with the login cookie, then connect its socket with the query from its HTML. `routed`: with
    a route cookie of its own, as a browser has after its first answer from the proxy."""
    cookies = {COOKIE: cookie} | ({ROUTE_COOKIE: uuid.uuid4().hex} if routed else {})
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=60) as http:
        response = await http.get(path)
    response.raise_for_status()
    query: dict[str, Any] = ast.literal_eval(_QUERY.search(response.text).group(1))  # type: ignore[union-attr]
    found = _ELEMENTS.search(response.text)
    elements = json.loads(found.group(1)) if found else {}
    query |= {'document_id': str(uuid.uuid4()), 'tab_id': str(uuid.uuid4())}
    params = {key: str(value).lower() if isinstance(value, bool) else value for key, value in query.items()}
    client = socketio.AsyncClient(reconnection=False)
    page = SimulatedPage(client, str(query['client_id']), elements)

    async def received(_event: str, data: object = None) -> None:
        if page.expected and page.seen_at is None and _shows(data, page.expected):
            page.seen_at = time.perf_counter()
            page.seen.set()

    client.on('*', received)

    await client.connect(
        f'{base}?{urlencode(params)}',
        socketio_path='/_nicegui_ws/socket.io',
        transports=['websocket'],
        headers={'Cookie': '; '.join(f'{name}={value}' for name, value in cookies.items())},
        wait_timeout=30,
    )
    if not query.get('implicit_handshake') and not await client.call('handshake', query, timeout=30):
        raise RuntimeError('handshake refused')
    return page


async def open_many(
    base: str, paths: list[str], cookie: str, batch: int, *, routed: bool = False
) -> tuple[list[SimulatedPage], int]:
    """Open the pages `batch` at a time; the pages and how many failed (why is printed)."""
    pages: list[SimulatedPage] = []
    reasons: Counter[str] = Counter()
    for start in range(0, len(paths), batch):
        results = await asyncio.gather(
            *(open_simulated_page(base, path, cookie, routed=routed) for path in paths[start : start + batch]),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                reasons[f'{type(result).__name__}: {str(result)[:100]}'] += 1
            else:
                pages.append(result)
    for reason, times in reasons.most_common():
        print(f'  {times} pages failed to connect: {reason}')
    return pages, sum(reasons.values())


def _card(page: SimulatedPage) -> tuple[str, dict[str, Any]]:
    """The Session Details card (ui/components/session_card.py): its element id and its element."""
    for element_id, element in page.elements.items():
        if isinstance(element.get('props', {}).get('counts'), dict):
            return element_id, element
    raise RuntimeError('the page shows no session card')


async def click(page: SimulatedPage, label: str) -> None:
    """What the browser sends when the card's button with this label is clicked (session_card.js: "act")."""
    element_id, card = _card(page)
    if label not in [button['text'] for button in card['props']['actions']['buttons']]:
        raise RuntimeError(f'no "{label}" button on the page')
    listener = next(e for e in card.get('events', []) if e['type'] == 'act')
    event = {'id': int(element_id), 'client_id': page.client_id, 'listener_id': listener['listener_id']}
    await page.client.emit('event', event | {'args': [json.dumps({'action': label})]})


def count_shown(page: SimulatedPage) -> int:
    """The mentee count the page showed when it was served."""
    return int(_card(page)[1]['props']['counts']['mentees'])


def cpu_seconds(servers: list[Server]) -> float:
    """The servers' CPU time so far, together."""
    ticks = 0
    for server in servers:
        fields = Path(f'/proc/{server.pid}/stat').read_text().rsplit(')', 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf('SC_CLK_TCK')


@dataclass
class Update:
    latencies: list[float]
    missed: int
    cpu: float  # the servers' CPU time from the click until every page had the update (0.2 s after)
    idle_cpu: float  # what the open pages cost the servers idle over as long, measured just before

    @property
    def own_cpu(self) -> float:
        """The update's own CPU time: every open page's socket wakes once a second even when nothing happens."""
        return max(self.cpu - self.idle_cpu, 0.0)


async def one_enrollment(
    servers: list[Server], watchers: list[SimulatedPage], enroller: SimulatedPage, count: int
) -> Update:
    for page in watchers:
        page.expected, page.seen_at = str(count), None
        page.seen.clear()
    idle_started, idle_before = time.perf_counter(), cpu_seconds(servers)
    await asyncio.sleep(IDLE_SAMPLE_SECONDS)
    idle_rate = (cpu_seconds(servers) - idle_before) / (time.perf_counter() - idle_started)
    cpu_before = cpu_seconds(servers)
    clicked = time.perf_counter()
    await click(enroller, 'Enroll')
    waiting = [asyncio.wait_for(page.seen.wait(), WAIT_SECONDS) for page in watchers]
    await asyncio.gather(*waiting, return_exceptions=True)
    await asyncio.sleep(0.2)
    cpu = cpu_seconds(servers) - cpu_before
    latencies = sorted(page.seen_at - clicked for page in watchers if page.seen_at is not None)
    return Update(latencies, len(watchers) - len(latencies), cpu, idle_rate * (time.perf_counter() - clicked))


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, round(share * (len(values) - 1)))] if values else float('nan')


def report(label: str, update: Update, pages: int) -> None:
    values = update.latencies
    p95 = percentile(values, 0.95)
    print(
        f'{label}: {pages} pages, p50 {statistics.median(values) if values else float("nan"):.3f} s, '
        f'p95 {p95:.3f} s, max {max(values, default=float("nan")):.3f} s, missed {update.missed}, '
        f'server CPU {update.cpu * 1000:.0f} ms, of which idle pages {update.idle_cpu * 1000:.0f} ms'
    )
    ratio_line(f'{label} p95 latency (vs 1 s)', p95 / P95_TARGET, 1.0)


def hold_open() -> None:
    """This process keeps the pages it opened to the end: frozen, so that its own garbage collections, which would
    walk them all, do not hold up its reading of the server's answers (they are not the server's latency)."""
    gc.freeze()


async def idle_answers(server: Server, seconds: float) -> None:
    """While every page sits idle: /healthz asked every 50 ms, how long each answer took, and the server's CPU time
    (what the open pages cost while nothing happens; an update's CPU figure includes it)."""
    times: list[float] = []
    cpu_before = cpu_seconds([server])
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            asked = time.perf_counter()
            (await http.get('/healthz')).raise_for_status()
            times.append(time.perf_counter() - asked)
            await asyncio.sleep(0.05)
    idle_cpu = (cpu_seconds([server]) - cpu_before) / seconds
    times.sort()
    print(
        f'idle {seconds:.0f} s: {len(times)} answers of /healthz, p50 {statistics.median(times) * 1000:.0f} ms, '
        f'p99 {percentile(times, 0.99) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms, '
        f'over 0.5 s: {sum(1 for t in times if t > 0.5)}; server CPU {idle_cpu * 1000:.0f} ms per second'
    )
    ratio_line('longest idle answer (vs 1 s)', times[-1] / IDLE_TARGET, 1.0)


async def close_all(pages: list[SimulatedPage]) -> None:
    await asyncio.gather(*(page.client.disconnect() for page in pages), return_exceptions=True)


async def memory_per_page(
    server: Server, paths: list[str], cookie: str, batch: int
) -> tuple[float, list[SimulatedPage], int]:
    before = rss_bytes(server.pid)
    pages, failed = await open_many(server.url, paths, cookie, batch)
    await asyncio.sleep(2)
    return (rss_bytes(server.pid) - before) / max(len(pages), 1), pages, failed


@dataclass
class Seeded:
    """The demo data's mentor, the session the pages watch, the mentor's other sessions, two mentees' logins."""

    watched: int
    others: list[int]
    mentor_cookie: str
    mentee_cookies: list[str]


def seed(database: str) -> Seeded:
    engine = seed_demo_database(database)
    uows = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench')
    with uows(read_only=True) as uow:
        mentor = uow.users.by_email(MENTOR_EMAIL)
        mentees = [uow.users.by_email(f'mentee{n}@demo.test') for n in (40, 39)]
    assert mentor is not None and all(mentees)
    sessions = table_of(SessionRow)
    upcoming = (
        select(sessions.c.id)
        .where(sessions.c.mentor_id == mentor.id, sessions.c.completed_at.is_(None), sessions.c.started_at.is_(None))
        .order_by(sessions.c.start_at)
    )
    with engine.begin() as connection:
        ids = [int(found) for found in connection.execute(upcoming).scalars()]
    mentor_cookie = login_cookie(uows, mentor, NOW)
    mentee_cookies = [login_cookie(uows, mentee, NOW) for mentee in mentees if mentee is not None]
    engine.dispose()
    return Seeded(ids[0], ids[1:] or ids, mentor_cookie, mentee_cookies)


async def measure(tmp: Path, pages: int, other_pages: int, batch: int, idle: float) -> None:
    database = f'sqlite:///{tmp / "mentor.db"}'
    seeded = seed(database)
    watched, others, mentor_cookie, mentee_cookies = (
        seeded.watched,
        seeded.others,
        seeded.mentor_cookie,
        seeded.mentee_cookies,
    )

    blank_server = app_with_blank_page(tmp, database)
    try:
        await (await open_simulated_page(blank_server.url, '/bench/blank', mentor_cookie)).client.disconnect()
        blank_bytes, blank_pages, _ = await memory_per_page(
            blank_server, ['/bench/blank'] * pages, mentor_cookie, batch
        )
        await close_all(blank_pages)
    finally:
        stop_server(blank_server)

    server = app_with_blank_page(tmp, database)
    try:
        warm = await open_simulated_page(server.url, f'/sessions/{watched}', mentor_cookie)
        await warm.client.disconnect()
        await asyncio.sleep(1)
        started = time.perf_counter()
        page_bytes, watchers, failed = await memory_per_page(
            server, [f'/sessions/{watched}'] * pages, mentor_cookie, batch
        )
        seconds = time.perf_counter() - started
        hold_open()
        print(f'opened {len(watchers)} Session Details pages in {seconds:.1f} s; failed to connect: {failed}')
        print(f'server memory per open page: {page_bytes / 1024:.0f} KiB, blank page {blank_bytes / 1024:.0f} KiB')
        ratio_line('memory per page vs blank page', page_bytes / max(blank_bytes, 1), MEMORY_TARGET)
        enrollers = [await open_simulated_page(server.url, f'/sessions/{watched}', cookie) for cookie in mentee_cookies]
        count = count_shown(watchers[0])
        update = await one_enrollment([server], watchers, enrollers[0], count + 1)
        report('one enrollment', update, len(watchers))
        lost = failed + update.missed
        print(f'failed or missed pages: {lost} (target 0): {"ok" if lost == 0 else "MISSED"}')
        paths = [f'/sessions/{others[n % len(others)]}' for n in range(other_pages)]
        alongside, other_failed = await open_many(server.url, paths, mentor_cookie, batch)
        hold_open()
        await asyncio.sleep(2)  # as after the first pages: their builds' last work is not the update's cost
        if idle:
            await idle_answers(server, idle)
        dropped = sum(not page.client.connected for page in [*watchers, *alongside, *enrollers])
        print(f'pages whose socket closed since they opened: {dropped} (target 0): {"ok" if not dropped else "MISSED"}')
        if other_pages and not enrollers[1].client.connected:
            print("the second mentee's socket closed: the update with pages of other sessions is not measured")
        elif other_pages:
            second = await one_enrollment([server], watchers, enrollers[1], count + 2)
            report(f'with {len(alongside)} pages of other sessions open', second, len(watchers))
            growth = second.own_cpu / max(update.own_cpu, 1e-6)
            ratio_line('own CPU per update with other pages vs without', growth, 1.5)
        if other_pages:
            print(f'other pages failed to connect: {other_failed}')
        await close_all([*watchers, *alongside, *enrollers])
    finally:
        stop_server(server)


async def measure_behind_nginx(tmp: Path, database: str, pages: int, batch: int) -> None:
    """S1: `pages` pages through nginx in front of two instances on one PostgreSQL database, one enrollment."""
    seeded = seed(database)
    instances = [app_server(tmp, database, instance=f'bench-{name}') for name in ('a', 'b')]
    try:
        ports = [int(server.url.rsplit(':', 1)[1]) for server in instances]
        proxy = start_proxy(tmp, ports, connections=4 * pages + 100)  # each page: its socket and the upstream's
        try:
            path = f'/sessions/{seeded.watched}'
            before = [rss_bytes(server.pid) for server in instances]
            started = time.perf_counter()
            watchers, failed = await open_many(proxy.url, [path] * pages, seeded.mentor_cookie, batch, routed=True)
            seconds = time.perf_counter() - started
            hold_open()
            grown = [(rss_bytes(server.pid) - old) / 2**20 for server, old in zip(instances, before, strict=True)]
            print(f'behind nginx: opened {len(watchers)} pages in {seconds:.1f} s; failed to connect: {failed}; '
                  f'the instances grew by {grown[0]:.0f} and {grown[1]:.0f} MiB')  # fmt: skip
            enroller = await open_simulated_page(proxy.url, path, seeded.mentee_cookies[0], routed=True)
            update = await one_enrollment(instances, watchers, enroller, count_shown(watchers[0]) + 1)
            report('behind nginx, two instances', update, len(watchers))
            lost = failed + update.missed
            print(f'behind nginx: failed or missed pages: {lost} (target 0): {"ok" if lost == 0 else "MISSED"}')
            await close_all([*watchers, enroller])
        finally:
            stop_proxy(proxy)
    finally:
        for server in instances:
            stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument('--pages', type=int, default=2000)
    parser.add_argument('--other-pages', type=int, default=1000)
    parser.add_argument('--batch', type=int, default=10, help='pages opened at once')
    parser.add_argument('--idle', type=float, default=60, help='seconds all pages sit idle, /healthz timed (0: none)')
    parser.add_argument('--behind-nginx', type=int, default=0, help='pages through nginx, two instances (0: none)')
    parser.add_argument('--postgres', default=DEFAULT_POSTGRES, help='server URL for --behind-nginx')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.pages:
            asyncio.run(measure(Path(tmp), args.pages, args.other_pages, args.batch, args.idle))
        if args.behind_nginx:
            with fresh_postgres(args.postgres) as database:
                if database:
                    asyncio.run(measure_behind_nginx(Path(tmp), database, args.behind_nginx, args.batch))


if __name__ == '__main__':
    main()
