"""L1: one live subscription per open page, dropped when the page closes — page churn does not grow the server."""

from __future__ import annotations

import asyncio
from pathlib import Path

from playwright.async_api import Browser, expect

from tests.e2e.conftest import new_page, sign_in, start_server, stop_server
from tests.security_server import memory_kib

CYCLES = 60
# An open details page costs the server about 2 MB (bench/bench_page_memory.py); 60 kept pages would be ~120 MB.
ALLOWED_GROWTH_KIB = 30 * 1024


async def _open_and_close(browser: Browser, url: str, storage: dict[str, object], times: int) -> None:
    """Tabs of one browser window, each opened, connected and closed in turn (each is a page on the server)."""
    context = await browser.new_context(storage_state=storage)  # type: ignore[arg-type]
    for _ in range(times):
        page = await context.new_page()
        await page.goto(url)
        await page.wait_for_function('window.did_handshake === true')
        await page.close()
    await context.close()


async def test_l1_pages_opened_and_closed_again_and_again_leave_no_growth_and_live_updates_still_arrive(
    tmp_path: Path, browser: Browser
) -> None:
    server = start_server(tmp_path, extra_env={'MENTOR_RECONNECT_TIMEOUT': '1'})
    try:
        context, page = await new_page(browser)
        await sign_in(page, server, 'mentor@demo.test')
        await page.get_by_role('link', name='Public speaking for first-time presenters').click()
        await page.wait_for_url(f'{server.url}/sessions/*')
        details = page.url
        storage = await context.storage_state()
        await _open_and_close(browser, details, dict(storage), CYCLES // 3)  # warm-up: caches, pools, first imports
        await asyncio.sleep(4)  # closed tabs are let go after the reconnect timeout
        before, _ = memory_kib(server.process.pid)
        await _open_and_close(browser, details, dict(storage), CYCLES)
        await asyncio.sleep(4)
        after, _ = memory_kib(server.process.pid)
        assert after - before < ALLOWED_GROWTH_KIB, f'server grew by {(after - before) // 1024} MiB over {CYCLES} pages'

        # The page that stayed open still hears changes: a mentee enrolls, its count moves without reload.
        count = page.get_by_test_id('mentee-count')
        shown = int(await count.inner_text())
        mentee_context, mentee = await new_page(browser)
        await sign_in(mentee, server, 'mentee30@demo.test')
        await mentee.goto(details)
        await mentee.wait_for_function('window.did_handshake === true')
        await mentee.get_by_role('button', name='Enroll').click()
        await expect(count).to_have_text(str(shown + 1))
        await mentee_context.close()
        await context.close()
    finally:
        stop_server(server)
