"""`make screenshots` (E1): renders the key pages of `python main.py --demo` at 390×844 and 1280×800 into
docs/screenshots/, which the README shows. Run as `python -m tests.e2e.screenshots`."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from tests.e2e.conftest import Server, _executable, new_page, sign_in, start_server, stop_server

OUT = Path(__file__).resolve().parents[2] / 'docs' / 'screenshots'
MANAGER_PAGES = [('home', '/'), ('create-session', '/sessions/new')]
MENTEE_PAGES = [('explore', '/explore'), ('my-sessions', '/my-sessions')]


async def shoot(page: Page, server: Server, path: str, name: str, size: str) -> Path:
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')
    await page.wait_for_timeout(500)
    target = OUT / f'{name}-{size}.png'
    await page.screenshot(path=str(target), full_page=False)
    return target


async def shoot_size(browser: Browser, server: Server, phone: bool) -> list[Path]:
    size = 'phone' if phone else 'laptop'
    context, page = await new_page(browser, phone=phone)
    written = [await shoot(page, server, '/login', 'login', size)]
    await sign_in(page, server, 'manager@demo.test')
    await page.get_by_role('tab', name='My mentoring sessions').click()
    details = await page.locator('a[href^="/sessions/"]').first.get_attribute('href') or '/'
    for name, path in [*MANAGER_PAGES, ('session-details', details)]:
        written.append(await shoot(page, server, path, name, size))
    await context.close()
    context, page = await new_page(browser, phone=phone)
    await sign_in(page, server, 'mentee1@demo.test')
    for name, path in MENTEE_PAGES:
        written.append(await shoot(page, server, path, name, size))
    await context.close()
    return written


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp))
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=_executable(), headless=True, args=['--no-sandbox', '--disable-gpu']
                )
                for phone in (False, True):
                    for path in await shoot_size(browser, server, phone):
                        print(path.relative_to(OUT.parents[1]))
                await browser.close()
        finally:
            stop_server(server)


if __name__ == '__main__':
    asyncio.run(main())
