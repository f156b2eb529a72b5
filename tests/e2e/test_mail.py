"""N1, N4, N5, E1 in a real Chromium against `python main.py --demo` with a real SMTP server (aiosmtpd) on
loopback: a mentee enrolls on a phone and the confirmation reaches the mail server; one-click unsubscribe works
without signing in and stops that kind; the Outbox and Mail settings pages pass axe at both sizes and themes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in, start_server, stop_server
from tests.e2e.test_accessibility import SIZES, problems, visit
from tests.e2e.test_mentee import PUBLIC_SPEAKING, open_page, tile_id
from tests.mail_sink import SmtpServerOnLoopback, running_smtp_server

pytestmark = pytest.mark.e2e

MATHS = 'Maths anxiety: strategies that work'  # Daniel's, Public, upcoming


@pytest.fixture
def smtp() -> Iterator[SmtpServerOnLoopback]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def mailing_server(tmp_path: Path, smtp: SmtpServerOnLoopback) -> Iterator[Server]:
    running = start_server(tmp_path, extra_env={'MENTOR_SMTP_URL': smtp.url})
    yield running
    stop_server(running)


async def mail_with_subject(smtp: SmtpServerOnLoopback, subject: str, seconds: float = 20) -> EmailMessage:
    for _ in range(int(seconds * 10)):
        found = [m for m in list(smtp.sink.messages) if m['Subject'] == subject]
        if found:
            return found[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f'no mail "{subject}" in {[m["Subject"] for m in smtp.sink.messages]}')


async def enroll(page: Page, server: Server, title: str) -> None:
    await open_page(page, server, '/explore')
    tile = page.get_by_test_id(f'mentee-tile-{await tile_id(page, title)}')
    await tile.get_by_role('button', name='Enroll').click()
    await expect(tile.get_by_test_id('place-enrolled')).to_contain_text('Enrolled')


async def test_n1_n4_a_mentee_enrolls_on_a_phone_gets_the_confirmation_and_unsubscribes_without_signing_in(
    mailing_server: Server, smtp: SmtpServerOnLoopback, browser: Browser
) -> None:
    server = mailing_server
    context, mentee = await new_page(browser, phone=True, time_zone='Asia/Tokyo')
    await sign_in(mentee, server, 'mentee31@demo.test')
    await enroll(mentee, server, PUBLIC_SPEAKING)

    mail = await mail_with_subject(smtp, f'Enrolled: {PUBLIC_SPEAKING}')
    assert mail['To'].addresses[0].addr_spec == 'mentee31@demo.test'
    text = mail.get_body(('plain',))
    html = mail.get_body(('html',))
    assert text is not None and html is not None
    assert '(Asia/Tokyo)' in text.get_content()  # the zone the browser reported at sign-in
    assert f'{server.url}/sessions/' in html.get_content()

    # RFC 8058: the mail program POSTs to the List-Unsubscribe address, with no cookie at all.
    unsubscribe_url = mail['List-Unsubscribe'].strip('<>')
    assert mail['List-Unsubscribe-Post'] == 'List-Unsubscribe=One-Click'
    stranger = await browser.new_context()
    answer = await stranger.request.post(unsubscribe_url, form={'List-Unsubscribe': 'One-Click'})
    assert answer.status == 200 and 'no longer get' in await answer.text()
    forged = await stranger.request.post(unsubscribe_url[:-3] + 'xyz', form={'List-Unsubscribe': 'One-Click'})
    assert forged.status == 400
    await stranger.close()

    await enroll(mentee, server, MATHS)  # an enrollment mail again: now turned off
    admin_context, admin = await new_page(browser)
    await sign_in(admin, server, 'admin@demo.test')
    await open_page(admin, server, '/outbox')
    await expect(admin.get_by_text(f'You enrolled in {MATHS}.')).to_be_visible()
    await expect(admin.get_by_text('The recipient turned this kind of e-mail off.')).to_be_visible(timeout=10_000)
    assert not [m for m in smtp.sink.messages if m['Subject'] == f'Enrolled: {MATHS}']
    await admin_context.close()
    await context.close()


async def test_e1_outbox_mail_settings_and_unsubscribe_pages_have_no_serious_violation_at_both_sizes_and_themes(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, 'mentee32@demo.test')
    await enroll(page, server, PUBLIC_SPEAKING)  # an enrollment mail waits in the outbox (demo: no SMTP)
    await context.close()
    found: list[str] = []
    for phone in SIZES:
        for dark in (False, True):
            context, page = await new_page(browser, phone=phone)
            if dark:
                await page.emulate_media(color_scheme='dark')
            theme = 'dark' if dark else 'light'
            await sign_in(page, server, 'mentee1@demo.test')
            await visit(page, server, '/settings/mail')
            found += await problems(page, f'/settings/mail ({theme})', phone)
            await context.close()
            context, page = await new_page(browser, phone=phone)
            if dark:
                await page.emulate_media(color_scheme='dark')
            await sign_in(page, server, 'admin@demo.test')
            await visit(page, server, '/outbox')
            await expect(page.get_by_text(f'You enrolled in {PUBLIC_SPEAKING}.')).to_be_visible()
            found += await problems(page, f'/outbox ({theme})', phone)
            await page.goto(f'{server.url}/mail/unsubscribe?token=1.REMINDER.not-signed')
            found += await problems(page, f'/mail/unsubscribe ({theme})', phone)
            await context.close()
    assert not found, '\n'.join(found)
