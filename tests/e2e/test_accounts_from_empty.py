"""R4–R6 in a real Chromium, from an empty database to a first enrollment, on a laptop and on a phone:
create-admin → the admin signs in and adds a mentor (session manager) and a mentee on People → their invitation
mails reach a real SMTP server on loopback (aiosmtpd) → each sets a password from the link → the mentor creates
and publishes a session → the mentee enrolls."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import ROOT, Server, free_port, new_page, start_server, stop_server
from tests.e2e.test_create_session import local, press
from tests.mail_sink import SmtpServerOnLoopback, running_smtp_server

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = 'harbour lights at dusk'
LINK = re.compile(r'https?://\S+/login/set-password\?token=[A-Za-z0-9_-]+')


def create_admin(database: Path, public_url: str) -> None:
    result = subprocess.run(
        [sys.executable, 'main.py', 'create-admin', '--email', 'ada@harbour.test', '--name', 'Ada Admin',
         '--organization', 'Harbour Trust', '--database-url', f'sqlite:///{database}'],
        cwd=ROOT,
        env={'PATH': '/usr/bin:/bin', 'MENTOR_PUBLIC_URL': public_url, 'HOME': str(database.parent)},
        input=f'{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n',
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        start_new_session=True,  # no terminal: getpass reads the two lines from stdin
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.fixture
def smtp() -> Iterator[SmtpServerOnLoopback]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def empty_install(tmp_path: Path, smtp: SmtpServerOnLoopback) -> Iterator[Server]:
    port = free_port()
    url = f'http://127.0.0.1:{port}'
    database = tmp_path / 'mentor.db'
    create_admin(database, url)
    env = {'MENTOR_STORAGE_SECRET': 'e2e-secret-of-a-real-install', 'MENTOR_SMTP_URL': smtp.url,
           'MENTOR_PUBLIC_URL': url, 'MENTOR_MAIL_FROM': 'Mentor sessions <noreply@harbour.test>'}  # fmt: skip
    server = start_server(tmp_path, database_url=f'sqlite:///{database}', extra_env=env, demo=False, port=port)
    yield server
    stop_server(server)


def invitation_link(smtp: SmtpServerOnLoopback, address: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(smtp.sink.messages):
            if address in str(message['To']):
                body = message.get_body(preferencelist=('plain',))
                assert body is not None
                found = LINK.search(body.get_content())
                assert found, body.get_content()
                assert message['Subject'] == 'You are invited to Mentor sessions'
                return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f'no invitation mail reached {address}')


async def open_page(page: Page, url: str) -> None:
    await page.goto(url)
    await page.wait_for_function('window.did_handshake === true')


async def sign_in(page: Page, server: Server, email: str, password: str) -> None:
    await open_page(page, f'{server.url}/login')
    await page.get_by_label('E-mail').fill(email)
    await page.get_by_label('Password').fill(password)
    await page.get_by_role('button', name='Sign in').click()
    await page.wait_for_url(f'{server.url}/')
    await page.wait_for_function('window.did_handshake === true')


async def add_person(page: Page, phone: bool, name: str, email: str, roles: list[str]) -> None:
    await press(page.get_by_role('button', name='Add person'), phone)
    window = page.get_by_role('dialog')
    await window.get_by_label('Name').fill(name)
    await window.get_by_label('E-mail').fill(email)
    for role in roles:
        await press(window.get_by_role('checkbox', name=re.compile(f'^{role}')), phone)
    await press(window.get_by_role('button', name='Save'), phone)
    await expect(window).to_be_hidden()
    await expect(page.get_by_text('An invitation is on its way to ' + email)).to_be_visible()


async def set_password(page: Page, link: str, password: str) -> None:
    await open_page(page, link)
    await expect(page.get_by_role('heading', name='Set your password')).to_be_visible()
    await page.get_by_label('New password', exact=True).fill(password)
    await page.get_by_label('Repeat the new password').fill(password)
    await page.get_by_role('button', name='Set password').click()
    await expect(page.get_by_text('Your password is set. Sign in with it now.')).to_be_visible()


async def other(page: Page, phone: bool, field: str, item: str) -> None:
    await press(page.get_by_role('button', name=f'+Other {field}'), phone)
    await page.get_by_role('dialog').get_by_label('New item').fill(item)
    await press(page.get_by_role('dialog').get_by_role('button', name='Ok'), phone)
    await expect(page.get_by_role('dialog')).to_have_count(0)


@pytest.mark.parametrize('phone', [False, True], ids=['laptop-1280x800', 'phone-390x844'])
async def test_r4_r5_r6_from_an_empty_database_to_a_first_enrollment(
    empty_install: Server, smtp: SmtpServerOnLoopback, browser: Browser, phone: bool
) -> None:
    server = empty_install
    admin_context, admin = await new_page(browser, phone=phone)
    await sign_in(admin, server, 'ada@harbour.test', ADMIN_PASSWORD)
    if phone:  # E1: a phone's header keeps its links behind the Menu
        await press(admin.get_by_role('button', name='Menu'), phone)
    await press(admin.get_by_role('link', name='People'), phone)
    await admin.wait_for_url(f'{server.url}/people')
    await admin.wait_for_function('window.did_handshake === true')
    await add_person(admin, phone, 'Maya Mentor', 'maya@harbour.test', ['Mentor', 'Session manager'])
    await add_person(admin, phone, 'Milo Mentee', 'milo@harbour.test', [])  # Mentee is ticked already
    await expect(admin.get_by_text('3 people')).to_be_visible()  # live on the open page
    await admin_context.close()

    mentor_context, mentor = await new_page(browser, phone=phone)
    await set_password(mentor, invitation_link(smtp, 'maya@harbour.test'), 'maya plants tulips daily')
    await sign_in(mentor, server, 'maya@harbour.test', 'maya plants tulips daily')
    await press(mentor.get_by_role('tab', name='My mentoring sessions'), phone)
    await press(mentor.get_by_role('button', name='Create session').first, phone)
    await mentor.wait_for_url(f'{server.url}/sessions/new')
    await mentor.wait_for_function('window.did_handshake === true')
    title = 'First steps in public speaking'
    await mentor.get_by_label('Session title').fill(title)
    await mentor.get_by_label('Description', exact=True).fill('Our first session: bring a one-minute story.')
    await mentor.get_by_label('Start date', exact=True).fill(local(days=5, hour=17))
    await mentor.get_by_label('End date', exact=True).fill(local(days=5, hour=18))
    await other(mentor, phone, 'Recommended for', 'New volunteers')
    await other(mentor, phone, 'Categories', 'Communication')
    await other(mentor, phone, 'Medium', 'English')
    await press(mentor.get_by_role('button', name='Publish and add link'), phone)
    await mentor.wait_for_url(re.compile(r'/sessions/\d+/edit\?tab=meeting$'))
    await mentor.wait_for_function('window.did_handshake === true')
    await press(mentor.get_by_label('Add meeting link'), phone)
    await press(mentor.get_by_role('option', name='Google Meet'), phone)
    await mentor.get_by_label('Meet link').fill('https://meet.google.com/abc-defg-hij')
    await press(mentor.get_by_role('button', name='Submit'), phone)
    await mentor.wait_for_url(f'{server.url}/')
    tile_id = await mentor.locator('[data-testid^="session-tile-"]').filter(has_text=title).get_attribute('data-testid')
    session_id = int((tile_id or '').rsplit('-', 1)[-1])

    mentee_context, mentee = await new_page(browser, phone=phone)
    await set_password(mentee, invitation_link(smtp, 'milo@harbour.test'), 'milo reads comics often')
    await sign_in(mentee, server, 'milo@harbour.test', 'milo reads comics often')
    await open_page(mentee, f'{server.url}/explore')
    tile = mentee.get_by_test_id(f'mentee-tile-{session_id}')
    await press(tile.get_by_role('button', name='Enroll'), phone)
    await expect(tile.get_by_test_id('place-enrolled')).to_contain_text('Enrolled')
    await mentee_context.close()
    await mentor_context.close()
