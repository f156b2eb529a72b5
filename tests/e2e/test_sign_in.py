"""R1 in a real browser against `python main.py --demo`."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from tests.e2e.conftest import Server, new_page, sign_in


async def test_r1_mentor_signs_in_through_chromium_and_sees_my_mentoring_sessions(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, 'mentor@demo.test')
    await expect(page.get_by_role('tab', name='My mentoring sessions')).to_be_visible()
    await expect(page.get_by_test_id('user-name')).to_have_text('Daniel Okafor')
    cookie = next(c for c in await context.cookies() if c['name'] == 'mentor_login')
    assert cookie['httpOnly'] is True
    assert cookie['sameSite'] == 'Lax'
    await context.close()


async def test_r1_wrong_password_gives_one_calm_message_and_keeps_the_email(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser)
    await page.goto(f'{server.url}/login')
    await page.wait_for_function('window.did_handshake === true')
    await page.get_by_label('E-mail').fill('mentor@demo.test')
    await page.get_by_label('Password').fill('not-the-password')
    await page.get_by_role('button', name='Sign in').click()
    await expect(page.get_by_role('alert')).to_have_text('That e-mail and password do not match an account.')
    await expect(page.get_by_label('E-mail')).to_have_value('mentor@demo.test')
    assert page.url.startswith(f'{server.url}/login')
    await context.close()


async def test_r1_anonymous_visitor_is_sent_to_sign_in_and_sign_out_revokes_the_login(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await page.goto(f'{server.url}/')
    assert '/login' in page.url
    await sign_in(page, server, 'manager@demo.test')
    stolen = [dict(c) for c in await context.cookies() if c['name'] == 'mentor_login']
    await page.get_by_role('button', name='Sign out').click()
    await page.wait_for_url(f'{server.url}/login')
    # The old cookie, replayed, no longer opens anything: the login session was revoked on the server.
    replay, replay_page = await new_page(browser)
    await replay.add_cookies(stolen)  # type: ignore[arg-type]
    await replay_page.goto(f'{server.url}/')
    assert '/login' in replay_page.url
    await replay.close()
    await context.close()


async def test_r1_empty_fields_are_named_and_caps_lock_is_pointed_out(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser)
    await page.goto(f'{server.url}/login')
    await page.wait_for_function('window.did_handshake === true')
    await page.get_by_role('button', name='Sign in').click()
    await expect(page.get_by_role('alert')).to_have_text('Enter your e-mail address and password.')
    await page.get_by_label('E-mail').fill('mentor@demo.test')
    await page.get_by_role('button', name='Sign in').click()
    await expect(page.get_by_role('alert')).to_have_text('Enter your password.')
    hint = page.get_by_text('Caps Lock is on.')
    await expect(hint).to_be_hidden()
    password = page.get_by_label('Password')
    # Playwright cannot toggle the lock itself: a key event as Chromium sends it with the lock on, then off.
    await password.dispatch_event('keydown', {'key': 'A', 'modifierCapsLock': True, 'bubbles': True})
    await expect(hint).to_be_visible()
    await password.dispatch_event('keydown', {'key': 'b', 'modifierCapsLock': False, 'bubbles': True})
    await expect(hint).to_be_hidden()
    await context.close()
