"""C2 / issue 14 item 6: NiceGUI's upload endpoint takes uploads only from signed-in browsers, and no request body
is read past the limit — a 150 MB body is answered 413 and the disk never receives more than the limit."""

from __future__ import annotations

import re
import time

import pytest
from playwright.async_api import Browser

from tests.e2e.conftest import new_page
from tests.security_server import (
    COOKIE,
    SeededServer,
    memory_kib,
    post_raw,
    process_tree,
    reset_peak,
    shared_server,
    written_bytes,
)
from ui.body_limit import MAX_BODY_BYTES

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024
UPLOAD_URL = re.compile(r'/_nicegui/client/[0-9a-f-]+/upload/\d+')
BODY = 150 * MIB


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


async def _upload_path(browser: Browser, seeded: SeededServer) -> str:
    """The upload endpoint of a live Create page of a session manager (the page stays open in `browser`)."""
    context, page = await new_page(browser)
    await context.add_cookies([{'name': COOKIE, 'value': seeded.cookies['session manager'], 'url': seeded.url}])
    response = await page.goto(f'{seeded.url}/sessions/new')
    assert response is not None
    await page.wait_for_function('window.did_handshake === true')
    found = UPLOAD_URL.search(await response.text())
    assert found, 'no upload element on the create page'
    return found.group(0)


@pytest.mark.parametrize('chunked', [False, True], ids=['content-length', 'chunked'])
async def test_c2_a_150_mb_upload_is_refused_413_and_the_disk_never_receives_more_than_the_limit(
    browser: Browser, seeded: SeededServer, chunked: bool
) -> None:
    path = await _upload_path(browser, seeded)
    pids = process_tree(seeded.server.process.pid)
    for pid in pids:
        reset_peak(pid)
    rss_before, _ = memory_kib(seeded.server.process.pid)
    written_before = written_bytes(pids)
    started = time.perf_counter()
    status = post_raw(seeded.url, path, BODY, cookie=seeded.cookies['session manager'], chunked=chunked)
    elapsed = time.perf_counter() - started
    time.sleep(1)  # anything the server still writes after answering counts too
    written = written_bytes(pids) - written_before
    _, peak = memory_kib(seeded.server.process.pid)
    print(
        f'150 MB body ({"chunked" if chunked else "content-length"}): HTTP {status} after '
        f'{elapsed:.2f} s; server wrote {written / MIB:.1f} MiB; '
        f'peak RSS +{(peak - rss_before) / 1024:.1f} MiB'
    )
    assert status == 413
    assert written <= MAX_BODY_BYTES, f'the server wrote {written / MIB:.1f} MiB'
    assert peak - rss_before < 32 * 1024, f'server peak RSS rose by {(peak - rss_before) / 1024:.1f} MiB'


async def test_c2_r1_an_upload_from_a_browser_that_is_not_signed_in_is_refused_unread(
    browser: Browser, seeded: SeededServer
) -> None:
    path = await _upload_path(browser, seeded)
    pids = process_tree(seeded.server.process.pid)
    written_before = written_bytes(pids)
    assert post_raw(seeded.url, path, 5 * MIB, cookie=None) == 403
    assert post_raw(seeded.url, path, 5 * MIB, cookie='forged.0000') == 403
    assert written_bytes(pids) - written_before < MIB
