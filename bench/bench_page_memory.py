"""P6: the server memory each open Home "My mentoring sessions" page (T1) costs, 100 pages open at once, next
to a blank NiceGUI page served by the same app.

    .venv/bin/python bench/bench_page_memory.py [--pages 100] [--repeats 2] [--sessions 1000]

A fresh server (bench/_blank_app.py inside-app: the real app plus a blank page at /bench/blank) per kind
and repeat, on a demo database with a mentor of `--sessions` sessions (both lists full: 24 tiles). After
one warm-up page, the server's resident set is read, `--pages` tabs are opened (ten at a time) in one
signed-in Chromium context (each until its socket is up and its content shown), and after a 2 s pause
read again: the growth divided by the pages. Median of the repeats, the kinds taking turns. Target: ≤ 2×
the blank page. The NiceGUI elements per page are counted too (from the DOM), as they are what a page's
memory is made of.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import BrowserContext, Page

from bench._support import (
    add_demo_mentor,
    add_mentor_sessions,
    app_with_blank_page,
    chromium,
    open_page,
    open_pages,
    ratio_line,
    rss_bytes,
    seed_demo_database,
    signed_in,
    stop_server,
)
from bench.bench_home_page import BLANK_SHOWN, tiles_shown

TARGET = 2.0
MENTOR = 'bench.memory@demo.test'
ELEMENTS = 'document.querySelectorAll(\'[id^="c"]\').length'  # NiceGUI renders element n with id "c<n>"


async def growth_per_page(context: BrowserContext, tmp: Path, url: str, path: str, shown: str, pages: int) -> float:
    """Bytes of server RSS per open page of `path`, on a fresh server."""
    server = app_with_blank_page(tmp, url)
    opened: list[Page] = []
    try:
        warm_up, _ = await open_page(context, f'{server.url}{path}', shown)
        await warm_up.close()
        await asyncio.sleep(1)
        before = rss_bytes(server.pid)
        opened += await open_pages(context, [f'{server.url}{path}'] * pages, shown)
        await asyncio.sleep(2)
        return (rss_bytes(server.pid) - before) / pages
    finally:
        for page in opened:
            await page.close()
        stop_server(server)


async def element_count(context: BrowserContext, tmp: Path, url: str, path: str, shown: str) -> int:
    server = app_with_blank_page(tmp, url)
    try:
        page, _ = await open_page(context, f'{server.url}{path}', shown)
        count = int(await page.evaluate(ELEMENTS))
        await page.close()
        return count
    finally:
        stop_server(server)


async def measure(tmp: Path, url: str, sessions: int, pages: int, repeats: int) -> None:
    kinds = {'blank page': ('/bench/blank', BLANK_SHOWN), 'home page': ('/', tiles_shown(sessions))}
    server = app_with_blank_page(tmp, url)
    async with chromium() as browser:
        try:
            context = await signed_in(browser, server.url, MENTOR)  # the login cookie serves every later server
        finally:
            stop_server(server)
        per_page: dict[str, list[float]] = {kind: [] for kind in kinds}
        for _ in range(repeats):
            for kind, (path, shown) in kinds.items():
                per_page[kind].append(await growth_per_page(context, tmp, url, path, shown, pages))
        elements = {kind: await element_count(context, tmp, url, path, shown) for kind, (path, shown) in kinds.items()}
    medians = {kind: statistics.median(values) for kind, values in per_page.items()}
    for kind, value in medians.items():
        print(f'{kind:>10}: {value / 1e3:8.1f} kB server memory per open page   {elements[kind]:4} NiceGUI elements')
    ratio_line(f'memory per open page ({pages} pages)', medians['home page'] / max(medians['blank page'], 1.0), TARGET)
    extra = (medians['home page'] - medians['blank page']) / max(elements['home page'] - elements['blank page'], 1)
    print(f"the home page's extra memory per extra element: {extra / 1e3:.1f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--pages', type=int, default=100)
    parser.add_argument('--repeats', type=int, default=2)
    parser.add_argument('--sessions', type=int, default=1000, help="the mentor's sessions")
    args = parser.parse_args()
    print(f'P6 server memory per open page; {args.pages} pages; median of {args.repeats} fresh servers per kind')
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f'sqlite:///{tmp / "memory.db"}'
        engine = seed_demo_database(url)
        add_mentor_sessions(engine, add_demo_mentor(engine, MENTOR, 'Mentor of many'), args.sessions)
        engine.dispose()
        asyncio.run(measure(tmp, url, args.sessions, args.pages, args.repeats))


if __name__ == '__main__':
    main()
