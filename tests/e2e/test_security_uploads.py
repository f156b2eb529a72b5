"""C2: hostile image uploads are refused with a clear message, and the server's memory stays bounded.

Each file is handed to the real upload element in Chromium (so the server's handler sees it, whatever the
browser would have allowed); a file over 10 MB is also POSTed straight to NiceGUI's upload endpoint. Memory
is read from /proc/<pid>/status of the server and of its worker processes (Pillow runs in those).
"""

from __future__ import annotations

import io
import random
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.async_api import Browser, FilePayload, Page, expect
from sqlalchemy import text

from persistence import images
from tests.e2e.conftest import new_page
from tests.security_server import COOKIE, SeededServer, memory_kib, post_raw, process_tree, reset_peak, shared_server

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024
UPLOAD_URL = re.compile(r'/_nicegui/client/[0-9a-f-]+/upload/\d+')


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))


def decompression_bomb(side: int = 50_000) -> bytes:
    """A real bomb: a 50,000 × 50,000 black PNG (2.5 gigapixels, 312 MB of pixel rows) in about 300 KB."""
    squeeze = zlib.compressobj(9)
    row = b'\x00' * (1 + side // 8)
    packed = b''.join(squeeze.compress(row * 1000) for _ in range(side // 1000)) + squeeze.flush()
    header = struct.pack('>IIBBBBB', side, side, 1, 0, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + _png_chunk(b'IHDR', header) + _png_chunk(b'IDAT', packed) + _png_chunk(b'IEND', b'')


def huge_animated_gif(side: int = 4000, frames: int = 40) -> bytes:
    """A 4000 × 4000 animation of 40 frames (640 megapixels in all) in under a kilobyte."""
    screen = b'GIF89a' + struct.pack('<HHBBB', side, side, 0xF0, 0, 0) + b'\x00\x00\x00\xff\xff\xff'
    frame = (
        b'\x21\xf9\x04\x00\x0a\x00\x00\x00' + b'\x2c' + struct.pack('<HHHHB', 0, 0, 1, 1, 0) + b'\x02\x02\x44\x01\x00'
    )
    return screen + frame * frames + b'\x3b'


def truncated_jpeg() -> bytes:
    from PIL import Image

    noise = Image.frombytes('RGB', (800, 600), random.Random(1).randbytes(800 * 600 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, 'JPEG', quality=90)
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
CASES: list[tuple[str, str, Callable[[], bytes], str]] = [
    ('empty.jpg', 'image/jpeg', lambda: b'', images.EMPTY),
    ('notes.jpg', 'image/jpeg', lambda: b'Dear diary, this is not a picture.\n' * 40, images.NOT_AN_IMAGE),
    ('cut-off.jpg', 'image/jpeg', truncated_jpeg, images.DAMAGED),
    ('bomb.png', 'image/png', decompression_bomb, images.TOO_MANY_PIXELS),
    ('party.gif', 'image/gif', huge_animated_gif, images.ANIMATION_TOO_BIG),
    ('logo.svg', 'image/svg+xml', lambda: SVG, images.NOT_AN_IMAGE),
]


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


def _stored_images(seeded: SeededServer) -> int:
    factory = seeded.uows()
    try:
        with factory.engine.connect() as connection:
            return int(connection.execute(text('SELECT count(*) FROM images')).scalar_one())
    finally:
        factory.engine.dispose()


async def _create_page(browser: Browser, seeded: SeededServer) -> tuple[Page, str]:
    context, page = await new_page(browser)
    await context.add_cookies([{'name': COOKIE, 'value': seeded.cookies['session manager'], 'url': seeded.url}])
    response = await page.goto(f'{seeded.url}/sessions/new')
    assert response is not None
    await page.wait_for_function('window.did_handshake === true')
    found = UPLOAD_URL.search(await response.text())
    assert found, 'no upload element on the create page'
    return page, found.group(0)


async def _refused(page: Page, message: str) -> None:
    await expect(page.get_by_role('alert').filter(has_text=message)).to_be_visible(timeout=30_000)


async def test_c2_hostile_files_are_refused_with_a_clear_message_and_memory_stays_bounded(
    browser: Browser, seeded: SeededServer, tmp_path: Path
) -> None:
    server_pid = seeded.server.process.pid
    for pid in process_tree(server_pid):
        reset_peak(pid)
    rss_before, _ = memory_kib(server_pid)
    stored_before = _stored_images(seeded)
    page, upload_url = await _create_page(browser, seeded)
    chooser = page.get_by_test_id('choose-from-library-upload').locator('input[type=file]')
    for name, mime, make, message in CASES:
        await chooser.set_input_files(FilePayload(name=name, mimeType=mime, buffer=make()))
        await _refused(page, message)
        await expect(page.get_by_test_id('session-image')).to_have_count(0)

    # Over 10 MB: the browser refuses it already …
    big = bytes(images.MAX_UPLOAD_BYTES + 1)
    await chooser.set_input_files(FilePayload(name='big.jpg', mimeType='image/jpeg', buffer=big))
    await _refused(page, 'This file cannot be used.')
    # … and sent straight to the server's upload endpoint, it is refused (413) before a byte is read (issue 14).
    assert post_raw(seeded.url, upload_url, 40 * MIB, cookie=seeded.cookies['session manager']) == 413

    assert _stored_images(seeded) == stored_before, 'a refused file was stored'
    # The server's peak (VmHWM, reset above) rose by less than the 40 MB file: it was never held in memory at once.
    _, peak_after = memory_kib(server_pid)
    assert peak_after - rss_before < 32 * 1024, f'server peak RSS rose by {(peak_after - rss_before) // 1024} MiB'
    peaks = {pid: memory_kib(pid)[1] for pid in process_tree(server_pid)}
    assert max(peaks.values()) < 400 * 1024, f'peak RSS per process (KiB): {peaks}'  # the bomb was not decoded
    await page.context.close()
