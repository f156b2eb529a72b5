"""E1, E2, C7, C10, C11 on a phone (390×844, touch) in a real Chromium: the session form tells every problem
at once beside its field, takes the keyboard to the first one, and never stacks toasts over the form."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Dialog, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in


async def open_form(page: Page, server: Server, email: str = 'mentor@demo.test') -> None:
    await sign_in(page, server, email)
    await page.goto(f'{server.url}/sessions/new')
    await page.wait_for_function('window.did_handshake === true')


@pytest.mark.e2e
async def test_e2_one_tap_on_publish_shows_every_error_beside_its_field_and_focuses_the_first(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await open_form(page, server)
    await page.get_by_role('button', name='Publish and add link').tap()
    alerts = page.get_by_role('alert')
    for message in (
        'Enter a session title.',
        'Enter a description.',
        'Select at least one option for Recommended for.',
        'Select at least one option for Categories.',
        'Select at least one option for Medium.',
    ):
        await expect(alerts.filter(has_text=message)).to_be_visible()
    await expect(alerts.filter(has_text='Choose a date and time.')).to_have_count(2)
    await expect(page.get_by_label('Session title')).to_be_focused()
    await expect(page.locator('.q-notification')).to_have_count(0)
    await page.get_by_label('Session title').fill('Maths club')
    await expect(alerts.filter(has_text='Enter a session title.')).to_have_count(0)
    await expect(alerts.filter(has_text='Enter a description.')).to_be_visible()
    await context.close()


@pytest.mark.e2e
async def test_c8_the_other_box_shows_its_limit_of_50_and_takes_no_more_as_one_types(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await open_form(page, server)
    await page.get_by_role('button', name='+Other Categories').tap()
    box = page.get_by_role('dialog').get_by_label('New item')
    await box.press_sequentially('x' * 55)
    await expect(box).to_have_value('x' * 50)
    await expect(page.get_by_role('dialog').get_by_text('50 / 50')).to_be_visible()
    await context.close()


@pytest.mark.e2e
async def test_u2_a_double_tap_on_start_session_starts_it_once_with_no_server_error(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, 'mentor@demo.test')
    await page.get_by_text('Office hours: ask me anything').first.click()
    await page.wait_for_url(re.compile(r'/sessions/\d+$'))
    await page.wait_for_function('window.did_handshake === true')
    await page.get_by_role('button', name='Start session').dblclick()
    await expect(page.get_by_role('button', name='End session')).to_be_visible()
    await page.wait_for_timeout(1500)  # the second press has been handled too
    assert 'Traceback' not in server.log() and 'RuntimeError' not in server.log(), server.log()
    await context.close()


@pytest.mark.e2e
async def test_u1_e1_the_open_tab_lives_in_the_address_so_a_reload_returns_to_it(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentor@demo.test')
    await page.get_by_text('Public speaking for first-time presenters').first.tap()
    await page.wait_for_url(re.compile(r'/sessions/\d+$'))
    await page.get_by_role('button', name='Edit').tap()
    await page.wait_for_url(re.compile(r'/sessions/\d+/edit$'))
    await page.wait_for_function('window.did_handshake === true')
    await page.get_by_role('tab', name='Meeting link').tap()
    await page.wait_for_url(re.compile(r'/sessions/\d+/edit\?tab=meeting$'))
    await page.reload()
    await page.wait_for_function('window.did_handshake === true')
    await expect(page.get_by_role('tab', name='Meeting link')).to_have_attribute('aria-selected', 'true')
    await page.get_by_role('tab', name='Edit session').tap()
    await page.wait_for_url(re.compile(r'/sessions/\d+/edit$'))
    await context.close()


@pytest.mark.e2e
async def test_e2_leaving_the_form_with_unsaved_changes_asks_first(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser)
    await open_form(page, server)
    await page.get_by_label('Session title').press_sequentially('Maths club')
    asked: list[str] = []

    async def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        await dialog.dismiss()  # "Stay on page"

    page.on('dialog', answer)
    await page.get_by_role('link', name='← My mentoring sessions').click()
    for _ in range(50):
        if asked:
            break
        await page.wait_for_timeout(100)
    assert asked == ['beforeunload']
    await expect(page.get_by_label('Session title')).to_have_value('Maths club')
    await context.close()
