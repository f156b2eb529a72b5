"""S1, L1 in real Chromium through Debian's nginx, configured from deploy/nginx/, in front of two app instances
on one PostgreSQL: two browsers land on different instances (by their route cookie) and see each other's
changes live; then one instance stops, and its browser reconnects through the proxy to the other one, still
signed in, with everything it saved, and carries on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in, start_server, stop_server
from tests.e2e.proxy import start_proxy
from tests.e2e.test_live import PUBLIC_SPEAKING, Backstage, open_page, postgres_database, tile_id

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
__all__ = ['postgres_database']  # the fixture, shared with test_live.py

MATHS = 'Maths anxiety: strategies that work'  # 3 of 20 seats taken


async def _instance(context: BrowserContext, proxy: Server) -> str:
    """Which instance the proxy sends this browser to (its first request gets it a route cookie)."""
    response = await context.request.get(f'{proxy.url}/healthz')
    assert response.status == 200, await response.text()
    instance: str = json.loads(await response.text())['instance']
    return instance


async def _browser_on(browser: Browser, proxy: Server, *, avoid: str) -> tuple[BrowserContext, Page, str]:
    """A new browser whose route cookie sends it to another instance than `avoid` (about one in two do)."""
    for _ in range(30):
        context, page = await new_page(browser)
        instance = await _instance(context, proxy)
        if instance != avoid:
            return context, page, instance
        await context.close()
    raise AssertionError('the proxy sent 30 new browsers to the same instance: routing is not by cookie')


async def _enroll(page: Page, session_id: int) -> None:
    tile = page.get_by_test_id(f'mentee-tile-{session_id}')
    await tile.get_by_role('button', name='Enroll').click()
    await expect(tile.get_by_test_id('place-enrolled')).to_be_visible()


def _seats(page: Page, session_id: int) -> object:
    return expect(page.get_by_test_id(f'seats-left-{session_id}'))


async def test_s1_behind_nginx_two_instances_share_live_changes_and_a_stopped_instance_hands_its_browser_over(
    postgres_database: str, tmp_path: Path, browser: Browser
) -> None:
    for name in ('one', 'two'):
        (tmp_path / name).mkdir()
    instances = {'one': start_server(tmp_path / 'one', database_url=postgres_database,
                                     extra_env={'MENTOR_INSTANCE_ID': 'one'})}  # fmt: skip
    proxy = None
    try:
        instances['two'] = start_server(tmp_path / 'two', database_url=postgres_database,
                                        extra_env={'MENTOR_INSTANCE_ID': 'two'})  # fmt: skip
        ports = [int(server.url.rsplit(':', 1)[1]) for server in instances.values()]
        proxy = start_proxy(tmp_path, ports)

        first_context, first = await new_page(browser)
        first_instance = await _instance(first_context, proxy)
        second_context, second, second_instance = await _browser_on(browser, proxy, avoid=first_instance)
        await sign_in(first, proxy, 'mentee31@demo.test')
        await sign_in(second, proxy, 'mentee32@demo.test')
        for page in (first, second):
            await open_page(page, proxy, '/explore')
        speaking, maths = await tile_id(first, PUBLIC_SPEAKING), await tile_id(first, MATHS)
        assert await _instance(first_context, proxy) == first_instance  # sticky through sign-in and pages
        assert await _instance(second_context, proxy) == second_instance

        await _enroll(second, speaking)
        await _seats(first, speaking).to_have_text('13 seats left', timeout=5_000)  # type: ignore[attr-defined]
        await _enroll(first, maths)
        await _seats(second, maths).to_have_text('16 seats left', timeout=5_000)  # type: ignore[attr-defined]

        await second.evaluate('window.served_before_the_stop = true')  # gone once the page reloads
        stop_server(instances[second_instance])  # SIGTERM: drains, closes the page's socket
        assert instances[second_instance].process.returncode == 0
        # The page reconnects through the proxy, which sends it to the other instance; there it reloads.
        await second.wait_for_function(
            'window.served_before_the_stop === undefined && window.did_handshake === true', timeout=30_000
        )
        await expect(second.get_by_test_id(f'mentee-tile-{speaking}').get_by_test_id('place-enrolled')).to_be_visible(
            timeout=30_000
        )  # still signed in (not sent to the sign-in page), and what it saved is there
        assert second.url == f'{proxy.url}/explore'
        assert await _instance(second_context, proxy) == first_instance
        await _enroll(second, maths)  # carries on
        await _seats(first, maths).to_have_text('15 seats left', timeout=5_000)  # type: ignore[attr-defined]

        backstage = Backstage(postgres_database)
        try:
            mentee = backstage.user('mentee32@demo.test')
            with backstage.factory(read_only=True) as uow:
                assert all(uow.enrollments.get(session_id, mentee.id) for session_id in (speaking, maths))
        finally:
            backstage.close()
        survivor = instances[first_instance]
        assert 'Traceback' not in survivor.log(), survivor.log()[-3000:]
        assert 'Traceback' not in instances[second_instance].log(), instances[second_instance].log()[-3000:]
        for context in (first_context, second_context):
            await context.close()
    finally:
        if proxy is not None:
            stop_server(proxy)
        for server in instances.values():
            stop_server(server)
