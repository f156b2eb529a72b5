"""R1 / issue 14 item 7: what an anonymous page sends over the websocket cannot forge server-log lines or fill the
log with tracebacks. Client log text is escaped onto one line and rate-limited; a malformed frame is one short
warning."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Browser, Page

from tests.e2e.conftest import Server, new_page

pytestmark = pytest.mark.e2e

FORGED = 'ERROR:    Exception in ASGI application (forged)'


async def _anonymous_page(browser: Browser, server: Server) -> Page:
    _, page = await new_page(browser)
    await page.goto(f'{server.url}/login')
    await page.wait_for_function('window.did_handshake === true')
    return page


async def _settled(page: Page) -> None:
    """Every frame sent before has been handled: a round trip through the server behind them."""
    await page.evaluate('() => new Promise(done => window.socket.emit("ack", {client_id: "none"}, done))')
    await asyncio.sleep(0.5)


async def test_r1_a_page_cannot_write_fake_lines_into_the_server_log(browser: Browser, server: Server) -> None:
    page = await _anonymous_page(browser, server)
    await page.evaluate(
        """forged => { for (let n = 0; n < 200; n++) window.socket.emit('log',
               {client_id: window.clientId, level: 'error', message: `attempt ${n}\\n${forged}\\r\\x1b[2J`}); }""",
        FORGED,
    )
    await _settled(page)
    lines = server.log().splitlines()
    assert not [line for line in lines if line.startswith(FORGED)], 'a client wrote a line of its own'
    echoed = [line for line in lines if 'attempt ' in line]
    assert echoed, 'client log messages are still logged'
    assert all('\\n' + FORGED in line and '\x1b' not in line for line in echoed)  # escaped, on one line each
    assert len(echoed) <= 20, f'{len(echoed)} lines from one page: not rate-limited'
    await page.context.close()


async def test_r1_malformed_socket_frames_are_one_short_warning_each_never_a_traceback(
    browser: Browser, server: Server
) -> None:
    page = await _anonymous_page(browser, server)
    await page.evaluate("""() => {
        const id = window.clientId, socket = window.socket;
        socket.emit('log', {client_id: id});
        socket.emit('log', {client_id: id, level: 'nope', message: 'x'});
        socket.emit('log', 'just text');
        socket.emit('event', {});
        socket.emit('event', 'text');
        socket.emit('javascript_response', {});
        socket.emit('ack', {client_id: id});
        socket.emit('handshake', {});
        socket.io.engine.send('42["event",');
    }""")
    await _settled(page)
    log = server.log()
    assert 'Traceback' not in log
    assert 'Task exception was never retrieved' not in log
    warnings = [line for line in log.splitlines() if 'malformed' in line]
    assert 1 <= len(warnings) <= 9
    assert all(len(line) < 200 for line in warnings)
    await page.evaluate(
        '() => window.socket.emit("log", {client_id: window.clientId, level: "info", message: "still here"})'
    )
    await _settled(page)
    assert await page.evaluate('window.socket.connected')  # the page's connection survives all of it
    await page.context.close()
