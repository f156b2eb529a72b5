"""P1: Chromium navigating to Home's "My mentoring sessions" (T1) until it is fully shown, for a mentor with
1,000 sessions and one with 10,000, next to a blank NiceGUI page served by the same server process.

    .venv/bin/python bench/bench_home_page.py [--sizes 1000,10000] [--repeats 15]

The demo database gets one extra mentor per size (half the sessions completed, half upcoming), seeded with
SQLAlchemy core before `main.py --demo` starts on it (through bench/_blank_app.py inside-app, which adds
the blank page at /bench/blank to the real app). Each navigation is a new tab in a signed-in context:
timed from `goto` until the page's socket is connected and every tile of both lists is in the DOM (the
blank page: its label). Median of the repeats, the three taking turns. Targets: ≤ 1.5× the blank page;
the largest size ≤ 1.2× the smallest (the lists are paged, not loaded whole).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import BrowserContext

from bench._support import (
    add_demo_mentor,
    add_mentor_sessions,
    app_with_blank_page,
    chromium,
    growth_line,
    open_page,
    ratio_line,
    seed_demo_database,
    signed_in,
    sizes,
    stop_server,
)

TARGET = 1.5
PAGING_TARGET = 1.2
PER_PAGE = 12  # ui/pages/home.py shows 12 tiles per list
BLANK_SHOWN = 'document.querySelector(\'[data-testid="blank"]\') !== null'


def tiles_shown(size: int) -> str:
    """All tiles of the first page of both lists are in the DOM."""
    upcoming, completed = size // 2, size - size // 2  # as add_mentor_sessions spreads them
    expected = min(PER_PAGE, upcoming) + min(PER_PAGE, completed)
    return f'document.querySelectorAll(\'[data-testid^="session-tile-"]\').length === {expected}'


def mentor_email(size: int) -> str:
    return f'bench.mentor{size}@demo.test'


async def navigate(context: BrowserContext, url: str, shown: str) -> float:
    page, seconds = await open_page(context, url, shown)
    await page.close()
    return seconds


async def measure(server_url: str, session_sizes: list[int], repeats: int) -> dict[str, float]:
    async with chromium() as browser:
        contexts = {size: await signed_in(browser, server_url, mentor_email(size)) for size in session_sizes}
        steps: dict[str, Callable[[], Awaitable[float]]] = {
            'blank page': partial(navigate, contexts[session_sizes[0]], f'{server_url}/bench/blank', BLANK_SHOWN)
        }
        for size in session_sizes:
            steps[f'home, {size} sessions'] = partial(navigate, contexts[size], f'{server_url}/', tiles_shown(size))
        for step in steps.values():  # warm up: browser cache, server statement caches
            await step()
        times: dict[str, list[float]] = {name: [] for name in steps}
        for _ in range(repeats):
            for name, step in steps.items():
                times[name].append(await step())
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--sizes', type=sizes, default=[1000, 10000], help='sessions of each mentor')
    parser.add_argument('--repeats', type=int, default=15)
    args = parser.parse_args()
    session_sizes = sorted(args.sizes)
    print(f'P1 Home "My mentoring sessions" in Chromium; sizes {session_sizes} sessions; median of {args.repeats}')
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f'sqlite:///{tmp / "home.db"}'
        engine = seed_demo_database(url)
        for size in session_sizes:
            add_mentor_sessions(engine, add_demo_mentor(engine, mentor_email(size), f'Mentor of {size}'), size)
        engine.dispose()
        server = app_with_blank_page(tmp, url)
        try:
            seconds = asyncio.run(measure(server.url, session_sizes, args.repeats))
        finally:
            stop_server(server)
    for name, value in seconds.items():
        print(f'{name:>22}: {value * 1000:7.0f} ms')
    blank = seconds['blank page']
    for size in session_sizes:
        ratio_line(f'home with {size} sessions vs blank page: time', seconds[f'home, {size} sessions'] / blank, TARGET)
    if len(session_sizes) >= 2:
        small, large = session_sizes[0], session_sizes[-1]
        small_time, large_time = seconds[f'home, {small} sessions'], seconds[f'home, {large} sessions']
        ratio_line(f'home with {large} vs {small} sessions: time', large_time / small_time, PAGING_TARGET)
        growth_line('home page', small, small_time, large, large_time)


if __name__ == '__main__':
    main()
